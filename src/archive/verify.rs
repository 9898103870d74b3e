//! Reading one archived report and checking it before anything of it is used: the manifest's
//! recorded SHA-256 against the files beside it (or against the PDF's embedded files), the
//! month the manifest names against the month metrics.json holds and the folder's name.

use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{ArchivedMonth, Form, ANNUAL_KIND};
use crate::audit::archive::PDF;
use crate::audit::from_pdf;
use crate::audit::pdfread::safe_file_name;
use crate::audit::Manifest;
use crate::calendar::Month;
use crate::config::hex;

/// What a report folder holds.
pub(super) enum Found {
    Month(Box<ArchivedMonth>),
    /// An annual report (not verified here: not a month).
    Annual,
}

fn sha(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Read and verify the report at `path`: a folder with manifest.json, a folder with report.pdf
/// alone, or a PDF file.
pub(super) fn read_any(path: &Path) -> anyhow::Result<Found> {
    if path.is_file() {
        return read_pdf(path, path);
    }
    if path.join("manifest.json").is_file() {
        return read_folder(path);
    }
    let pdf = path.join(PDF);
    if pdf.is_file() {
        return read_pdf(&pdf, path);
    }
    anyhow::bail!(
        "{}: not a report folder (neither manifest.json nor {PDF} in it)",
        path.display()
    )
}

/// Parse manifest bytes: `None` for an annual report's manifest.
fn parse_manifest(bytes: &[u8], shown: &str) -> anyhow::Result<Option<Manifest>> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: line {}, column {}: not JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    if value.get("kind").and_then(Value::as_str) == Some(ANNUAL_KIND) {
        return Ok(None);
    }
    let m: Manifest = serde_json::from_value(value)
        .map_err(|e| anyhow::anyhow!("{shown}: not a slareport manifest: {e}"))?;
    if m.tool.name != "slareport" {
        anyhow::bail!("{shown}: made by {:?}, not slareport", m.tool.name);
    }
    if !m.outputs.contains_key("metrics.json") {
        anyhow::bail!("{shown}: records no metrics.json: not a report's manifest");
    }
    if let Some(bad) = m.outputs.keys().find(|n| !safe_file_name(n)) {
        anyhow::bail!("{shown}: records an output named {bad:?}, not a plain file name");
    }
    Ok(Some(m))
}

fn read_folder(dir: &Path) -> anyhow::Result<Found> {
    let mpath = dir.join("manifest.json");
    let mbytes =
        std::fs::read(&mpath).with_context(|| format!("cannot read {}", mpath.display()))?;
    let Some(manifest) = parse_manifest(&mbytes, &mpath.display().to_string())? else {
        return Ok(Found::Annual);
    };
    let mut files = std::collections::BTreeMap::new();
    for (name, recorded) in &manifest.outputs {
        let p = dir.join(name);
        let mut f = match std::fs::File::open(&p) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
                "{}: missing: {} records it (a partial report folder)",
                p.display(),
                mpath.display()
            ),
            Err(e) => anyhow::bail!("cannot read {}: {e}", p.display()),
        };
        // Held only when read again (metrics.json, the files the PDF embeds); the rest, such
        // as a rejected.csv too large to embed (M12.8), is hashed as it is read.
        let held = name == "metrics.json"
            || manifest
                .archive
                .as_ref()
                .is_some_and(|a| a.embeds.contains(name));
        let mut hasher = Sha256::new();
        let mut bytes = Vec::new();
        let read = if held {
            std::io::Read::read_to_end(&mut f, &mut bytes).map(|_| hasher.update(&bytes))
        } else {
            std::io::copy(&mut f, &mut hasher).map(|_| ())
        };
        read.with_context(|| format!("cannot read {}", p.display()))?;
        let actual = hex(&hasher.finalize());
        if actual != *recorded {
            anyhow::bail!(
                "{}: SHA-256 {actual} is not the {recorded} that {} records (altered after it was written?)",
                p.display(),
                mpath.display()
            );
        }
        if held {
            files.insert(name.clone(), bytes);
        }
    }
    if let Some(archive) = &manifest.archive {
        let pdf = dir.join(&archive.file);
        if !pdf.is_file() {
            anyhow::bail!(
                "{}: missing: {} names it as the archive PDF (a partial report folder)",
                pdf.display(),
                mpath.display()
            );
        }
        let (_, contents) = from_pdf::read_pdf(&pdf)?;
        for name in &archive.embeds {
            let beside = if name == "manifest.json" {
                Some(&mbytes)
            } else {
                files.get(name)
            };
            match (contents.files.get(name), beside) {
                (Some(e), Some(b)) if e.data == *b => {}
                (Some(_), Some(_)) => anyhow::bail!(
                    "{}: its embedded {name} is not the {name} beside it (altered?)",
                    pdf.display()
                ),
                (None, _) => anyhow::bail!(
                    "{}: {name} is not embedded, though {} says it is (altered?)",
                    pdf.display(),
                    mpath.display()
                ),
                (Some(_), None) => {}
            }
        }
    }
    let metrics = files.remove("metrics.json").unwrap_or_default();
    month_of(manifest, &mbytes, metrics, dir, Form::Folder).map(|m| Found::Month(Box::new(m)))
}

/// report.pdf alone: its embedded files must have the SHA-256 its embedded manifest records.
fn read_pdf(pdf: &Path, path: &Path) -> anyhow::Result<Found> {
    let (_, contents) = from_pdf::read_pdf(pdf)?;
    let Some(mfile) = contents.files.get("manifest.json") else {
        // Reuse the reader's message (it lists what is embedded).
        from_pdf::embedded_manifest(pdf, &contents)?;
        anyhow::bail!("{}: no embedded manifest.json", pdf.display());
    };
    let shown = format!("{}: embedded manifest.json", pdf.display());
    let Some(manifest) = parse_manifest(&mfile.data, &shown)? else {
        return Ok(Found::Annual);
    };
    for (name, recorded) in &manifest.outputs {
        if let Some(f) = contents.files.get(name) {
            let actual = sha(&f.data);
            if actual != *recorded {
                anyhow::bail!(
                    "{}: embedded {name} has SHA-256 {actual}, not the {recorded} its embedded manifest records (altered?)",
                    pdf.display()
                );
            }
        }
    }
    let Some(metrics) = contents.files.get("metrics.json") else {
        anyhow::bail!("{}: no embedded metrics.json", pdf.display());
    };
    let dir = if path.is_file() {
        pdf.parent().unwrap_or(Path::new("."))
    } else {
        path
    };
    let mut m = month_of(manifest, &mfile.data, metrics.data.clone(), dir, Form::Pdf)?;
    m.path = path.to_path_buf();
    Ok(Found::Month(Box::new(m)))
}

/// The month, once its files are verified: metrics.json parsed and checked against the
/// manifest and the folder's name.
fn month_of(
    manifest: Manifest,
    manifest_bytes: &[u8],
    metrics_bytes: Vec<u8>,
    dir: &Path,
    form: Form,
) -> anyhow::Result<ArchivedMonth> {
    let shown = dir.join("metrics.json");
    let metrics: Value = serde_json::from_slice(&metrics_bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: line {}, column {}: not JSON: {e}",
            shown.display(),
            e.line(),
            e.column()
        )
    })?;
    let month: Option<Month> = metrics
        .get("month")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    if month != Some(manifest.month) {
        anyhow::bail!(
            "{}: holds the month {}, but its manifest names {}",
            shown.display(),
            metrics.get("month").unwrap_or(&Value::Null),
            manifest.month
        );
    }
    if let Some(name) = dir.file_name().and_then(|n| n.to_str()) {
        if let Ok(named) = name.parse::<Month>() {
            if named != manifest.month {
                anyhow::bail!(
                    "{}: the folder is named {named} but holds the report of {}",
                    dir.display(),
                    manifest.month
                );
            }
        }
    }
    let carry = match metrics.get("year_carry") {
        None => None,
        Some(v) => Some(
            serde_json::from_value(v.clone())
                .map_err(|e| anyhow::anyhow!("{}: year_carry: {e}", shown.display()))?,
        ),
    };
    let mut targets: Vec<crate::metrics::TargetStatus> =
        serde_json::from_value(metrics.get("targets").cloned().unwrap_or_default())
            .map_err(|e| anyhow::anyhow!("{}: targets: {e}", shown.display()))?;
    // A share is taken from its exact ratio, not from its decimal text (reading a float back
    // may differ in the last bit): the figure is the one the month computed.
    for t in &mut targets {
        if let (Some(_), Some((n, d))) = (t.actual, exact_ratio(&metrics, &t.key)) {
            t.actual = crate::metrics::Ratio::new(n, d).value();
        }
    }
    Ok(ArchivedMonth {
        month: manifest.month,
        path: dir.to_path_buf(),
        form,
        metrics_sha256: sha(&metrics_bytes),
        manifest_sha256: sha(manifest_bytes),
        manifest,
        metrics,
        metrics_bytes,
        carry,
        targets,
        versions: Vec::new(),
    })
}

/// The exact ratio metrics.json keeps for a share (`exact.KEY`: numerator, denominator).
pub fn exact_ratio(metrics: &Value, key: &str) -> Option<(i64, i64)> {
    let r = metrics.get("exact")?.get(key)?;
    Some((
        r.get("numerator")?.as_i64()?,
        r.get("denominator")?.as_i64()?,
    ))
}
