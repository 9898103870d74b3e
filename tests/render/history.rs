//! `report --history DIR` against the same month made from the whole year's inputs, on a
//! generated year with outages across month ends, a month without calls and a late correction;
//! and the archive's refusals (tampered month, another month in a month's folder, two folders
//! of one month, a late correction the archived month lacks, another config under
//! `--strict-history`).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

pub fn slareport(args: &[&str]) -> Output {
    crate::binary::slareport()
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

pub fn ok(o: Output) -> Output {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Outages across three month ends (one into a month without calls, one into the report
/// month), July's calls removed, and a correction of February approved in September.
const EXTRA_TICKETS: &str = "\
INC-X-01,incident,2,2026-01-30T16:30:00+01:00,2026-01-30T16:40:00+01:00,2026-02-02T08:40:00+01:00,2026-02-02T10:00:00+01:00,Avbrott över månadsskiftet,false,false,2026-01-30T16:30:00+01:00,2026-02-02T08:30:00+01:00,unavailable,false,Orsak X,Plan X,
INC-X-02,incident,2,2026-06-30T16:45:00+02:00,2026-06-30T16:50:00+02:00,2026-07-01T08:20:00+02:00,2026-07-01T09:00:00+02:00,Avbrott över månadsskiftet,false,false,2026-06-30T16:45:00+02:00,2026-07-01T08:10:00+02:00,unavailable,false,Orsak Y,Plan Y,
INC-X-03,incident,2,2026-11-30T16:40:00+01:00,2026-11-30T16:45:00+01:00,2026-12-01T08:30:00+01:00,2026-12-01T09:00:00+01:00,Avbrott över månadsskiftet,false,false,2026-11-30T16:40:00+01:00,2026-12-01T08:20:00+01:00,unavailable,false,Orsak Z,Plan Z,
";
pub const LATE: &str = "COR-LATE-01,2026-02-02T08:00:00+01:00/2026-02-02T08:10:00+01:00,exclude,,Sen korrigering,Förvaltningsgruppen SSBTEK,2026-09-15T10:00:00+02:00\n";

/// A generated year in `dir/in` (see [`EXTRA_TICKETS`]).
pub fn year_inputs(dir: &Path, calls: &str) -> PathBuf {
    let input = dir.join("in");
    ok(slareport(&[
        "sample",
        "--year",
        "2026",
        "--calls",
        calls,
        "--out",
        input.to_str().unwrap(),
    ]));
    let c = input.join("calls.csv");
    let text = std::fs::read_to_string(&c).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.contains(",2026-07-"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&c, kept).unwrap();
    let append = |name: &str, extra: &str| {
        let p = input.join(name);
        let mut t = std::fs::read_to_string(&p).unwrap();
        t.push_str(extra);
        std::fs::write(&p, t).unwrap();
    };
    append("tickets.csv", EXTRA_TICKETS);
    append("corrections.csv", LATE);
    input
}

pub fn inputs_args(input: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for (flag, file) in [
        ("--calls", "calls.csv"),
        ("--tickets", "tickets.csv"),
        ("--changes", "changes.csv"),
        ("--corrections", "corrections.csv"),
    ] {
        v.push(flag.to_string());
        v.push(input.join(file).to_string_lossy().into_owned());
    }
    v
}

pub fn report(month: &str, input: &[String], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&str> = vec!["report", "--month", month];
    args.extend(input.iter().map(String::as_str));
    args.extend(["--format", "json", "--out", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    slareport(&args)
}

/// Months 1–11 but July (no calls: never reported) into `archive/2026-MM`.
pub fn archive_year(input: &[String], archive: &Path) {
    for m in [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] {
        let month = format!("2026-{m:02}");
        ok(report(&month, input, &archive.join(&month), &[]));
    }
}

fn json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn december_from_the_archive_equals_december_from_the_whole_year() {
    let t = tempfile::tempdir().unwrap();
    let input = inputs_args(&year_inputs(t.path(), "24000"));
    let archive = t.path().join("archive");
    archive_year(&input, &archive);
    let whole = t.path().join("whole");
    ok(report("2026-12", &input, &whole, &[]));
    let hist = t.path().join("hist");
    ok(report(
        "2026-12",
        &input,
        &hist,
        &["--history", archive.to_str().unwrap()],
    ));
    let a = json(&whole.join("metrics.json"));
    let mut b = json(&hist.join("metrics.json"));
    let provenance = b.as_object_mut().unwrap().remove("history").unwrap();
    assert!(a.get("history").is_none());
    // Identical but for the provenance.
    assert_eq!(a, b);
    // The outages across month ends count once in the year and in each month they touch.
    let ytd = &a["availability"]["ytd"];
    let per_month: Vec<u64> = ytd["per_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[2].as_u64().unwrap())
        .collect();
    let sum: u64 = per_month.iter().sum();
    assert_eq!(sum - ytd["unplanned_outages"].as_u64().unwrap(), 3, "{ytd}");
    // Each month's source.
    let sources: Vec<&str> = provenance["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source"].as_str().unwrap())
        .collect();
    let mut want = vec!["archive"; 11];
    want[6] = "inputs"; // July: the tickets cover it, no archived report
    want.push("inputs");
    assert_eq!(sources, want);
    // The manifest records each month used; verify loads them again.
    let m = json(&hist.join("manifest.json"));
    assert_eq!(m["history"]["months"].as_array().unwrap().len(), 10);
    assert_eq!(m["history"]["months"][0]["path"], "2026-01");
    let v = slareport(&["verify", hist.to_str().unwrap(), "--allow-outside-root"]);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));

    // Given only December's calls, the year's figures are the same.
    let calls = std::fs::read_to_string(&input[1]).unwrap();
    let dec: String = calls
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains(",2026-12-"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let dec_file = t.path().join("dec.csv");
    std::fs::write(&dec_file, dec).unwrap();
    let mut only_dec = input.clone();
    only_dec[1] = dec_file.to_string_lossy().into_owned();
    let hd = t.path().join("hist-dec");
    ok(report(
        "2026-12",
        &only_dec,
        &hd,
        &["--history", archive.to_str().unwrap()],
    ));
    let mut c = json(&hd.join("metrics.json"));
    // What was read differs; every figure is the same.
    for k in ["rows_read", "rows_rejected"] {
        c["kpis"][k] = a["kpis"][k].clone();
    }
    for key in ["kpis", "targets", "trend", "summary"] {
        assert_eq!(a[key], c[key], "{key}");
    }
    assert_eq!(a["availability"]["ytd"], c["availability"]["ytd"]);

    // Given only December's tickets too, the outage November recorded across the month end
    // (INC-X-03, registered in November) still counts in December, from the archive.
    let tickets = std::fs::read_to_string(&input[3]).unwrap();
    let dec_tickets: String = tickets
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            *i == 0
                || l.split(',')
                    .nth(3)
                    .is_some_and(|r| r.starts_with("2026-12-"))
        })
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert!(!dec_tickets.contains("INC-X-03"));
    let tf = t.path().join("dec-tickets.csv");
    std::fs::write(&tf, dec_tickets).unwrap();
    let mut only_dec2 = only_dec.clone();
    only_dec2[3] = tf.to_string_lossy().into_owned();
    let hd2 = t.path().join("hist-dec2");
    ok(report(
        "2026-12",
        &only_dec2,
        &hd2,
        &["--history", archive.to_str().unwrap()],
    ));
    let d = json(&hd2.join("metrics.json"));
    // (July, not archived, is from the inputs: its year-to-date share differs here.)
    for k in ["unavailable_seconds", "unplanned_outages"] {
        assert_eq!(a["kpis"][k], d["kpis"][k], "{k}");
    }

    // Tampering with an archived month after the report: verify refuses, naming it.
    let p = archive.join("2026-03/metrics.json");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("\"unplanned_outages\": ", "\"unplanned_outages\": 9", 1),
    )
    .unwrap();
    let v = slareport(&["verify", hist.to_str().unwrap(), "--allow-outside-root"]);
    assert_ne!(v.status.code(), Some(0));
    assert!(
        stderr(&v).contains("2026-03") && stderr(&v).contains("metrics.json"),
        "{}",
        stderr(&v)
    );
    // And a new report refuses the archive.
    let r = report(
        "2026-12",
        &input,
        &t.path().join("x"),
        &["--history", archive.to_str().unwrap()],
    );
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("2026-03") && stderr(&r).contains("metrics.json"),
        "{}",
        stderr(&r)
    );
}

#[test]
fn the_archive_refuses_what_it_cannot_use() {
    let t = tempfile::tempdir().unwrap();
    let input = inputs_args(&year_inputs(t.path(), "6000"));
    let archive = t.path().join("archive");
    let hist = ["--history", archive.to_str().unwrap()];

    // February archived before the late correction was approved.
    let no_late: Vec<String> = {
        let p = t.path().join("early-corrections.csv");
        let all = std::fs::read_to_string(&input[7]).unwrap();
        std::fs::write(&p, all.replace(LATE, "")).unwrap();
        let mut v = input.clone();
        v[7] = p.to_string_lossy().into_owned();
        v
    };
    ok(report("2026-02", &no_late, &archive.join("2026-02"), &[]));
    let r = report("2026-04", &input, &t.path().join("apr"), &hist);
    assert_eq!(r.status.code(), Some(1));
    let e = stderr(&r);
    assert!(
        e.contains("COR-LATE-01") && e.contains("2026-02") && e.contains("Restate"),
        "{e}"
    );
    // Restated with it, the archive serves.
    ok(report("2026-02", &input, &archive.join("2026-02"), &[]));
    ok(report("2026-04", &input, &t.path().join("apr"), &hist));

    // Another config: flagged; refused with --strict-history.
    let cfg = t.path().join("old.toml");
    let toml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/ssbtek.toml"),
    )
    .unwrap()
    .replacen("version = \"2026.1\"", "version = \"2025.9\"", 1);
    std::fs::write(&cfg, toml).unwrap();
    ok(report(
        "2026-01",
        &input,
        &archive.join("2026-01"),
        &["--config", cfg.to_str().unwrap()],
    ));
    ok(report("2026-04", &input, &t.path().join("apr"), &hist));
    let m = json(&t.path().join("apr/metrics.json"));
    assert_eq!(m["history"]["config_differs"], serde_json::json!([1]));
    let r = report(
        "2026-04",
        &input,
        &t.path().join("apr"),
        &[hist[0], hist[1], "--strict-history"],
    );
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("2025.9") && stderr(&r).contains("2026-01"),
        "{}",
        stderr(&r)
    );
    ok(report("2026-01", &input, &archive.join("2026-01"), &[]));

    // A folder named for one month holding another (here: of another year).
    std::fs::rename(archive.join("2026-01"), archive.join("2025-01")).unwrap();
    let r = report("2026-04", &input, &t.path().join("apr"), &hist);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("2025-01") && stderr(&r).contains("2026-01"),
        "{}",
        stderr(&r)
    );
    std::fs::rename(archive.join("2025-01"), archive.join("2026-01")).unwrap();

    // Two folders of one month.
    ok(report("2026-01", &input, &archive.join("again/jan"), &[]));
    let r = report("2026-04", &input, &t.path().join("apr"), &hist);
    assert_eq!(r.status.code(), Some(1));
    let e = stderr(&r);
    assert!(
        e.contains("two archived reports claim 2026-01") && e.contains("again"),
        "{e}"
    );
}

#[test]
fn the_annual_report_sums_the_archived_year_and_verifies_from_its_pdf() {
    let t = tempfile::tempdir().unwrap();
    let input = inputs_args(&year_inputs(t.path(), "12000"));
    let archive = t.path().join("archive");
    for m in 1..=12 {
        let month = format!("2026-{m:02}");
        ok(report(&month, &input, &archive.join(&month), &[]));
    }
    let dec = json(&archive.join("2026-12/metrics.json"));
    let out = t.path().join("annual");
    ok(slareport(&[
        "annual",
        "--year",
        "2026",
        "--history",
        archive.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let a = json(&out.join("metrics.json"));
    // The year from the months' exact values equals December's year to date.
    let ytd = &dec["availability"]["ytd"];
    assert_eq!(a["year_totals"]["unavailable_ms"], ytd["unavailable_ms"]);
    assert_eq!(
        a["year_totals"]["unplanned_outages"],
        ytd["unplanned_outages"]
    );
    assert_eq!(a["kind"], "annual");
    assert_eq!(a["months_covered"].as_array().unwrap().len(), 12);
    // July has no calls: its call figures read "ingen data" in the table, never 0.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Årsrapport") && html.contains("ingen data"));
    let csv = std::fs::read_to_string(out.join("months.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("2026-Q3,sum,")), "{csv}");
    // The annual folder is no month: a month's report still reads the archive around it.
    std::fs::rename(&out, archive.join("annual-2026")).unwrap();
    let out = archive.join("annual-2026");
    ok(report(
        "2026-12",
        &input,
        &t.path().join("dec"),
        &["--history", archive.to_str().unwrap()],
    ));
    // verify: the PDF alone re-checks every month and recomputes the year.
    let v = slareport(&["verify", out.join("report.pdf").to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        stderr(&v),
        String::from_utf8_lossy(&v.stdout)
    );
    let v = slareport(&["verify", out.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        stderr(&v),
        String::from_utf8_lossy(&v.stdout)
    );
    let p = out.join("months.csv");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("x\r\n");
    std::fs::write(&p, text).unwrap();
    let v = slareport(&["verify", out.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}

/// An annual report of a small generated archive (January to April and a late outage month),
/// in `lang` and `format`, written into `dir/annual-LANG`.
pub fn small_annual(dir: &Path, lang: &str, format: &str) -> PathBuf {
    let archive = dir.join("archive");
    if !archive.is_dir() {
        let input = inputs_args(&year_inputs(dir, "6000"));
        for m in ["2026-01", "2026-02", "2026-03", "2026-06", "2026-11"] {
            ok(report(m, &input, &archive.join(m), &[]));
        }
    }
    let out = dir.join(format!("annual-{lang}"));
    ok(slareport(&[
        "annual",
        "--year",
        "2026",
        "--history",
        archive.to_str().unwrap(),
        "--lang",
        lang,
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
    ]));
    out
}
