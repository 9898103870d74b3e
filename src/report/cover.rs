//! Page 1: the summary of the month in words ([`super::cover_summary`]), service, period,
//! agreement, the agreement 4.1 table of agreed reports with their [x] marks, the summary of every KPI
//! against its target (M10.6) with the month's available and unavailable time and the open
//! tickets already past a target, and which inputs covered the month.

use serde::Serialize;

use super::blocks::{Align, Block, Cell, Fact, Section, Status, Table};
use super::words::{kpi_label, kpi_texts, not_measured_label, short_hash, status_of, status_text};
use super::{i18n, Ctx};
use crate::metrics::{ReportArea, TargetStatus};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    /// "Månadsrapport".
    pub heading: String,
    /// What page 1 opens with: "Månadens sammanfattning" and its sentences.
    pub lead: Vec<Block>,
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
    /// After the summary table: the inputs that covered the month.
    pub after: Vec<Block>,
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
        fact(ctx.t("cover.version"), &document_version(ctx)),
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
    facts.push(fact(
        ctx.t("cover.timezone"),
        &ctx.t("cover.timezone_text")
            .replace("{tz}", ctx.config.config.calendar.timezone.name()),
    ));
    let day_after = super::format::document_date(f.tz, m.period_end)
        .format("%Y-%m-%d")
        .to_string();
    let why = if m.summary.report_date.is_empty() || m.summary.report_date == day_after {
        ctx.t("cover.date_after_period")
    } else {
        ctx.t("cover.date_correction")
    };
    let date = if m.summary.report_date.is_empty() {
        day_after
    } else {
        m.summary.report_date.clone()
    };
    facts.push(fact(ctx.t("cover.report_date"), &format!("{date} ({why})")));
    facts.extend(history_facts(ctx));

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
        .col(ctx.t("cover.section"), Align::Center, 1)
        .col(ctx.t("cover.target"), Align::Right, 4)
        .col(ctx.t("cover.actual"), Align::Right, 4)
        .col(ctx.t("cover.status"), Align::Left, 5);
    let mut missed = 0u64;
    let mut unmeasured = 0u64;
    for (i, ts) in m.targets.iter().enumerate() {
        let status = status_of(ts.met);
        if status == Status::NotMet {
            missed += 1;
        }
        if ts.met.is_none() {
            unmeasured += 1;
        }
        let (target, actual) = kpi_texts(f, ts, m.exact.get(&ts.key).copied());
        let actual = match (&ts.not_measured, ts.actual) {
            // A year-to-date lower bound: at least this much.
            (Some(_), Some(_)) => format!("≥ {actual}"),
            (Some(_), None) => ctx.t("no_data").to_string(),
            (None, _) => of_resolved(ctx, ts, actual),
        };
        let section = section_ref(ctx, sections, ts.section);
        let status_label = match &ts.not_measured {
            Some(code) => not_measured_label(ctx, code, &ts.detail),
            None => status_text(ctx, status),
        };
        summary.push(vec![
            Cell::new(kpi_label(ctx, &ts.key)),
            Cell::new(section.clone()),
            Cell::new(target),
            Cell::status(actual, status).strong(),
            Cell::status(status_label, status),
        ]);
        // Figures without a target of their own, after the last row of their section.
        let last_of_section = m.targets.get(i + 1).is_none_or(|x| x.section != ts.section);
        if ts.key == "availability" {
            for row in time_rows(ctx, ts, &section) {
                summary.push(row);
            }
        }
        if last_of_section && matches!(ts.section, ReportArea::Incidents | ReportArea::Problems) {
            summary.push(open_past_row(ctx, ts, &section));
        }
    }
    // "N av M": M counts the measured targets only; the rest are said to be not measured.
    let total = f.count(m.targets.len() as u64 - unmeasured, "service_level");
    let (verdict, verdict_status) = if missed > 0 {
        // "4 av 12 servicenivåer uppfylldes inte."
        let mut text = ctx
            .t("cover.verdict_missed")
            .replace("{n}", &f.uint(missed))
            .replace("{m}", &total);
        if unmeasured > 0 {
            text.push(' ');
            text.push_str(
                &ctx.t("cover.verdict_not_measured")
                    .replace("{n}", &f.count(unmeasured, "service_level")),
            );
        }
        (text, Status::NotMet)
    } else if unmeasured > 0 {
        let text = format!(
            "{} {}",
            ctx.t("cover.verdict_measured_met"),
            ctx.t("cover.verdict_not_measured")
                .replace("{n}", &f.count(unmeasured, "service_level"))
        );
        (text, Status::Na)
    } else {
        (ctx.t("cover.verdict_all_met").to_string(), Status::Met)
    };
    Cover {
        heading: ctx.t("doc.title").into(),
        lead: super::restated::blocks(ctx)
            .into_iter()
            .chain(super::cover_summary::build(ctx, period, sections))
            .collect(),
        agreement: a.title.clone(),
        period: period.to_string(),
        facts,
        agreed,
        summary,
        verdict,
        verdict_status,
        note: ctx.t("cover.summary_note").into(),
        after: sources(ctx),
    }
}

/// With an archive of earlier months: where each month came from, and a flag when an archived
/// month was made under another config.
fn history_facts(ctx: &Ctx<'_>) -> Vec<Fact> {
    use crate::metrics::history::MonthSource;
    let Some(h) = &ctx.metrics.history else {
        return Vec::new();
    };
    let f = ctx.f;
    let mut parts = Vec::new();
    for (source, key) in [
        (MonthSource::Archive, "hist.archive"),
        (MonthSource::Inputs, "hist.inputs"),
        (MonthSource::None, "hist.none"),
    ] {
        let months: Vec<String> = h
            .months
            .iter()
            .filter(|m| m.source == source)
            .map(|m| f.month_short(m.month))
            .collect();
        if !months.is_empty() {
            parts.push(format!("{}: {}", ctx.t(key), months.join(", ")));
        }
    }
    let mut out = vec![fact(ctx.t("hist.earlier"), &parts.join("; "))];
    if !h.config_differs.is_empty() {
        let months: Vec<String> = h.config_differs.iter().map(|&m| f.month_short(m)).collect();
        let mut versions: Vec<String> = h
            .months
            .iter()
            .filter_map(|m| m.archive.as_ref())
            .filter(|a| a.config_differs)
            .map(|a| {
                format!(
                    "{} · SHA-256 {}",
                    a.config_version,
                    short_hash(&a.config_sha256)
                )
            })
            .collect();
        versions.dedup();
        out.push(Fact {
            label: ctx.t("hist.config_differs").to_string(),
            value: ctx
                .t("hist.config_differs_text")
                .replace("{months}", &months.join(", "))
                .replace("{versions}", &versions.join("; ")),
            status: Status::NotMet,
        });
    }
    out
}

/// A ticket breach count as "N av M" (breaches of the tickets resolved in the month), so a
/// month with nothing resolved reads "0 av 0".
fn of_resolved(ctx: &Ctx<'_>, ts: &TargetStatus, actual: String) -> String {
    let k = &ctx.metrics.kpis;
    let resolved = match ts.key.as_str() {
        "incidents_response_breaches" | "incidents_resolution_breaches" => k.incidents_resolved,
        "problems_response_breaches" | "problems_resolution_breaches" => k.problems_resolved,
        _ => return actual,
    };
    format!("{actual} {} {}", ctx.t("doc.of"), ctx.f.uint(resolved))
}

/// The section's number on page 1's summary ("6"), which the contents and the table of agreed
/// reports name; its name when the area has no section of its own.
fn section_ref(ctx: &Ctx<'_>, sections: &[Section], area: ReportArea) -> String {
    sections
        .iter()
        .find(|s| s.id == area.as_str())
        .map_or_else(|| section_name(ctx, area), |s| s.number.clone())
}

fn section_name(ctx: &Ctx<'_>, section: ReportArea) -> String {
    let key = format!("sec.{}", section.as_str());
    if i18n::has(&key) {
        ctx.t(&key).to_string()
    } else {
        section.as_str().to_string()
    }
}

/// The month's available and unavailable time in h:mm (agreement 3.8: availability in hours
/// and minutes and per cent, unavailability in hours and minutes), beside the availability row.
fn time_rows(ctx: &Ctx<'_>, availability: &TargetStatus, section: &str) -> [Vec<Cell>; 3] {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    let not_measured = availability.not_measured.is_some();
    let text = |s: String| {
        if not_measured {
            ctx.t("no_data").to_string()
        } else {
            s
        }
    };
    let available = text(format!(
        "{}\u{a0}h {} {}\u{a0}h",
        f.hmm_down(a.available_ms),
        ctx.t("doc.of"),
        f.hmm_down(a.open_ms)
    ));
    let unavailable = text(format!("{}\u{a0}h", f.hmm_up(a.unavailable_ms)));
    let row = |key: &str, value: String| {
        vec![
            Cell::new(kpi_label(ctx, key)),
            Cell::new(section),
            Cell::new("–"),
            Cell::new(value).strong(),
            Cell::new(""),
        ]
    };
    [
        row("available_seconds", available),
        row("unavailable_seconds", unavailable),
        sources_row(ctx, section),
    ]
}

/// Which availability sources the month's availability rests on, and which have no data.
fn sources_row(ctx: &Ctx<'_>, section: &str) -> Vec<Cell> {
    let b = &ctx.metrics.basis;
    let name = |s: &&str| ctx.t(&format!("cover.av_source.{s}")).to_string();
    let used: Vec<String> = b.sources_used.iter().map(name).collect();
    let missing: Vec<String> = b.sources_missing.iter().map(name).collect();
    let mut text = if used.is_empty() {
        "–".to_string()
    } else {
        used.join(", ")
    };
    if !missing.is_empty() {
        text.push_str(&format!(
            " ({})",
            ctx.t("cover.av_sources_missing")
                .replace("{list}", &missing.join(", "))
        ));
    }
    let status = if missing.is_empty() {
        Status::None
    } else {
        Status::Warn
    };
    vec![
        Cell::new(ctx.t("cover.av_sources")),
        Cell::new(section),
        Cell::new("–"),
        Cell::status(text, status),
        Cell::new(""),
    ]
}

/// Open tickets of the section already past a target at month end: not a breach of the month
/// (a ticket counts in the month it is resolved, M7), shown so it is not overlooked.
fn open_past_row(ctx: &Ctx<'_>, last: &TargetStatus, section: &str) -> Vec<Cell> {
    let kind = if last.section == ReportArea::Incidents {
        "incident"
    } else {
        "problem"
    };
    let mut ids: Vec<&str> = ctx
        .metrics
        .summary
        .open_past_target
        .iter()
        .filter(|o| o.kind == kind)
        .map(|o| o.ticket_id.as_str())
        .collect();
    ids.dedup();
    let n = ids.len() as u64;
    let (value, status, text) = if last.not_measured.is_some() {
        (ctx.t("no_data").to_string(), Status::Na, String::new())
    } else if n > 0 {
        (
            ctx.f.uint(n),
            Status::Warn,
            ctx.t("status.open_past").to_string(),
        )
    } else {
        (ctx.f.uint(0), Status::None, String::new())
    };
    vec![
        Cell::new(kpi_label(
            ctx,
            &format!("{}_open_past_target", last.section.as_str()),
        )),
        Cell::new(section),
        Cell::new("–"),
        Cell::status(value, status).strong(),
        Cell::status(text, status),
    ]
}

/// The inputs of the month: rows in it, each input's span, and whether it covers the month.
fn sources(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let mut t = Table::new("sources", ctx.t("cover.sources"), ctx.t("none"))
        .col(ctx.t("in.input"), Align::Left, 3)
        .col(ctx.t("cover.rows_in_month"), Align::Right, 2)
        .col(ctx.t("cover.span"), Align::Left, 4)
        .col(ctx.t("cover.covers"), Align::Center, 2);
    for c in &ctx.metrics.coverage.inputs {
        let span = match (c.measured_first, c.measured_last) {
            (Some(a), Some(b)) => format!(
                "{} – {}",
                crate::calendar::local_date(f.tz, a).format("%Y-%m-%d"),
                crate::calendar::local_date(f.tz, b).format("%Y-%m-%d")
            ),
            _ => ctx.t("cover.no_input").to_string(),
        };
        let covers = if c.covers && c.whole {
            Cell::new(format!("✓ {}", ctx.t("yes")))
        } else if c.covers {
            // Counted, but the data cannot show whether rows are missing at the month's edges.
            Cell::status(format!("! {}", ctx.t("cover.partly")), Status::Warn)
        } else {
            Cell::status(ctx.t("no"), Status::Warn).strong()
        };
        t.push(vec![
            Cell::new(super::appendix::input_name(ctx, &c.input)),
            Cell::new(f.uint(c.rows_in_period)),
            Cell::new(span),
            covers,
        ]);
    }
    vec![
        Block::Table(t),
        Block::Note {
            text: ctx.t("cover.sources_note").into(),
        },
    ]
}

/// The agreement document's revision and date, as its revision history writes them, under
/// its own name: the rule set's version is a different thing and is printed beside its hash.
fn document_version(ctx: &Ctx<'_>) -> String {
    let a = &ctx.config.config.agreement;
    match (a.document_revision.as_str(), a.document_date.as_str()) {
        ("", _) => ctx.t("cover.version_unknown").to_string(),
        (r, "") => ctx
            .t("cover.version_text")
            .replace("{r}", r)
            .replace(" ({d})", ""),
        (r, d) => ctx
            .t("cover.version_text")
            .replace("{r}", r)
            .replace("{d}", d),
    }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.to_string(),
        status: Status::None,
    }
}
