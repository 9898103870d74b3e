"""The national-scale benchmark, driven by bench/run.sh.

One run on the same files: generates the sample data if absent (2 M calls for 2026-03 and 25 M
for 2026, each in CSV and Parquet, under $SLAREPORT_BENCH_DIR, default
~/.cache/slareport-bench: never in the repository); times `slareport report` for the month
and the December report of the year with YTD (both formats; all outputs, and for CSV also
`--format json`) with `/usr/bin/time -v` (wall time, peak RSS) and `--timings` (per-stage wall
time); computes the 14 call-log KPIs with DuckDB and with Python polars on the same CSVs;
checks both agree key by key with slareport's metrics.json (`kpis_as_measured`); prints a
Markdown table with the ratios slareport / DuckDB (all outputs) and slareport / polars
(`--format json`).

Usage: python3 bench/bench.py SLAREPORT_BIN [--quick | --scale]
  --quick: the month only; --scale: `report --format json` at 0.25, 0.5, 1, 2, 4 x the month.
"""

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duckdb_kpis  # noqa: E402
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


def timed_report(binary, data, fmt, month, out, formats=None):
    cmd = [
        "/usr/bin/time", "-v", binary, "--timings", "-q", "report", "--month", month,
        "--calls", str(data / f"calls.{fmt}"),
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
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    h, m, s = wall.groups()
    wall_s = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    cpu_s = sum(
        float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1))
        for k in ("User", "System")
    )
    stages = {k.strip(): float(v) for k, v in re.findall(r"timing: (.+?)\s+([\d.]+) s", err)}
    metrics = json.loads((out / "metrics.json").read_text())
    return wall_s, cpu_s, rss_kb, stages, metrics


def peers(binary, csv_path, y, m, metrics, checks):
    """DuckDB and polars on the same CSV; each checked key by key against slareport."""
    out = {}
    for name, mod in (("duckdb", duckdb_kpis), ("polars", polars_kpis)):
        figs, read_s, comp_s = mod.kpis(binary, csv_path, y, m)
        checks.append((name, len(figs), duckdb_kpis.compare(metrics["kpis_as_measured"], figs)))
        out[name] = read_s + comp_s
    return out


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
    rows, checks = [], []
    with tempfile.TemporaryDirectory(prefix="slareport-bench-") as tmp:
        for label, name, args, month in CASES[:1] if quick else CASES:
            y, m = (int(x) for x in month.split("-"))
            for fmt in FORMATS:
                data = generate(binary, name, args, fmt)
                out = Path(tmp) / f"{name}-{fmt}"
                wall, cpu, rss, st, metrics = timed_report(binary, data, fmt, month, out)
                # "reading inputs" and its steps ("reading inputs: call log", ...).
                read = sum(v for k, v in st.items() if k.startswith("reading inputs"))
                row = {
                    "case": f"{label} ({fmt})", "wall": wall, "cpu": cpu, "rss_mib": rss / 1024,
                    "read": read, "compute": st.get("computing figures"),
                    "render": st.get("rendering"),
                }  # fmt: skip
                if fmt == "csv":
                    row["json_wall"], _, row["json_rss"], _, _ = timed_report(
                        binary, data, fmt, month, out, "json"
                    )
                    row.update(peers(binary, str(data / "calls.csv"), y, m, metrics, checks))
                rows.append(row)
                print(f"done: {row['case']}", file=sys.stderr)

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
          "| `--format json` wall s | DuckDB 14 KPIs s | polars 14 KPIs s "
          "| all outputs / DuckDB | json / polars |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['case']} | {f(r['wall'])} | {f(r['rss_mib'], 0)} | {f(r['read'])} "
              f"| {f(r['compute'])} | {f(r['render'])} | {f(r.get('json_wall'))} "
              f"| {f(r.get('duckdb'))} | {f(r.get('polars'))} "
              f"| {ratio(r['wall'], r.get('duckdb'))} | {ratio(r.get('json_wall'), r.get('polars'))} |")  # fmt: skip
    print()
    failures = []
    for peer, n, bad in checks:
        failures += bad
        print(f"{peer}: {n} call KPIs compared with slareport: "
              + ("all equal" if not bad else "MISMATCH\n  " + "\n  ".join(bad)))  # fmt: skip
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
