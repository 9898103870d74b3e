//! `verify` of an annual report: from report.pdf alone, each embedded month's metrics.json is
//! checked against the SHA-256 the embedded manifest records, and the year is made again from
//! those months and the embedded config; every output is compared byte for byte. A folder: each
//! output's SHA-256 against its manifest, then its report.pdf as above (or, without a PDF, the
//! year made again from the archive the manifest names).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::figures::MonthInput;
use super::{make, month_file, AnnualManifest, AnnualRequest};
use crate::audit::archive::{CONFIG_FILE, PDF};
use crate::audit::compare::short;
use crate::audit::from_pdf::read_pdf;
use crate::audit::verify::Verification;
use crate::config::{hex, LoadedConfig, SlaConfig};
use crate::render::OutputFormat;

/// Whether the manifest bytes are an annual report's.
pub fn is_annual_manifest(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .as_deref()
        == Some(crate::archive::ANNUAL_KIND)
}

/// Whether `path` (a folder or a PDF) is an annual report.
pub fn is_annual(path: &Path) -> bool {
    if path.is_dir() {
        return std::fs::read(path.join("manifest.json")).is_ok_and(|b| is_annual_manifest(&b));
    }
    read_pdf(path)
        .ok()
        .and_then(|(_, c)| {
            c.files
                .get("manifest.json")
                .map(|f| is_annual_manifest(&f.data))
        })
        .unwrap_or(false)
}

fn sha(b: &[u8]) -> String {
    hex(&Sha256::digest(b))
}

fn formats(m: &AnnualManifest) -> anyhow::Result<Vec<OutputFormat>> {
    m.formats
        .iter()
        .map(|f| {
            f.parse::<OutputFormat>()
                .map_err(|_| anyhow::anyhow!("manifest: unknown format `{f}`"))
        })
        .collect()
}

/// Verify an annual report.pdf on its own.
pub fn verify_pdf(path: &Path) -> anyhow::Result<Verification> {
    let (bytes, contents) = read_pdf(path)?;
    let mut v = Verification {
        dir: path.to_path_buf(),
        base: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        ..Default::default()
    };
    let file = |name: &str| -> anyhow::Result<&Vec<u8>> {
        contents
            .files
            .get(name)
            .map(|f| &f.data)
            .ok_or_else(|| anyhow::anyhow!("{}: no embedded {name}", path.display()))
    };
    let manifest: AnnualManifest = serde_json::from_slice(file("manifest.json")?)
        .with_context(|| format!("{}: embedded manifest.json", path.display()))?;
    let text = std::str::from_utf8(file(CONFIG_FILE)?)
        .map_err(|_| anyhow::anyhow!("{}: embedded {CONFIG_FILE} is not UTF-8", path.display()))?;
    let config = LoadedConfig::new(
        SlaConfig::from_toml(text, &format!("{}:{CONFIG_FILE}", path.display()))?,
        manifest.config.origin.clone(),
    );
    let mut months = Vec::new();
    let mut month_files = BTreeMap::new();
    for p in &manifest.months {
        let name = month_file(p.month);
        let Some(f) = contents.files.get(&name) else {
            v.differ("month", name, "not embedded in the PDF");
            continue;
        };
        let actual = sha(&f.data);
        v.inputs_checked += 1;
        if actual != p.metrics_sha256 {
            v.differ(
                "month",
                name.clone(),
                format!(
                    "SHA-256 {} is not the recorded {} (altered?)",
                    short(&actual),
                    short(&p.metrics_sha256)
                ),
            );
        }
        months.push(MonthInput {
            month: p.month,
            metrics: serde_json::from_slice(&f.data)
                .with_context(|| format!("{}: embedded {name}", path.display()))?,
            source: p.clone(),
        });
        month_files.insert(name, f.data.clone());
    }
    let req = AnnualRequest {
        year: manifest.year,
        history: Default::default(),
        config,
        lang: manifest.lang.parse()?,
        formats: formats(&manifest)?,
    };
    let made = make(
        &req,
        &months,
        month_files,
        &manifest.history,
        Some(manifest.tool.clone()),
    )?;
    for (name, fresh) in &made {
        let old = if name == PDF {
            Some(&bytes)
        } else {
            contents.files.get(name).map(|f| &f.data)
        };
        match old {
            Some(o) if o == fresh => v.files_compared += 1,
            Some(o) => v.differ(
                "output",
                name.clone(),
                format!(
                    "recomputed SHA-256 {} differs from the report's {}",
                    short(&sha(fresh)),
                    short(&sha(o))
                ),
            ),
            None => {
                if let Some(rec) = manifest.outputs.get(name) {
                    if *rec != sha(fresh) {
                        v.differ("output", name.clone(), "differs from the recorded SHA-256");
                    } else {
                        v.files_compared += 1;
                    }
                }
            }
        }
    }
    Ok(v)
}

/// Verify an annual report folder.
pub fn verify_dir(dir: &Path) -> anyhow::Result<Verification> {
    let mpath = dir.join("manifest.json");
    let mbytes =
        std::fs::read(&mpath).with_context(|| format!("cannot read {}", mpath.display()))?;
    let manifest: AnnualManifest = serde_json::from_slice(&mbytes)
        .with_context(|| format!("{}: not an annual report's manifest", mpath.display()))?;
    let pdf = dir.join(PDF);
    let mut v = if pdf.is_file() {
        let mut v = verify_pdf(&pdf)?;
        let (_, contents) = read_pdf(&pdf)?;
        if contents.files.get("manifest.json").map(|f| &f.data) != Some(&mbytes) {
            v.differ(
                "output",
                "manifest.json",
                "not the manifest embedded in report.pdf",
            );
        }
        v
    } else {
        let req = AnnualRequest {
            year: manifest.year,
            history: Path::new(&manifest.history).to_path_buf(),
            config: LoadedConfig::load(None)?,
            lang: manifest.lang.parse()?,
            formats: formats(&manifest)?,
        };
        let made = super::produce(&req, &manifest.history, Some(manifest.tool.clone()))?;
        let mut v = Verification::default();
        for (name, fresh) in &made {
            if manifest.outputs.get(name).is_some_and(|r| *r != sha(fresh)) {
                v.differ(
                    "output",
                    name.clone(),
                    "recomputed bytes differ from the recorded SHA-256",
                );
            }
        }
        v
    };
    v.dir = dir.to_path_buf();
    for (name, recorded) in &manifest.outputs {
        let p = dir.join(name);
        match std::fs::read(&p) {
            Ok(b) if sha(&b) == *recorded => v.files_compared += 1,
            Ok(_) => v.differ(
                "output",
                name.clone(),
                "SHA-256 differs from the manifest (altered?)",
            ),
            Err(_) => v.differ("output", name.clone(), "missing"),
        }
    }
    Ok(v)
}
