//! An untrusted report folder cannot make `verify` read elsewhere: a manifest.json
//! edited to name `/etc/passwd`, a `../` path or a symbolic link leading out of the root is
//! refused (exit 1) before anything is opened, and nothing about that file (hash, size, rows)
//! is printed; `--allow-outside-root` reads it for an auditor who trusts the manifest.

use std::path::{Path, PathBuf};
use std::process::Output;

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("run slareport")
}

/// A report on a small call log made in `root` (relative paths), into `root/out`.
fn report(root: &Path) -> PathBuf {
    std::fs::write(
        root.join("calls.csv"),
        "call_id,received_at,responded_at,result,persons\nC1,2026-03-02T09:00:00Z,2026-03-02T09:00:01Z,ok,1\n",
    )
    .unwrap();
    let o = slareport(
        root,
        &[
            "report",
            "--month",
            "2026-03",
            "--format",
            "json",
            "--calls",
            "calls.csv",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    root.join("out")
}

/// Point the manifest's call log at `path`.
fn edit(out: &Path, path: &str) {
    let m = out.join("manifest.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap();
    v["inputs"][0]["path"] = serde_json::Value::from(path);
    std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn manifest_inputs_outside_the_root_are_refused() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("root");
    std::fs::create_dir(&root).unwrap();
    let out = report(&root);
    let ok = slareport(&root, &["verify", "out"]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    std::fs::write(
        t.path().join("secret.csv"),
        "call_id,received_at,responded_at,result,persons\nS1,2026-03-03T09:00:00Z,,ok,1\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("link.csv")).unwrap();
    for (path, why) in [
        ("/etc/passwd", "an absolute path"),
        ("../secret.csv", "a path with `..`"),
        (
            "link.csv",
            "which resolves through a symbolic link to /etc/passwd",
        ),
    ] {
        edit(&out, path);
        let o = slareport(&root, &["verify", "out"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{path}: {err}");
        assert!(
            err.contains(&format!("the manifest names `{path}`, {why}"))
                && err.contains("--allow-outside-root"),
            "{path}: {err}"
        );
        // Nothing about the file reaches the output.
        assert!(o.stdout.is_empty(), "{path}");
        // Also with --root given explicitly.
        let o = slareport(t.path(), &["verify", "root/out", "--root", "root"]);
        assert_eq!(o.status.code(), Some(1), "{path}");
    }
    // The auditor may lift the rule: the file is read and found to differ (exit 4).
    edit(&out, "../secret.csv");
    let o = slareport(&root, &["verify", "out", "--allow-outside-root"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(4),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(text.contains("../secret.csv"), "{text}");
}

#[test]
fn a_config_origin_outside_the_root_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let out = report(t.path());
    let m = out.join("manifest.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap();
    v["config"]["origin"] = serde_json::Value::from("/etc/hostname");
    std::fs::write(&m, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let o = slareport(t.path(), &["verify", "out"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the manifest names `/etc/hostname`, an absolute path"),
        "{err}"
    );
}
