#!/usr/bin/env bash
# Times importing a 2 x 128 attention_rnn TensorFlow checkpoint (V2, with Adam slots, as a Magenta run directory
# holds it): inside one JVM (first import, then the median of REPEATS) and end to end with scripts/melody import.
# With LAYOUT=whole_stack the checkpoint is Magenta's pre-May-2017 layout (attention around the whole stack).
# Usage: [LAYOUT=layer0|whole_stack] scripts/bench-import.sh [repeats=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q package -DskipTests
export TF_CPP_MIN_LOG_LEVEL=3 OMP_NUM_THREADS=1
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CP="target/classes:target/lib/*"
JOPTS="-Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
filter() { grep -v "^Warning: Versions of org.bytedeco" || true; }
java $JOPTS -cp "$CP" 'org.magentajava.importer.bench.ImportBench$Write' "$WORK/run" "${LAYOUT:-layer0}" 2>&1 | filter
du -sh "$WORK/run" | awk '{print "checkpoint: " $1 " (weights + Adam slots)"}'
java $JOPTS -cp "$CP" org.magentajava.importer.bench.ImportBench "$WORK/run" "${1:-10}" 2>&1 | filter
for i in 1 2 3; do
  start=$(date +%s.%N)
  scripts/melody import --input "$WORK/run/model.ckpt-1000" --bundle_file "$WORK/out$i.mag" 2>&1 | grep '^wrote' || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v i="$i" 'BEGIN { printf "scripts/melody import, run %d: %.2f s wall (JVM start included)\n", i, e - s }'
done
