//! The CI recipe's shell part (scripts/monthly-report.sh) on the sample month: the first run
//! archives it; a second run with the same inputs keeps it; a late correction restates it
//! (the previous version kept in versions/1, both verifying); the site is written; a bad
//! month is a usage error.

use std::path::Path;
use std::process::{Command, Output};

fn script(cwd: &Path, month: &str, extra_env: &[(&str, &str)]) -> Output {
    let mut c = Command::new("bash");
    c.current_dir(cwd)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/monthly-report.sh"))
        .args([month, "in", "arkiv", "site"])
        .env("SLAREPORT", crate::binary::path())
        .env_remove("SLAREPORT_CONFIG");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    c.output().expect("bash runs")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_monthly_script_archives_keeps_and_restates() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let s = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    std::fs::create_dir(dir.join("in")).unwrap();
    for f in ["calls.csv", "tickets.csv", "changes.csv"] {
        std::fs::copy(s.join(f), dir.join("in").join(f)).unwrap();
    }
    // The corrections known on the day: the first two.
    let corr = std::fs::read_to_string(s.join("corrections.csv")).unwrap();
    let lines: Vec<&str> = corr.lines().collect();
    std::fs::write(dir.join("in/corrections.csv"), lines[..3].join("\n") + "\n").unwrap();

    let o = script(dir, "2026-03", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("archived: arkiv/2026/2026-03"),
        "{}",
        text(&o)
    );
    let out = dir.join("arkiv/2026/2026-03");
    assert!(out.join("report.pdf").is_file() && out.join("manifest.json").is_file());

    let o = script(dir, "2026-03", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("unchanged: arkiv/2026/2026-03"),
        "{}",
        text(&o)
    );
    assert!(!out.join("versions").exists());

    // The late correction is appended: restated, the previous version kept.
    std::fs::write(dir.join("in/corrections.csv"), &corr).unwrap();
    let o = script(dir, "2026-03", &[("FAIL_ON_BREACH", "1")]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "the sample misses targets: {}",
        text(&o)
    );
    let said = text(&o);
    assert!(
        said.contains("restated: the previous version is kept"),
        "{said}"
    );
    assert!(said.contains("+ COR-202603-03"), "{said}");
    assert!(out.join("versions/1/manifest.json").is_file());
    // Version 1 verifies from here too (its corrections file has changed since: found by
    // content in a box of the old logs, as an auditor would).
    std::fs::create_dir(dir.join("box")).unwrap();
    std::fs::write(dir.join("box/old-corr.csv"), lines[..3].join("\n") + "\n").unwrap();
    for f in ["calls.csv", "tickets.csv", "changes.csv"] {
        std::fs::copy(s.join(f), dir.join("box").join(f)).unwrap();
    }
    let o = crate::binary::slareport()
        .current_dir(dir)
        .args(["verify", "arkiv/2026/2026-03/versions/1", "--inputs", "box"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    if dir.join("site/index.html").exists() {
        let index = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
        assert!(index.contains("2026"), "{index}");
    }

    let o = script(dir, "2026-3", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}
