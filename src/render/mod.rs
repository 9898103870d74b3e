//! Renderers: the report model to bytes — PDF (typst), HTML (minijinja), charts (plotters →
//! SVG), metrics.json, breaches.csv and rejected.csv. Renderers lay out what the model says;
//! they compute nothing.
//!
//! Layers: `pdf` → `archive` (the files the PDF embeds); `html`, `csv_out` and [`charts`]
//! use none of their siblings.

pub mod archive;
pub mod charts;
mod csv_out;
mod html;
mod pdf;
pub mod spool;

use std::collections::BTreeMap;

use crate::report::{Block, Chart, ReportModel};

pub use csv_out::neutralise;

/// An output format a report can be written in (metrics.json, manifest.json and rejected.csv
/// are always written besides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutputFormat {
    Pdf,
    Html,
    Json,
    Csv,
}

impl OutputFormat {
    /// The name the manifest records and `--format` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Pdf => "pdf",
            OutputFormat::Html => "html",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
        }
    }
}

impl std::str::FromStr for OutputFormat {
    type Err = anyhow::Error;

    /// `pdf`, `html`, `json` or `csv` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Ok(OutputFormat::Pdf),
            "html" => Ok(OutputFormat::Html),
            "json" => Ok(OutputFormat::Json),
            "csv" => Ok(OutputFormat::Csv),
            _ => anyhow::bail!("`{s}`: expected pdf, html, json or csv"),
        }
    }
}

/// report.html: one self-contained file.
pub fn html(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    html::render(model, &all_charts(model)?)
}

/// report.pdf: A4, PDF/A-3a + PDF/UA-1, embedded fonts, `attachments` embedded as
/// associated files and listed in the last appendix with the files kept `beside` it (M12.8).
pub fn archive_pdf(
    model: &ReportModel,
    attachments: &[archive::Attachment],
    beside: &[archive::Beside],
) -> anyhow::Result<Vec<u8>> {
    pdf::render(model, &all_charts(model)?, attachments, beside)
}

/// The PDF of a model with nothing embedded (previews and tests; `report` writes
/// [`archive_pdf`]).
pub fn pdf(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    archive_pdf(model, &[], &[])
}

pub use pdf::{prewarm as prewarm_pdf, STANDARDS as PDF_STANDARDS};

/// breaches.csv: every breach and outage, one row each.
pub fn breaches_csv(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    csv_out::breaches(model)
}

/// rejected.csv: every rejected input row with its reason.
pub fn rejected_csv(inputs: &crate::inputs::Inputs) -> anyhow::Result<Vec<u8>> {
    csv_out::rejected(inputs)
}

/// rejected.csv written to a temporary file as the rows are read (the same bytes as
/// [`rejected_csv`]), never held whole in memory.
pub fn rejected_csv_spooled(inputs: &crate::inputs::Inputs) -> anyhow::Result<spool::Spooled> {
    spool::Spooled::write(|w| csv_out::write_rejected(inputs, w))
}

/// metrics.json.
pub fn metrics_json(metrics: &crate::metrics::Metrics) -> anyhow::Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(metrics)?;
    s.push('\n');
    Ok(s.into_bytes())
}

/// Every chart of the model, in reading order.
pub fn chart_list(model: &ReportModel) -> Vec<&Chart> {
    let mut out = Vec::new();
    for s in model.sections.iter().chain(&model.appendices) {
        for b in &s.blocks {
            match b {
                Block::Chart(c) => out.push(c),
                Block::ChartRow { charts } => out.extend(charts.iter()),
                _ => {}
            }
        }
    }
    out
}

/// Characters XML 1.0 does not allow (C0 controls other than tab and line breaks, U+FFFE,
/// U+FFFF) replaced by U+FFFD. Chart labels carry input text (provider names); one NUL in a
/// failed-provider code made typst refuse the SVG and the whole PDF failed
/// (fuzz_render; regression `nul_in_provider_name_broke_chart_svg`).
fn xml_chars(svg: String) -> String {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if svg.chars().any(bad) {
        svg.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect()
    } else {
        svg
    }
}

/// Chart id → SVG text, drawn once and shared by both renderers.
pub fn all_charts(model: &ReportModel) -> anyhow::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for c in chart_list(model) {
        let svg = xml_chars(charts::svg(c)?);
        if out.insert(c.id.clone(), svg).is_some() {
            anyhow::bail!("duplicate chart id {}", c.id);
        }
    }
    Ok(out)
}
