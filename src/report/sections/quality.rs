//! Kvalitet – Leveransprecision (M5): answered / incoming calls against 95 %, precision
//! per day, and the deviations by result (cause) and by failed provider.

use super::{
    against_target, fact, fact_s, heading, not_measured_reason, note, percent_per_day,
    target_status,
};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let q = &ctx.metrics.precision;
    let target = ctx.config.config.precision.target;
    let provider = |code: &str| ctx.config.config.provider_label(code);
    let missing = not_measured_reason(ctx, "delivery_precision");
    let shown = |text: String| match &missing {
        Some(why) => format!("{} ({why})", ctx.t("no_data")),
        None => text,
    };
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("qu.incoming"), f.uint(q.incoming)),
            fact(ctx.t("qu.answered"), f.uint(q.answered)),
            fact_s(
                ctx.t("kpi.delivery_precision"),
                shown(against_target(
                    ctx,
                    f.pct_ratio(q.precision),
                    format!("≥ {}", f.pct_f64(Some(target))),
                )),
                target_status(ctx, "delivery_precision"),
            ),
            fact(ctx.t("qu.complete"), f.pct_ratio(q.complete)),
        ],
    }];
    out.push(Block::Chart(per_day_chart(ctx)));

    // Deviations by result (the cause of the deviation).
    out.push(heading(ctx.t("qu.deviations")));
    let mut r = Table::new("precision-by-result", ctx.t("qu.by_result"), ctx.t("none"))
        .col(ctx.t("qu.result"), Align::Left, 6)
        .col(ctx.t("col.count"), Align::Right, 2)
        .col(ctx.t("qu.share_incoming"), Align::Right, 2);
    for ((name, n), share) in q.by_result.iter().zip(&q.by_result_share) {
        let label = crate::report::i18n::result_name(f.lang, name);
        r.push(vec![
            Cell::new(label),
            Cell::new(f.uint(*n)),
            Cell::new(f.pct_ratio(*share)),
        ]);
    }
    out.push(Block::Table(r));

    // By failed provider: a table only (a bar chart of the same counts repeated it).
    let mut p = Table::new(
        "precision-by-provider",
        ctx.t("qu.by_provider"),
        ctx.t("qu.no_provider"),
    )
    .col(ctx.t("qu.provider"), Align::Left, 6)
    .col(ctx.t("qu.failed_calls"), Align::Right, 2)
    .col(ctx.t("qu.share_incoming"), Align::Right, 2);
    for ((name, n), share) in q.by_provider.iter().zip(&q.by_provider_share) {
        p.push(vec![
            Cell::new(provider(name)),
            Cell::new(f.uint(*n)),
            Cell::new(f.pct_ratio(*share)),
        ]);
    }
    out.push(Block::Table(p));
    out.push(note(ctx.t("qu.provider_note")));

    // Per day.
    out.push(heading(ctx.t("qu.per_day")));
    let mut d = Table::new("precision-per-day", ctx.t("qu.per_day"), ctx.t("none"))
        .col(ctx.t("col.date"), Align::Left, 3)
        .col(ctx.t("qu.incoming"), Align::Right, 2)
        .col(ctx.t("qu.answered"), Align::Right, 2)
        .col(ctx.t("qu.not_answered"), Align::Right, 2)
        .col(ctx.t("kpi.delivery_precision"), Align::Right, 2)
        .col(ctx.t("qu.complete"), Align::Right, 2)
        .compact();
    for day in &q.per_day {
        let status = match day.precision.value() {
            Some(v) if v < target => Status::NotMet,
            _ => Status::None,
        };
        d.push(vec![
            Cell::new(f.date_weekday(day.date)),
            Cell::new(f.uint(day.incoming)),
            Cell::new(f.uint(day.answered)),
            Cell::new(f.uint(day.incoming.saturating_sub(day.answered))),
            Cell::status(f.pct_ratio(day.precision), status),
            Cell::new(f.pct_ratio(day.complete)),
        ]);
    }
    out.push(Block::Table(d));
    out.push(note(ctx.t("qu.rule")));
    out
}

/// Precision per day (percent) against the target line.
fn per_day_chart(ctx: &Ctx<'_>) -> Chart {
    let q = &ctx.metrics.precision;
    percent_per_day(
        ctx,
        "precision-per-day",
        [
            "qu.per_day_chart",
            "qu.per_day_alt",
            "kpi.delivery_precision",
        ],
        q.per_day.iter().map(|d| (d.date, d.precision)),
        ctx.config.config.precision.target,
    )
}
