//! Restatement: a report made again for a month that already has one (late corrections, a
//! changed config or tool) replaces it only by keeping it. `report --restate` moves the
//! previous complete set into `versions/N/` of the report folder (see [`crate::output`]), and
//! the new report records a [`Restatement`]: which version it replaces, of which date, the
//! SHA-256 of that version's manifest.json (each manifest names its predecessor's, so the
//! versions form a chain), and why: the corrections new since that version, a changed config,
//! tool or input.
//!
//! The facts about the previous version are read from its folder ([`previous`]); the reasons
//! are derived by the run that restates ([`Restatement::derive`]), and again by `verify`, which
//! re-makes the report from the recorded facts.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::archive::PDF;
use super::manifest::Manifest;
pub use super::manifest::{tool_text, Restatement};
use crate::calendar::Month;

/// The folder, inside a report folder, that keeps the replaced versions (`versions/1`, …).
pub const VERSIONS: &str = "versions";

/// The facts about the complete report in `dir`, to be kept as version `version`; `None` when
/// `dir` holds no report (no manifest.json). An error when that report is of another month
/// than `month` (a restatement replaces the same month's report).
pub fn previous(dir: &Path, version: u32, month: Month) -> anyhow::Result<Option<Restatement>> {
    let path = dir.join("manifest.json");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    };
    let manifest = Manifest::read(&path)?;
    if manifest.month != month {
        anyhow::bail!(
            "--restate: {} holds the report of {}, not of {month}; a restatement replaces the \
             same month's report (give that month's folder)",
            dir.display(),
            manifest.month
        );
    }
    let metrics = match std::fs::read(dir.join("metrics.json")) {
        Ok(b) => b,
        Err(_) => embedded_metrics(dir).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: the report there has neither metrics.json nor a report.pdf that embeds it: \
                 its date and corrections cannot be read, so it cannot be restated",
                dir.display()
            )
        })?,
    };
    let v: serde_json::Value = serde_json::from_slice(&metrics)
        .map_err(|e| anyhow::anyhow!("{}: metrics.json: {e}", dir.display()))?;
    let corrections = v["corrections"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|c| c["correction_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(Restatement {
        replaces: version,
        folder: format!("{VERSIONS}/{version}"),
        manifest_sha256: crate::config::hex(&Sha256::digest(&bytes)),
        report_date: v["summary"]["report_date"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        corrections,
        config_sha256: manifest.config.sha256.clone(),
        tool: tool_text(&manifest.tool),
        inputs: manifest
            .inputs
            .iter()
            .map(|i| [i.input.clone(), i.path.clone(), i.sha256.clone()])
            .collect(),
        corrections_new: Vec::new(),
        corrections_removed: Vec::new(),
        config_changed: false,
        tool_changed: false,
        inputs_changed: Vec::new(),
    }))
}

fn embedded_metrics(dir: &Path) -> Option<Vec<u8>> {
    let (_, c) = super::from_pdf::read_pdf(&dir.join(PDF)).ok()?;
    c.files.get("metrics.json").map(|f| f.data.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_what_changed_since() {
        let config = crate::config::LoadedConfig::load(None).unwrap();
        let mut m = Manifest::new(
            &crate::inputs::Inputs::default(),
            &config,
            crate::calendar::Month::new(2026, 3).unwrap(),
            "sv",
            vec![],
            vec![],
        );
        m.inputs = ["calls", "corrections", "tickets"]
            .iter()
            .map(|k| super::super::manifest::ManifestInput {
                input: (*k).into(),
                path: format!("{k}.csv"),
                size_bytes: 1,
                sha256: "aa".into(),
                rows_read: 1,
                rows_used: 1,
                rows_rejected: 0,
                encoding: None,
            })
            .collect();
        m.inputs[2].sha256 = "bb".into();
        let mut r = Restatement {
            replaces: 1,
            folder: "versions/1".into(),
            manifest_sha256: "00".into(),
            report_date: "2026-04-01".into(),
            corrections: vec!["C1".into()],
            config_sha256: config.sha256.clone(),
            tool: tool_text(&m.tool),
            inputs: vec![
                ["calls".into(), "calls.csv".into(), "aa".into()],
                ["tickets".into(), "tickets.csv".into(), "aa".into()],
            ],
            corrections_new: vec![],
            corrections_removed: vec![],
            config_changed: true,
            tool_changed: true,
            inputs_changed: vec![],
        };
        r.derive(&m, &["C1".into(), "C2".into()]);
        assert_eq!(r.corrections_new, ["C2"]);
        assert!(r.corrections_removed.is_empty());
        let mut gone = r.clone();
        gone.derive(&m, &[]);
        assert_eq!(gone.corrections_removed, ["C1"]);
        assert!(!r.config_changed && !r.tool_changed);
        // The corrections file is said through its corrections; the tickets' bytes changed.
        assert_eq!(r.inputs_changed, ["tickets tickets.csv"]);
    }
}
