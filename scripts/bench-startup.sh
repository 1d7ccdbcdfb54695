#!/usr/bin/env bash
# Benchmark: the first impression, `scripts/melody generate --num_outputs 1` (default bundle bundles/phrase_rnn.mag,
# default primer, 128 steps), wall time from the shell with the JVM, and CPU time (user + sys), against the
# generate path before the plain-Java network (ND4J/OpenBLAS for a batch-1 network) in the same run.
# The baseline is BASE_REV (default: the commit before model/InferenceNetwork.java was added), exported with
# git archive into a folder under ${TMPDIR:-/tmp} and built offline once (kept for reruns).
# Rounds alternate baseline / new with the launcher's class-data archive / new without it (MELODY_CDS=0).
# HEAVY=1 adds heavier jobs (attention_rnn beam 4 x branch 2; a 512-step primer continued to 1024 steps with that
# beam; polyphony 10 outputs), baseline and new alternating, to show that the plain loops hold up there too.
# Usage: [HEAVY=1] scripts/bench-startup.sh [ROUNDS] [BASE_REV]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-7}"
cd "$ROOT"
ADDED="$(git log -1 --format=%H --diff-filter=A -- src/main/java/org/magentajava/model/InferenceNetwork.java)"
if [[ -z "${2:-}" && -z "$ADDED" ]]; then
  echo "give BASE_REV: this history has no commit adding model/InferenceNetwork.java" >&2
  exit 64
fi
BASE_REV="${2:-$ADDED^}"
BASE_SHA="$(git rev-parse --short "$BASE_REV")"
BASE="${TMPDIR:-/tmp}/melody-bench-base-$BASE_SHA"
if [[ ! -f "$BASE/target/melody.jar" ]]; then
  echo "building the baseline $BASE_SHA in $BASE (once; about a minute)..." >&2
  rm -rf "$BASE" && mkdir -p "$BASE"
  git archive "$BASE_SHA" | tar -x -C "$BASE"
  (cd "$BASE" && mvn -B -q -o package -DskipTests >/dev/null)
fi
"$ROOT/scripts/melody" --version >/dev/null   # builds the new jar (and its archive) if sources changed
JAR="$ROOT/target/melody.jar"
ARCHIVE="$ROOT/target/melody-generate.jsa"
if [[ ! -f "$ARCHIVE" || "$JAR" -nt "$ARCHIVE" ]]; then
  # the archive scripts/melody makes after it builds; made here too when the jar came from `mvn package`
  T="$(mktemp -d)"
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off,cds+dynamic=off -XX:ArchiveClassesAtExit="$T/a.jsa" \
    -Djava.awt.headless=true -Dmelody.home="$ROOT" -jar "$JAR" generate --num_outputs 1 --num_steps 48 --seed 1 \
    --output_dir "$T/out" >/dev/null 2>&1 && mv -f "$T/a.jsa" "$ARCHIVE"
  rm -rf "$T"
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%F %H:%M UTC'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "baseline: $BASE_SHA; new: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src scripts || echo ' + uncommitted changes')"

# one LABEL LAUNCHER [env...] [-- generate flags]: one run; appends "wall cpu" to $OUT/LABEL
one() {
  local label="$1" launcher="$2"; shift 2
  local envs=() t="$OUT/time.txt"
  while [[ $# -gt 0 && "$1" != -- ]]; do envs+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  [[ $# -gt 0 ]] || set -- --num_outputs 1
  env ${envs[@]+"${envs[@]}"} /usr/bin/time -f "%e %U %S" -o "$t" "$launcher" generate --seed 1 "$@" \
    --output_dir "$OUT/gen-$label" >/dev/null 2>&1
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$t" >> "$OUT/$label"
}
for ((r = 1; r <= ROUNDS; r++)); do
  one nd4j "$BASE/scripts/melody"
  one plain "$ROOT/scripts/melody"
  one plain-nocds "$ROOT/scripts/melody" MELODY_CDS=0
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { cut -d' ' -f"$2" "$OUT/$1" | sort -n | sed -n '1p;$p' | paste -sd- ; }
declare -A WALL CPU
printf '%-34s %-22s %-22s %s\n' "path" "wall median (min-max)" "CPU median (min-max)" "wall, CPU vs baseline"
for label in nd4j plain plain-nocds; do
  WALL[$label]="$(cut -d' ' -f1 "$OUT/$label" | median)"
  CPU[$label]="$(cut -d' ' -f2 "$OUT/$label" | median)"
  case $label in
    nd4j) name="baseline (ND4J)" ;;
    plain) name="plain Java + class-data archive" ;;
    *) name="plain Java, MELODY_CDS=0" ;;
  esac
  printf '%-34s %-22s %-22s %s\n' "$name" "${WALL[$label]} s ($(range "$label" 1))" "${CPU[$label]} s ($(range "$label" 2))" \
    "$(awk -v a="${WALL[nd4j]}" -v b="${WALL[$label]}" -v c="${CPU[nd4j]}" -v d="${CPU[$label]}" \
      'BEGIN { printf "%.2fx, %.2fx faster", a / b, c / d }')"
done
if [[ "${HEAVY:-0}" == 1 ]]; then
  PRIMER="[$(for i in $(seq 32); do printf '60, -2, 62, -2, 64, -2, 65, -2, 67, -2, -2, -2, 65, -2, 64, -2, '; done | sed 's/, $//')]"
  heavy() {   # heavy NAME generate-flags...: baseline and new, alternating
    local name="$1"; shift
    for ((r = 1; r <= ROUNDS; r++)); do
      one "$name-nd4j" "$BASE/scripts/melody" -- "$@"
      one "$name-plain" "$ROOT/scripts/melody" -- "$@"
    done
  }
  heavy beam --bundle_file "$ROOT/bundles/attention_rnn.mag" --num_outputs 1 --beam_size 4 --branch_factor 2
  heavy long --bundle_file "$ROOT/bundles/attention_rnn.mag" --num_outputs 1 --num_steps 1024 --beam_size 4 \
    --branch_factor 2 --primer_melody "$PRIMER"
  heavy poly10 --bundle_file "$ROOT/bundles/polyphony_rnn.mag" --num_outputs 10
  printf '%-44s %-16s %-16s %-16s %s\n' "job (medians)" "baseline wall" "new wall" "baseline CPU" "new CPU"
  for job in "beam:attention_rnn beam 4 x branch 2, 128 steps" "long:primer 512 -> 1024 steps, beam 4 x 2" \
      "poly10:polyphony 10 outputs x 128 steps"; do
    k="${job%%:*}"
    printf '%-44s %-16s %-16s %-16s %s\n' "${job#*:}" "$(cut -d' ' -f1 "$OUT/$k-nd4j" | median) s" \
      "$(cut -d' ' -f1 "$OUT/$k-plain" | median) s" "$(cut -d' ' -f2 "$OUT/$k-nd4j" | median) s" \
      "$(cut -d' ' -f2 "$OUT/$k-plain" | median) s"
  done
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
