//! Prestanda (M4): the share of calls answered within T90(n) and the calls over Tmax(n),
//! the response-time distribution with the one-person limits, the daily share within each call's
//! own T90(n) against the target, and the table per person count with its own thresholds; the
//! slowest calls over Tmax as evidence.

use super::{
    day_label, decimal_comma, fact, fact_s, heading, not_measured_reason, note, percent_axis_floor,
    percents, target_status, MAX_ROWS,
};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let p = &ctx.metrics.performance;
    let cfg = &ctx.config.config.performance;
    let t90 = f.secs_limit(cfg.t90_base_ms);
    let tmax = f.secs_limit(cfg.tmax_base_ms);
    let extra = f.secs_limit(cfg.per_extra_person_ms);
    // Without calls in the month (or in scope) the figures are not measured, not zero.
    let missing = not_measured_reason(ctx, "perf_over_tmax");
    let shown = |text: String| match missing {
        Some(why) => format!("{} ({why})", ctx.t("no_data")),
        None => text,
    };
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("pf.calls"), f.uint(p.calls)),
            fact_s(
                &ctx.t("pf.within")
                    .replace("{t}", &t90)
                    .replace("{extra}", &extra),
                shown(format!(
                    "{} ({} ≥ {})",
                    f.pct_ratio(p.share_within_t90),
                    ctx.t("col.target").to_lowercase(),
                    f.pct_f64(Some(cfg.target_within_t90))
                )),
                target_status(ctx, "perf_within_t90_share"),
            ),
            fact_s(
                &ctx.t("pf.over")
                    .replace("{t}", &tmax)
                    .replace("{extra}", &extra),
                shown(format!(
                    "{} ({} ≤ {})",
                    f.uint(p.over_tmax),
                    ctx.t("col.target").to_lowercase(),
                    f.uint(cfg.target_over_tmax)
                )),
                target_status(ctx, "perf_over_tmax"),
            ),
            fact(
                "p50 / p90 / p95 / p99 / max",
                [
                    p.percentiles.p50,
                    p.percentiles.p90,
                    p.percentiles.p95,
                    p.percentiles.p99,
                    p.percentiles.max,
                ]
                .iter()
                .map(|x| f.secs_ms(*x))
                .collect::<Vec<_>>()
                .join(" / "),
            ),
            fact(
                &ctx.t("pf.invalid")
                    .replace("{n}", &f.uint(cfg.max_persons.into())),
                f.uint(p.invalid_persons),
            ),
            fact(ctx.t("pf.without_time"), f.uint(p.answered_without_time)),
        ],
    }];

    out.push(Block::Chart(distribution(ctx)));
    out.push(Block::Chart(daily_within_t90(ctx)));

    // Per person count.
    let mut t = Table::new(
        "performance-per-persons",
        ctx.t("pf.per_persons"),
        ctx.t("none"),
    )
    .col(ctx.t("pf.persons"), Align::Right, 2)
    .col("T90", Align::Right, 2)
    .col("Tmax", Align::Right, 2)
    .col(ctx.t("col.calls"), Align::Right, 3)
    .col(ctx.t("pf.within_short"), Align::Right, 3)
    .col(ctx.t("pf.over_short"), Align::Right, 2)
    .col("p50", Align::Right, 2)
    .col("p90", Align::Right, 2)
    .col("p95", Align::Right, 2)
    .col("p99", Align::Right, 2)
    .col("max", Align::Right, 2);
    for r in &p.per_persons {
        let share_status = match r.share_within_t90.value() {
            Some(v) if v < cfg.target_within_t90 => Status::NotMet,
            _ => Status::None,
        };
        t.push(vec![
            Cell::new(f.uint(r.persons.into())),
            Cell::new(f.secs_limit(r.t90_ms)),
            Cell::new(f.secs_limit(r.tmax_ms)),
            Cell::new(f.uint(r.calls)),
            Cell::status(f.pct_ratio(r.share_within_t90), share_status),
            Cell::status(
                f.uint(r.over_tmax),
                if r.over_tmax > cfg.target_over_tmax {
                    Status::NotMet
                } else {
                    Status::None
                },
            ),
            Cell::new(f.secs_ms(r.percentiles.p50)),
            Cell::new(f.secs_ms(r.percentiles.p90)),
            Cell::new(f.secs_ms(r.percentiles.p95)),
            Cell::new(f.secs_ms(r.percentiles.p99)),
            Cell::new(f.secs_ms(r.percentiles.max)),
        ]);
    }
    out.push(Block::Table(t));
    out.push(note(
        ctx.t("pf.rule")
            .replace("{t90}", &t90)
            .replace("{tmax}", &tmax)
            .replace("{extra}", &extra)
            .replace("{n}", &f.uint(cfg.max_persons.into())),
    ));

    // Per day.
    out.push(heading(ctx.t("pf.per_day")));
    let mut d = Table::new("performance-per-day", ctx.t("pf.per_day"), ctx.t("none"))
        .col(ctx.t("col.date"), Align::Left, 3)
        .col(ctx.t("col.calls"), Align::Right, 2)
        .col(ctx.t("pf.within_short"), Align::Right, 2)
        .col(ctx.t("pf.over_short"), Align::Right, 2)
        .col("p50", Align::Right, 2)
        .col("p90", Align::Right, 2)
        .col("p95", Align::Right, 2)
        .col("p99", Align::Right, 2)
        .col("max", Align::Right, 2)
        .compact();
    // Days without a call in scope (weekends, holidays) would be rows of dashes.
    for day in p.per_day.iter().filter(|d| d.calls > 0) {
        let status = match day.share_within_t90.value() {
            Some(v) if v < cfg.target_within_t90 => Status::NotMet,
            _ => Status::None,
        };
        d.push(vec![
            Cell::new(f.date_weekday(day.date)),
            Cell::new(f.uint(day.calls)),
            Cell::status(f.pct_ratio(day.share_within_t90), status),
            Cell::status(
                f.uint(day.over_tmax),
                if day.over_tmax > 0 {
                    Status::NotMet
                } else {
                    Status::None
                },
            ),
            Cell::new(f.secs_ms(day.percentiles.p50)),
            Cell::new(f.secs_ms(day.percentiles.p90)),
            Cell::new(f.secs_ms(day.percentiles.p95)),
            Cell::new(f.secs_ms(day.percentiles.p99)),
            Cell::new(f.secs_ms(day.percentiles.max)),
        ]);
    }
    out.push(Block::Table(d));

    // Evidence: the slowest calls over Tmax.
    out.push(heading(ctx.t("pf.slow")));
    let mut s = Table::new(
        "performance-over-tmax",
        ctx.t("pf.slow"),
        ctx.t("pf.no_slow"),
    )
    .col(ctx.t("pf.call_id"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("pf.received"), Align::Left, 3)
    .col(ctx.t("pf.persons"), Align::Right, 2)
    .col(ctx.t("pf.response_time"), Align::Right, 2)
    .col("Tmax", Align::Right, 2)
    .compact();
    for c in p.over_tmax_calls.iter().take(MAX_ROWS) {
        s.push(vec![
            Cell::new(c.call_id.clone()),
            Cell::new(f.local_secs(c.received_at)),
            Cell::new(f.uint(c.persons.into())),
            Cell::status(f.secs_ms(Some(c.response_ms)), Status::NotMet),
            Cell::new(f.secs_limit(c.tmax_ms)),
        ]);
    }
    if p.over_tmax_calls.len() > MAX_ROWS || (p.over_tmax_calls.len() as u64) < p.over_tmax {
        s.truncated_note = ctx.t("truncated").into();
    }
    out.push(Block::Table(s));
    out
}

/// The response-time histogram, buckets filled by the one-person thresholds, with the 7 s and
/// 12 s lines drawn and labelled and the count of every short bar written above it.
fn distribution(ctx: &Ctx<'_>) -> Chart {
    let f = ctx.f;
    let p = &ctx.metrics.performance;
    let cfg = &ctx.config.config.performance;
    let mut labels = Vec::new();
    let (mut fast, mut mid, mut slow) = (Vec::new(), Vec::new(), Vec::new());
    let mut markers = Vec::new();
    let mut lower = 0_i64;
    for (i, &(upper, n)) in p.histogram.iter().enumerate() {
        // A limit on a bucket boundary gets its line there.
        for (limit, name) in [(cfg.t90_base_ms, "T90(1)"), (cfg.tmax_base_ms, "Tmax(1)")] {
            if upper == limit {
                markers.push(Marker {
                    at: (i + 1) as f64,
                    label: format!("{name} = {}", f.secs_limit(limit)),
                });
            }
        }
        let label = if upper == i64::MAX {
            format!("≥ {}", secs_plain(f, lower))
        } else {
            format!("{}–{}", secs_plain(f, lower), secs_plain(f, upper))
        };
        labels.push(label);
        let v = n as f64;
        let (a, b, c) = if upper != i64::MAX && upper <= cfg.t90_base_ms {
            (v, 0.0, 0.0)
        } else if upper != i64::MAX && upper <= cfg.tmax_base_ms {
            (0.0, v, 0.0)
        } else {
            (0.0, 0.0, v)
        };
        fast.push(a);
        mid.push(b);
        slow.push(c);
        lower = upper;
    }
    let t90 = f.secs_limit(cfg.t90_base_ms);
    let tmax = f.secs_limit(cfg.tmax_base_ms);
    Chart {
        id: "performance-distribution".into(),
        title: ctx.t("pf.distribution").into(),
        alt: ctx.t("pf.distribution_alt").into(),
        width: 1.0,
        spec: ChartSpec::Bars {
            x_labels: labels,
            series: vec![
                Series {
                    name: format!("≤ {t90}"),
                    tone: Tone::Good,
                    values: fast,
                },
                Series {
                    name: format!("{t90} – {tmax}"),
                    tone: Tone::Warn,
                    values: mid,
                },
                Series {
                    name: format!("> {tmax}"),
                    tone: Tone::Bad,
                    values: slow,
                },
            ],
            y_label: ctx.t("col.calls").into(),
            y_max: None,
            reference: None,
            markers,
            value_labels: true,
            label_every: 1,
            decimal_comma: decimal_comma(ctx),
        },
    }
}

/// Seconds without unit for axis labels: `7`, `7,5`.
fn secs_plain(f: crate::report::format::Fmt, ms: i64) -> String {
    let s = f.secs_ms(Some(ms));
    let s = s.trim_end_matches("\u{a0}s").to_string();
    let sep = if f.lang == crate::report::Lang::Sv {
        ",0"
    } else {
        ".0"
    };
    s.strip_suffix(sep).map_or(s.clone(), str::to_string)
}

/// The share of each day's calls answered within their own limit T90(n) against the target
/// (M4 KPI 1 per day, the "Inom T90" column of the table per day). A p90 per day would
/// mix calls of 1–10 persons, whose limits run from 7 to 20.5 s, against a single 7 s line.
fn daily_within_t90(ctx: &Ctx<'_>) -> Chart {
    let p = &ctx.metrics.performance;
    let cfg = &ctx.config.config.performance;
    let target = cfg.target_within_t90 * 100.0;
    let values = percents(p.per_day.iter().map(|d| d.share_within_t90));
    let y_min = percent_axis_floor(&values, target);
    Chart {
        id: "performance-daily-within-t90".into(),
        title: ctx.t("pf.daily_share").into(),
        alt: ctx.t("pf.daily_share_alt").into(),
        width: 1.0,
        spec: ChartSpec::Lines {
            x_labels: p.per_day.iter().map(|d| day_label(d.date)).collect(),
            series: vec![Series {
                name: ctx.t("pf.share_within").into(),
                tone: Tone::Neutral,
                values,
            }],
            y_label: "%".into(),
            y_min,
            y_max: Some(100.0),
            reference: Some(RefLine {
                value: target,
                label: format!(
                    "{} {}",
                    ctx.t("col.target"),
                    ctx.f.pct_f64(Some(cfg.target_within_t90))
                ),
            }),
            label_every: 1,
            decimal_comma: decimal_comma(ctx),
        },
    }
}
