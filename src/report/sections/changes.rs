//! Planerade ändringar (M8): changes by priority and status (agreement §4: "redovisas
//! utifrån prioritet, gällande status"), changes outside releases with less than the agreed
//! notice, work inside opening hours, overruns and whether they were notified, and every change
//! of the month with its priority and outcome.

use super::{dash, fact, fact_s, note, target_status, MAX_ROWS};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn status_name(ctx: &Ctx<'_>, s: &str) -> String {
    status_name_in(ctx.f.lang, s)
}

/// [`status_name`] with the language alone.
pub(crate) fn status_name_in(lang: crate::report::Lang, s: &str) -> String {
    let key = format!("ch.status.{s}");
    if crate::report::i18n::has(&key) {
        crate::report::i18n::t(lang, &key).to_string()
    } else {
        s.to_string()
    }
}

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let c = &ctx.metrics.changes;
    let notice = ctx.config.config.changes.notice_days;
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("ch.total"), f.uint(c.total)),
            fact_s(
                &ctx.t("ch.short_notice")
                    .replace("{d}", &f.uint(notice.into())),
                f.uint(c.short_notice),
                target_status(ctx, "changes_short_notice"),
            ),
            fact_s(
                ctx.t("ch.inside_open"),
                f.uint(c.inside_open_time),
                if c.inside_open_time > 0 {
                    Status::Warn
                } else {
                    Status::None
                },
            ),
            fact(ctx.t("ch.overruns"), f.uint(c.overruns)),
            fact_s(
                ctx.t("ch.overruns_not_notified"),
                f.uint(c.overruns_not_notified),
                if c.overruns_not_notified > 0 {
                    Status::NotMet
                } else {
                    Status::None
                },
            ),
        ],
    }];
    // Count by priority and status, with the totals per status as the last row.
    let mut s = Table::new(
        "changes-by-priority",
        ctx.t("ch.by_priority"),
        ctx.t("none"),
    )
    .col(ctx.t("col.priority"), Align::Left, 3);
    for (name, _) in &c.by_status {
        s = s.col(status_name(ctx, name), Align::Right, 2);
    }
    s = s.col(ctx.t("ch.total_col"), Align::Right, 2);
    for p in &c.by_priority {
        let mut row = vec![Cell::new(match p.priority {
            Some(_) => super::priority_name(ctx, p.priority),
            None => ctx.t("ch.no_priority").to_string(),
        })];
        row.extend(p.by_status.iter().map(|(_, n)| Cell::new(f.uint(*n))));
        row.push(Cell::new(f.uint(p.total)).strong());
        s.push(row);
    }
    let mut total = vec![Cell::new(ctx.t("ch.total_col")).strong()];
    total.extend(
        c.by_status
            .iter()
            .map(|(_, n)| Cell::new(f.uint(*n)).strong()),
    );
    total.push(Cell::new(f.uint(c.total)).strong());
    s.push(total);
    out.push(Block::Table(s));

    let mut t = Table::new("changes", ctx.t("ch.list"), ctx.t("ch.none"))
        .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
        .col(ctx.t("ch.title"), Align::Left, 4)
        .col(ctx.t("col.priority"), Align::Left, 2)
        .col(ctx.t("cover.status"), Align::Left, 2)
        .col(ctx.t("ch.notice"), Align::Left, 3)
        .col(ctx.t("ch.scheduled"), Align::Left, 4)
        .col(ctx.t("ch.actual"), Align::Left, 4)
        .col(ctx.t("ch.deviation"), Align::Left, 3)
        .col(ctx.t("ch.outcome"), Align::Left, 4)
        .compact();
    t.push_capped(
        c.changes.iter().map(|x| {
            let window = |a: Option<i64>, b: Option<i64>| match (a, b) {
                (Some(a), Some(b)) => super::interval_text(f, a, b),
                (Some(a), None) => format!("{} –", f.local(a)),
                (None, Some(b)) => format!("– {}", f.local(b)),
                (None, None) => "–".into(),
            };
            let mut notice_text = f.local_opt(x.notified_at);
            if x.in_release {
                notice_text = format!("{notice_text} ({})", ctx.t("ch.in_release"));
            }
            let notice_cell = if x.short_notice {
                Cell::status(
                    format!("{notice_text} – {}", ctx.t("ch.short")),
                    Status::NotMet,
                )
            } else {
                Cell::new(notice_text)
            };
            let mut dev = Vec::new();
            if x.overrun_ms > 0 {
                let notified = if x.overrun_notified {
                    ctx.t("ch.notified")
                } else {
                    ctx.t("ch.not_notified")
                };
                dev.push(format!(
                    "{} {}\u{a0}h ({notified})",
                    ctx.t("ch.overrun"),
                    f.hmm_up(x.overrun_ms)
                ));
            }
            if x.inside_open_time_ms > 0 {
                dev.push(format!(
                    "{} {}\u{a0}h",
                    ctx.t("ch.in_open"),
                    f.hmm_up(x.inside_open_time_ms)
                ));
            }
            if x.unavailable_ms > 0 {
                dev.push(format!(
                    "{} {}\u{a0}h",
                    ctx.t("ch.counted_unavailable"),
                    f.hmm_up(x.unavailable_ms)
                ));
            }
            let dev_status = if x.unavailable_ms > 0 || (x.overrun_ms > 0 && !x.overrun_notified) {
                Status::NotMet
            } else if dev.is_empty() {
                Status::None
            } else {
                Status::Warn
            };
            vec![
                Cell::new(x.change_id.clone()),
                Cell::new(dash(&x.title)),
                Cell::new(super::priority_name(ctx, x.priority)),
                Cell::new(status_name(ctx, &x.status)),
                notice_cell,
                Cell::new(window(x.scheduled_start, x.scheduled_end)),
                Cell::new(window(x.actual_start, x.actual_end)),
                Cell::status(
                    if dev.is_empty() {
                        "–".into()
                    } else {
                        dev.join("; ")
                    },
                    dev_status,
                ),
                Cell::new(dash(&x.outcome)),
            ]
        }),
        c.changes.len(),
        MAX_ROWS,
        ctx.t("truncated_list"),
    );
    out.push(Block::Table(t));
    out.push(note(
        ctx.t("ch.rule").replace("{d}", &f.uint(notice.into())),
    ));
    out
}
