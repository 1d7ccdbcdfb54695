#!/usr/bin/env bash
# Benchmark: frame NLL of the piano-roll models after a short training, Boulanger-Lewandowski et al.'s protocol
# in kind (Table 1: quarter-note frames, every piece, untransposed held-out pieces).
# For each "SPQ:STEPS" pair and each config: create-dataset at SPQ steps per quarter (every piece, no
# transposition, so both splits are the pieces as written), `train` at the config's defaults for STEPS steps, then
# `evaluate` of the last checkpoint on the eval split. Prints one line per run: steps, wall seconds, frame_nll and
# frame_accuracy on the eval split. The machine is shared, so the models get equal steps, not equal time.
# Usage: [CONFIGS="pianoroll_rnn pianoroll_rnn_nade"] scripts/bench-pianoroll.sh ["1:65 4:20"] \
#            [NOTESEQUENCES.tfrecord] [WORK_DIR]
# On a shared machine: nice -n 10 scripts/bench-pianoroll.sh "1:65 4:20"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAIRS="${1:-1:65 4:20}"
INPUT="${2:-}"
WORK="${3:-$(mktemp -d)}"
CONFIGS="${CONFIGS:-pianoroll_rnn pianoroll_rnn_nade}"
MELODY="$ROOT/scripts/melody"
mkdir -p "$WORK"
if [ -z "$INPUT" ]; then
  INPUT="$WORK/nottingham.tfrecord"
  [ -f "$INPUT" ] || "$MELODY" convert-dir --input_dir "$ROOT/../shared/data/nottingham" --output_file "$INPUT" 2>/dev/null
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%F %H:%M') UTC"
for pair in $PAIRS; do
  spq="${pair%%:*}"
  steps="${pair##*:}"
  ds="$WORK/ds_q$spq"
  [ -f "$ds/eval_pianoroll_tracks.tfrecord" ] || "$MELODY" create-dataset --config pianoroll_rnn --input "$INPUT" \
    --output_dir "$ds" --steps_per_quarter "$spq" --min_steps 0 --transposition_range 0,0 >"$WORK/ds_q$spq.log" 2>&1
  grep '^wrote' "$WORK/ds_q$spq.log" || true
  for config in $CONFIGS; do
    run="$WORK/run_${config}_q$spq"
    rm -rf "$run"
    start=$(date +%s)
    "$MELODY" train --config "$config" --run_dir "$run" --num_training_steps "$steps" \
      --sequence_example_file "$ds/training_pianoroll_tracks.tfrecord" --summary_frequency 10 \
      >"$WORK/train_${config}_q$spq.log" 2>&1
    wall=$(( $(date +%s) - start ))
    "$MELODY" evaluate --run_dir "$run" --sequence_example_file "$ds/eval_pianoroll_tracks.tfrecord" \
      >"$WORK/eval_${config}_q$spq.txt" 2>/dev/null
    nll=$(sed -nE 's/^frame_nll: +([0-9.]+).*/\1/p' "$WORK/eval_${config}_q$spq.txt")
    acc=$(sed -nE 's/^frame_accuracy: +([0-9.]+).*/\1/p' "$WORK/eval_${config}_q$spq.txt")
    echo "steps_per_quarter $spq  $config: $steps steps in $wall s (date -u $(date -u +%H:%M)); eval frame_nll $nll, frame_accuracy $acc"
  done
done
echo "work files: $WORK"
