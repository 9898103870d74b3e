"""The year's same work as slareport, computed by DuckDB (and by polars in `polars_year.py`).

For the December report of a year slareport reads every call of every file given, applies the
duplicate rule over all of them (M2.9), and computes for every month the trend's call figures,
and the failure runs of the whole span in call order (M3.2, M3.3). This peer does the same
work on the same CSV files, as a DuckDB user would:

- reads every row of every file (an explicit schema; ids, timestamps, result, persons, and the
  other columns for the content comparison);
- the duplicate rule: ids seen more than once; a group whose rows differ in any column is
  conflicting (every copy rejected), a group of identical rows keeps one copy;
- per local month of the span: calls incoming, answered, delivery precision, the performance
  scope, the share within T90 and the calls over Tmax (M4, M5, M1.15), with the opening hours
  of `slareport calendar` (not timed);
- the failure runs of the whole span: maximal runs of consecutive calls (ordered by received,
  ties by id) whose result is `no_response` or `unreachable`, each from its first call to the
  next call with another result (its last failed call when none follows), kept when at least
  `min_outage` long with at least `min_failed` calls (M3.3), with their open time.

`compare_year` checks the figures against slareport's metrics.json: every month of the report
year against the `trend` row (calls, precision, share within T90, over Tmax: integers equal,
shares within 1e-12), December's failure runs against `availability.intervals` of source
`calls` (start, end, failed calls: equal), and the rows the duplicate rule rejects against
`kpis_as_measured.rows_rejected` (equal: the bench's inputs have no other rejected rows).

Usage (as a module: `kpis_year(...)`, or standalone; `--json`: figures and seconds as JSON):
    python3 duckdb_year.py [--json] [--from YYYY-MM] SLAREPORT_BIN YYYY-MM CALLS.csv [...]
"""

import json
import sys
import tempfile
import time

import duckdb

from duckdb_kpis import MAX_PERSONS, STEP_MS, T90_MS, TMAX_MS, month_calendar

MIN_OUTAGE_MS, MIN_FAILED = 300_000, 3
FAILED = ("no_response", "unreachable")


def months_of(first, last):
    """(year, month) from `first` to `last`, both included."""
    y, m = first
    while (y, m) <= last:
        yield y, m
        y, m = (y + (m == 12), m % 12 + 1)


def calendars(binary, months):
    """Open intervals of every month and the months' [start, end) in epoch ms."""
    open_iv, bounds = [], []
    for y, m in months:
        iv, s, e = month_calendar(binary, y, m)
        open_iv += iv
        bounds.append((y * 100 + m, s, e))
    return open_iv, bounds


def kpis_year(binary, csvs, months, memory_limit=None):
    """Returns (figures, seconds): figures = {"months": {yyyymm: {...}}, "runs": [...],
    "rejected": n}. The calendar lookups are not timed."""
    open_iv, bounds = calendars(binary, months)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/duckdb-year-spill'")
    con.execute("CREATE TEMP TABLE open_iv (s BIGINT, e BIGINT)")
    con.executemany("INSERT INTO open_iv VALUES (?, ?)", open_iv)
    con.execute("CREATE TEMP TABLE months (ym INTEGER, s BIGINT, e BIGINT)")
    con.executemany("INSERT INTO months VALUES (?, ?, ?)", bounds)
    t0 = time.perf_counter()
    con.execute(
        """
        CREATE TEMP TABLE raw AS
        SELECT call_id AS id, epoch_ms(received_at) AS t, epoch_ms(responded_at) AS r,
               lower(trim(result)) AS res, persons AS p,
               hash(received_at, responded_at, result, persons, municipality,
                    failed_providers) AS content
        FROM read_csv(?, header = true, columns = {
            'call_id': 'VARCHAR', 'received_at': 'TIMESTAMPTZ', 'responded_at': 'TIMESTAMPTZ',
            'result': 'VARCHAR', 'persons': 'INTEGER', 'municipality': 'VARCHAR',
            'failed_providers': 'VARCHAR'})
        """,
        [list(csvs)],
    )
    # The duplicate rule (M2.9): ids seen more than once; conflicting when contents differ.
    con.execute(
        """
        CREATE TEMP TABLE dup AS
        SELECT id, count(*) AS n, count(DISTINCT content) > 1 AS conflicting
        FROM raw GROUP BY id HAVING count(*) > 1
        """
    )
    rejected = con.execute(
        "SELECT coalesce(sum(CASE WHEN conflicting THEN n ELSE n - 1 END), 0) FROM dup"
    ).fetchone()[0]
    con.execute(
        """
        CREATE TEMP TABLE c AS
        SELECT id, t, r, res, p FROM raw ANTI JOIN dup USING (id)
        UNION ALL
        SELECT DISTINCT id, t, r, res, p FROM raw SEMI JOIN
            (SELECT id FROM dup WHERE NOT conflicting) USING (id);
        DROP TABLE raw;
        """
    )
    per_month = con.execute(
        f"""
        WITH m AS (
            SELECT c.*, mo.ym FROM c ASOF JOIN months mo ON c.t >= mo.s WHERE c.t < mo.e
        ),
        a AS (
            SELECT m.ym, m.t, m.r, m.p, m.res IN ('ok', 'partial') AS answered,
                   (o.e IS NOT NULL AND m.t < o.e) AS in_open
            FROM m ASOF LEFT JOIN open_iv o ON m.t >= o.s
        )
        SELECT ym, count(*), count(*) FILTER (WHERE answered),
               count(*) FILTER (WHERE answered AND in_open AND p BETWEEN 1 AND {MAX_PERSONS}
                                AND r IS NOT NULL),
               count(*) FILTER (WHERE answered AND in_open AND p BETWEEN 1 AND {MAX_PERSONS}
                                AND r - t <= {T90_MS} + {STEP_MS} * (p - 1)),
               count(*) FILTER (WHERE answered AND in_open AND p BETWEEN 1 AND {MAX_PERSONS}
                                AND r - t > {TMAX_MS} + {STEP_MS} * (p - 1))
        FROM a GROUP BY ym ORDER BY ym
        """
    ).fetchall()
    # Failure runs (M3.3) over the whole span in call order (M3.2).
    runs = con.execute(
        f"""
        WITH o AS (
            SELECT t, res IN {FAILED} AS failed,
                   row_number() OVER (ORDER BY t, id) AS k
            FROM c
        ),
        g AS (
            SELECT t, failed, k, k - row_number() OVER (PARTITION BY failed ORDER BY k) AS grp
            FROM o
        ),
        runs AS (
            SELECT min(t) AS s, max(t) AS last, max(k) AS lastk, count(*) AS n
            FROM g WHERE failed GROUP BY grp
        ),
        ends AS (
            SELECT runs.*, coalesce(o.t, runs.last) AS e
            FROM runs LEFT JOIN o ON o.k = runs.lastk + 1
        )
        SELECT s, e, n FROM ends
        WHERE e - s >= {MIN_OUTAGE_MS} AND n >= {MIN_FAILED} ORDER BY s
        """
    ).fetchall()
    t1 = time.perf_counter()
    months_out = {}
    for ym, incoming, answered, n, within, over in per_month:
        months_out[ym] = {
            "calls": incoming,
            "delivery_precision": answered / incoming if incoming else None,
            "perf_within_t90_share": within / n if n else None,
            "perf_over_tmax": over,
        }
    return {"months": months_out, "runs": runs, "rejected": rejected}, t1 - t0


def compare_year(metrics, figs, year, peer="duckdb"):
    """Where slareport's metrics.json and the peer's figures disagree (see the module doc)."""
    bad = []
    for row in metrics["trend"]["months"]:
        ym = year * 100 + row["month"]
        ours = {"calls": row["calls"]}
        ours.update({t["key"]: t["actual"] for t in row["targets"]})
        theirs = figs["months"].get(ym, {"calls": 0})
        for k, v in theirs.items():
            o = ours.get(k)
            if v is None and o is None:
                continue
            same = (
                o is not None and v is not None and abs(float(o) - float(v)) <= 1e-12
                if isinstance(v, float)
                else o == v
            )
            if not same:
                bad.append(f"{ym} {k}: slareport {o!r} vs {peer} {v!r}")
    # The report month's failure runs: those overlapping [period_start, period_end).
    lo, hi = metrics["period_start"], metrics["period_end"]
    ours = sorted(
        (iv["start"], iv["end"], iv["failed_calls"])
        for iv in metrics["availability"]["intervals"]
        if iv["source"] == "calls"
    )
    theirs = sorted((s, e, n) for s, e, n in figs["runs"] if e > lo and s < hi)
    if ours != theirs:
        bad.append(f"failure runs of the month: slareport {ours} vs {peer} {theirs}")
    rej = metrics["kpis_as_measured"].get("rows_rejected")
    if rej != figs["rejected"]:
        bad.append(f"rows rejected by the duplicate rule: slareport {rej} vs {peer} {figs['rejected']}")
    return bad


def main(kpis_year, peer):
    """The standalone run: `[--json] [--memory-limit SIZE] [--from YYYY-MM] SLAREPORT_BIN
    YYYY-MM CALLS...`; the months from `--from` (default: January of the report year) to the
    report month; `--memory-limit`: DuckDB's (spilling to disk beyond it)."""
    args = sys.argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    first = memory_limit = None
    if args[0] == "--memory-limit":
        memory_limit, args = args[1], args[2:]
    if args[0] == "--from":
        first, args = args[1], args[2:]
    binary, ym, *csvs = args
    y, m = (int(x) for x in ym.split("-"))
    fy, fm = (int(x) for x in first.split("-")) if first else (y, 1)
    extra = {"memory_limit": memory_limit} if memory_limit else {}
    figs, secs = kpis_year(binary, csvs, list(months_of((fy, fm), (y, m))), **extra)
    if as_json:
        print(json.dumps({"figures": figs, "seconds": secs}))
        return
    print(json.dumps({str(k): v for k, v in figs["months"].items()}, indent=2))
    print(f"{len(figs['runs'])} failure runs, {figs['rejected']} rows rejected as duplicates")
    print(f"{peer} {secs:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(kpis_year, "duckdb")
