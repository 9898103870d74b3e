"""Call-log KPIs of one month computed by Python polars, the peer to beat.

The same 14 figures as `duckdb_kpis.py` (slareport's `kpis` block, M4, M5, M6,
M1.15, M4.6, M4.8, M6.2), written the way a polars user would: a lazy CSV scan with an explicit schema,
only the needed columns, a text filter on the month before any timestamp is parsed, the
month's rows collected once, then every figure from them. Opening hours come from `slareport calendar --format json` (not timed), as for DuckDB.

Same assumptions as `duckdb_kpis.py`: no duplicate or rejected call rows (true of `slareport
sample` data), and the local month is the text prefix of `received_at` (RFC 3339 local time
with offset, as the sample writes it).

Usage (as a module: `kpis(...)`, or standalone):
    python3 polars_kpis.py SLAREPORT_BIN CALLS.csv YYYY-MM
"""

import json
import sys
import time

import polars as pl

from duckdb_kpis import MAX_PERSONS, STEP_MS, T90_MS, TMAX_MS, month_calendar

TS = "%Y-%m-%dT%H:%M:%S%.f%:z"

# The call log's columns as text, as slareport reads them (its own parsers, not polars').
SCHEMA = {
    "call_id": pl.String,
    "received_at": pl.String,
    "responded_at": pl.String,
    "result": pl.String,
    "persons": pl.Int32,
    "municipality": pl.String,
    "failed_providers": pl.String,
}


def nearest_rank(col, pct):
    """Nearest-rank percentile (M4.8): the ceil(pct/100 * n)-th smallest value."""
    n = pl.len()
    return col.sort().get(((n * pct + 99) // 100 - 1).clip(lower_bound=0))


def kpis(binary, calls_csv, year, month):
    """Returns (figures dict, read seconds, compute seconds); read and compute are one lazy
    query here, so all of it is reported as compute. The calendar lookup is not timed."""
    open_iv, _start_ms, _end_ms = month_calendar(binary, year, month)
    iv = pl.DataFrame(
        {"s": [s for s, _ in open_iv], "e": [e for _, e in open_iv]},
        schema={"s": pl.Int64, "e": pl.Int64},
    ).sort("s")
    t0 = time.perf_counter()
    prefix = f"{year:04d}-{month:02d}"
    ms = pl.Datetime("ms", "UTC")
    # The month's calls parsed once and kept (2 M rows x 4 columns): every figure below reads
    # them (a lazy query per figure would scan and parse the CSV again for each).
    c = (
        pl.scan_csv(calls_csv, schema=SCHEMA)
        .select("received_at", "responded_at", "result", "persons")
        .filter(pl.col("received_at").str.starts_with(prefix))
        .select(
            t=pl.col("received_at").str.to_datetime(TS).cast(ms).dt.epoch("ms"),
            r=pl.col("responded_at").str.to_datetime(TS).cast(ms).dt.epoch("ms"),
            res=pl.col("result").str.strip_chars().str.to_lowercase(),
            p=pl.col("persons"),
        )
        .collect()
        .lazy()
    )
    answered = pl.col("res").is_in(["ok", "partial"])
    a = (
        c.filter(answered)
        .sort("t")
        .join_asof(iv.lazy(), left_on="t", right_on="s", strategy="backward")
        .with_columns(in_open=pl.col("e").is_not_null() & (pl.col("t") < pl.col("e")))
    )
    s = a.filter(
        pl.col("in_open") & pl.col("p").is_between(1, MAX_PERSONS) & pl.col("r").is_not_null()
    ).select(rt=pl.col("r") - pl.col("t"), p=pl.col("p"))
    extra = (pl.col("p") - 1) * STEP_MS
    perf = s.select(
        n=pl.len(),
        within=(pl.col("rt") <= T90_MS + extra).sum(),
        over=(pl.col("rt") > TMAX_MS + extra).sum(),
        p50=nearest_rank(pl.col("rt"), 50),
        p90=nearest_rank(pl.col("rt"), 90),
        p95=nearest_rank(pl.col("rt"), 95),
        p99=nearest_rank(pl.col("rt"), 99),
        mx=pl.col("rt").max(),
    )
    invalid = a.select(inv=(pl.col("in_open") & (pl.col("p") > MAX_PERSONS)).sum())
    prec = c.select(incoming=pl.len(), answered=answered.sum())
    per_s = c.group_by(pl.col("t") // 1000).len().select(ps=pl.col("len").max())
    per_m = c.group_by(pl.col("t") // 60000).len().select(pm=pl.col("len").max())
    prec, perf, invalid, per_s, per_m = pl.collect_all([prec, perf, invalid, per_s, per_m])
    t1 = time.perf_counter()
    incoming, ans = prec["incoming"][0], prec["answered"][0]
    n = perf["n"][0]

    def q(k):
        return perf[k][0] if n else None

    figures = {
        "calls_incoming": incoming,
        "calls_answered": ans,
        "delivery_precision": ans / incoming if incoming else None,
        "perf_calls": n,
        "perf_within_t90_share": perf["within"][0] / n if n else None,
        "perf_over_tmax": perf["over"][0],
        "perf_invalid_persons": invalid["inv"][0],
        "response_p50_ms": q("p50"),
        "response_p90_ms": q("p90"),
        "response_p95_ms": q("p95"),
        "response_p99_ms": q("p99"),
        "response_max_ms": q("mx"),
        "peak_calls_per_second": per_s["ps"][0] or 0,
        "peak_calls_per_minute": per_m["pm"][0] or 0,
    }
    return figures, 0.0, t1 - t0


if __name__ == "__main__":
    binary, csv_path, ym = sys.argv[1:4]
    y, m = (int(x) for x in ym.split("-"))
    figs, _, compute_s = kpis(binary, csv_path, y, m)
    print(json.dumps(figs, indent=2))
    print(f"polars read+KPIs {compute_s:.3f} s", file=sys.stderr)
