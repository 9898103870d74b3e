//! Tillgänglighet och Pålitlighet (M3): the month's figures, the day-by-day timeline with
//! the outage intervals drawn, the outage table, year-to-date budget gauges (62 h, 4 outages),
//! degraded periods, the evidence behind every unavailable interval, and the reconciliation
//! against incidents.

use chrono::{NaiveDate, Timelike};

use super::{
    against_target, dash, excluded_note, fact, fact_s, heading, interval_text, not_measured_reason,
    note, source_name, start_end_label, target_status, MAX_ROWS,
};
use crate::calendar::{local_datetime, Ms};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    let cfg = &ctx.config.config.availability;
    let mut out = Vec::new();

    let source = match a.source.as_str() {
        "incidents" => ctx.t("src.incidents"),
        "calls" => ctx.t("src.calls"),
        _ => ctx.t("src.union"),
    };
    // Without the call log in the month (when it is a source), the figures are not measured.
    let missing = not_measured_reason(ctx, "availability");
    let shown = |text: String| match &missing {
        Some(why) => format!("{} ({why})", ctx.t("no_data")),
        None => text,
    };
    let h = |s: String| format!("{s}\u{a0}h");
    out.push(Block::Facts {
        rows: vec![
            fact(ctx.t("av.open_time"), h(f.hmm_down(a.open_ms))),
            fact(ctx.t("av.available"), shown(h(f.hmm_down(a.available_ms)))),
            fact(
                ctx.t("av.unavailable"),
                shown(h(f.hmm_up(a.unavailable_ms))),
            ),
            fact(ctx.t("av.degraded"), shown(h(f.hmm_up(a.degraded_ms)))),
            fact_s(
                ctx.t("av.availability"),
                shown(against_target(
                    ctx,
                    f.pct_ratio(a.availability),
                    format!("≥ {}", f.pct_f64(Some(cfg.target))),
                )),
                target_status(ctx, "availability"),
            ),
            fact_s(
                ctx.t("av.outages"),
                shown(against_target(
                    ctx,
                    f.uint(a.unplanned_outages),
                    format!("≤ {}", f.uint(cfg.max_outages_per_month.into())),
                )),
                target_status(ctx, "unplanned_outages"),
            ),
            fact(ctx.t("av.source"), source),
        ],
    });

    out.push(Block::Chart(timeline(ctx)));

    // The outage table.
    let mut t = Table::new("outages", ctx.t("av.outage_table"), ctx.t("av.no_outages"))
        .col(ctx.t("col.no"), Align::Right, 1)
        .col(start_end_label(ctx), Align::Left, 5)
        .col(
            format!("{} {}", ctx.t("col.duration_open"), ctx.t("hmm")),
            Align::Right,
            2,
        )
        .col(ctx.t("col.sources"), Align::Left, 3)
        .col(ctx.t("col.cause"), Align::Left, 5)
        .col(ctx.t("col.action_plan"), Align::Left, 5);
    t.push_capped(
        a.outages.iter().map(|o| {
            let mut refs: Vec<String> = o.incident_ids.clone();
            refs.extend(o.change_ids.iter().cloned());
            let sources: Vec<&str> = o.sources.iter().map(|s| source_name(ctx, *s)).collect();
            let mut src = sources.join(", ");
            if !refs.is_empty() {
                // Every id is in breaches.csv; the cell names the first few.
                src = format!("{src}: {}", super::capped_ids(ctx, &refs));
            }
            vec![
                Cell::new(f.uint(o.outage_no.into())),
                Cell::new(format!(
                    "{} ({}\u{a0}h {})",
                    interval_text(f, o.start, o.end),
                    f.hmm_up(o.wall_ms),
                    ctx.t("av.wall_short")
                )),
                Cell::new(f.hmm_up(o.open_ms)).strong(),
                Cell::new(src),
                Cell::new(dash(&o.cause)),
                Cell::new(dash(&o.action_plan)),
            ]
        }),
        a.outages.len(),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    t.compact = true;
    out.push(Block::Table(t));
    out.push(note(format!(
        "{} {}",
        ctx.t("av.outage_rule"),
        ctx.t("av.merge_rule")
            .replace("{gap}", &f.uint((cfg.merge_gap_seconds / 60).max(0) as u64))
    )));

    // Year to date.
    let y = &a.ytd;
    out.push(heading(&format!("{} {}", ctx.t("av.ytd"), y.year)));
    let downtime_status = target_status(ctx, "ytd_unavailable_seconds");
    let ytd_outage_status = target_status(ctx, "ytd_unplanned_outages");
    let month_outage_status = target_status(ctx, "unplanned_outages");
    out.push(Block::ChartRow {
        charts: vec![
            gauge(
                "gauge-ytd-downtime",
                ctx.t("av.ytd_downtime"),
                y.unavailable_ms as f64 / 3_600_000.0,
                y.budget_ms as f64 / 3_600_000.0,
                format!("{} h", f.hmm_up(y.unavailable_ms)),
                format!("{} h", f.hmm_up(y.budget_ms)),
                downtime_status,
            ),
            gauge(
                "gauge-ytd-outages",
                ctx.t("av.ytd_outages"),
                y.unplanned_outages as f64,
                y.max_outages as f64,
                f.uint(y.unplanned_outages),
                f.uint(y.max_outages),
                ytd_outage_status,
            ),
            gauge(
                "gauge-month-outages",
                &format!("{} ({})", ctx.t("av.outages"), ctx.t("av.this_month")),
                a.unplanned_outages as f64,
                f64::from(cfg.max_outages_per_month),
                f.uint(a.unplanned_outages),
                f.uint(cfg.max_outages_per_month.into()),
                month_outage_status,
            ),
        ],
    });
    let months: Vec<String> = y
        .months_covered
        .iter()
        .map(|m| f.month_name(ctx.metrics.month.year(), *m))
        .collect();
    out.push(Block::Facts {
        rows: vec![
            fact_s(
                ctx.t("av.ytd_downtime"),
                against_target(
                    ctx,
                    format!("{}\u{a0}h", f.hmm_up(y.unavailable_ms)),
                    format!("≤ {}\u{a0}h", f.hmm_up(y.budget_ms)),
                ),
                downtime_status,
            ),
            // Over the budget already: a breach, whatever the months not covered hold.
            fact_s(
                ctx.t("av.budget_left"),
                if y.budget_left_ms < 0 {
                    format!(
                        "{}\u{a0}h {}",
                        f.hmm_down(y.budget_left_ms),
                        ctx.t("status.not_met")
                    )
                } else {
                    format!("{}\u{a0}h", f.hmm_down(y.budget_left_ms))
                },
                if y.budget_left_ms < 0 {
                    Status::NotMet
                } else {
                    Status::None
                },
            ),
            fact_s(
                ctx.t("av.ytd_outages"),
                against_target(
                    ctx,
                    f.uint(y.unplanned_outages),
                    format!("≤ {}", f.uint(y.max_outages)),
                ),
                ytd_outage_status,
            ),
            fact(
                ctx.t("av.months_covered"),
                if months.is_empty() {
                    "–".to_string()
                } else {
                    months.join(", ")
                },
            ),
        ],
    });
    let mut pm = Table::new("ytd-per-month", ctx.t("av.per_month"), ctx.t("none"))
        .col(ctx.t("av.month"), Align::Left, 3)
        .col(
            format!("{} {}", ctx.t("av.unavailable"), ctx.t("hmm")),
            Align::Right,
            2,
        )
        .col(ctx.t("av.outages"), Align::Right, 2)
        .col(ctx.t("av.months_covered"), Align::Center, 2);
    for (m, ms, n) in &y.per_month {
        let covered = y.months_covered.contains(m);
        // A month the inputs do not cover has no figure: never a zero.
        let value = |text: String| {
            if covered {
                Cell::new(text)
            } else {
                Cell::status(ctx.t("no_data"), Status::Na)
            }
        };
        pm.push(vec![
            Cell::new(f.month_name(y.year, *m)),
            value(ms.map_or_else(|| "–".into(), |x| f.hmm_up(x))),
            value(n.map_or_else(|| "–".into(), |x| f.uint(x))),
            Cell::new(ctx.t(if covered { "yes" } else { "no" })),
        ]);
    }
    out.push(Block::Table(pm));
    out.push(note(ctx.t("av.ytd_rule")));
    if !ctx.metrics.trend.earlier_months_covered && ctx.metrics.trend.months.len() > 1 {
        out.push(note(
            ctx.t("tr.no_earlier")
                .replace("{year}", &y.year.to_string())
                .replace(
                    "{month}",
                    &f.month_name(y.year, ctx.metrics.trend.months.len() as u32),
                ),
        ));
    }

    // Degraded periods.
    // One row per period of disturbance, whichever sources saw it.
    out.push(heading(ctx.t("av.degraded_intervals")));
    let with_note = a.degraded_periods.iter().any(|d| !d.excluded_by.is_empty());
    let mut dg = Table::new(
        "degraded",
        ctx.t("av.degraded_intervals"),
        ctx.t("av.no_degraded"),
    )
    .col(start_end_label(ctx), Align::Left, 4)
    .col(
        format!("{} {}", ctx.t("col.duration_wall"), ctx.t("hmm")),
        Align::Right,
        2,
    )
    .col(ctx.t("col.sources"), Align::Left, 2)
    .col(ctx.t("col.reference"), Align::Left, 3)
    .col(ctx.t("col.failed_calls"), Align::Right, 2);
    if with_note {
        dg = dg.col(ctx.t("col.note"), Align::Left, 3);
    }
    for d in &a.degraded_periods {
        let sources: Vec<&str> = d.sources.iter().map(|s| source_name(ctx, *s)).collect();
        let mut row = vec![
            Cell::new(interval_text(f, d.start, d.end)),
            Cell::new(f.hmm_up(d.end - d.start)),
            Cell::new(sources.join(", ")),
            Cell::new(d.references.join(", ")),
            Cell::new(if d.failed_calls > 0 {
                f.uint(d.failed_calls)
            } else {
                "–".into()
            }),
        ];
        if with_note {
            row.push(excluded_note(
                ctx,
                d.start,
                d.end,
                &d.excluded_by,
                d.excluded_ms,
            ));
        }
        dg.push(row);
    }
    out.push(Block::Table(dg));

    // Evidence.
    out.push(heading(ctx.t("av.sources")));
    let with_note = a.intervals.iter().any(|i| !i.excluded_by.is_empty());
    let mut ev = Table::new("unavailable-intervals", ctx.t("av.sources"), ctx.t("none"))
        .col(ctx.t("col.sources"), Align::Left, 2)
        .col(ctx.t("col.reference"), Align::Left, 3)
        .col(start_end_label(ctx), Align::Left, 4)
        .col(
            format!("{} {}", ctx.t("col.duration_wall"), ctx.t("hmm")),
            Align::Right,
            2,
        )
        .col(ctx.t("col.failed_calls"), Align::Right, 2);
    if with_note {
        ev = ev.col(ctx.t("col.note"), Align::Left, 3);
    }
    ev.push_capped(
        a.intervals.iter().map(|i| {
            let mut row = vec![
                Cell::new(source_name(ctx, i.source)),
                Cell::new(i.reference.clone()),
                Cell::new(interval_text(f, i.start, i.end)),
                Cell::new(f.hmm_up(i.end - i.start)),
                Cell::new(if i.failed_calls > 0 {
                    f.uint(i.failed_calls)
                } else {
                    "–".into()
                }),
            ];
            if with_note {
                row.push(excluded_note(
                    ctx,
                    i.start,
                    i.end,
                    &i.excluded_by,
                    i.excluded_ms,
                ));
            }
            row
        }),
        a.intervals.len(),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    ev.compact = true;
    out.push(Block::Table(ev));

    // Silent periods of the call log, listed whenever the month has calls.
    out.extend(super::silence::blocks(ctx));

    // Reconciliation: the table is in the appendix; here only whether there is anything.
    let n = a.reconciliation.len() as u64;
    if n > 0 {
        out.push(note(
            ctx.t("av.reconciliation_ref")
                .replace("{count}", &f.count(n, "discrepancy"))
                .replace(
                    "{appendix}",
                    &format!(
                        "{} {}",
                        ctx.t("doc.appendix").to_lowercase(),
                        crate::report::words::letter("appendix-reconciliation")
                    ),
                ),
        ));
    }
    out
}

fn gauge(
    id: &str,
    label: &str,
    value: f64,
    max: f64,
    value_text: String,
    max_text: String,
    status: Status,
) -> Chart {
    let tone = match status {
        Status::NotMet => Tone::Bad,
        Status::Met => Tone::Good,
        _ => Tone::Neutral,
    };
    let alt = format!("{label}: {value_text} / {max_text}");
    let spec = ChartSpec::Gauge {
        label: label.into(),
        value,
        max,
        value_text,
        max_text,
        tone,
    };
    Chart::new(id, label, alt, spec).width(0.32)
}

/// Hours since local midnight of `day` (24.0 and more for instants on later days).
fn hour_of(ctx: &Ctx<'_>, day: NaiveDate, t: Ms) -> f64 {
    let l = local_datetime(ctx.f.tz, t);
    let days = (l.date() - day).num_days() as f64;
    days * 24.0
        + f64::from(l.hour())
        + f64::from(l.minute()) / 60.0
        + f64::from(l.second()) / 3600.0
}

/// One row per open day: open time, outages (red) and disturbance (orange).
fn timeline(ctx: &Ctx<'_>) -> Chart {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    let mut rows = Vec::new();
    let (mut lo, mut hi) = (24.0_f64, 0.0_f64);
    for d in &a.per_day {
        let day = d.date;
        if d.open_ms <= 0 && d.unavailable_ms <= 0 && d.degraded_ms <= 0 {
            continue;
        }
        let (start, end) = d.span;
        let mut spans = Vec::new();
        for &(s, e) in &d.open_intervals {
            let (s, e) = (hour_of(ctx, day, s), hour_of(ctx, day, e).min(24.0));
            lo = lo.min(s);
            hi = hi.max(e);
            spans.push(Span {
                from_h: s,
                to_h: e,
                tone: Tone::Muted,
            });
        }
        for (s, e, tone) in a.outages.iter().map(|o| (o.start, o.end, Tone::Bad)).chain(
            a.degraded_intervals
                .iter()
                .map(|o| (o.start, o.end, Tone::Warn)),
        ) {
            let (s, e) = (s.max(start), e.min(end));
            if s < e {
                spans.push(Span {
                    from_h: hour_of(ctx, day, s),
                    to_h: hour_of(ctx, day, e).min(24.0),
                    tone,
                });
            }
        }
        let (note, note_tone) = if d.open_ms > 0 {
            let tone = if d.unavailable_ms > 0 {
                Tone::Bad
            } else if d.degraded_ms > 0 {
                Tone::Warn
            } else {
                Tone::Neutral
            };
            // The row's sign says what its colour does: ✗ unavailable time, ! disturbance.
            let sign = match tone {
                Tone::Bad => "✗ ",
                Tone::Warn => "! ",
                _ => "",
            };
            (format!("{sign}{}", f.pct_ratio(d.availability)), tone)
        } else {
            ("–".to_string(), Tone::Neutral)
        };
        rows.push(TimelineRow {
            label: f.date_weekday(day),
            spans,
            note,
            note_tone,
        });
    }
    if lo >= hi {
        (lo, hi) = (8.0, 17.0);
    }
    let spec = ChartSpec::Timeline {
        rows,
        from_h: (lo - 1.0).floor().max(0.0),
        to_h: (hi + 1.0).ceil().min(24.0),
        legend: vec![
            (ctx.t("av.open_time").into(), Tone::Muted),
            (ctx.t("av.unavailable").into(), Tone::Bad),
            (ctx.t("av.degraded").into(), Tone::Warn),
        ],
    };
    Chart::new(
        "availability-timeline",
        ctx.t("av.per_day"),
        ctx.t("av.per_day_alt"),
        spec,
    )
}
