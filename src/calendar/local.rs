//! Local time in the calendar's IANA zone (M1, M1.4–M1.5, M1.14): resolving naive local times
//! (spring gap → the offset in force before the switch; autumn fold → the first occurrence),
//! local dates of instants, local midnights, month bounds, and unit `d` (the same wall-clock
//! time N days later).
//!
//! Every function here is total: an instant beyond chrono's range (±262,000 years) is clamped
//! to [`SAFE_MS`] first, so no input can make the calendar panic.

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
};
use chrono_tz::Tz;

use super::{AmbiguousPolicy, NonexistentPolicy};
use super::{LocalResolution, Ms, MS_PER_DAY, MS_PER_SEC};

/// Instants are clamped to `[-SAFE_MS, SAFE_MS]` (about ±253,000 years) before any local-time
/// conversion: inside chrono's range with a day to spare for offsets.
pub const SAFE_MS: Ms = 8_000_000_000_000_000;

/// A local date-time `YYYY-MM-DDTHH:MM[:SS]` (a space works for `T`).
pub fn parse_local_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// Resolve a naive local time in `tz`. `Err` names why it was not accepted (policy `reject`,
/// or a local time outside chrono's range).
///
/// Spring gap with `shift_forward`: the local time is read with the offset in force *before*
/// the switch, so 2026-03-29 02:30 in Stockholm is 02:30+01:00 = 01:30Z, which is 03:30 local
/// summer time — shifted forward by the gap (M1.4–M1.5). Autumn fold with `earliest`: the first
/// occurrence, 02:30+02:00.
pub fn resolve_local(
    tz: Tz,
    ndt: NaiveDateTime,
    nonexistent: NonexistentPolicy,
    ambiguous: AmbiguousPolicy,
) -> Result<(Ms, LocalResolution), &'static str> {
    match tz.from_local_datetime(&ndt) {
        LocalResult::Single(t) => Ok((t.timestamp_millis(), LocalResolution::Unique)),
        LocalResult::Ambiguous(a, b) => match ambiguous {
            AmbiguousPolicy::Earliest => Ok((
                a.timestamp_millis().min(b.timestamp_millis()),
                LocalResolution::Fold,
            )),
            AmbiguousPolicy::Reject => Err("ambiguous local time (DST fold)"),
        },
        LocalResult::None => match nonexistent {
            NonexistentPolicy::Reject => Err("nonexistent local time (DST gap)"),
            NonexistentPolicy::ShiftForward => {
                let off = offset_before_gap(tz, ndt).ok_or("local time out of range")?;
                let naive_ms = ndt.and_utc().timestamp_millis();
                Ok((naive_ms - off * MS_PER_SEC, LocalResolution::Gap))
            }
        },
    }
}

/// The UTC offset (seconds) in force just before the gap that swallows `ndt`.
///
/// Found by bisection over UTC seconds rather than by probing "a few hours earlier": the local
/// clock only ever jumps at transitions, so the crossing of `ndt` between `lo` (local before
/// `ndt`) and `hi` (local after it) is the gap itself, whatever its size (Pacific/Apia skipped
/// a whole day in 2011).
fn offset_before_gap(tz: Tz, ndt: NaiveDateTime) -> Option<i64> {
    let naive = ndt.and_utc().timestamp();
    let offset_at = |secs: i64| -> Option<i64> {
        let utc = DateTime::from_timestamp(secs, 0)?.naive_utc();
        Some(i64::from(
            tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
        ))
    };
    // Offsets are within ±1 day, so two days either side bracket the crossing.
    let (mut lo, mut hi) = (naive - 2 * 86_400, naive + 2 * 86_400);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if mid + offset_at(mid)? < naive {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    offset_at(lo)
}

/// Resolve a naive local time the way the calendar's own hours are resolved: a time in the gap
/// shifts forward, a time in the fold takes its first occurrence. Never fails inside the
/// calendar's years; beyond chrono's range it reads the local time as UTC.
pub(crate) fn resolve_lenient(tz: Tz, ndt: NaiveDateTime) -> Ms {
    resolve_local(
        tz,
        ndt,
        NonexistentPolicy::ShiftForward,
        AmbiguousPolicy::Earliest,
    )
    .map_or_else(|_| ndt.and_utc().timestamp_millis(), |(t, _)| t)
}

/// The local date-time of an instant (clamped to [`SAFE_MS`]).
pub fn local_datetime(tz: Tz, t: Ms) -> NaiveDateTime {
    tz.timestamp_millis_opt(t.clamp(-SAFE_MS, SAFE_MS))
        .single()
        .map(|d| d.naive_local())
        .unwrap_or_default()
}

/// The local date of an instant.
pub fn local_date(tz: Tz, t: Ms) -> NaiveDate {
    local_datetime(tz, t).date()
}

/// The instant of local midnight starting `date` (a midnight in a gap is shifted forward).
pub fn local_midnight(tz: Tz, date: NaiveDate) -> Ms {
    resolve_lenient(tz, date.and_time(NaiveTime::MIN))
}

/// `[first day 00:00, first day of next month 00:00)` local time (M1.6).
///
/// `month` must be 1–12 and `year` within chrono's range (the CLI validates both); out-of-range
/// values are clamped rather than panicking.
pub fn month_bounds(tz: Tz, year: i32, month: u32) -> (Ms, Ms) {
    let month = month.clamp(1, 12);
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (local_midnight(tz, first), local_midnight(tz, next))
}

/// Unit `d`: the same local wall-clock time `n` days later (M1.14): 23 or 25 hours across a
/// DST switch. A target time in the gap shifts forward, one in the fold takes the first
/// occurrence. Milliseconds are kept. Beyond chrono's range it falls back to `n` × 24 h.
pub fn add_calendar_days(tz: Tz, t: Ms, n: i64) -> Ms {
    let fallback = || t.saturating_add(n.saturating_mul(MS_PER_DAY));
    // Zero days is the instant itself, even in the second occurrence of a fold.
    if n == 0 {
        return t;
    }
    if !(-SAFE_MS..=SAFE_MS).contains(&t) {
        return fallback();
    }
    let local = local_datetime(tz, t);
    match TimeDelta::try_days(n).and_then(|d| local.checked_add_signed(d)) {
        Some(target) => resolve_local(
            tz,
            target,
            NonexistentPolicy::ShiftForward,
            AmbiguousPolicy::Earliest,
        )
        .map_or_else(|_| fallback(), |(x, _)| x),
        None => fallback(),
    }
}

/// An instant as local time with its offset, `2026-04-01T08:00:00+02:00` (milliseconds shown
/// only when not zero).
pub fn format_local(tz: Tz, t: Ms) -> String {
    match tz.timestamp_millis_opt(t.clamp(-SAFE_MS, SAFE_MS)).single() {
        Some(d) if t.rem_euclid(MS_PER_SEC) == 0 => d.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Some(d) => d.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        None => t.to_string(),
    }
}

/// The proleptic Gregorian year of an instant in UTC (H. Hinnant's `civil_from_days`).
/// Local years differ from it by at most a day at the turn of the year.
pub(crate) fn utc_year(t: Ms) -> i64 {
    let z = t.div_euclid(MS_PER_DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

/// The local date's weekday as 0 = Monday … 6 = Sunday.
pub(crate) fn weekday_index(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(s: &str) -> Ms {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    fn ndt(s: &str) -> NaiveDateTime {
        parse_local_datetime(s).unwrap()
    }

    const SHIFT: NonexistentPolicy = NonexistentPolicy::ShiftForward;
    const FIRST: AmbiguousPolicy = AmbiguousPolicy::Earliest;

    #[test]
    fn stockholm_gap_and_fold() {
        let tz = chrono_tz::Europe::Stockholm;
        assert_eq!(
            resolve_local(tz, ndt("2026-03-29T02:30"), SHIFT, FIRST),
            Ok((utc("2026-03-29T01:30:00Z"), LocalResolution::Gap))
        );
        // The first instant of the gap and the last one before it.
        assert_eq!(
            resolve_local(tz, ndt("2026-03-29T02:00"), SHIFT, FIRST),
            Ok((utc("2026-03-29T01:00:00Z"), LocalResolution::Gap))
        );
        assert_eq!(
            resolve_local(tz, ndt("2026-03-29T01:59:59"), SHIFT, FIRST),
            Ok((utc("2026-03-29T00:59:59Z"), LocalResolution::Unique))
        );
        assert_eq!(
            resolve_local(tz, ndt("2026-03-29T03:00"), SHIFT, FIRST),
            Ok((utc("2026-03-29T01:00:00Z"), LocalResolution::Unique))
        );
        assert_eq!(
            resolve_local(tz, ndt("2026-10-25T02:00"), SHIFT, FIRST),
            Ok((utc("2026-10-25T00:00:00Z"), LocalResolution::Fold))
        );
        assert_eq!(
            resolve_local(tz, ndt("2026-10-25T02:59:59"), SHIFT, FIRST),
            Ok((utc("2026-10-25T00:59:59Z"), LocalResolution::Fold))
        );
        assert_eq!(
            resolve_local(tz, ndt("2026-10-25T03:00"), SHIFT, FIRST),
            Ok((utc("2026-10-25T02:00:00Z"), LocalResolution::Unique))
        );
    }

    #[test]
    fn a_whole_skipped_day_resolves_without_panic() {
        // Samoa skipped 2011-12-30 (UTC-10 → UTC+14): the offset before is -10:00.
        let tz = chrono_tz::Pacific::Apia;
        assert_eq!(
            resolve_local(tz, ndt("2011-12-30T12:00"), SHIFT, FIRST),
            Ok((utc("2011-12-30T22:00:00Z"), LocalResolution::Gap))
        );
        let d = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
        assert_eq!(local_midnight(tz, d), utc("2011-12-30T10:00:00Z"));
        // Lord Howe's half-hour gap (02:00 → 02:30 on 2026-10-04, +10:30 → +11:00).
        let tz = chrono_tz::Australia::Lord_Howe;
        assert_eq!(
            resolve_local(tz, ndt("2026-10-04T02:10"), SHIFT, FIRST),
            Ok((utc("2026-10-03T15:40:00Z"), LocalResolution::Gap))
        );
    }

    #[test]
    fn month_bounds_follow_local_midnight() {
        let tz = chrono_tz::Europe::Stockholm;
        assert_eq!(
            month_bounds(tz, 2026, 3),
            (utc("2026-02-28T23:00:00Z"), utc("2026-03-31T22:00:00Z"))
        );
        assert_eq!(
            month_bounds(tz, 2026, 12),
            (utc("2026-11-30T23:00:00Z"), utc("2026-12-31T23:00:00Z"))
        );
    }

    #[test]
    fn calendar_days_keep_wall_clock_and_ms() {
        let tz = chrono_tz::Europe::Stockholm;
        let t = utc("2026-03-28T11:00:00.250Z");
        assert_eq!(add_calendar_days(tz, t, 1), utc("2026-03-29T10:00:00.250Z"));
        // Landing in the gap: 02:30 → read with +01:00.
        let t = utc("2026-03-28T01:30:00Z"); // 02:30 +01:00
        assert_eq!(add_calendar_days(tz, t, 1), utc("2026-03-29T01:30:00Z"));
        // Landing in the fold: the first occurrence.
        let t = utc("2026-10-24T00:30:00Z"); // 02:30 +02:00
        assert_eq!(add_calendar_days(tz, t, 1), utc("2026-10-25T00:30:00Z"));
        // 28 days across the spring switch: 28 × 24 h − 1 h.
        let t = utc("2026-03-10T09:00:00Z");
        assert_eq!(
            add_calendar_days(tz, t, 28) - t,
            28 * MS_PER_DAY - 3_600_000
        );
        // Zero days from the second 02:30 of the fold stays put.
        let t = utc("2026-10-25T01:30:00Z");
        assert_eq!(add_calendar_days(tz, t, 0), t);
        // Far outside any calendar: no panic.
        assert_eq!(add_calendar_days(tz, i64::MAX, 6), i64::MAX);
        let _ = add_calendar_days(tz, SAFE_MS, i64::from(u32::MAX));
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let tz = chrono_tz::Europe::Stockholm;
        for t in [i64::MIN, -SAFE_MS, 0, SAFE_MS, i64::MAX] {
            let _ = local_date(tz, t);
            let _ = format_local(tz, t);
        }
    }

    #[test]
    fn utc_year_matches_chrono() {
        for t in [
            0,
            -1,
            utc("1900-01-01T00:00:00Z"),
            utc("1899-12-31T23:59:59.999Z"),
            utc("2000-02-29T12:00:00Z"),
            utc("2200-12-31T23:59:59Z"),
            utc("2026-12-31T23:00:00Z"),
        ] {
            let y = DateTime::from_timestamp_millis(t).unwrap().year();
            assert_eq!(utc_year(t), i64::from(y), "{t}");
        }
    }

    #[test]
    fn format_with_offset() {
        let tz = chrono_tz::Europe::Stockholm;
        assert_eq!(
            format_local(tz, utc("2026-04-01T06:00:00Z")),
            "2026-04-01T08:00:00+02:00"
        );
        assert_eq!(
            format_local(tz, utc("2026-03-02T07:00:00.5Z")),
            "2026-03-02T08:00:00.500+01:00"
        );
    }
}
