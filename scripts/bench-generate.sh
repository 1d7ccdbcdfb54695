#!/usr/bin/env bash
# Benchmark: generation wall time from the shell (JVM start included) with the shipped attention_rnn bundle:
# 1 output x 128 steps, 10 outputs x 128 steps, beam 4 x branch 2, and a 512-step primer continued to 1024 steps
# with beam 4 x branch 2. Three runs each; best and median.
# Then the same jobs with the polyphony bundle (primer chord [67,64,60], the primer injected), with each
# polyphony median as a ratio to the matching attention_rnn median of the same run.
# Usage: scripts/bench-generate.sh [BUNDLE] [POLYPHONY_BUNDLE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${1:-$ROOT/bundles/attention_rnn.mag}"
POLY_BUNDLE="${2:-$ROOT/bundles/polyphony_rnn.mag}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="$ROOT/scripts/melody"
"$MELODY" --version >/dev/null   # build once, outside the timing

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
echo "bundles: $BUNDLE, $POLY_BUNDLE"
declare -A MEDIAN
# measure LABEL BUNDLE [generate flags]: prints best and median, remembers the median under LABEL.
measure() {
  local label="$1" bundle="$2"; shift 2
  local times=()
  for run in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$MELODY" generate --bundle_file "$bundle" --output_dir "$OUT/$run" --seed "$run" "$@" 2>/dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  MEDIAN[$label]=$(echo "$sorted" | sed -n 2p)
  echo "$sorted" | awk -v l="$label" \
    '{ t[NR] = $1 } END { printf "%-40s best %.2f s, median %.2f s (3 runs, JVM included)\n", l, t[1], t[2] }'
}
measure "1 output x 128 steps" "$BUNDLE" --num_outputs 1 --num_steps 128
measure "10 outputs x 128 steps" "$BUNDLE" --num_outputs 10 --num_steps 128
measure "beam 4 x branch 2, 128 steps" "$BUNDLE" --num_outputs 1 --num_steps 128 --beam_size 4 --branch_factor 2
# A long primer (512 steps: a 16-step phrase 32 times) continued to 1024 steps: the beam's per-step encoding
# cost shows here (it was O(history) per step before the beam carried incremental encoders).
LONG="[$(for i in $(seq 32); do printf '60,-2,62,-2,64,-2,65,-2,67,-2,-2,-2,65,-2,64,-2,'; done | sed 's/,$//')]"
measure "primer 512 -> 1024 steps, beam 4 x 2" "$BUNDLE" --num_outputs 1 --num_steps 1024 --primer_melody "$LONG" \
  --beam_size 4 --branch_factor 2
if [[ -f "$POLY_BUNDLE" ]]; then
  CHORD=(--primer_pitches "[67,64,60]")
  measure "polyphony 1 output x 128 steps" "$POLY_BUNDLE" "${CHORD[@]}" --num_outputs 1 --num_steps 128
  measure "polyphony 10 outputs x 128 steps" "$POLY_BUNDLE" "${CHORD[@]}" --num_outputs 10 --num_steps 128
  measure "polyphony beam 4 x branch 2, 128 steps" "$POLY_BUNDLE" "${CHORD[@]}" --num_outputs 1 --num_steps 128 \
    --beam_size 4 --branch_factor 2
  for job in "1 output x 128 steps" "10 outputs x 128 steps" "beam 4 x branch 2, 128 steps"; do
    awk -v p="${MEDIAN[polyphony $job]}" -v m="${MEDIAN[$job]}" -v j="$job" \
      'BEGIN { printf "polyphony / attention_rnn, %-28s %.2fx (medians)\n", j ":", p / m }'
  done
else
  echo "no $POLY_BUNDLE: polyphony lines skipped"
fi
