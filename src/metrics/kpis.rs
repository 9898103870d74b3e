//! The stable `kpis` object of metrics.json (M10.3). Keys are never renamed; new keys may be
//! added. Durations are integer seconds (ms where named), shares exact floats in 0..1 or
//! `null` when the denominator is zero (M10.4), counts integers.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Kpis {
    pub open_seconds: i64,
    pub unavailable_seconds: i64,
    pub availability: Option<f64>,
    pub unplanned_outages: u64,
    pub degraded_seconds: i64,
    pub ytd_unavailable_seconds: i64,
    pub ytd_unplanned_outages: u64,
    pub calls_incoming: u64,
    pub calls_answered: u64,
    pub delivery_precision: Option<f64>,
    pub perf_calls: u64,
    pub perf_within_t90_share: Option<f64>,
    pub perf_over_tmax: u64,
    pub perf_invalid_persons: u64,
    pub response_p50_ms: Option<i64>,
    pub response_p90_ms: Option<i64>,
    pub response_p95_ms: Option<i64>,
    pub response_p99_ms: Option<i64>,
    pub response_max_ms: Option<i64>,
    pub peak_calls_per_second: u64,
    pub peak_calls_per_minute: u64,
    pub municipalities: u64,
    pub incidents_resolved: u64,
    pub incidents_response_breaches: u64,
    pub incidents_resolution_breaches: u64,
    pub incidents_open_at_month_end: u64,
    pub problems_resolved: u64,
    pub problems_response_breaches: u64,
    pub problems_resolution_breaches: u64,
    pub orders_closed: u64,
    pub orders_lead_time_median_seconds: Option<i64>,
    pub changes_total: u64,
    pub changes_short_notice: u64,
    pub changes_overruns: u64,
    pub rows_read: u64,
    pub rows_rejected: u64,
}

/// An exact ratio kept as numerator/denominator beside its float (M10.1–M10.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    pub fn new(numerator: i64, denominator: i64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }
    /// `None` when the denominator is zero.
    pub fn value(self) -> Option<f64> {
        (self.denominator != 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}
