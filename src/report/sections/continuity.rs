//! Kontinuitet (M10.7, shown only when marked): the agreed RTO, RPO and backup table and
//! the continuity tests given in the config.

use super::{dash, note};
use crate::report::blocks::*;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let c = &ctx.config.config.continuity;
    let mut agreed = Table::new("continuity-agreed", ctx.t("co.agreed"), ctx.t("none"))
        .col(ctx.t("col.measure"), Align::Left, 4)
        .col(ctx.t("col.value"), Align::Left, 4);
    for (key, v) in [
        ("co.rto", &c.rto),
        ("co.rpo", &c.rpo),
        ("co.full", &c.full_backup),
        ("co.incremental", &c.incremental_backup),
        ("co.archive", &c.archive_logs),
    ] {
        agreed.push(vec![Cell::new(ctx.t(key)), Cell::new(dash(v))]);
    }
    let mut tests = Table::new("continuity-tests", ctx.t("co.tests"), ctx.t("co.no_tests"))
        .col(ctx.t("col.date"), Align::Left, 2)
        .col(ctx.t("col.kind"), Align::Left, 4)
        .col(ctx.t("co.result"), Align::Left, 4);
    for t in &c.tests {
        tests.push(vec![
            Cell::new(t.date.clone()),
            Cell::new(dash(&t.kind)),
            Cell::new(dash(&t.result)),
        ]);
    }
    vec![
        Block::Table(agreed),
        Block::Table(tests),
        note(ctx.t("co.rule")),
    ]
}
