//! The service figures of metrics.json: availability (outages, degraded periods, the year to
//! date), performance, precision and capacity.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::super::kpis::Ratio;
use crate::calendar::Ms;

/// Where an unavailable interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutageSource {
    Incident,
    Change,
    Calls,
    /// A silent period of the call log, counted only with `availability.silence =
    /// "unavailable"`.
    Silence,
}

/// One raw unavailable (or degraded) interval with its source, before union and clipping.
/// `Availability` lists those overlapping the month (wall clock) from the sources that
/// `availability.source` uses; an incident's open end is already resolved to the data's end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcedInterval {
    pub start: Ms,
    pub end: Ms,
    pub source: OutageSource,
    /// Incident id, change id, or for calls the first failed call id.
    pub reference: String,
    /// Calls in the run (call-log intervals only).
    pub failed_calls: u64,
    /// Corrections whose excluded interval overlaps this one (M9.1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_by: Vec<String>,
    /// How much of it (ms, wall clock) those corrections exclude.
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded_ms: i64,
}

impl SourcedInterval {
    /// Whether the interval belongs to `[s, e)`: it overlaps it, or (zero-length) lies in it.
    pub fn overlaps(&self, s: Ms, e: Ms) -> bool {
        if self.start == self.end {
            self.start >= s && self.start < e
        } else {
            self.start < e && self.end > s
        }
    }
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// A period of disturbance (available with disturbance): the overlapping degraded intervals of
/// every source merged into one, so the same period is listed once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DegradedPeriod {
    pub start: Ms,
    pub end: Ms,
    pub sources: Vec<OutageSource>,
    /// Incident ids and, for call-log runs, the first failed call's id.
    pub references: Vec<String>,
    /// Calls in the call-log runs of the period.
    pub failed_calls: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_by: Vec<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded_ms: i64,
}

/// One row of the outage table: a span of the union of unavailable intervals (overlapping or
/// touching intervals merged) that touches the month's open time. `start`/`end` are the span's
/// wall-clock bounds (not clipped: it may start before the month); `open_ms` is its part in
/// the month's open time. Several rows share an `outage_no` when merge_gap joins them into one
/// counted outage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outage {
    pub start: Ms,
    pub end: Ms,
    /// Length within open time (ms).
    pub open_ms: i64,
    /// Wall-clock length (ms).
    pub wall_ms: i64,
    pub sources: Vec<OutageSource>,
    pub incident_ids: Vec<String>,
    pub change_ids: Vec<String>,
    pub cause: String,
    pub action_plan: String,
    /// Index of the counted (merge_gap-merged) outage it belongs to, 1-based.
    pub outage_no: u32,
}

/// The two kinds of reconciliation finding (ordered as their names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    /// A call-log outage that no incident outage overlaps.
    DetectedWithoutIncident,
    /// An unplanned incident outage without a failing call in it.
    IncidentWithoutFailingCalls,
    /// A silent period of the call log that no incident outage overlaps.
    SilentPeriod,
}

impl DiscrepancyKind {
    /// The name written in metrics.json.
    pub const fn as_str(self) -> &'static str {
        match self {
            DiscrepancyKind::DetectedWithoutIncident => "detected_without_incident",
            DiscrepancyKind::IncidentWithoutFailingCalls => "incident_without_failing_calls",
            DiscrepancyKind::SilentPeriod => "silent_period",
        }
    }
}

/// A reconciliation finding (M3.12), for intervals overlapping the month: a call-log
/// outage that no incident outage (of any kind) overlaps, or an unplanned incident outage with
/// no `no_response`/`unreachable` call received in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    pub start: Ms,
    pub end: Ms,
    pub reference: String,
    /// Corrections whose excluded interval overlaps it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_by: Vec<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded_ms: i64,
    /// A silent period's expected calls (rounded down).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_calls: Option<u64>,
}

impl Discrepancy {
    /// A finding over `[start, end)`, no correction excluding any of it yet.
    pub fn new(kind: DiscrepancyKind, (start, end): (Ms, Ms), reference: String) -> Discrepancy {
        Discrepancy {
            kind,
            start,
            end,
            reference,
            excluded_by: Vec::new(),
            excluded_ms: 0,
            expected_calls: None,
        }
    }
}

/// A silent period of the call log: a stretch `[start, end)` of open time without a call in
/// which the month's own call rate for the weekday and hour predicts at least
/// `availability.silence_expected_calls` calls (see `metrics::silence`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilentPeriod {
    pub start: Ms,
    pub end: Ms,
    /// The calls the month's rate predicts in it, rounded down.
    pub expected_calls: u64,
    /// The calls received in it (none: it lies between two consecutive calls).
    pub seen_calls: u64,
    /// Incidents whose outage interval overlaps it (their outage explains the silence).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incident_ids: Vec<String>,
}

/// A local date, written "YYYY-MM-DD" in metrics.json.
fn iso_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayAvailability {
    /// Local date ("YYYY-MM-DD" in metrics.json).
    #[serde(serialize_with = "iso_date")]
    pub date: NaiveDate,
    pub open_ms: i64,
    pub unavailable_ms: i64,
    pub degraded_ms: i64,
    /// `[start, end)` of the local day, UTC ms (not in metrics.json).
    #[serde(skip)]
    pub span: (Ms, Ms),
    /// The day's open intervals, UTC ms (not in metrics.json).
    #[serde(skip)]
    pub open_intervals: Vec<(Ms, Ms)>,
    /// Available share of the day's open time (not in metrics.json; the day's figures are).
    #[serde(skip)]
    pub availability: Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Availability {
    pub source: String,
    pub open_ms: i64,
    pub unavailable_ms: i64,
    /// `open_ms - unavailable_ms` (not in metrics.json).
    #[serde(skip)]
    pub available_ms: i64,
    pub degraded_ms: i64,
    pub availability: Ratio,
    pub unplanned_outages: u64,
    /// Every raw interval considered, before union (evidence).
    pub intervals: Vec<SourcedInterval>,
    pub degraded_intervals: Vec<SourcedInterval>,
    /// `degraded_intervals` merged where they overlap (what the report lists).
    pub degraded_periods: Vec<DegradedPeriod>,
    pub outages: Vec<Outage>,
    pub reconciliation: Vec<Discrepancy>,
    /// The month's silent periods of the call log (none without calls in the month).
    pub silent_periods: Vec<SilentPeriod>,
    pub per_day: Vec<DayAvailability>,
    pub ytd: YearToDate,
    /// The union of the counted unavailable intervals of the whole input, unclipped (what the
    /// year carries; not in metrics.json under this key).
    #[serde(skip)]
    pub union: Vec<(crate::calendar::Ms, crate::calendar::Ms)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearToDate {
    pub year: i32,
    /// Over the months in `months_covered` only: a lower bound when a month is not covered.
    pub unavailable_ms: i64,
    pub unplanned_outages: u64,
    pub budget_ms: i64,
    /// Budget left (may be negative).
    pub budget_left_ms: i64,
    pub max_outages: u64,
    /// Months 1..=report month covered by an input the availability source uses: the call
    /// log has a row in the month, or the month lies in the span of the tickets (changes)
    /// (see [`super::coverage`]).
    pub months_covered: Vec<u32>,
    /// Per month 1..=report month: (month, unavailable_ms, outages); `null` figures for a month
    /// not in `months_covered` (unknown, never 0).
    pub per_month: Vec<(u32, Option<i64>, Option<u64>)>,
    /// Per month 1..=report month: open time (ms, from the calendar) and the year's outages so
    /// far over the covered months (an outage across a month end counts once; `null` for a
    /// month not covered), aligned with `per_month`.
    pub per_month_open_ms: Vec<i64>,
    pub per_month_ytd_outages: Vec<Option<u64>>,
}

/// Percentiles (nearest rank) of a set of response times, ms.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Percentiles {
    pub count: u64,
    pub p50: Option<i64>,
    pub p90: Option<i64>,
    pub p95: Option<i64>,
    pub p99: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonsRow {
    pub persons: u16,
    pub t90_ms: i64,
    pub tmax_ms: i64,
    pub calls: u64,
    pub within_t90: u64,
    pub over_tmax: u64,
    pub share_within_t90: Ratio,
    pub percentiles: Percentiles,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerformanceDay {
    #[serde(serialize_with = "iso_date")]
    pub date: NaiveDate,
    pub calls: u64,
    pub within_t90: u64,
    pub over_tmax: u64,
    pub percentiles: Percentiles,
    /// `within_t90 / calls` (not in metrics.json; the counts are).
    #[serde(skip)]
    pub share_within_t90: Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Performance {
    pub scope: String,
    pub calls: u64,
    pub within_t90: u64,
    pub share_within_t90: Ratio,
    pub over_tmax: u64,
    pub invalid_persons: u64,
    /// Answered calls in scope without responded_at (M4.7).
    pub answered_without_time: u64,
    pub percentiles: Percentiles,
    pub per_persons: Vec<PersonsRow>,
    pub per_day: Vec<PerformanceDay>,
    /// Histogram of response times: (upper bound ms, included, count); last bucket open.
    pub histogram: Vec<(i64, u64)>,
    /// The same buckets, each split by the call's own limits: within T90(n), between T90(n)
    /// and Tmax(n), over Tmax(n). The parts add up to `within_t90` and `over_tmax`.
    pub histogram_by_limit: Vec<HistBucket>,
    /// The slowest calls over Tmax (evidence), at most 1000, slowest first.
    pub over_tmax_calls: Vec<SlowCall>,
}

/// One response-time bucket `(previous upper, upper_ms]` (the last one open: `None`), its
/// calls counted against each call's own limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistBucket {
    pub upper_ms: Option<i64>,
    pub within_t90: u64,
    pub between: u64,
    pub over_tmax: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowCall {
    pub call_id: String,
    pub received_at: Ms,
    pub persons: u16,
    pub response_ms: i64,
    pub tmax_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrecisionDay {
    #[serde(serialize_with = "iso_date")]
    pub date: NaiveDate,
    pub incoming: u64,
    pub answered: u64,
    pub ok: u64,
    /// `answered / incoming` and `ok / incoming` (not in metrics.json; the counts are).
    #[serde(skip)]
    pub precision: Ratio,
    #[serde(skip)]
    pub complete: Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Precision {
    pub incoming: u64,
    pub answered: u64,
    pub precision: Ratio,
    pub complete: Ratio,
    /// Count per result name (all five, in canonical order).
    pub by_result: Vec<(String, u64)>,
    /// Count of calls per failed provider, sorted by count desc then name.
    pub by_provider: Vec<(String, u64)>,
    /// Each `by_result` count's share of `incoming`, aligned with it (not in metrics.json).
    #[serde(skip)]
    pub by_result_share: Vec<Ratio>,
    /// Each `by_provider` count's share of `incoming`, aligned with it (not in metrics.json).
    #[serde(skip)]
    pub by_provider_share: Vec<Ratio>,
    pub per_day: Vec<PrecisionDay>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capacity {
    pub calls: u64,
    pub municipalities: u64,
    pub municipalities_agreed: u64,
    pub peak_per_second: u64,
    pub peak_second_at: Option<Ms>,
    pub peak_per_minute: u64,
    pub peak_minute_at: Option<Ms>,
    /// Calls per local hour of day 0..24.
    pub per_hour: Vec<u64>,
    /// Calls per local day of month (index 0 = day 1).
    pub per_day: Vec<u64>,
    /// Heat map: [day of month][hour of day].
    pub heat: Vec<Vec<u64>>,
}
