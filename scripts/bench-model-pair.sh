#!/usr/bin/env bash
# Times training steps of another build of the network (A: OTHER's target/classes, e.g. a worktree of main)
# against this tree's (B) in one JVM, alternating step by step (scripts/ModelPair.java), at bench-model.sh's
# shapes (batch 128 x 128 steps, 2x128, attention_rnn with attn 40), and checks that their losses are identical.
# Usage: scripts/bench-model-pair.sh OTHER [basic|attention] [PAIRS=12]   (both trees built with mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
OTHER="${1:?usage: scripts/bench-model-pair.sh OTHER_TREE [basic|attention] [PAIRS]}"
WHICH="${2:-attention}"
PAIRS="${3:-12}"
for d in "$OTHER/target/classes" target/classes target/lib; do
  [[ -d "$d" ]] || { echo "bench-model-pair: $d is missing; run mvn -o package -DskipTests there first" >&2; exit 64; }
done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
java -Xmx3g --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} \
  -Dorg.bytedeco.javacpp.maxbytes=4g -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "target/lib/*" scripts/ModelPair.java \
  "$WHICH" "$PAIRS" "$OTHER/target/classes" target/classes 2>&1 \
  | grep -v "^warning: using incubating module\|^1 warning\|^WARNING: Using incubator modules"
