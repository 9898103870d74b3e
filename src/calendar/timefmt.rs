//! Fast RFC 3339 formatting of instants in the calendar's time zone, with the offset in force
//! (`+01:00` / `+02:00` for Europe/Stockholm, correct across DST). The call log has millions
//! of rows, so the offset is looked up once per UTC hour (zones switch on whole hours) and the
//! civil date is computed with integer arithmetic instead of chrono's formatter. Typed
//! Parquet timestamps are written as text in UTC the same way ([`push_utc_ms`]).

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

use crate::calendar::Ms;

const MS_PER_HOUR: i64 = 3_600_000;

/// Formats instants as `YYYY-MM-DDTHH:MM:SS[.mmm]±HH:MM`, caching the offset per UTC hour.
#[derive(Debug, Clone)]
pub struct TimeFormatter {
    tz: Tz,
    hour_start: Ms,
    offset_ms: i64,
}

impl TimeFormatter {
    pub fn new(tz: Tz) -> Self {
        let mut f = TimeFormatter {
            tz,
            hour_start: i64::MIN,
            offset_ms: 0,
        };
        f.offset_at(0);
        f
    }

    /// The UTC offset in force at `t`, ms.
    pub fn offset_at(&mut self, t: Ms) -> i64 {
        let hour = t.div_euclid(MS_PER_HOUR) * MS_PER_HOUR;
        if hour != self.hour_start {
            self.hour_start = hour;
            self.offset_ms = match self.tz.timestamp_millis_opt(hour) {
                chrono::LocalResult::Single(x) => {
                    i64::from(x.offset().fix().local_minus_utc()) * 1000
                }
                _ => 0,
            };
        }
        self.offset_ms
    }

    /// Append `t` with milliseconds.
    pub fn push_ms(&mut self, out: &mut Vec<u8>, t: Ms) {
        self.push(out, t, true);
    }

    /// Append `t` to whole seconds (sub-second digits dropped).
    pub fn push_s(&mut self, out: &mut Vec<u8>, t: Ms) {
        self.push(out, t, false);
    }

    /// `t` as a `String` (whole seconds), for the small ticket and change files.
    pub fn string_s(&mut self, t: Ms) -> String {
        let mut v = Vec::with_capacity(25);
        self.push_s(&mut v, t);
        String::from_utf8(v).expect("ASCII")
    }

    fn push(&mut self, out: &mut Vec<u8>, t: Ms, millis: bool) {
        let off = self.offset_at(t);
        push_wall_clock(out, t + off, millis);
        let off_min = off / 60_000;
        out.push(if off_min < 0 { b'-' } else { b'+' });
        push_num(out, off_min.abs() / 60, 2);
        out.push(b':');
        push_num(out, off_min.abs() % 60, 2);
    }
}

/// Instants whose UTC year has four digits (0000–9999): what [`push_utc_ms`] writes.
pub const FOUR_DIGIT_YEARS: std::ops::RangeInclusive<Ms> =
    -62_167_219_200_000..=253_402_300_799_999;

/// Append `t` as `YYYY-MM-DDTHH:MM:SS.mmm` in UTC, with `Z` when `zulu`, as chrono's
/// `%Y-%m-%dT%H:%M:%S%.3f` writes it, for `t` in [`FOUR_DIGIT_YEARS`] (the caller formats the
/// rest; chrono's formatter and a `String` a value were most of reading a Parquet
/// timestamp column).
pub fn push_utc_ms(out: &mut Vec<u8>, t: Ms, zulu: bool) {
    push_wall_clock(out, t, true);
    if zulu {
        out.push(b'Z');
    }
}

/// [`push_utc_ms`] for a column of instants, remembering the last one's date: a log's
/// neighbouring rows share their day, so the civil date is computed once a day, not once a
/// value (a typed Parquet timestamp is read as this text, M2.1: two a row).
#[derive(Debug, Clone)]
pub struct UtcTexts {
    day: i64,
    date: [u8; 10],
}

impl Default for UtcTexts {
    fn default() -> Self {
        UtcTexts {
            day: i64::MIN,
            date: *b"0000-00-00",
        }
    }
}

impl UtcTexts {
    /// Append `t` exactly as [`push_utc_ms`] does, for `t` in [`FOUR_DIGIT_YEARS`] (else
    /// nothing is written and `false` returned).
    pub fn push(&mut self, out: &mut Vec<u8>, t: Ms, zulu: bool) -> bool {
        if !FOUR_DIGIT_YEARS.contains(&t) {
            return false;
        }
        let days = t.div_euclid(86_400_000);
        if days != self.day {
            let (y, m, d) = civil_from_days(days);
            put_digits(&mut self.date[0..4], y);
            put_digits(&mut self.date[5..7], m);
            put_digits(&mut self.date[8..10], d);
            self.day = days;
        }
        let in_day = t.rem_euclid(86_400_000);
        let secs = in_day / 1000;
        let mut b = *b"0000-00-00T00:00:00.000Z";
        b[..10].copy_from_slice(&self.date);
        put_digits(&mut b[11..13], secs / 3600);
        put_digits(&mut b[14..16], secs / 60 % 60);
        put_digits(&mut b[17..19], secs % 60);
        put_digits(&mut b[20..23], in_day % 1000);
        // Two fixed lengths: each copy is a few moves, not a call.
        if zulu {
            out.extend_from_slice(&b);
        } else {
            out.extend_from_slice(&b[..23]);
        }
        true
    }
}

/// Write `v` (non-negative, fitting) in decimal across all of `to`, zero-padded.
fn put_digits(to: &mut [u8], mut v: i64) {
    for c in to.iter_mut().rev() {
        *c = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Append the wall-clock time `local` (milliseconds since 1970-01-01 00:00 on that clock) as
/// `YYYY-MM-DDTHH:MM:SS`, and `.mmm` when `millis`.
fn push_wall_clock(out: &mut Vec<u8>, local: Ms, millis: bool) {
    let days = local.div_euclid(86_400_000);
    let in_day = local.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let secs = in_day / 1000;
    if (0..=9999).contains(&y) {
        // Every field at its fixed width: built on the stack, appended once (a typed Parquet
        // timestamp is read as this text, M2.1: two a row).
        let mut b = *b"0000-00-00T00:00:00.000";
        let mut put = |at: usize, width: usize, mut v: i64| {
            for k in (at..at + width).rev() {
                b[k] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, y);
        put(5, 2, m);
        put(8, 2, d);
        put(11, 2, secs / 3600);
        put(14, 2, secs / 60 % 60);
        put(17, 2, secs % 60);
        put(20, 3, in_day % 1000);
        out.extend_from_slice(&b[..if millis { 23 } else { 19 }]);
        return;
    }
    push_num(out, y, 4);
    out.push(b'-');
    push_num(out, m, 2);
    out.push(b'-');
    push_num(out, d, 2);
    out.push(b'T');
    push_num(out, secs / 3600, 2);
    out.push(b':');
    push_num(out, secs / 60 % 60, 2);
    out.push(b':');
    push_num(out, secs % 60, 2);
    if millis {
        out.push(b'.');
        push_num(out, in_day % 1000, 3);
    }
}

/// Zero-padded decimal of a non-negative `v` in `width` digits (more if it needs them).
pub fn push_num(out: &mut Vec<u8>, v: i64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut v = v.max(0);
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    out.extend(std::iter::repeat_n(b'0', width.saturating_sub(digits)));
    out.extend_from_slice(&buf[i..]);
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast UTC text is chrono's, to the byte, for every instant with a four-digit
        /// year (and both ends of the range are such instants).
        #[test]
        fn utc_text_is_chronos(t in FOUR_DIGIT_YEARS, zulu in proptest::bool::ANY) {
            let mut out = Vec::new();
            push_utc_ms(&mut out, t, zulu);
            let pattern = if zulu { "%Y-%m-%dT%H:%M:%S%.3fZ" } else { "%Y-%m-%dT%H:%M:%S%.3f" };
            let chrono = chrono::DateTime::from_timestamp_millis(t).unwrap().format(pattern);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), chrono.to_string());
        }

        /// The wall clock in whole seconds is chrono's too, for any four-digit year.
        #[test]
        fn wall_clock_seconds_is_chronos(t in FOUR_DIGIT_YEARS) {
            let mut out = Vec::new();
            push_wall_clock(&mut out, t, false);
            let chrono = chrono::DateTime::from_timestamp_millis(t).unwrap();
            proptest::prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                chrono.format("%Y-%m-%dT%H:%M:%S").to_string()
            );
        }
    }

    proptest::proptest! {
        /// A column's texts with the date remembered are [`push_utc_ms`]'s, value by value:
        /// neighbours on one day, across midnight, and far apart; outside the four-digit
        /// years nothing is written.
        #[test]
        fn remembered_dates_are_push_utc_ms(
            start in FOUR_DIGIT_YEARS,
            steps in proptest::collection::vec(
                proptest::prop_oneof![-3_600_000i64..3_600_000, -(1i64 << 45)..(1i64 << 45)],
                1..40,
            ),
            zulu in proptest::bool::ANY,
        ) {
            let mut texts = UtcTexts::default();
            let mut t = start;
            for step in steps {
                t = t.saturating_add(step);
                let (mut fast, mut plain) = (Vec::new(), Vec::new());
                let written = texts.push(&mut fast, t, zulu);
                proptest::prop_assert_eq!(written, FOUR_DIGIT_YEARS.contains(&t));
                if written {
                    push_utc_ms(&mut plain, t, zulu);
                }
                proptest::prop_assert_eq!(fast, plain);
            }
        }
    }

    #[test]
    fn remembered_dates_across_midnight_by_hand() {
        let mut texts = UtcTexts::default();
        let mut out = Vec::new();
        let midnight = 1_798_761_600_000; // 2027-01-01T00:00:00Z
        for t in [midnight - 1, midnight, midnight - 1] {
            texts.push(&mut out, t, true);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "2026-12-31T23:59:59.999Z 2027-01-01T00:00:00.000Z 2026-12-31T23:59:59.999Z "
        );
    }

    #[test]
    fn four_digit_years_are_exactly_the_range() {
        let year = |t: Ms| {
            chrono::DateTime::from_timestamp_millis(t)
                .unwrap()
                .format("%Y")
                .to_string()
        };
        let (lo, hi) = (*FOUR_DIGIT_YEARS.start(), *FOUR_DIGIT_YEARS.end());
        assert_eq!(
            (year(lo), year(hi)),
            ("0000".to_string(), "9999".to_string())
        );
        assert_eq!(
            (year(lo - 1), year(hi + 1)),
            ("-0001".to_string(), "+10000".to_string())
        );
    }

    fn fmt(t: Ms) -> String {
        let mut f = TimeFormatter::new(chrono_tz::Europe::Stockholm);
        let mut v = Vec::new();
        f.push_ms(&mut v, t);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn formats_both_sides_of_the_spring_switch() {
        // 2026-03-29 01:00Z is the switch: 00:59:59.999Z = 01:59:59.999+01:00, then 03:00+02:00.
        let switch = 1_774_746_000_000; // 2026-03-29T01:00:00Z
        assert_eq!(fmt(switch - 1), "2026-03-29T01:59:59.999+01:00");
        assert_eq!(fmt(switch), "2026-03-29T03:00:00.000+02:00");
    }

    #[test]
    fn formats_the_autumn_fold_twice() {
        let switch = 1_792_890_000_000; // 2026-10-25T01:00:00Z
        assert_eq!(fmt(switch - 1), "2026-10-25T02:59:59.999+02:00");
        assert_eq!(fmt(switch), "2026-10-25T02:00:00.000+01:00");
    }

    #[test]
    fn agrees_with_chrono_everywhere() {
        let mut f = TimeFormatter::new(chrono_tz::Europe::Stockholm);
        let mut t: Ms = 946_684_800_123; // 2000-01-01
        while t < 4_102_444_800_000 {
            let mut v = Vec::new();
            f.push_s(&mut v, t);
            let expected = chrono_tz::Europe::Stockholm
                .timestamp_millis_opt(t)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
            assert_eq!(String::from_utf8(v).unwrap(), expected);
            t += 7_777_777_777;
        }
    }
}
