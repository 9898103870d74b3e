//! The call log outside the report month, as the figures keep it (M12.7): the types a
//! [`crate::metrics::span::SpanFold`] fills, month by month, and the view of the log every
//! area measures on ([`CallLog`]). Not serialised.

use super::super::coverage::CallsSeen;
use super::super::Ctx;
use super::SilentPeriod;
use crate::calendar::{month_bounds, Ms};
use crate::inputs::Calls;

/// A failure run of the whole log (M3.3), as the availability intervals need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRun {
    pub start: Ms,
    pub end: Ms,
    /// The id of the run's first call.
    pub reference: String,
    pub count: u64,
}

/// One earlier month of the report year, from its calls.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthCalls {
    pub calls: u64,
    pub answered: u64,
    /// Calls in the performance scope, within T90 and over Tmax.
    pub perf: (u64, u64, u64),
    /// Peak calls per second and per minute (zero when capacity is not reported).
    pub peaks: (u64, u64),
    /// Silent periods (only when silence counts as unavailable).
    pub silences: Vec<SilentPeriod>,
}

/// What the figures need of the whole call log (see the module doc).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallSpan {
    pub unavailable_runs: Vec<SpanRun>,
    pub degraded_runs: Vec<SpanRun>,
    /// Months 1 to the month before the report month, in order.
    pub months: Vec<MonthCalls>,
    /// `received_at` of every outage-failure call, in call order.
    pub failing: Vec<Ms>,
    /// Calls in the whole log, and its first and last `received_at`.
    pub rows: u64,
    pub first: Option<Ms>,
    pub last: Option<Ms>,
}

impl CallSpan {
    /// The earlier month `m` of the report year (1-based), if folded.
    pub fn month(&self, m: u32) -> Option<&MonthCalls> {
        self.months.get((m as usize).checked_sub(1)?)
    }

    /// Whether an outage-failure call was received in `[start, end)`.
    pub fn any_failing_in(&self, start: Ms, end: Ms) -> bool {
        let i = self.failing.partition_point(|&t| t < start);
        self.failing.get(i).is_some_and(|&t| t < end)
    }
}

/// The call log as the figures see it: the report month's calls in full (`calls` holds at
/// least every call of the report month) and the whole log folded (`span`).
#[derive(Debug, Clone, Copy)]
pub struct CallLog<'a> {
    pub calls: &'a Calls,
    pub span: &'a CallSpan,
}

impl<'a> CallLog<'a> {
    /// What coverage needs of the log, for the report year of `ctx`.
    pub fn seen(&self, ctx: &Ctx) -> CallsSeen<'a> {
        let span = self.span;
        CallsSeen {
            own: self.calls,
            rows: span.rows,
            first: span.first,
            last: span.last,
            months: (1..ctx.month)
                .filter_map(|m| {
                    let (s, e) = month_bounds(ctx.cals.tz, ctx.year, m);
                    Some((s, e, span.month(m)?.calls))
                })
                .collect(),
        }
    }
}
