#!/usr/bin/env bash
# The national-scale benchmark: builds slareport in release mode, generates the
# sample data if absent (outside the repository: $SLAREPORT_BENCH_DIR, default
# ~/.cache/slareport-bench, about 3 GB), times `slareport report` for a 2 M-call month and the
# December report of a 25 M-call year (CSV and Parquet), and compares the call KPIs with DuckDB
# and polars; for the year also the same work (duckdb_year.py, polars_year.py).
#
#   bench/run.sh            # everything (a few minutes after the data exists)
#   bench/run.sh --quick    # the month only (--best-of N: its timings N times in turn, best kept)
#   bench/run.sh --scale    # the scale curve: 0.25-4 x the month (wall, peak RSS)
#   bench/run.sh --two-year # also 2025 + 2026 given together (50 M calls), and the same two
#                           # years with ids restarting per file (all rejected; its rows per
#                           # file: SLAREPORT_BENCH_REJECT_ROWS, default 25 M; ~12 GB of disk)
#
# Needs: /usr/bin/time (apt-get install -y time), python3 with duckdb and polars (pip install duckdb polars).
# Runs niced: the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }
python3 -c "import duckdb, polars" 2>/dev/null || { echo "needs DuckDB and polars: pip install duckdb polars" >&2; exit 2; }

cargo build --release --quiet
target="${CARGO_TARGET_DIR:-target}"
bin="$(cd "$target/release" && pwd)/slareport"

exec nice -n 10 python3 bench/bench.py "$bin" "$@"
