#!/usr/bin/env bash
# Benchmark: training steps per second with and without skipping padded steps (the LSTM time loops stop at each
# row's length; system property magentajava.model.skipPadding=false computes every row at every step, as before).
# Runs `train` ROUNDS times each way, alternating, from fresh run folders on the same data and seed, and prints
# the mean global steps/s of each (the first summary interval, which holds the JVM start, is left out) and their
# ratio. Without a dataset it makes one: the Nottingham tunes at quarter-note frames with Magenta's transpositions.
# Usage: [ROUNDS=2] scripts/bench-padding.sh [CONFIG=pianoroll_rnn_nade] [STEPS=40] [TRAINING.tfrecord] [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${1:-pianoroll_rnn_nade}"
STEPS="${2:-40}"
DATA="${3:-}"
WORK="${4:-$(mktemp -d)}"
ROUNDS="${ROUNDS:-2}"
MELODY="$ROOT/scripts/melody"
mkdir -p "$WORK"
if [ -z "$DATA" ]; then
  [ -f "$WORK/nottingham.tfrecord" ] || "$MELODY" convert-dir --input_dir "$ROOT/../shared/data/nottingham" \
    --output_file "$WORK/nottingham.tfrecord" >"$WORK/convert.log" 2>&1
  [ -d "$WORK/ds" ] || "$MELODY" create-dataset --config "$CONFIG" --input "$WORK/nottingham.tfrecord" \
    --output_dir "$WORK/ds" --steps_per_quarter 1 --min_steps 0 >"$WORK/ds.log" 2>&1
  DATA="$(ls "$WORK"/ds/training_*.tfrecord)"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%F %H:%M') UTC"
echo "config $CONFIG, $STEPS steps per run, data $DATA"
rate() { # <skip: true|false> <run dir>: mean global_step/sec after the first summary row
  MELODY_JAVA_OPTS="-Dmagentajava.model.skipPadding=$1 ${MELODY_JAVA_OPTS:-}" "$MELODY" train --config "$CONFIG" \
    --sequence_example_file "$DATA" --run_dir "$2" --num_training_steps "$STEPS" --summary_frequency 10 \
    --seed 1 >"$2.log" 2>&1
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "global_step_sec") c = i; next }
           NR > 2 { s += $c; n++ } END { printf "%.4f", s / n }' "$2/train/metrics.csv"
}
on=0; off=0
for r in $(seq 1 "$ROUNDS"); do
  a=$(rate false "$WORK/off_$r"); b=$(rate true "$WORK/on_$r")
  echo "round $r: every step $a steps/s, padding skipped $b steps/s"
  off=$(awk -v x="$off" -v y="$a" 'BEGIN { print x + y }'); on=$(awk -v x="$on" -v y="$b" 'BEGIN { print x + y }')
done
awk -v a="$off" -v b="$on" -v n="$ROUNDS" \
  'BEGIN { printf "mean: every step %.3f steps/s, padding skipped %.3f steps/s: %.2fx\n", a / n, b / n, b / a }'
