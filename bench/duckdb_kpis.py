"""Call-log KPIs of one month computed by DuckDB, independently of slareport.

The same figures as slareport's `kpis` block (M4, M5, M6, M1.15, M4.6, M4.8, M6.2):
incoming, answered, delivery precision, performance scope size, share within T90, calls over
Tmax, persons > 10 in scope, nearest-rank p50/p90/p95/p99/max, peak calls per aligned second
and minute. Opening hours come from `slareport calendar --format json` (the agreement's
calendar, holidays included), so DuckDB only needs an interval join, not a holiday rule.

Assumptions (true of `slareport sample` data, which the benchmark uses): no duplicate or
rejected call rows, and a time zone whose offsets are whole minutes, so that aligned local
seconds and minutes are aligned UTC ones.

Usage (as a module: `kpis(...)`, or standalone):
    python3 duckdb_kpis.py SLAREPORT_BIN CALLS.csv YYYY-MM
"""

import json
import subprocess
import sys
import time
from datetime import datetime

import duckdb

MAX_PERSONS = 10
T90_MS, TMAX_MS, STEP_MS = 7000, 12000, 1500


def epoch_ms(rfc3339):
    return int(datetime.fromisoformat(rfc3339).timestamp() * 1000)


def month_calendar(binary, year, month):
    """(open intervals as epoch-ms pairs, month start ms, month end ms) from slareport."""
    out = subprocess.run(
        [binary, "calendar", "--year", str(year), "--month", str(month), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cal = json.loads(out)
    open_iv = [
        (epoch_ms(iv["start"]), epoch_ms(iv["end"]))
        for day in cal["days"]
        for iv in day["intervals"]
    ]
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Stockholm")
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return open_iv, int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def kpis(binary, calls_csv, year, month, threads=None):
    """Returns (figures dict, read seconds, compute seconds). The calendar lookup is not timed."""
    open_iv, start_ms, end_ms = month_calendar(binary, year, month)
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("CREATE TEMP TABLE open_iv (s BIGINT, e BIGINT)")
    con.executemany("INSERT INTO open_iv VALUES (?, ?)", open_iv)

    t0 = time.perf_counter()
    # Read: the month's calls, timestamps as epoch milliseconds (instants keep ms, M1.3).
    con.execute(
        f"""
        CREATE TEMP TABLE c AS
        SELECT epoch_ms(received_at) AS t,
               epoch_ms(responded_at) AS r,
               lower(trim(result)) AS res,
               persons AS p
        FROM read_csv(?, header = true, columns = {{
            'call_id': 'VARCHAR', 'received_at': 'TIMESTAMPTZ', 'responded_at': 'TIMESTAMPTZ',
            'result': 'VARCHAR', 'persons': 'INTEGER', 'municipality': 'VARCHAR',
            'failed_providers': 'VARCHAR'}})
        WHERE epoch_ms(received_at) >= {start_ms} AND epoch_ms(received_at) < {end_ms}
        """,
        [calls_csv],
    )
    t1 = time.perf_counter()
    prec = con.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE res IN ('ok', 'partial')) FROM c
        """
    ).fetchone()
    # Performance scope: answered, received in an open interval [s, e), 1 <= persons <= 10,
    # with a response time (M4, M4.7); within T90 is <=, over Tmax is > (M1.15).
    perf = con.execute(
        f"""
        WITH a AS (
            SELECT c.t, c.r, c.p, (o.e IS NOT NULL AND c.t < o.e) AS in_open
            FROM c ASOF LEFT JOIN open_iv o ON c.t >= o.s
            WHERE c.res IN ('ok', 'partial')
        ),
        s AS (
            SELECT r - t AS rt, p FROM a
            WHERE in_open AND p BETWEEN 1 AND {MAX_PERSONS} AND r IS NOT NULL
        )
        SELECT count(*),
               count(*) FILTER (WHERE rt <= {T90_MS} + {STEP_MS} * (p - 1)),
               count(*) FILTER (WHERE rt > {TMAX_MS} + {STEP_MS} * (p - 1)),
               quantile_disc(rt, [0.5, 0.9, 0.95, 0.99]),
               max(rt),
               (SELECT count(*) FROM a WHERE in_open AND p > {MAX_PERSONS})
        FROM s
        """
    ).fetchone()
    peaks = con.execute(
        """
        SELECT (SELECT max(n) FROM (SELECT count(*) AS n FROM c GROUP BY t // 1000)),
               (SELECT max(n) FROM (SELECT count(*) AS n FROM c GROUP BY t // 60000))
        """
    ).fetchone()
    t2 = time.perf_counter()
    incoming, answered = prec
    n, within, over, q, mx, invalid = perf
    figures = {
        "calls_incoming": incoming,
        "calls_answered": answered,
        "delivery_precision": answered / incoming if incoming else None,
        "perf_calls": n,
        "perf_within_t90_share": within / n if n else None,
        "perf_over_tmax": over,
        "perf_invalid_persons": invalid,
        "response_p50_ms": q[0] if n else None,
        "response_p90_ms": q[1] if n else None,
        "response_p95_ms": q[2] if n else None,
        "response_p99_ms": q[3] if n else None,
        "response_max_ms": mx,
        "peak_calls_per_second": peaks[0] or 0,
        "peak_calls_per_minute": peaks[1] or 0,
    }
    return figures, t1 - t0, t2 - t1


def compare(ours, theirs):
    """Keys where slareport's metrics.json `kpis_as_measured` and DuckDB disagree."""
    bad = []
    for k, v in theirs.items():
        o = ours.get(k)
        same = (
            abs(o - v) <= 1e-12
            if isinstance(v, float) and isinstance(o, float)
            else o == v
        )
        if not same:
            bad.append(f"{k}: slareport {o!r} vs duckdb {v!r}")
    return bad


if __name__ == "__main__":
    binary, csv_path, ym = sys.argv[1:4]
    y, m = (int(x) for x in ym.split("-"))
    figs, read_s, compute_s = kpis(binary, csv_path, y, m)
    print(json.dumps(figs, indent=2))
    print(f"duckdb read {read_s:.3f} s, compute {compute_s:.3f} s", file=sys.stderr)
