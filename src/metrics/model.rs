//! The computed figures of one month: the stable `kpis` plus every breakdown and list the report
//! shows. Serialised as metrics.json. Instants are UTC milliseconds (`*_at`, `start`, `end`);
//! the report model turns them into local text. No formatting happens here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::kpis::{Kpis, Ratio};
use crate::calendar::{Month, Ms};
use crate::config::Target;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub schema_version: u32,
    /// Serialised as "YYYY-MM".
    pub month: Month,
    /// `[start, end)` of the month, UTC ms.
    pub period_start: Ms,
    pub period_end: Ms,
    /// The reported figures (after corrections, if any were given).
    pub kpis: Kpis,
    /// The figures as measured, before corrections (equal to `kpis` when there are none).
    pub kpis_as_measured: Kpis,
    /// Exact ratios behind the shares in `kpis` (key = the kpi key).
    pub exact: BTreeMap<String, Ratio>,
    /// Every target with its actual and whether it was met, in the report's order.
    pub targets: Vec<TargetStatus>,
    pub availability: Availability,
    pub performance: Performance,
    pub precision: Precision,
    pub capacity: Capacity,
    pub incidents: TicketArea,
    pub problems: TicketArea,
    pub orders: Orders,
    pub changes: Changes,
    pub security: Security,
    pub corrections: Vec<AppliedCorrection>,
    /// Which inputs cover the month (rows in it per input, each input's span).
    pub coverage: super::coverage::Coverage,
    /// The facts page 1 opens with: missed targets, outages, open tickets past a target,
    /// figures changed by corrections, and the report's date.
    pub summary: super::summary::Summary,
    /// The page-1 figures per month of the year so far, and the year's downtime budget.
    pub trend: super::trend::Trend,
    /// Rows read, used and rejected per input and the reject reasons (appendix B; not in
    /// metrics.json, whose `kpis` have the totals).
    #[serde(skip)]
    pub data_quality: super::data_quality::DataQuality,
}

/// The areas of the agreement's §4.1 table: the report's sections and the `[report]` keys,
/// written as those keys ("incidents", "availability", …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportArea {
    Incidents,
    Orders,
    Problems,
    Changes,
    Capacity,
    Performance,
    Availability,
    Security,
    Continuity,
    Quality,
}

impl ReportArea {
    pub const ALL: [ReportArea; 10] = [
        ReportArea::Incidents,
        ReportArea::Orders,
        ReportArea::Problems,
        ReportArea::Changes,
        ReportArea::Capacity,
        ReportArea::Performance,
        ReportArea::Availability,
        ReportArea::Security,
        ReportArea::Continuity,
        ReportArea::Quality,
    ];

    /// The `[report]` key.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportArea::Incidents => "incidents",
            ReportArea::Orders => "orders",
            ReportArea::Problems => "problems",
            ReportArea::Changes => "changes",
            ReportArea::Capacity => "capacity",
            ReportArea::Performance => "performance",
            ReportArea::Availability => "availability",
            ReportArea::Security => "security",
            ReportArea::Continuity => "continuity",
            ReportArea::Quality => "quality",
        }
    }

    /// The area of a `[report]` key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == key)
    }
}

/// Which side of its target a figure must be on, written `>=` or `<=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    /// At least the target (a share).
    #[serde(rename = ">=")]
    AtLeast,
    /// At most the target (a count or a duration).
    #[serde(rename = "<=")]
    AtMost,
}

impl Comparison {
    /// Whether `actual` meets `target`.
    pub fn met(self, actual: f64, target: f64) -> bool {
        match self {
            Comparison::AtLeast => actual >= target,
            Comparison::AtMost => actual <= target,
        }
    }

    /// How far `actual` is on the wrong side of `target` (negative when it meets it).
    pub fn shortfall(self, actual: f64, target: f64) -> f64 {
        match self {
            Comparison::AtLeast => target - actual,
            Comparison::AtMost => actual - target,
        }
    }
}

/// A KPI against its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetStatus {
    /// Stable key, e.g. "availability", "unplanned_outages", "ytd_unavailable_seconds".
    pub key: String,
    /// The section it belongs to.
    pub section: ReportArea,
    pub comparison: Comparison,
    /// The target as a number in the same unit as `actual` (share, seconds or count).
    pub target: f64,
    /// `None` when not measurable (n/a).
    pub actual: Option<f64>,
    /// `None` when not measurable.
    pub met: Option<bool>,
    /// Why the figure is not measured (then `actual` and `met` are `None`): `no_call_rows`
    /// (the call log has no row in the period), `no_ticket_data`, `no_change_data` (the input
    /// does not cover the period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
}

/// Where an unavailable interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutageSource {
    Incident,
    Change,
    Calls,
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
    /// Corrections whose excluded interval overlaps this one (SPEC §3.4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_by: Vec<String>,
    /// How much of it (ms, wall clock) those corrections exclude.
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded_ms: i64,
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
}

impl DiscrepancyKind {
    /// The name written in metrics.json.
    pub const fn as_str(self) -> &'static str {
        match self {
            DiscrepancyKind::DetectedWithoutIncident => "detected_without_incident",
            DiscrepancyKind::IncidentWithoutFailingCalls => "incident_without_failing_calls",
        }
    }
}

/// A reconciliation finding (SPEC §4.1.7), for intervals overlapping the month: a call-log
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
    pub per_day: Vec<DayAvailability>,
    pub ytd: YearToDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearToDate {
    pub year: i32,
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
    /// Per month 1..=report month: (month, unavailable_ms, outages).
    pub per_month: Vec<(u32, i64, u64)>,
    /// Per month 1..=report month: open time (ms) and the year's outages so far (an outage
    /// across a month end counts once), aligned with `per_month`.
    pub per_month_open_ms: Vec<i64>,
    pub per_month_ytd_outages: Vec<u64>,
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
    /// Answered calls in scope without responded_at (SPEC §9.8).
    pub answered_without_time: u64,
    pub percentiles: Percentiles,
    pub per_persons: Vec<PersonsRow>,
    pub per_day: Vec<PerformanceDay>,
    /// Histogram of response times: (upper bound ms exclusive, count); last bucket open.
    pub histogram: Vec<(i64, u64)>,
    /// The slowest calls over Tmax (evidence), at most 1000, slowest first.
    pub over_tmax_calls: Vec<SlowCall>,
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

/// One ticket's measured times. For orders, `resolution_*` is the lead time registered →
/// closed (calendar time unless the lead-time target names a clock, SPEC §9.22) against the
/// lead-time target when one is configured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketTimes {
    pub ticket_id: String,
    pub priority: Option<u8>,
    pub registered_at: Ms,
    pub responded_at: Option<Ms>,
    pub resolved_at: Option<Ms>,
    pub closed_at: Option<Ms>,
    /// Response time on the target's clock, ms (`None` if never responded).
    pub response_ms: Option<i64>,
    pub resolution_ms: Option<i64>,
    pub response_target_ms: Option<i64>,
    pub resolution_target_ms: Option<i64>,
    pub response_met: Option<bool>,
    pub resolution_met: Option<bool>,
    pub summary: String,
    pub security: bool,
    pub major: bool,
    /// Cause / root cause and action plan (incidents with an outage, problems).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cause: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub action_plan: String,
}

/// Which of a ticket's two times a target applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Response,
    Resolution,
}

impl Measure {
    pub const fn as_str(self) -> &'static str {
        match self {
            Measure::Response => "response",
            Measure::Resolution => "resolution",
        }
    }
}

/// A target written as in the config ("30 min", "2 wd (calendar)").
fn target_text<S: Serializer>(t: &Target, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub ticket_id: String,
    pub kind: String,
    pub priority: Option<u8>,
    pub measure: Measure,
    pub registered_at: Ms,
    /// The instant that ended the measured time (None: a response never given).
    pub ended_at: Option<Ms>,
    /// Target as written in the config ("30 min") and in ms on its clock.
    #[serde(serialize_with = "target_text")]
    pub target: Target,
    pub target_ms: i64,
    pub actual_ms: Option<i64>,
    pub excess_ms: Option<i64>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityRow {
    pub priority: u8,
    pub resolved: u64,
    pub response_within: u64,
    pub response_outside: u64,
    pub resolution_within: u64,
    pub resolution_outside: u64,
    pub response_share: Ratio,
    pub resolution_share: Ratio,
    pub response_median_ms: Option<i64>,
    pub response_max_ms: Option<i64>,
    pub resolution_median_ms: Option<i64>,
    pub resolution_max_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenTicket {
    pub ticket_id: String,
    pub priority: Option<u8>,
    pub registered_at: Ms,
    pub responded_at: Option<Ms>,
    /// Business time (support hours) from registration to month end, ms (SPEC §4.5).
    pub elapsed_ms: i64,
    pub resolution_target_ms: Option<i64>,
    /// Elapsed to month end on the resolution target's clock.
    pub resolution_ms: Option<i64>,
    /// Past the response or the resolution target at month end (either of the two below).
    pub already_breached: bool,
    /// Response time (on the response target's clock) to the response, or to month end when
    /// there was none before it.
    pub response_ms: Option<i64>,
    pub response_target_ms: Option<i64>,
    /// Not responded within the response target (responded late, or not yet and past it).
    pub response_breached: bool,
    /// Resolution target already past at month end.
    pub resolution_breached: bool,
    pub summary: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cause: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub action_plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MajorIncident {
    pub ticket: TicketTimes,
    pub outage_start: Option<Ms>,
    pub outage_end: Option<Ms>,
    pub cause: String,
    pub action_plan: String,
    pub provider: String,
}

/// Incidents or problems of the month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketArea {
    pub resolved: u64,
    pub response_breaches: u64,
    pub resolution_breaches: u64,
    pub per_priority: Vec<PriorityRow>,
    pub tickets: Vec<TicketTimes>,
    pub breaches: Vec<Breach>,
    pub open_at_month_end: Vec<OpenTicket>,
    pub major: Vec<MajorIncident>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Orders {
    pub closed: u64,
    pub lead_time_median_ms: Option<i64>,
    pub lead_time_p90_ms: Option<i64>,
    pub lead_time_max_ms: Option<i64>,
    pub target: Option<String>,
    pub within_target: Option<u64>,
    /// `within_target / closed` (not in metrics.json; the counts are).
    #[serde(skip)]
    pub within_target_share: Option<Ratio>,
    pub orders: Vec<TicketTimes>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub change_id: String,
    pub title: String,
    pub priority: Option<u8>,
    pub status: String,
    pub in_release: bool,
    pub notified_at: Option<Ms>,
    pub scheduled_start: Option<Ms>,
    pub scheduled_end: Option<Ms>,
    pub actual_start: Option<Ms>,
    pub actual_end: Option<Ms>,
    pub short_notice: bool,
    pub inside_open_time_ms: i64,
    pub overrun_ms: i64,
    pub overrun_notified: bool,
    /// Open-time ms counted as unavailable because of this change.
    pub unavailable_ms: i64,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    pub total: u64,
    pub by_status: Vec<(String, u64)>,
    /// Per priority (1–4, then none when any change lacks one): the count per status, in
    /// the order of `by_status` (agreement §4: "redovisas utifrån prioritet, gällande status").
    pub by_priority: Vec<PriorityStatus>,
    pub short_notice: u64,
    pub inside_open_time: u64,
    pub overruns: u64,
    pub overruns_not_notified: u64,
    pub changes: Vec<ChangeRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityStatus {
    pub priority: Option<u8>,
    pub total: u64,
    /// (status, count), every status in canonical order.
    pub by_status: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Security {
    /// Security incidents resolved in the month or open at its end.
    pub incidents: Vec<TicketTimes>,
    /// Those resolved in the month that missed the response or resolution target: the figure
    /// of the `security_incident_breaches` target row and of the report's security section
    /// (one count, so the two cannot disagree). Not in metrics.json (its target row has it).
    #[serde(skip)]
    pub breaches: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedCorrection {
    pub correction_id: String,
    pub applies_to: String,
    pub action: String,
    pub value: String,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: Option<Ms>,
    /// What it changed, in words (e.g. "excluded incident INC-7 outage").
    pub effect: String,
    /// The same, structured, for the report to put in its own language.
    pub effects: Vec<CorrectionEffect>,
    /// Whether it matched anything.
    pub matched: bool,
    /// The interval it applies to, when it applies to one (`applies_to` is then its UTC text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<(Ms, Ms)>,
    /// The span of time it concerns: its interval, or the instants that place the rows it
    /// matched in a month (before and after the correction). A correction concerning only
    /// later months (a year's corrections file) does not date an earlier month's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concerns: Option<(Ms, Ms)>,
}

/// What a correction did to one thing it matched (or why it did not apply).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CorrectionEffect {
    /// An interval removed from unavailable and degraded time; `measured_ms` of such time lay
    /// in it as measured.
    IntervalExcluded {
        measured_ms: i64,
    },
    /// Unavailable time in an interval counted as degraded instead.
    IntervalDegraded {
        measured_ms: i64,
    },
    /// An interval correction other than exclude / reclassify as degraded: not applied.
    IntervalNotApplied {
        action: String,
        value: String,
    },
    /// No call, ticket or change has the id.
    NoSuchId {
        id: String,
    },
    /// A call, ticket or change left out of every figure. `subject`: call | ticket | change.
    Excluded {
        subject: String,
        id: String,
    },
    TicketPriority {
        id: String,
        from: Option<u8>,
        to: u8,
    },
    TicketType {
        id: String,
        to: String,
    },
    OutageKind {
        id: String,
        to: String,
    },
    Planned {
        id: String,
        planned: bool,
    },
    ChangeStatus {
        id: String,
        to: String,
    },
    CallResult {
        id: String,
        from: String,
        to: String,
    },
    /// A field set by `set_field`.
    FieldSet {
        subject: String,
        id: String,
        field: String,
        value: String,
    },
    /// Not applied to `id`: `code` is `bad_value` (`value` is not valid for `field`),
    /// `cannot_clear`, `unknown_field`, `not_field_value` or `bad_class` (not a class a
    /// reclassify knows); `reason` is the English text of `effect`.
    NotApplied {
        subject: String,
        id: String,
        code: String,
        field: String,
        value: String,
        reason: String,
    },
}
