//! `slareport diff`: the sample month without and with its corrections lists availability
//! 99,25 → 99,68 % and the other page-1 figures the corrections change (outages, downtime,
//! the year-to-date figures, the incident response breaches), the corrections added and the
//! breaches they remove; exit 4 when different, 0 for the same report, 1 on error; `--json`
//! for CI; two months compared as this month against the previous, with deltas.

use std::path::Path;
use std::process::Output;

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

fn report(cwd: &Path, out: &str, corrections: bool, format: &str) {
    let s = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let p = |f: &str| s.join(f).to_string_lossy().into_owned();
    let (calls, tickets, changes, corr) = (
        p("calls.csv"),
        p("tickets.csv"),
        p("changes.csv"),
        p("corrections.csv"),
    );
    let mut args = vec![
        "report",
        "--month",
        "2026-03",
        "--format",
        format,
        "--calls",
        &calls,
        "--tickets",
        &tickets,
        "--changes",
        &changes,
        "--out",
        out,
    ];
    if corrections {
        args.extend(["--corrections", &corr]);
    }
    let o = slareport(cwd, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_sample_month_without_and_with_its_corrections() {
    let t = tempfile::tempdir().unwrap();
    report(t.path(), "before", false, "json,csv");
    report(t.path(), "after", true, "pdf,json,csv");
    // The new report read from its PDF alone.
    let o = slareport(t.path(), &["diff", "before", "after/report.pdf"]);
    let out = String::from_utf8_lossy(&o.stdout).replace('\u{a0}', " ");
    assert_eq!(
        o.status.code(),
        Some(4),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for line in [
        "diff before → after/report.pdf (2026-03)",
        "  availability                 99,25 % → 99,68 %\n",
        "  unavailable_seconds          1:28 → 0:37\n",
        "  unplanned_outages            3 → 1\n",
        "  ytd_unavailable_seconds      1:28 → 0:37\n",
        "  ytd_unplanned_outages        3 → 1\n",
        "  incidents_response_breaches  3 → 2\n",
        "  unplanned_outages <= 1: 3 MISSED → 1 met  (status changed)\n",
        "  availability >= ",
        "  added    corrections ",
        "  + COR-202603-01 exclude ",
        "  + COR-202603-02 reclassify INC-202603-07",
        "  + COR-202603-03 set_field CHG-202603-04",
        "  - incident INC-202603-07 response ",
        "  - outage 2 CHG-202603-04 unavailable ",
        "\nDIFFERENT\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    // Figures the corrections do not touch are not listed; the config did not change.
    assert!(
        !out.contains("calls_incoming") && !out.contains("RULES CHANGED"),
        "{out}"
    );

    let o = slareport(t.path(), &["diff", "--json", "before", "after"]);
    assert_eq!(o.status.code(), Some(4));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["same"], false);
    let avail = j["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "availability")
        .unwrap();
    let near = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-12;
    assert!(
        near(&avail["old"], (712800.0 - 5280.0) / 712800.0),
        "{avail}"
    );
    assert!(
        near(&avail["new"], (712800.0 - 2220.0) / 712800.0),
        "{avail}"
    );
    assert_eq!(j["corrections_added"].as_array().unwrap().len(), 3);

    let o = slareport(t.path(), &["diff", "after", "after/report.pdf"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.ends_with("\nSAME: no difference\n"), "{out}");
    let o = slareport(t.path(), &["diff", "after", "missing"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_changed_config_is_said_first_and_months_give_deltas() {
    let t = tempfile::tempdir().unwrap();
    report(t.path(), "march", true, "json,csv");
    // The previous month, with a rule changed.
    let o = slareport(t.path(), &["config", "--print"]);
    let cfg =
        String::from_utf8_lossy(&o.stdout).replace("min_failed_calls = 3", "min_failed_calls = 4");
    assert!(cfg.contains("min_failed_calls = 4"), "{cfg}");
    std::fs::write(t.path().join("sla.toml"), cfg).unwrap();
    let o = slareport(
        t.path(),
        &[
            "sample", "--month", "2026-02", "--calls", "3000", "--out", "feb-in",
        ],
    );
    assert!(o.status.success());
    let o = slareport(
        t.path(),
        &[
            "report",
            "--month",
            "2026-02",
            "--format",
            "pdf,json,csv",
            "--config",
            "sla.toml",
            "--calls",
            "feb-in/calls.csv",
            "--tickets",
            "feb-in/tickets.csv",
            "--out",
            "feb",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = slareport(t.path(), &["diff", "feb", "march"]);
    let out = String::from_utf8_lossy(&o.stdout).replace('\u{a0}', " ");
    assert_eq!(o.status.code(), Some(4), "{out}");
    let first = out.lines().nth(2).unwrap_or("");
    assert!(first.starts_with("RULES CHANGED"), "{out}");
    assert!(
        out.contains("  availability.min_failed_calls: 4 → 3\n"),
        "{out}"
    );
    assert!(out.contains("this month against the previous"), "{out}");
    assert!(
        out.contains("calls_incoming") && out.contains("(+"),
        "{out}"
    );
    assert!(out.ends_with("DIFFERENT MONTHS: deltas above\n"), "{out}");
}
