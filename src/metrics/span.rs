//! The whole call log, folded month by month (M12.7): what the figures need of the calls
//! outside the report month, kept as a few numbers per month instead of the calls.
//!
//! The report month's own figures are measured on its calls (the in-memory [`Calls`]); every
//! other use of the call log goes through a [`CallSpan`]:
//! - the failure runs of the whole log, in call order (M3.3), outage failures and degraded,
//!   a run carried from one piece of the log to the next, so a run across a month end is one;
//! - per earlier month of the report year: calls received and answered, the performance
//!   scope's counts (M4.1, M4.4, M4.5), the peaks (M6.2) when capacity is reported, and the
//!   silent periods (M3.14) when they count as unavailable;
//! - the instants of the outage-failure calls (an incident outage needs one inside it, M3.12);
//! - the calls received in each month of the year, and the log's first and last call.
//!
//! A [`SpanFold`] is fed the log in call order (M3.2), in pieces that each hold every call of
//! the months of the report year they reach: the whole log in memory as one piece, or one
//! month at a time from the reader's spill. The result is the same either way, so a run over
//! any span of months keeps only one month's calls at a time.

use rayon::prelude::*;

use super::model::{CallSpan, MonthCalls, SpanRun};
use super::{capacity, performance, Ctx};
use crate::calendar::{month_bounds, Ms};
use crate::config::SilenceMode;
use crate::inputs::Calls;

/// The span of a log held whole in memory.
pub fn of(calls: &Calls, ctx: &Ctx) -> CallSpan {
    let mut fold = SpanFold::new(ctx);
    fold.feed(calls);
    fold.finish()
}

/// A run being scanned: the first call's instant and id (the id only once the run outlives
/// the piece it started in), its length and last call.
#[derive(Debug)]
struct OpenRun {
    start: Ms,
    first: Option<usize>,
    reference: String,
    count: u64,
    last: Ms,
}

/// Maximal runs of consecutive calls meeting a predicate, over pieces of the log (M3.3): a run
/// ends at the next call not in it, or at its own last call when the log ends.
#[derive(Debug)]
struct RunScan {
    min_ms: i64,
    min_calls: u64,
    open: Option<OpenRun>,
    out: Vec<SpanRun>,
}

impl RunScan {
    fn new(min_ms: i64, min_calls: u64) -> Self {
        RunScan {
            min_ms,
            min_calls,
            open: None,
            out: Vec::new(),
        }
    }

    fn close(&mut self, calls: &Calls, end: Ms) {
        let Some(r) = self.open.take() else { return };
        if end - r.start >= self.min_ms && r.count >= self.min_calls {
            let reference = match r.first {
                Some(i) => calls.ids.get(i).to_string(),
                None => r.reference,
            };
            self.out.push(SpanRun {
                start: r.start,
                end,
                reference,
                count: r.count,
            });
        }
    }

    fn feed(&mut self, calls: &Calls, pred: impl Fn(usize) -> bool) {
        for i in 0..calls.len() {
            let t = calls.received[i];
            if pred(i) {
                match &mut self.open {
                    Some(r) => {
                        r.count += 1;
                        r.last = t;
                    }
                    None => {
                        self.open = Some(OpenRun {
                            start: t,
                            first: Some(i),
                            reference: String::new(),
                            count: 1,
                            last: t,
                        })
                    }
                }
            } else {
                self.close(calls, t);
            }
        }
        // A run still open goes on into the next piece: keep its first id as text.
        if let Some(r) = &mut self.open {
            if let Some(i) = r.first.take() {
                r.reference = calls.ids.get(i).to_string();
            }
        }
    }

    fn finish(mut self) -> Vec<SpanRun> {
        if let Some(last) = self.open.as_ref().map(|r| r.last) {
            self.close(&Calls::default(), last);
        }
        self.out
    }
}

/// Folds the call log, piece by piece in call order, into a [`CallSpan`].
pub struct SpanFold<'c> {
    ctx: &'c Ctx<'c>,
    unavailable: RunScan,
    degraded: RunScan,
    months: Vec<Option<MonthCalls>>,
    failing: Vec<Ms>,
    rows: u64,
    first: Option<Ms>,
    last: Option<Ms>,
}

impl<'c> SpanFold<'c> {
    pub fn new(ctx: &'c Ctx<'c>) -> Self {
        let a = &ctx.cfg.availability;
        let (min_ms, min_calls) = (a.min_outage_seconds * 1000, u64::from(a.min_failed_calls));
        SpanFold {
            ctx,
            unavailable: RunScan::new(min_ms, min_calls),
            degraded: RunScan::new(min_ms, min_calls),
            months: vec![None; ctx.month.saturating_sub(1) as usize],
            failing: Vec::new(),
            rows: 0,
            first: None,
            last: None,
        }
    }

    /// The next piece of the log: calls after every call fed so far, holding every call of
    /// each month of the report year that it reaches.
    pub fn feed(&mut self, calls: &Calls) {
        let (Some(&a), Some(&b)) = (calls.received.first(), calls.received.last()) else {
            return;
        };
        self.rows += calls.len() as u64;
        self.first.get_or_insert(a);
        self.last = Some(b);
        self.unavailable
            .feed(calls, |i| calls.result[i].is_outage_failure());
        self.degraded.feed(calls, |i| calls.failed_count(i) >= 2);
        self.failing.extend(
            (0..calls.len())
                .filter(|&i| calls.result[i].is_outage_failure())
                .map(|i| calls.received[i]),
        );
        let ctx = self.ctx;
        let reached: Vec<u32> = (1..ctx.month)
            .filter(|&m| {
                let (s, e) = month_bounds(ctx.cals.tz, ctx.year, m);
                s <= b && a < e
            })
            .collect();
        let figures: Vec<(u32, MonthCalls)> = reached
            .into_par_iter()
            .map(|m| (m, month_calls(calls, ctx, m)))
            .collect();
        for (m, f) in figures {
            self.months[(m - 1) as usize] = Some(f);
        }
    }

    pub fn finish(self) -> CallSpan {
        let ctx = self.ctx;
        let empty = Calls::default();
        let months = self
            .months
            .into_iter()
            .enumerate()
            .map(|(i, f)| f.unwrap_or_else(|| month_calls(&empty, ctx, i as u32 + 1)))
            .collect();
        CallSpan {
            unavailable_runs: self.unavailable.finish(),
            degraded_runs: self.degraded.finish(),
            months,
            failing: self.failing,
            rows: self.rows,
            first: self.first,
            last: self.last,
        }
    }
}

/// The figures of month `m` of the report year from `calls` (holding all of its calls).
fn month_calls(calls: &Calls, ctx: &Ctx, m: u32) -> MonthCalls {
    let cm = Ctx::new(ctx.cfg, ctx.cals, ctx.year, m);
    let range = calls.range(cm.start, cm.end);
    let marked = |key: &str| {
        ctx.cfg
            .report
            .in_order()
            .iter()
            .any(|(s, on)| *on && *s == key)
    };
    let peaks = if marked("capacity") {
        let c = capacity::compute(calls, &cm);
        (c.peak_per_second, c.peak_per_minute)
    } else {
        (0, 0)
    };
    let silences = if ctx.cfg.availability.silence == SilenceMode::Unavailable {
        super::availability::month_silences(calls, &cm)
    } else {
        Vec::new()
    };
    MonthCalls {
        calls: range.len() as u64,
        answered: range
            .clone()
            .filter(|&k| calls.result[k].is_answered())
            .count() as u64,
        perf: performance::scope_counts(calls, &cm),
        peaks,
        silences,
    }
}
