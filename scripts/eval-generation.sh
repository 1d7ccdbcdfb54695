#!/usr/bin/env bash
# Generation measured against held-out tunes: every eval tune of a create-dataset run primes one continuation
# with its first PRIMER_BARS bars (in its own meter and tempo), then `analyze` compares the continuations with the
# eval tunes and checks them for runs copied from the training tunes.
# Usage: scripts/eval-generation.sh BUNDLE DATASET_DIR MIDI_DIR NOTESEQUENCES OUT_DIR [PRIMER_BARS] [NUM_STEPS]
#   DATASET_DIR    a create-dataset output (its create_dataset_report.tsv names the eval tunes)
#   MIDI_DIR       the MIDI files convert-dir read (the report's filenames are relative to it)
#   NOTESEQUENCES  convert-dir's output, for analyze's reference (eval split) and copy check (train split)
# SEED_OFFSET=N in the environment seeds tune i with i + N (default 0), for a second set of continuations.
# Example: scripts/eval-generation.sh bundles/phrase_rnn.mag /tmp/ds ../shared/data/nottingham /tmp/ns.tfrecord /tmp/gen
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="$1"; DS="$2"; MIDI="$3"; NS="$4"; OUT="$5"; BARS="${6:-2}"; STEPS="${7:-256}"
MELODY="$ROOT/scripts/melody"
if [[ -e "$OUT" ]]; then echo "eval-generation: $OUT exists; give a new folder" >&2; exit 2; fi
mkdir -p "$OUT/midi"
"$MELODY" --version >/dev/null
i=0
# report columns: record filename split examples steps note; only tunes that gave a melody can prime one
while IFS=$'\t' read -r record filename split examples steps note; do
  [[ "$split" == "eval" && "$examples" -gt 0 ]] || continue
  i=$((i + 1))
  "$MELODY" generate --bundle_file "$BUNDLE" --primer_midi "$MIDI/$filename" --primer_bars "$BARS" \
      --num_steps "$STEPS" --num_outputs 1 --seed "$((i + ${SEED_OFFSET:-0}))" --output_dir "$OUT/midi/$i" 2>>"$OUT/generate.log" \
    || echo "eval-generation: $filename: generate failed (see $OUT/generate.log)" >&2
done < <(tail -n +2 "$DS/create_dataset_report.tsv")
echo "generated $(find "$OUT/midi" -name '*.mid' | wc -l) continuations of $i eval tunes" >&2
mkdir -p "$OUT/all" && find "$OUT/midi" -name '*.mid' | sort | while read -r f; do
  ln "$f" "$OUT/all/$(basename "$(dirname "$f")")_$(basename "$f")"; done
"$MELODY" analyze --input "$OUT/all" --reference "$NS" --reference_split eval --training_corpus "$NS" \
    --training_split train --bundle_file "$BUNDLE" --json "$OUT/analysis.json" --html_report "$OUT/analysis.html"
