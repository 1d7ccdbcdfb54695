#!/usr/bin/env bash
# Benchmark: convert-dir over the shared Nottingham corpus (888 files), three runs, wall time including JVM start.
# Usage: scripts/bench-convert.sh [INPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${1:-$ROOT/../shared/data/nottingham}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

"$ROOT/scripts/melody" --version >/dev/null   # build once, outside the timing
files=$(find "$INPUT" -maxdepth 1 -type f \( -iname '*.mid' -o -iname '*.midi' \) | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
echo "input: $INPUT ($files MIDI files)"
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$ROOT/scripts/melody" convert-dir --input_dir "$INPUT" --output_file "$OUT/notesequences.tfrecord" 2>"$OUT/log"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$files" -v r="$run" \
    'BEGIN { w = e - s; printf "run %d: %.2f s wall (JVM included), %.0f files/s\n", r, w, n / w }'
done
tail -2 "$OUT/log"
