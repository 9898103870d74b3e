//! Timestamp parsing into UTC milliseconds (M1, M1.3–M1.5).
//!
//! Accepted by default (M1): RFC 3339 — `YYYY-MM-DDTHH:MM:SS[.fff…]` with `Z` or a
//! `±HH:MM` offset (`T`, `t` or, as RFC 3339 §5.6 allows, a space between date and time; `z`
//! for `Z`) — and the same without an offset, a naive local time resolved in the calendar's
//! zone with the configured gap/fold policy. Seconds are required, the fraction takes a `.`,
//! and an offset has its colon: `+0100`, `+01`, `09:00` without seconds or a `,` fraction are
//! not RFC 3339 and are rejected (a mapping can name a pattern for them). Other shapes come
//! from input mappings:
//! epoch milliseconds or seconds, or a chrono `strftime` pattern such as `%d/%m/%Y %H:%M`.
//! Fractions finer than a millisecond are truncated.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use super::local::resolve_local;
use super::{AmbiguousPolicy, NonexistentPolicy};
use super::{LocalResolution, Ms, MS_PER_SEC};

/// A timestamp shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TsFormat {
    /// RFC 3339 / ISO 8601, offset optional (naive = local time).
    Iso,
    /// Integer milliseconds since the epoch.
    EpochMs,
    /// Integer (or fractional) seconds since the epoch.
    EpochS,
    /// A chrono strftime pattern of a naive local time (or with `%z`).
    Pattern(String),
}

impl TsFormat {
    /// `iso`, `epoch_ms`, `epoch_s`, or any other text as a strftime pattern.
    pub fn from_name(s: &str) -> Self {
        match s {
            "iso" | "rfc3339" | "" => TsFormat::Iso,
            "epoch_ms" => TsFormat::EpochMs,
            "epoch_s" => TsFormat::EpochS,
            p => TsFormat::Pattern(p.to_string()),
        }
    }
}

/// Parses timestamps of one input column; caches time-zone offsets per local hour.
#[derive(Debug, Clone)]
pub struct TimestampParser {
    tz: Tz,
    nonexistent: NonexistentPolicy,
    ambiguous: AmbiguousPolicy,
    formats: Vec<TsFormat>,
    /// (local hour number since epoch, offset seconds) of the last unique resolution.
    cache: Option<(i64, i64)>,
    /// The last valid date read by the RFC 3339 fast path, `(y, m, d)`, and its day number:
    /// a log's rows mostly share their date.
    last_date: ((i64, i64, i64), i64),
}

/// Why a timestamp was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsError(pub String);

impl TimestampParser {
    pub fn new(
        tz: Tz,
        nonexistent: NonexistentPolicy,
        ambiguous: AmbiguousPolicy,
        formats: Vec<TsFormat>,
    ) -> Self {
        let formats = if formats.is_empty() {
            vec![TsFormat::Iso]
        } else {
            formats
        };
        Self {
            tz,
            nonexistent,
            ambiguous,
            formats,
            cache: None,
            last_date: ((i64::MIN, 0, 0), 0),
        }
    }

    /// Parse one non-empty field.
    pub fn parse(&mut self, s: &str) -> Result<(Ms, LocalResolution), TsError> {
        // Most texts start and end with a visible ASCII character: nothing to trim
        // (`str::trim` was a few per cent of reading a year of calls).
        let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..=0x7E).contains(b));
        let s = if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
            s
        } else {
            s.trim()
        };
        let mut last_err = None;
        for i in 0..self.formats.len() {
            let r = match &self.formats[i] {
                TsFormat::Iso => self.parse_iso(s),
                TsFormat::EpochMs => s
                    .parse::<i64>()
                    .map(|v| (v, LocalResolution::Unique))
                    .map_err(|_| TsError(format!("`{s}` is not epoch milliseconds"))),
                TsFormat::EpochS => parse_epoch_seconds(s)
                    .map(|v| (v, LocalResolution::Unique))
                    .ok_or_else(|| TsError(format!("`{s}` is not epoch seconds"))),
                TsFormat::Pattern(p) => {
                    let p = p.clone();
                    self.parse_pattern(s, &p)
                }
            };
            match r {
                Ok(v) => return Ok(v),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| TsError(format!("`{s}` is not a timestamp"))))
    }

    /// A typed instant (a Parquet `Datetime`'s epoch milliseconds, `zoned` or wall-clock)
    /// whose text is RFC 3339 with a four-digit year (`…Z` when zoned): what [`Self::parse`]
    /// makes of that text, without the text, when RFC 3339 is the first format tried (it
    /// accepts every such text, M1.2). `None` when another format comes first, or when a
    /// wall-clock time is refused (a DST gap or fold, M1.4, M1.5) and further formats would be
    /// tried on the text: parse the text.
    pub fn typed(&mut self, ms: Ms, zoned: bool) -> Option<Result<(Ms, LocalResolution), TsError>> {
        if self.formats.first() != Some(&TsFormat::Iso) {
            return None;
        }
        if zoned {
            return Some(Ok((ms, LocalResolution::Unique)));
        }
        match self.local_ms(ms) {
            Err(_) if self.formats.len() > 1 => None,
            r => Some(r),
        }
    }

    fn parse_pattern(&mut self, s: &str, p: &str) -> Result<(Ms, LocalResolution), TsError> {
        if p.contains("%z") || p.contains("%:z") {
            return chrono::DateTime::parse_from_str(s, p)
                .map(|t| (t.timestamp_millis(), LocalResolution::Unique))
                .map_err(|_| TsError(format!("`{s}` does not match the format `{p}`")));
        }
        let ndt = NaiveDateTime::parse_from_str(s, p)
            .or_else(|_| {
                NaiveDate::parse_from_str(s, p).map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
            })
            .map_err(|_| TsError(format!("`{s}` does not match the format `{p}`")))?;
        let naive_ms = ndt.and_utc().timestamp_millis();
        self.local_ms(naive_ms)
    }

    /// Resolve a naive local time given as "ms since epoch as if UTC".
    fn local_ms(&mut self, naive_ms: i64) -> Result<(Ms, LocalResolution), TsError> {
        let hour = naive_ms.div_euclid(3_600_000);
        if let Some((h, off)) = self.cache {
            if h == hour {
                return Ok((naive_ms - off * MS_PER_SEC, LocalResolution::Unique));
            }
        }
        let ndt = chrono::DateTime::from_timestamp_millis(naive_ms)
            .ok_or_else(|| TsError("timestamp out of range".into()))?
            .naive_utc();
        let (t, res) = resolve_local(self.tz, ndt, self.nonexistent, self.ambiguous)
            .map_err(|e| TsError(e.to_string()))?;
        if res == LocalResolution::Unique {
            // Cache only when the whole local hour resolves uniquely with one offset.
            let start = hour * 3_600_000;
            let end = start + 3_599_999;
            let whole = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms).and_then(|d| {
                    resolve_local(
                        self.tz,
                        d.naive_utc(),
                        NonexistentPolicy::Reject,
                        AmbiguousPolicy::Reject,
                    )
                    .ok()
                    .map(|(t, _)| (ms - t) / MS_PER_SEC)
                })
            };
            let off = (naive_ms - t) / MS_PER_SEC;
            if whole(start) == Some(off) && whole(end) == Some(off) {
                self.cache = Some((hour, off));
            }
        }
        Ok((t, res))
    }

    fn parse_iso(&mut self, s: &str) -> Result<(Ms, LocalResolution), TsError> {
        let err = || TsError(format!("`{s}` is not an ISO 8601 / RFC 3339 timestamp"));
        let b = s.as_bytes();
        if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(err());
        }
        let num = |from: usize, len: usize| -> Option<i64> {
            let mut v = 0i64;
            for &c in b.get(from..from + len)? {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + (c - b'0') as i64;
            }
            Some(v)
        };
        let (y, mo, d) = (num(0, 4), num(5, 2), num(8, 2));
        let (h, mi) = (num(11, 2), num(14, 2));
        let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) = (y, mo, d, h, mi) else {
            return Err(err());
        };
        if b[13] != b':' {
            return Err(err());
        }
        let mut i = 16;
        let mut ms = 0;
        if b.get(i) != Some(&b':') {
            return Err(err());
        }
        let sec = num(i + 1, 2).ok_or_else(err)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            let mut scale = 100;
            while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
                ms += (*c - b'0') as i64 * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return Err(err());
            }
        }
        if !(1..=12).contains(&mo) || d < 1 || h > 23 || mi > 59 || sec > 59 {
            return Err(TsError(format!("`{s}`: date or time out of range")));
        }
        let days = if self.last_date.0 == (y, mo, d) {
            self.last_date.1
        } else {
            if d > days_in_month(y, mo) {
                return Err(TsError(format!("`{s}`: no such date")));
            }
            let days = days_from_civil(y, mo, d);
            self.last_date = ((y, mo, d), days);
            days
        };
        let naive_ms = ((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms;
        match &b[i..] {
            [] => self.local_ms(naive_ms),
            [b'Z'] | [b'z'] => Ok((naive_ms, LocalResolution::Unique)),
            [sign @ (b'+' | b'-'), tail @ ..] => {
                // +HH:MM (RFC 3339 time-numoffset); hours 0-23, minutes 0-59.
                let digits = match tail {
                    [h1, h2, b':', m1, m2] => [*h1, *h2, *m1, *m2],
                    _ => return Err(err()),
                };
                if !digits.iter().all(u8::is_ascii_digit) {
                    return Err(err());
                }
                let oh = i64::from((digits[0] - b'0') * 10 + (digits[1] - b'0'));
                let om = i64::from((digits[2] - b'0') * 10 + (digits[3] - b'0'));
                if oh > 23 || om > 59 {
                    return Err(TsError(format!("`{s}`: UTC offset out of range")));
                }
                let off = (oh * 60 + om) * 60_000;
                let off = if *sign == b'+' { off } else { -off };
                Ok((naive_ms - off, LocalResolution::Unique))
            }
            _ => Err(err()),
        }
    }
}

/// `1772438400`, `1772438400.25`, `-0.5`: seconds since the epoch, milliseconds kept, finer
/// digits truncated (toward zero, like the rest of the fraction).
fn parse_epoch_seconds(s: &str) -> Option<i64> {
    if let Ok(v) = s.parse::<i64>() {
        return v.checked_mul(1000);
    }
    let (int, frac) = s.split_once('.')?;
    let negative = int.starts_with('-');
    let int: i64 = match int {
        "" | "-" | "+" => 0,
        _ => int.parse().ok()?,
    };
    if frac.is_empty() || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ms = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0i64, |acc, c| acc * 10 + i64::from(c - b'0'));
    let whole = int.checked_mul(1000)?;
    if negative {
        whole.checked_sub(ms)
    } else {
        whole.checked_add(ms)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser() -> TimestampParser {
        TimestampParser::new(
            chrono_tz::Europe::Stockholm,
            NonexistentPolicy::ShiftForward,
            AmbiguousPolicy::Earliest,
            vec![TsFormat::Iso],
        )
    }

    fn utc(s: &str) -> Ms {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn rfc3339_forms() {
        let mut p = parser();
        assert_eq!(
            p.parse("2026-03-02T08:00:00Z").unwrap().0,
            utc("2026-03-02T08:00:00Z")
        );
        assert_eq!(
            p.parse("2026-03-02 09:00:00+01:00").unwrap().0,
            utc("2026-03-02T08:00:00Z")
        );
        // finer than ms is truncated
        assert_eq!(
            p.parse("2026-03-02T08:00:00.123999Z").unwrap().0,
            utc("2026-03-02T08:00:00.123Z")
        );
        assert!(p.parse("2026-02-30T08:00:00Z").is_err());
        assert!(p.parse("2026-03-02T25:00:00Z").is_err());
        assert!(p.parse("yesterday").is_err());
        // Not RFC 3339 (M1): no seconds, a comma fraction, a date alone.
        for bad in [
            "2026-03-02T09:00+01:00",
            "2026-03-02T09:00",
            "2026-03-02T09:00:00,5+01:00",
            "2026-03-02",
        ] {
            assert!(p.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn naive_local_gap_and_fold() {
        let mut p = parser();
        // winter: +01:00
        assert_eq!(
            p.parse("2026-03-02 09:00:00").unwrap(),
            (utc("2026-03-02T08:00:00Z"), LocalResolution::Unique)
        );
        // spring gap 2026-03-29 02:30 takes +01:00 -> 01:30Z
        assert_eq!(
            p.parse("2026-03-29T02:30:00").unwrap(),
            (utc("2026-03-29T01:30:00Z"), LocalResolution::Gap)
        );
        // autumn fold 2026-10-25 02:30 takes the first occurrence (+02:00) -> 00:30Z
        assert_eq!(
            p.parse("2026-10-25T02:30:00").unwrap(),
            (utc("2026-10-25T00:30:00Z"), LocalResolution::Fold)
        );
        // summer: +02:00
        assert_eq!(
            p.parse("2026-06-01T10:00:00").unwrap().0,
            utc("2026-06-01T08:00:00Z")
        );
    }

    #[test]
    fn reject_policies() {
        let mut p = TimestampParser::new(
            chrono_tz::Europe::Stockholm,
            NonexistentPolicy::Reject,
            AmbiguousPolicy::Reject,
            vec![TsFormat::Iso],
        );
        assert!(p.parse("2026-03-29T02:30:00").is_err());
        assert!(p.parse("2026-10-25T02:30:00").is_err());
    }

    #[test]
    fn offsets_are_checked() {
        let mut p = parser();
        let want = utc("2026-03-02T08:00:00Z");
        for ok in [
            "2026-03-02T09:00:00+01:00",
            "2026-03-02 09:00:00+01:00",
            "2026-03-02t08:00:00z",
            "2026-03-02T03:30:00-04:30",
        ] {
            assert_eq!(p.parse(ok).map(|r| r.0), Ok(want), "{ok}");
        }
        for bad in [
            "2026-03-02T09:00:00+24:00",
            "2026-03-02T09:00:00+01:60",
            "2026-03-02T09:00:00+1:00",
            "2026-03-02T09:00:00+0:100",
            "2026-03-02T09:00:00+01:0",
            "2026-03-02T09:00:00.Z",
            "2026-03-02T09:00:00 UTC",
            // RFC 3339 offsets have their colon, and nothing stands between time and zone.
            "2026-03-02T09:00:00+0100",
            "2026-03-02T09:00:00+01",
            "2026-03-02 09:00:00 +01:00",
        ] {
            assert!(p.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_seconds_keep_sign_and_truncate() {
        assert_eq!(parse_epoch_seconds("1772438400"), Some(1_772_438_400_000));
        assert_eq!(parse_epoch_seconds("1.2349"), Some(1234));
        assert_eq!(parse_epoch_seconds("-0.5"), Some(-500));
        assert_eq!(parse_epoch_seconds("-1.5"), Some(-1500));
        assert_eq!(parse_epoch_seconds(".25"), Some(250));
        assert_eq!(parse_epoch_seconds("9223372036854775.807"), Some(i64::MAX));
        assert_eq!(parse_epoch_seconds("9223372036854775.808"), None);
        assert_eq!(parse_epoch_seconds("99999999999999999999"), None);
        assert_eq!(parse_epoch_seconds("1.5e3"), None);
        assert_eq!(parse_epoch_seconds("1."), None);
    }

    #[test]
    fn epoch_and_patterns() {
        let mut p = TimestampParser::new(
            chrono_tz::Europe::Stockholm,
            NonexistentPolicy::ShiftForward,
            AmbiguousPolicy::Earliest,
            vec![TsFormat::EpochMs],
        );
        assert_eq!(p.parse("1772438400000").unwrap().0, 1_772_438_400_000);
        let mut p = TimestampParser::new(
            chrono_tz::Europe::Stockholm,
            NonexistentPolicy::ShiftForward,
            AmbiguousPolicy::Earliest,
            vec![TsFormat::Pattern("%d/%m/%Y %H:%M".into())],
        );
        assert_eq!(
            p.parse("29/2/2016 01:16").unwrap().0,
            utc("2016-02-29T00:16:00Z")
        );
    }

    proptest::proptest! {
        /// RFC 3339 with any offset, and naive local times that exist once, read back exactly.
        #[test]
        fn round_trips(t in 0i64..4_102_444_800_000, off_min in -720i64..=840) {
            let mut p = parser();
            let off = chrono::FixedOffset::east_opt((off_min * 60) as i32).unwrap();
            let text = chrono::DateTime::from_timestamp_millis(t)
                .unwrap()
                .with_timezone(&off)
                .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                .to_string();
            proptest::prop_assert_eq!(p.parse(&text).map(|r| r.0), Ok(t));
            let tz = chrono_tz::Europe::Stockholm;
            let local = super::super::local_datetime(tz, t);
            let naive = local.format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
            match p.parse(&naive) {
                Ok((x, LocalResolution::Unique)) => proptest::prop_assert_eq!(x, t),
                // In the fold the first occurrence is taken: t itself or one hour earlier.
                Ok((x, LocalResolution::Fold)) => proptest::prop_assert!(x == t || x == t - 3_600_000),
                other => proptest::prop_assert!(false, "{naive}: {other:?}"),
            }
        }
    }
}
