//! Call ids that restart in each file (M2.9): two logs numbered 1, 2, … each make every call a
//! conflicting duplicate; `check` and `report` warn and name both files (stderr, `check --json`,
//! and appendix B in the report's language). Duplicates within one file do not warn.

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A call log of `n` calls on 2 March 2026 with ids 1..=n; `minute` makes the contents differ.
fn log(n: u32, minute: u32) -> String {
    let mut s = String::from("call_id,received_at,responded_at,result,persons\n");
    for i in 1..=n {
        s.push_str(&format!(
            "{i},2026-03-02T08:{minute:02}:{:02}Z,2026-03-02T08:{minute:02}:{:02}Z,ok,1\n",
            i % 50,
            i % 50 + 5
        ));
    }
    s
}

fn restarted_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("calls-a.csv"), log(5, 1)).unwrap();
    std::fs::write(dir.path().join("calls-b.csv"), log(5, 2)).unwrap();
    dir
}

const EN: &str =
    "10 of the 10 call rows are rejected as conflicting duplicates of an id in another file: \
                  the call ids seem to restart in each file (calls-a.csv, calls-b.csv)";

#[test]
fn check_warns_that_ids_restart_and_names_the_files() {
    let dir = restarted_dir();
    let args = ["check", "--calls", "calls-a.csv", "--calls", "calls-b.csv"];
    let o = run(dir.path(), &args);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(&format!("warning: calls: {EN}")), "{text}");
    assert!(text.contains("rows read 10, used 0, rejected 10"), "{text}");
    // Not unusable on its own (every row rejected is, by the all-rejected warning).
    let o = run(dir.path(), &[&args[..], &["--json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"ids restart per file"), "{codes:?}");
}

#[test]
fn report_warns_on_stderr_and_in_appendix_b_in_both_languages() {
    let dir = restarted_dir();
    let d = dir.path();
    // One call more, unique, so the report has a used call.
    let mut c = std::fs::read_to_string(d.join("calls-b.csv")).unwrap();
    c.push_str("x1,2026-03-03T08:00:00Z,2026-03-03T08:00:05Z,ok,1\n");
    std::fs::write(d.join("calls-b.csv"), c).unwrap();
    for (lang, words) in [
        (
            "en",
            "10 of the 11 call rows are rejected as conflicting duplicates of an id in another file",
        ),
        (
            "sv",
            "10 av 11 samtalsrader avvisas som motstridiga dubbletter av ett id i en annan fil",
        ),
    ] {
        let args = [
            "report", "--quiet", "--month", "2026-03", "--lang", lang, "--calls", "calls-a.csv",
            "--calls", "calls-b.csv", "--format", "html", "--out", lang,
        ]; // fmt: skip
        let o = run(d, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains("the call ids seem to restart in each file (calls-a.csv, calls-b.csv)"),
            "{err}"
        );
        let html = std::fs::read_to_string(d.join(lang).join("report.html")).unwrap();
        assert!(html.contains(words), "{lang}: no `{words}` in the report");
        assert!(html.contains("(calls-a.csv, calls-b.csv)"), "{lang}");
    }
}

/// `log(5, minute)` with ids prefixed by `prefix`.
fn prefixed(prefix: &str, minute: u32) -> String {
    log(5, minute)
        .replace("\n", &format!("\n{prefix}"))
        .trim_end_matches(prefix)
        .to_string()
}

#[test]
fn duplicates_within_one_file_or_identical_across_files_do_not_warn() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Every id twice in its own file with other contents, none in the other file: all 20
    // rows conflicting duplicates, none across files.
    let twice = |p: &str| {
        format!(
            "{}{}",
            prefixed(p, 1),
            prefixed(p, 2).split_once('\n').unwrap().1
        )
    };
    std::fs::write(d.join("calls-a.csv"), twice("a")).unwrap();
    std::fs::write(d.join("calls-b.csv"), twice("b")).unwrap();
    let o = run(
        d,
        &["check", "--calls", "calls-a.csv", "--calls", "calls-b.csv"],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("rows read 20, used 0, rejected 20"), "{text}");
    assert!(text.contains("conflicting duplicate × 20"), "{text}");
    assert!(!text.contains("restart"), "{text}");
    // Overlapping exports: the same five calls in both files, identical.
    std::fs::write(d.join("calls-b.csv"), prefixed("a", 1)).unwrap();
    std::fs::write(d.join("calls-a.csv"), prefixed("a", 1)).unwrap();
    let o = run(
        d,
        &["check", "--calls", "calls-a.csv", "--calls", "calls-b.csv"],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("rows read 10, used 5, rejected 5"), "{text}");
    assert!(!text.contains("restart"), "{text}");
}
