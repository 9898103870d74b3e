//! The summary table: every KPI against its agreed target (page 1, M10.6), in the report's
//! order. A KPI that cannot be measured (empty denominator) is `None`, neither met nor missed.
//!
//! Only sections marked in `[report]` contribute rows: an unmarked section is computed but not
//! reported (docs/method.md), so it can neither appear in the summary nor fail `--fail-on-breach`.
//! Capacity rows compare the month's peaks with the agreed capacity (3/s, 200/min).
//!
//! A row whose inputs cannot give it is *not measured* ([`Basis`]): its input does not cover the
//! period, a column it needs has no source, its ticket type is absent from the input, or no
//! availability source has data. No data must never read as a met target. Performance rows are
//! not measured either when no call is in the performance scope (a count of 0 over no calls is
//! no result). A year-to-date row over a year with uncovered months is missed when its lower
//! bound already breaks the target, and otherwise not measured ("covers N of M months").

use super::basis::{Absent, Basis};
use super::kpis::Kpis;
use super::model::{Comparison, ReportArea, TargetStatus};
use crate::config::SlaConfig;

fn row(key: &str, section: ReportArea, ge: bool, target: f64, actual: Option<f64>) -> TargetStatus {
    let comparison = if ge {
        Comparison::AtLeast
    } else {
        Comparison::AtMost
    };
    TargetStatus {
        key: key.to_string(),
        section,
        comparison,
        target,
        actual,
        met: actual.map(|a| comparison.met(a, target)),
        not_measured: None,
        detail: String::new(),
        reason: None,
    }
}

/// `orders_outside`: orders over their lead-time target (only when one is configured);
/// `security_breaches`: security incidents of the month that missed a target.
/// `basis`: what the inputs give for the period.
pub fn build(
    k: &Kpis,
    cfg: &SlaConfig,
    orders_outside: Option<u64>,
    security_breaches: u64,
    basis: &Basis,
) -> Vec<TargetStatus> {
    let a = &cfg.availability;
    let p = &cfg.performance;
    let c = &cfg.capacity;
    let n = |x: u64| Some(x as f64);
    let mut v = vec![
        row(
            "incidents_response_breaches",
            ReportArea::Incidents,
            false,
            0.0,
            n(k.incidents_response_breaches),
        ),
        row(
            "incidents_resolution_breaches",
            ReportArea::Incidents,
            false,
            0.0,
            n(k.incidents_resolution_breaches),
        ),
    ];
    if let Some(outside) = orders_outside {
        v.push(row(
            "orders_outside_target",
            ReportArea::Orders,
            false,
            0.0,
            n(outside),
        ));
    }
    v.extend([
        row(
            "problems_response_breaches",
            ReportArea::Problems,
            false,
            0.0,
            n(k.problems_response_breaches),
        ),
        row(
            "problems_resolution_breaches",
            ReportArea::Problems,
            false,
            0.0,
            n(k.problems_resolution_breaches),
        ),
        row(
            "changes_short_notice",
            ReportArea::Changes,
            false,
            0.0,
            n(k.changes_short_notice),
        ),
        row(
            "peak_calls_per_second",
            ReportArea::Capacity,
            false,
            f64::from(c.max_calls_per_second),
            n(k.peak_calls_per_second),
        ),
        row(
            "peak_calls_per_minute",
            ReportArea::Capacity,
            false,
            f64::from(c.max_calls_per_minute),
            n(k.peak_calls_per_minute),
        ),
        row(
            "perf_within_t90_share",
            ReportArea::Performance,
            true,
            p.target_within_t90,
            k.perf_within_t90_share,
        ),
        row(
            "perf_over_tmax",
            ReportArea::Performance,
            false,
            p.target_over_tmax as f64,
            n(k.perf_over_tmax),
        ),
        row(
            "availability",
            ReportArea::Availability,
            true,
            a.target,
            k.availability,
        ),
        row(
            "unplanned_outages",
            ReportArea::Availability,
            false,
            f64::from(a.max_outages_per_month),
            n(k.unplanned_outages),
        ),
        row(
            "ytd_unavailable_seconds",
            ReportArea::Availability,
            false,
            a.max_downtime_per_year_seconds as f64,
            n(k.ytd_unavailable_seconds as u64),
        ),
        row(
            "ytd_unplanned_outages",
            ReportArea::Availability,
            false,
            f64::from(a.max_outages_per_year),
            n(k.ytd_unplanned_outages),
        ),
        row(
            "security_incident_breaches",
            ReportArea::Security,
            false,
            0.0,
            n(security_breaches),
        ),
        row(
            "delivery_precision",
            ReportArea::Quality,
            true,
            cfg.precision.target,
            k.delivery_precision,
        ),
    ]);
    let marked = cfg.report.in_order();
    v.retain(|r| marked.iter().any(|(s, on)| *on && *s == r.section.as_str()));
    for r in &mut v {
        judge(r, k, basis);
    }
    v
}

/// Apply what the inputs give to the row `r`: not measured when a need is absent; a
/// year-to-date row over uncovered months is missed when its lower bound already breaks the
/// target, otherwise not measured; a performance row without calls in scope is not measured.
fn judge(r: &mut TargetStatus, k: &Kpis, basis: &Basis) {
    let absent = basis.absent(&r.key).or_else(|| {
        (r.key.starts_with("perf_") && k.perf_calls == 0)
            .then(|| Absent::new("no_calls_in_scope", String::new()))
    });
    if let Some(a) = absent {
        r.actual = None;
        r.met = None;
        r.set_reason(a);
        return;
    }
    if r.key.starts_with("ytd_") && r.met == Some(true) {
        if let Some(a) = basis.ytd_partial() {
            // The lower bound stays as the actual: "at least this much".
            r.met = None;
            r.set_reason(a);
        }
    }
}
