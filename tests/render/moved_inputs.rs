//! `verify` on an archive whose logs have moved: `--inputs DIR` finds each input by its
//! SHA-256 among the files below DIR (any names, any depth) and says which file stood in for
//! which recorded path; absolute recorded paths inside `--root` are read where they point, and
//! the refusal of those outside says so truthfully; links leading out of DIR are not followed.

use crate::binary::shown as text;
use std::path::{Path, PathBuf};
use std::process::Output;

const SAMPLE: [&str; 4] = ["calls.csv", "tickets.csv", "changes.csv", "corrections.csv"];

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

/// The sample month made in `cwd` from `paths` (calls, tickets, changes, corrections), into
/// `cwd/out` (PDF and JSON only: enough to verify, quicker).
fn report(cwd: &Path, paths: &[String], out: &str) {
    let mut args = vec!["report", "--month", "2026-03", "--format", "pdf,json,csv"];
    for (flag, p) in ["--calls", "--tickets", "--changes", "--corrections"]
        .into_iter()
        .zip(paths)
    {
        args.extend([flag, p.as_str()]);
    }
    args.extend(["--out", out]);
    let o = slareport(cwd, &args);
    assert!(o.status.success(), "{}", text(&o));
}

/// The case: report.pdf in `arkiv/`, its four inputs copied into `arkiv/loggar/`
/// under other names and depths; the folder the report was made from is gone.
#[test]
fn moved_logs_are_found_by_their_hash() {
    let t = tempfile::tempdir().unwrap();
    let made = t.path().join("made");
    std::fs::create_dir_all(made.join("sample-data")).unwrap();
    for f in SAMPLE {
        std::fs::copy(sample(f), made.join("sample-data").join(f)).unwrap();
    }
    let given: Vec<String> = SAMPLE.iter().map(|f| format!("sample-data/{f}")).collect();
    report(&made, &given, "out");
    let arkiv = t.path().join("arkiv");
    let loggar = arkiv.join("loggar");
    for (f, to) in SAMPLE.into_iter().zip([
        "2026/mars/samtal.csv",
        "2026/ärenden.csv",
        "ändringar-03.csv",
        "x/y/z/k.csv",
    ]) {
        let to = loggar.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(made.join("sample-data").join(f), to).unwrap();
    }
    // A decoy of the same size but other bytes, and a link leading out of the box.
    let calls = std::fs::read(sample("calls.csv")).unwrap();
    let mut decoy = calls.clone();
    let last = decoy.len() - 2;
    decoy[last] ^= 1;
    std::fs::write(loggar.join("2026/aaa-decoy.csv"), decoy).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", loggar.join("passwd.csv")).unwrap();
    std::fs::copy(made.join("out/report.pdf"), arkiv.join("report.pdf")).unwrap();
    std::fs::remove_dir_all(&made).unwrap();

    // Before: only the recorded paths are looked at.
    let o = slareport(&arkiv, &["verify", "report.pdf", "--root", "loggar"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    let o = slareport(&arkiv, &["verify", "report.pdf", "--inputs", "loggar"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for line in [
        "inputs found by their SHA-256 below loggar",
        "  sample-data/calls.csv  <-  loggar/2026/mars/samtal.csv\n",
        "  sample-data/tickets.csv  <-  loggar/2026/ärenden.csv\n",
        "  sample-data/changes.csv  <-  loggar/ändringar-03.csv\n",
        "  sample-data/corrections.csv  <-  loggar/x/y/z/k.csv\n",
        "not followed: loggar/passwd.csv is a symbolic link leading out of loggar",
        "IDENTICAL: 4 input hashes confirmed",
    ] {
        assert!(out.contains(line), "{line}\n{}", text(&o));
    }
    assert!(!out.contains("decoy"), "{out}");

    // A missing input: the error names it with its hash, and the link that was not followed.
    std::fs::remove_file(loggar.join("x/y/z/k.csv")).unwrap();
    let o = slareport(&arkiv, &["verify", "report.pdf", "--inputs", "loggar"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("no file below it has the size and SHA-256")
            && err.contains("sample-data/corrections.csv (SHA-256 ")
            && err.contains("passwd.csv is a symbolic link leading out of loggar"),
        "{err}"
    );
    // The only copy behind a link out of the box is not read.
    std::os::unix::fs::symlink(sample("corrections.csv"), loggar.join("k.csv")).unwrap();
    let o = slareport(&arkiv, &["verify", "report.pdf", "--inputs", "loggar"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// The second case: a report made with absolute paths (as a CI job passes them) and
/// verified with `--root` naming their folder; then from the report folder moved elsewhere.
#[test]
fn absolute_recorded_paths_inside_the_root_are_accepted() {
    let t = tempfile::tempdir().unwrap();
    let w = std::fs::canonicalize(t.path()).unwrap().join("w");
    std::fs::create_dir(&w).unwrap();
    for f in SAMPLE {
        std::fs::copy(sample(f), w.join(f)).unwrap();
    }
    let abs: Vec<String> = SAMPLE
        .iter()
        .map(|f| w.join(f).to_string_lossy().into_owned())
        .collect();
    report(t.path(), &abs, "out");
    let wr = w.to_str().unwrap();
    for target in ["out", "out/report.pdf"] {
        let o = slareport(t.path(), &["verify", target, "--root", wr]);
        assert_eq!(o.status.code(), Some(0), "{target}: {}", text(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("IDENTICAL"));
    }
    // A root that does not hold them: refused, truthfully.
    let o = slareport(t.path(), &["verify", "out", "--root", "out"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains(&format!(
            "the manifest names `{wr}/calls.csv`, an absolute path, which lies outside the verification root"
        )) && err.contains("--inputs DIR"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    // The logs moved: found by content, the absolute paths staged as recorded.
    let moved = t.path().join("box");
    std::fs::rename(&w, &moved).unwrap();
    let o = slareport(t.path(), &["verify", "out", "--inputs", "box"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains(&format!("  {wr}/calls.csv  <-  box/calls.csv\n")),
        "{}",
        text(&o)
    );
}
