#!/usr/bin/env bash
# Benchmark: generation wall time from the shell (JVM start included) with the shipped attention_rnn bundle:
# 1 output x 128 steps, 10 outputs x 128 steps, and beam 4 x branch 2. Three runs each; best and median.
# Usage: scripts/bench-generate.sh [BUNDLE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${1:-$ROOT/bundles/attention_rnn.mag}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="$ROOT/scripts/melody"
"$MELODY" --version >/dev/null   # build once, outside the timing

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
echo "bundle: $BUNDLE"
measure() {
  local label="$1"; shift
  local times=()
  for run in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$MELODY" generate --bundle_file "$BUNDLE" --output_dir "$OUT/$run" --seed "$run" "$@" 2>/dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" \
    '{ t[NR] = $1 } END { printf "%-28s best %.2f s, median %.2f s (3 runs, JVM included)\n", l, t[1], t[2] }'
}
measure "1 output x 128 steps" --num_outputs 1 --num_steps 128
measure "10 outputs x 128 steps" --num_outputs 10 --num_steps 128
measure "beam 4 x branch 2, 128 steps" --num_outputs 1 --num_steps 128 --beam_size 4 --branch_factor 2
