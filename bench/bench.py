"""The national-scale benchmark (issue 8), driven by bench/run.sh.

One run on the same files: generates the sample data if absent (2 M calls for 2026-03 and 25 M
for 2026, each in CSV and Parquet, under $SLAREPORT_BENCH_DIR, default
~/.cache/slareport-bench: never in the repository); times `slareport report` for the month
(both formats) and the December report of the year with YTD (both formats) with
`/usr/bin/time -v` (wall time, peak RSS) and `--timings` (per-stage wall time); computes the
call-log KPIs with DuckDB on the same CSVs; checks both agree key by key with slareport's
metrics.json (`kpis_as_measured`); prints a Markdown table.

Usage: python3 bench/bench.py SLAREPORT_BIN [--quick]   (--quick: the month only)
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


def timed_report(binary, data, fmt, month, out):
    cmd = [
        "/usr/bin/time", "-v", binary, "--timings", "-q", "report", "--month", month,
        "--calls", str(data / f"calls.{fmt}"),
        "--tickets", str(data / "tickets.csv"),
        "--changes", str(data / "changes.csv"),
        "--corrections", str(data / "corrections.csv"),
        "--out", str(out),
    ]  # fmt: skip
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


def main():
    binary = sys.argv[1]
    load_before = os.getloadavg()[0]
    quick = "--quick" in sys.argv
    rows, checks, failures = [], [], []
    with tempfile.TemporaryDirectory(prefix="slareport-bench-") as tmp:
        for label, name, args, month in CASES[:1] if quick else CASES:
            y, m = (int(x) for x in month.split("-"))
            for fmt in FORMATS:
                data = generate(binary, name, args, fmt)
                wall, cpu, rss, st, metrics = timed_report(
                    binary, data, fmt, month, Path(tmp) / f"{name}-{fmt}"
                )
                kpi_s = st.get("reading inputs", 0) + st.get("computing figures", 0)
                row = {
                    "case": f"{label} ({fmt})", "wall": wall, "cpu": cpu, "rss_mib": rss / 1024,
                    "read": st.get("reading inputs"), "compute": st.get("computing figures"),
                    "render": st.get("rendering"), "kpi": kpi_s,
                }  # fmt: skip
                if fmt == "csv":
                    figs, d_read, d_comp = duckdb_kpis.kpis(
                        binary, str(data / "calls.csv"), y, m
                    )
                    bad = duckdb_kpis.compare(metrics["kpis_as_measured"], figs)
                    checks.append((row["case"], len(figs), bad))
                    failures += bad
                    row.update(duck=d_read + d_comp, duck_read=d_read, duck_comp=d_comp)
                rows.append(row)
                print(f"done: {row['case']}", file=sys.stderr)

    def f(x, nd=2):
        return "–" if x is None else f"{x:.{nd}f}"

    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
          f"DuckDB {duckdb_kpis.duckdb.__version__}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine inflates wall times)\n")  # fmt: skip
    print("| case | wall s | CPU s | peak RSS MiB | read s | figures s | render s "
          "| KPIs (read+figures) s | DuckDB read+KPIs s | ratio |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        duck = r.get("duck")
        ratio = f"{r['kpi'] / duck:.2f}" if duck else "–"
        print(f"| {r['case']} | {f(r['wall'])} | {f(r['cpu'])} | {f(r['rss_mib'], 0)} | {f(r['read'])} "
              f"| {f(r['compute'])} | {f(r['render'])} | {f(r['kpi'])} | {f(duck)} | {ratio} |")  # fmt: skip
    print()
    for r in rows:
        if r.get("duck"):
            print(f"{r['case']}: DuckDB read {r['duck_read']:.3f} s + KPIs {r['duck_comp']:.3f} s; "
                  f"slareport read {r['read']:.3f} s + figures {r['compute']:.3f} s "
                  f"(figures: all of metrics, tickets and corrections included)")  # fmt: skip
    for case, n, bad in checks:
        print(f"{case}: {n} call KPIs compared with DuckDB: "
              + ("all equal" if not bad else "MISMATCH\n  " + "\n  ".join(bad)))  # fmt: skip
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
