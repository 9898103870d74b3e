//! Page 1: service, period, agreement, the §4.1 table of agreed reports with their [x] marks,
//! and the summary of every KPI against its target (SPEC §5).

use serde::Serialize;

use super::blocks::{Align, Cell, Fact, Section, Status, Table};
use super::format::Fmt;
use super::{i18n, Ctx};
use crate::metrics::{Ratio, TargetStatus};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    /// "Månadsrapport".
    pub heading: String,
    /// The agreement's title.
    pub agreement: String,
    /// "mars 2026".
    pub period: String,
    pub facts: Vec<Fact>,
    pub agreed: Table,
    pub summary: Table,
    /// One sentence: all met, or how many were not.
    pub verdict: String,
    pub verdict_status: Status,
    pub note: String,
}

pub(crate) fn build(ctx: &Ctx<'_>, period: &str, sections: &[Section]) -> Cover {
    let f = ctx.f;
    let a = &ctx.config.config.agreement;
    let m = ctx.metrics;
    let last_day = crate::calendar::local_date(f.tz, m.period_end - 1);
    let first_day = crate::calendar::local_date(f.tz, m.period_start);
    let mut facts = vec![
        fact(ctx.t("cover.service"), &a.service),
        fact(
            ctx.t("cover.period"),
            &format!(
                "{period} ({} – {})",
                first_day.format("%Y-%m-%d"),
                last_day.format("%Y-%m-%d")
            ),
        ),
        fact(ctx.t("cover.agreement"), &a.title),
        fact(ctx.t("cover.version"), &a.version),
    ];
    if !a.customer.is_empty() {
        facts.push(fact(ctx.t("cover.customer"), &a.customer));
    }
    if !a.operator.is_empty() {
        facts.push(fact(ctx.t("cover.operator"), &a.operator));
    }
    facts.push(fact(
        ctx.t("cover.config"),
        &format!(
            "{} {} · SHA-256 {}",
            ctx.manifest.config.name,
            ctx.manifest.config.version,
            short_hash(&ctx.manifest.config.sha256)
        ),
    ));

    let mut agreed = Table::new("agreed-reports", ctx.t("cover.agreed_reports"), "")
        .col(ctx.t("cover.report"), Align::Left, 5)
        .col(ctx.t("cover.marked"), Align::Center, 1)
        .col(ctx.t("cover.section"), Align::Center, 1);
    for (key, marked) in ctx.config.config.report.in_order() {
        let number = sections
            .iter()
            .find(|s| s.id == key)
            .map(|s| s.number.clone())
            .unwrap_or_else(|| "–".into());
        agreed.push(vec![
            Cell::new(ctx.t(&format!("sec.{key}"))),
            Cell::new(ctx.t(if marked { "mark.x" } else { "mark.empty" })).strong(),
            Cell::new(number),
        ]);
    }

    let mut summary = Table::new("summary", ctx.t("cover.summary"), ctx.t("none"))
        .col(ctx.t("cover.measure"), Align::Left, 11)
        .col(ctx.t("cover.section"), Align::Left, 7)
        .col(ctx.t("cover.target"), Align::Right, 4)
        .col(ctx.t("cover.actual"), Align::Right, 4)
        .col(ctx.t("cover.status"), Align::Left, 5);
    let mut missed = 0;
    for ts in &m.targets {
        let status = status_of(ts.met);
        if status == Status::NotMet {
            missed += 1;
        }
        let (target, actual) = kpi_texts(f, ts, m.exact.get(&ts.key).copied());
        let section = if i18n::has(&format!("sec.{}", ts.section)) {
            ctx.t(&format!("sec.{}", ts.section)).to_string()
        } else {
            ts.section.clone()
        };
        summary.push(vec![
            Cell::new(kpi_label(ctx, &ts.key)),
            Cell::new(section),
            Cell::new(target),
            Cell::status(actual, status).strong(),
            Cell::status(status_text(ctx, status), status),
        ]);
    }
    let (verdict, verdict_status) = if missed == 0 {
        (ctx.t("cover.verdict_all_met").to_string(), Status::Met)
    } else {
        // "2 av 9 servicenivåer uppfylldes inte."
        let text = format!(
            "{} {} {} {}.",
            f.int(missed),
            ctx.t("doc.of"),
            f.uint(m.targets.len() as u64),
            ctx.t("cover.verdict_missed")
        );
        (text, Status::NotMet)
    };
    Cover {
        heading: ctx.t("doc.title").into(),
        agreement: a.title.clone(),
        period: period.to_string(),
        facts,
        agreed,
        summary,
        verdict,
        verdict_status,
        note: ctx.t("cover.summary_note").into(),
    }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.to_string(),
        status: Status::None,
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
    let k = format!("kpi.{key}");
    if !i18n::has(&k) {
        return key.to_string();
    }
    let p = &ctx.config.config.performance;
    ctx.t(&k)
        .replace("{t90}", &ctx.f.secs_limit(p.t90_base_ms))
        .replace("{tmax}", &ctx.f.secs_limit(p.tmax_base_ms))
        .replace("{extra}", &ctx.f.secs_limit(p.per_extra_person_ms))
}

/// How a KPI's values are measured, from its key (SPEC §6 key conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KpiKind {
    Share,
    Seconds,
    Millis,
    Count,
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
    let cmp = match ts.comparison.as_str() {
        ">=" => "≥",
        "<=" => "≤",
        ">" => ">",
        "<" => "<",
        other => other,
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
