//! Security of the outputs against hostile input text, driven through the binary:
//! HTML injection and typst-markup injection from every text field, CSV formula injection in
//! breaches.csv and rejected.csv, no input value ever used in an output path, and a config that
//! can neither execute nor include anything.

use std::collections::BTreeSet;
use std::path::Path;

/// One payload per field: a formula start, HTML, template syntax and typst markup that would
/// fail the PDF if it were ever evaluated (`#panic`, an `#include` of a file that is not there).
fn payload(field: &str) -> String {
    format!(
        "=HYPERLINK(\"x\")<i>{field}</i>\"'&{{{{ 7*7 }}}}#panic(\"{field}\")#include \"/etc/passwd\"]$x$"
    )
}

const TICKET_FIELDS: &[&str] = &["ticket_id", "summary", "cause", "action_plan", "provider"];
const CHANGE_FIELDS: &[&str] = &["change_id", "title", "outcome"];
const CALL_FIELDS: &[&str] = &["call_id", "municipality"];

/// Every section marked, so that every text has a place in the report.
fn all_sections_config() -> String {
    slareport::config::SSBTEK_TOML
        .replace("capacity = false", "capacity = true")
        .replace("security = false", "security = true")
        .replace("continuity = false", "continuity = true")
}

/// CSV cell quoting for the inputs.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Inputs where every text field carries its payload; returns the temp dir.
fn hostile_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |f: &str| q(&payload(f));
    // A major security incident with an outage, past its response target (a breach), with
    // cause, action plan and provider.
    let tickets = format!(
        "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary,security,major,outage_start,outage_end,cause,action_plan,provider\n\
         {},incident,1,2026-03-03T09:00:00+01:00,2026-03-03T11:00:00+01:00,2026-03-05T12:00:00+01:00,{},true,true,2026-03-03T09:00:00+01:00,2026-03-03T10:00:00+01:00,{},{},{}\n",
        p("ticket_id"),
        p("summary"),
        p("cause"),
        p("action_plan"),
        p("provider"),
    );
    // A change without notice that ran into open time and overran.
    let changes = format!(
        "change_id,title,status,in_release,notified_at,scheduled_start,scheduled_end,actual_start,actual_end,overrun_notified,outcome\n\
         {},{},completed,false,,2026-03-10T07:00:00+01:00,2026-03-10T08:00:00+01:00,2026-03-10T07:00:00+01:00,2026-03-10T09:00:00+01:00,false,{}\n",
        p("change_id"),
        p("title"),
        p("outcome"),
    );
    let mut calls = String::from(
        "call_id,received_at,responded_at,result,persons,municipality,failed_providers\n",
    );
    for i in 0..5 {
        calls.push_str(&format!(
            "{},2026-03-04T09:0{i}:00+01:00,,unreachable,1,{},{}\n",
            q(&format!("{}{i}", payload("call_id"))),
            p("municipality"),
            q("FK;<i>failed_providers</i>"),
        ));
    }
    calls.push_str(&format!(
        "C-OK,2026-03-04T09:30:00+01:00,2026-03-04T09:30:20+01:00,ok,1,{},\n",
        p("municipality")
    ));
    // Rejected rows whose offending values start like formulas.
    for (i, (col, v)) in [
        ("result", "=1+2"),
        ("result", "@SUM(A1)"),
        ("persons", "-1+2"),
        ("result", "+cmd"),
        ("result", "\t=1"),
        ("result", "\r=1"),
    ]
    .iter()
    .enumerate()
    {
        let (result, persons) = if *col == "result" {
            (q(v), "1".to_string())
        } else {
            ("ok".to_string(), q(v))
        };
        calls.push_str(&format!(
            "R{i},2026-03-04T10:00:00+01:00,2026-03-04T10:00:01+01:00,{result},{persons},SN1,\n"
        ));
    }
    std::fs::write(dir.path().join("tickets.csv"), tickets).expect("write");
    std::fs::write(dir.path().join("changes.csv"), changes).expect("write");
    std::fs::write(dir.path().join("calls.csv"), calls).expect("write");
    // A file name that is itself a formula, given relative, lands in rejected.csv's file column.
    std::fs::write(
        dir.path().join("=HYPERLINK(1).csv"),
        "call_id,received_at,responded_at,result,persons\nX1,2026-03-04T10:00:00+01:00,,maybe,1\n",
    )
    .expect("write");
    // A file name that is markup: the report lists its inputs.
    std::fs::write(
        dir.path().join("<i>file.csv"),
        "call_id,received_at,responded_at,result,persons\nF1,2026-03-04T11:00:00+01:00,,ok,1\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("sla.toml"), all_sections_config()).expect("write");
    dir
}

/// Run `report` in `dir` (relative paths) into `dir/out`; (exit code, stderr).
fn report_in(dir: &Path, extra: &[&str]) -> (i32, String) {
    let out = crate::binary::slareport()
        .current_dir(dir)
        .args([
            "report",
            "--month",
            "2026-03",
            "--quiet",
            "--config",
            "sla.toml",
            "--calls",
            "calls.csv",
            "=HYPERLINK(1).csv",
            "<i>file.csv",
            "--tickets",
            "tickets.csv",
            "--changes",
            "changes.csv",
            "--out",
            "out",
        ])
        .args(extra)
        .env_remove("SLAREPORT_CONFIG")
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One report over the hostile inputs, shared by the tests below (each gets its own copy).
fn hostile_report() -> tempfile::TempDir {
    let dir = hostile_inputs();
    let (code, err) = report_in(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    dir
}

#[test]
fn html_escapes_every_text_field() {
    let dir = hostile_report();
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).expect("html");
    assert!(!html.contains("<i>"), "raw input markup in the HTML");
    assert!(
        !html.contains("<script"),
        "the report needs no script at all"
    );
    // Template syntax in data is printed, never evaluated.
    assert!(!html.contains("{{ 7*7 }}49") && !html.contains(">49<"));
    let mut shown = BTreeSet::new();
    for f in TICKET_FIELDS
        .iter()
        .chain(CHANGE_FIELDS)
        .chain(CALL_FIELDS)
        .chain(&["failed_providers"])
    {
        if html.contains(&format!("&lt;i&gt;{f}&lt;")) {
            shown.insert(*f);
        }
    }
    assert!(
        html.contains("&lt;i&gt;file.csv"),
        "input file name shown escaped"
    );
    // The fields the report prints must be there, escaped (proving the test reached them).
    for f in [
        "ticket_id",
        "summary",
        "cause",
        "action_plan",
        "change_id",
        "title",
        "outcome",
        "provider",
        "failed_providers",
    ] {
        assert!(shown.contains(f), "{f} not found escaped; shown: {shown:?}");
    }
}

#[test]
fn typst_markup_in_every_text_field_stays_text() {
    // `#panic(..)` or `#include "/etc/passwd"` evaluated would fail the compile; the PDF builds.
    let dir = hostile_report();
    let pdf = std::fs::read(dir.path().join("out/report.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 10_000);
}

/// Every cell of a CSV output: none may start like a formula.
fn assert_no_formula(path: &Path) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("csv");
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{}: formula cell {cell:?}",
                path.display()
            );
        }
    }
    rows
}

#[test]
fn csv_outputs_neutralise_formulas() {
    let dir = hostile_report();
    let breaches = assert_no_formula(&dir.path().join("out/breaches.csv"));
    let cells: Vec<&String> = breaches.iter().flatten().collect();
    assert!(
        cells.iter().any(|c| c.starts_with("'=HYPERLINK")),
        "hostile text reached breaches.csv: {breaches:?}"
    );
    let rejected = assert_no_formula(&dir.path().join("out/rejected.csv"));
    let values: BTreeSet<&str> = rejected.iter().map(|r| r[4].as_str()).collect();
    for v in ["'=1+2", "'@SUM(A1)", "'-1+2", "'+cmd", "'\t=1"] {
        assert!(values.contains(v), "{v:?} in {values:?}");
    }
    assert!(
        rejected.iter().any(|r| r[1] == "'=HYPERLINK(1).csv"),
        "file column neutralised: {rejected:?}"
    );
}

#[test]
fn no_input_value_reaches_an_output_path() {
    let dir = hostile_inputs();
    // Ids that look like paths as well.
    let calls = std::fs::read_to_string(dir.path().join("calls.csv")).expect("calls");
    let calls = calls
        .replace("C-OK", "../../evil-call")
        .replace("R0", "/tmp/evil-r0");
    std::fs::write(dir.path().join("calls.csv"), calls).expect("write");
    let (code, err) = report_in(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "breaches.csv",
            "manifest.json",
            "metrics.json",
            "rejected.csv",
            "report.html",
            "report.pdf",
            "sla-config.toml"
        ]
    );
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        [
            "<i>file.csv",
            "=HYPERLINK(1).csv",
            "calls.csv",
            "changes.csv",
            "out",
            "sla.toml",
            "tickets.csv"
        ]
    );
    assert!(!Path::new("/tmp/evil-r0").exists());
}

/// Run `config --check`-like validation through `report` with a config text; (code, stderr).
fn with_config(text: &str, extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = hostile_inputs();
    std::fs::write(dir.path().join("sla.toml"), text).expect("write");
    let (code, err) = report_in(dir.path(), extra);
    (code, err, dir)
}

#[test]
fn config_cannot_include_files_or_execute() {
    // No include mechanism: an unknown key is an error naming it, at any level.
    for (text, key) in [
        (
            format!("include = \"/etc/passwd\"\n{}", all_sections_config()),
            "include",
        ),
        (
            all_sections_config().replace("[calendar]\n", "[calendar]\nfile = \"/etc/hosts\"\n"),
            "file",
        ),
        (
            all_sections_config().replace("[report]\n", "[report]\ntemplate = \"/etc/passwd\"\n"),
            "template",
        ),
    ] {
        let (code, err, _d) = with_config(&text, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("sla.toml") && err.contains(key), "{err}");
        assert!(!err.contains("root:"), "no file content in the error");
    }
    // A preset is a name from the binary, never a path: anything else is a usage error (exit
    // 2) that lists the presets.
    let (code, err, _d) = with_config(&all_sections_config(), &["--preset", "../../../etc/passwd"]);
    assert_eq!(code, 2);
    assert!(err.contains("../../../etc/passwd"), "{err}");
    // Template and typst syntax in config texts are printed, not evaluated.
    let text = all_sections_config().replace(
        "name = \"SSBTEK\"",
        "name = \"{{ 'INJ' ~ 'ECTED' }}#panic(\\\"CFG\\\")<i>cfg</i>\"",
    );
    let (code, err, dir) = with_config(&text, &[]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).expect("html");
    assert!(!html.contains("INJECTED") && !html.contains("<i>cfg"));
    assert!(html.contains("&lt;i&gt;cfg"), "the name is shown, escaped");
}
