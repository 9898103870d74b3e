//! The facts page 1 opens with, as computed by [`crate::metrics::summary`] (the `summary`
//! key of metrics.json): missed targets, outages, open tickets past a target, figures a
//! correction changed, targets not measured, and the report's date.

use serde::Serialize;

use super::OutageSource;
use crate::calendar::Ms;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Summary {
    /// The report's date, local `YYYY-MM-DD`: the later of the first day after the month and
    /// the local date of the latest approval of a correction that was applied (matched). A
    /// report that applies a decision is never dated before the decision.
    pub report_date: String,
    /// How many targets were met (not in metrics.json; `targets` has each one).
    #[serde(skip)]
    pub met: u64,
    pub missed: Vec<MissedTarget>,
    pub not_measured: Vec<NotMeasured>,
    pub outages: Vec<OutageFact>,
    pub open_past_target: Vec<OpenPastTarget>,
    /// Page-1 figures that the corrections changed.
    pub corrected: Vec<CorrectedFigure>,
}

/// A target not met: `by` is how far the actual is on the wrong side of the target, in the
/// target's unit (a share, seconds or a count).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedTarget {
    pub key: String,
    pub comparison: super::Comparison,
    pub target: f64,
    pub actual: f64,
    pub by: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotMeasured {
    pub key: String,
    /// As [`TargetStatus::not_measured`], or `no_data` when the figure has no value.
    pub reason: String,
    /// As [`TargetStatus::detail`].
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// One counted (merge_gap-merged) outage of the month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutageFact {
    pub outage_no: u32,
    pub start: Ms,
    pub end: Ms,
    /// Length within open time and on the wall clock (the sum over its merged spans).
    pub open_ms: i64,
    pub wall_ms: i64,
    pub sources: Vec<OutageSource>,
    pub incident_ids: Vec<String>,
    pub change_ids: Vec<String>,
}

/// An open ticket past one of its targets at month end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenPastTarget {
    pub ticket_id: String,
    /// `incident` | `problem`.
    pub kind: String,
    pub priority: Option<u8>,
    /// `response` | `resolution`.
    pub measure: String,
    /// Elapsed on the target's clock (to the response, or to month end) and the target, ms.
    pub actual_ms: Option<i64>,
    pub target_ms: Option<i64>,
}

/// A page-1 figure before and after corrections (the kpi's or target's key; `available_seconds`
/// is open minus unavailable time).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectedFigure {
    pub key: String,
    pub as_measured: Option<f64>,
    pub corrected: Option<f64>,
}
