//! Partial inputs on the command line: `--fail-on-breach` never fails on a target that could
//! not be measured, `--strict` turns warnings into exit 5 on `check` and `report`, `check`
//! exits 5 on a required field without a column, and `mapping --check` does not call a
//! mapping valid that leaves a required field to a column of the same name.

use std::path::Path;
use std::process::Output;

fn slareport(dir: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .current_dir(dir)
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Three fast answered calls in March 2026: every call target met, nothing else to measure.
const CALLS: &str = "call_id,received_at,responded_at,result,persons\n\
    c1,2026-03-02T09:00:00+01:00,2026-03-02T09:00:01+01:00,ok,1\n\
    c2,2026-03-02T09:01:00+01:00,2026-03-02T09:01:01+01:00,ok,1\n\
    c3,2026-03-03T10:00:00+01:00,2026-03-03T10:00:01+01:00,ok,1\n";

/// One incident resolved in March without a response column: response not measured.
const TICKETS: &str = "ticket_id,type,priority,registered_at,resolved_at\n\
    INC-1,incident,3,2026-03-02T09:00:00+01:00,2026-03-02T12:00:00+01:00\n";

fn metrics(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out/metrics.json")).unwrap()).unwrap()
}

#[test]
fn fail_on_breach_ignores_targets_that_could_not_be_measured() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("calls.csv"), CALLS).unwrap();
    let o = slareport(
        d,
        &[
            "report",
            "--month",
            "2026-03",
            "--calls",
            "calls.csv",
            "--format",
            "json",
            "--out",
            "out",
            "--fail-on-breach",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let m = metrics(d);
    let targets = m["targets"].as_array().unwrap();
    let unmeasured: Vec<&str> = targets
        .iter()
        .filter(|t| t["met"].is_null())
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    // The ticket and change rows have no input; the year to date covers 1 of 3 months.
    assert!(unmeasured.contains(&"incidents_response_breaches"));
    assert!(unmeasured.contains(&"changes_short_notice"));
    assert!(unmeasured.contains(&"ytd_unavailable_seconds"));
    assert!(targets.iter().all(|t| t["met"] != false));
    let ytd = targets
        .iter()
        .find(|t| t["key"] == "ytd_unavailable_seconds")
        .unwrap();
    assert_eq!(ytd["reason"], "covers 1 of 3 months");
    assert_eq!(m["kpis"]["incidents_resolved"], serde_json::Value::Null);
    assert_eq!(m["kpis"]["availability"], 1.0);
}

#[test]
fn strict_turns_warnings_into_exit_5() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("calls.csv"), CALLS).unwrap();
    std::fs::write(d.join("tickets.csv"), TICKETS).unwrap();
    let inputs = ["--calls", "calls.csv", "--tickets", "tickets.csv"];
    let check = |extra: &[&str]| {
        let mut a = vec!["check"];
        a.extend_from_slice(&inputs);
        a.extend_from_slice(extra);
        slareport(d, &a)
    };
    let o = check(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("warning: tickets: no column gives `responded_at`"),
        "{}",
        text(&o)
    );
    assert_eq!(check(&["--strict"]).status.code(), Some(5));

    let report = |extra: &[&str]| {
        let mut a = vec![
            "report", "--month", "2026-03", "--format", "json", "--out", "out",
        ];
        a.extend_from_slice(&inputs);
        a.extend_from_slice(extra);
        slareport(d, &a)
    };
    let o = report(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Response is not measured, never the resolved incident as a breach.
    let m = metrics(d);
    assert_eq!(
        m["kpis"]["incidents_response_breaches"],
        serde_json::Value::Null
    );
    let o = report(&["--strict", "--clean"]);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(d.join("out/metrics.json").is_file());
    // Without the warning, --strict is silent.
    let o = slareport(d, &["check", "--strict", "--calls", "calls.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_required_field_without_a_column_is_exit_5_and_never_a_valid_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("changes.csv"),
        "change_id,scheduled_start\nCHG-1,2026-03-02T09:00:00+01:00\n",
    )
    .unwrap();
    let o = slareport(d, &["check", "--changes", "changes.csv"]);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("missing required column `status`"), "{t}");
    // The hint names the shipped presets that read changes, never an empty list.
    assert!(t.contains("--preset NAME (bpi2014)"), "{t}");
    assert!(!t.contains("()"), "{t}");

    std::fs::write(
        d.join("m.toml"),
        "[inputs.changes.columns]\nchange_id = \"Id\"\n",
    )
    .unwrap();
    let o = slareport(d, &["mapping", "--check", "m.toml"]);
    let t = text(&o);
    assert!(!t.contains("valid mapping"), "{t}");
    assert!(
        t.contains("key `inputs.changes.columns.status`: `status` is required and not mapped"),
        "{t}"
    );
}

#[test]
fn change_windows_alone_and_notice_after_start_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Two windows of 5 h on Mon 2 and Tue 3 March 2026, each "notified" 30 min after it began
    // (the record's creation): given without notice, so all 10 h are unavailable, and change
    // windows are the only availability source with data (no call log, no tickets).
    std::fs::write(
        d.join("changes.csv"),
        "change_id,status,notified_at,scheduled_start,scheduled_end,actual_start,actual_end\n\
         CHG-1,completed,2026-03-02T08:30:00+01:00,2026-03-02T08:00:00+01:00,2026-03-02T13:00:00+01:00,2026-03-02T08:00:00+01:00,2026-03-02T13:00:00+01:00\n\
         CHG-2,completed,2026-03-03T08:30:00+01:00,2026-03-03T08:00:00+01:00,2026-03-03T13:00:00+01:00,2026-03-03T08:00:00+01:00,2026-03-03T13:00:00+01:00\n",
    )
    .unwrap();
    let o = slareport(
        d,
        &["check", "--month", "2026-03", "--changes", "changes.csv"],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains("changes: on every one of the 2 changes with both times, notified_at falls after actual_start"),
        "{t}"
    );
    assert!(
        t.contains(
            "availability of 2026-03 rests on change windows only (no data from: calls, incidents)"
        ),
        "{t}"
    );
    // 10 h of 198 h: not more than half, so no such warning.
    assert!(!t.contains("more than half"), "{t}");
    assert!(
        t.contains("not measured: delivery_precision: no call row received in the month"),
        "{t}"
    );
    let o = slareport(
        d,
        &[
            "check",
            "--strict",
            "--month",
            "2026-03",
            "--changes",
            "changes.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
}
