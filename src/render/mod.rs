//! Renderers: the report model to bytes — PDF (typst), HTML (minijinja), charts (plotters →
//! SVG), metrics.json, breaches.csv and rejected.csv.

use crate::report::ReportModel;

/// report.html: one self-contained file.
pub fn html(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    let _ = model;
    anyhow::bail!("render html: not implemented yet")
}

/// report.pdf: A4, PDF/A-2b, embedded fonts.
pub fn pdf(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    let _ = model;
    anyhow::bail!("render pdf: not implemented yet")
}

/// metrics.json.
pub fn metrics_json(metrics: &crate::metrics::Metrics) -> anyhow::Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(metrics)?;
    s.push('\n');
    Ok(s.into_bytes())
}
