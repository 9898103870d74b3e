//! `slareport check` driven as a binary: the summary per input, `--json`, exit codes, and that
//! it writes nothing.

use std::process::Command;

fn bin() -> Command {
    crate::binary::slareport()
}

const CALLS: &str = "call_id,received_at,responded_at,result,persons\n\
    c1,2026-03-02T08:00:00Z,2026-03-02T08:00:01Z,ok,1\n\
    c2,2026-03-02T08:00:00Z,,maybe,1\n\
    c3,2026-03-02T08:00:00Z,,ok,0\n\
    c4,2026-03-02T08:00:00Z,,huh,1\n\
    c1,2026-03-02T08:00:00Z,2026-03-02T08:00:01Z,ok,1\n";

#[test]
fn text_summary_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls.csv");
    std::fs::write(&calls, CALLS).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    let out = bin()
        .args(["check", "--calls"])
        .arg(&calls)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("preset: canonical\n"), "{text}");
    assert!(
        text.contains("calls: 1 file(s), rows read 5, used 1, rejected 4"),
        "{text}"
    );
    // Top reasons: most frequent first, ties by reason.
    let reasons: Vec<String> = text
        .lines()
        .filter(|l| l.contains("reason:"))
        .map(|l| l.replace(&calls.to_string_lossy().into_owned(), "calls.csv"))
        .collect();
    assert_eq!(
        reasons,
        vec![
            "  reason: unknown result × 2 (first: calls.csv:3, column result, value `maybe`)",
            "  reason: duplicate × 1 (first: calls.csv:6, column call_id, value `c1`)",
            "  reason: invalid persons × 1 (first: calls.csv:4, column persons, value `0`)"
        ]
    );
    assert!(
        text.contains("data end: 2026-03-02T08:00:01.000Z"),
        "{text}"
    );

    let out = bin()
        .args(["check", "--json", "--calls"])
        .arg(&calls)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows_read"], 5);
    assert_eq!(v["rows_rejected"], 4);
    assert_eq!(v["inputs"][0]["input"], "calls");
    assert_eq!(v["inputs"][0]["reasons"][0]["reason"], "unknown result");
    assert_eq!(v["inputs"][0]["reasons"][0]["count"], 2);
    assert_eq!(v["inputs"][0]["reasons"][0]["first"]["line"], 3);
    assert_eq!(v["inputs"][0]["files"][0]["rows_used"], 1);
    assert_eq!(
        v["inputs"][0]["files"][0]["sha256"].as_str().unwrap().len(),
        64
    );
    // Nothing written.
    let after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(before.len(), after.len());
}

#[test]
fn unreadable_input_is_exit_1_with_the_file_named() {
    let out = bin()
        .args(["check", "--calls", "/nonexistent/calls.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/calls.csv"), "{err}");
}

#[test]
fn presets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let jtl = dir.path().join("r.jtl");
    std::fs::write(
        &jtl,
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,success\n\
         1656909291588,858,a,200,OK,t,true\n\
         1656909291600,30000,b,Non HTTP response code: java.net.SocketTimeoutException,x,t,false\n",
    )
    .unwrap();
    let out = bin()
        .args(["check", "--json", "--preset", "jmeter", "--calls"])
        .arg(&jtl)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["preset"], "jmeter");
    assert_eq!(v["rows_read"], 2);
    assert_eq!(v["rows_rejected"], 0);
    assert_eq!(v["data_end"], "2022-07-04T04:35:21.600Z");
}
