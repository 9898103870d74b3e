//! Silent periods of the call log in the report: their table in the availability section with
//! the rule and the setting in force, the short line on page 1, and the wording of their
//! reconciliation rows (appendix D). The figures are `metrics::silence`'s; nothing is computed
//! here.

use super::{heading, interval_text, note, start_end_label, MAX_ROWS};
use crate::config::SilenceMode;
use crate::metrics::Discrepancy;
use crate::report::blocks::*;
use crate::report::Ctx;

/// Silent periods named on page 1; the availability section lists every one.
const MAX_PAGE1: usize = 3;

/// The availability section's part: a heading, the table, the rule.
pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    let mut out = vec![heading(ctx.t("si.heading"))];
    let mut t = Table::new("silent-periods", ctx.t("si.heading"), ctx.t("si.none"))
        .col(start_end_label(ctx), Align::Left, 4)
        .col(
            format!("{} {}", ctx.t("col.duration_open"), ctx.t("hmm")),
            Align::Right,
            2,
        )
        .col(ctx.t("si.expected"), Align::Right, 2)
        .col(ctx.t("si.seen"), Align::Right, 2)
        .col(ctx.t("si.incidents"), Align::Left, 3);
    t.push_capped(
        a.silent_periods.iter().map(|p| {
            vec![
                Cell::new(interval_text(f, p.start, p.end)),
                Cell::new(f.hmm_up(p.end - p.start)).strong(),
                Cell::new(f.uint(p.expected_calls)),
                Cell::new(f.uint(p.seen_calls)),
                if p.incident_ids.is_empty() {
                    Cell::status(ctx.t("si.unexplained"), Status::Warn)
                } else {
                    Cell::new(p.incident_ids.join(", "))
                },
            ]
        }),
        a.silent_periods.len(),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    t.compact = true;
    out.push(Block::Table(t));
    out.push(note(rule_text(ctx)));
    out
}

/// The rule with the settings in force (also the method appendix's wording).
pub(crate) fn rule_text(ctx: &Ctx<'_>) -> String {
    let f = ctx.f;
    let a = &ctx.config.config.availability;
    let counted = match a.silence {
        SilenceMode::Report => ctx.t("si.rule_report"),
        SilenceMode::Unavailable => ctx.t("si.rule_unavailable"),
    };
    format!(
        "{} {counted}",
        ctx.t("si.rule")
            .replace(
                "{min}",
                &f.length(a.silence_min_seconds.saturating_mul(1000))
            )
            .replace("{n}", &f.uint(a.silence_expected_calls.into()))
    )
}

/// Page 1: one line per silent period (at most [`MAX_PAGE1`], then how many more), pointing to
/// the availability section. Empty without silent periods.
pub(crate) fn page1_facts(ctx: &Ctx<'_>) -> Vec<Fact> {
    let f = ctx.f;
    let list = &ctx.metrics.availability.silent_periods;
    let mut rows = Vec::new();
    for (i, p) in list.iter().take(MAX_PAGE1).enumerate() {
        rows.push(Fact {
            label: if i == 0 {
                ctx.t("si.page1_label")
                    .replace("{count}", &f.uint(list.len() as u64))
            } else {
                String::new()
            },
            value: ctx
                .t("si.page1_item")
                .replace("{when}", &interval_text(f, p.start, p.end))
                .replace("{open}", &f.hmm_up(p.end - p.start))
                .replace("{expected}", &f.uint(p.expected_calls)),
            status: if i == 0 { Status::Warn } else { Status::None },
        });
    }
    if list.len() > MAX_PAGE1 {
        rows.push(Fact {
            label: String::new(),
            value: ctx
                .t("si.page1_more")
                .replace("{n}", &f.uint((list.len() - MAX_PAGE1) as u64)),
            status: Status::None,
        });
    }
    if !rows.is_empty() {
        rows.push(Fact {
            label: String::new(),
            value: ctx
                .t("si.page1_see")
                .replace("{section}", ctx.t("sec.availability")),
            status: Status::None,
        });
    }
    rows
}

/// Appendix D's reference text of a silent period: the calls expected and received.
pub(crate) fn discrepancy_reference(ctx: &Ctx<'_>, d: &Discrepancy) -> String {
    ctx.t("si.reference")
        .replace("{expected}", &ctx.f.uint(d.expected_calls.unwrap_or(0)))
}
