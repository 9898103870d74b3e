//! `report --history DIR`: the earlier months of the report's year taken from an archive of
//! report folders ([`crate::archive`]) instead of the logs.
//!
//! - Every archived month of the year before the report month is verified and used; months of
//!   other years, and the report month itself or later ones, are left alone.
//! - A month made under another SLA config (hash) is flagged (metrics.json `history`, page 1);
//!   with `--strict-history` it is refused.
//! - A correction given now that concerns an archived month whose figures do not include it
//!   is refused, naming the month, the correction and how to restate the month: the archived
//!   figures and the inputs would otherwise silently disagree.
//! - The manifest records each month used (path, SHA-256 of its metrics.json and manifest.json);
//!   `verify` loads exactly those again ([`HistoryRequest::only`]) and checks the hashes.

use std::path::{Path, PathBuf};

use crate::archive::{self, ArchivedMonth};
use crate::audit::manifest::{HistoryMonth, HistoryRecord};
use crate::calendar::{month_bounds, Month};
use crate::metrics::history::History;
use crate::metrics::Metrics;

/// Where the archive is and how strictly to take it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRequest {
    /// The folder to read.
    pub dir: PathBuf,
    /// The folder as the manifest records it (as given on the command line).
    pub recorded: String,
    /// Refuse a month made under another config.
    pub strict: bool,
    /// `verify`: exactly these months (paths relative to `dir`) and no scan.
    pub only: Option<Vec<HistoryMonth>>,
}

impl HistoryRequest {
    /// `--history DIR` as given.
    pub fn new(dir: &Path, strict: bool) -> Self {
        HistoryRequest {
            dir: dir.to_path_buf(),
            recorded: dir.display().to_string(),
            strict,
            only: None,
        }
    }
}

/// The archived months used, and what the figures take from them.
#[derive(Debug, Clone)]
pub struct Past {
    pub months: Vec<ArchivedMonth>,
    pub history: History,
}

/// Read and verify the archive's months of `month`'s year before it.
pub fn load(req: &HistoryRequest, month: Month, config_sha256: &str) -> anyhow::Result<Past> {
    let months: Vec<ArchivedMonth> = match &req.only {
        None => archive::scan(&req.dir)?,
        Some(list) => {
            let mut out = Vec::new();
            for h in list {
                // Recorded below the archive; a manifest naming a path outside it is refused.
                let rel = Path::new(&h.path);
                if rel.is_absolute()
                    || rel
                        .components()
                        .any(|c| matches!(c, std::path::Component::ParentDir))
                {
                    anyhow::bail!(
                        "the manifest names the archived month {} at {:?}, outside the archive {}: refused",
                        h.month,
                        h.path,
                        req.dir.display()
                    );
                }
                let m = archive::load(&req.dir.join(rel))?;
                for (what, recorded, now) in [
                    ("metrics.json", &h.metrics_sha256, &m.metrics_sha256),
                    ("manifest.json", &h.manifest_sha256, &m.manifest_sha256),
                ] {
                    if recorded != now {
                        anyhow::bail!(
                            "{}: {what} has SHA-256 {now}, not the {recorded} the report recorded for {}: the archived month changed since the report was made",
                            m.path.display(),
                            h.month
                        );
                    }
                }
                out.push(m);
            }
            out
        }
    };
    let months: Vec<ArchivedMonth> = months
        .into_iter()
        .filter(|m| m.month.year() == month.year() && m.month.month() < month.month())
        .collect();
    if req.strict {
        if let Some(m) = months.iter().find(|m| m.config_sha256() != config_sha256) {
            anyhow::bail!(
                "{}: {} was made under SLA config {} (SHA-256 {}), not the {} in force now: --strict-history refuses it (report {} again under this config, or leave out --strict-history to have it flagged)",
                m.path.display(),
                m.month,
                m.config_version(),
                m.config_sha256(),
                config_sha256,
                m.month
            );
        }
    }
    let history = archive::history_for(&months, &req.dir, month, config_sha256)?;
    Ok(Past { months, history })
}

/// Refuse a correction that concerns an archived month whose figures do not include it.
pub fn check_corrections(
    metrics: &Metrics,
    past: &Past,
    tz: chrono_tz::Tz,
    corrections_files: &[String],
) -> anyhow::Result<()> {
    for c in &metrics.corrections {
        let Some((s, e)) = c.concerns else { continue };
        for m in &past.months {
            let (ms, me) = month_bounds(tz, m.month.year(), m.month.month());
            let touches = if s == e {
                s >= ms && s < me
            } else {
                s < me && e > ms
            };
            if !touches {
                continue;
            }
            let included = m.corrections().iter().any(|a| {
                let f = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or_default();
                f("correction_id") == c.correction_id
                    && f("applies_to") == c.applies_to
                    && f("action") == c.action
                    && f("value") == c.value
            });
            if !included {
                anyhow::bail!(
                    "correction {} ({} {}) concerns {}, but the archived {} at {} was made without it: its figures do not include it. Restate {}: run `slareport report --month {} … --corrections {}` again with the month's inputs into that folder, then make this report again",
                    c.correction_id,
                    c.action,
                    c.applies_to,
                    m.month,
                    m.month,
                    m.path.display(),
                    m.month,
                    m.month,
                    if corrections_files.is_empty() {
                        "FILE".to_string()
                    } else {
                        corrections_files.join(" ")
                    }
                );
            }
        }
    }
    Ok(())
}

/// What the manifest records.
pub fn record(req: &HistoryRequest, past: &Past) -> HistoryRecord {
    HistoryRecord {
        dir: req.recorded.clone(),
        strict: req.strict,
        months: past
            .months
            .iter()
            .map(|m| HistoryMonth {
                month: m.month,
                path: archive::relative(&m.path, &req.dir),
                metrics_sha256: m.metrics_sha256.clone(),
                manifest_sha256: m.manifest_sha256.clone(),
            })
            .collect(),
    }
}
