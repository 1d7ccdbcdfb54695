#!/usr/bin/env bash
# Checkpoint selection on two criteria, both measured on the dev split: the lowest dev event_nll among the
# checkpoints whose teacher-forced repeat share is within TOLERANCE (relative) of the dev tunes' own share.
# Likelihood alone picks the checkpoint that over-predicts striking the last pitch again most at times
# (bundles/README, phrase_rnn); this makes the trade explicit and leaves the eval split untouched.
# Usage: scripts/select-checkpoint.sh RUN_DIR CONFIG NOTESEQUENCES DEV_RATIO [TOLERANCE] [OUT_DIR]
#   RUN_DIR        a train run whose eval job (train --eval on the dev file) wrote RUN_DIR/eval/metrics.csv
#   NOTESEQUENCES  convert-dir's output that create-dataset read (analyze recomputes its splits)
#   DEV_RATIO      create-dataset's --dev_ratio
#   TOLERANCE      relative, default 0.2 (the model's share at most 20% above or below the tunes')
#   OUT_DIR        where the candidate bundles go (default: a new temporary folder)
# Prints one row per evaluated checkpoint (step, dev event_nll, model share, data share, within) and the choice;
# every checkpoint file the eval job scored must still be in RUN_DIR/train (train --num_checkpoints 0 keeps all).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$1"; CONFIG="$2"; NS="$3"; DEV="$4"; TOL="${5:-0.2}"; OUT="${6:-$(mktemp -d)}"
MELODY="$ROOT/scripts/melody"
[[ -f "$RUN/eval/metrics.csv" ]] || { echo "select-checkpoint: $RUN/eval/metrics.csv not found (run the eval job)" >&2; exit 2; }
mkdir -p "$OUT"
best=""; best_nll=""
printf 'step\tdev_event_nll\tmodel_share\tdata_share\twithin\n'
# metrics.csv columns: the header names event_nll; read it by name
col=$(head -1 "$RUN/eval/metrics.csv" | tr ',' '\n' | grep -nx event_nll | cut -d: -f1)
while IFS=, read -r -a row; do
  step="${row[0]}"; nll="${row[$((col - 1))]}"
  [[ -f "$RUN/train/model.ckpt-$step.mjckpt" ]] || continue
  bundle="$OUT/$CONFIG-$step.mag"
  if [[ ! -e "$bundle" ]] && ! saved=$("$MELODY" save-bundle --config "$CONFIG" --run_dir "$RUN" \
      --checkpoint "$step" --bundle_file "$bundle" 2>&1); then
    echo "$saved" >&2; exit 1
  fi
  line=$("$MELODY" analyze --input "$NS" --input_split dev --reference "$NS" --reference_split dev \
      --dev_ratio "$DEV" --bundle_file "$bundle" 2>&1 | grep 'teacher-forced repeat share')
  model=$(sed -E 's/.*model ([0-9.]+)%.*/\1/' <<<"$line"); data=$(sed -E 's/.*data ([0-9.]+)%.*/\1/' <<<"$line")
  within=$(awk -v m="$model" -v d="$data" -v t="$TOL" 'BEGIN { r = m / d; print (r >= 1 - t && r <= 1 + t) ? "yes" : "no" }')
  printf '%s\t%.4f\t%s%%\t%s%%\t%s\n' "$step" "$nll" "$model" "$data" "$within"
  if [[ "$within" == yes ]] && { [[ -z "$best_nll" ]] || awk -v a="$nll" -v b="$best_nll" 'BEGIN { exit !(a < b) }'; }; then
    best="$step"; best_nll="$nll"
  fi
done < <(tail -n +2 "$RUN/eval/metrics.csv")
if [[ -z "$best" ]]; then echo "select-checkpoint: no checkpoint within $TOL of the tunes' repeat share" >&2; exit 1; fi
echo "chosen: step $best (dev event_nll $best_nll): $OUT/$CONFIG-$best.mag"
