//! Mapping your own export, driven as a binary: `--mapping FILE`, `mapping --example` /
//! `--check`, `columns`, and every silent misconfiguration now ending in a clear
//! message (asserted on the message and the exit code).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    crate::binary::slareport()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mapping")
        .join(p)
}

/// A scratch directory with the example fixture and the template `mapping --example` prints.
fn example_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["calls.ndjson", "tickets.csv"] {
        std::fs::copy(fixture(&format!("example/{f}")), dir.path().join(f)).unwrap();
    }
    let o = run(dir.path(), &["mapping", "--example"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    std::fs::write(dir.path().join("my-mapping.toml"), &o.stdout).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn the_example_template_reads_its_fixture() {
    let dir = example_dir();
    let d = dir.path();
    let o = run(d, &["mapping", "--check", "my-mapping.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("my-mapping.toml: valid mapping (calls, tickets"),
        "{}",
        out(&o)
    );
    let args = [
        "check",
        "--mapping",
        "my-mapping.toml",
        "--calls",
        "calls.ndjson",
        "--tickets",
        "tickets.csv",
        "--month",
        "2026-03",
    ];
    let o = run(d, &args);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", err(&o));
    assert!(
        text.starts_with("preset: canonical\nmapping: my-mapping.toml (sha256 "),
        "{text}"
    );
    // 8 gateway rows: the health check is filtered out (counted), 7 calls.
    assert!(
        text.contains("calls: 1 file(s), rows read 8, used 7, rejected 1"),
        "{text}"
    );
    assert!(text.contains("reason: excluded by filter × 1"), "{text}");
    assert!(
        text.contains("tickets: 1 file(s), rows read 4, used 4, rejected 0"),
        "{text}"
    );
    assert!(
        text.contains("data end: 2026-03-09T15:45:00.000Z"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn a_report_records_the_mapping_and_verify_reapplies_it() {
    let dir = example_dir();
    let d = dir.path();
    let o = run(
        d,
        &[
            "report",
            "--quiet",
            "--month",
            "2026-03",
            "--mapping",
            "my-mapping.toml",
            "--calls",
            "calls.ndjson",
            "--tickets",
            "tickets.csv",
            "--format",
            "json,csv",
            "--out",
            "r",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("r/manifest.json")).unwrap()).unwrap();
    assert_eq!(m["mapping"]["path"], "my-mapping.toml");
    let sha = m["mapping"]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    let o = run(d, &["verify", "--quiet", "r"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("IDENTICAL"), "{}", out(&o));
    // A changed mapping is a difference named as such.
    let text = std::fs::read_to_string(d.join("my-mapping.toml")).unwrap();
    write(
        d,
        "my-mapping.toml",
        &text.replace("\"5*\" = \"error\"", "\"5*\" = \"ok\""),
    );
    let o = run(d, &["verify", "--quiet", "r"]);
    assert_eq!(o.status.code(), Some(4), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("mapping  my-mapping.toml: SHA-256"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_mistyped_mapped_column_is_an_error_naming_file_key_and_columns() {
    let dir = example_dir();
    let d = dir.path();
    let text = std::fs::read_to_string(d.join("my-mapping.toml")).unwrap();
    write(
        d,
        "typo.toml",
        &text.replace("responded_at = \"Påbörjad\"", "responded_at = \"påbörjat\""),
    );
    let o = run(
        d,
        &[
            "check",
            "--mapping",
            "typo.toml",
            "--tickets",
            "tickets.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let e = err(&o);
    assert!(
        e.contains("tickets.csv (tickets): the mapping [inputs.tickets.columns] responded_at = \"påbörjat\" names no column of this file"),
        "{e}"
    );
    assert!(
        e.contains("found columns Ärende, Typ, Prioritet, Registrerad, Påbörjad"),
        "{e}"
    );
}

#[test]
fn epoch_seconds_for_milliseconds_warn_and_fail_check_for_the_month() {
    let dir = example_dir();
    let d = dir.path();
    let text = std::fs::read_to_string(d.join("my-mapping.toml")).unwrap();
    write(
        d,
        "s.toml",
        &text.replace(
            "timestamp_format = [\"epoch_ms\"]",
            "timestamp_format = [\"epoch_s\"]",
        ),
    );
    let o = run(
        d,
        &["check", "--mapping", "s.toml", "--calls", "calls.ndjson"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("warning: calls.ndjson (calls): 12 instant(s) are implausible"),
        "{text}"
    );
    assert!(
        text.contains("(epoch milliseconds read as seconds? use \"epoch_ms\")"),
        "{text}"
    );
    let o = run(
        d,
        &[
            "check",
            "--mapping",
            "s.toml",
            "--calls",
            "calls.ndjson",
            "--month",
            "2026-03",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", out(&o));
    assert!(
        out(&o).contains("warning: calls: none of the 7 used calls was received in 2026-03"),
        "{}",
        out(&o)
    );
    // The report still runs, but says so on stderr.
    let o = run(
        d,
        &[
            "report",
            "--quiet",
            "--month",
            "2026-03",
            "--mapping",
            "s.toml",
            "--calls",
            "calls.ndjson",
            "--format",
            "json",
            "--out",
            "r",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains("warning: calls: none of the 7 used calls"),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("12 instant(s) are implausible"),
        "{}",
        err(&o)
    );
}

#[test]
fn epoch_milliseconds_for_seconds_are_implausible() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "calls.csv",
        "id,t,res,n\na,1772438700,OK,1\nb,1772438760,OK,1\n",
    );
    write(
        d,
        "m.toml",
        "[inputs.calls]\ntimestamp_format = [\"epoch_ms\"]\n[inputs.calls.columns]\ncall_id = \"id\"\nreceived_at = \"t\"\nresult = \"res\"\npersons = \"n\"\n",
    );
    let o = run(
        d,
        &[
            "check",
            "--mapping",
            "m.toml",
            "--calls",
            "calls.csv",
            "--month",
            "2026-03",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("2 instant(s) are implausible"), "{text}");
    assert!(
        text.contains("received_at `1772438700` = 1970-01-21T12:20:38Z (epoch seconds read as milliseconds? use \"epoch_s\")"),
        "{text}"
    );
}

#[test]
fn a_file_with_every_row_rejected_fails_check_with_the_formats_tried() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "calls.csv",
        "call_id,received_at,result,persons\nc1,02/03/2026 09:00,ok,1\nc2,02/03/2026 09:01,ok,1\n",
    );
    let o = run(d, &["check", "--calls", "calls.csv"]);
    assert_eq!(o.status.code(), Some(5), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("warning: calls.csv (calls): all 2 rows were rejected; most often `unparseable timestamp` × 2 (first: line 2, column received_at, value `02/03/2026 09:00`)"),
        "{text}"
    );
    assert!(
        text.contains("hint: calls.received_at was read with timestamp_format = [\"iso\"]; set the formats of your export in [inputs.calls] timestamp_format"),
        "{text}"
    );
    assert!(
        text.contains("%d/%m/%Y %H:%M"),
        "the syntax is shown: {text}"
    );
    assert!(err(&o).contains("exit 5"), "{}", err(&o));
}

#[test]
fn an_unknown_value_lists_the_accepted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "calls.csv",
        "call_id,received_at,result,persons\nc1,2026-03-02T09:00:00Z,ok,1\nc2,2026-03-02T09:00:01Z,TIMEOUT,1\n",
    );
    let o = run(d, &["check", "--calls", "calls.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("    hint: accepted result values (any case): ok, partial, error, unreachable, no_response; map your export's values in [inputs.calls.values.result]"),
        "{}",
        out(&o)
    );
}

#[test]
fn orders_without_closed_at_warn() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "t.csv",
        "ticket_id,type,priority,registered_at,resolved_at\nO1,order,,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z\n",
    );
    let o = run(d, &["check", "--tickets", "t.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("warning: tickets: 1 order(s) and none has closed_at, so no order counts as delivered; map the column with the closing time as [inputs.tickets.columns] closed_at"),
        "{}",
        out(&o)
    );
}

#[test]
fn missing_required_column_teaches_the_mapping_and_the_presets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "calls.csv",
        "id,received_at,result,persons\nc1,2026-03-02T09:00:00Z,ok,1\n",
    );
    let o = run(d, &["check", "--calls", "calls.csv"]);
    // A required field no column fills: the inputs cannot give a report.
    assert_eq!(o.status.code(), Some(5));
    let e = err(&o);
    assert!(e.contains("missing required column `call_id` in calls.csv (calls): found columns id, received_at, result, persons."), "{e}");
    assert!(
        e.contains("[inputs.calls.columns] call_id = \"<your column>\""),
        "{e}"
    );
    assert!(
        e.contains("--preset NAME (canonical, jmeter, k6)")
            || e.contains("--preset NAME (jmeter, k6)"),
        "{e}"
    );
}

#[test]
fn config_and_mapping_check_validate_formats_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "m.toml",
        "[inputs.tickets]\ntimestamp_format = [\"bogus\"]\n[inputs.tickets.values.priority]\n\"Highest\" = \"critical\"\n\"Blocker\" = \"urgent\"\n",
    );
    let o = run(d, &["mapping", "--check", "m.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("error: m.toml: key `inputs.tickets.timestamp_format[0]`: `bogus` is not a timestamp format: expected `iso`"), "{text}");
    assert!(text.contains("error: m.toml: key `inputs.tickets.values.priority.\"Blocker\"`: `urgent` is not an accepted priority: expected one of 1 (kritisk, critical)"), "{text}");
    assert!(text.contains("warning: m.toml: key `inputs.tickets.values.priority.\"Highest\"`: `critical` is accepted as an alias of the canonical priority `1`"), "{text}");
    // The same [inputs] inside a whole SLA config.
    let cfg = String::from_utf8(run(d, &["config"]).stdout).unwrap();
    // The printed config says where [inputs] is documented.
    assert!(
        cfg.contains("# [inputs]: how your exports are read"),
        "{cfg}"
    );
    assert!(cfg.contains("`slareport mapping --example`"), "{cfg}");
    write(
        d,
        "sla.toml",
        &format!(
            "{cfg}\n{}",
            std::fs::read_to_string(d.join("m.toml")).unwrap()
        ),
    );
    let o = run(d, &["config", "--check", "sla.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("`bogus` is not a timestamp format"),
        "{}",
        out(&o)
    );
    // And a run refuses it before reading a row.
    write(
        d,
        "t.csv",
        "ticket_id,type,priority,registered_at\nT1,incident,1,2026-03-02T09:00:00Z\n",
    );
    let o = run(d, &["check", "--mapping", "m.toml", "--tickets", "t.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("`bogus` is not a timestamp format"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_mapping_file_holds_only_inputs_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "m.toml", "[calls.columns]\ncall_id = \"id\"\n");
    write(d, "c.csv", "id,received_at,result,persons\n");
    let o = run(d, &["check", "--mapping", "m.toml", "--calls", "c.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("mapping file m.toml: top-level `calls`: a mapping file holds only [inputs]; write it as [inputs.calls]"), "{}", err(&o));
}

#[test]
fn an_unknown_preset_is_a_usage_error_listing_the_presets() {
    let o = bin()
        .args(["check", "--preset", "jra", "--tickets", "x.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("jra")
            && e.contains("jira")
            && e.contains("topdesk")
            && e.contains("servicenow"),
        "{e}"
    );
}

#[test]
fn columns_lists_types_requirements_and_aliases() {
    let o = bin().arg("columns").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(text.contains("\ntickets (--tickets)\n"), "{text}");
    assert!(text.contains("  priority           enum             optional  1 (kritisk, critical), 2 (hög, hog, high), 3 (medel, medium), 4 (låg, lag, low); required except for orders"), "{text}");
    assert!(
        text.contains("  registered_at      timestamp        required"),
        "{text}"
    );
    assert!(
        text.contains("\"epoch_s\"   seconds since 1970-01-01T00:00:00Z"),
        "{text}"
    );
}

/// The README's complete example reads a Jira export and the gateway log as documented.
#[test]
fn the_readme_mapping_reads_a_jira_export_and_a_gateway_log() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("### Mapping your own export").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let toml = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "readme.toml", toml);
    std::fs::copy(fixture("example/calls.ndjson"), d.join("gw.ndjson")).unwrap();
    std::fs::copy(fixture("jira/jsm-export.csv"), d.join("jira.csv")).unwrap();
    let o = run(d, &["mapping", "--check", "readme.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(!out(&o).contains("warning"), "{}", out(&o));
    let o = run(
        d,
        &[
            "check",
            "--mapping",
            "readme.toml",
            "--calls",
            "gw.ndjson",
            "--tickets",
            "jira.csv",
            "--month",
            "2026-03",
        ],
    );
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", err(&o));
    assert!(
        text.starts_with("preset: jira\nmapping: readme.toml"),
        "{text}"
    );
    assert!(
        text.contains("calls: 1 file(s), rows read 8, used 7, rejected 1"),
        "{text}"
    );
    assert!(
        text.contains("tickets: 1 file(s), rows read 8, used 7, rejected 1"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");
}
