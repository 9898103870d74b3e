//! Loading and scanning archived months, on copies of the committed example report.

use std::path::{Path, PathBuf};

use super::*;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/2026-03")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn err(r: anyhow::Result<impl std::fmt::Debug>) -> String {
    format!("{:#}", r.unwrap_err())
}

#[test]
fn a_report_folder_loads_with_its_hashes() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("2026-03");
    copy_dir(&example(), &dir);
    let m = load(&dir).unwrap();
    assert_eq!(m.month.to_string(), "2026-03");
    assert_eq!(m.form, Form::Folder);
    assert_eq!(m.metrics_sha256, m.manifest.outputs["metrics.json"]);
    assert_eq!(m.metrics["month"], "2026-03");
    assert_eq!(m.config_sha256().len(), 64);
    assert!(!m.targets.is_empty());
    assert!(m.versions.is_empty());
}

#[test]
fn a_tampered_file_is_refused_naming_it() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("a");
    copy_dir(&example(), &dir);
    let p = dir.join("metrics.json");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "\"unplanned_outages\": 1",
        "\"unplanned_outages\": 0",
        1,
    );
    std::fs::write(&p, text).unwrap();
    let e = err(load(&dir));
    assert!(e.contains("metrics.json") && e.contains("SHA-256"), "{e}");
}

#[test]
fn a_file_hashed_as_a_stream_is_checked_all_the_same() {
    // report.html is not embedded in the PDF, so it is hashed as it is read, not held (as a
    // rejected.csv too large to embed, M12.8): an edit is still refused.
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("a");
    copy_dir(&example(), &dir);
    let p = dir.join("report.html");
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.push(b'\n');
    std::fs::write(&p, bytes).unwrap();
    let e = err(load(&dir));
    assert!(e.contains("report.html") && e.contains("SHA-256"), "{e}");
}

#[test]
fn a_partial_folder_is_refused_naming_the_missing_file() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("a");
    copy_dir(&example(), &dir);
    std::fs::remove_file(dir.join("breaches.csv")).unwrap();
    let e = err(load(&dir));
    assert!(e.contains("breaches.csv") && e.contains("missing"), "{e}");
}

#[test]
fn an_altered_pdf_beside_the_files_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("a");
    copy_dir(&example(), &dir);
    std::fs::write(dir.join("report.pdf"), b"%PDF-1.7\nnot really").unwrap();
    let e = err(load(&dir));
    assert!(e.contains("report.pdf"), "{e}");
}

#[test]
fn a_foreign_folder_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("manifest.json"), b"{\"name\": \"something else\"}").unwrap();
    let e = err(load(&dir));
    assert!(
        e.contains("manifest.json") && e.contains("not a slareport manifest"),
        "{e}"
    );
    let empty = t.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(err(load(&empty)).contains("not a report folder"));
}

#[test]
fn a_pdf_alone_is_read_through_its_embedded_files() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("only-pdf");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(example().join("report.pdf"), dir.join("report.pdf")).unwrap();
    let folder = load(&example()).unwrap();
    let m = load(&dir).unwrap();
    assert_eq!(m.form, Form::Pdf);
    assert_eq!(m.month, folder.month);
    assert_eq!(m.metrics_sha256, folder.metrics_sha256);
    assert_eq!(m.manifest_sha256, folder.manifest_sha256);
    // The PDF file itself.
    let f = load(&dir.join("report.pdf")).unwrap();
    assert_eq!(f.metrics_sha256, folder.metrics_sha256);
}

#[test]
fn a_folder_named_for_another_month_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("2025-03");
    copy_dir(&example(), &dir);
    let e = err(load(&dir));
    assert!(e.contains("2025-03") && e.contains("2026-03"), "{e}");
}

#[test]
fn scan_finds_months_at_any_depth_and_refuses_two_claims() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&example(), &t.path().join("deep/er/march"));
    std::fs::create_dir_all(t.path().join(".hidden")).unwrap();
    let found = scan(t.path()).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].path.ends_with("deep/er/march"));
    copy_dir(&example(), &t.path().join("again"));
    let e = err(scan(t.path()));
    assert!(
        e.contains("two archived reports claim 2026-03")
            && e.contains("again")
            && e.contains("march"),
        "{e}"
    );
}

#[test]
fn restated_versions_are_the_months_earlier_versions() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("2026-03");
    copy_dir(&example(), &dir);
    copy_dir(&example(), &dir.join("versions/2"));
    copy_dir(&example(), &dir.join("versions/1"));
    let found = scan(t.path()).unwrap();
    assert_eq!(found.len(), 1);
    let v: Vec<String> = found[0]
        .versions
        .iter()
        .map(|v| relative(&v.path, &dir))
        .collect();
    assert_eq!(v, ["versions/1", "versions/2"]);
    // A version folder not named by a number.
    copy_dir(&example(), &dir.join("versions/old"));
    assert!(err(scan(t.path())).contains("versions/old"));
}

#[test]
fn annual_reports_are_listed_apart() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&example(), &t.path().join("2026-03"));
    let year = t.path().join("2026");
    std::fs::create_dir_all(&year).unwrap();
    std::fs::write(year.join("manifest.json"), b"{\"kind\": \"annual\"}").unwrap();
    let s = scan_all(t.path()).unwrap();
    assert_eq!(s.months.len(), 1);
    assert_eq!(s.annual, vec![year.clone()]);
    assert!(err(load(&year)).contains("annual"));
}
