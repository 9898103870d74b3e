//! The shape of the traffic: how many calls fall in each hour of a month. Weekdays peak inside
//! 08–17 with a dip at lunch, a little traffic at night, weekends and holidays; usage rises
//! from about the 20th to the month's end (M6.3, agreement 2.3). A day-to-day wobble makes
//! no two days alike.
//!
//! Buckets are UTC hours (zones switch offsets on whole hours, so every bucket has one local
//! hour), which makes 23- and 25-hour DST days come out right without special cases.

use chrono::{Datelike, NaiveDate, Timelike, Weekday};

use super::rng::Rng;
use crate::calendar::{local_datetime, month_bounds, Calendar, Ms};

pub const MS_PER_HOUR: i64 = 3_600_000;

/// Relative weekday traffic per local hour 0..24.
const WEEKDAY_HOURS: [f64; 24] = [
    0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.30, 1.20, 6.00, 9.00, 10.0, 9.50, 7.00, 8.50, 9.00, 8.00,
    6.50, 1.50, 0.80, 0.50, 0.35, 0.25, 0.15, 0.08,
];
/// Relative weekend / holiday traffic per local hour (a few boards work out of hours).
const CLOSED_DAY_HOURS: [f64; 24] = [
    0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.10, 0.25, 0.35, 0.40, 0.40, 0.35, 0.35, 0.35, 0.30,
    0.25, 0.20, 0.15, 0.12, 0.10, 0.08, 0.05, 0.03,
];

/// One hour of one month: its start instant (UTC hour) and its share of the month's traffic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub start: Ms,
    pub end: Ms,
    pub weight: f64,
    /// Day-of-month load factor (1.0 before the 20th, up to 1.6 on the last day): calls are a
    /// little slower under load.
    pub load: f64,
}

/// The hour buckets of one month, weighted.
pub fn month_buckets(opening: &Calendar, year: i32, month: u32, seed: u64) -> Vec<Bucket> {
    let tz = opening.tz();
    let (start, end) = month_bounds(tz, year, month);
    let days_in_month = days_in_month(year, month);
    let mut out = Vec::with_capacity(24 * 31 + 1);
    let mut t = start;
    let mut wobble_day = None;
    let mut wobble = 1.0;
    while t < end {
        let b_end = ((t.div_euclid(MS_PER_HOUR) + 1) * MS_PER_HOUR).min(end);
        let local = local_datetime(tz, t);
        let date = local.date();
        if wobble_day != Some(date) {
            wobble_day = Some(date);
            // Independent of the call stream: the same day has the same wobble in month and
            // year runs.
            let mut r = Rng::derive(seed, 0xDA7 ^ (date.num_days_from_ce() as u64));
            wobble = 0.85 + 0.3 * r.f64();
        }
        let open_day = is_open_day(opening, date);
        let hour = local.hour() as usize;
        let base = if open_day {
            WEEKDAY_HOURS[hour]
        } else {
            CLOSED_DAY_HOURS[hour]
        };
        let dom = date.day();
        let load = if dom >= 20 {
            1.0 + 0.6 * f64::from(dom - 19) / f64::from((days_in_month - 19).max(1))
        } else {
            1.0
        };
        let frac = (b_end - t) as f64 / MS_PER_HOUR as f64;
        out.push(Bucket {
            start: t,
            end: b_end,
            weight: base * load * wobble * frac,
            load,
        });
        t = b_end;
    }
    out
}

/// Whether the calendar has any open time on `date` (weekday, not a holiday).
pub fn is_open_day(opening: &Calendar, date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && opening.closed_reason(date).is_none()
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    next.pred_opt().expect("valid date").day()
}

/// Split `total` into integer counts proportional to `weights`, summing to exactly `total`
/// (cumulative rounding: each count is the difference of rounded cumulative targets).
pub fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum <= 0.0 {
        let mut v = vec![0; weights.len()];
        v[0] = total;
        return v;
    }
    let mut out = Vec::with_capacity(weights.len());
    let mut acc = 0.0;
    let mut prev = 0u64;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        let cum = if i + 1 == weights.len() {
            total
        } else {
            ((total as f64) * acc / sum).round().min(total as f64) as u64
        };
        let cum = cum.max(prev);
        out.push(cum - prev);
        prev = cum;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendars;
    use crate::config::SlaConfig;

    fn opening() -> Calendar {
        Calendars::from_config(&SlaConfig::ssbtek().calendar).opening
    }

    #[test]
    fn allocation_sums_exactly() {
        let w = [0.1, 3.0, 0.0, 2.2, 7.7];
        for total in [0u64, 1, 7, 1000, 25_000_000] {
            let a = allocate(total, &w);
            assert_eq!(a.iter().sum::<u64>(), total);
            assert_eq!(a[2], 0);
        }
        assert_eq!(allocate(10, &[1.0, 1.0]), vec![5, 5]);
    }

    #[test]
    fn march_2026_has_743_hours_and_weekday_peaks() {
        // 31 days minus the hour lost at the spring switch (2026-03-29).
        let b = month_buckets(&opening(), 2026, 3, 1);
        assert_eq!(b.len(), 31 * 24 - 1);
        let hours: i64 = b.iter().map(|x| x.end - x.start).sum();
        assert_eq!(hours, 743 * MS_PER_HOUR);
        // Monday 2 March 10:00 local (09:00Z) outweighs Sunday 1 March 10:00 local.
        let mon = b[24 + 10].weight;
        let sun = b[10].weight;
        assert!(mon > 10.0 * sun, "{mon} vs {sun}");
        // The last day is busier than a weekday before the 20th.
        assert!(b.last().unwrap().load > 1.5);
    }

    #[test]
    fn holidays_are_quiet() {
        // Långfredagen 2026 is 3 April.
        assert!(!is_open_day(
            &opening(),
            NaiveDate::from_ymd_opt(2026, 4, 3).unwrap()
        ));
        assert!(is_open_day(
            &opening(),
            NaiveDate::from_ymd_opt(2026, 4, 2).unwrap()
        ));
        assert_eq!(days_in_month(2028, 2), 29);
    }
}
