//! Shared helpers: nearest-rank percentiles (M4, M4.8), the lower median, and fast
//! local-time lookups for per-day / per-hour breakdowns.

use chrono::{Datelike, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use super::model::Percentiles;
use crate::calendar::{local_midnight, Ms};

/// Nearest rank: the smallest observed value with at least `p` % of values ≤ it, i.e. the
/// value at rank `ceil(p·N/100)` (1-based) of the sorted values. `p` in per mille to keep
/// integer arithmetic exact (500 = p50, 995 = p99.5). `None` for an empty set.
pub fn nearest_rank_permille(sorted: &[i64], permille: u64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (permille * n).div_ceil(1000).max(1);
    Some(sorted[(rank.min(n) - 1) as usize])
}

/// The median of nothing is `None`; of an even count the lower middle value (M4.8).
pub fn lower_median(sorted: &[i64]) -> Option<i64> {
    nearest_rank_permille(sorted, 500)
}

/// p50/p90/p95/p99/max of a set of values (reordered in place, not sorted).
///
/// Selection instead of a full sort: each rank is selected from the highest down,
/// the next one only among the values left of the previous, so the work is about linear.
/// The k-th smallest value is the same whichever way it is found.
pub fn percentiles(values: &mut [i64]) -> Percentiles {
    let n = values.len() as u64;
    let Some(&max) = values.iter().max() else {
        return Percentiles {
            count: 0,
            p50: None,
            p90: None,
            p95: None,
            p99: None,
            max: None,
        };
    };
    // 0-based index of rank ceil(p·N/1000) (as in `nearest_rank_permille`).
    let index = |permille: u64| ((permille * n).div_ceil(1000).max(1).min(n) - 1) as usize;
    let mut hi = values.len();
    let mut pick = |permille: u64| {
        let k = index(permille);
        let v = *values[..hi].select_nth_unstable(k).1;
        hi = k + 1;
        v
    };
    let (p99, p95, p90, p50) = (pick(990), pick(950), pick(900), pick(500));
    Percentiles {
        count: n,
        p50: Some(p50),
        p90: Some(p90),
        p95: Some(p95),
        p99: Some(p99),
        max: Some(max),
    }
}

/// UTC → local offset with a cache: zone offsets only change at transitions, which fall on
/// quarter hours, so one lookup per 15-minute bucket serves every call in it.
#[derive(Debug, Clone)]
pub struct LocalClock {
    tz: Tz,
    bucket: i64,
    offset_ms: i64,
}

const BUCKET_MS: i64 = 15 * 60_000;

impl LocalClock {
    pub fn new(tz: Tz) -> Self {
        Self {
            tz,
            bucket: i64::MIN,
            offset_ms: 0,
        }
    }

    /// Local wall-clock milliseconds (as if the local time were UTC).
    pub fn local_ms(&mut self, t: Ms) -> i64 {
        let b = t.div_euclid(BUCKET_MS);
        if b != self.bucket {
            self.bucket = b;
            self.offset_ms = self
                .tz
                .timestamp_millis_opt(b * BUCKET_MS)
                .single()
                .map_or(0, |d| i64::from(d.offset().fix().local_minus_utc()) * 1000);
        }
        t + self.offset_ms
    }

    /// Local hour of day 0..24.
    pub fn hour(&mut self, t: Ms) -> usize {
        (self.local_ms(t).div_euclid(3_600_000).rem_euclid(24)) as usize
    }
}

/// The local days of one month: their dates and start instants, for per-day breakdowns.
#[derive(Debug, Clone)]
pub struct MonthDays {
    pub dates: Vec<NaiveDate>,
    /// `starts[i]` = local midnight of `dates[i]`; `starts[len]` = the month's end.
    pub starts: Vec<Ms>,
}

impl MonthDays {
    pub fn new(tz: Tz, year: i32, month: u32) -> Self {
        let mut dates = Vec::with_capacity(31);
        let mut d = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
        while d.month() == month {
            dates.push(d);
            d = d.succ_opt().expect("date in range");
        }
        let mut starts: Vec<Ms> = dates.iter().map(|&d| local_midnight(tz, d)).collect();
        starts.push(local_midnight(tz, d));
        Self { dates, starts }
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Index of the day containing `t` (which must lie within the month).
    pub fn index(&self, t: Ms) -> usize {
        let i = self.starts.partition_point(|&s| s <= t);
        i.saturating_sub(1).min(self.dates.len() - 1)
    }

    /// The date of day `i`.
    pub fn date(&self, i: usize) -> NaiveDate {
        self.dates[i]
    }

    /// `[start, end)` of day `i`.
    pub fn span(&self, i: usize) -> (Ms, Ms) {
        (self.starts[i], self.starts[i + 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_small_sets() {
        assert_eq!(nearest_rank_permille(&[], 500), None);
        assert_eq!(nearest_rank_permille(&[7], 990), Some(7));
        // N = 2: p50 → rank 1 (lower middle), p90 → rank 2.
        assert_eq!(lower_median(&[1, 2]), Some(1));
        assert_eq!(nearest_rank_permille(&[1, 2], 900), Some(2));
        // N = 10: p90 → rank 9, p95 → rank 10, p50 → rank 5.
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank_permille(&v, 900), Some(9));
        assert_eq!(nearest_rank_permille(&v, 950), Some(10));
        assert_eq!(nearest_rank_permille(&v, 500), Some(5));
        // N = 100: p99 → rank 99.
        let v: Vec<i64> = (1..=100).collect();
        assert_eq!(nearest_rank_permille(&v, 990), Some(99));
    }

    #[test]
    fn month_days_across_dst() {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let m = MonthDays::new(tz, 2026, 3);
        assert_eq!(m.len(), 31);
        // 2026-03-29 is 23 h long.
        let (a, b) = m.span(28);
        assert_eq!(b - a, 23 * 3_600_000);
        assert_eq!(m.index(a), 28);
        assert_eq!(m.index(b - 1), 28);
        assert_eq!(m.date(0).to_string(), "2026-03-01");
    }

    #[test]
    fn local_clock_hours() {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let mut c = LocalClock::new(tz);
        // 2026-03-02T07:00Z = 08:00 local (+01); 2026-03-30T06:00Z = 08:00 local (+02).
        assert_eq!(c.hour(1_772_434_800_000), 8);
        assert_eq!(c.hour(1_774_850_400_000), 8);
    }
}
