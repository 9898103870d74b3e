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
//!
//! The data cannot tell whether an export that covers a month holds all of it. The span shown
//! to the reader is that of the instants the input measures from: a ticket's clocks start at
//! `registered_at`, so a ticket span starts at the first registration (and ends at the last
//! instant of any ticket); a change's at its window (scheduled and actual start and end); the
//! month's calls at their `received_at`. When that span does not reach into the month's first
//! and last 24 hours, the coverage is *partial* (`whole` false) and the report says so.

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
    /// Those instants reach into the period's first and last 24 hours (see the module doc).
    pub whole: bool,
    /// The span of the instants the input measures from (see the module doc).
    pub measured_first: Option<Ms>,
    pub measured_last: Option<Ms>,
}

/// Within a day of the period's edges, so a quiet first or last night is not "partial".
const EDGE_MS: Ms = 86_400_000;

fn whole(first: Option<Ms>, last: Option<Ms>, start: Ms, end: Ms) -> bool {
    matches!((first, last), (Some(a), Some(b)) if a < start + EDGE_MS && b >= end - EDGE_MS)
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

/// What coverage needs of the call log (M12.7): the calls held (every call of the report
/// month, at least), the whole log's size and first and last call, and the calls received in
/// each earlier month of the report year as `(start, end, calls)`.
#[derive(Debug, Clone)]
pub struct CallsSeen<'a> {
    pub own: &'a Calls,
    pub rows: u64,
    pub first: Option<Ms>,
    pub last: Option<Ms>,
    pub months: Vec<(Ms, Ms, u64)>,
}

/// The instants of the inputs that place rows in months, precomputed once for many periods.
pub struct Anchors<'a> {
    /// The call log as the figures keep it (M12.7).
    log: CallsSeen<'a>,
    tickets: Vec<Ms>,
    changes: Vec<Ms>,
    /// Rows of the changes input (a change with neither start has no anchor).
    change_rows: u64,
    /// The measuring spans of tickets and changes (see the module doc).
    ticket_span: (Option<Ms>, Option<Ms>),
    change_span: (Option<Ms>, Option<Ms>),
}

/// The first and last of some instants.
fn span(it: impl Iterator<Item = Ms>) -> (Option<Ms>, Option<Ms>) {
    it.fold((None, None), |(a, b): (Option<Ms>, Option<Ms>), t| {
        (
            Some(a.map_or(t, |a| a.min(t))),
            Some(b.map_or(t, |b| b.max(t))),
        )
    })
}

impl<'a> Anchors<'a> {
    pub fn new(inputs: &Inputs, log: CallsSeen<'a>) -> Self {
        let mut tickets: Vec<Ms> = inputs.tickets.iter().map(ticket_anchor).collect();
        tickets.sort_unstable();
        let mut changes: Vec<Ms> = inputs.changes.iter().filter_map(change_anchor).collect();
        changes.sort_unstable();
        let first_registered = span(inputs.tickets.iter().map(|t| t.registered_at)).0;
        let ticket_last = span(inputs.tickets.iter().flat_map(|t| {
            [
                Some(t.registered_at),
                t.responded_at,
                t.resolved_at,
                t.closed_at,
            ]
            .into_iter()
            .flatten()
        }))
        .1;
        let change_span = span(inputs.changes.iter().flat_map(|c| {
            [
                c.scheduled_start,
                c.scheduled_end,
                c.actual_start,
                c.actual_end,
            ]
            .into_iter()
            .flatten()
        }));
        Anchors {
            log,
            tickets,
            changes,
            change_rows: inputs.changes.len() as u64,
            ticket_span: (first_registered, ticket_last),
            change_span,
        }
    }

    /// Coverage of `[start, end)`.
    pub fn coverage(&self, start: Ms, end: Ms) -> Coverage {
        let calls = self.calls_in(start, end);
        let sorted = |input: &str, v: &[Ms], rows: u64, measured: (Option<Ms>, Option<Ms>)| {
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
                whole: whole(measured.0, measured.1, start, end),
                measured_first: measured.0,
                measured_last: measured.1,
            }
        };
        let n = self.log.rows;
        // The month's own first and last call: a log with calls only in mid-month is partial.
        let own = self.log.own;
        let month = own.range(start, end);
        let (mf, ml) = if month.is_empty() {
            (None, None)
        } else {
            (
                Some(own.received[month.start]),
                Some(own.received[month.end - 1]),
            )
        };
        let (cf, cl) = (self.log.first, self.log.last);
        Coverage {
            inputs: vec![
                InputCoverage {
                    input: "calls".into(),
                    rows: n,
                    rows_in_period: calls,
                    first: cf,
                    last: cl,
                    covers: calls > 0,
                    whole: whole(mf, ml, start, end),
                    measured_first: cf,
                    measured_last: cl,
                },
                sorted(
                    "tickets",
                    &self.tickets,
                    self.tickets.len() as u64,
                    self.ticket_span,
                ),
                sorted("changes", &self.changes, self.change_rows, self.change_span),
            ],
        }
    }

    /// Calls received in `[start, end)`: an earlier month of the report year from the fold,
    /// any other period from the calls held (the report month's, at least).
    fn calls_in(&self, start: Ms, end: Ms) -> u64 {
        match self.log.months.iter().find(|m| (m.0, m.1) == (start, end)) {
            Some(m) => m.2,
            None => self.log.own.range(start, end).len() as u64,
        }
    }

    pub fn covered(&self, start: Ms, end: Ms) -> Covered {
        self.coverage(start, end).covered()
    }
}

#[cfg(test)]
mod tests {
    use super::{span, whole, EDGE_MS};

    /// March 2026 as instants: [start, end) with a 31-day month of whole days (the 24 h edge
    /// is in instants, so the DST switch inside the month does not matter here).
    const START: i64 = 1_000_000_000_000;
    const END: i64 = START + 31 * EDGE_MS;

    #[test]
    fn whole_needs_the_span_inside_the_first_and_last_24_hours() {
        // Reaching exactly one day in from each edge is not enough at the start (< is strict)
        // and is enough at the end (>=).
        assert!(whole(Some(START), Some(END - 1), START, END));
        assert!(whole(
            Some(START + EDGE_MS - 1),
            Some(END - EDGE_MS),
            START,
            END
        ));
        assert!(!whole(Some(START + EDGE_MS), Some(END - 1), START, END));
        assert!(!whole(Some(START), Some(END - EDGE_MS - 1), START, END));
        // From before the month to after it.
        assert!(whole(Some(START - 5), Some(END + 5), START, END));
        assert!(!whole(None, None, START, END));
    }

    #[test]
    fn span_is_the_first_and_last_instant() {
        assert_eq!(span([5, 3, 9, 4].into_iter()), (Some(3), Some(9)));
        assert_eq!(span(std::iter::empty()), (None, None));
    }
}
