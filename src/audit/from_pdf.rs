//! `verify report.pdf` and `extract report.pdf`: the archive PDF on its own is enough.
//!
//! `verify` reads the embedded manifest.json and sla-config.toml ([`super::pdfread`]), finds
//! the inputs the manifest names (`--root`, else the current directory, else the PDF's
//! directory), makes the report again with the embedded config, and compares as
//! `verify DIR` does: every embedded file byte for byte with a fresh run and with the
//! SHA-256 the manifest recorded, the PDF itself byte for byte with a fresh PDF, outputs
//! not in the PDF (report.html) by the recorded hash, every kpi, the manifest's fields.
//! A PDF that is not a slareport archive, or whose manifest or config attachment is gone or
//! unreadable, is an error (exit 1); an altered attachment is a difference (exit 4).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::archive::{CONFIG_FILE, EMBEDDED, PDF};
use super::compare::{compare_outputs, short, AtHand};
use super::manifest::{Manifest, EMBEDDED_CONFIG};
use super::pdfread::{self, safe_file_name, PdfContents};
use super::verify::{recompute, resolve_base, Verification};
use crate::config::{hex, LoadedConfig, SlaConfig};
use crate::progress::Progress;

/// Whether `path` names a PDF file rather than a report directory.
pub fn is_pdf(path: &Path) -> bool {
    path.is_file()
}

/// Read `path` and its embedded files; errors name the file.
fn read_pdf(path: &Path) -> anyhow::Result<(Vec<u8>, PdfContents)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let contents = pdfread::read(&bytes)
        .with_context(|| format!("{}: cannot read the PDF", path.display()))?;
    Ok((bytes, contents))
}

/// The embedded manifest, or why there is none.
fn embedded_manifest(path: &Path, c: &PdfContents) -> anyhow::Result<Manifest> {
    let Some(m) = c.files.get("manifest.json") else {
        anyhow::bail!(
            "{}: no embedded manifest.json: not a slareport archive PDF, or its manifest attachment was removed{}",
            path.display(),
            if c.files.is_empty() {
                String::new()
            } else {
                format!(
                    " (embedded: {})",
                    c.files.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            }
        );
    };
    serde_json::from_slice(&m.data).map_err(|e| {
        anyhow::anyhow!(
            "{}: embedded manifest.json: line {}, column {}: not a slareport manifest (altered?): {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// The embedded config, parsed and validated, keeping the origin the manifest recorded (so
/// that the fresh manifest is byte for byte the recorded one).
fn embedded_config(path: &Path, c: &PdfContents, m: &Manifest) -> anyhow::Result<LoadedConfig> {
    let Some(f) = c.files.get(CONFIG_FILE) else {
        anyhow::bail!(
            "{}: no embedded {CONFIG_FILE}: the config attachment was removed (or the PDF predates it)",
            path.display()
        );
    };
    let text = std::str::from_utf8(&f.data).map_err(|_| {
        anyhow::anyhow!(
            "{}: embedded {CONFIG_FILE} is not UTF-8 (altered?)",
            path.display()
        )
    })?;
    let origin = format!("{}:{CONFIG_FILE}", path.display());
    let config = SlaConfig::from_toml(text, &origin)?;
    Ok(LoadedConfig::new(config, m.config.origin.clone()))
}

/// Verify report.pdf on its own: see the module doc. Errors (exit 1) when the PDF, its
/// manifest or config, or an input cannot be read, or an input lies outside the root (unless
/// `allow_outside`, `--allow-outside-root`); differences are in the result.
pub fn verify_pdf(
    path: &Path,
    root: Option<&Path>,
    allow_outside: bool,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    let pdf_abs =
        std::fs::canonicalize(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (bytes, contents) = read_pdf(&pdf_abs)?;
    let manifest = embedded_manifest(path, &contents)?;
    let config = embedded_config(path, &contents, &manifest)?;
    let dir = pdf_abs.parent().unwrap_or(Path::new("/"));
    // The config travels in the PDF: only the inputs need to be found.
    let mut inputs_only = manifest.clone();
    inputs_only.config.origin = EMBEDDED_CONFIG.into();
    let base = resolve_base(&inputs_only, dir, root, allow_outside)
        .with_context(|| format!("{}: the inputs its embedded manifest names", path.display()))?;
    let mut v = Verification {
        dir: path.to_path_buf(),
        base: base.clone(),
        ..Default::default()
    };
    let produced = recompute(&mut v, &manifest, &base, Some(config), progress)?;
    progress.stage("comparing");

    let file_name = pdf_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let archive_name = manifest
        .archive
        .as_ref()
        .map_or(PDF.to_string(), |a| a.file.clone());
    if file_name != archive_name {
        v.notes.push(format!(
            "the PDF is named {file_name}; the manifest calls it {archive_name}"
        ));
    }
    let mut files: BTreeMap<String, Vec<u8>> = contents
        .files
        .iter()
        .map(|(n, f)| (n.clone(), f.data.clone()))
        .collect();
    files.insert(archive_name.clone(), bytes);
    let embeds: BTreeSet<&str> = manifest.archive.as_ref().map_or_else(
        || EMBEDDED.into_iter().collect(),
        |a| a.embeds.iter().map(String::as_str).collect(),
    );
    let optional = manifest
        .outputs
        .keys()
        .chain(produced.files.keys())
        .filter(|n| !embeds.contains(n.as_str()) && **n != archive_name)
        .cloned()
        .collect();
    for extra in contents.files.keys() {
        if !embeds.contains(extra.as_str()) {
            v.differ(
                "output",
                extra.clone(),
                "embedded in the PDF but not listed in its manifest",
            );
        }
    }
    let at_hand = AtHand {
        files,
        place: "the PDF's attachments".into(),
        optional,
    };
    compare_outputs(&mut v, &manifest, &produced.files, &at_hand);
    Ok(v)
}

/// `verify DIR`: every file embedded in the PDF must be byte for byte the file beside it.
pub(super) fn check_embedded(
    v: &mut Verification,
    pdf_name: &str,
    pdf: &[u8],
    beside: &BTreeMap<String, Vec<u8>>,
) {
    let contents = match pdfread::read(pdf) {
        Ok(c) => c,
        Err(e) => {
            v.differ(
                "output",
                pdf_name,
                format!("cannot read its attachments: {e}"),
            );
            return;
        }
    };
    for name in EMBEDDED {
        match (contents.files.get(name), beside.get(name)) {
            (Some(e), Some(b)) if e.data == *b => {}
            (Some(e), Some(b)) => v.differ(
                "output",
                format!("{pdf_name}:{name}"),
                format!(
                    "the embedded file (SHA-256 {}) is not the {name} beside it ({})",
                    short(&hex(&Sha256::digest(&e.data))),
                    short(&hex(&Sha256::digest(b)))
                ),
            ),
            (None, _) => v.differ(
                "output",
                format!("{pdf_name}:{name}"),
                "not embedded in the PDF",
            ),
            (Some(_), None) => {}
        }
    }
}

/// What `extract` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// (file name, bytes written), in name order.
    pub files: Vec<(String, u64)>,
}

/// Write every file embedded in `pdf` into `out` (created if missing). A name that is not a
/// plain file name is refused before anything is written (a hostile PDF must not write
/// outside `out`).
pub fn extract(pdf: &Path, out: &Path) -> anyhow::Result<Extracted> {
    let (_, contents) = read_pdf(pdf)?;
    if contents.files.is_empty() {
        anyhow::bail!(
            "{}: no embedded files: not a slareport archive PDF",
            pdf.display()
        );
    }
    if let Some(bad) = contents.files.keys().find(|n| !safe_file_name(n)) {
        anyhow::bail!(
            "{}: embedded file name {bad:?} is not a plain file name; nothing written",
            pdf.display()
        );
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory {}", out.display()))?;
    let mut files = Vec::new();
    for (name, f) in &contents.files {
        let path = out.join(name);
        std::fs::write(&path, &f.data)
            .with_context(|| format!("cannot write {}", path.display()))?;
        files.push((name.clone(), f.data.len() as u64));
    }
    Ok(Extracted { files })
}
