#!/usr/bin/env bash
# The monthly CI job, as one script (called by .github/workflows/monthly-report.yml and
# .gitlab-ci.yml; run by tests/render/ci_script.rs on the sample data).
#
#   scripts/monthly-report.sh YYYY-MM INPUTS ARCHIVE SITE
#
# INPUTS   folder with the month's calls.csv, tickets.csv, changes.csv and (optional)
#          corrections.csv; paths are recorded relative to the working directory, so run the
#          script from the folder the inputs and the archive live under (verify runs from there).
# ARCHIVE  the report archive: the month goes to ARCHIVE/YYYY/YYYY-MM/.
# SITE     the static site over the whole archive, rebuilt every run (publish this folder).
#
# What it does, in order:
#   1. builds the tool once (cargo build --release --locked, incremental with a cached
#      target dir), unless SLAREPORT names a binary already built;
#   2. makes the month's report into a scratch folder; if the archive has no report of the
#      month, writes it there; if it has one and `diff` finds it the same (exit 0), keeps it;
#      if it differs (exit 4: late corrections, another config or tool), writes the month again
#      with --restate, which keeps the previous version in versions/N/;
#   3. checks the archived month with `verify` (exit 4 fails the job);
#   4. rebuilds the site over the archive (when the tool has the `site` command).
#
# Environment: SLAREPORT (a built binary), REPORT_LANG (sv or en, default sv),
# SLA_CONFIG (a config file; default the embedded agreement), FAIL_ON_BREACH=1 (exit 3 at the
# end when a target of the month was missed; the archive and site are written first),
# HISTORY (empty to leave --history out; default: the archive, when the tool supports it).
#
# Exit codes: 0 done; 1 an error (input, config, build); 3 a target was missed and
# FAIL_ON_BREACH=1; 4 verify found a difference in the archived month.
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "usage: $0 YYYY-MM INPUTS ARCHIVE SITE" >&2
  exit 2
fi
month=$1 inputs=$2 archive=$3 site=$4
case "$month" in
  [0-9][0-9][0-9][0-9]-[0-1][0-9]) ;;
  *) echo "error: month \`$month\`: expected YYYY-MM" >&2; exit 2 ;;
esac
year=${month%-*}
out="$archive/$year/$month"
lang=${REPORT_LANG:-sv}

# 1. Build once.
if [ -z "${SLAREPORT:-}" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
  cargo build --release --locked --manifest-path "$here/Cargo.toml" >&2
  SLAREPORT="$CARGO_TARGET_DIR/release/slareport"
fi
sr() { "$SLAREPORT" --quiet "$@"; }

# The month's inputs, as the report records them (relative to the working directory).
args=(report --month "$month" --lang "$lang"
      --calls "$inputs/calls.csv" --tickets "$inputs/tickets.csv" --changes "$inputs/changes.csv")
if [ -f "$inputs/corrections.csv" ]; then
  args+=(--corrections "$inputs/corrections.csv")
fi
if [ -n "${SLA_CONFIG:-}" ]; then
  args+=(--config "$SLA_CONFIG")
fi
# --history: the year's earlier months from the archive (a tool without it: left out).
history=${HISTORY-$archive}
if [ -n "$history" ] && [ -d "$history" ] && "$SLAREPORT" report --help | grep -q -- '--history'; then
  args+=(--history "$history")
fi

# 2. Write the month, or restate it, or keep it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
code=0
sr "${args[@]}" --fail-on-breach --out "$scratch/candidate" || code=$?
case $code in
  0) missed=0 ;;
  3) missed=1 ;;
  *) echo "error: the report of $month could not be made (exit $code)" >&2; exit 1 ;;
esac
mkdir -p "$archive/$year"
if [ ! -f "$out/manifest.json" ]; then
  sr "${args[@]}" --out "$out"
  echo "archived: $out"
else
  same=0
  sr diff "$out" "$scratch/candidate" > "$scratch/diff.txt" || same=$?
  case $same in
    0) echo "unchanged: $out already holds this report" ;;
    4)
      echo "restating $out: what changed since the archived version:"
      cat "$scratch/diff.txt"
      sr "${args[@]}" --restate --out "$out"
      echo "restated: the previous version is kept in $out/versions/"
      ;;
    *) echo "error: cannot compare with the archived $out (exit $same)" >&2; exit 1 ;;
  esac
fi

# 3. Check what the archive now holds.
v=0
sr verify "$out" || v=$?
if [ "$v" -ne 0 ]; then
  echo "error: verify $out exit $v" >&2
  exit "$v"
fi

# 4. The site over the whole archive.
if "$SLAREPORT" --help | grep -q '^  site'; then
  sr site "$archive" --out "$site" --lang "$lang"
  echo "site: $site/index.html"
else
  echo "note: this slareport has no site command; no site written" >&2
fi

if [ "${FAIL_ON_BREACH:-0}" = 1 ] && [ "$missed" = 1 ]; then
  echo "a target of $month was missed (FAIL_ON_BREACH=1)" >&2
  exit 3
fi
