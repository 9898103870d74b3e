//! The committed example report `reports/2026-03/` must be exactly what the tool makes of the
//! committed `sample-data/` today: this keeps the example fresh and proves determinism.
//!
//! Regenerate after an intended change with `UPDATE_REPORTS=1 cargo nextest run reports_example`.
//! One field may differ: manifest.json's `tool.git_revision` (it changes with every commit).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's command 1, run from the crate root so the manifest's paths are the README's.
fn generate(out: &Path) {
    let status = crate::binary::slareport()
        .current_dir(root())
        .args([
            "--quiet",
            "report",
            "--month",
            "2026-03",
            "--calls",
            "sample-data/calls.csv",
            "--tickets",
            "sample-data/tickets.csv",
            "--changes",
            "sample-data/changes.csv",
            "--corrections",
            "sample-data/corrections.csv",
            "--out",
        ])
        .arg(out)
        .status()
        .expect("run slareport");
    assert!(status.success(), "slareport report failed: {status}");
}

fn without_git_revision(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("manifest is JSON");
    v["tool"]["git_revision"] = serde_json::Value::Null;
    v
}

#[test]
fn example_report_is_current_and_byte_identical() {
    let expected_dir = root().join("reports/2026-03");
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path());
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "breaches.csv",
        "manifest.json",
        "metrics.json",
        "rejected.csv",
        "report.html",
        "report.pdf",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} not written: {names:?}"
        );
    }
    if std::env::var_os("UPDATE_REPORTS").is_some() {
        std::fs::create_dir_all(&expected_dir).unwrap();
        for n in &names {
            std::fs::copy(tmp.path().join(n), expected_dir.join(n)).unwrap();
        }
        return;
    }
    for n in &names {
        let got = std::fs::read(tmp.path().join(n)).unwrap();
        let want = std::fs::read(expected_dir.join(n)).unwrap_or_else(|_| {
            panic!("reports/2026-03/{n} missing: regenerate with UPDATE_REPORTS=1")
        });
        if n == "manifest.json" {
            assert_eq!(
                without_git_revision(&got),
                without_git_revision(&want),
                "{n} differs"
            );
        } else if n == "report.pdf" && !same_build(tmp.path(), &expected_dir) {
            // The PDF embeds manifest.json, whose git revision changes with every commit: made
            // by another build, it can only match in what it shows and what it carries.
            same_pdf_but_the_revision(&tmp.path().join(n), &expected_dir.join(n));
        } else {
            assert!(got == want, "reports/2026-03/{n} differs from a fresh run: regenerate with UPDATE_REPORTS=1 and review the diff");
        }
    }
    // And a second run gives the same bytes (determinism within one build).
    let again = tempfile::tempdir().unwrap();
    generate(again.path());
    for n in &names {
        if n == "manifest.json" {
            continue;
        }
        assert_eq!(
            std::fs::read(tmp.path().join(n)).unwrap(),
            std::fs::read(again.path().join(n)).unwrap(),
            "{n} differs between two runs"
        );
    }
}

/// Were both folders made by the same build (the same git revision in their manifests)?
fn same_build(a: &Path, b: &Path) -> bool {
    let rev = |d: &Path| {
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("manifest.json")).unwrap()).unwrap();
        m["tool"]["git_revision"].clone()
    };
    rev(a) == rev(b)
}

/// Two archive PDFs of different builds: every embedded file equal (the manifest but for its
/// git revision), and the same text on every page (when pdftotext is installed).
fn same_pdf_but_the_revision(got: &Path, want: &Path) {
    let extract = |pdf: &Path| {
        let dir = tempfile::tempdir().unwrap();
        let out = crate::binary::slareport()
            .args(["--quiet", "extract"])
            .arg(pdf)
            .arg("--out")
            .arg(dir.path())
            .output()
            .expect("run slareport extract");
        assert!(out.status.success(), "extract {}: {out:?}", pdf.display());
        dir
    };
    let (g, w) = (extract(got), extract(want));
    let mut names: Vec<String> = std::fs::read_dir(g.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n == "manifest.json"), "{names:?}");
    for n in &names {
        let (a, b) = (
            std::fs::read(g.path().join(n)).unwrap(),
            std::fs::read(w.path().join(n)).unwrap_or_default(),
        );
        if n == "manifest.json" {
            assert_eq!(
                without_git_revision(&a),
                without_git_revision(&b),
                "embedded {n}"
            );
        } else {
            assert!(
                a == b,
                "embedded {n} differs: regenerate with UPDATE_REPORTS=1"
            );
        }
    }
    let text = |pdf: &Path| {
        let o = Command::new("pdftotext")
            .args(["-layout"])
            .arg(pdf)
            .arg("-")
            .output()
            .ok()?;
        assert!(
            o.status.success(),
            "pdftotext {}: {}",
            pdf.display(),
            o.status
        );
        Some(o.stdout)
    };
    // The attachments' list shows manifest.json's SHA-256, which the revision changes too.
    let masked = |t: Vec<u8>| -> Vec<String> {
        String::from_utf8_lossy(&t)
            .lines()
            .map(|l| {
                if l.contains("manifest.json") {
                    l.split_whitespace()
                        .map(|w| {
                            if w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit()) {
                                "<sha256>"
                            } else {
                                w
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    l.to_string()
                }
            })
            .collect()
    };
    match (text(got).map(masked), text(want).map(masked)) {
        (Some(a), Some(b)) => assert!(
            a == b,
            "reports/2026-03/report.pdf shows other text than a fresh run: regenerate with UPDATE_REPORTS=1"
        ),
        _ => crate::skip::because(
            "reports_example: pdftotext (poppler-utils) is not installed, so the PDF's text was not \
             compared (.ci/run installs it)",
        ),
    }
}

/// The committed example verifies with today's build, whose git revision is not the one that
/// made it: `verify` re-makes the PDF with the recorded tool, so only what the tool computes or
/// lays out can differ (an auditor's re-run years later, with the same version).
#[test]
fn the_example_report_verifies_with_another_build() {
    let out = crate::binary::slareport()
        .current_dir(root())
        .args(["--quiet", "verify", "reports/2026-03"])
        .output()
        .expect("run slareport verify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("IDENTICAL"), "{stdout}");
}
