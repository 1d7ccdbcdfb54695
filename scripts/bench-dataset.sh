#!/usr/bin/env bash
# Benchmark: convert-dir + create-dataset for each melody config and for polyphony over the shared Nottingham
# corpus. Prints wall time (JVM start included, both commands together), examples/s per config, and each
# config's wall time relative to basic_rnn in the same run. polyphony writes ~8 GB of one-hot SequenceExamples
# to a temporary directory (deleted at the end); CONFIGS="basic_rnn polyphony" picks configs.
# Usage: [CONFIGS="..."] scripts/bench-dataset.sh [INPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${1:-$ROOT/../shared/data/nottingham}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="$ROOT/scripts/melody"

"$MELODY" --version >/dev/null   # build once, outside the timing
files=$(find "$INPUT" -maxdepth 1 -type f \( -iname '*.mid' -o -iname '*.midi' \) | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
echo "input: $INPUT ($files MIDI files)"
base=""
for config in ${CONFIGS:-basic_rnn mono_rnn lookback_rnn attention_rnn polyphony}; do
  start=$(date +%s.%N)
  "$MELODY" convert-dir --input_dir "$INPUT" --output_file "$OUT/ns.tfrecord" 2>"$OUT/convert.log"
  "$MELODY" create-dataset --config "$config" --input "$OUT/ns.tfrecord" --output_dir "$OUT/$config" \
    --eval_ratio 0.1 2>"$OUT/$config.log"
  end=$(date +%s.%N)
  examples=$(grep -oE 'wrote [0-9]+ training \+ [0-9]+ eval' "$OUT/$config.log" | awk '{print $2 + $5}')
  wall=$(echo "$end - $start" | bc -l)
  [[ -z "$base" ]] && base="$wall"
  size=$(du -sm "$OUT/$config" | cut -f1)
  awk -v w="$wall" -v b="$base" -v m="$examples" -v c="$config" -v mb="$size" \
    'BEGIN { printf "%-14s %6.2f s wall (convert-dir + create-dataset, JVMs included), %d examples, %.0f examples/s, %d MB written, %.2fx the first config'"'"'s wall\n", c, w, m, m / w, mb, w / b }'
  rm -rf "$OUT/$config"
done
