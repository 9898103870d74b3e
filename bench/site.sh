#!/usr/bin/env bash
# Benchmark (not a test): `slareport site` over a ten-year archive, 120 monthly report folders
# (PDF, HTML, metrics.json, CSV; small generated months: the site reads only what each folder
# carries, so the size of the logs does not matter), two of them restated. Target: < 5 s.
#
#   bench/site.sh [WORKDIR]        (default: a temporary folder; the archive is kept there)
#
# Uses the release binary (cargo build --release), or SLAREPORT.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/slareport-target}"
if [ -z "${SLAREPORT:-}" ]; then
  cargo build --release --quiet
  SLAREPORT="$CARGO_TARGET_DIR/release/slareport"
fi
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cd "$work"
if [ ! -d arkiv ]; then
  echo "making 120 months in $work/arkiv (once) ..." >&2
  for y in $(seq 2016 2025); do
    for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
      in="in/$y-$m"
      "$SLAREPORT" -q sample --month "$y-$m" --calls 800 --out "$in"
      "$SLAREPORT" -q report --month "$y-$m" --calls "$in/calls.csv" --tickets "$in/tickets.csv" \
        --changes "$in/changes.csv" --out "arkiv/$y/$y-$m"
    done
  done
  for ym in 2020-03 2024-11; do
    in="in/$ym"
    "$SLAREPORT" -q report --month "$ym" --calls "$in/calls.csv" --tickets "$in/tickets.csv" \
      --changes "$in/changes.csv" --corrections "$in/corrections.csv" --restate --out "arkiv/${ym%-*}/$ym"
  done
fi
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$SLAREPORT" -q site arkiv --out site
  end=$(date +%s.%N)
  echo "site over $(ls -d arkiv/*/* | wc -l) months: run $run: $(echo "$end - $start" | bc) s"
done
du -sh site
