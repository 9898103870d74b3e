//! Beställningar (M7.6): orders closed in the month with their lead times (registered to
//! closed) against the configured target, and the orders themselves.

use super::tickets::{dur, target_text};
use super::{dash, fact, fact_s, note, MAX_ROWS};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn orders(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let o = &ctx.metrics.orders;
    let target = ctx.config.config.tickets.order.lead_time.as_ref();
    // Lead time as h:mm on its clock (calendar time unless the target names one, M7.6).
    let lead = |ms: Option<i64>| dur(ctx, ms);
    let lead_h = |ms: Option<i64>| match ms {
        Some(_) => format!("{}\u{a0}h", lead(ms)),
        None => lead(ms),
    };
    let mut rows = vec![
        fact(ctx.t("or.closed"), f.uint(o.closed)),
        fact(ctx.t("or.median"), lead_h(o.lead_time_median_ms)),
        fact(ctx.t("or.p90"), lead_h(o.lead_time_p90_ms)),
        fact(ctx.t("or.max"), lead_h(o.lead_time_max_ms)),
    ];
    match (target, o.within_target.zip(o.within_target_share)) {
        (Some(t), Some((w, share))) => {
            let status = if w == o.closed {
                Status::Met
            } else {
                Status::NotMet
            };
            rows.push(fact(ctx.t("col.target"), target_text(ctx, Some(t))));
            rows.push(fact_s(
                ctx.t("tk.within"),
                format!("{} ({})", f.uint(w), f.pct_ratio(share)),
                status,
            ));
        }
        _ => rows.push(fact(ctx.t("col.target"), ctx.t("or.no_target"))),
    }
    let mut t = Table::new("orders", ctx.t("or.list"), ctx.t("or.none"))
        .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
        .col(ctx.t("col.registered"), Align::Left, 3)
        .col(ctx.t("col.closed"), Align::Left, 3)
        .col(ctx.t("or.lead_time"), Align::Right, 2)
        .col(ctx.t("col.summary"), Align::Left, 7)
        .compact();
    t.push_capped(
        o.orders.iter().map(|x| {
            vec![
                Cell::new(x.ticket_id.clone()),
                Cell::new(f.local_exact(x.registered_at)),
                Cell::new(f.local_exact_opt(x.closed_at)),
                // The metrics give the lead time on its clock in `resolution_ms`.
                Cell::new(lead(x.resolution_ms)),
                Cell::new(dash(&x.summary)),
            ]
        }),
        o.orders.len(),
        MAX_ROWS,
        ctx.t("truncated_list"),
    );
    vec![
        Block::Facts { rows },
        Block::Table(t),
        note(ctx.t("or.rule")),
    ]
}
