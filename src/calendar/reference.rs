//! A deliberately plain implementation of the same arithmetic, day by day, with no caching:
//! every query lays out the open intervals of each local date it touches, looks the holidays up
//! again and resolves every opening and closing time in the zone again. It is the first version
//! of the calendar, kept as the oracle the property tests compare the fast path
//! ([`super::Calendar`]) against, and as the "before" of `benches/business_time.rs`.
//!
//! Not for production use: it allocates per day and costs microseconds per query.

use chrono::{Duration, NaiveTime};

use super::business::Calendar;
use super::local::{local_date, local_midnight, resolve_lenient, weekday_index};
use super::{Ms, MS_PER_DAY};

/// Sort and merge (touching intervals joined).
fn merge(mut v: Vec<(Ms, Ms)>) -> Vec<(Ms, Ms)> {
    v.retain(|(a, b)| a < b);
    v.sort_unstable();
    let mut out: Vec<(Ms, Ms)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `a` minus every interval of sorted disjoint `cut`, by a linear scan.
fn subtract(a: Vec<(Ms, Ms)>, cut: &[(Ms, Ms)]) -> Vec<(Ms, Ms)> {
    let mut out = Vec::with_capacity(a.len());
    for (mut s, e) in a {
        for &(cs, ce) in cut {
            if ce <= s || cs >= e {
                continue;
            }
            if cs > s {
                out.push((s, cs));
            }
            s = s.max(ce);
            if s >= e {
                break;
            }
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

/// The open intervals overlapping `[from, to)`, clipped to it; sorted and disjoint.
pub fn open_intervals(cal: &Calendar, from: Ms, to: Ms) -> Vec<(Ms, Ms)> {
    let (lo, hi) = cal.span();
    let (from, to) = (from.clamp(lo, hi), to.clamp(lo, hi));
    if from >= to {
        return Vec::new();
    }
    let tz = cal.tz();
    let mut raw = Vec::new();
    let mut date = local_date(tz, from) - Duration::days(1);
    let last = local_date(tz, to) + Duration::days(1);
    while date <= last {
        let hours = cal.weekday_hours(weekday_index(date));
        if !hours.is_empty() && cal.closing_holidays(date).is_empty() {
            let midnight = date.and_time(NaiveTime::MIN);
            let (ds, de) = (
                local_midnight(tz, date),
                local_midnight(tz, date + Duration::days(1)),
            );
            for &(s, e) in hours {
                let a = resolve_lenient(tz, midnight + Duration::seconds(s.into())).clamp(ds, de);
                let b = resolve_lenient(tz, midnight + Duration::seconds(e.into())).clamp(ds, de);
                if a < b {
                    raw.push((a, b));
                }
            }
        }
        date += Duration::days(1);
    }
    raw.extend(
        cal.extra_open()
            .iter()
            .filter(|p| p.end > from && p.start < to)
            .map(|p| (p.start, p.end)),
    );
    let closed = merge(
        cal.extra_closed()
            .iter()
            .map(|p| (p.start, p.end))
            .collect(),
    );
    subtract(merge(raw), &closed)
        .into_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (a.max(from), b.min(to));
            (a < b).then_some((a, b))
        })
        .collect()
}

/// Business time in `[a, b)`, ms.
pub fn business_ms(cal: &Calendar, a: Ms, b: Ms) -> i64 {
    open_intervals(cal, a, b).iter().map(|(s, e)| e - s).sum()
}

/// The earliest instant `d >= start` with `business_ms(start, d) == amount`, searching month
/// by month until the calendar's years end.
pub fn add_business(cal: &Calendar, start: Ms, amount: i64) -> Option<Ms> {
    if amount <= 0 {
        return Some(start);
    }
    let (lo, hi) = cal.span();
    let mut remaining = amount;
    let mut from = start.max(lo);
    while from < hi {
        let to = from.saturating_add(31 * MS_PER_DAY);
        for (s, e) in open_intervals(cal, from, to) {
            let len = e - s;
            if len >= remaining {
                return Some(s + remaining);
            }
            remaining -= len;
        }
        from = to;
    }
    None
}
