//! The report model: everything a renderer shows, already formatted for the chosen language
//! (M10.6, M10.1–M10.3). Renderers do no arithmetic; this is the only thing they see.
//!
//! Built in one pass from the metrics: page 1 ([`cover`]), one section per area marked in the
//! agreement's §4.1 table, in the agreement's order ([`sections`]), and the appendices
//! ([`appendix`]). Every word comes from the translation table ([`i18n`]), every number through
//! [`format::Fmt`]. Instants (UTC ms) become local text in the calendar's time zone here.
//!
//! Layers (a module uses only those below it, never one beside it; this module on top):
//! `cover` → `cover_summary`, `appendix`, `restated` → `sections` → [`words`] (KPI and
//! status words, appendix letters) → `alt`, `breaches` → `blocks`, `format` → `i18n`.

pub mod blocks;
pub mod cover;
mod cover_summary;
pub mod format;
pub mod i18n;
pub mod sections;

mod alt;
pub(crate) mod appendix;
mod breaches;
mod restated;
pub mod words;

pub use restated::restatement_text;

use chrono::Datelike;
use serde::Serialize;

use crate::audit::Manifest;
use crate::config::LoadedConfig;
use crate::inputs::Inputs;
use crate::metrics::Metrics;

pub use blocks::{Block, Cell, Chart, ChartSpec, Section, Status, Table};
pub use breaches::BreachRecord;
use format::Fmt;
pub use i18n::Lang;

/// The monthly report, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    pub lang: Lang,
    /// "Månadsrapport SSBTEK mars 2026".
    pub title: String,
    /// PDF subject metadata.
    pub subject: String,
    /// PDF author metadata: the operator who reports (the service when none is configured).
    pub author: String,
    /// The document date: the later of the first day after the month and the day the latest
    /// applied correction was approved (from the data, never the wall clock).
    pub date: DocDate,
    /// Running footer text (service · period).
    pub footer: String,
    /// Fixed words the templates need (page, of, contents, appendix).
    pub labels: Labels,
    pub cover: cover::Cover,
    /// One per marked area, in the agreement's order.
    pub sections: Vec<Section>,
    pub appendices: Vec<Section>,
    /// Every breach and outage, for breaches.csv (not shown by the templates as such).
    #[serde(skip)]
    pub breaches: Vec<BreachRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// `YYYY-MM-DD`.
    pub iso: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub page: String,
    pub of: String,
    pub contents: String,
    pub appendix: String,
    pub generated_by: String,
}

/// What every section builder needs.
pub(crate) struct Ctx<'a> {
    pub metrics: &'a Metrics,
    pub inputs: &'a Inputs,
    pub config: &'a LoadedConfig,
    pub manifest: &'a Manifest,
    pub cals: &'a crate::calendar::Calendars,
    pub f: Fmt,
}

impl Ctx<'_> {
    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.f.lang, key)
    }
}

impl ReportModel {
    pub fn build(
        metrics: &Metrics,
        inputs: &Inputs,
        config: &LoadedConfig,
        manifest: &Manifest,
        lang: Lang,
    ) -> anyhow::Result<Self> {
        let tz = config.tz();
        let f = Fmt::new(lang, tz);
        let ctx = Ctx {
            metrics,
            inputs,
            config,
            manifest,
            cals: &config.calendars,
            f,
        };
        let (year, month) = (metrics.month.year(), metrics.month.month());
        let agreement = &config.config.agreement;
        let period = f.month_name(year, month);
        let title = format!("{} {} {}", ctx.t("doc.title"), agreement.service, period);
        let subject = format!("{} {}", ctx.t("doc.subject"), agreement.title);
        let d = chrono::NaiveDate::parse_from_str(&metrics.summary.report_date, "%Y-%m-%d")
            .unwrap_or_else(|_| format::document_date(tz, metrics.period_end));
        let date = DocDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
            iso: d.format("%Y-%m-%d").to_string(),
        };
        let labels = Labels {
            page: ctx.t("doc.page").into(),
            of: ctx.t("doc.of").into(),
            contents: ctx.t("doc.contents").into(),
            appendix: ctx.t("doc.appendix").into(),
            generated_by: format!("{} slareport {}", ctx.t("doc.generated_by"), crate::VERSION),
        };
        let mut sections = sections::build_all(&ctx);
        // Alt texts with the numbers the charts show (PDF/UA-1, WCAG 1.1.1).
        alt::complete_all(&mut sections, f);
        let cover = cover::build(&ctx, &period, &sections);
        let mut appendices = appendix::build_all(&ctx);
        alt::complete_all(&mut appendices, f);
        Ok(ReportModel {
            lang,
            footer: format!("{} · {}", agreement.service, period),
            author: if agreement.operator.is_empty() {
                agreement.service.clone()
            } else {
                agreement.operator.clone()
            },
            title,
            subject,
            date,
            labels,
            cover,
            sections,
            appendices,
            breaches: breaches::collect(&ctx),
        })
    }
}
