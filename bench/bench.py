"""The national-scale benchmark, driven by bench/run.sh.

One run on the same files: generates the sample data if absent (2 M calls for 2026-03 and 25 M
for 2026, each in CSV and Parquet (its timestamps typed, as a database exports them), under $SLAREPORT_BENCH_DIR, default
~/.cache/slareport-bench: never in the repository); times `slareport report` for the month
and the December report of the year with YTD (both formats; all outputs, and for CSV also
`--format json`) with `/usr/bin/time -v` (wall time, peak RSS) and `--timings` (per-stage wall
time); computes the 14 call-log KPIs with DuckDB and with Python polars on the same CSVs;
checks both agree key by key with slareport's metrics.json (`kpis_as_measured`); prints a
Markdown table with the ratios slareport / DuckDB (all outputs) and slareport / polars
(`--format json`).

For the year it also runs the same work as slareport with DuckDB and polars
(`duckdb_year.py`, `polars_year.py`, each in a process of its own under `/usr/bin/time -v`):
every month's call figures, the failure runs of the whole span and the duplicate rule, checked
against slareport's trend, December's failure runs and its rejected rows.

Usage: python3 bench/bench.py SLAREPORT_BIN [--quick | --scale | --two-year] [--best-of N]
  --quick: the month only; --scale: `report --format json` at 0.25, 0.5, 1, 2, 4 x the month;
  --best-of N: the month's CSV timings (all outputs, json, DuckDB, polars) N times in turn,
  each one's best kept, and so the all-outputs runs of the month's Parquet and of the year
  (CSV, Parquet);
  --two-year: also two years of logs given together (2025 and 2026, 50 M calls, distinct ids),
  and the same two years with the ids restarting at 1 in each file (every call a conflicting
  duplicate: all rejected), slareport and DuckDB's same work (DuckDB limited to 4 GB, spilling
  beyond; polars would need about 13 GB for 50 M rows on a shared machine: not run).
  Generating the 2025 log and the renumbered copies takes a few minutes and 4.5 GB more the
  first time; the all-rejected run writes a rejected.csv of about 6 GB and spills about 5 GB
  more to the temporary directory while it runs. SLAREPORT_BENCH_REJECT_ROWS=N renumbers only
  the first N rows of each year (a smaller case for a small disk).
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duckdb_kpis  # noqa: E402
import duckdb_year  # noqa: E402
import polars_kpis  # noqa: E402

DATA = Path(os.environ.get("SLAREPORT_BENCH_DIR", Path.home() / ".cache" / "slareport-bench"))
CASES = [
    # (label, data dir, sample args, report month)
    ("month 2 M", "month", ["--month", "2026-03", "--calls", "2000000"], "2026-03"),
    ("year 25 M, Dec + YTD", "year", ["--year", "2026", "--calls", "25000000"], "2026-12"),
]
FORMATS = ["csv", "parquet"]


def generate(binary, name, args, fmt):
    out = DATA / f"{name}-{fmt}"
    if (out / f"calls.{fmt}").exists() and (out / "tickets.csv").exists():
        return out
    print(f"generating {out} ...", file=sys.stderr)
    tmp = out.with_name(out.name + ".partial")
    subprocess.run(
        [binary, "-q", "sample", *args, "--format", fmt, "--out", str(tmp)], check=True
    )
    tmp.rename(out)
    return out


def typed_parquet(src):
    """A copy of the sample's Parquet with the timestamps typed (`datetime[ms, UTC]`), as a
    database's Parquet export holds them; the sample writes RFC 3339 text like its CSV. The
    reader then takes each instant as it is (no text to parse)."""
    dst = src.with_name(src.name + "-typed")
    if (dst / "calls.parquet").exists():
        return dst
    print(f"typing the timestamps of {src} into {dst} ...", file=sys.stderr)
    import polars as pl

    tmp = dst.with_name(dst.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fmt = "%Y-%m-%dT%H:%M:%S%.f%:z"
    cols = [
        pl.col(c).str.to_datetime(fmt, time_unit="ms", time_zone="UTC")
        for c in ("received_at", "responded_at")
    ]
    pl.scan_parquet(src / "calls.parquet").with_columns(cols).sink_parquet(
        tmp / "calls.parquet", compression="snappy", row_group_size=256 * 1024
    )
    for f in ("tickets.csv", "changes.csv", "corrections.csv"):
        shutil.copy(src / f, tmp / f)
    tmp.rename(dst)
    return dst


def restarted_ids(src, dst, rows=None):
    """The first `rows` rows of `src` (all: None) with every call id replaced by its row
    number (1, 2, …): ids that restart per file. The first field is the id (the sample's CSV
    quotes nothing)."""
    if dst.exists():
        return dst
    print(f"renumbering the ids of {src} into {dst} ...", file=sys.stderr)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".partial")
    # The header, then each row's fields after the first, numbered (cut and nl: about 15 s a
    # year; awk's sub() took minutes).
    take = f"head -n {int(rows)} |" if rows else ""
    script = f'head -n 1 "$1"; tail -n +2 "$1" | {take} cut -d, -f2- | nl -b a -w 1 -s ,'
    with open(tmp, "wb") as out:
        subprocess.run(["bash", "-c", script, "-", str(src)], stdout=out, check=True)
    tmp.rename(dst)
    return dst


def parse_time_v(err):
    """(wall s, CPU s, peak RSS KiB) from `/usr/bin/time -v`'s report."""
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    h, m, s = wall.groups()
    wall_s = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    cpu_s = sum(
        float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1))
        for k in ("User", "System")
    )
    return wall_s, cpu_s, rss_kb


def timed_report(binary, data, fmt, month, out, formats=None, calls=None):
    """One `slareport report` into a fresh `out`; `calls` (default: the data's own call log)
    may name several files."""
    # --clean refuses to replace a report (it may have been sent): start afresh.
    shutil.rmtree(out, ignore_errors=True)
    calls = calls or [data / f"calls.{fmt}"]
    cmd = [
        "/usr/bin/time", "-v", binary, "--timings", "-q", "report", "--month", month,
        *[a for c in calls for a in ("--calls", str(c))],
        "--tickets", str(data / "tickets.csv"),
        "--changes", str(data / "changes.csv"),
        "--corrections", str(data / "corrections.csv"),
        "--out", str(out), "--clean",
    ]  # fmt: skip
    if formats:
        cmd += ["--format", formats]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"slareport failed ({p.returncode}):\n{p.stderr}")
    err = p.stderr
    wall_s, cpu_s, rss_kb = parse_time_v(err)
    stages = {k.strip(): float(v) for k, v in re.findall(r"timing: (.+?)\s+([\d.]+) s", err)}
    metrics = json.loads((out / "metrics.json").read_text())
    return wall_s, cpu_s, rss_kb, stages, metrics


def stages(wall, cpu, rss, st):
    """A table row's timings: wall, CPU, peak RSS and the stages of `--timings` (reading:
    every step of it; rendering: the PDF's typst layout and export, and the rest)."""
    return {
        "wall": wall, "cpu": cpu, "rss_mib": rss / 1024,
        "read": sum(v for k, v in st.items() if k.startswith("reading inputs")),
        "compute": st.get("computing figures"),
        "render": sum(v for k, v in st.items() if k.startswith("rendering")),
        "pdf": st.get("rendering: report.pdf"),
    }  # fmt: skip


def peers(binary, csv_path, y, m, metrics, checks):
    """DuckDB and polars on the same CSV; each checked key by key against slareport."""
    out = {}
    for name, mod in (("duckdb", duckdb_kpis), ("polars", polars_kpis)):
        figs, read_s, comp_s = mod.kpis(binary, csv_path, y, m)
        checks.append((name, len(figs), duckdb_kpis.compare(metrics["kpis_as_measured"], figs)))
        out[name] = read_s + comp_s
    return out


def peer_year(binary, script, csvs, first, month, memory_limit=None):
    """The same work as slareport by one peer, in a process of its own: (figures, its own
    seconds without the calendar lookups, wall s, peak RSS KiB)."""
    cmd = [
        "/usr/bin/time", "-v", sys.executable, str(Path(__file__).resolve().parent / script),
        "--json", "--from", first, binary, month, *map(str, csvs),
    ]  # fmt: skip
    if memory_limit:
        cmd[4:4] = ["--memory-limit", memory_limit]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{script} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    out = json.loads(p.stdout)
    figs = out["figures"]
    figs["months"] = {int(k): v for k, v in figs["months"].items()}
    figs["runs"] = [tuple(r) for r in figs["runs"]]
    wall, _, rss = parse_time_v(p.stderr)
    return figs, out["seconds"], wall, rss


def same_work(
    binary, label, csvs, first, month, metrics, slareport_row, peers, checks, memory_limit=None
):
    """A row of the same-work table: slareport's run against each peer's same work
    (`memory_limit`: DuckDB's, spilling to disk beyond it)."""
    y, m = (int(x) for x in month.split("-"))
    row = {"case": label, "wall": slareport_row["wall"], "rss_mib": slareport_row["rss_mib"]}
    for name, script in peers:
        figs, secs, wall, rss = peer_year(binary, script, csvs, first, month, memory_limit)
        row[name] = secs
        row[name + "_rss"] = rss / 1024
        checks.append((f"{name} same work, {label}", len(figs["months"]),
                       duckdb_year.compare_year(metrics, figs, y, name)))  # fmt: skip
        print(f"done: {label}, {name} same work", file=sys.stderr)
    return row


def two_year(binary, tmp, rows, same_rows, checks):
    """Two years of logs given together: distinct ids, then ids restarting in each file."""
    y25 = generate(binary, "year2025", ["--year", "2025", "--calls", "25000000"], "csv")
    y26 = generate(binary, "year", ["--year", "2026", "--calls", "25000000"], "csv")
    plain = [y25 / "calls.csv", y26 / "calls.csv"]
    # SLAREPORT_BENCH_REJECT_ROWS (rows per file) runs the all-rejected case smaller on a
    # machine without the disk for its outputs (the first rows of each year, renumbered).
    n = int(os.environ.get("SLAREPORT_BENCH_REJECT_ROWS", 25_000_000))
    sub = "" if n >= 25_000_000 else f"-{n}"
    restarted = [
        restarted_ids(plain[0], DATA / f"two-year-restart{sub}" / "calls-2025.csv", n),
        restarted_ids(plain[1], DATA / f"two-year-restart{sub}" / "calls-2026.csv", n),
    ]
    for label, calls in (
        ("two years 50 M, Dec + YTD (csv)", plain),
        (f"two years {2 * n / 1e6:g} M, ids restart per file: all rejected (csv)", restarted),
    ):
        out = Path(tmp) / "two-year"
        wall, cpu, rss, st, metrics = timed_report(binary, y26, "csv", "2026-12", out, calls=calls)
        row = {"case": label, **stages(wall, cpu, rss, st)}
        rows.append(row)
        print(f"done: {row['case']}", file=sys.stderr)
        same_rows.append(same_work(binary, label, calls, "2025-01", "2026-12", metrics, row,
                                   [("duckdb", "duckdb_year.py")], checks,
                                   memory_limit="4GB"))  # fmt: skip


def best_of(binary, data, month, out, row, metrics, checks):
    """`--best-of N` (N > 1): N - 1 more rounds of the month's three other timings, one after
    the other in each round (`--format json`, DuckDB, polars), keeping each one's best: a
    shared machine's other work slows single runs, alternating spreads it evenly. The
    all-outputs runs have their rounds in `all_outputs_best_of`, CSV and Parquet in turn."""
    n = int(sys.argv[sys.argv.index("--best-of") + 1]) if "--best-of" in sys.argv else 1
    y, m = (int(x) for x in month.split("-"))
    for _ in range(n - 1):
        json_wall = timed_report(binary, data, "csv", month, out, "json")[0]
        row["json_wall"] = min(row["json_wall"], json_wall)
        again = peers(binary, str(data / "calls.csv"), y, m, metrics, checks)
        for k, v in again.items():
            row[k] = min(row[k], v)
    row["best_of"] = n


def all_outputs_best_of(binary, case_rows, month, formats):
    """`--best-of N` (N > 1): N - 1 more rounds of the all-outputs run of each of `formats`,
    one after the other in each round, keeping each one's best (Parquet is compared with
    CSV: both rows are best of N, from the same rounds)."""
    n = int(sys.argv[sys.argv.index("--best-of") + 1]) if "--best-of" in sys.argv else 1
    for _ in range(n - 1):
        for fmt in formats:
            data, out, row = case_rows[fmt]
            wall, cpu, rss, st, _ = timed_report(binary, data, fmt, month, out)
            if wall < row["wall"]:
                row.update(stages(wall, cpu, rss, st))
    for fmt in formats:
        case_rows[fmt][2]["best_of"] = n


def scale(binary):
    """Wall time and peak RSS of `report --format json` at 0.25-4 x the month."""
    print("| calls | CSV MB | wall s | CPU s | peak RSS MiB | read s | figures s | s per M calls |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="slareport-bench-") as tmp:
        for k in (0.25, 0.5, 1, 2, 4):
            n = int(2_000_000 * k)
            data = generate(binary, f"scale-{n}", ["--month", "2026-03", "--calls", str(n)], "csv")
            mb = (data / "calls.csv").stat().st_size / 1e6
            wall, cpu, rss, st, _ = timed_report(
                binary, data, "csv", "2026-03", Path(tmp) / "out", "json"
            )
            print(f"| {n:,} | {mb:.0f} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} "
                  f"| {sum(v for k, v in st.items() if k.startswith('reading inputs')):.2f} "
                  f"| {st.get('computing figures', 0):.2f} "
                  f"| {wall / n * 1e6:.2f} |", flush=True)  # fmt: skip


def main():
    binary = sys.argv[1]
    if "--scale" in sys.argv:
        return scale(binary)
    load_before = os.getloadavg()[0]
    quick = "--quick" in sys.argv
    rows, checks, same_rows = [], [], []
    with tempfile.TemporaryDirectory(prefix="slareport-bench-") as tmp:
        for label, name, args, month in CASES[:1] if quick else CASES:
            y, m = (int(x) for x in month.split("-"))
            csv_metrics = None
            case_rows = {}
            for fmt in FORMATS:
                data = generate(binary, name, args, fmt)
                if fmt == "parquet":
                    data = typed_parquet(data)
                out = Path(tmp) / f"{name}-{fmt}"
                wall, cpu, rss, st, metrics = timed_report(binary, data, fmt, month, out)
                row = {"case": f"{label} ({fmt})", **stages(wall, cpu, rss, st)}
                if fmt == "csv":
                    row["json_wall"], _, row["json_rss"], _, _ = timed_report(
                        binary, data, fmt, month, out, "json"
                    )
                    row.update(peers(binary, str(data / "calls.csv"), y, m, metrics, checks))
                    if name == "month":
                        best_of(binary, data, month, out, row, metrics, checks)
                    if name == "year":
                        same_rows.append(same_work(
                            binary, row["case"], [data / "calls.csv"], f"{y}-01", month,
                            metrics, row, [("duckdb", "duckdb_year.py"),
                                           ("polars", "polars_year.py")], checks))  # fmt: skip
                if fmt == "csv":
                    csv_metrics = metrics
                else:
                    same = metrics == csv_metrics
                    checks.append((f"{label} ({fmt})", 1,
                                   [] if same else [f"{fmt} metrics.json differs"]))  # fmt: skip
                rows.append(row)
                case_rows[fmt] = (data, out, row)
                print(f"done: {row['case']}", file=sys.stderr)
            # CSV and Parquet in turn in each round: the comparison of the two is not
            # skewed by when each ran (the month's PDF alone varies by 0.1-0.2 s).
            all_outputs_best_of(binary, case_rows, month, FORMATS)
        if "--two-year" in sys.argv and not quick:
            two_year(binary, tmp, rows, same_rows, checks)

    def f(x, nd=2):
        return "–" if x is None else f"{x:.{nd}f}"

    def ratio(a, b):
        return f"**{a / b:.2f}**" if a is not None and b else "–"

    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
          f"DuckDB {duckdb_kpis.duckdb.__version__}, polars {polars_kpis.pl.__version__}; "
          f"load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine inflates wall times)\n")  # fmt: skip
    print("| case | slareport, all outputs: wall s | peak RSS MiB | read s | figures s | render s "
          "| of it PDF s "
          "| `--format json` wall s | DuckDB 14 KPIs s | polars 14 KPIs s "
          "| all outputs / DuckDB | json / polars |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r.get("best_of", 1) > 1:
            r["case"] += f", best of {r['best_of']}"
        print(f"| {r['case']} | {f(r['wall'])} | {f(r['rss_mib'], 0)} | {f(r['read'])} "
              f"| {f(r['compute'])} | {f(r['render'])} | {f(r.get('pdf'))} "
              f"| {f(r.get('json_wall'))} "
              f"| {f(r.get('duckdb'))} | {f(r.get('polars'))} "
              f"| {ratio(r['wall'], r.get('duckdb'))} | {ratio(r.get('json_wall'), r.get('polars'))} |")  # fmt: skip
    print()
    if same_rows:
        print("The same work (every month's call figures, the failure runs of the whole span, "
              "the duplicate rule), each peer in a process of its own:\n")  # fmt: skip
        print("| case | slareport, all outputs: wall s | peak RSS MiB | DuckDB same work s "
              "| DuckDB peak RSS MiB | polars same work s | polars peak RSS MiB "
              "| slareport / DuckDB | slareport / polars |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in same_rows:
            print(f"| {r['case']} | {f(r['wall'])} | {f(r['rss_mib'], 0)} | {f(r.get('duckdb'))} "
                  f"| {f(r.get('duckdb_rss'), 0)} | {f(r.get('polars'))} "
                  f"| {f(r.get('polars_rss'), 0)} | {ratio(r['wall'], r.get('duckdb'))} "
                  f"| {ratio(r['wall'], r.get('polars'))} |")  # fmt: skip
        print()
    failures = []
    for peer, n, bad in checks:
        failures += bad
        if "same work" in peer:
            what = "months' trend figures, the month's failure runs and the rejected rows"
        elif "parquet" in peer:
            what = "metrics.json (against the csv's, every value)"
        else:
            what = "call KPIs"
        print(f"{peer}: {n} {what} compared with slareport: "
              + ("all equal" if not bad else "MISMATCH\n  " + "\n  ".join(bad)))  # fmt: skip
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
