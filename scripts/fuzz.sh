#!/usr/bin/env bash
# Long fuzzing campaign over every reader with Jazzer (coverage-guided, libFuzzer-based).
#
#   scripts/fuzz.sh [target ...]       targets: midi tfrecord noteSequence sequenceExample bundle primerMelody hparams
#
# Environment: FUZZ_RUNS (inputs per target, default 10000), FUZZ_MAX_DURATION (cap per target, default 10m),
# FUZZ_OFFLINE=1 (Maven offline).
# Each target runs ReadersFuzzTest#<target> with JAZZER_FUZZ=1 in its own JVM. The generated corpus grows in
# .cifuzz-corpus/ (ignored by git); a crashing input is written by Jazzer into
# src/test/resources/org/magentajava/fuzz/ReadersFuzzTestInputs/<target>/ so that plain `mvn verify` replays it;
# a hang (> 2 s for one input) fails with "hang:", and an input still running after 20 s is saved to
# target/fuzz-hangs/. Logs: target/fuzz/<target>.log. Prints one line per target and exits 1 on any finding.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${FUZZ_RUNS:-10000}"
DURATION="${FUZZ_MAX_DURATION:-10m}"
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(midi tfrecord noteSequence sequenceExample bundle primerMelody hparams)
fi
MVN=(mvn -B)
if [[ -n "${FUZZ_OFFLINE:-}" ]]; then MVN+=(-o); fi

mkdir -p target/fuzz
echo "fuzz.sh: compiling tests..." >&2
if ! "${MVN[@]}" -q test-compile >target/fuzz/compile.log 2>&1; then
  echo "fuzz.sh: build failed; see target/fuzz/compile.log" >&2
  exit 2
fi

printf '%-16s %10s %8s %6s %8s %9s\n' target inputs crashes hangs seconds exec/s
status=0
for t in "${TARGETS[@]}"; do
  log="target/fuzz/$t.log"
  killed_before=$(ls target/fuzz-hangs/"$t"-* 2>/dev/null | wc -l)
  start=$(date +%s)
  JAZZER_FUZZ=1 "${MVN[@]}" surefire:test -Dtest="ReadersFuzzTest#$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.instrumentation_includes="org.magentajava.**:com.google.protobuf.**" \
    -Djazzer.max_executions="$RUNS" -Djazzer.max_duration="$DURATION" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  # libFuzzer's last status line: "#N DONE ..." or "Done N runs in S second(s)".
  inputs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | awk '{print $2}')
  [[ -z "$inputs" ]] && inputs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [[ -z "$inputs" ]] && inputs=0
  fuzz_secs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  hangs=$(grep -cE 'hang: ' "$log")
  crashes=$(grep -cE '^== Java Exception:' "$log")
  # A finding that Jazzer reports as a Java exception and that is a hang counts once, as a hang.
  hang_exc=$(grep -A1 -E '^== Java Exception:' "$log" | grep -c 'hang: ')
  crashes=$(( crashes - hang_exc ))
  (( hangs > 0 )) && hangs=$(grep -oE 'hang: [a-zA-Z]+ (took|still)[^;]*' "$log" | sort -u | wc -l)
  # An input still running after 20 s halts the JVM (exit 3) after saving itself to target/fuzz-hangs/.
  killed=$(( $(ls target/fuzz-hangs/"$t"-* 2>/dev/null | wc -l) - killed_before ))
  hangs=$(( hangs + killed ))
  if (( rc != 0 && crashes == 0 && hangs == 0 )); then
    crashes=1 # the JVM died (an OutOfMemoryError or a native crash): see the log
  fi
  rate="-"
  [[ -n "$fuzz_secs" && "$fuzz_secs" -gt 0 ]] && rate=$(( inputs / fuzz_secs ))
  printf '%-16s %10s %8s %6s %8s %9s\n' "$t" "$inputs" "$crashes" "$hangs" "$secs" "$rate"
  if (( crashes > 0 || hangs > 0 || rc != 0 )); then
    status=1
    grep -E -A3 '^== Java Exception:|hang: ' "$log" | head -20 | sed 's/^/    /'
  fi
done
exit $status
