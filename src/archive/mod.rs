//! The archive of earlier reports: report folders as `report` writes them (manifest.json,
//! metrics.json, …), or a folder holding only the report.pdf that embeds them, anywhere below a
//! root. [`load`] reads and verifies one archived month; [`scan`] finds every month below a root.
//!
//! **Verified before use.** A folder: every output the manifest lists must be beside it with the
//! recorded SHA-256, metrics.json among them, and a report.pdf beside them must embed the same
//! bytes. A PDF alone: its embedded metrics.json (and every other embedded output) must have
//! the SHA-256 its embedded manifest records. A tampered, partial or foreign folder is refused
//! with an error naming the file; so is a folder named for one month (`YYYY-MM`) that holds
//! another.
//!
//! **What an archived month carries for the year** (its metrics.json): the month's own figures
//! (`kpis`: open, unavailable and degraded seconds, outage counts, …; `availability`: open and
//! unavailable ms exactly, the per-day open/unavailable/degraded ms the annual calendar shows,
//! the outages with cause and action plan), its `targets` as on its page 1, the `corrections`
//! applied with their effect, and `year_carry` ([`crate::metrics::history::YearCarry`]): the
//! union of its unavailable intervals in exact ms, unclipped (after corrections and as
//! measured), so that an outage across a month end counts once in the year with `merge_gap`;
//! which inputs covered it; the calls received. The manifest gives the config (hash, version)
//! and the tool. A month written before `year_carry` existed is loaded, but cannot feed a year
//! ([`ArchivedMonth::carry`] is `None`).
//!
//! **Restated months.** A month folder may hold `versions/N/` (N = 1, 2, …): earlier versions of
//! the same month, moved aside when it was restated. [`scan`] returns them in
//! [`ArchivedMonth::versions`] (oldest first), never as a second claim to the month.
//!
//! **Annual reports** (manifest `"kind": "annual"`) are not months: [`scan_all`] lists them
//! separately, [`scan`] skips them.
//!
//! **Showing failures.** [`scan_showing_failures`] lists a report that does not verify, with the
//! reason, instead of stopping (the site shows every month; nothing is read from it).

mod verify;

pub use verify::exact_ratio;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;

use crate::audit::archive::PDF;
use crate::audit::Manifest;
use crate::calendar::Month;
use crate::metrics::history::{ArchivedSource, CarriedMonth, History, YearCarry};
use crate::metrics::TargetStatus;

/// The manifest `kind` of an annual report.
pub const ANNUAL_KIND: &str = "annual";

/// Restated earlier versions of a month live in this sub-folder of the month's folder.
pub const VERSIONS_DIR: &str = "versions";

/// How deep [`scan`] descends below its root.
const MAX_DEPTH: usize = 12;

/// How the month was archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A report folder with manifest.json and the files it lists.
    Folder,
    /// report.pdf alone (its embedded files).
    Pdf,
}

/// One archived month, verified.
#[derive(Debug, Clone)]
pub struct ArchivedMonth {
    pub month: Month,
    /// The folder (or the PDF file when a PDF path was given).
    pub path: PathBuf,
    pub form: Form,
    pub manifest: Manifest,
    /// metrics.json, parsed.
    pub metrics: Value,
    /// metrics.json's bytes (the annual report embeds them).
    pub metrics_bytes: Vec<u8>,
    pub metrics_sha256: String,
    pub manifest_sha256: String,
    /// What the month keeps for the year; `None` for a month written before it existed.
    pub carry: Option<YearCarry>,
    /// The page-1 targets as on the month's page 1.
    pub targets: Vec<TargetStatus>,
    /// Earlier versions of the month (restated), oldest first (`versions/1`, `versions/2`, …).
    pub versions: Vec<ArchivedMonth>,
}

impl ArchivedMonth {
    pub fn config_sha256(&self) -> &str {
        &self.manifest.config.sha256
    }
    pub fn config_version(&self) -> &str {
        &self.manifest.config.version
    }
    pub fn tool_version(&self) -> &str {
        &self.manifest.tool.version
    }

    /// The figures of the month for the year (see the module doc), with `path` written
    /// relative to `root`, and whether its config differs from `config_sha256`.
    pub fn carried(&self, root: &Path, config_sha256: &str) -> anyhow::Result<CarriedMonth> {
        let Some(carry) = self.carry.clone() else {
            anyhow::bail!(
                "{}: metrics.json has no year_carry (made by an older slareport): report {} again to archive it for the year",
                self.path.display(),
                self.month
            );
        };
        Ok(CarriedMonth {
            carry,
            targets: self.targets.clone(),
            source: ArchivedSource {
                path: relative(&self.path, root),
                metrics_sha256: self.metrics_sha256.clone(),
                manifest_sha256: self.manifest_sha256.clone(),
                config_sha256: self.config_sha256().to_string(),
                config_version: self.config_version().to_string(),
                config_differs: self.config_sha256() != config_sha256,
            },
        })
    }

    /// The applied corrections the month lists (`corrections` of its metrics.json).
    pub fn corrections(&self) -> &[Value] {
        self.metrics
            .get("corrections")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

/// `path` relative to `root` with `/` separators (the path itself when it is not below it).
pub fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Load and verify one archived month: a report folder, a folder with only report.pdf, or a
/// report.pdf file. Restated versions below it are not read (see [`scan`]).
pub fn load(path: &Path) -> anyhow::Result<ArchivedMonth> {
    match verify::read_any(path)? {
        verify::Found::Month(m) => Ok(*m),
        verify::Found::Annual => {
            anyhow::bail!("{}: an annual report, not a month's report", path.display())
        }
    }
}

/// Everything [`scan_all`] finds below a root.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every month, in month order.
    pub months: Vec<ArchivedMonth>,
    /// The folders (or PDFs) of annual reports, in path order.
    pub annual: Vec<PathBuf>,
    /// The reports that do not verify, in path order: only from [`scan_showing_failures`]
    /// ([`scan_all`] stops at the first).
    pub unverified: Vec<Unverified>,
}

/// An archived report that does not verify: shown, never used.
#[derive(Debug, Clone)]
pub struct Unverified {
    /// The folder.
    pub path: PathBuf,
    /// The month it claims: its folder's name (`YYYY-MM`), else its manifest's `month`.
    pub month: Option<Month>,
    /// Why it does not verify (the error [`load`] gives).
    pub reason: String,
}

/// Every archived month below `root` at any depth, in month order (annual reports skipped).
pub fn scan(root: &Path) -> anyhow::Result<Vec<ArchivedMonth>> {
    Ok(scan_all(root)?.months)
}

/// Every archived month and annual report below `root`. Two folders claiming the same month are
/// an error naming both; `versions/N/` inside a month's folder are that month's earlier versions.
pub fn scan_all(root: &Path) -> anyhow::Result<Scan> {
    scan_with(root, false)
}

/// [`scan_all`], but a report folder that does not verify (a hash that does not match, a
/// missing file, a metrics.json that cannot be read, a restated version that does not check)
/// is listed in [`Scan::unverified`] with the reason instead of stopping the scan: for the
/// site, which shows every month.
pub fn scan_showing_failures(root: &Path) -> anyhow::Result<Scan> {
    scan_with(root, true)
}

fn scan_with(root: &Path, show_failures: bool) -> anyhow::Result<Scan> {
    let meta = std::fs::metadata(root)
        .with_context(|| format!("cannot read the archive {}", root.display()))?;
    if !meta.is_dir() {
        anyhow::bail!("{}: the archive must be a folder", root.display());
    }
    let mut w = Walk {
        found: BTreeMap::new(),
        annual: Vec::new(),
        unverified: show_failures.then(Vec::new),
    };
    walk(root, 0, &mut w)?;
    Ok(Scan {
        months: w.found.into_values().collect(),
        annual: w.annual,
        unverified: w.unverified.unwrap_or_default(),
    })
}

/// What [`walk`] collects; `unverified` is `None` when a failure stops the scan.
struct Walk {
    found: BTreeMap<Month, ArchivedMonth>,
    annual: Vec<PathBuf>,
    unverified: Option<Vec<Unverified>>,
}

/// The month a report folder claims without verifying it: its name, else its manifest's.
fn claimed_month(dir: &Path) -> Option<Month> {
    if let Some(m) = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.parse().ok())
    {
        return Some(m);
    }
    let bytes = std::fs::read(dir.join("manifest.json")).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.get("month")?.as_str()?.parse().ok()
}

/// Whether `dir` is a report folder (it holds a manifest or a report.pdf).
fn is_report_dir(dir: &Path) -> bool {
    dir.join("manifest.json").is_file() || dir.join(PDF).is_file()
}

fn walk(dir: &Path, depth: usize, w: &mut Walk) -> anyhow::Result<()> {
    if is_report_dir(dir) {
        let read = verify::read_any(dir).and_then(|f| match f {
            verify::Found::Annual => Ok(None),
            verify::Found::Month(m) => {
                let mut m = *m;
                m.versions = versions(dir, m.month)?;
                Ok(Some(m))
            }
        });
        let read = match (read, &mut w.unverified) {
            (Err(e), Some(unverified)) => {
                unverified.push(Unverified {
                    path: dir.to_path_buf(),
                    month: claimed_month(dir),
                    reason: format!("{e:#}"),
                });
                return Ok(());
            }
            (read, _) => read?,
        };
        match read {
            None => w.annual.push(dir.to_path_buf()),
            Some(m) => {
                if let Some(other) = w.found.get(&m.month) {
                    anyhow::bail!(
                        "two archived reports claim {}: {} and {}",
                        m.month,
                        other.path.display(),
                        m.path.display()
                    );
                }
                w.found.insert(m.month, m);
            }
        }
        return Ok(());
    }
    if depth >= MAX_DEPTH {
        return Ok(());
    }
    for sub in subdirs(dir)? {
        walk(&sub, depth + 1, w)?;
    }
    Ok(())
}

/// The sub-folders of `dir` in name order, hidden ones (and the report writer's temporary and
/// lock folders, which start with a dot) left out.
fn subdirs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e.with_context(|| format!("cannot read {}", dir.display()))?;
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// The restated versions of `month` in `dir/versions/N/`, by N.
fn versions(dir: &Path, month: Month) -> anyhow::Result<Vec<ArchivedMonth>> {
    let vdir = dir.join(VERSIONS_DIR);
    if !vdir.is_dir() {
        return Ok(Vec::new());
    }
    let mut numbered = Vec::new();
    for sub in subdirs(&vdir)? {
        let name = sub.file_name().unwrap_or_default().to_string_lossy();
        let Ok(n) = name.parse::<u32>() else {
            anyhow::bail!(
                "{}: a restated version's folder must be named by its number (versions/1, versions/2, …)",
                sub.display()
            );
        };
        let v = match verify::read_any(&sub)? {
            verify::Found::Month(v) => *v,
            verify::Found::Annual => {
                anyhow::bail!(
                    "{}: an annual report among a month's versions",
                    sub.display()
                )
            }
        };
        if v.month != month {
            anyhow::bail!(
                "{}: holds {}, but it is a version of {} ({})",
                sub.display(),
                v.month,
                month,
                dir.display()
            );
        }
        numbered.push((n, v));
    }
    numbered.sort_by_key(|(n, _)| *n);
    Ok(numbered.into_iter().map(|(_, v)| v).collect())
}

/// The earlier months of `month`'s year found in `months`, for the figures: each one's year data
/// (an error when a month has none), its config compared with `config_sha256`.
pub fn history_for(
    months: &[ArchivedMonth],
    root: &Path,
    month: Month,
    config_sha256: &str,
) -> anyhow::Result<History> {
    let mut h = History::default();
    for m in months
        .iter()
        .filter(|m| m.month.year() == month.year() && m.month.month() < month.month())
    {
        h.months
            .insert(m.month.month(), m.carried(root, config_sha256)?);
    }
    Ok(h)
}
