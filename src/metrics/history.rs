//! The year carried from month to month: what each month's metrics.json keeps so that a later
//! month (year-to-date figures, trend) and the annual report can take it from the archive instead
//! of re-reading that month's logs, and the months an archive supplies to a report.
//!
//! A month carries ([`YearCarry`], the `year_carry` key of metrics.json):
//! - the union of its unavailable intervals, *unclipped*, every span that overlaps the month
//!   (after corrections, and as measured): the year's outage count groups spans by `merge_gap`
//!   across month ends, so an outage spanning two months counts once in the year only when the
//!   spans themselves, in exact milliseconds, are carried, never a rounded duration;
//! - which inputs covered the month, whether the availability source covered it, and the calls
//!   received in it (the trend row's figures besides the targets, which metrics.json has).
//!
//! The month's own figures (open and unavailable ms, counts, per-day availability, targets,
//! outages, corrections) are the other keys of metrics.json; the year is computed from them.
//!
//! With a [`History`], the year-to-date union is the archived months' spans plus the spans of
//! the inputs that reach a month the archive does not hold; an archived month's trend row is the
//! archived one. The report states each month's source ([`Provenance`]).

use std::collections::BTreeMap;

use super::intervals::{self, Span};
use super::model::TargetStatus;
pub use super::model::{ArchivedSource, MonthSource, Provenance, ProvenanceMonth, YearCarry};
use chrono_tz::Tz;

use crate::calendar::{month_bounds, Ms};

/// The spans of a union that overlap `[start, end)`.
pub fn spans_in(union: &[Span], start: Ms, end: Ms) -> Vec<Span> {
    union
        .iter()
        .copied()
        .filter(|&(s, e)| s < end && e > start)
        .collect()
}

/// One archived month, as the figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedMonth {
    pub carry: YearCarry,
    /// The page-1 targets as on that month's page 1.
    pub targets: Vec<TargetStatus>,
    /// Where it came from (for the provenance).
    pub source: ArchivedSource,
}

/// The earlier months of the report's year an archive supplies (month number → month).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    pub months: BTreeMap<u32, CarriedMonth>,
}

impl History {
    pub fn get(&self, month: u32) -> Option<&CarriedMonth> {
        self.months.get(&month)
    }

    /// The year-to-date union: the archived months' spans, and every span of `union` (the
    /// inputs') that reaches a month outside the archive. `as_measured` picks the archived
    /// spans before corrections.
    pub fn year_union(&self, union: &[Span], tz: Tz, year: i32, as_measured: bool) -> Vec<Span> {
        if self.months.is_empty() {
            return union.to_vec();
        }
        let archived: Vec<Span> = intervals::union(
            self.months
                .keys()
                .map(|&m| month_bounds(tz, year, m))
                .collect(),
        );
        let mut all: Vec<Span> = union
            .iter()
            .copied()
            .filter(|&span| intervals::total(&intervals::subtract(&[span], &archived)) > 0)
            .collect();
        for m in self.months.values() {
            let spans = if as_measured {
                &m.carry.unavailable_spans_as_measured
            } else {
                &m.carry.unavailable_spans
            };
            all.extend(spans.iter().copied());
        }
        intervals::union(all)
    }
}

impl History {
    /// `union` (the report month's, from its inputs) with the archived spans that reach into
    /// `[start, end)` added: an outage an earlier month recorded across the month end is
    /// unavailable time of this month too, also when this month's inputs start at its first
    /// day. `excluded` (this month's corrections) applies to them as to the inputs' spans.
    pub fn carried_into(
        &self,
        union: Vec<Span>,
        (start, end): Span,
        excluded: &[Span],
        as_measured: bool,
    ) -> Vec<Span> {
        let mut carried: Vec<Span> = Vec::new();
        for m in self.months.values() {
            let spans = if as_measured {
                &m.carry.unavailable_spans_as_measured
            } else {
                &m.carry.unavailable_spans
            };
            carried.extend(spans_in(spans, start, end));
        }
        if carried.is_empty() {
            return union;
        }
        let carried = intervals::subtract(&intervals::union(carried), excluded);
        let mut all = union;
        all.extend(carried);
        intervals::union(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_union_takes_archived_months_from_the_archive() {
        let tz = chrono_tz::Europe::Stockholm;
        let (jan_s, jan_e) = month_bounds(tz, 2026, 1);
        let (feb_s, _) = month_bounds(tz, 2026, 2);
        let carry = YearCarry {
            // An outage across the end of January, carried whole.
            unavailable_spans: vec![(jan_s + 10, jan_s + 20), (jan_e - 50, jan_e + 50)],
            unavailable_spans_as_measured: vec![(jan_e - 50, jan_e + 50)],
            ..Default::default()
        };
        let mut h = History::default();
        h.months.insert(
            1,
            CarriedMonth {
                carry,
                targets: Vec::new(),
                source: ArchivedSource {
                    path: "2026-01".into(),
                    metrics_sha256: String::new(),
                    manifest_sha256: String::new(),
                    config_sha256: String::new(),
                    config_version: String::new(),
                    config_differs: false,
                },
            },
        );
        // The inputs: a January span the archive does not have (ignored: January is archived),
        // the February part of the boundary outage, and a February span.
        let inputs = vec![
            (jan_s + 100, jan_s + 200),
            (feb_s, jan_e + 30),
            (feb_s + 1000, feb_s + 2000),
        ];
        assert_eq!(
            h.year_union(&inputs, tz, 2026, false),
            vec![
                (jan_s + 10, jan_s + 20),
                (jan_e - 50, jan_e + 50),
                (feb_s + 1000, feb_s + 2000)
            ]
        );
        assert_eq!(
            h.year_union(&inputs, tz, 2026, true),
            vec![(jan_e - 50, jan_e + 50), (feb_s + 1000, feb_s + 2000)]
        );
        assert_eq!(
            History::default().year_union(&inputs, tz, 2026, false),
            inputs
        );
    }
}
