#!/usr/bin/env bash
# Benchmark: biaxial_rnn at its default hparams on the Nottingham tunes: training speed (steps/s, note-steps/s and
# CPU seconds per step over STEPS training steps, peak RSS) and the time to generate one 256-step piece (16 bars
# of 4/4) with the checkpoint that run leaves, three times. Runs at nice 10.
# Usage: scripts/bench-biaxial.sh [NOTESEQUENCES.tfrecord] [STEPS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${1:-/work/runs/nottingham.tfrecord}"
STEPS="${2:-10}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="nice -n 10 $ROOT/scripts/melody"
$MELODY --version >/dev/null   # build once, outside the timing

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); start: $(date -u +%FT%T)Z"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
$MELODY create-dataset --config biaxial_rnn --input "$INPUT" --output_dir "$OUT/ds" --transposition_range 0,0 \
  2>&1 | tail -1
/usr/bin/time -v $MELODY train --config biaxial_rnn --run_dir "$OUT/run" \
  --sequence_example_file "$OUT/ds/training_note_state_tracks.tfrecord" --num_training_steps "$STEPS" \
  --summary_frequency 2 --shuffle_capacity 100 > "$OUT/train.log" 2>&1
grep -E '^(Training complete|ran )' "$OUT/train.log"
user=$(awk -F': ' '/User time/ {print $2}' "$OUT/train.log")
wall=$(grep -oE 'in [0-9.]+ s; checkpoint' "$OUT/train.log" | grep -oE '[0-9.]+')
rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$OUT/train.log")
# every Nottingham piece at 4 steps per quarter but a few is longer than the 128-step window: 8 x 128 x 88
echo "training: $(echo "$STEPS / $wall" | bc -l | cut -c1-6) steps/s, $(echo "$STEPS * 8 * 128 * 88 / $wall" | bc -l \
  | cut -d. -f1) note-steps/s, $(echo "$user / $STEPS" | bc -l | cut -c1-5) CPU s per step, peak RSS $((rss / 1024)) MB"
for run in 1 2 3; do
  $MELODY generate --run_dir "$OUT/run" --num_outputs 1 --num_steps 256 --primer_pitches "[60,64,67]" \
    --seed "$run" --output_dir "$OUT/gen" 2>&1 | grep '^wrote'
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); end: $(date -u +%FT%T)Z"
