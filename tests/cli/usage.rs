//! The CLI contract, driving the binary: exit codes (M10.9: 0 success, 1 error, 2 usage,
//! 3 a missed target with --fail-on-breach; 4 is verify's, tested in tests/render/audit.rs), errors
//! that name the file or key, help text documenting the codes, shell completions, man page.

use std::path::Path;
use std::process::Output;

fn sample(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

fn slareport(args: &[&str]) -> Output {
    crate::binary::slareport()
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `report` on the sample month, metrics only (fast), plus `extra` arguments.
fn report(out: &Path, calls: &str, extra: &[&str]) -> Output {
    let (t, c) = (sample("tickets.csv"), sample("changes.csv"));
    let mut args = vec![
        "report",
        "--month",
        "2026-03",
        "--calls",
        calls,
        "--tickets",
        &t,
        "--changes",
        &c,
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    slareport(&args)
}

#[test]
fn exit_0_on_success_and_3_on_a_missed_target_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let calls = sample("calls.csv");
    let ok = report(tmp.path(), &calls, &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(tmp.path().join("metrics.json").is_file());
    // The sample month has three unplanned outages against a target of at most one.
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("metrics.json")).unwrap()).unwrap();
    assert!(metrics["kpis"]["unplanned_outages"].as_u64().unwrap() > 1);
    let breach = report(tmp.path(), &calls, &["--fail-on-breach"]);
    assert_eq!(breach.status.code(), Some(3), "{}", stderr(&breach));
    assert!(
        tmp.path().join("metrics.json").is_file(),
        "outputs still written"
    );
}

#[test]
fn exit_1_on_a_missing_input_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-calls.csv");
    let o = report(tmp.path(), missing.to_str().unwrap(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-calls.csv"), "{}", stderr(&o));
}

#[test]
fn exit_1_on_an_invalid_config_naming_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    let text = slareport(&["config", "--print"]);
    assert_eq!(text.status.code(), Some(0));
    let broken = stdout(&text).replacen("target = 0.9", "target = 1.5", 1);
    assert_ne!(broken, stdout(&text), "the availability target line exists");
    std::fs::write(&bad, broken).unwrap();
    let o = slareport(&["config", "--check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("target"), "{}", stderr(&o));

    let calls = sample("calls.csv");
    let o = report(tmp.path(), &calls, &["--config", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));

    let garbage = tmp.path().join("garbage.toml");
    std::fs::write(&garbage, "[agreement\nname = ").unwrap();
    let o = slareport(&["config", "--check", garbage.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("garbage.toml"), "{}", stderr(&o));
}

#[test]
fn exit_2_on_usage_errors() {
    for args in [
        &["report", "--month", "2026-03"][..],      // no --out
        &["report", "--month", "2026-03", "--out"], // --out without value
        &["no-such-command"],
        &[
            "report", "--format", "docx", "--month", "2026-03", "--out", "x",
        ],
        &["verify"],
        &["report", "--month", "2026-13", "--out", "x"], // no such month
        &["report", "--month", "march", "--out", "x"],   // not YYYY-MM
    ] {
        let o = slareport(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = slareport(&["report", "--month", "2026-3x", "--out", "x"]);
    assert!(stderr(&o).contains("expected YYYY-MM"), "{}", stderr(&o));
}

#[test]
fn help_documents_the_exit_codes() {
    let o = slareport(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for code in [
        "0 success",
        "1 error",
        "2 usage",
        "3 a target was missed",
        "4 `verify`",
    ] {
        assert!(help.contains(code), "--help lacks `{code}`:\n{help}");
    }
}

#[test]
fn shell_completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = slareport(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = stdout(&o);
        assert!(text.contains("slareport"), "{shell}");
        assert!(
            text.contains("verify") && text.contains("fail-on-breach"),
            "{shell}"
        );
    }
    let o = slareport(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(man.contains(".TH slareport"), "{man}");
    assert!(man.contains("report") && man.contains("verify"));
}

#[test]
fn version_is_the_package_version() {
    let o = slareport(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        format!("slareport {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn quiet_from_the_environment_accepts_1() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |value: &str| {
        crate::binary::slareport()
            .env("SLAREPORT_QUIET", value)
            .args(["sample", "--month", "2026-02", "--calls", "100", "--out"])
            .arg(tmp.path())
            .output()
            .unwrap()
    };
    let quiet = run("1");
    assert_eq!(quiet.status.code(), Some(0), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "");
    let loud = run("0");
    assert_eq!(loud.status.code(), Some(0));
    assert!(
        stderr(&loud).contains("wrote 100 calls"),
        "{}",
        stderr(&loud)
    );
}
