//! The annual report as a document: the same model ([`ReportModel`]) and renderers as the
//! monthly report, so the HTML and the PDF (PDF/A-3, PDF/UA-1) say the same thing. Page 1: the
//! summary of the year in words, the year's targets and the monthly targets missed; then the
//! months side by side with quarters and the year, the availability calendar (a value in every
//! cell: readable without colour, and a table for screen readers), the outages, the missed
//! targets by month, the corrections and the configs in force; appendices: method, provenance.

use super::figures::{Annual, Period};
use super::page::{fact, note, para, section, C};
use super::sections::{
    config_section, corrections_section, method_appendix, missed_section, outages_section,
    provenance_appendix,
};
use crate::config::LoadedConfig;
use crate::metrics::history::MonthSource;
use crate::metrics::TargetStatus;
use crate::report::blocks::{Align, Block, Cell, Section, Status, Table};
use crate::report::cover::Cover;
use crate::report::format::Fmt;
use crate::report::words::{kpi_name, kpi_texts, status_of};
use crate::report::{DocDate, Labels, Lang, ReportModel};

/// The document of the year.
pub fn build(a: &Annual, cfg: &LoadedConfig, lang: Lang) -> anyhow::Result<ReportModel> {
    let f = Fmt::new(lang, cfg.tz());
    let c = C { a, cfg, f };
    let agreement = &cfg.config.agreement;
    let period = c.t("yr.period").replace("{year}", &a.year.to_string());
    // The document's date: the day after the year, or a month's later report date.
    let after = chrono::NaiveDate::from_ymd_opt(a.year + 1, 1, 1).unwrap_or_default();
    let d = after;
    let date = DocDate {
        year: chrono::Datelike::year(&d),
        month: chrono::Datelike::month(&d),
        day: chrono::Datelike::day(&d),
        iso: d.format("%Y-%m-%d").to_string(),
    };
    let sections = vec![
        months_section(&c),
        calendar_section(&c),
        outages_section(&c),
        missed_section(&c),
        corrections_section(&c),
        config_section(&c),
    ];
    let appendices = vec![method_appendix(&c), provenance_appendix(&c)];
    Ok(ReportModel {
        lang,
        title: format!("{} {} {}", c.t("yr.title"), agreement.service, a.year),
        subject: format!("{} {}", c.t("doc.subject"), agreement.title),
        author: if agreement.operator.is_empty() {
            agreement.service.clone()
        } else {
            agreement.operator.clone()
        },
        date,
        footer: format!("{} · {}", agreement.service, a.year),
        labels: Labels {
            page: c.t("doc.page").into(),
            of: c.t("doc.of").into(),
            contents: c.t("doc.contents").into(),
            appendix: c.t("doc.appendix").into(),
            generated_by: format!("{} slareport {}", c.t("doc.generated_by"), crate::VERSION),
        },
        cover: cover(&c, &period),
        sections,
        appendices,
        breaches: Vec::new(),
    })
}

/// The text of a yearly target's actual: the figure, or its lower bound when months are missing.
fn year_actual(c: &C, t: &TargetStatus, p: &Period) -> String {
    let v = if t.key == "ytd_unavailable_seconds" {
        format!("{}\u{a0}h", c.f.hmm_up(p.unavailable_ms))
    } else {
        c.f.uint(p.unplanned_outages)
    };
    if t.not_measured.is_some() {
        c.t("yr.lower_bound")
            .replace("{v}", &v)
            .replace("{n}", &c.a.months_covered.len().to_string())
    } else {
        v
    }
}

fn cover(c: &C, period: &str) -> Cover {
    let a = c.a;
    let agreement = &c.cfg.config.agreement;
    let missing: Vec<u32> = (1..=12).filter(|m| !a.months_covered.contains(m)).collect();
    let mut facts = vec![
        fact(
            c.t("cover.service"),
            agreement.service.clone(),
            Status::None,
        ),
        fact(c.t("cover.period"), period, Status::None),
        fact(
            c.t("cover.agreement"),
            agreement.title.clone(),
            Status::None,
        ),
        fact(
            c.t("cover.version"),
            agreement.version.clone(),
            Status::None,
        ),
        fact(
            c.t("cover.config"),
            format!(
                "{} {} · SHA-256 {}",
                agreement.name,
                agreement.version,
                crate::report::words::short_hash(&c.cfg.sha256)
            ),
            Status::None,
        ),
        fact(
            c.t("yr.months_covered"),
            c.t("yr.months_covered_text")
                .replace("{n}", &a.months_covered.len().to_string())
                .replace("{months}", &c.months(&a.months_covered)),
            Status::None,
        ),
    ];
    if !missing.is_empty() {
        facts.push(fact(
            c.t("no_data"),
            c.t("yr.months_missing")
                .replace("{months}", &c.months(&missing)),
            Status::Na,
        ));
    }
    let mut year = Table::new("year-targets", c.t("yr.year_targets"), c.t("none"))
        .col(c.t("yr.measure"), Align::Left, 8)
        .col(c.t("yr.target"), Align::Right, 4)
        .col(c.t("yr.actual"), Align::Right, 6)
        .col(c.t("cover.status"), Align::Left, 4);
    let mut lead_lines = Vec::new();
    for t in &a.year_targets {
        let (target, _) = kpi_texts(c.f, t, None);
        let status = status_of(t.met);
        let actual = year_actual(c, t, &a.year_totals);
        year.push(vec![
            Cell::new(c.t(&format!("yr.{}", t.key))),
            Cell::new(target.clone()),
            Cell::status(actual.clone(), status).strong(),
            Cell::status(c.status_text(status), status),
        ]);
        let word = match t.met {
            Some(true) => c.t("yr.s_held"),
            Some(false) => c.t("yr.s_not_held"),
            None => c.t("yr.s_open"),
        };
        let key = if t.key == "ytd_unavailable_seconds" {
            "yr.s_downtime"
        } else {
            "yr.s_outages"
        };
        lead_lines.push(
            c.t(key)
                .replace("{v}", &actual)
                .replace("{t}", &target.replace(['≤', ' '], ""))
                .replace("{status}", word),
        );
    }
    // Monthly targets missed: which months, per target.
    let mut missed = Table::new("missed-summary", c.t("yr.missed_table"), c.t("none"))
        .col(c.t("yr.measure"), Align::Left, 8)
        .col(c.t("yr.missed_in"), Align::Left, 10);
    let mut keys: Vec<&str> = Vec::new();
    for m in &a.missed {
        if !keys.contains(&m.target.key.as_str()) {
            keys.push(&m.target.key);
        }
    }
    let mut missed_words = Vec::new();
    for k in keys {
        let months: Vec<u32> = a
            .missed
            .iter()
            .filter(|m| m.target.key == k)
            .map(|m| m.month)
            .collect();
        let name = kpi_name(c.f, &c.cfg.config, k);
        missed_words.push(format!("{name} ({})", c.months(&months)));
        missed.push(vec![
            Cell::new(name),
            Cell::status(c.months(&months), Status::NotMet),
        ]);
    }
    if missed_words.is_empty() {
        lead_lines.push(c.t("yr.s_none_missed").into());
    } else {
        lead_lines.push(
            c.t("yr.s_missed")
                .replace("{list}", &missed_words.join("; ")),
        );
    }
    let mut largest: Vec<&super::figures::YearOutage> = a.outages.iter().collect();
    largest.sort_by_key(|o| (std::cmp::Reverse(o.open_ms), o.start));
    let top: Vec<String> = largest
        .iter()
        .take(3)
        .map(|o| format!("{} ({}\u{a0}h)", c.f.local(o.start), c.f.hmm_up(o.open_ms)))
        .collect();
    if !top.is_empty() {
        lead_lines.push(c.t("yr.s_largest").replace("{list}", &top.join(", ")));
    }
    let e = &a.corrections_effect;
    lead_lines.push(if e.applied == 0 {
        c.t("yr.s_no_corrections").into()
    } else {
        c.t("yr.s_corrections")
            .replace("{n}", &c.f.uint(e.applied))
            .replace(
                "{t}",
                &format!(
                    "{}\u{a0}h",
                    c.f.hmm_up(e.unavailable_seconds_removed * 1000)
                ),
            )
            .replace("{o}", &c.f.int(e.outages_removed))
    });
    let (verdict, verdict_status) = if a.year_targets.iter().any(|t| t.met == Some(false)) {
        (c.t("yr.verdict_missed").to_string(), Status::NotMet)
    } else if a.year_targets.iter().all(|t| t.met == Some(true)) {
        (c.t("yr.verdict_held").to_string(), Status::Met)
    } else {
        (c.t("yr.verdict_open").to_string(), Status::Na)
    };
    let mut lead = vec![Block::Heading {
        text: c.t("yr.lead").into(),
    }];
    lead.extend(lead_lines.into_iter().map(para));
    Cover {
        heading: c.t("yr.title").into(),
        lead,
        agreement: agreement.title.clone(),
        period: period.to_string(),
        facts,
        agreed: year,
        summary: missed,
        verdict,
        verdict_status,
        note: c.t("yr.note").into(),
        after: Vec::new(),
    }
}

/// The year column of a page-1 target: the year's own figure where one is defined.
fn year_cell(c: &C, key: &str) -> String {
    let y = &c.a.year_totals;
    match key {
        "availability" => c.pct(y.availability),
        "delivery_precision" => c.pct(y.delivery_precision),
        "perf_within_t90_share" => c.pct(y.perf_within_t90_share),
        "unplanned_outages" | "ytd_unplanned_outages" => c.f.uint(y.unplanned_outages),
        "ytd_unavailable_seconds" => format!("{}\u{a0}h", c.f.hmm_up(y.unavailable_ms)),
        "perf_over_tmax" => c.f.uint(y.perf_over_tmax),
        "incidents_response_breaches" => c.f.uint(y.incidents_response_breaches),
        "incidents_resolution_breaches" => c.f.uint(y.incidents_resolution_breaches),
        "problems_response_breaches" => c.f.uint(y.problems_response_breaches),
        "problems_resolution_breaches" => c.f.uint(y.problems_resolution_breaches),
        "changes_short_notice" => c.f.uint(y.changes_short_notice),
        _ => "–".into(),
    }
}

fn months_section(c: &C) -> Section {
    let a = c.a;
    let no_data = || Cell::status(c.t("no_data"), Status::Na);
    let mut t = Table::new(
        "year-months",
        c.t("yr.months_table")
            .replace("{year}", &a.year.to_string()),
        c.t("none"),
    )
    .col(c.t("yr.measure"), Align::Left, 7)
    .col(c.t("yr.target"), Align::Right, 3);
    for m in 1..=12 {
        t = t.col(c.month(m), Align::Right, 2);
    }
    t = t.col(c.t("yr.year"), Align::Right, 3).compact();
    // The page-1 targets, in the first covered month's order.
    let order: Vec<&TargetStatus> = a
        .months
        .iter()
        .find(|m| m.source == MonthSource::Archive)
        .map(|m| m.targets.iter().collect())
        .unwrap_or_default();
    for ts in order {
        let (target, _) = kpi_texts(c.f, ts, None);
        let mut row = vec![
            Cell::new(kpi_name(c.f, &c.cfg.config, &ts.key)),
            Cell::new(target),
        ];
        for m in &a.months {
            row.push(match m.targets.iter().find(|x| x.key == ts.key) {
                _ if m.source == MonthSource::None => no_data(),
                Some(x) if x.not_measured.is_some() => no_data(),
                Some(x) => {
                    let (_, actual) = kpi_texts(c.f, x, None);
                    let s = status_of(x.met);
                    Cell::status(actual, if s == Status::NotMet { s } else { Status::None })
                }
                None => Cell::new("–"),
            });
        }
        row.push(Cell::new(year_cell(c, &ts.key)).strong());
        t.push(row);
    }
    let mut per = |label: String, val: &dyn Fn(&Period) -> String, year: String| {
        let mut row = vec![Cell::new(label), Cell::new("–")];
        for m in &a.months {
            row.push(match &m.figures {
                Some(p) => Cell::new(val(p)),
                None => no_data(),
            });
        }
        row.push(Cell::new(year).strong());
        t.push(row);
    };
    per(
        c.t("yr.downtime").into(),
        &|p| c.f.hmm_up(p.unavailable_ms),
        c.f.hmm_up(a.year_totals.unavailable_ms),
    );
    per(
        c.t("yr.calls").into(),
        &|p| c.f.uint(p.calls_incoming),
        c.f.uint(a.year_totals.calls_incoming),
    );
    // Quarters and the year.
    let mut q = Table::new("year-quarters", c.t("yr.quarters_table"), c.t("none"))
        .col(c.t("yr.quarter"), Align::Left, 3)
        .col(c.t("yr.open"), Align::Right, 3)
        .col(c.t("yr.downtime"), Align::Right, 3)
        .col(c.t("yr.availability"), Align::Right, 3)
        .col(c.t("yr.outages"), Align::Right, 3)
        .col(c.t("yr.calls"), Align::Right, 3)
        .col(c.t("yr.precision"), Align::Right, 3)
        .col(c.t("yr.t90"), Align::Right, 3);
    let rows = a
        .quarters
        .iter()
        .enumerate()
        .map(|(i, p)| (c.t("yr.q").replace("{n}", &(i + 1).to_string()), p))
        .chain([(c.t("yr.year").to_string(), &a.year_totals)]);
    for (label, p) in rows {
        if p.months.is_empty() {
            let mut row = vec![Cell::new(label)];
            row.extend((0..7).map(|_| no_data()));
            q.push(row);
            continue;
        }
        q.push(vec![
            Cell::new(label),
            Cell::new(c.f.uint((p.open_ms / 3_600_000) as u64)),
            Cell::new(c.f.hmm_up(p.unavailable_ms)),
            Cell::new(c.pct(p.availability)),
            Cell::new(c.f.uint(p.unplanned_outages)),
            Cell::new(c.f.uint(p.calls_incoming)),
            Cell::new(c.pct(p.delivery_precision)),
            Cell::new(c.pct(p.perf_within_t90_share)),
        ]);
    }
    let mut src = Table::new("year-sources", c.t("yr.source"), c.t("none")).compact();
    for m in 1..=12 {
        src = src.col(c.month(m), Align::Center, 2);
    }
    src.push(
        a.months
            .iter()
            .map(|m| {
                Cell::new(c.t(match m.source {
                    MonthSource::Archive => "hist.archive",
                    MonthSource::Inputs => "hist.inputs",
                    MonthSource::None => "hist.none",
                }))
            })
            .collect(),
    );
    section(
        "year-months",
        1,
        c.t("yr.sec_months"),
        vec![
            Block::Table(t),
            Block::Table(q),
            Block::Table(src),
            note(c.t("yr.months_rule")),
        ],
    )
}

fn calendar_section(c: &C) -> Section {
    // Two tables of half a month each: a value fits every cell of an A4 page.
    let halves = [(1u32, 16u32, "a"), (17, 31, "b")];
    let mut blocks = Vec::new();
    for (from, to, part) in halves {
        let caption = format!("{} ({from}–{to})", c.t("yr.calendar_table"));
        let mut t = Table::new(&format!("year-calendar-{part}"), caption, c.t("none"))
            .col(c.t("yr.month"), Align::Left, 3)
            .compact();
        for d in from..=to {
            t = t.col(d.to_string(), Align::Right, 2);
        }
        for m in 1..=12u32 {
            let mut row = vec![Cell::new(c.month(m))];
            for d in from..=to {
                row.push(day_cell(c, m, d));
            }
            t.push(row);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(note(c.t("yr.calendar_rule")));
    section("year-calendar", 2, c.t("yr.sec_calendar"), blocks)
}

/// One day of the calendar: its availability in whole percent (truncated), `·` closed, `–` no
/// data, empty when the month has no such day.
fn day_cell(c: &C, m: u32, d: u32) -> Cell {
    let a = c.a;
    if chrono::NaiveDate::from_ymd_opt(a.year, m, d).is_none() {
        return Cell::new("");
    }
    let date = format!("{}-{m:02}-{d:02}", a.year);
    match a.days.iter().find(|x| x.date == date) {
        None => Cell::status("–", Status::Na),
        Some(x) if x.open_ms == 0 => Cell::new("·"),
        Some(x) => {
            let pct = (x.open_ms - x.unavailable_ms) * 100 / x.open_ms;
            if x.unavailable_ms > 0 {
                Cell::status(pct.to_string(), Status::NotMet).strong()
            } else {
                Cell::new(pct.to_string())
            }
        }
    }
}
