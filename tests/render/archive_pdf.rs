//! report.pdf as an archive that proves itself: the conformance claims in its XMP
//! (PDF/A-3a, PDF/UA-1), document title and language, alternative text on every figure, the
//! evidence embedded byte for byte, `extract` → `verify report.pdf` round trip, and tampered,
//! stripped or foreign PDFs refused with a reason (never a panic).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::binary::shown as text;
use slareport::audit::archive::{self, EMBEDDED};
use slareport::audit::pdfread::{self, xmp_property};
use slareport::audit::Manifest;

const INPUTS: [&str; 4] = ["calls.csv", "tickets.csv", "changes.csv", "corrections.csv"];

/// A temp dir holding a copy of the sample data in `in/` (so that the manifest records
/// relative paths and `--root` means something).
fn sample_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(root.path().join("in")).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for f in INPUTS {
        std::fs::copy(src.join(f), root.path().join("in").join(f)).expect("copy");
    }
    root
}

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    let out = crate::binary::slareport()
        .current_dir(cwd)
        .args(args)
        .env_remove("SLAREPORT_CONFIG")
        .output()
        .expect("run slareport");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "slareport panicked: {err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
    out
}

/// `report` in `root` on the sample month into `root/out`, in `lang`.
fn report(root: &Path, lang: &str) -> PathBuf {
    let out = slareport(
        root,
        &[
            "report",
            "--quiet",
            "--month",
            "2026-03",
            "--lang",
            lang,
            "--calls",
            "in/calls.csv",
            "--tickets",
            "in/tickets.csv",
            "--changes",
            "in/changes.csv",
            "--corrections",
            "in/corrections.csv",
            "--out",
            "out",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("out")
}

#[test]
fn pdf_claims_a3a_and_ua1_and_embeds_the_evidence_byte_for_byte() {
    for (lang, region) in [("sv", "sv-SE"), ("en", "en-GB")] {
        let root = sample_root();
        let out = report(root.path(), lang);
        let pdf = std::fs::read(out.join("report.pdf")).expect("report.pdf");
        let c = pdfread::read(&pdf).expect("readable");

        // The claims, as an archive or a reader sees them in the XMP.
        let xmp = c.xmp.as_deref().expect("XMP metadata");
        assert_eq!(
            xmp_property(xmp, "pdfaid:part").as_deref(),
            Some("3"),
            "{xmp}"
        );
        assert_eq!(
            xmp_property(xmp, "pdfaid:conformance").as_deref(),
            Some("A")
        );
        assert_eq!(xmp_property(xmp, "pdfuaid:part").as_deref(), Some("1"));
        assert_eq!(c.lang.as_deref(), Some(region));
        assert!(c.display_doc_title, "the title must be the window title");
        let title = if lang == "sv" {
            "Månadsrapport SSBTEK mars 2026"
        } else {
            "Monthly service-level report SSBTEK March 2026"
        };
        assert!(
            xmp.contains(&format!(
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}<"
            )),
            "title in XMP: {xmp}"
        );

        // Every figure has alternative text with words and a number.
        assert!(c.figures.len() >= 5, "{} figures", c.figures.len());
        for alt in &c.figures {
            let alt = alt.as_deref().expect("a figure without /Alt");
            assert!(
                alt.split_whitespace().count() >= 4,
                "alt too short: {alt:?}"
            );
            assert!(
                alt.chars().any(|ch| ch.is_ascii_digit()),
                "alt without numbers: {alt:?}"
            );
        }

        // The evidence: exactly the five files, each the file beside the PDF.
        let names: Vec<&str> = c.files.keys().map(String::as_str).collect();
        let mut want = EMBEDDED.to_vec();
        want.sort();
        assert_eq!(names, want);
        for name in EMBEDDED {
            let beside = std::fs::read(out.join(name)).expect(name);
            let e = &c.files[name];
            assert!(
                e.data == beside,
                "{name}: embedded bytes differ from the file beside"
            );
            assert!(e.mime.is_some() && e.description.is_some(), "{name}: {e:?}");
            assert!(e.relationship.is_some(), "{name}: no AFRelationship");
        }
        assert_eq!(
            c.files["metrics.json"].mime.as_deref(),
            Some("application/json")
        );
        assert_eq!(
            c.files["metrics.json"].relationship.as_deref(),
            Some("Data")
        );

        // The manifest names the PDF as the archive and does not (cannot) hash it.
        let m = Manifest::read(&out.join("manifest.json")).expect("manifest");
        let a = m.archive.as_ref().expect("manifest.archive");
        assert_eq!(a.file, "report.pdf");
        assert!(!m.outputs.contains_key("report.pdf"));
        for name in EMBEDDED.iter().filter(|n| **n != "manifest.json") {
            assert!(m.outputs.contains_key(*name), "{name} not hashed");
        }
        // The embedded config is the config in force: it hashes to the manifest's config hash.
        let cfg = &c.files[archive::CONFIG_FILE].data;
        assert_eq!(
            slareport::config::hex(&sha2_digest(cfg)),
            m.config.sha256,
            "sla-config.toml is not the hashed config"
        );

        // The appendix lists the attachments (the printed page names them).
        let listing = pdftotext(&out.join("report.pdf"));
        if let Some(t) = listing {
            for name in EMBEDDED {
                assert!(t.contains(name), "appendix does not list {name}");
            }
        }
    }
}

fn sha2_digest(b: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(b).to_vec()
}

/// The PDF's text, or None when poppler's pdftotext is not installed ([`crate::skip`]: a
/// failure under `CI=true`).
fn pdftotext(pdf: &Path) -> Option<String> {
    let Ok(o) = Command::new("pdftotext").arg(pdf).arg("-").output() else {
        crate::skip::because(
            "archive_pdf: pdftotext (poppler-utils) is not installed, so the appendix's list of \
             attachments was not read (.ci/run installs it)",
        );
        return None;
    };
    assert!(o.status.success(), "pdftotext failed: {}", o.status);
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn extract_then_verify_the_pdf_alone() {
    let root = sample_root();
    let out = report(root.path(), "sv");

    // extract writes the embedded files, equal to the ones written beside the PDF.
    let x = root.path().join("extracted");
    let o = slareport(
        root.path(),
        &["extract", "out/report.pdf", "--out", "extracted"],
    );
    assert!(o.status.success(), "{}", text(&o));
    for name in EMBEDDED {
        assert_eq!(
            std::fs::read(x.join(name)).expect(name),
            std::fs::read(out.join(name)).expect(name),
            "{name}"
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains(name));
    }

    // The PDF alone, elsewhere, with --root naming where the inputs are.
    let alone = tempfile::tempdir().expect("tempdir");
    std::fs::copy(out.join("report.pdf"), alone.path().join("report.pdf")).expect("copy");
    let root_arg = root.path().display().to_string();
    let o = slareport(alone.path(), &["verify", "report.pdf", "--root", &root_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("IDENTICAL"),
        "{}",
        text(&o)
    );

    // Without --root the inputs are not found: an error naming them, exit 1.
    let o = slareport(alone.path(), &["verify", "report.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("in/calls.csv"),
        "{}",
        text(&o)
    );

    // verify DIR still passes, and checks the PDF's attachments against the files beside.
    let o = slareport(root.path(), &["verify", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::write(out.join("rejected.csv"), b"file,line,reason\n").expect("write");
    let o = slareport(root.path(), &["verify", "out"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("report.pdf:rejected.csv"), "{s}");
}

/// The sample month made in this process (cwd = `root`), for re-rendering altered PDFs.
fn produce_in(root: &Path) -> slareport::pipeline::Produced {
    std::env::set_current_dir(root).expect("cd");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let req = slareport::pipeline::Request {
        month: slareport::calendar::Month::new(2026, 3).unwrap(),
        inputs: slareport::inputs::InputFiles {
            calls: s(&["in/calls.csv"]),
            tickets: s(&["in/tickets.csv"]),
            changes: s(&["in/changes.csv"]),
            corrections: s(&["in/corrections.csv"]),
            ..Default::default()
        },
        config: slareport::config::LoadedConfig::load(None).expect("config"),
        lang: slareport::report::Lang::Sv,
        formats: vec![
            slareport::render::OutputFormat::Pdf,
            slareport::render::OutputFormat::Html,
            slareport::render::OutputFormat::Json,
            slareport::render::OutputFormat::Csv,
        ],
        recorded_tool: None,
        restates: None,
    };
    slareport::pipeline::produce(&req, &slareport::progress::Progress::new(true)).expect("produce")
}

/// The PDF re-rendered with the attachments `edit` leaves.
fn altered_pdf(
    p: &slareport::pipeline::Produced,
    edit: impl FnOnce(&mut std::collections::BTreeMap<String, Vec<u8>>),
) -> Vec<u8> {
    let mut files = p.files.clone();
    edit(&mut files);
    let atts: Vec<_> = slareport::render::archive::attachments(
        &mut p.files.clone(),
        &[],
        slareport::report::Lang::Sv,
    )
    .expect("attachments")
    .into_iter()
    .filter_map(|mut a| {
        files.get(&a.name).map(|d| {
            a.data = slareport::render::archive::Bytes::new(d.clone());
            a
        })
    })
    .collect();
    slareport::render::archive_pdf(&p.model, &atts, &[]).expect("render")
}

#[test]
fn tampered_stripped_and_foreign_pdfs_are_refused_with_a_reason() {
    let root = sample_root();
    let p = produce_in(root.path());
    // The in-process run is the report: the same bytes as the binary writes.
    let original = altered_pdf(&p, |_| {});
    assert!(
        original == p.files["report.pdf"],
        "re-rendering must reproduce the PDF"
    );
    let dir = root.path().join("t");
    std::fs::create_dir(&dir).expect("mkdir");
    let verify = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).expect("write");
        slareport(
            root.path(),
            &["verify", &format!("t/{name}"), "--root", "."],
        )
    };

    let o = verify("report.pdf", &original);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // An attachment altered (a figure changed): exit 4, naming the file and why.
    let o = verify(
        "altered.pdf",
        &altered_pdf(&p, |f| {
            let m = f.get_mut("metrics.json").expect("metrics");
            let s = String::from_utf8(m.clone()).expect("utf8");
            let i = s.find("\"availability\"").expect("availability kpi");
            let mut t = s.clone();
            t.insert_str(i, "\"tampered\": 1, ");
            *m = t.into_bytes();
        }),
    );
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("metrics.json") && s.contains("changed after the report was written"),
        "{s}"
    );

    // An attachment removed: a difference (exit 4) naming it.
    let o = verify(
        "stripped.pdf",
        &altered_pdf(&p, |f| drop(f.remove("rejected.csv"))),
    );
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("rejected.csv: missing from the PDF"));

    // The manifest or the config removed: nothing to verify against, exit 1 with the reason.
    for (gone, why) in [
        ("manifest.json", "no embedded manifest.json"),
        (archive::CONFIG_FILE, "no embedded sla-config.toml"),
    ] {
        let o = verify("gone.pdf", &altered_pdf(&p, |f| drop(f.remove(gone))));
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(why),
            "{}",
            text(&o)
        );
    }

    // A PDF that is not a slareport archive, a file that is not a PDF, a truncated and a
    // damaged PDF: exit 1 or 4 with a reason, never a panic.
    let plain = slareport::render::pdf(&p.model).expect("plain pdf");
    let o = verify("plain.pdf", &plain);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a slareport archive PDF"));
    let o = verify("text.pdf", b"hello, not a PDF");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a PDF"),
        "{}",
        text(&o)
    );
    let o = verify("cut.pdf", &original[..original.len() / 2]);
    assert!(matches!(o.status.code(), Some(1 | 4)), "{}", text(&o));
    let mut damaged = original.clone();
    let n = damaged.len();
    for b in &mut damaged[n / 3..n / 3 + 4096] {
        *b ^= 0x5a;
    }
    let o = verify("damaged.pdf", &damaged);
    assert!(matches!(o.status.code(), Some(1 | 4)), "{}", text(&o));
    assert!(!o.stderr.is_empty() || !o.stdout.is_empty());

    // extract refuses what is not an archive.
    let o = slareport(root.path(), &["extract", "t/plain.pdf", "--out", "x"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}
