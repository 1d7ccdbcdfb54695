#!/usr/bin/env bash
# Times LstmNetwork training steps (basic_rnn and attention_rnn shapes) against a same-run float32 GEMM and
# DL4J's stock LSTM. Usage: scripts/bench-model.sh [steps=5] [basic|attention|both]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q package -DskipTests
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# BENCH_JAVA_OPTS e.g. "-Dmagentajava.model.threads=1" for one core (OpenBLAS is single-threaded by default)
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dorg.bytedeco.javacpp.maxbytes=1536m -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "target/classes:target/lib/*" org.magentajava.model.bench.ModelBench "$@" 2>&1 \
    | grep -v "^Warning: Versions of org.bytedeco"
