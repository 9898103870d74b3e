//! [`Month`]: a report month, `YYYY-MM`, within the years the calendar covers
//! ([`FIRST_YEAR`]`..=`[`LAST_YEAR`]). Parsed once where it enters (the CLI's `--month`, the
//! manifest's `month`) and passed typed everywhere after; written back as the same `YYYY-MM`
//! text (its `Display` and its serde form).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{month_bounds, Ms, FIRST_YEAR, LAST_YEAR};

/// A calendar month of a year in `FIRST_YEAR..=LAST_YEAR`. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

/// Why a text is not a [`Month`].
/// The message is what clap prints after "invalid value '…' for '--month <YYYY-MM>'".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected YYYY-MM ({FIRST_YEAR}-01 … {LAST_YEAR}-12), e.g. 2026-03")]
pub struct MonthError(());

impl Month {
    /// The month `month` (1–12) of `year`, or `None` outside `FIRST_YEAR..=LAST_YEAR`.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((FIRST_YEAR..=LAST_YEAR).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The first supported month, `FIRST_YEAR-01`.
    pub const FIRST: Month = Month {
        year: FIRST_YEAR,
        month: 1,
    };
    /// The last supported month, `LAST_YEAR-12`.
    pub const LAST: Month = Month {
        year: LAST_YEAR,
        month: 12,
    };

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a supported month is a date")
    }

    /// The month after, or `None` after [`Month::LAST`].
    pub fn next(self) -> Option<Month> {
        if self.month == 12 {
            Month::new(self.year + 1, 1)
        } else {
            Month::new(self.year, self.month + 1)
        }
    }

    /// `[start, end)` of the month in `tz`, UTC milliseconds.
    pub fn bounds(self, tz: Tz) -> (Ms, Ms) {
        month_bounds(tz, self.year, self.month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = MonthError;

    /// Exactly `YYYY-MM`: four digits, `-`, two digits; no sign, no spaces.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || MonthError(());
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
            return Err(bad());
        }
        let year: i32 = s[..4].parse().map_err(|_| bad())?;
        let month: u32 = s[5..].parse().map_err(|_| bad())?;
        Month::new(year, month).ok_or_else(bad)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_displays() {
        let m: Month = "2026-03".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2026, 3));
        assert_eq!(m.to_string(), "2026-03");
        assert_eq!(m.first_day(), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(m.next().unwrap().to_string(), "2026-04");
        assert_eq!(
            "2026-12"
                .parse::<Month>()
                .unwrap()
                .next()
                .unwrap()
                .to_string(),
            "2027-01"
        );
    }

    #[test]
    fn rejects_what_is_not_yyyy_mm() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-3",
            " 2026-03",
            "2026-03 ",
            "2026/03",
            "26-03",
            "march",
            "",
            "+206-03",
            "2026-+3",
            "02026-03",
            "1899-12",
            "2201-01",
            "-001-01",
            "２026-03",
        ] {
            let err = bad.parse::<Month>().unwrap_err().to_string();
            assert!(
                err.contains("expected YYYY-MM (1900-01 … 2200-12)"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn range_edges() {
        assert_eq!("1900-01".parse::<Month>().unwrap(), Month::FIRST);
        assert_eq!("2200-12".parse::<Month>().unwrap(), Month::LAST);
        assert_eq!(Month::LAST.next(), None);
        assert_eq!(Month::new(FIRST_YEAR - 1, 12), None);
        assert_eq!(Month::new(LAST_YEAR + 1, 1), None);
        assert_eq!(Month::new(2026, 0), None);
        assert_eq!(Month::new(2026, 13), None);
    }

    #[test]
    fn serde_is_the_yyyy_mm_text() {
        let m = Month::new(2026, 3).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2026-03\"");
        assert_eq!(serde_json::from_str::<Month>("\"2026-03\"").unwrap(), m);
        let err = serde_json::from_str::<Month>("\"2026-13\"").unwrap_err();
        assert!(err.to_string().contains("expected YYYY-MM"), "{err}");
    }

    #[test]
    fn bounds_are_local_midnights() {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let (s, e) = Month::new(2026, 3).unwrap().bounds(tz);
        // 2026-03-01T00:00+01:00 and 2026-04-01T00:00+02:00.
        assert_eq!(s, 1_772_319_600_000);
        assert_eq!(e, 1_774_994_400_000);
    }

    proptest! {
        #[test]
        fn display_from_str_round_trip(year in FIRST_YEAR..=LAST_YEAR, month in 1u32..=12) {
            let m = Month::new(year, month).unwrap();
            prop_assert_eq!(m.to_string().parse::<Month>().unwrap(), m);
            prop_assert_eq!(m.to_string().len(), 7);
        }

        #[test]
        fn from_str_display_round_trip(s in "[0-9]{4}-[0-9]{2}") {
            if let Ok(m) = s.parse::<Month>() {
                prop_assert_eq!(m.to_string(), s);
            }
        }

        #[test]
        fn next_is_one_month_later(year in FIRST_YEAR..LAST_YEAR, month in 1u32..=12) {
            let m = Month::new(year, month).unwrap();
            let n = m.next().unwrap();
            prop_assert!(n > m);
            prop_assert_eq!(n.first_day(), m.first_day().checked_add_months(chrono::Months::new(1)).unwrap());
        }
    }
}
