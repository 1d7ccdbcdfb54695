#!/usr/bin/env bash
# Benchmark: offline WAV rendering speed (audio seconds per wall second) of three Nottingham tunes,
# as `melody render` reports it, plus the wall time of the whole command (JVM included).
# Usage: scripts/bench-render.sh [INPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${1:-$ROOT/../shared/data/nottingham}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/scripts/melody" --version >/dev/null   # build once, outside the timing
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
for tune in ashover1.mid jigs10.mid waltzes1.mid; do
  s=$(date +%s.%N)
  line=$("$ROOT/scripts/melody" render "$INPUT/$tune" --output "$OUT/${tune%.mid}.wav" 2>&1 | tail -1)
  e=$(date +%s.%N)
  printf '%-14s %s; command wall %.2f s\n' "$tune" "${line#wrote }" "$(echo "$e - $s" | bc -l)"
done
