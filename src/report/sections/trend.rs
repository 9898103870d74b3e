//! Utveckling hittills i år / The year so far: the page-1 service levels of every
//! month of the year up to the report month, and the year's downtime against its budget as a
//! burn-down chart. A month the inputs do not cover shows "ingen data", never a zero.

use super::note;
use crate::report::blocks::*;
use crate::report::words::{kpi_label, kpi_texts, status_of};
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let tr = &ctx.metrics.trend;
    let no_data = || Cell::status(ctx.t("no_data"), Status::Na);
    let mut t = Table::new(
        "trend",
        ctx.t("tr.table").replace("{year}", &tr.year.to_string()),
        ctx.t("none"),
    )
    .col(ctx.t("cover.measure"), Align::Left, 7)
    .col(ctx.t("cover.target"), Align::Right, 3);
    for m in &tr.months {
        t = t.col(f.month_short(m.month), Align::Right, 2);
    }
    t = t.compact();
    // One row per page-1 service level, in page 1's order.
    for ts in &ctx.metrics.targets {
        let (target, _) = kpi_texts(f, ts, None);
        let mut row = vec![Cell::new(kpi_label(ctx, &ts.key)), Cell::new(target)];
        for m in &tr.months {
            let cell = match m.targets.iter().find(|x| x.key == ts.key) {
                Some(x) if x.not_measured.is_some() => no_data(),
                Some(x) => {
                    let exact = if m.month == tr.months.len() as u32 {
                        ctx.metrics.exact.get(&x.key).copied()
                    } else {
                        None
                    };
                    let (_, actual) = kpi_texts(f, x, exact);
                    let status = status_of(x.met);
                    Cell::status(
                        actual,
                        if status == Status::NotMet {
                            status
                        } else {
                            Status::None
                        },
                    )
                }
                None => Cell::new("–"),
            };
            row.push(cell);
        }
        t.push(row);
    }
    // Downtime per month and so far this year (h:mm), where availability is measured.
    let measured = |m: &crate::metrics::trend::TrendMonth| {
        m.targets
            .iter()
            .find(|x| x.key == "availability")
            .is_some_and(|x| x.not_measured.is_none())
    };
    // The month's own downtime (the year's is the row above).
    let mut row = vec![
        Cell::new(format!("{} {}", ctx.t("tr.per_month"), ctx.t("hmm"))),
        Cell::new("–"),
    ];
    for m in &tr.months {
        row.push(if let (true, Some(ms)) = (measured(m), m.unavailable_ms) {
            Cell::new(f.hmm_up(ms))
        } else {
            no_data()
        });
    }
    t.push(row);
    // With an archive: where each month's figures came from.
    if let Some(h) = &ctx.metrics.history {
        use crate::metrics::history::MonthSource;
        let mut row = vec![Cell::new(ctx.t("tr.source")), Cell::new("–")];
        for m in &tr.months {
            let key = match h
                .months
                .iter()
                .find(|p| p.month == m.month)
                .map(|p| p.source)
            {
                Some(MonthSource::Archive) => "hist.archive",
                Some(MonthSource::Inputs) => "hist.inputs",
                _ => "hist.none",
            };
            row.push(Cell::new(ctx.t(key)));
        }
        t.push(row);
    }
    let mut blocks = vec![
        Block::Table(t),
        Block::Chart(burn_down(ctx, &measured)),
        note(format!(
            "{} {}",
            ctx.t("tr.rule"),
            if tr.months.iter().any(|m| !measured(m)) {
                ctx.t("tr.no_data_mark")
            } else {
                ""
            }
        )),
    ];
    if ctx.metrics.history.is_some() {
        blocks.push(note(ctx.t("hist.rule")));
    }
    blocks
}

/// Cumulative downtime at each month's end (hours) against the annual budget.
fn burn_down(
    ctx: &Ctx<'_>,
    measured: &dyn Fn(&crate::metrics::trend::TrendMonth) -> bool,
) -> Chart {
    let f = ctx.f;
    let tr = &ctx.metrics.trend;
    let budget_h = tr.budget_ms as f64 / 3_600_000.0;
    let labels = tr
        .months
        .iter()
        .map(|m| {
            let name = f.month_short(m.month);
            if measured(m) {
                name
            } else {
                format!("{name}*")
            }
        })
        .collect();
    let values = tr
        .months
        .iter()
        .map(|m| {
            if let (true, Some(ms)) = (measured(m), m.ytd_unavailable_ms) {
                ms as f64 / 3_600_000.0
            } else {
                f64::NAN
            }
        })
        .collect();
    let series = vec![Series::new(ctx.t("tr.series"), Tone::Bad, values)];
    Chart::bars(
        "trend-burn-down",
        ctx.t("tr.burn"),
        ctx.t("tr.burn_alt"),
        labels,
        series,
        ctx.t("hours"),
        f.lang,
    )
    .reference(Some(RefLine {
        value: budget_h,
        label: ctx.t("tr.budget").replace("{h}", &f.length(tr.budget_ms)),
    }))
}
