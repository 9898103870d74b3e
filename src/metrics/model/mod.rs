//! The computed figures of one month: the stable `kpis` plus every breakdown and list the report
//! shows. Serialised as metrics.json. Instants are UTC milliseconds (`*_at`, `start`, `end`);
//! the report model turns them into local text. No formatting happens here.
//!
//! Layers: `calllog`, `facts`, `service`, `tickets` and `year` use none of each other, only
//! this module.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod calllog;
mod facts;
mod service;
mod tickets;
mod year;

pub use calllog::*;
pub use facts::*;
pub use service::*;
pub use tickets::*;
pub use year::*;

use super::kpis::{Kpis, Ratio};
use crate::calendar::{Month, Ms};

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
    /// Why each `null` key of `kpis` (and `kpis_as_measured`) is not measured: `code`,
    /// `detail` and `reason` as in `targets`.
    pub kpis_not_measured: BTreeMap<String, super::basis::Absent>,
    /// What the inputs give for the month: which inputs cover it, the canonical columns with
    /// a source per input, the availability sources with and without data, and the months of
    /// the year an availability source covers.
    pub basis: super::basis::Basis,
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
    pub summary: Summary,
    /// The page-1 figures per month of the year so far, and the year's downtime budget.
    pub trend: Trend,
    /// What the month keeps for the year: its unavailable spans in exact ms, coverage and
    /// calls (see [`super::history`]).
    pub year_carry: YearCarry,
    /// Where each month of the year so far came from (archive, inputs, none): only when an
    /// archive of earlier months was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Provenance>,
    /// Rows read, used and rejected per input and the reject reasons (appendix B; not in
    /// metrics.json, whose `kpis` have the totals).
    #[serde(skip)]
    pub data_quality: super::data_quality::DataQuality,
}

/// The areas of the agreement's §4.1 table: the report's sections and the `[report]` keys,
/// written as those keys ("incidents", "availability", …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Why the figure is not measured (then `met` is `None`, and `actual` too unless it is a
    /// year-to-date lower bound): `no_call_rows` (the call log has no row in the period),
    /// `no_ticket_data`, `no_change_data` (the input does not cover the period), `no_column`
    /// (a column it needs has no source), `no_tickets_of_type` (no ticket of its type in the
    /// input), `no_availability_source`, `no_calls_in_scope`, `partial_year` (a year-to-date
    /// lower bound within its target over a year not every month of which is covered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
    /// The code's detail: the column (`tickets.responded_at`), the ticket type, or `N/M`
    /// months covered.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The reason in words (English), e.g. "no column tickets.responded_at in the input",
    /// "covers 1 of 3 months".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl TargetStatus {
    /// Mark the row not measured for `a`.
    pub fn set_reason(&mut self, a: super::basis::Absent) {
        self.not_measured = Some(a.code.to_string());
        self.detail = a.detail;
        self.reason = Some(a.reason);
    }
}
