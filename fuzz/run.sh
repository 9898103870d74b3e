#!/usr/bin/env bash
# Long fuzz runs (issue 9). cargo-fuzz needs nightly + cargo-fuzz + libfuzzer-sys, which cannot be
# fetched on this machine, so the targets are proptest-driven tests (tests/fuzz_*.rs) run with a
# large budget: each target keeps running rounds of SLAREPORT_FUZZ_CASES cases with fresh seeds
# until SLAREPORT_FUZZ_SECS have passed, then prints its case count.
#
#   fuzz/run.sh            # every target, 600 s each, one after another, niced
#   SECS=60 fuzz/run.sh    # shorter
#   ONLY=fuzz_timestamp_parser fuzz/run.sh   # one target
#
# Logs go to $LOGS/<target>.log (default fuzz/logs, git-ignored); a failure prints the minimal input and the
# round whose seed reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  echo "note: CARGO_TARGET_DIR is not set: cargo builds into ./target (a cold build)" >&2
fi
SECS="${SECS:-600}"
# Cases per round: small rounds keep the time check frequent (a render case with a PDF is
# ~0.3 s in a debug build).
CASES="${CASES:-64}"
LOGS="${LOGS:-fuzz/logs}"
mkdir -p "$LOGS"
targets=(
  "fuzz_readers fuzz_calls_reader"
  "fuzz_readers fuzz_tickets_reader"
  "fuzz_readers fuzz_changes_and_corrections_readers"
  "fuzz_parsers fuzz_timestamp_parser"
  "fuzz_parsers fuzz_target_parser"
  "fuzz_parsers fuzz_config_parser"
  "fuzz_render fuzz_render_hostile_text"
  "fuzz_parquet fuzz_parquet_reader"
)
status=0
for t in "${targets[@]}"; do
  set -- $t
  file="$1" name="$2"
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ]; then continue; fi
  echo "== $name (${SECS}s)"
  if SLAREPORT_FUZZ_SECS="$SECS" SLAREPORT_FUZZ_CASES="$CASES" \
      nice -n 15 cargo test --quiet --test "$file" "$name" -- --exact --nocapture \
      >"$LOGS/$name.log" 2>&1; then
    grep '^fuzz ' "$LOGS/$name.log" || true
  else
    status=1
    echo "FAILED: see $LOGS/$name.log"
    grep -A20 'minimal failing input' "$LOGS/$name.log" | head -40 || true
  fi
done
exit $status
