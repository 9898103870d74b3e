//! The year so far, month by month: the page-1 figures of every month from January
//! to the report month, and the year's downtime against its budget (62 h) as a burn-down.
//!
//! The call log is usually passed as a glob of the whole year (the year-to-date figures need
//! it), so the earlier months are measured by the same rules as the report month: each month's
//! figures are its own (tickets resolved in it, changes scheduled in it, calls received in it,
//! availability from the year's union of unavailable intervals clipped to its open time). A
//! month an input does not cover ([`super::coverage`]) has its figures from that input *not
//! measured*, never zero. The report month's row is the report's own page 1.

use super::basis::Basis;
use super::coverage::{Anchors, Covered};
use super::model::CallLog;
use super::model::{Availability, TargetStatus};
pub use super::model::{Trend, TrendMonth};
use super::{changes, targets, tickets, Ctx, Kpis, Ratio};
use crate::inputs::{Inputs, TicketType};

/// The trend of the year up to `ctx`'s month. `availability` and `this_month` are the report
/// month's own figures; `inputs`/`calls` the (corrected) inputs they were measured on.
pub fn compute(
    inputs: &Inputs,
    log: CallLog,
    ctx: &Ctx,
    anchors: &Anchors<'_>,
    availability: &Availability,
    this_month: &[TargetStatus],
) -> Trend {
    use rayon::prelude::*;
    let ytd = &availability.ytd;
    let unavailable = |m: u32| ytd.per_month.get((m - 1) as usize).and_then(|r| r.1);
    // The burn-down first; then the months, each measured on its own (on every core: a year
    // of calls takes a while per month).
    let so_far: Vec<i64> = (1..=ctx.month)
        .scan(0i64, |sum, m| {
            *sum += unavailable(m).unwrap_or(0);
            Some(*sum)
        })
        .collect();
    let months: Vec<TrendMonth> = (1..=ctx.month)
        .into_par_iter()
        .map(|m| {
            let i = (m - 1) as usize;
            let cm = Ctx::new(ctx.cfg, ctx.cals, ctx.year, m);
            // An archived month's row is the archived month's own (its logs are not read).
            let archived = ctx
                .history
                .and_then(|h| h.get(m))
                .filter(|_| m != ctx.month);
            let (covered, calls_received, targets) = match archived {
                Some(c) => (c.carry.covered, c.carry.calls_received, c.targets.clone()),
                None => {
                    let covered = anchors.covered(cm.start, cm.end);
                    let targets = if m == ctx.month {
                        this_month.to_vec()
                    } else {
                        month_targets(inputs, log, &cm, availability, covered, so_far[i])
                    };
                    let received = match log.span.month(m) {
                        Some(c) if m != ctx.month => c.calls,
                        _ => log.calls.range(cm.start, cm.end).len() as u64,
                    };
                    (covered, received, targets)
                }
            };
            TrendMonth {
                month: m,
                covered,
                calls: calls_received,
                targets,
                open_ms: ytd.per_month_open_ms.get(i).copied().unwrap_or(0),
                unavailable_ms: unavailable(m),
                ytd_unavailable_ms: unavailable(m).map(|_| so_far[i]),
            }
        })
        .collect();
    let earlier_months_covered = months
        .iter()
        .filter(|x| x.month < ctx.month)
        .any(|x| x.covered.calls || x.covered.tickets || x.covered.changes);
    Trend {
        year: ctx.year,
        months,
        budget_ms: ytd.budget_ms,
        earlier_months_covered,
    }
}

/// The page-1 targets of an earlier month `cm`, measured by the report's rules.
fn month_targets(
    inputs: &Inputs,
    log: CallLog,
    cm: &Ctx,
    availability: &Availability,
    covered: Covered,
    ytd_unavailable_ms: i64,
) -> Vec<TargetStatus> {
    let cfg = cm.cfg;
    let ytd = &availability.ytd;
    let i = (cm.month - 1) as usize;
    let (_, unavailable_ms, outages) = ytd
        .per_month
        .get(i)
        .copied()
        .unwrap_or((cm.month, None, None));
    let (unavailable_ms, outages) = (unavailable_ms.unwrap_or(0), outages.unwrap_or(0));
    let open_ms = ytd.per_month_open_ms.get(i).copied().unwrap_or(0);
    // The month's calls as the whole log's fold keeps them (M12.7).
    let month = log.span.month(cm.month).cloned().unwrap_or_default();
    let (incoming, answered) = (month.calls, month.answered);
    let (perf_calls, within, over) = month.perf;
    let incidents = tickets::area(inputs, cm, TicketType::Incident);
    let problems = tickets::area(inputs, cm, TicketType::Problem);
    let (peak_s, peak_m) = month.peaks;
    let k = Kpis {
        open_seconds: open_ms.div_euclid(1000),
        unavailable_seconds: unavailable_ms.div_euclid(1000),
        availability: Ratio::new(open_ms - unavailable_ms, open_ms).value(),
        unplanned_outages: outages,
        ytd_unavailable_seconds: ytd_unavailable_ms.div_euclid(1000),
        ytd_unplanned_outages: ytd
            .per_month_ytd_outages
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(0),
        calls_incoming: incoming,
        calls_answered: answered,
        delivery_precision: Ratio::new(answered as i64, incoming as i64).value(),
        perf_calls,
        perf_within_t90_share: Ratio::new(within as i64, perf_calls as i64).value(),
        perf_over_tmax: over,
        peak_calls_per_second: peak_s,
        peak_calls_per_minute: peak_m,
        incidents_response_breaches: incidents.response_breaches,
        incidents_resolution_breaches: incidents.resolution_breaches,
        problems_response_breaches: problems.response_breaches,
        problems_resolution_breaches: problems.resolution_breaches,
        changes_short_notice: changes::compute(inputs, cm).short_notice,
        ..Kpis::default()
    };
    let ytd_covered = ytd
        .months_covered
        .iter()
        .filter(|&&x| x <= cm.month)
        .count() as u32;
    let basis = Basis::new(
        inputs,
        log.span.rows > 0,
        cfg,
        covered,
        ytd_covered,
        cm.month,
    );
    let orders_outside = cfg.tickets.order.lead_time.as_ref().map(|_| {
        let o = tickets::orders(inputs, cm);
        o.closed - o.within_target.unwrap_or(o.closed)
    });
    let security = super::security_breaches(&tickets::security(inputs, cm), cm);
    targets::build(&k, cfg, orders_outside, security, &basis)
}
