//! Prestanda (M4): the share of calls answered within T90(n) and the calls over Tmax(n),
//! the response-time distribution with the one-person limits, the daily share within each call's
//! own T90(n) against the target, and the table per person count with its own thresholds; the
//! slowest calls over Tmax as evidence.

use super::{
    against_target, fact, fact_s, heading, not_measured_reason, note, percent_per_day,
    target_status, MAX_ROWS,
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
    let shown = |text: String| match &missing {
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
                shown(against_target(
                    ctx,
                    f.pct_ratio(p.share_within_t90),
                    format!("≥ {}", f.pct_f64(Some(cfg.target_within_t90))),
                )),
                target_status(ctx, "perf_within_t90_share"),
            ),
            fact_s(
                &ctx.t("pf.over")
                    .replace("{t}", &tmax)
                    .replace("{extra}", &extra),
                shown(against_target(
                    ctx,
                    f.uint(p.over_tmax),
                    format!("≤ {}", f.uint(cfg.target_over_tmax)),
                )),
                target_status(ctx, "perf_over_tmax"),
            ),
            fact(
                ctx.t("pf.percentiles"),
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
                    .replace("{n}", &f.uint(cfg.max_persons.into()))
                    .replace("{scope}", scope_words(ctx)),
                f.uint(p.invalid_persons),
            ),
            fact(
                &ctx.t("pf.without_time")
                    .replace("{scope}", scope_words(ctx)),
                f.uint(p.answered_without_time),
            ),
        ],
    }];
    // The terms, where they are first used.
    out.push(note(
        ctx.t("pf.terms")
            .replace("{t90}", &t90)
            .replace("{tmax}", &tmax)
            .replace("{extra}", &extra)
            .replace("{scope}", scope_words(ctx)),
    ));

    out.push(Block::Chart(distribution(ctx, false)));
    out.push(Block::Chart(distribution(ctx, true)));
    out.push(Block::Table(distribution_table(ctx)));
    out.push(note(ctx.t("pf.distribution_note")));
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
    s.push_capped(
        p.over_tmax_calls.iter().map(|c| {
            vec![
                Cell::new(c.call_id.clone()),
                Cell::new(f.local_secs(c.received_at)),
                Cell::new(f.uint(c.persons.into())),
                Cell::status(f.secs_ms(Some(c.response_ms)), Status::NotMet),
                Cell::new(f.secs_limit(c.tmax_ms)),
            ]
        }),
        p.over_tmax_calls.len().max(p.over_tmax as usize),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    out.push(Block::Table(s));
    out
}

/// The response-time histogram: every bucket split by each call's own limits (within T90(n),
/// between T90(n) and Tmax(n), over Tmax(n)), so its red part adds up to the over-Tmax count
/// and its green part to the calls within T90. The one-person limits are drawn as lines for
/// orientation. `from` is the first bucket shown: the tail chart starts at T90(1), drawn on its
/// own scale so that its few calls are visible next to the thousands of fast ones.
fn distribution(ctx: &Ctx<'_>, tail: bool) -> Chart {
    let f = ctx.f;
    let p = &ctx.metrics.performance;
    let cfg = &ctx.config.config.performance;
    let mut labels = Vec::new();
    let (mut fast, mut mid, mut slow) = (Vec::new(), Vec::new(), Vec::new());
    let mut markers = Vec::new();
    let mut lower = 0_i64;
    for b in &p.histogram_by_limit {
        let upper = b.upper_ms.unwrap_or(i64::MAX);
        let shown = !tail || lower >= cfg.t90_base_ms;
        if shown {
            let i = labels.len();
            // A limit on a bucket boundary gets its line there.
            for (limit, name) in [(cfg.t90_base_ms, "T90(1)"), (cfg.tmax_base_ms, "Tmax(1)")] {
                if upper == limit {
                    markers.push(Marker {
                        at: (i + 1) as f64,
                        label: format!("{name} = {}", f.secs_limit(limit)),
                    });
                }
            }
            labels.push(bucket_label(f, lower, b.upper_ms));
            fast.push(b.within_t90 as f64);
            mid.push(b.between as f64);
            slow.push(b.over_tmax as f64);
        }
        lower = upper;
    }
    let (id, title, alt) = if tail {
        (
            "performance-distribution-tail",
            ctx.t("pf.distribution_tail"),
            ctx.t("pf.distribution_tail_alt"),
        )
    } else {
        (
            "performance-distribution",
            ctx.t("pf.distribution"),
            ctx.t("pf.distribution_alt"),
        )
    };
    let series = vec![
        Series::new(ctx.t("pf.series_within"), Tone::Good, fast),
        Series::new(ctx.t("pf.series_between"), Tone::Warn, mid),
        Series::new(ctx.t("pf.series_over"), Tone::Bad, slow),
    ];
    Chart::bars(id, title, alt, labels, series, ctx.t("col.calls"), f.lang)
        .markers(markers)
        .value_labels()
}

/// `6–7`, `> 30`: a bucket's bounds in seconds. A bucket holds its upper bound and not its
/// lower one (`6–7` is over 6 s up to and including 7 s), as within T90(n) holds T90(n) (M4.4);
/// the chart's title and the note under the table say so in words.
fn bucket_label(f: crate::report::format::Fmt, lower: i64, upper: Option<i64>) -> String {
    match upper {
        None => format!("> {}", secs_plain(f, lower)),
        Some(u) => format!("{}–{}", secs_plain(f, lower), secs_plain(f, u)),
    }
}

/// The histogram's numbers: one row per non-empty bucket and a total row, which equals the
/// calls measured, the calls within T90(n) and the calls over Tmax(n) above.
fn distribution_table(ctx: &Ctx<'_>) -> Table {
    let f = ctx.f;
    let p = &ctx.metrics.performance;
    let mut t = Table::new(
        "performance-distribution-data",
        ctx.t("pf.distribution_data"),
        ctx.t("none"),
    )
    .col(ctx.t("pf.bucket"), Align::Left, 2)
    .col(ctx.t("pf.series_within"), Align::Right, 2)
    .col(ctx.t("pf.series_between"), Align::Right, 2)
    .col(ctx.t("pf.series_over"), Align::Right, 2)
    .col(ctx.t("col.total"), Align::Right, 2)
    .compact();
    let mut lower = 0_i64;
    let (mut w, mut m, mut o) = (0u64, 0u64, 0u64);
    for b in &p.histogram_by_limit {
        let total = b.within_t90 + b.between + b.over_tmax;
        if total > 0 {
            t.push(vec![
                Cell::new(bucket_label(f, lower, b.upper_ms)),
                Cell::new(f.uint(b.within_t90)),
                Cell::new(f.uint(b.between)),
                Cell::new(f.uint(b.over_tmax)),
                Cell::new(f.uint(total)),
            ]);
        }
        w += b.within_t90;
        m += b.between;
        o += b.over_tmax;
        lower = b.upper_ms.unwrap_or(i64::MAX);
    }
    if !t.rows.is_empty() {
        t.push(vec![
            Cell::new(ctx.t("col.total")).strong(),
            Cell::new(f.uint(w)).strong(),
            Cell::new(f.uint(m)).strong(),
            Cell::new(f.uint(o)).strong(),
            Cell::new(f.uint(w + m + o)).strong(),
        ]);
    }
    t
}

/// The performance scope's time of day in words, for every count that follows it: "inom
/// öppettid" (the default) or "under hela dygnet".
pub(crate) fn scope_words(ctx: &Ctx<'_>) -> &'static str {
    if ctx.config.config.performance.scope == crate::config::PerformanceScope::All {
        ctx.t("pf.scope_all")
    } else {
        ctx.t("pf.scope_open")
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
    percent_per_day(
        ctx,
        "performance-daily-within-t90",
        ["pf.daily_share", "pf.daily_share_alt", "pf.share_within"],
        p.per_day.iter().map(|d| (d.date, d.share_within_t90)),
        cfg.target_within_t90,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::Fmt;
    use crate::report::Lang;

    /// The open bucket starts after 30 s (30 000 ms is in `29–30`): `> 30`, not `≥ 30`; a
    /// closed one reads `6–7` in both languages, a half-second bound `7,5` / `7.5`.
    #[test]
    fn bucket_labels_read_with_the_upper_bound_inside() {
        for (lang, half) in [(Lang::Sv, "7,5–8,5"), (Lang::En, "7.5–8.5")] {
            let f = Fmt::new(lang, chrono_tz::Europe::Stockholm);
            assert_eq!(bucket_label(f, 6_000, Some(7_000)), "6–7");
            assert_eq!(bucket_label(f, 30_000, None), "> 30");
            assert_eq!(bucket_label(f, 7_500, Some(8_500)), half);
        }
    }
}
