//! What every figure is computed from, and whether the inputs of a run can give it.
//!
//! Each KPI and each page-1 target declares its needs ([`needs`]): rows of the call log in the
//! month, the tickets or the changes covering the month, a canonical column of an input, a
//! ticket type anywhere in the input, or at least one of the sources that
//! `availability.source` names. A figure whose need is absent is *not measured*: `null` in
//! `kpis`, `"met": null` with a reason in `targets`, never a value, a met or a missed target.
//!
//! - a column is absent when some file of the input has no source for it (not mapped, not in
//!   the file, no constant, no event state);
//! - a ticket type is absent when the input holds no ticket of that type at all (a type that
//!   exists but has nothing in the month is a *vacuous* month: 0 of 0, met);
//! - availability rests on the sources that have data for the month (call rows; incident
//!   outages: the tickets cover the month, have incidents and an `outage_start` column; change
//!   windows: the changes cover the month with `actual_start` and `actual_end` columns); a
//!   subset of them is a measurement, none is not;
//! - a year-to-date figure over months that no input covers is a lower bound: its target is
//!   missed when the bound already breaks it, otherwise not measured ("covers N of M months").
//!
//! The first absent need in declaration order names the reason.

use serde::Serialize;

use super::coverage::Covered;
use crate::config::{AvailabilitySource, SlaConfig};
use crate::inputs::{InputKind, Inputs, TicketType};

/// One thing a figure is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// At least one call row received in the month.
    CallRows,
    /// The tickets cover the month.
    Tickets,
    /// The changes cover the month.
    Changes,
    /// A canonical column of an input.
    Column(InputKind, &'static str),
    /// At least one ticket of the type anywhere in the input.
    TicketsOf(TicketType),
    /// At least one of the availability sources has data for the month.
    Availability,
}

use InputKind::{Calls as C, Changes as G, Tickets as T};
use Need::*;
use TicketType::{Incident as I, Order as O, Problem as P};

const INCIDENT_RESPONSE: &[Need] = &[
    Tickets,
    TicketsOf(I),
    Column(T, "resolved_at"),
    Column(T, "responded_at"),
];
const INCIDENT_RESOLUTION: &[Need] = &[Tickets, TicketsOf(I), Column(T, "resolved_at")];
const PROBLEM_RESPONSE: &[Need] = &[
    Tickets,
    TicketsOf(P),
    Column(T, "resolved_at"),
    Column(T, "responded_at"),
];
const PROBLEM_RESOLUTION: &[Need] = &[Tickets, TicketsOf(P), Column(T, "resolved_at")];
const ORDERS: &[Need] = &[Tickets, TicketsOf(O), Column(T, "closed_at")];
const PERFORMANCE: &[Need] = &[CallRows, Column(C, "responded_at")];

/// What the KPI or target `key` is computed from (empty: from the calendar or the counts of
/// rows read, always measured).
pub fn needs(key: &str) -> &'static [Need] {
    match key {
        "unavailable_seconds"
        | "availability"
        | "unplanned_outages"
        | "degraded_seconds"
        | "ytd_unavailable_seconds"
        | "ytd_unplanned_outages" => &[Availability],
        "calls_incoming"
        | "calls_answered"
        | "delivery_precision"
        | "peak_calls_per_second"
        | "peak_calls_per_minute" => &[CallRows],
        "municipalities" => &[CallRows, Column(C, "municipality")],
        k if k.starts_with("perf_") || k.starts_with("response_") => PERFORMANCE,
        "incidents_resolved" | "incidents_resolution_breaches" | "incidents_open_at_month_end" => {
            INCIDENT_RESOLUTION
        }
        "incidents_response_breaches" | "security_incident_breaches" => INCIDENT_RESPONSE,
        "problems_resolved" | "problems_resolution_breaches" => PROBLEM_RESOLUTION,
        "problems_response_breaches" => PROBLEM_RESPONSE,
        "orders_closed" | "orders_lead_time_median_seconds" | "orders_outside_target" => ORDERS,
        "changes_total" => &[Changes],
        "changes_short_notice" => &[Changes, Column(G, "notified_at")],
        "changes_overruns" => &[Changes, Column(G, "scheduled_end"), Column(G, "actual_end")],
        _ => &[],
    }
}

/// Why a figure is not measured: a stable code, its detail (the column `input.column`, the
/// ticket type, or `N/M` months), and an English sentence for metrics.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absent {
    /// `no_call_rows`, `no_ticket_data`, `no_change_data`, `no_column`, `no_tickets_of_type`,
    /// `no_availability_source` or `partial_year`.
    pub code: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub reason: String,
}

impl Absent {
    pub fn new(code: &'static str, detail: String) -> Self {
        let reason = match code {
            "no_call_rows" => "no call row received in the month".to_string(),
            "no_ticket_data" => "the tickets do not cover the month".to_string(),
            "no_change_data" => "the changes do not cover the month".to_string(),
            "no_column" => format!("no column {detail} in the input"),
            "no_tickets_of_type" => format!("no {detail} ticket in the input"),
            "no_calls_in_scope" => "no call in the performance measure".to_string(),
            "no_availability_source" => {
                "none of the availability sources has data for the month".to_string()
            }
            "partial_year" => {
                let (n, m) = detail.split_once('/').unwrap_or(("0", "0"));
                format!("covers {n} of {m} months")
            }
            _ => code.to_string(),
        };
        Absent {
            code,
            detail,
            reason,
        }
    }
}

/// The availability sources, as `availability.sources_used` names them.
pub const SOURCE_CALLS: &str = "calls";
pub const SOURCE_INCIDENTS: &str = "incidents";
pub const SOURCE_CHANGES: &str = "changes";

/// What the inputs of a run give for one month (metrics.json `basis`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Basis {
    /// Which inputs cover the month.
    #[serde(rename = "covers")]
    pub cov: Covered,
    /// Per input (calls, tickets, changes): the canonical columns with a source.
    #[serde(serialize_with = "columns_map")]
    columns: [Vec<&'static str>; 3],
    /// Per ticket type (incident, problem, order): any ticket of it in the input.
    #[serde(skip)]
    types: [bool; 3],
    /// The availability sources the config names that have data for the month, and those
    /// that do not.
    pub sources_used: Vec<&'static str>,
    pub sources_missing: Vec<&'static str>,
    /// Months of the year up to the report month that an availability source covers, and
    /// how many months that is in all.
    pub ytd_covered: u32,
    pub ytd_months: u32,
}

/// `columns` of metrics.json `basis`: `{ "calls": [...], "tickets": [...], "changes": [...] }`.
fn columns_map<S: serde::Serializer>(c: &[Vec<&'static str>; 3], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(3))?;
    for (name, cols) in ["calls", "tickets", "changes"].iter().zip(c) {
        m.serialize_entry(name, cols)?;
    }
    m.end()
}

fn input_index(kind: InputKind) -> usize {
    match kind {
        InputKind::Calls => 0,
        InputKind::Tickets => 1,
        _ => 2,
    }
}

fn type_index(t: TicketType) -> usize {
    match t {
        TicketType::Incident => 0,
        TicketType::Problem => 1,
        TicketType::Order => 2,
    }
}

/// The availability sources `cfg` names that have data for a month covered as `cov`, and
/// those that do not: the call log when it has rows in the month; incident outages when the
/// tickets cover the month, hold incidents and have an `outage_start` column; change windows
/// when the changes cover the month with `actual_start` and `actual_end` columns.
pub fn availability_sources(
    inputs: &Inputs,
    cfg: &SlaConfig,
    cov: Covered,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let (calls, incidents, changes) = match cfg.availability.source {
        AvailabilitySource::Calls => (true, false, false),
        AvailabilitySource::Incidents => (false, true, true),
        AvailabilitySource::Union => (true, true, true),
    };
    let mut used = Vec::new();
    let mut missing = Vec::new();
    let mut put = |named: bool, name: &'static str, has_data: bool| {
        if named {
            if has_data {
                used.push(name);
            } else {
                missing.push(name);
            }
        }
    };
    put(calls, SOURCE_CALLS, cov.calls);
    put(
        incidents,
        SOURCE_INCIDENTS,
        cov.tickets
            && inputs.has_column(T, "outage_start")
            && inputs.tickets.iter().any(|t| t.kind == I),
    );
    put(
        changes,
        SOURCE_CHANGES,
        cov.changes && inputs.has_column(G, "actual_start") && inputs.has_column(G, "actual_end"),
    );
    (used, missing)
}

impl Basis {
    /// The basis of a month covered as `cov`, with `ytd_covered` of its `ytd_months` months of
    /// the year covered by an availability source.
    pub fn new(
        inputs: &Inputs,
        has_calls: bool,
        cfg: &SlaConfig,
        cov: Covered,
        ytd_covered: u32,
        ytd_months: u32,
    ) -> Self {
        // An input neither given nor holding rows has no columns (inputs built in memory,
        // without files, have every column).
        let rows = [
            has_calls,
            !inputs.tickets.is_empty(),
            !inputs.changes.is_empty(),
        ];
        let columns = [C, T, G].map(|k| {
            if inputs.given(k) || rows[input_index(k)] {
                inputs.columns_of(k)
            } else {
                Vec::new()
            }
        });
        let mut types = [false; 3];
        for t in &inputs.tickets {
            types[type_index(t.kind)] = true;
        }
        let (sources_used, sources_missing) = availability_sources(inputs, cfg, cov);
        Basis {
            cov,
            columns,
            types,
            sources_used,
            sources_missing,
            ytd_covered,
            ytd_months,
        }
    }

    /// Every input given with every column, covering the month (for callers that measure
    /// without inputs of their own).
    pub fn all() -> Self {
        Basis {
            cov: Covered::ALL,
            columns: [C, T, G].map(|k| crate::inputs::catalog::spec(k).canon.to_vec()),
            types: [true; 3],
            sources_used: vec![SOURCE_CALLS, SOURCE_INCIDENTS, SOURCE_CHANGES],
            sources_missing: Vec::new(),
            ytd_covered: 1,
            ytd_months: 1,
        }
    }

    /// Whether column `c` of input `kind` has a source.
    pub fn has_column(&self, kind: InputKind, c: &str) -> bool {
        self.columns[input_index(kind)].contains(&c)
    }

    /// Whether the input holds any ticket of type `t`.
    pub fn has_type(&self, t: TicketType) -> bool {
        self.types[type_index(t)]
    }

    /// Why the figure `key` is not measured, if it is not (year-to-date lower bounds: see
    /// [`Basis::ytd_partial`]).
    pub fn absent(&self, key: &str) -> Option<Absent> {
        for need in needs(key) {
            let missing = match *need {
                CallRows => (!self.cov.calls).then(|| Absent::new("no_call_rows", String::new())),
                Tickets => {
                    (!self.cov.tickets).then(|| Absent::new("no_ticket_data", String::new()))
                }
                Changes => {
                    (!self.cov.changes).then(|| Absent::new("no_change_data", String::new()))
                }
                Column(kind, c) => (!self.has_column(kind, c))
                    .then(|| Absent::new("no_column", format!("{}.{c}", kind.as_str()))),
                TicketsOf(t) => (!self.has_type(t))
                    .then(|| Absent::new("no_tickets_of_type", t.as_str().to_string())),
                Availability => {
                    let none = self.sources_used.is_empty()
                        || (key.starts_with("ytd_") && self.ytd_covered == 0);
                    none.then(|| Absent::new("no_availability_source", String::new()))
                }
            };
            if missing.is_some() {
                return missing;
            }
        }
        None
    }

    /// For a year-to-date figure over a year not every month of which is covered: the reason
    /// its target is not measured when the lower bound does not already break it.
    pub fn ytd_partial(&self) -> Option<Absent> {
        (self.ytd_covered < self.ytd_months).then(|| {
            Absent::new(
                "partial_year",
                format!("{}/{}", self.ytd_covered, self.ytd_months),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_key_with_an_input_declares_its_needs() {
        // Keys computed from the calendar or from the read counts need nothing.
        for key in ["open_seconds", "rows_read", "rows_rejected"] {
            assert!(needs(key).is_empty(), "{key}");
        }
        for key in [
            "availability",
            "perf_calls",
            "response_p50_ms",
            "municipalities",
            "incidents_response_breaches",
            "problems_resolved",
            "orders_closed",
            "changes_total",
        ] {
            assert!(!needs(key).is_empty(), "{key}");
        }
    }

    #[test]
    fn the_first_absent_need_names_the_reason() {
        let mut b = Basis::all();
        b.columns[1].retain(|c| *c != "responded_at");
        let a = b.absent("incidents_response_breaches").unwrap();
        assert_eq!(
            (a.code, a.detail.as_str()),
            ("no_column", "tickets.responded_at")
        );
        assert_eq!(a.reason, "no column tickets.responded_at in the input");
        assert_eq!(b.absent("incidents_resolution_breaches"), None);
        b.types[1] = false;
        let a = b.absent("problems_response_breaches").unwrap();
        assert_eq!(
            (a.code, a.detail.as_str()),
            ("no_tickets_of_type", "problem")
        );
        b.cov.tickets = false;
        assert_eq!(
            b.absent("problems_resolved").unwrap().code,
            "no_ticket_data"
        );
    }

    #[test]
    fn a_partial_year_reads_covers_n_of_m_months() {
        let mut b = Basis::all();
        (b.ytd_covered, b.ytd_months) = (1, 3);
        assert_eq!(b.ytd_partial().unwrap().reason, "covers 1 of 3 months");
        (b.ytd_covered, b.ytd_months) = (3, 3);
        assert_eq!(b.ytd_partial(), None);
        b.ytd_covered = 0;
        assert_eq!(
            b.absent("ytd_unavailable_seconds").unwrap().code,
            "no_availability_source"
        );
    }
}
