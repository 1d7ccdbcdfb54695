#!/usr/bin/env bash
# Benchmark: training speed.
#  1. scripts/bench-model.sh: one training step of basic_rnn and attention_rnn at Magenta's defaults (batch 128,
#     2x128, 128 steps, synthetic data) as useful FLOP/s against a float32 GEMM timed in the same run, and
#     against DL4J's stock LSTM.
#     attention_rnn runs twice, with the SIMD attention loops (jdk.incubator.vector) and with the plain loops.
#  2. `melody train` on the shared Nottingham corpus at Magenta's defaults (basic_rnn, attention_rnn) for a fixed
#     number of steps: steps/s, examples/s (console) and peak RSS (/usr/bin/time); attention_rnn again with the
#     plain-loop attention kernel (-Dmagentajava.model.simd=false), and the ratio of the two runs' steps/s.
#  3. `melody train --config polyphony` at the shipped polyphony bundle's hparams (batch 16, 2x128, shuffle
#     buffer 500, the default) for STEPS/4 steps, and its events/s (labels per second) against basic_rnn's of the same run.
#     Its dataset is ~8 GB in a temporary directory; POLYPHONY=0 skips this part.
# Usage: [POLYPHONY=0] scripts/bench-train.sh [STEPS=20] [INPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20}"
INPUT="${2:-$ROOT/../shared/data/nottingham}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
MELODY="$ROOT/scripts/melody"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F)"
"$ROOT/scripts/bench-model.sh" 5 both compare

"$MELODY" convert-dir --input_dir "$INPUT" --output_file "$OUT/ns.tfrecord" 2>/dev/null
# events/s of a train log: examples/s (last console line) x mean labels per training example.
events_per_second() {
  local log="$1" dataset_log="$2"
  local eps mean
  eps=$(grep -oE '[0-9.]+ examples/s' "$log" | tail -1 | cut -d' ' -f1)
  mean=$(sed -nE 's/.*wrote ([0-9]+) training .*\(([0-9]+) \+ [0-9]+ (steps|events).*/\2 \1/p' "$dataset_log" \
    | awk '{ printf "%.1f", $1 / $2 }')
  awk -v e="$eps" -v m="$mean" 'BEGIN { printf "%.0f", e * m }'
}
for config in basic_rnn attention_rnn; do
  "$MELODY" create-dataset --config "$config" --input "$OUT/ns.tfrecord" --output_dir "$OUT/$config" 2>"$OUT/ds_$config.log"
  echo "== melody train --config $config (Magenta defaults: batch 128, 2x128, dropout 0.5) on the corpus, $STEPS steps"
  /usr/bin/time -f "peak RSS %M KB, wall %e s" "$MELODY" train --config "$config" --run_dir "$OUT/run_$config" \
    --sequence_example_file "$OUT/$config/training_melodies.tfrecord" --num_training_steps "$STEPS" \
    --summary_frequency "$STEPS" >"$OUT/train_$config.log" 2>&1
  grep -E "Global Step|peak RSS|Training complete" "$OUT/train_$config.log"
  echo "events/s: $(events_per_second "$OUT/train_$config.log" "$OUT/ds_$config.log")"
done
# train's stderr passes through the launcher's filter, which may write its last lines just after the JVM exits
steps_per_second() {
  local i
  for i in $(seq 50); do grep -qE ' steps/s\.$' "$1" && break; sleep 0.1; done
  grep -oE '[0-9.]+ steps/s\.$' "$1" | tail -1 | cut -d' ' -f1
}
echo "== the same attention_rnn run with the plain-loop attention kernel"
MELODY_JAVA_OPTS="-Dmagentajava.model.simd=false" /usr/bin/time -f "peak RSS %M KB, wall %e s" "$MELODY" train \
  --config attention_rnn --run_dir "$OUT/run_attention_scalar" \
  --sequence_example_file "$OUT/attention_rnn/training_melodies.tfrecord" --num_training_steps "$STEPS" \
  --summary_frequency "$STEPS" >"$OUT/train_attention_scalar.log" 2>&1
grep -E "Global Step|peak RSS|Training complete" "$OUT/train_attention_scalar.log"
awk -v s="$(steps_per_second "$OUT/train_attention_rnn.log")" -v p="$(steps_per_second "$OUT/train_attention_scalar.log")" \
  'BEGIN { if (s > 0 && p > 0) printf "attention_rnn steps/s, SIMD / plain attention loops: %s / %s = %.2fx\n", s, p, s / p
           else print "attention_rnn steps/s: a run did not finish (see the lines above)" }'
if [[ "${POLYPHONY:-1}" != 0 ]]; then
  PSTEPS=$(( STEPS / 4 > 0 ? STEPS / 4 : 1 ))
  "$MELODY" create-dataset --config polyphony --input "$OUT/ns.tfrecord" --output_dir "$OUT/polyphony" \
    2>"$OUT/ds_polyphony.log"
  echo "== melody train --config polyphony (bundle hparams: batch 16, 2x128, dropout 0.5) on the corpus, $PSTEPS steps"
  /usr/bin/time -f "peak RSS %M KB, wall %e s" "$MELODY" train --config polyphony --run_dir "$OUT/run_polyphony" \
    --sequence_example_file "$OUT/polyphony/training_poly_tracks.tfrecord" --num_training_steps "$PSTEPS" \
    --summary_frequency "$PSTEPS" --shuffle_capacity 500 --hparams "batch_size=16,rnn_layer_sizes=[128,128]" \
    >"$OUT/train_polyphony.log" 2>&1
  grep -E "Global Step|peak RSS|Training complete" "$OUT/train_polyphony.log"
  poly=$(events_per_second "$OUT/train_polyphony.log" "$OUT/ds_polyphony.log")
  basic=$(events_per_second "$OUT/train_basic_rnn.log" "$OUT/ds_basic_rnn.log")
  awk -v p="$poly" -v b="$basic" 'BEGIN { printf "events/s: %d; polyphony / basic_rnn events/s: %.2f\n", p, p / b }'
fi
