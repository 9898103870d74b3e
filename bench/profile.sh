#!/usr/bin/env bash
# Where the CPU time of one `slareport report` goes: builds the release binary with
# its symbols kept (only the last link changes: `strip` for the whole profile would rebuild
# every dependency), records it with perf and sums the time per stage (bench/profile.py).
#
#   bench/profile.sh [MONTH DATA_DIR [HZ]]   # default: the bench's 2 M-call month, 2026-03
#
# Needs: perf (apt-get install -y linux-perf), the bench data (bench/run.sh --quick makes it).
# The next `cargo build --release` relinks the stripped binary.
set -euo pipefail
cd "$(dirname "$0")/.."
month="${1:-2026-03}"
data="${2:-${SLAREPORT_BENCH_DIR:-$HOME/.cache/slareport-bench}/month-csv}"
hz="${3:-2000}"
command -v perf >/dev/null || { echo "needs perf: apt-get install -y linux-perf" >&2; exit 2; }
target="${CARGO_TARGET_DIR:-target}"
cargo rustc --release --bin slareport --quiet -- -C strip=none
bin="$(mktemp -d)/slareport"
cp "$target/release/slareport" "$bin"
out="$(mktemp -d)"
perf record -q -F "$hz" -o "$out/perf.data" -- "$bin" -q report --month "$month" \
    --calls "$data"/calls.* --tickets "$data/tickets.csv" --changes "$data/changes.csv" \
    --corrections "$data/corrections.csv" --out "$out/report" --clean
perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
    python3 bench/profile.py "$hz"
