"""The year's same work as slareport, computed by Python polars: the figures of
`duckdb_year.py` (every month's trend call figures, the failure runs of the whole span in call
order, the rows the duplicate rule rejects), written as a polars user would, and checked against
slareport by the same `duckdb_year.compare_year`.

Every row of every file is read (an explicit schema) and collected once; the duplicate rule
groups by id (a group whose rows differ in any column is conflicting, a group of identical rows
keeps one); the kept calls are sorted by (received, id) once, and the months' figures (an
as-of join on the months and the opening hours) and the failure runs (run numbers from a
cumulative sum of result changes) are computed from them.

Usage (as a module: `kpis_year(...)`, or standalone; `--json`: figures and seconds as JSON):
    python3 polars_year.py [--json] [--from YYYY-MM] SLAREPORT_BIN YYYY-MM CALLS.csv [...]
"""

import time

import polars as pl

from duckdb_kpis import MAX_PERSONS, STEP_MS, T90_MS, TMAX_MS
from duckdb_year import FAILED, MIN_FAILED, MIN_OUTAGE_MS, calendars, main
from polars_kpis import SCHEMA, TS


def kpis_year(binary, csvs, months):
    """Returns (figures, seconds) as `duckdb_year.kpis_year`. Calendar lookups not timed."""
    open_iv, bounds = calendars(binary, months)
    iv = pl.DataFrame(
        {"s": [s for s, _ in open_iv], "e": [e for _, e in open_iv]},
        schema={"s": pl.Int64, "e": pl.Int64},
    ).sort("s")
    mo = pl.DataFrame(
        {"ym": [b[0] for b in bounds], "ms": [b[1] for b in bounds], "me": [b[2] for b in bounds]},
        schema={"ym": pl.Int32, "ms": pl.Int64, "me": pl.Int64},
    ).sort("ms")
    ms = pl.Datetime("ms", "UTC")
    t0 = time.perf_counter()
    raw = (
        pl.scan_csv(list(csvs), schema=SCHEMA)
        .select(
            id=pl.col("call_id"),
            t=pl.col("received_at").str.to_datetime(TS).cast(ms).dt.epoch("ms"),
            r=pl.col("responded_at").str.to_datetime(TS).cast(ms).dt.epoch("ms"),
            res=pl.col("result").str.strip_chars().str.to_lowercase(),
            p=pl.col("persons"),
            content=pl.struct(
                "received_at", "responded_at", "result", "persons", "municipality",
                "failed_providers",
            ).hash(),
        )  # fmt: skip
        .collect()
    )
    # The duplicate rule (M2.9).
    dup = (
        raw.group_by("id")
        .agg(n=pl.len(), conflicting=pl.col("content").n_unique() > 1)
        .filter(pl.col("n") > 1)
    )
    rejected = dup.select(
        pl.when(pl.col("conflicting")).then(pl.col("n")).otherwise(pl.col("n") - 1).sum()
    ).item()
    cols = ["id", "t", "r", "res", "p"]
    c = pl.concat(
        [
            raw.join(dup, on="id", how="anti").select(cols),
            raw.join(dup.filter(~pl.col("conflicting")), on="id", how="semi")
            .select(cols)
            .unique(),
        ]
    ).sort("t", "id")
    del raw
    answered = pl.col("res").is_in(["ok", "partial"])
    scope = (
        answered
        & pl.col("in_open")
        & pl.col("p").is_between(1, MAX_PERSONS)
        & pl.col("r").is_not_null()
    )
    extra = (pl.col("p") - 1) * STEP_MS
    rt = pl.col("r") - pl.col("t")
    per_month = (
        c.lazy()
        .join_asof(mo.lazy(), left_on="t", right_on="ms", strategy="backward")
        .filter(pl.col("t") < pl.col("me"))
        .join_asof(iv.lazy(), left_on="t", right_on="s", strategy="backward")
        .with_columns(in_open=pl.col("e").is_not_null() & (pl.col("t") < pl.col("e")))
        .group_by("ym")
        .agg(
            incoming=pl.len(),
            answered=answered.sum(),
            n=scope.sum(),
            within=(scope & (rt <= T90_MS + extra)).sum(),
            over=(scope & (rt > TMAX_MS + extra)).sum(),
        )
        .sort("ym")
        .collect()
    )
    # Failure runs (M3.3) over the whole span in call order (M3.2).
    failed = pl.col("res").is_in(list(FAILED))
    o = c.select("t", failed=failed).with_row_index("k")
    runs = (
        o.with_columns(grp=(pl.col("failed") != pl.col("failed").shift(1)).fill_null(True).cum_sum())
        .filter(pl.col("failed"))
        .group_by("grp")
        .agg(s=pl.col("t").min(), last=pl.col("t").max(), lastk=pl.col("k").max(), n=pl.len())
        .join(
            o.select(k=pl.col("k") - 1, next_t=pl.col("t")), left_on="lastk", right_on="k",
            how="left",
        )  # fmt: skip
        .with_columns(e=pl.coalesce("next_t", "last"))
        .filter(((pl.col("e") - pl.col("s")) >= MIN_OUTAGE_MS) & (pl.col("n") >= MIN_FAILED))
        .sort("s")
    )
    t1 = time.perf_counter()
    months_out = {}
    for row in per_month.iter_rows(named=True):
        inc, n = row["incoming"], row["n"]
        months_out[row["ym"]] = {
            "calls": inc,
            "delivery_precision": row["answered"] / inc if inc else None,
            "perf_within_t90_share": row["within"] / n if n else None,
            "perf_over_tmax": row["over"],
        }
    run_list = [(r["s"], r["e"], r["n"]) for r in runs.iter_rows(named=True)]
    return {"months": months_out, "runs": run_list, "rejected": rejected or 0}, t1 - t0


if __name__ == "__main__":
    main(kpis_year, "polars")
