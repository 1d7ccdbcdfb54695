#!/usr/bin/env bash
# Benchmark: convert-dir + create-dataset for each melody config over the shared Nottingham corpus.
# Prints wall time (JVM start included, both commands together) and melodies/s per config.
# Usage: scripts/bench-dataset.sh [INPUT_DIR]
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
for config in basic_rnn mono_rnn lookback_rnn attention_rnn; do
  start=$(date +%s.%N)
  "$MELODY" convert-dir --input_dir "$INPUT" --output_file "$OUT/ns.tfrecord" 2>"$OUT/convert.log"
  "$MELODY" create-dataset --config "$config" --input "$OUT/ns.tfrecord" --output_dir "$OUT/$config" \
    --eval_ratio 0.1 2>"$OUT/$config.log"
  end=$(date +%s.%N)
  melodies=$(grep -oE 'wrote [0-9]+ training \+ [0-9]+ eval' "$OUT/$config.log" | awk '{print $2 + $5}')
  awk -v s="$start" -v e="$end" -v m="$melodies" -v c="$config" \
    'BEGIN { w = e - s; printf "%-14s %6.2f s wall (convert-dir + create-dataset, JVMs included), %d melodies, %.0f melodies/s\n", c, w, m, m / w }'
done
