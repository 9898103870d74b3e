//! Performance: response times of answered calls (M4, M4.7, M1.15, M4.6, M4.8).
//!
//! Scope: calls of the month answered (`ok`, `partial`), received within open time (or at any
//! time with `scope = all`), with 1 ≤ persons ≤ `max_persons`, and with a `responded_at`.
//! Within T90 is `≤`, over Tmax is `>`, in milliseconds; percentiles are nearest rank.

use super::model::{HistBucket, Performance, PerformanceDay, PersonsRow, SlowCall};
use super::stats::percentiles;
use super::{Ctx, Ratio};
use crate::config::PerformanceScope;
use crate::inputs::{Calls, NO_TIME};

/// Evidence list cap: the slowest calls over Tmax.
const MAX_SLOW_CALLS: usize = 1000;
/// Histogram buckets 1 s wide up to 30 s, each holding its upper bound: `(6 s, 7 s]`, as within
/// T90(n) holds T90(n) and over Tmax(n) excludes Tmax(n) (M4.4, M4.5, M4.9), so a limit on a whole
/// second splits the buckets exactly; the first is `[0, 1 s]`, then one open bucket `> 30 s`.
const HIST_STEP_MS: i64 = 1000;
const HIST_BUCKETS: i64 = 30;

/// The bucket of response time `r` ms: `⌈r / step⌉ − 1`, with 0 ms (and below) in the first.
fn bucket(r: i64) -> usize {
    ((r.max(1) - 1) / HIST_STEP_MS).min(HIST_BUCKETS) as usize
}

/// Whether call `i` (of a month slice walked in order) is in the scope's time window.
struct OpenWalk<'a> {
    open: &'a [(i64, i64)],
    k: usize,
}

impl OpenWalk<'_> {
    /// `t` must be non-decreasing across calls.
    fn contains(&mut self, t: i64) -> bool {
        while self.k < self.open.len() && self.open[self.k].1 <= t {
            self.k += 1;
        }
        self.k < self.open.len() && self.open[self.k].0 <= t
    }
}

/// The performance scope's counts only (calls measured, within T90, over Tmax), by the same
/// rules as [`compute`] without the percentiles and lists: the trend's months.
pub fn scope_counts(calls: &Calls, ctx: &Ctx) -> (u64, u64, u64) {
    let p = &ctx.cfg.performance;
    let all = p.scope == PerformanceScope::All;
    let mut walk = OpenWalk {
        open: &ctx.open,
        k: 0,
    };
    let (mut n_calls, mut within, mut over) = (0u64, 0u64, 0u64);
    for i in calls.range(ctx.start, ctx.end) {
        let t = calls.received[i];
        let in_open = walk.contains(t);
        let n = calls.persons[i];
        if !calls.result[i].is_answered()
            || !(all || in_open)
            || n < 1
            || n > p.max_persons
            || calls.responded[i] == NO_TIME
        {
            continue;
        }
        let r = calls.responded[i] - t;
        n_calls += 1;
        within += u64::from(r <= p.t90_ms(n));
        over += u64::from(r > p.tmax_ms(n));
    }
    (n_calls, within, over)
}

pub fn compute(calls: &Calls, ctx: &Ctx) -> Performance {
    let p = &ctx.cfg.performance;
    let all = p.scope == PerformanceScope::All;
    let mut walk = OpenWalk {
        open: &ctx.open,
        k: 0,
    };
    let mut times = Vec::new();
    // Indexed by person count 1..=max_persons (index 0 unused): no map lookup per call.
    let mut per_persons: Vec<(Vec<i64>, u64, u64)> =
        vec![(Vec::new(), 0, 0); usize::from(p.max_persons) + 1];
    let mut per_day: Vec<(Vec<i64>, u64, u64)> = vec![(Vec::new(), 0, 0); ctx.days.len()];
    let mut hist = vec![0u64; HIST_BUCKETS as usize + 1];
    // Each bucket split by the call's own limits T90(n) and Tmax(n), so the chart's parts add
    // up to the within-T90 and over-Tmax counts.
    let mut split = vec![(0u64, 0u64, 0u64); HIST_BUCKETS as usize + 1];
    let (mut within, mut over, mut invalid, mut untimed) = (0u64, 0u64, 0u64, 0u64);
    let mut slow: Vec<SlowCall> = Vec::new();
    for i in calls.range(ctx.start, ctx.end) {
        let t = calls.received[i];
        // Advance the walk for every call so it stays monotone.
        let in_open = walk.contains(t);
        if !calls.result[i].is_answered() || !(all || in_open) {
            continue;
        }
        let n = calls.persons[i];
        if n < 1 || n > p.max_persons {
            invalid += 1;
            continue;
        }
        if calls.responded[i] == NO_TIME {
            untimed += 1;
            continue;
        }
        let r = calls.responded[i] - t;
        let (t90, tmax) = (p.t90_ms(n), p.tmax_ms(n));
        let w = u64::from(r <= t90);
        let o = u64::from(r > tmax);
        within += w;
        over += o;
        times.push(r);
        let row = &mut per_persons[usize::from(n)];
        row.0.push(r);
        row.1 += w;
        row.2 += o;
        let d = &mut per_day[ctx.days.index(t)];
        d.0.push(r);
        d.1 += w;
        d.2 += o;
        let b = bucket(r);
        hist[b] += 1;
        let sb = &mut split[b];
        sb.0 += w;
        sb.1 += u64::from(w == 0 && o == 0);
        sb.2 += o;
        if o == 1 {
            slow.push(SlowCall {
                call_id: calls.ids.get(i).to_string(),
                received_at: t,
                persons: n,
                response_ms: r,
                tmax_ms: tmax,
            });
        }
    }
    slow.sort_by(|a, b| {
        b.response_ms
            .cmp(&a.response_ms)
            .then_with(|| a.received_at.cmp(&b.received_at))
            .then_with(|| a.call_id.cmp(&b.call_id))
    });
    slow.truncate(MAX_SLOW_CALLS);
    let count = times.len() as u64;
    Performance {
        scope: if all { "all" } else { "open_hours" }.to_string(),
        calls: count,
        within_t90: within,
        share_within_t90: Ratio::new(within as i64, count as i64),
        over_tmax: over,
        invalid_persons: invalid,
        answered_without_time: untimed,
        percentiles: percentiles(&mut times),
        per_persons: per_persons
            .into_iter()
            .enumerate()
            .filter(|(_, row)| !row.0.is_empty())
            .map(|(n, (mut v, w, o))| (n as u16, (v.len(), w, o, percentiles(&mut v))))
            .map(|(n, (len, w, o, pc))| PersonsRow {
                persons: n,
                t90_ms: p.t90_ms(n),
                tmax_ms: p.tmax_ms(n),
                calls: len as u64,
                within_t90: w,
                over_tmax: o,
                share_within_t90: Ratio::new(w as i64, len as i64),
                percentiles: pc,
            })
            .collect(),
        per_day: per_day
            .into_iter()
            .enumerate()
            .map(|(i, (mut v, w, o))| PerformanceDay {
                date: ctx.days.date(i),
                calls: v.len() as u64,
                within_t90: w,
                over_tmax: o,
                percentiles: percentiles(&mut v),
                share_within_t90: Ratio::new(w as i64, v.len() as i64),
            })
            .collect(),
        histogram: hist
            .into_iter()
            .enumerate()
            .map(|(b, c)| {
                let upper = if b as i64 == HIST_BUCKETS {
                    i64::MAX
                } else {
                    (b as i64 + 1) * HIST_STEP_MS
                };
                (upper, c)
            })
            .collect(),
        histogram_by_limit: split
            .into_iter()
            .enumerate()
            .map(|(b, (w, m, o))| HistBucket {
                upper_ms: if b as i64 == HIST_BUCKETS {
                    None
                } else {
                    Some((b as i64 + 1) * HIST_STEP_MS)
                },
                within_t90: w,
                between: m,
                over_tmax: o,
            })
            .collect(),
        over_tmax_calls: slow,
    }
}
