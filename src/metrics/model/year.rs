//! The year so far as metrics.json records it: the trend rows ([`Trend`], computed by
//! [`crate::metrics::trend`]), what a month carries for the year ([`YearCarry`]) and where each
//! month's figures came from ([`Provenance`]), both from [`crate::metrics::history`].

use serde::{Deserialize, Serialize};

use super::TargetStatus;
use crate::metrics::coverage::Covered;
use crate::metrics::intervals::Span;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Trend {
    pub year: i32,
    /// January to the report month.
    pub months: Vec<TrendMonth>,
    /// The year's downtime budget (ms).
    pub budget_ms: i64,
    /// Whether any month before the report month is covered by an input.
    pub earlier_months_covered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendMonth {
    pub month: u32,
    pub covered: Covered,
    /// Call rows received in the month.
    pub calls: u64,
    /// The page-1 targets of the month, as on that month's page 1.
    pub targets: Vec<TargetStatus>,
    pub open_ms: i64,
    /// `null` when no availability source covers the month.
    pub unavailable_ms: Option<i64>,
    /// Downtime of the year up to the month's end over the covered months (the burn-down, a
    /// lower bound when a month is not covered); `null` when the month is not covered.
    pub ytd_unavailable_ms: Option<i64>,
}

/// What a month keeps for the year (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct YearCarry {
    /// The `merge_gap` the month's outages were counted with (ms).
    pub merge_gap_ms: i64,
    /// Union of the counted unavailable intervals after corrections, unclipped, each span that
    /// overlaps the month `[start, end)`; sorted and disjoint, UTC ms.
    pub unavailable_spans: Vec<Span>,
    /// The same as measured, before corrections.
    pub unavailable_spans_as_measured: Vec<Span>,
    /// Whether an input the availability source uses covered the month.
    pub availability_covered: bool,
    /// Which inputs covered the month.
    pub covered: Covered,
    /// Call rows received in the month.
    pub calls_received: u64,
}

/// Where an archived month came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchivedSource {
    /// The folder or PDF, relative to the archive's root.
    pub path: String,
    pub metrics_sha256: String,
    pub manifest_sha256: String,
    pub config_sha256: String,
    pub config_version: String,
    /// Whether the config hash differs from the report's.
    pub config_differs: bool,
}

/// Where one month's figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthSource {
    /// An archived report of the month.
    Archive,
    /// The inputs given (they cover it).
    Inputs,
    /// Neither: no figure ("ingen data").
    None,
}

/// The provenance of each month of the year so far (the `history` key of metrics.json; only
/// when the report was made with an archive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub months: Vec<ProvenanceMonth>,
    /// Archived months made under another SLA config (hash) than the report's.
    pub config_differs: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvenanceMonth {
    pub month: u32,
    pub source: MonthSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchivedSource>,
}
