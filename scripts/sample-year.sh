#!/bin/sh
# A twelve-month archive from a generated year: `slareport sample --year`, then one `report`
# per month into OUT/archive/YYYY-MM (each reading the year's files, as a service level manager
# would). Then: slareport annual --year YEAR --history OUT/archive --out OUT/annual
#
# Usage: scripts/sample-year.sh [YEAR] [OUT]   (defaults: 2026, year-YEAR)
# SLAREPORT names the binary (default: slareport on PATH); CALLS the calls of the year.
set -eu
YEAR=${1:-2026}
OUT=${2:-year-$YEAR}
BIN=${SLAREPORT:-slareport}
CALLS=${CALLS:-120000}
"$BIN" --quiet sample --year "$YEAR" --calls "$CALLS" --out "$OUT/in"
for M in 01 02 03 04 05 06 07 08 09 10 11 12; do
    "$BIN" --quiet report --month "$YEAR-$M" \
        --calls "$OUT/in/calls.csv" --tickets "$OUT/in/tickets.csv" \
        --changes "$OUT/in/changes.csv" --corrections "$OUT/in/corrections.csv" \
        --out "$OUT/archive/$YEAR-$M"
done
echo "archive of $YEAR in $OUT/archive; next: $BIN annual --year $YEAR --history $OUT/archive --out $OUT/annual"
