//! Per-column timestamp parsers of one input ([`Clocks`]): the mapping's formats and zone,
//! counts of naive times resolved in a DST gap or fold, and of implausible instants (the
//! plausibility check behind `inputs::warnings`).

use super::mapping::InputMapping;
use super::model::FileStats;
use super::reasons::{self, Bad};
use crate::calendar::timestamp::{TimestampParser, TsFormat};
use crate::calendar::{Calendars, LocalResolution, Ms};

/// Instants before 1900-01-01T00:00Z or from 2200-01-01T00:00Z on are implausible for a
/// service's records (typically epoch milliseconds read as seconds, or the reverse).
pub const PLAUSIBLE: std::ops::Range<Ms> = -2_208_988_800_000..7_258_118_400_000;

/// A timestamp field: its text and, when it came typed, the instant that text stands for
/// and whether it is zoned ([`super::frames::Typed::instant`]: the text is RFC 3339, `…Z`
/// when zoned, wall-clock time when not).
#[derive(Debug, Clone, Copy)]
pub struct TsField<'a> {
    pub text: &'a str,
    pub typed: Option<(Ms, bool)>,
}

/// Per-column timestamp parsers of one input, counting DST resolutions and implausible
/// instants.
#[derive(Debug, Clone)]
pub struct Clocks {
    parsers: Vec<Option<TimestampParser>>,
    pub gap: u64,
    pub fold: u64,
    /// Instants parsed outside [`PLAUSIBLE`], and the first of them (column, text, instant).
    pub implausible: u64,
    pub implausible_example: String,
    /// Per slot: the formats include `epoch_ms` (a 10-digit value is then epoch seconds read
    /// as milliseconds: 1970).
    epoch_ms: Vec<bool>,
}

impl Clocks {
    /// One parser per canonical column (of `canon`) named in `ts_cols`, then one per `extra`.
    pub fn new(
        canon: &[&str],
        m: &InputMapping,
        cals: &Calendars,
        ts_cols: &[&str],
        extra: &[&str],
    ) -> Self {
        let mut parsers = vec![None; canon.len() + extra.len()];
        let pos = |c: &str| {
            canon
                .iter()
                .position(|x| *x == c)
                .expect("canonical column")
        };
        let mut epoch_ms = vec![false; parsers.len()];
        let names_of = |name: &str| {
            m.timestamp_formats
                .get(name)
                .or(m.timestamp_format.as_ref())
        };
        let make = |name: &str| {
            let names = names_of(name);
            let formats = names
                .map(|v| v.iter().map(|s| TsFormat::from_name(s)).collect())
                .unwrap_or_default();
            // The zone was validated in `Resolved::new`.
            let tz = m
                .timezone
                .as_deref()
                .and_then(|z| z.parse().ok())
                .unwrap_or(cals.tz);
            TimestampParser::new(tz, cals.nonexistent, cals.ambiguous, formats)
        };
        let has_ms = |name: &str| names_of(name).is_some_and(|v| v.iter().any(|f| f == "epoch_ms"));
        for c in ts_cols {
            parsers[pos(c)] = Some(make(c));
            epoch_ms[pos(c)] = has_ms(c);
        }
        for (i, c) in extra.iter().enumerate() {
            parsers[canon.len() + i] = Some(make(c));
            epoch_ms[canon.len() + i] = has_ms(c);
        }
        Clocks {
            parsers,
            gap: 0,
            fold: 0,
            implausible: 0,
            implausible_example: String::new(),
            epoch_ms,
        }
    }

    /// Put the counts (and the first implausible example) in a file's statistics.
    pub fn record(&mut self, stats: &mut FileStats) {
        stats.dst_gap_resolved = self.gap;
        stats.dst_fold_resolved = self.fold;
        stats.implausible_instants = self.implausible;
        stats.implausible_example = std::mem::take(&mut self.implausible_example);
    }

    /// Add the counts of a copy that parsed a later part of the same file (chunks converted
    /// in parallel): the first implausible example in file order stays the example.
    pub fn absorb(&mut self, later: &Clocks) {
        self.gap += later.gap;
        self.fold += later.fold;
        self.implausible += later.implausible;
        if self.implausible_example.is_empty() {
            self.implausible_example
                .clone_from(&later.implausible_example);
        }
    }

    /// Parse a timestamp for parser slot `slot` (a canonical position, or
    /// `canon.len() + i` for extra `i`). Empty → `Ok(None)`.
    pub fn parse(&mut self, slot: usize, column: &'static str, s: &str) -> Result<Option<Ms>, Bad> {
        self.parse_field(
            slot,
            column,
            TsField {
                text: s,
                typed: None,
            },
        )
    }

    /// [`Clocks::parse`] of a field that may hold its instant typed: the same outcome as
    /// parsing its text, the text not parsed when the parser can take the instant as it is.
    pub fn parse_field(
        &mut self,
        slot: usize,
        column: &'static str,
        f: TsField,
    ) -> Result<Option<Ms>, Bad> {
        let s = f.text;
        if s.trim().is_empty() {
            return Ok(None);
        }
        let p = self.parsers[slot].as_mut().expect("timestamp column");
        let parsed = f
            .typed
            .and_then(|(t, zoned)| p.typed(t, zoned))
            .unwrap_or_else(|| p.parse(s));
        match parsed {
            Ok((t, res)) => {
                match res {
                    LocalResolution::Unique => {}
                    LocalResolution::Gap => self.gap += 1,
                    LocalResolution::Fold => self.fold += 1,
                }
                let digits = s.trim().trim_start_matches('-');
                let seconds_as_ms = self.epoch_ms[slot]
                    && digits.len() <= 10
                    && digits.bytes().all(|b| b.is_ascii_digit());
                if seconds_as_ms || !PLAUSIBLE.contains(&t) {
                    self.implausible += 1;
                    if self.implausible_example.is_empty() {
                        let when = chrono::DateTime::from_timestamp_millis(t).map_or_else(
                            || "beyond year 262143".to_string(),
                            |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        );
                        let why = if seconds_as_ms {
                            " (epoch seconds read as milliseconds? use \"epoch_s\")"
                        } else if t >= PLAUSIBLE.end && digits.len() >= 12 {
                            " (epoch milliseconds read as seconds? use \"epoch_ms\")"
                        } else {
                            ""
                        };
                        self.implausible_example = format!(
                            "{column} `{}` = {when}{why}",
                            reasons::printable(s.trim(), 60)
                        );
                    }
                }
                Ok(Some(t))
            }
            Err(e) => {
                let reason = if e.0.contains("nonexistent local time") {
                    "nonexistent local time"
                } else if e.0.contains("ambiguous local time") {
                    "ambiguous local time"
                } else {
                    "unparseable timestamp"
                };
                Err(Bad::new(column, s, reason))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clocks(formats: &[&str]) -> Clocks {
        let m = InputMapping {
            timestamp_format: Some(formats.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        };
        let cals = Calendars::from_config(&crate::config::SlaConfig::ssbtek().calendar);
        Clocks::new(&["t"], &m, &cals, &["t"], &[])
    }

    #[test]
    fn the_plausible_range_is_1900_to_2200() {
        let ms = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .timestamp_millis()
        };
        assert_eq!(PLAUSIBLE.start, ms("1900-01-01T00:00:00Z"));
        assert_eq!(PLAUSIBLE.end, ms("2200-01-01T00:00:00Z"));
        let mut c = clocks(&["iso"]);
        for ok in ["1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z"] {
            c.parse(0, "t", ok).unwrap();
        }
        assert_eq!(c.implausible, 0);
        c.parse(0, "t", "1899-12-31T23:59:59Z").unwrap();
        c.parse(0, "t", "2200-01-01T00:00:00Z").unwrap();
        assert_eq!(c.implausible, 2);
        assert_eq!(
            c.implausible_example,
            "t `1899-12-31T23:59:59Z` = 1899-12-31T23:59:59Z"
        );
    }

    #[test]
    fn epoch_units_swapped_either_way_are_caught() {
        // Milliseconds read as seconds: far beyond 2200.
        let mut c = clocks(&["epoch_s"]);
        c.parse(0, "t", "1772438700000").unwrap();
        assert_eq!(c.implausible, 1);
        assert!(
            c.implausible_example
                .ends_with("(epoch milliseconds read as seconds? use \"epoch_ms\")"),
            "{}",
            c.implausible_example
        );
        c.parse(0, "t", "1772438700").unwrap();
        assert_eq!(c.implausible, 1, "seconds as seconds are fine");
        // Seconds read as milliseconds: January 1970, flagged by their 10 digits.
        let mut c = clocks(&["epoch_ms"]);
        c.parse(0, "t", "1772438700000").unwrap();
        assert_eq!(c.implausible, 0);
        c.parse(0, "t", "1772438700").unwrap();
        assert_eq!(c.implausible, 1);
        assert_eq!(
            c.implausible_example,
            "t `1772438700` = 1970-01-21T12:20:38Z (epoch seconds read as milliseconds? use \"epoch_s\")"
        );
    }

    /// A typed instant (what a Parquet `Datetime` column sends) gives what its text gives:
    /// the same instant or reject (value and reason), the same DST and implausibility counts
    /// and example, zoned or wall-clock, under every gap/fold policy and whichever format comes
    /// first (M1.2, M1.4, M1.5). Instants near this zone's DST switches are drawn often.
    mod typed_is_text {
        use super::*;
        use crate::calendar::timefmt::FOUR_DIGIT_YEARS;
        use crate::calendar::{AmbiguousPolicy, NonexistentPolicy};
        use crate::inputs::frames::{Kind, Typed};
        use proptest::prelude::*;

        /// 2026-03-29T02:00 and 2026-10-25T02:00 on a wall clock (Stockholm's switches).
        const SWITCHES: [Ms; 2] = [1_774_749_600_000, 1_792_893_600_000];

        fn instant() -> impl Strategy<Value = Ms> {
            prop_oneof![
                FOUR_DIGIT_YEARS,
                (0..2usize, -7_200_000i64..7_200_000).prop_map(|(i, d)| SWITCHES[i] + d),
                prop_oneof![Just(PLAUSIBLE.start - 1), Just(PLAUSIBLE.end)],
            ]
        }

        proptest! {
            #[test]
            fn same_outcome(
                t in instant(),
                zoned in proptest::bool::ANY,
                reject_gap in proptest::bool::ANY,
                reject_fold in proptest::bool::ANY,
                formats in prop_oneof![
                    Just(vec![]),
                    Just(vec!["iso", "epoch_ms"]),
                    Just(vec!["%Y-%m-%dT%H:%M:%S%.3f", "iso"]),
                    Just(vec!["epoch_ms"]),
                ],
            ) {
                let m = InputMapping {
                    timestamp_format: (!formats.is_empty())
                        .then(|| formats.iter().map(|s| s.to_string()).collect()),
                    ..Default::default()
                };
                let mut cals =
                    Calendars::from_config(&crate::config::SlaConfig::ssbtek().calendar);
                if reject_gap {
                    cals.nonexistent = NonexistentPolicy::Reject;
                }
                if reject_fold {
                    cals.ambiguous = AmbiguousPolicy::Reject;
                }
                let kind = if zoned { Kind::Zoned } else { Kind::Naive };
                let col = Typed { kind, values: vec![t], valid: vec![true] };
                let text = col.text();
                let text = text.get(0);
                let mut by_text = Clocks::new(&["t"], &m, &cals, &["t"], &[]);
                let mut by_value = by_text.clone();
                let a = by_text.parse(0, "t", text);
                let b = by_value.parse_field(0, "t", TsField { text, typed: col.instant(0) });
                prop_assert_eq!(
                    a.map_err(|e| (e.value, e.reason)),
                    b.map_err(|e| (e.value, e.reason))
                );
                prop_assert_eq!(
                    (by_text.gap, by_text.fold, by_text.implausible),
                    (by_value.gap, by_value.fold, by_value.implausible)
                );
                prop_assert_eq!(by_text.implausible_example, by_value.implausible_example);
            }
        }
    }
}
