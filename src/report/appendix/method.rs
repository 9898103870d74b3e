//! Appendix A, method: every rule and threshold in force, printed from the config the report
//! was computed with (with its config key, so an auditor can find it), and the fixed readings
//! and the rounding rules, each with its rule number of `docs/method.md`.

use crate::config::{
    AmbiguousPolicy, AvailabilitySource, NonexistentPolicy, PerformanceScope, WeeklyHours,
};
use crate::report::blocks::*;
use crate::report::sections::heading;
use crate::report::Ctx;

/// A setting row: label, value, config key.
fn row(t: &mut Table, label: &str, value: impl Into<String>, key: &str) {
    t.push(vec![
        Cell::new(label),
        Cell::new(value),
        Cell::new(key).mono(),
    ]);
}

fn settings(ctx: &Ctx<'_>, id: &str, caption: &str) -> Table {
    Table::new(id, caption, ctx.t("none"))
        .col(ctx.t("col.setting"), Align::Left, 4)
        .col(ctx.t("col.value"), Align::Left, 5)
        .col(ctx.t("me.key"), Align::Left, 5)
        .compact()
}

/// `mån–fre 08:00–17:00; lör–sön stängt`: weekdays with equal hours grouped.
pub(crate) fn weekly(ctx: &Ctx<'_>, w: &WeeklyHours) -> String {
    let names: Vec<&str> = ctx.t("me.weekdays").split(' ').collect();
    let day = |i: usize| -> String {
        let list = w.day(i);
        if list.is_empty() {
            ctx.t("me.closed").to_string()
        } else {
            list.iter()
                .map(|s| s.replace('-', "–"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut parts = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && w.day(j + 1) == w.day(i) {
            j += 1;
        }
        let n = |k: usize| names.get(k).copied().unwrap_or("?");
        let span = if j == i {
            n(i).to_string()
        } else {
            format!("{}–{}", n(i), n(j))
        };
        parts.push(format!("{span} {}", day(i)));
        i = j + 1;
    }
    parts.join("; ")
}

/// A provider-hours key (`transportstyrelsen`) as its name, with the provider code when the
/// config names the provider: "TS – Transportstyrelsen".
fn provider_title(ctx: &Ctx<'_>, key: &str) -> String {
    let c = &ctx.config.config;
    match c
        .providers
        .iter()
        .find(|(code, name)| name.eq_ignore_ascii_case(key) || code.eq_ignore_ascii_case(key))
    {
        Some((code, _)) => c.provider_label(code),
        None => {
            let mut chars = key.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let c = &ctx.config.config;
    let secs = |s: i64| f.length(s.saturating_mul(1000));
    let mut out = vec![Block::Paragraph {
        text: ctx.t("me.intro").into(),
    }];

    // Calendar.
    let cal = &c.calendar;
    let mut t = settings(ctx, "method-calendar", ctx.t("me.calendar"));
    row(
        &mut t,
        ctx.t("me.timezone"),
        cal.timezone.name().to_string(),
        "calendar.timezone",
    );
    row(
        &mut t,
        ctx.t("me.holidays"),
        if cal.holidays == crate::config::HolidaySet::Se {
            ctx.t("me.holidays_se")
        } else {
            ctx.t("me.holidays_none")
        },
        "calendar.holidays",
    );
    row(
        &mut t,
        ctx.t("me.closed_eves"),
        if cal.closed_eves.is_empty() {
            ctx.t("me.no_eves").to_string()
        } else {
            cal.closed_eves.join(", ")
        },
        "calendar.closed_eves",
    );
    row(
        &mut t,
        ctx.t("me.opening"),
        weekly(ctx, &cal.opening_hours),
        "calendar.opening_hours",
    );
    row(
        &mut t,
        ctx.t("me.support"),
        weekly(ctx, &cal.support_hours),
        "calendar.support_hours",
    );
    for (name, w) in &cal.providers {
        row(
            &mut t,
            &format!(
                "{} {}",
                ctx.t("me.provider_hours"),
                provider_title(ctx, name)
            ),
            weekly(ctx, w),
            &format!("calendar.providers.{name}"),
        );
    }
    for (key, list) in [
        ("extra_closed", &cal.extra_closed),
        ("extra_open", &cal.extra_open),
    ] {
        let text = if list.is_empty() {
            ctx.t("none").to_string()
        } else {
            list.iter()
                .map(|p| {
                    let mut s = format!(
                        "{} – {}",
                        p.start.replace('T', " "),
                        p.end.replace('T', " ")
                    );
                    if !p.reason.is_empty() {
                        s.push_str(&format!(" ({})", p.reason));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        row(
            &mut t,
            ctx.t(&format!("me.{key}")),
            text,
            &format!("calendar.{key}"),
        );
    }
    row(
        &mut t,
        ctx.t("me.working_day"),
        secs(cal.working_day_seconds).to_string(),
        "calendar.working_day_seconds",
    );
    row(
        &mut t,
        ctx.t("me.nonexistent"),
        match cal.nonexistent {
            NonexistentPolicy::ShiftForward => ctx.t("me.shift_forward"),
            NonexistentPolicy::Reject => ctx.t("me.reject"),
        },
        "calendar.nonexistent",
    );
    row(
        &mut t,
        ctx.t("me.ambiguous"),
        match cal.ambiguous {
            AmbiguousPolicy::Earliest => ctx.t("me.earliest"),
            AmbiguousPolicy::Reject => ctx.t("me.reject"),
        },
        "calendar.ambiguous",
    );
    out.push(Block::Table(t));
    // The calendar's rules in words, for the report's year (holiday law, DST, eves).
    let year = ctx.metrics.month.year();
    // Hours and dated exceptions are in the table above already; the units are stated in the
    // report's words under the ticket targets (me.units).
    let in_table = [
        "weekly_hours",
        "provider_hours",
        "dated_exceptions",
        "units",
    ];
    for note in ctx
        .cals
        .rule_notes(year..=year)
        .into_iter()
        .filter(|n| !in_table.contains(&n.key))
    {
        out.push(Block::Paragraph {
            text: match ctx.f.lang {
                crate::report::Lang::Sv => note.sv,
                crate::report::Lang::En => note.en,
            },
        });
    }

    // Availability.
    let a = &c.availability;
    let mut t = settings(ctx, "method-availability", ctx.t("sec.availability"));
    row(
        &mut t,
        ctx.t("av.source"),
        match a.source {
            AvailabilitySource::Incidents => ctx.t("src.incidents"),
            AvailabilitySource::Calls => ctx.t("src.calls"),
            AvailabilitySource::Union => ctx.t("src.union"),
        },
        "availability.source",
    );
    row(
        &mut t,
        ctx.t("me.av_target"),
        format!("≥ {}", f.pct_f64(Some(a.target))),
        "availability.target",
    );
    row(
        &mut t,
        ctx.t("me.min_outage"),
        secs(a.min_outage_seconds).to_string(),
        "availability.min_outage_seconds",
    );
    row(
        &mut t,
        ctx.t("me.min_failed"),
        f.uint(a.min_failed_calls.into()),
        "availability.min_failed_calls",
    );
    row(
        &mut t,
        ctx.t("me.merge_gap"),
        secs(a.merge_gap_seconds).to_string(),
        "availability.merge_gap_seconds",
    );
    row(
        &mut t,
        ctx.t("me.max_month"),
        format!("≤ {}", f.uint(a.max_outages_per_month.into())),
        "availability.max_outages_per_month",
    );
    row(
        &mut t,
        ctx.t("me.max_year"),
        format!("≤ {}", f.uint(a.max_outages_per_year.into())),
        "availability.max_outages_per_year",
    );
    row(
        &mut t,
        ctx.t("me.max_downtime"),
        format!("≤ {}", secs(a.max_downtime_per_year_seconds)),
        "availability.max_downtime_per_year_seconds",
    );
    row(
        &mut t,
        ctx.t("me.silence"),
        match a.silence {
            crate::config::SilenceMode::Report => ctx.t("me.silence_report"),
            crate::config::SilenceMode::Unavailable => ctx.t("me.silence_unavailable"),
        },
        "availability.silence",
    );
    row(
        &mut t,
        ctx.t("me.silence_min"),
        secs(a.silence_min_seconds).to_string(),
        "availability.silence_min_seconds",
    );
    row(
        &mut t,
        ctx.t("me.silence_expected"),
        format!("≥ {}", f.uint(a.silence_expected_calls.into())),
        "availability.silence_expected_calls",
    );
    out.push(Block::Table(t));
    out.push(Block::Paragraph {
        text: crate::report::sections::silence::rule_text(ctx),
    });

    // Performance, precision, capacity, changes.
    let p = &c.performance;
    let mut t = settings(ctx, "method-performance", ctx.t("me.perf_quality"));
    row(
        &mut t,
        ctx.t("me.scope"),
        match p.scope {
            PerformanceScope::OpenHours => ctx.t("me.scope_open"),
            PerformanceScope::All => ctx.t("me.scope_all"),
        },
        "performance.scope",
    );
    row(
        &mut t,
        "T90(1)",
        f.secs_limit(p.t90_base_ms),
        "performance.t90_base_ms",
    );
    row(
        &mut t,
        "Tmax(1)",
        f.secs_limit(p.tmax_base_ms),
        "performance.tmax_base_ms",
    );
    row(
        &mut t,
        ctx.t("me.per_extra"),
        f.secs_limit(p.per_extra_person_ms),
        "performance.per_extra_person_ms",
    );
    row(
        &mut t,
        ctx.t("me.max_persons"),
        f.uint(p.max_persons.into()),
        "performance.max_persons",
    );
    row(
        &mut t,
        ctx.t("me.within_target"),
        format!("≥ {}", f.pct_f64(Some(p.target_within_t90))),
        "performance.target_within_t90",
    );
    row(
        &mut t,
        ctx.t("me.over_target"),
        format!("≤ {}", f.uint(p.target_over_tmax)),
        "performance.target_over_tmax",
    );
    row(
        &mut t,
        ctx.t("kpi.delivery_precision"),
        format!("≥ {}", f.pct_f64(Some(c.precision.target))),
        "precision.target",
    );
    row(
        &mut t,
        ctx.t("ca.municipalities"),
        f.uint(c.capacity.municipalities.into()),
        "capacity.municipalities",
    );
    row(
        &mut t,
        ctx.t("kpi.peak_calls_per_second"),
        format!("≤ {}", f.uint(c.capacity.max_calls_per_second.into())),
        "capacity.max_calls_per_second",
    );
    row(
        &mut t,
        ctx.t("kpi.peak_calls_per_minute"),
        format!("≤ {}", f.uint(c.capacity.max_calls_per_minute.into())),
        "capacity.max_calls_per_minute",
    );
    row(
        &mut t,
        ctx.t("me.notice"),
        format!(
            "{} {}",
            f.uint(c.changes.notice_days.into()),
            ctx.t("me.days")
        ),
        "changes.notice_days",
    );
    out.push(Block::Table(t));

    // Ticket targets.
    let mut t = Table::new(
        "method-ticket-targets",
        ctx.t("me.ticket_targets"),
        ctx.t("none"),
    )
    .col(ctx.t("col.priority"), Align::Left, 3)
    .col(
        format!("{} – {}", ctx.t("sec.incidents"), ctx.t("tk.response")),
        Align::Right,
        3,
    )
    .col(
        format!("{} – {}", ctx.t("sec.incidents"), ctx.t("tk.resolution")),
        Align::Right,
        3,
    )
    .col(
        format!("{} – {}", ctx.t("sec.problems"), ctx.t("tk.response")),
        Align::Right,
        3,
    )
    .col(
        format!("{} – {}", ctx.t("sec.problems"), ctx.t("tk.resolution")),
        Align::Right,
        3,
    )
    .compact();
    for p in 1..=4u8 {
        let i = c.tickets.incident_targets(p);
        let q = c.tickets.problem_targets(p);
        let tx = |x: Option<&crate::config::Target>| x.map_or("–".into(), |x| f.target(x));
        t.push(vec![
            Cell::new(crate::report::sections::priority_name(ctx, Some(p))),
            Cell::new(tx(i.map(|x| &x.response))),
            Cell::new(tx(i.map(|x| &x.resolution))),
            Cell::new(tx(q.map(|x| &x.response))),
            Cell::new(tx(q.map(|x| &x.resolution))),
        ]);
    }
    out.push(Block::Table(t));
    out.push(Block::Facts {
        rows: vec![crate::report::sections::fact(
            ctx.t("me.order_target"),
            c.tickets
                .order
                .lead_time
                .as_ref()
                .map_or_else(|| ctx.t("or.no_target").to_string(), |t| f.target(t)),
        )],
    });
    out.push(crate::report::sections::note(ctx.t("me.units")));

    // The input's codes in the report's words: call results and provider codes.
    let mut t = Table::new("method-results", ctx.t("me.results"), ctx.t("none"))
        .col(ctx.t("me.code"), Align::Left, 3)
        .col(ctx.t("me.term"), Align::Left, 9)
        .compact();
    for r in crate::inputs::CallResult::ALL {
        t.push(vec![
            Cell::new(r.as_str()).mono(),
            Cell::new(crate::report::i18n::result_name(f.lang, r.as_str())),
        ]);
    }
    out.push(Block::Table(t));
    let mut t = Table::new("method-providers", ctx.t("me.providers"), ctx.t("none"))
        .col(ctx.t("me.provider_code"), Align::Left, 3)
        .col(ctx.t("me.provider_name"), Align::Left, 9)
        .compact();
    for (code, name) in &c.providers {
        t.push(vec![
            Cell::new(code.clone()).mono(),
            Cell::new(name.clone()),
        ]);
    }
    out.push(Block::Table(t));

    // Fixed readings and rounding.
    out.push(heading(ctx.t("me.readings")));
    let mut t = Table::new("method-readings", ctx.t("me.readings"), ctx.t("none"))
        .col(ctx.t("col.no"), Align::Right, 1)
        .col(ctx.t("col.rule"), Align::Left, 14)
        .compact();
    for (i, key) in [
        "rd.half_open",
        "rd.millis",
        "rd.month",
        "rd.dst",
        "rd.calendar_day",
        "rd.timestamps",
        "rd.blank_lines",
        "rd.duplicates",
        "rd.rejects",
        "rd.answered_without_time",
        "rd.call_runs",
        "rd.merge_gap",
        "rd.spanning",
        "rd.ongoing",
        "rd.planned",
        "rd.degraded",
        "rd.within",
        "rd.invalid_persons",
        "rd.percentiles",
        "rd.peaks",
        "rd.ticket_month",
        "rd.no_response",
        "rd.open_at_end",
        "rd.order_lead",
        "rd.change_month",
        "rd.null",
        "rd.rounding",
        "rd.coverage",
        "rd.absent",
        "rd.report_date",
    ]
    .iter()
    .enumerate()
    {
        let number = rule_number(key).map_or_else(|| format!("{}", i + 1), str::to_string);
        t.push(vec![Cell::new(number), Cell::new(ctx.t(key))]);
    }
    out.push(Block::Table(t));
    out.push(crate::report::sections::note(ctx.t("me.rule_numbers")));
    out
}

/// The rule of the tool's method description (`docs/method.md`) that a fixed reading states,
/// printed in place of a running number so that a reader can look the rule up.
fn rule_number(reading: &str) -> Option<&'static str> {
    Some(match reading {
        "rd.half_open" | "rd.dst" => "M1.7",
        "rd.millis" => "M1.3",
        "rd.month" => "M1.6",
        "rd.calendar_day" => "M1.14",
        "rd.timestamps" => "M1.2",
        "rd.blank_lines" => "M2.8",
        "rd.duplicates" => "M2.9",
        "rd.rejects" => "M2.10",
        "rd.answered_without_time" => "M4.7",
        "rd.call_runs" => "M3.3",
        "rd.merge_gap" => "M3.9",
        "rd.spanning" => "M3.10",
        "rd.ongoing" => "M3.5",
        "rd.planned" => "M3.4, M3.6",
        "rd.degraded" => "M3.11",
        "rd.within" => "M1.15",
        "rd.invalid_persons" => "M4.6",
        "rd.percentiles" => "M4.8",
        "rd.peaks" => "M6.2",
        "rd.ticket_month" => "M7.1",
        "rd.no_response" => "M7.3, M11.3",
        "rd.open_at_end" => "M7.4",
        "rd.order_lead" => "M7.6",
        "rd.change_month" => "M8.1, M8.2",
        "rd.null" => "M10.4",
        "rd.rounding" => "M10.1, M10.2",
        "rd.coverage" => "M11.6",
        "rd.absent" => "M11.1, M11.2, M11.4, M11.5, M12.2",
        "rd.report_date" => "M9.4",
        _ => return None,
    })
}
