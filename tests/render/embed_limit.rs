//! rejected.csv too large to embed (M12.8): above the limit (lowered here with
//! `SLAREPORT_EMBED_LIMIT`) report.pdf does not embed it, the manifest's `archive.embeds` leaves
//! it out while its outputs keep its SHA-256, the file beside the PDF is byte for byte the one
//! a run without a PDF writes, the PDF lists it with size, hash and why, and `verify` passes on
//! the folder and on the PDF alone (and fails when the file beside is edited). At the limit
//! it is embedded exactly as without one: every file byte-identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::binary::shown as text;
use sha2::{Digest, Sha256};
use slareport::audit::archive::EMBEDDED;
use slareport::audit::pdfread;
use slareport::audit::Manifest;

/// A temp dir with the sample month in `in/`, plus a second call log of duplicates, conflicting
/// copies and rows rejected on their own (a few thousand rejects).
fn root() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let inp = root.path().join("in");
    std::fs::create_dir(&inp).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for f in ["calls.csv", "tickets.csv", "changes.csv"] {
        std::fs::copy(src.join(f), inp.join(f)).expect("copy");
    }
    let log = std::fs::read_to_string(src.join("calls.csv")).expect("calls");
    let mut lines = log.lines();
    let mut second = vec![lines.next().expect("header").to_string()];
    for (i, r) in lines.take(3000).enumerate() {
        let mut f: Vec<String> = r.split(',').map(str::to_string).collect();
        match i % 3 {
            0 => {}
            1 => f[4] = "0".into(),
            _ => f[0] = String::new(),
        }
        second.push(f.join(","));
    }
    std::fs::write(inp.join("calls-b.csv"), second.join("\n") + "\n").expect("write");
    root
}

/// Run slareport in `cwd` with the limit (`None`: the default) and the spill threshold given.
fn run(cwd: &Path, limit: Option<u64>, spill: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = crate::binary::slareport();
    cmd.current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .env_remove("SLAREPORT_EMBED_LIMIT")
        .env_remove("SLAREPORT_SPILL_ROWS");
    if let Some(l) = limit {
        cmd.env("SLAREPORT_EMBED_LIMIT", l.to_string());
    }
    if let Some(n) = spill {
        cmd.env("SLAREPORT_SPILL_ROWS", n);
    }
    let o = cmd.args(args).output().expect("run slareport");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "slareport panicked: {err}");
    o
}

/// `report` of the sample month into `cwd/out`, with `formats` (empty: the default, PDF
/// included); every file written, by name.
fn report(
    cwd: &Path,
    out: &str,
    limit: Option<u64>,
    spill: Option<&str>,
    formats: &[&str],
) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec![
        "--quiet",
        "report",
        "--month",
        "2026-03",
        "--lang",
        "en",
        "--calls",
        "in/calls.csv",
        "--calls",
        "in/calls-b.csv",
        "--tickets",
        "in/tickets.csv",
        "--changes",
        "in/changes.csv",
        "--out",
        out,
    ];
    for f in formats {
        args.extend(["--format", f]);
    }
    let o = run(cwd, limit, spill, &args);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::read_dir(cwd.join(out))
        .expect("out")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect()
}

fn hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn embedded_names(pdf: &[u8]) -> Vec<String> {
    pdfread::read(pdf)
        .expect("readable PDF")
        .files
        .keys()
        .cloned()
        .collect()
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> Manifest {
    serde_json::from_slice(&files["manifest.json"]).expect("manifest")
}

#[test]
fn rejected_csv_above_the_limit_stays_beside_the_pdf_and_verifies() {
    let root = root();
    let cwd = root.path();
    // The same run without a PDF: the rejected.csv every other run must write.
    let plain = report(cwd, "plain", None, None, &["json", "csv"]);
    let rejected = plain["rejected.csv"].clone();
    let len = rejected.len() as u64;
    assert!(
        rejected.split(|&b| b == b'\n').count() > 2000,
        "a few thousand rejects"
    );

    // One byte over the limit, held and spooled alike: not embedded.
    let over = report(cwd, "over", Some(len - 1), None, &[]);
    let spilled = report(cwd, "over-spilled", Some(len - 1), Some("7"), &[]);
    assert_eq!(over, spilled, "the held and the spooled path decide alike");
    assert!(
        over["rejected.csv"] == rejected,
        "byte for byte the run without a PDF"
    );
    let names = embedded_names(&over["report.pdf"]);
    let expect: Vec<String> = EMBEDDED
        .iter()
        .filter(|&&n| n != "rejected.csv")
        .map(|n| n.to_string())
        .collect();
    let mut sorted = expect.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the PDF embeds everything but rejected.csv");
    let m = manifest(&over);
    assert_eq!(m.archive.as_ref().expect("archive").embeds, expect);
    assert_eq!(m.outputs["rejected.csv"], hex(&rejected));
    // The PDF says where rejected.csv is and how to check it.
    let pdf_path = cwd.join("over/report.pdf");
    if let Some(t) = pdftotext(&pdf_path) {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(t.contains("rejected.csv"), "{t}");
        assert!(t.contains("kept beside this PDF"), "{t}");
        assert!(
            t.contains(&hex(&rejected)[..32]),
            "the hash is printed: {t}"
        );
    }

    // verify passes on the folder and on the PDF alone, under the same limit.
    for (limit, spill) in [(len - 1, None), (len - 1, Some("7"))] {
        let o = run(cwd, Some(limit), spill, &["verify", "over"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let alone = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&pdf_path, alone.path().join("report.pdf")).expect("copy");
    let root_arg = cwd.display().to_string();
    let o = run(
        alone.path(),
        Some(len - 1),
        None,
        &["verify", "report.pdf", "--root", &root_arg],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("rejected.csv is not in the PDF"),
        "{}",
        text(&o)
    );

    // rejected.csv beside it edited (same size, one byte changed): a difference, exit 4.
    let mut edited = rejected.clone();
    let at = edited.len() / 2;
    edited[at] = if edited[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(cwd.join("over/rejected.csv"), &edited).expect("write");
    let o = run(cwd, Some(len - 1), None, &["verify", "over"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("rejected.csv"), "{s}");
    assert!(s.contains("changed after the report was written"), "{s}");
    // Removed: missing, exit 4.
    std::fs::remove_file(cwd.join("over/rejected.csv")).expect("rm");
    let o = run(cwd, Some(len - 1), None, &["verify", "over"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("missing"), "{}", text(&o));
}

#[test]
fn rejected_csv_at_the_limit_is_embedded_as_without_one() {
    let root = root();
    let cwd = root.path();
    let default = report(cwd, "default", None, None, &[]);
    let rejected = default["rejected.csv"].clone();
    let len = rejected.len() as u64;
    assert_eq!(
        manifest(&default).archive.expect("archive").embeds,
        EMBEDDED.map(String::from)
    );
    // Exactly at the limit, held or spooled and read back: every file as with the default
    // limit, rejected.csv embedded byte for byte.
    for (out, spill) in [("at", None), ("at-spilled", Some("7"))] {
        let at = report(cwd, out, Some(len), spill, &[]);
        assert_eq!(at, default, "{out}: every file as with the default limit");
        let c = pdfread::read(&at["report.pdf"]).expect("readable");
        assert!(c.files["rejected.csv"].data == rejected, "{out}: embedded");
    }
    let o = run(cwd, Some(len), None, &["verify", "default"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// The PDF's text, or None when poppler's pdftotext is not installed ([`crate::skip`]).
fn pdftotext(pdf: &PathBuf) -> Option<String> {
    let Ok(o) = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
    else {
        crate::skip::because(
            "embed_limit: pdftotext (poppler-utils) is not installed, so the listing of a file \
             kept beside the PDF was not read (.ci/run installs it)",
        );
        return None;
    };
    assert!(o.status.success(), "pdftotext failed: {}", o.status);
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}
