//! The words page 1, the sections, the appendices and the annual report share: a KPI's
//! name, value and target in its unit (M10.3), status words, the reason a figure is not
//! measured, and the letters of the appendices. Below every page builder: it uses only
//! [`super::format`], [`super::i18n`] and [`super::blocks`].

use super::blocks::Status;
use super::format::Fmt;
use super::{i18n, Ctx};
use crate::metrics::{Comparison, Ratio, TargetStatus};

/// "– Ej mätt (underlag saknas: kolumnen tickets.responded_at)" for the reason `code`.
pub(crate) fn not_measured_label(ctx: &Ctx<'_>, code: &str, detail: &str) -> String {
    ctx.t("status.not_measured")
        .replace("{why}", &not_measured_why(ctx, code, detail))
}

/// The reason `code` (with its `detail`) in words, for a status cell.
pub(crate) fn not_measured_why(ctx: &Ctx<'_>, code: &str, detail: &str) -> String {
    let key = format!("nmw.{code}");
    let text = if i18n::has(&key) {
        ctx.t(&key)
    } else {
        ctx.t("nmw.no_data")
    };
    fill_detail(ctx, text, detail)
}

/// `text` with `{detail}` (a column, a ticket type in the report's language) and `{n}`/`{m}`
/// (months covered / months, from `N/M`) filled in.
pub(crate) fn fill_detail(ctx: &Ctx<'_>, text: &str, detail: &str) -> String {
    let (n, m) = detail.split_once('/').unwrap_or(("", ""));
    let shown = match detail {
        "incident" | "problem" | "order" => ctx.t(&format!("ce.type.{detail}")).to_string(),
        d => d.to_string(),
    };
    text.replace("{detail}", &shown)
        .replace("{n}", n)
        .replace("{m}", m)
}

/// The letter of an appendix by id (for cross references).
pub(crate) fn letter(id: &str) -> char {
    match id {
        "appendix-method" => 'A',
        "appendix-data-quality" => 'B',
        "appendix-corrections" => 'C',
        "appendix-reconciliation" => 'D',
        _ => 'E',
    }
}

/// The first 12 hex digits: enough to compare by eye; the full hash is in the appendix.
pub(crate) fn short_hash(h: &str) -> String {
    h.chars().take(12).collect()
}

pub(crate) fn status_of(met: Option<bool>) -> Status {
    match met {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Na,
    }
}

pub(crate) fn status_text(ctx: &Ctx<'_>, s: Status) -> String {
    match s {
        Status::Met => ctx.t("status.met").into(),
        Status::NotMet => ctx.t("status.not_met").into(),
        Status::Na => ctx.t("status.na").into(),
        Status::None | Status::Warn => String::new(),
    }
}

/// The KPI's name from the translation table, or its key when the metrics added a new one.
/// Thresholds in a name (`{t90}`, `{tmax}`, `{extra}`) come from the config in force.
pub(crate) fn kpi_label(ctx: &Ctx<'_>, key: &str) -> String {
    kpi_name(ctx.f, &ctx.config.config, key)
}

/// [`kpi_label`] from the format and config alone.
pub(crate) fn kpi_name(f: Fmt, cfg: &crate::config::SlaConfig, key: &str) -> String {
    let k = format!("kpi.{key}");
    if !i18n::has(&k) {
        return key.to_string();
    }
    let p = &cfg.performance;
    i18n::t(f.lang, &k)
        .replace("{t90}", &f.secs_limit(p.t90_base_ms))
        .replace("{tmax}", &f.secs_limit(p.tmax_base_ms))
        .replace("{extra}", &f.secs_limit(p.per_extra_person_ms))
}

/// How a KPI's values are measured, from its key (M10.3 key conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KpiKind {
    Share,
    Seconds,
    Millis,
    Count,
}

/// Whether the KPI `key` is a share (shown as a percentage).
pub(crate) fn kpi_kind_is_share(key: &str) -> bool {
    kpi_kind(key) == KpiKind::Share
}

fn kpi_kind(key: &str) -> KpiKind {
    if key.ends_with("_seconds") {
        KpiKind::Seconds
    } else if key.ends_with("_ms") {
        KpiKind::Millis
    } else if key == "availability" || key.ends_with("_share") || key.ends_with("precision") {
        KpiKind::Share
    } else {
        KpiKind::Count
    }
}

/// A KPI value in its unit: share, h:mm, seconds or count; "–" when absent.
pub(crate) fn kpi_value(f: Fmt, key: &str, v: Option<f64>, exact: Option<Ratio>) -> String {
    match kpi_kind(key) {
        KpiKind::Share => match exact {
            Some(r) if r.denominator != 0 => f.pct_ratio(r),
            _ => f.pct_f64(v),
        },
        KpiKind::Seconds => v.map_or_else(
            || "–".into(),
            |a| format!("{}\u{a0}h", f.hmm_up((a * 1000.0) as i64)),
        ),
        KpiKind::Millis => f.secs_ms(v.map(|a| a as i64)),
        KpiKind::Count => v.map_or_else(|| "–".into(), |a| f.int(a as i64)),
    }
}

/// (target text with its comparison, actual text).
pub(crate) fn kpi_texts(f: Fmt, ts: &TargetStatus, exact: Option<Ratio>) -> (String, String) {
    let cmp = match ts.comparison {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
    };
    let (target, actual) = match kpi_kind(&ts.key) {
        KpiKind::Share => (
            f.pct_f64(Some(ts.target)),
            match exact {
                Some(r) if r.denominator != 0 => f.pct_ratio(r),
                _ => f.pct_f64(ts.actual),
            },
        ),
        KpiKind::Seconds => (
            format!("{}\u{a0}h", f.hmm_up((ts.target * 1000.0) as i64)),
            ts.actual.map_or_else(
                || "–".into(),
                |a| format!("{}\u{a0}h", f.hmm_up((a * 1000.0) as i64)),
            ),
        ),
        KpiKind::Millis => (
            f.secs_ms(Some(ts.target as i64)),
            f.secs_ms(ts.actual.map(|a| a as i64)),
        ),
        KpiKind::Count => (
            f.int(ts.target as i64),
            ts.actual.map_or_else(|| "–".into(), |a| f.int(a as i64)),
        ),
    };
    (format!("{cmp} {target}"), actual)
}
