#!/usr/bin/env bash
# Times LstmNetwork training steps (basic_rnn and attention_rnn shapes) against a same-run float32 GEMM and
# DL4J's stock LSTM. Usage: scripts/bench-model.sh [steps=5] [basic|attention|both] [simd|scalar|compare]
#   simd (default): attention loops through jdk.incubator.vector; scalar: the plain-loop fallback;
#   compare: attention_rnn with both kernels one after the other, and the ratio of their step times.
set -euo pipefail
cd "$(dirname "$0")/.."
# ModelBench and DL4J live in test scope: compile the tests and ask Maven for the test classpath
mvn -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
STEPS="${1:-5}"
WHICH="${2:-both}"
KERNEL="${3:-simd}"

# BENCH_JAVA_OPTS e.g. "-Dmagentajava.model.threads=1" for one core (OpenBLAS is single-threaded by default)
bench() { # <simd: true|false> <basic|attention|both>
  java -Xmx1g --add-modules jdk.incubator.vector -Dmagentajava.model.simd="$1" ${BENCH_JAVA_OPTS:-} \
    -Dorg.bytedeco.javacpp.maxbytes=1536m -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" org.magentajava.model.bench.ModelBench "$STEPS" "$2" 2>&1 \
    | grep -v "^Warning: Versions of org.bytedeco\|^WARNING: Using incubator modules"
}

case "$KERNEL" in
  simd) bench true "$WHICH" ;;
  scalar) bench false "$WHICH" ;;
  compare)
    [[ "$WHICH" == attention ]] || bench true basic
    simd=$(bench true attention | tee /dev/stderr | sed -nE 's/^attention_rnn: ([0-9.]+) s\/step.*/\1/p')
    scalar=$(bench false attention | tee /dev/stderr | sed -nE 's/^attention_rnn: ([0-9.]+) s\/step.*/\1/p')
    awk -v a="$simd" -v b="$scalar" \
      'BEGIN { printf "attention_rnn step time, scalar / simd attention loops: %.3f / %.3f s = %.2fx\n", b, a, b / a }'
    ;;
  *) echo "kernel must be simd, scalar or compare" >&2; exit 64 ;;
esac
