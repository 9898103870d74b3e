//! Kapacitet (M6, shown only when marked): total calls, municipalities against the
//! agreed 290, peak calls per second and per minute against 3/s and 200/min, calls per day
//! (the 20th-to-end peak) and the hour × day heat map.

use super::{decimal_comma, fact, fact_s, heading};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let c = &ctx.metrics.capacity;
    let cfg = &ctx.config.config.capacity;
    let over = |v: u64, max: u32| {
        if v > u64::from(max) {
            Status::NotMet
        } else {
            Status::Met
        }
    };
    let at = |t: Option<i64>, secs: bool| match t {
        Some(t) if secs => format!(" ({})", f.local_secs(t)),
        Some(t) => format!(" ({})", f.local(t)),
        None => String::new(),
    };
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("ca.calls"), f.uint(c.calls)),
            fact(
                ctx.t("ca.municipalities"),
                format!(
                    "{} {} {}",
                    f.uint(c.municipalities),
                    ctx.t("doc.of"),
                    f.uint(c.municipalities_agreed)
                ),
            ),
            fact_s(
                ctx.t("kpi.peak_calls_per_second"),
                format!(
                    "{}{} (≤ {})",
                    f.uint(c.peak_per_second),
                    at(c.peak_second_at, true),
                    f.uint(cfg.max_calls_per_second.into())
                ),
                over(c.peak_per_second, cfg.max_calls_per_second),
            ),
            fact_s(
                ctx.t("kpi.peak_calls_per_minute"),
                format!(
                    "{}{} (≤ {})",
                    f.uint(c.peak_per_minute),
                    at(c.peak_minute_at, false),
                    f.uint(cfg.max_calls_per_minute.into())
                ),
                over(c.peak_per_minute, cfg.max_calls_per_minute),
            ),
        ],
    }];
    let days: Vec<String> = (1..=c.per_day.len()).map(|d| format!("{d:02}")).collect();
    let calls = |v: &[u64]| {
        vec![Series::new(
            "",
            Tone::Neutral,
            v.iter().map(|v| *v as f64).collect(),
        )]
    };
    out.push(Block::Chart(Chart::bars(
        "capacity-per-day",
        ctx.t("ca.per_day"),
        ctx.t("ca.per_day_alt"),
        days.clone(),
        calls(&c.per_day),
        ctx.t("col.calls"),
        ctx.f.lang,
    )));
    out.push(heading(ctx.t("ca.heat")));
    let heat = ChartSpec::Heat {
        row_labels: days,
        col_labels: (0..24).map(|h| format!("{h:02}")).collect(),
        values: c.heat.clone(),
        x_label: ctx.t("ca.hour").into(),
        y_label: ctx.t("day").into(),
        decimal_comma: decimal_comma(ctx),
    };
    out.push(Block::Chart(Chart::new(
        "capacity-heat",
        ctx.t("ca.heat"),
        ctx.t("ca.heat_alt"),
        heat,
    )));
    out.push(Block::Chart(Chart::bars(
        "capacity-per-hour",
        ctx.t("ca.per_hour"),
        ctx.t("ca.per_hour_alt"),
        (0..c.per_hour.len()).map(|h| format!("{h:02}")).collect(),
        calls(&c.per_hour),
        ctx.t("col.calls"),
        ctx.f.lang,
    )));
    out
}
