//! report.html: one self-contained file from the embedded minijinja template
//! `templates/report.html.j2` — inline CSS and SVG, no network, no script. Autoescape is on for
//! every value; the only unescaped insertions are the chart SVGs, which this crate drew (their
//! text is XML-escaped by the SVG backend).

use std::collections::BTreeMap;

use minijinja::{context, AutoEscape, Environment};

use crate::report::ReportModel;

const TEMPLATE: &str = include_str!("templates/report.html.j2");

pub fn render(model: &ReportModel, charts: &BTreeMap<String, String>) -> anyhow::Result<Vec<u8>> {
    let mut env = Environment::new();
    // HTML escaping for everything, whatever the template's name.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)?;
    let tmpl = env.get_template("report.html")?;
    let mut out = tmpl.render(context! { m => model, charts => charts })?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out.into_bytes())
}
