//! The summary table: every KPI against its agreed target (page 1, M10.6), in the report's
//! order. A KPI that cannot be measured (empty denominator) is `None`, neither met nor missed.
//!
//! Only sections marked in `[report]` contribute rows: an unmarked section is computed but not
//! reported (docs/method.md), so it can neither appear in the summary nor fail `--fail-on-breach`.
//! Capacity rows compare the month's peaks with the agreed capacity (3/s, 200/min).
//!
//! A figure computed from an input that does not cover the period is *not measured*:
//! no data must never read as a met target. Call-derived rows (performance, precision,
//! capacity, and availability and outages when the availability source uses the call log) are
//! not measured when the call log has no row in the period; ticket rows when the tickets do not
//! cover it; the short-notice row when the changes do not. Performance rows are not measured
//! either when no call is in the performance scope (a count of 0 over no calls is no result).

use super::coverage::Covered;
use super::kpis::Kpis;
use super::model::{Comparison, ReportArea, TargetStatus};
use crate::config::{AvailabilitySource, SlaConfig};

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
    }
}

/// Why the row `key` is not measured in a period covered as `cov`, if it is not.
fn not_measured(key: &str, k: &Kpis, cfg: &SlaConfig, cov: Covered) -> Option<&'static str> {
    let uses_calls = cfg.availability.source != AvailabilitySource::Incidents;
    let from_calls = match key {
        "perf_within_t90_share"
        | "perf_over_tmax"
        | "delivery_precision"
        | "peak_calls_per_second"
        | "peak_calls_per_minute" => true,
        "availability"
        | "unplanned_outages"
        | "ytd_unavailable_seconds"
        | "ytd_unplanned_outages" => uses_calls,
        _ => false,
    };
    let from_tickets = key.starts_with("incidents_")
        || key.starts_with("problems_")
        || key.starts_with("orders_")
        || key.starts_with("security_");
    if from_calls && !cov.calls {
        Some("no_call_rows")
    } else if from_tickets && !cov.tickets {
        Some("no_ticket_data")
    } else if key == "changes_short_notice" && !cov.changes {
        Some("no_change_data")
    } else if key.starts_with("perf_") && k.perf_calls == 0 {
        Some("no_calls_in_scope")
    } else {
        None
    }
}

/// `orders_outside`: orders over their lead-time target (only when one is configured);
/// `security_breaches`: security incidents of the month that missed a target.
/// `cov`: which inputs cover the period.
pub fn build(
    k: &Kpis,
    cfg: &SlaConfig,
    orders_outside: Option<u64>,
    security_breaches: u64,
    cov: Covered,
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
            Some(k.ytd_unavailable_seconds as f64),
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
        if let Some(why) = not_measured(&r.key, k, cfg, cov) {
            r.actual = None;
            r.met = None;
            r.not_measured = Some(why.to_string());
        }
    }
    v
}
