//! The archive PDF on its own: `extract report.pdf`, and what `verify report.pdf` reads from
//! it — the embedded manifest.json and sla-config.toml ([`super::pdfread`]) — and checks
//! (`verify DIR`: the attachments are the files beside the PDF). The re-making is
//! `pipeline::verify`'s.
//!
//! A PDF that is not a slareport archive, or whose manifest or config attachment is gone or
//! unreadable, is an error (exit 1); an altered attachment is a difference (exit 4).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::archive::CONFIG_FILE;
use super::compare::short;
use super::manifest::Manifest;
use super::pdfread::{self, safe_file_name, PdfContents};
use super::verify::Verification;
use crate::config::{hex, LoadedConfig, SlaConfig};

/// Whether `path` names a PDF file rather than a report directory.
pub fn is_pdf(path: &Path) -> bool {
    path.is_file()
}

/// Read `path` and its embedded files; errors name the file.
pub fn read_pdf(path: &Path) -> anyhow::Result<(Vec<u8>, PdfContents)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let contents = pdfread::read(&bytes)
        .with_context(|| format!("{}: cannot read the PDF", path.display()))?;
    Ok((bytes, contents))
}

/// The embedded manifest, or why there is none.
pub fn embedded_manifest(path: &Path, c: &PdfContents) -> anyhow::Result<Manifest> {
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
pub fn embedded_config(path: &Path, c: &PdfContents, m: &Manifest) -> anyhow::Result<LoadedConfig> {
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

/// `verify DIR`: every file the manifest says the PDF embeds (`embeds`, which leaves out a
/// file kept beside the PDF instead, M12.8) must be embedded, byte for byte the file beside it.
pub fn check_embedded(
    v: &mut Verification,
    pdf_name: &str,
    pdf: &[u8],
    embeds: &[String],
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
    for name in embeds.iter().map(String::as_str) {
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
