#!/usr/bin/env bash
# Benchmark: training speed.
#  1. scripts/bench-model.sh: one training step of basic_rnn and attention_rnn at Magenta's defaults (batch 128,
#     2x128, 128 steps, synthetic data) as useful FLOP/s against a float32 GEMM timed in the same run, and
#     against DL4J's stock LSTM.
#  2. `melody train` on the shared Nottingham corpus at Magenta's attention_rnn defaults for a fixed number of
#     steps: steps/s, examples/s (console) and peak RSS (/usr/bin/time).
# Usage: scripts/bench-train.sh [STEPS=20] [INPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20}"
INPUT="${2:-$ROOT/../shared/data/nottingham}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="$ROOT/scripts/melody"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
"$ROOT/scripts/bench-model.sh" 5 both

"$MELODY" convert-dir --input_dir "$INPUT" --output_file "$OUT/ns.tfrecord" 2>/dev/null
for config in basic_rnn attention_rnn; do
  "$MELODY" create-dataset --config "$config" --input "$OUT/ns.tfrecord" --output_dir "$OUT/$config" 2>/dev/null
  echo "== melody train --config $config (Magenta defaults: batch 128, 2x128, dropout 0.5) on the corpus, $STEPS steps"
  /usr/bin/time -f "peak RSS %M KB, wall %e s" "$MELODY" train --config "$config" --run_dir "$OUT/run_$config" \
    --sequence_example_file "$OUT/$config/training_melodies.tfrecord" --num_training_steps "$STEPS" \
    --summary_frequency "$STEPS" 2>&1 | grep -E "Global Step|peak RSS|Training complete"
done
