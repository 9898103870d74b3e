//! The broken-input corpus, driven through the binary: every file under
//! tests/fixtures/bad/ (see its README) and the generated big or degenerate cases, each with the
//! exact error message or reject rows it must produce. Degenerate months must produce a report
//! that says so, with no NaN anywhere in metrics.json.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Run the binary; (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = crate::binary::slareport()
        .args(args)
        .env_remove("SLAREPORT_CONFIG")
        .output()
        .expect("run slareport");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `report --month 2026-03` with `args` into a fresh directory; panics unless it succeeds.
fn report(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let mut all = vec!["report", "--month", "2026-03", "--quiet"];
    all.extend_from_slice(args);
    let out_s = out.to_string_lossy().into_owned();
    all.extend_from_slice(&["--out", &out_s]);
    let (code, _, err) = run(&all);
    assert_eq!(code, 0, "report failed: {err}");
    (dir, out)
}

/// rejected.csv as (input, file name, line, column, reason).
fn rejected(out: &Path) -> Vec<(String, String, u64, String, String)> {
    let mut rdr = csv::Reader::from_path(out.join("rejected.csv")).expect("rejected.csv");
    let mut rows: Vec<_> = rdr
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            let file = Path::new(&r[1])
                .file_name()
                .map_or(String::new(), |f| f.to_string_lossy().into_owned());
            (
                r[0].to_string(),
                file,
                r[2].parse().expect("line number"),
                r[3].to_string(),
                r[5].to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// metrics.json, checked free of NaN/Infinity (as text and as numbers).
fn metrics(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("metrics.json")).expect("metrics.json");
    for bad in ["NaN", "Infinity", "inf\""] {
        assert!(!text.contains(bad), "metrics.json contains {bad}");
    }
    let v: Value = serde_json::from_str(&text).expect("metrics.json parses");
    fn finite(v: &Value) {
        match v {
            Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{n}"),
            Value::Array(a) => a.iter().for_each(finite),
            Value::Object(o) => o.values().for_each(finite),
            _ => {}
        }
    }
    finite(&v);
    v
}

fn calls_only(file: &str) -> (i32, String, String) {
    run(&["check", "--calls", &fixture(file)])
}

fn row(
    input: &str,
    file: &str,
    line: u64,
    column: &str,
    reason: &str,
) -> (String, String, u64, String, String) {
    (
        input.into(),
        file.into(),
        line,
        column.into(),
        reason.into(),
    )
}

#[test]
fn zero_byte_file_is_an_error_naming_file_and_column() {
    let (code, _, err) = calls_only("empty.csv");
    // `check`: a required field no column fills leaves nothing to report (exit 5).
    assert_eq!(code, 5);
    assert!(
        err.contains("missing required column `call_id` in")
            && err.contains("empty.csv (calls): found columns none (empty file)"),
        "{err}"
    );
}

#[test]
fn truncated_file_last_record_is_a_reject_row() {
    let (_d, out) = report(&["--calls", &fixture("truncated.csv"), "--format", "json"]);
    assert_eq!(
        rejected(&out),
        vec![row(
            "calls",
            "truncated.csv",
            3,
            "",
            "wrong number of fields"
        )]
    );
    assert_eq!(metrics(&out)["kpis"]["calls_incoming"], 1);
}

#[test]
fn truncated_inside_a_quote_is_an_error_with_line() {
    let (code, _, err) = calls_only("truncated_in_quote.csv");
    assert_eq!(code, 1);
    assert!(
        err.contains("truncated_in_quote.csv: line 3: a quoted field is not closed before the end of the file"),
        "{err}"
    );
}

#[test]
fn latin1_is_an_error_naming_the_encoding_or_with_explicit_utf8_a_reject() {
    // No encoding in the mapping: the first byte that is not UTF-8 stops the read, named with
    // its line, column, likely encoding and the mapping line.
    let (code, _, err) = calls_only("latin1.csv");
    assert_eq!(code, 1);
    assert!(
        err.contains("latin1.csv (calls): line 3, column ")
            && err.contains("not UTF-8 text")
            && err.contains("encoding = \"windows-1252\""),
        "{err}"
    );
    // `encoding = "utf-8"`: a damaged record of a UTF-8 file is a reject row.
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("utf8.toml");
    std::fs::write(&map, "[inputs.calls]\nencoding = \"utf-8\"\n").expect("mapping");
    let map = map.to_string_lossy().into_owned();
    let (_d, out) = report(&[
        "--calls",
        &fixture("latin1.csv"),
        "--mapping",
        &map,
        "--format",
        "json",
    ]);
    assert_eq!(
        rejected(&out),
        vec![row("calls", "latin1.csv", 3, "", "invalid UTF-8")]
    );
    let (code, _, err) = calls_only("latin1_header.csv");
    assert_eq!(code, 1);
    assert!(
        err.contains("latin1_header.csv (calls): line 1") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn duplicated_header_names_are_an_error() {
    let (code, _, err) = calls_only("dup_header.csv");
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "dup_header.csv: line 1: column `result` appears more than once in the header"
        ),
        "{err}"
    );
}

#[test]
fn wrong_delimiter_is_an_error_showing_the_columns_found() {
    let (code, _, err) = calls_only("wrong_delimiter.csv");
    assert_eq!(code, 5);
    assert!(
        err.contains("missing required column `call_id`")
            && err.contains("found columns call_id|received_at|responded_at|result|persons"),
        "{err}"
    );
}

#[test]
fn nul_bytes_in_text_are_kept_and_as_a_number_rejected() {
    let (_d, out) = report(&["--calls", &fixture("nul.csv"), "--format", "json,html,pdf"]);
    assert_eq!(
        rejected(&out),
        vec![row("calls", "nul.csv", 3, "persons", "invalid persons")]
    );
    let m = metrics(&out);
    assert_eq!(m["kpis"]["calls_incoming"], 1);
    assert_eq!(m["kpis"]["rows_read"], 2);
    assert!(out.join("report.pdf").is_file());
}

#[test]
fn rule_violations_are_rejected_with_reasons_and_far_dates_fall_outside_the_month() {
    let (_d, out) = report(&[
        "--calls",
        &fixture("calls_rules.csv"),
        "--tickets",
        &fixture("tickets.csv"),
        "--changes",
        &fixture("changes.csv"),
        "--format",
        "json,csv",
    ]);
    let mut want = vec![
        row("calls", "calls_rules.csv", 3, "persons", "invalid persons"),
        row("calls", "calls_rules.csv", 4, "persons", "invalid persons"),
        row("calls", "calls_rules.csv", 5, "result", "unknown result"),
        row(
            "calls",
            "calls_rules.csv",
            6,
            "responded_at",
            "responded before received",
        ),
        row(
            "calls",
            "calls_rules.csv",
            10,
            "received_at",
            "unparseable timestamp",
        ),
        row(
            "tickets",
            "tickets.csv",
            3,
            "resolved_at",
            "before registered_at",
        ),
        row(
            "tickets",
            "tickets.csv",
            4,
            "outage_end",
            "outage end before start",
        ),
        row("tickets", "tickets.csv", 5, "priority", "unknown priority"),
        row("tickets", "tickets.csv", 6, "priority", "unknown priority"),
        row("tickets", "tickets.csv", 7, "priority", "missing priority"),
        row(
            "tickets",
            "tickets.csv",
            8,
            "outage_end",
            "outage end without start",
        ),
        row(
            "changes",
            "changes.csv",
            3,
            "scheduled_end",
            "end before start",
        ),
        row(
            "changes",
            "changes.csv",
            4,
            "actual_end",
            "end before start",
        ),
        row("changes", "changes.csv", 5, "status", "unknown status"),
    ];
    want.sort();
    assert_eq!(rejected(&out), want);
    let k = &metrics(&out)["kpis"];
    assert_eq!(k["rows_read"], 20);
    assert_eq!(k["rows_rejected"], 14);
    // C-OK only: the 2099, 1969 and 1900 calls are used but belong to no day of March 2026.
    assert_eq!(k["calls_incoming"], 1);
    assert_eq!(k["incidents_resolved"], 1);
    assert_eq!(k["changes_total"], 1);
}

/// A 1 MB field: used where it is text, rejected (with the value cut to 200 characters in
/// rejected.csv) where it must be a number.
#[test]
fn one_megabyte_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = "x".repeat(1 << 20);
    let calls = dir.path().join("calls.csv");
    std::fs::write(
        &calls,
        format!(
            "call_id,received_at,responded_at,result,persons,municipality\n\
             C1,2026-03-02T09:00:00+01:00,2026-03-02T09:00:01+01:00,ok,1,SN{big}\n\
             C2,2026-03-02T09:01:00+01:00,2026-03-02T09:01:01+01:00,ok,{big},SN1\n"
        ),
    )
    .expect("write");
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(
        &tickets,
        format!(
            "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary\n\
             I1,incident,2,2026-03-02T09:00:00+01:00,2026-03-02T09:10:00+01:00,2026-03-02T12:00:00+01:00,{}\n",
            "x".repeat(1 << 20)
        ),
    )
    .expect("write");
    let (_d, out) = report(&[
        "--calls",
        &calls.to_string_lossy(),
        "--tickets",
        &tickets.to_string_lossy(),
        "--format",
        "json,html",
    ]);
    assert_eq!(
        rejected(&out),
        vec![row("calls", "calls.csv", 3, "persons", "invalid persons")]
    );
    let mut rdr = csv::Reader::from_path(out.join("rejected.csv")).expect("rejected.csv");
    let value = rdr.records().next().expect("one row").expect("row")[4].to_string();
    assert!(value.chars().count() <= 201, "value cut: {}", value.len());
    let k = &metrics(&out)["kpis"];
    assert_eq!(k["calls_incoming"], 1);
    assert_eq!(k["municipalities"], 1);
    assert_eq!(k["incidents_resolved"], 1);
}

/// Twenty major incidents with 10,000-character summaries, causes and action plans (one long
/// word, one of short words) render in every format.
#[test]
fn ten_thousand_character_summaries_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from(
        "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary,major,outage_start,outage_end,cause,action_plan\n",
    );
    let word = "Å".repeat(10_000);
    let words = "ord ".repeat(2_500);
    for i in 0..20 {
        let d = 2 + i % 20;
        text.push_str(&format!(
            "INC-{i},incident,1,2026-03-{d:02}T09:00:00+01:00,2026-03-{d:02}T09:10:00+01:00,2026-03-{d:02}T12:00:00+01:00,{},true,2026-03-{d:02}T09:00:00+01:00,2026-03-{d:02}T09:30:00+01:00,{words},{word}\n",
            if i % 2 == 0 { &word } else { &words }
        ));
    }
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(&tickets, text).expect("write");
    let (_d, out) = report(&["--tickets", &tickets.to_string_lossy()]);
    for f in ["report.pdf", "report.html", "breaches.csv"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains(&word), "long text is in the HTML, not cut");
    let k = &metrics(&out)["kpis"];
    assert_eq!(k["incidents_resolved"], 20);
    assert_eq!(k["rows_rejected"], 0);
}

/// A header-only call log and no tickets or changes: nothing is measured. Every figure from an
/// input is null (no call row, no ticket, no availability source), never 0 calls or 100 %
/// availability; the report prints "–" rather than a number.
#[test]
fn month_with_no_calls_and_no_tickets() {
    let (_d, out) = report(&[
        "--calls",
        &fixture("header_only.csv"),
        "--format",
        "json,html,pdf",
    ]);
    let k = &metrics(&out)["kpis"];
    assert_eq!(k["calls_incoming"], Value::Null);
    assert_eq!(k["delivery_precision"], Value::Null);
    assert_eq!(k["perf_within_t90_share"], Value::Null);
    assert_eq!(k["response_p50_ms"], Value::Null);
    assert_eq!(k["incidents_resolved"], Value::Null);
    assert_eq!(k["orders_lead_time_median_seconds"], Value::Null);
    assert!(k["open_seconds"].as_i64().unwrap() > 0);
    assert_eq!(k["availability"], Value::Null);
    assert_eq!(k["rows_read"], 0);
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("–"));
    assert!(!html.contains("NaN"));
}

/// Calls that all fall in February: March has no calls at all (a month with no calls).
#[test]
fn month_with_calls_only_in_another_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = dir.path().join("calls.csv");
    std::fs::write(
        &calls,
        "call_id,received_at,responded_at,result,persons\n\
         F1,2026-02-27T09:00:00+01:00,2026-02-27T09:00:05+01:00,ok,1\n\
         F2,2026-02-28T23:59:59.999+01:00,,no_response,1\n",
    )
    .expect("write");
    let (_d, out) = report(&["--calls", &calls.to_string_lossy(), "--format", "json,html"]);
    let k = &metrics(&out)["kpis"];
    // No call row in March: the call figures are not measured (null), not 0.
    assert_eq!(k["calls_incoming"], Value::Null);
    assert_eq!(k["delivery_precision"], Value::Null);
    assert_eq!(k["rows_read"], 2);
}

/// A config with every day closed: open time 0, availability null in metrics.json, "–" and
/// "Ej mätbart" in the report, never a division by zero.
#[test]
fn empty_open_time_month_availability_is_not_measurable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = String::new();
    let mut section = String::new();
    for line in slareport::config::SSBTEK_TOML.lines() {
        if line.starts_with('[') {
            section = line.to_string();
        }
        let day = ["mon", "tue", "wed", "thu", "fri"]
            .iter()
            .any(|d| line.starts_with(&format!("{d} = ")));
        if day && section == "[calendar.opening_hours]" {
            cfg.push_str(&format!("{} = []\n", &line[..3]));
        } else {
            cfg.push_str(line);
            cfg.push('\n');
        }
    }
    let path = dir.path().join("closed.toml");
    std::fs::write(&path, cfg).expect("write");
    let sample = |f: &str| format!("{}/sample-data/{f}", env!("CARGO_MANIFEST_DIR"));
    let (_d, out) = report(&[
        "--config",
        &path.to_string_lossy(),
        "--calls",
        &sample("calls.csv"),
        "--tickets",
        &sample("tickets.csv"),
        "--changes",
        &sample("changes.csv"),
        "--format",
        "json,html,pdf,csv",
    ]);
    let k = &metrics(&out)["kpis"];
    assert_eq!(k["open_seconds"], 0);
    assert_eq!(k["unavailable_seconds"], 0);
    assert_eq!(k["availability"], Value::Null);
    assert_eq!(k["perf_calls"], 0);
    assert_eq!(k["perf_within_t90_share"], Value::Null);
    // Precision counts calls at any time of day: still measured.
    assert!(k["delivery_precision"].as_f64().is_some());
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    // The first table row naming it (page 1's summary text names it before the table).
    let row = html
        .split("<tr")
        .skip(1)
        .find(|r| r.contains("Tillgänglighet inom öppettid"))
        .expect("availability row");
    assert!(row.contains("–") && row.contains("Ej mätbart"), "{row}");
}

/// An NDJSON file with no object (empty, or blank lines only) has no columns: a file error
/// naming the file, like an empty CSV file.
#[test]
fn ndjson_without_rows_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [("calls.ndjson", ""), ("blank.ndjson", "\n  \n")] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let (code, _, err) = run(&["check", "--calls", &path.to_string_lossy()]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(name) && err.contains("cannot read the schema"),
            "{err}"
        );
    }
}

/// `check` prints one example value per reject reason: control characters in it (an ANSI
/// escape sequence, a NUL) are shown escaped, never sent to the terminal raw.
#[test]
fn check_output_escapes_control_characters() {
    let (code, out, _) = calls_only("nul.csv");
    assert_eq!(code, 0);
    assert!(out.contains("value `\\u{0}`"), "{out}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("calls.csv");
    std::fs::write(
        &path,
        "call_id,received_at,responded_at,result,persons\nC1,2026-03-02T09:00:00Z,,\u{1b}[2J\u{1b}]0;owned\u{7},1\n",
    )
    .expect("write");
    let (code, out, _) = run(&["check", "--calls", &path.to_string_lossy()]);
    // Its only row is rejected: the file cannot give a report (exit 5), and the
    // warning that says so escapes the value too.
    assert_eq!(code, 5);
    assert!(out.contains("warning: "), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
}
