//! Which inputs cover a period: a figure is only a measurement when the input it is
//! computed from covers the period. No data must never read as a met target.
//!
//! Each row belongs to the month of one instant, the one that places it in a month's figures:
//! a call its `received_at`; an incident or problem its `resolved_at` (M7; an open one
//! its `registered_at`), an order its `closed_at`; a change its scheduled start, else its actual
//! start (M8.1). An input *covers* a month when:
//! - calls: at least one call belongs to it — a service with thousands of calls a day has no
//!   quiet month, so a month without a call row is a month the log does not cover;
//! - tickets, changes: the month overlaps the span from the first to the last such instant of
//!   the input — a month inside the export's span without a row is a quiet month (zero is a
//!   real figure), one outside it is not in the export.

use serde::{Deserialize, Serialize};

use crate::calendar::Ms;
use crate::inputs::{Calls, Change, Inputs, Ticket, TicketType};

/// One input's rows in the period and its span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputCoverage {
    /// `calls` | `tickets` | `changes`.
    pub input: String,
    /// Rows used from the input, all periods.
    pub rows: u64,
    /// Rows that belong to the period.
    pub rows_in_period: u64,
    /// The first and last instant that places a row in a month (see the module doc).
    pub first: Option<Ms>,
    pub last: Option<Ms>,
    pub covers: bool,
}

/// The inputs of a period, in the order calls, tickets, changes.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Coverage {
    pub inputs: Vec<InputCoverage>,
}

/// Whether each input covers a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Covered {
    pub calls: bool,
    pub tickets: bool,
    pub changes: bool,
}

impl Covered {
    /// Every input covers (for callers that do not ask).
    pub const ALL: Covered = Covered {
        calls: true,
        tickets: true,
        changes: true,
    };
}

impl Coverage {
    pub fn covered(&self) -> Covered {
        let of = |name: &str| self.inputs.iter().any(|c| c.input == name && c.covers);
        Covered {
            calls: of("calls"),
            tickets: of("tickets"),
            changes: of("changes"),
        }
    }
}

/// The instant that places a ticket in a month.
pub fn ticket_anchor(t: &Ticket) -> Ms {
    let outcome = match t.kind {
        TicketType::Order => t.closed_at,
        _ => t.resolved_at,
    };
    outcome.unwrap_or(t.registered_at)
}

/// The instant that places a change in a month, if any.
pub fn change_anchor(c: &Change) -> Option<Ms> {
    c.scheduled_start.or(c.actual_start)
}

/// The instants of the inputs that place rows in months, precomputed once for many periods.
pub struct Anchors<'a> {
    calls: &'a Calls,
    tickets: Vec<Ms>,
    changes: Vec<Ms>,
    /// Rows of the changes input (a change with neither start has no anchor).
    change_rows: u64,
}

impl<'a> Anchors<'a> {
    pub fn new(inputs: &Inputs, calls: &'a Calls) -> Self {
        let mut tickets: Vec<Ms> = inputs.tickets.iter().map(ticket_anchor).collect();
        tickets.sort_unstable();
        let mut changes: Vec<Ms> = inputs.changes.iter().filter_map(change_anchor).collect();
        changes.sort_unstable();
        Anchors {
            calls,
            tickets,
            changes,
            change_rows: inputs.changes.len() as u64,
        }
    }

    /// Coverage of `[start, end)`.
    pub fn coverage(&self, start: Ms, end: Ms) -> Coverage {
        let calls = self.calls.range(start, end).len() as u64;
        let sorted = |input: &str, v: &[Ms], rows: u64| {
            let (first, last) = (v.first().copied(), v.last().copied());
            let in_period =
                (v.partition_point(|&t| t < end) - v.partition_point(|&t| t < start)) as u64;
            InputCoverage {
                input: input.to_string(),
                rows,
                rows_in_period: in_period,
                first,
                last,
                covers: matches!((first, last), (Some(a), Some(b)) if a < end && b >= start),
            }
        };
        let n = self.calls.len();
        Coverage {
            inputs: vec![
                InputCoverage {
                    input: "calls".into(),
                    rows: n as u64,
                    rows_in_period: calls,
                    first: (n > 0).then(|| self.calls.received[0]),
                    last: (n > 0).then(|| self.calls.received[n - 1]),
                    covers: calls > 0,
                },
                sorted("tickets", &self.tickets, self.tickets.len() as u64),
                sorted("changes", &self.changes, self.change_rows),
            ],
        }
    }

    pub fn covered(&self, start: Ms, end: Ms) -> Covered {
        self.coverage(start, end).covered()
    }
}
