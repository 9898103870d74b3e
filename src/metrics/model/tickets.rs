//! The ticket figures of metrics.json: response and resolution times per priority, breaches,
//! open tickets, orders, changes, security, and the corrections applied.

use serde::{Deserialize, Serialize, Serializer};

use super::super::kpis::Ratio;
use crate::calendar::Ms;
use crate::config::Target;

/// One ticket's measured times. For orders, `resolution_*` is the lead time registered →
/// closed (calendar time unless the lead-time target names a clock, M7.6) against the
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
    /// Business time (support hours) from registration to month end, ms (M7).
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

/// What a correction did to one thing it matched (or why it did not apply). Read back from an
/// archived month's metrics.json by the annual report, to say it in the report's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
