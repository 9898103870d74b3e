//! The annual report (årsrapport): `slareport annual --year YYYY --history DIR`. Every figure
//! comes from the archived months below DIR, each verified first ([`crate::archive`]); nothing is
//! read from the logs.
//!
//! Outputs: metrics.json (the year's figures, [`figures`]), months.csv (the monthly table with
//! quarter and year rows), report.html and report.pdf (the same document model and renderers
//! as the monthly report, [`model`]), and manifest.json (`"kind": "annual"`: the tool, config,
//! each month used with its SHA-256, the outputs' SHA-256). report.pdf embeds the manifest,
//! metrics.json, months.csv, the config and every month's metrics.json (`metrics-YYYY-MM.json`),
//! so that `verify report.pdf` re-checks each month's hash and recomputes the year ([`verify`]).
//!
//! Layers (a module uses only those below it): `model`, `csv`, `verify` → `sections` →
//! `page` → `figures` (the year's figures, computed once).

mod csv;
pub mod figures;
pub mod model;
mod page;
mod sections;
pub mod verify;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::archive::{self, ArchivedMonth};
use crate::audit::archive::{CONFIG_FILE, PDF};
use crate::audit::manifest::{Archive, ConfigInfo, ToolInfo};
use crate::config::{hex, LoadedConfig};
use crate::render::archive::{Attachment, Bytes};
use crate::render::OutputFormat;
use crate::report::Lang;
use figures::{MonthInput, MonthProvenance};

/// The monthly table as CSV.
pub const CSV_FILE: &str = "months.csv";

/// The name a month's metrics.json is embedded under.
pub fn month_file(month: crate::calendar::Month) -> String {
    format!("metrics-{month}.json")
}

/// manifest.json of an annual report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualManifest {
    /// Always [`archive::ANNUAL_KIND`]: what tells an archive scan this is not a month.
    pub kind: String,
    pub manifest_version: u32,
    pub tool: ToolInfo,
    pub year: i32,
    pub lang: String,
    pub formats: Vec<String>,
    pub config: ConfigInfo,
    /// `--history` as given.
    pub history: String,
    /// Each month used.
    pub months: Vec<MonthProvenance>,
    pub outputs: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Archive>,
}

/// What to make.
#[derive(Debug, Clone)]
pub struct AnnualRequest {
    pub year: i32,
    pub history: PathBuf,
    pub config: LoadedConfig,
    pub lang: Lang,
    pub formats: Vec<OutputFormat>,
}

/// The embedded copies of the months' metrics.json, by file name: the archived bytes.
pub type MonthFiles = BTreeMap<String, Vec<u8>>;

/// The year's archived months below `dir`, verified, and their metrics.json bytes.
pub fn months_of(
    year: i32,
    dir: &std::path::Path,
) -> anyhow::Result<(Vec<MonthInput>, MonthFiles)> {
    let found: Vec<ArchivedMonth> = archive::scan(dir)?
        .into_iter()
        .filter(|m| m.month.year() == year)
        .collect();
    if found.is_empty() {
        anyhow::bail!("{}: no archived month of {year} in it", dir.display());
    }
    let files = found
        .iter()
        .map(|m| (month_file(m.month), m.metrics_bytes.clone()))
        .collect();
    let months = found
        .into_iter()
        .map(|m| MonthInput {
            month: m.month,
            source: MonthProvenance {
                month: m.month,
                path: archive::relative(&m.path, dir),
                metrics_sha256: m.metrics_sha256.clone(),
                manifest_sha256: m.manifest_sha256.clone(),
                config_sha256: m.config_sha256().to_string(),
                config_version: m.config_version().to_string(),
                tool_version: m.tool_version().to_string(),
            },
            metrics: m.metrics,
        })
        .collect();
    Ok((months, files))
}

fn sha(b: &[u8]) -> String {
    hex(&Sha256::digest(b))
}

/// metrics.json of the year: pretty JSON with a final newline.
pub fn metrics_json(a: &figures::Annual) -> anyhow::Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(a)?;
    s.push('\n');
    Ok(s.into_bytes())
}

/// Every output file of the annual report, by name.
pub fn produce(
    req: &AnnualRequest,
    recorded_history: &str,
    recorded_tool: Option<ToolInfo>,
) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let (months, month_files) = months_of(req.year, &req.history)?;
    make(req, &months, month_files, recorded_history, recorded_tool)
}

/// The outputs from the months (also what `verify` re-makes from a PDF's attachments).
pub fn make(
    req: &AnnualRequest,
    months: &[MonthInput],
    month_files: MonthFiles,
    recorded_history: &str,
    recorded_tool: Option<ToolInfo>,
) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let cfg = &req.config;
    let annual = figures::compute(req.year, months, &cfg.config)?;
    let mut formats = req.formats.clone();
    formats.sort();
    formats.dedup();
    let pdf = formats.contains(&OutputFormat::Pdf);
    let mut files = BTreeMap::new();
    files.insert("metrics.json".to_string(), metrics_json(&annual)?);
    files.insert(CSV_FILE.to_string(), csv::months_csv(&annual, req.lang)?);
    let doc = model::build(&annual, cfg, req.lang)?;
    if formats.contains(&OutputFormat::Html) {
        files.insert("report.html".into(), crate::render::html(&doc)?);
    }
    if pdf {
        files.insert(
            CONFIG_FILE.into(),
            cfg.config.to_canonical_toml().into_bytes(),
        );
    }
    let mut manifest = AnnualManifest {
        kind: archive::ANNUAL_KIND.into(),
        manifest_version: 1,
        tool: recorded_tool.unwrap_or_else(|| ToolInfo {
            name: "slareport".into(),
            version: crate::VERSION.into(),
            git_revision: crate::GIT_REV.into(),
            tzdb: format!("chrono-tz {}", chrono_tz::IANA_TZDB_VERSION),
        }),
        year: req.year,
        lang: req.lang.as_str().into(),
        formats: formats.iter().map(|f| f.as_str().to_string()).collect(),
        config: ConfigInfo {
            origin: cfg.origin.clone(),
            name: cfg.config.agreement.name.clone(),
            version: cfg.config.agreement.version.clone(),
            sha256: cfg.sha256.clone(),
        },
        history: recorded_history.to_string(),
        months: months.iter().map(|m| m.source.clone()).collect(),
        outputs: files.iter().map(|(n, b)| (n.clone(), sha(b))).collect(),
        archive: None,
    };
    let embedded: Vec<String> = ["manifest.json", "metrics.json", CSV_FILE, CONFIG_FILE]
        .iter()
        .map(|s| s.to_string())
        .chain(month_files.keys().cloned())
        .collect();
    if pdf {
        manifest.archive = Some(Archive {
            file: PDF.into(),
            embeds: embedded.clone(),
        });
    }
    let mut m = serde_json::to_string_pretty(&manifest)?;
    m.push('\n');
    files.insert("manifest.json".into(), m.into_bytes());
    if pdf {
        let mut attachments = Vec::new();
        for name in &embedded {
            let data = files
                .get(name)
                .or_else(|| month_files.get(name))
                .ok_or_else(|| anyhow::anyhow!("{name} must be made before {PDF}"))?;
            let (mime, relationship, description) = describe(name, req.lang);
            attachments.push(Attachment {
                name: name.clone(),
                mime,
                relationship,
                description,
                data: Bytes::new(data.clone()),
            });
        }
        files.insert(
            PDF.into(),
            crate::render::archive_pdf(&doc, &attachments, &[])?,
        );
    }
    Ok(files)
}

/// MIME type, relationship and description of an annual report's attachment.
fn describe(name: &str, lang: Lang) -> (&'static str, &'static str, String) {
    let sv = lang == Lang::Sv;
    let pick = |s: &str, e: &str| if sv { s.to_string() } else { e.to_string() };
    match name {
        "manifest.json" => (
            "application/json",
            "supplement",
            pick(
                "Manifest: årets månader med SHA-256, regelverkets hash, verktygets version och övriga utfilers SHA-256",
                "Manifest: the year's months with SHA-256, the config hash, the tool version and the other outputs' SHA-256",
            ),
        ),
        "metrics.json" => (
            "application/json",
            "data",
            pick(
                "Årets alla värden, maskinläsbara",
                "Every figure of the year, machine-readable",
            ),
        ),
        CSV_FILE => (
            "text/csv",
            "data",
            pick("Månadstabellen med kvartal och år", "The monthly table with quarters and the year"),
        ),
        CONFIG_FILE => (
            "application/toml",
            "source",
            pick(
                "Regelverket (SLA-konfigurationen) som gällde, som kanonisk TOML",
                "The SLA config in force, as canonical TOML",
            ),
        ),
        _ => (
            "application/json",
            "source",
            pick(
                "En månads metrics.json ur arkivet, som den arkiverades",
                "One month's metrics.json from the archive, as archived",
            ),
        ),
    }
}
