//! Silent periods of the call log: open time in which no call arrived although the month's own
//! traffic predicts many. If calls stop reaching the service (network, gateway, the log
//! collector), its log has no failed calls — it has no calls; this is how that shows.
//!
//! The rule, for one month:
//! 1. the month's calls (every result), ordered by `received_at`, and the gaps between
//!    consecutive calls, plus month start → first call and last call → month end;
//! 2. each gap intersected with the month's open intervals; each resulting piece `[s, e)` at
//!    least `silence_min_seconds` long is a candidate;
//! 3. its expected calls are the sum over the piece of `rate(weekday, hour)`, pro rata by
//!    milliseconds, where `rate(w, h)` = the calls received in local clock hour `h` on the
//!    month's open days that fall on weekday `w`, divided by the number of those open days
//!    (an open day: one with open time);
//! 4. a candidate with expected calls ≥ `silence_expected_calls` is a silent period, listed
//!    with its expected calls rounded down.
//!
//! The expectation is computed exactly, in integers: per weekday the sum of
//! `calls(w, h) × milliseconds` over the piece, divided by `open days(w) × 3,600,000` only at
//! the end (over the least common multiple of the day counts), so a boundary case (exactly 20
//! expected calls) does not depend on floating-point rounding.
//!
//! A month without calls has no silent periods: its call-log figures are not measured at all.
//! One pass over the month's calls, no allocation per call.

use chrono::{Datelike, Weekday};

use super::intervals::Span;
use super::model::SilentPeriod;
use super::stats::{LocalClock, MonthDays};
use crate::calendar::Ms;
use crate::inputs::Calls;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// The rule's two settings.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub min_ms: i64,
    pub expected_calls: u64,
}

/// One month as the rule sees it: `[start, end)`, its local days and open intervals.
pub struct Month<'a> {
    pub start: Ms,
    pub end: Ms,
    pub days: &'a MonthDays,
    pub open: &'a [Span],
    pub tz: chrono_tz::Tz,
}

/// Calls per (weekday, local hour) on open days, and open days per weekday.
struct Rates {
    calls: [[u64; 24]; 7],
    days: [u64; 7],
    /// Least common multiple of the non-zero day counts (each ≤ 6 in a month).
    lcm: u64,
}

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// Weekday (Monday = 0) of a local wall-clock instant.
fn weekday_of_local(local: i64) -> usize {
    // 1970-01-01 was a Thursday (index 3).
    (local.div_euclid(DAY_MS) + 3).rem_euclid(7) as usize
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Rates {
    fn new(
        calls: &Calls,
        range: std::ops::Range<usize>,
        m: &Month,
        clock: &mut LocalClock,
    ) -> Self {
        let n = m.days.len();
        let mut open_day = [false; 31];
        let mut days = [0u64; 7];
        let mut j = 0;
        for (i, open) in open_day.iter_mut().enumerate().take(n) {
            let (ds, de) = (m.days.starts[i], m.days.starts[i + 1]);
            while j < m.open.len() && m.open[j].1 <= ds {
                j += 1;
            }
            *open = j < m.open.len() && m.open[j].0 < de;
            if *open {
                days[weekday_index(m.days.date(i).weekday())] += 1;
            }
        }
        let mut counts = [[0u64; 24]; 7];
        let mut d = 0;
        for &t in &calls.received[range] {
            while d + 1 < n && m.days.starts[d + 1] <= t {
                d += 1;
            }
            if open_day[d] {
                let local = clock.local_ms(t);
                let h = local.div_euclid(HOUR_MS).rem_euclid(24) as usize;
                counts[weekday_of_local(local)][h] += 1;
            }
        }
        let lcm = days
            .iter()
            .filter(|&&k| k > 0)
            .fold(1, |l, &k| l / gcd(l, k) * k);
        Rates {
            calls: counts,
            days,
            lcm,
        }
    }

    /// The expected calls in `[s, e)`, as a numerator over `lcm × 3,600,000`.
    fn expected_scaled(&self, s: Ms, e: Ms, clock: &mut LocalClock) -> u128 {
        let mut acc = [0u128; 7];
        let mut t = s;
        while t < e {
            let local = clock.local_ms(t);
            let next = t + (HOUR_MS - local.rem_euclid(HOUR_MS));
            let seg_end = next.min(e);
            let w = weekday_of_local(local);
            let h = local.div_euclid(HOUR_MS).rem_euclid(24) as usize;
            acc[w] += u128::from(self.calls[w][h]) * (seg_end - t) as u128;
            t = seg_end;
        }
        (0..7)
            .filter(|&w| self.days[w] > 0)
            .map(|w| acc[w] * u128::from(self.lcm / self.days[w]))
            .sum()
    }

    fn denominator(&self) -> u128 {
        u128::from(self.lcm) * HOUR_MS as u128
    }
}

/// The month's silent periods, in time order.
pub fn silent_periods(calls: &Calls, m: &Month, rule: Rule) -> Vec<SilentPeriod> {
    let range = calls.range(m.start, m.end);
    if range.is_empty() {
        return Vec::new();
    }
    let mut clock = LocalClock::new(m.tz);
    let rates = Rates::new(calls, range.clone(), m, &mut clock);
    let threshold = u128::from(rule.expected_calls) * rates.denominator();
    let mut out = Vec::new();
    let mut j = 0; // first open interval that may meet the current gap
    let received = &calls.received[range];
    let bounds = std::iter::once(m.start)
        .chain(received.iter().copied())
        .chain(std::iter::once(m.end));
    let mut prev: Option<Ms> = None;
    for b in bounds {
        let Some(a) = prev.replace(b) else { continue };
        if b <= a {
            continue;
        }
        while j < m.open.len() && m.open[j].1 <= a {
            j += 1;
        }
        let mut k = j;
        while k < m.open.len() && m.open[k].0 < b {
            let (s, e) = (m.open[k].0.max(a), m.open[k].1.min(b));
            if e - s >= rule.min_ms.max(1) {
                let scaled = rates.expected_scaled(s, e, &mut clock);
                if scaled >= threshold {
                    out.push(SilentPeriod {
                        start: s,
                        end: e,
                        expected_calls: (scaled / rates.denominator()) as u64,
                        // Calls strictly inside the piece: none, as it lies between two
                        // consecutive calls; kept so the listing shows the comparison.
                        seen_calls: calls.range(s + 1, e).len() as u64,
                        incident_ids: Vec::new(),
                    });
                }
            }
            k += 1;
        }
    }
    out
}
