//! One local year of a calendar as plain arrays: its sorted, disjoint open intervals (UTC ms)
//! and the running total of open time before each, so that business time up to any instant is
//! a lookup and a subtraction, and the instant reached after N ms of business time is one
//! binary search and an addition. Exact: integers only.
//!
//! Finding the interval of an instant goes through a day index: the year is cut into
//! fixed 24-hour UTC buckets from its start, and each bucket records how many intervals start
//! before it, so a lookup searches only the one or two intervals starting in its bucket
//! instead of binary-searching the whole year (whose unpredictable branches dominated the
//! cost). Fixed-width UTC buckets need no time-zone knowledge and stay exact across DST.

use super::{Ms, MS_PER_DAY};

/// Width of an index bucket.
const BUCKET: Ms = MS_PER_DAY;

/// The open intervals of one local year `[start, end)`.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearTable {
    /// Local midnight of 1 January, and of 1 January the next year.
    pub start: Ms,
    pub end: Ms,
    /// Sorted, disjoint, non-empty intervals within `[start, end)`.
    pub starts: Vec<Ms>,
    pub ends: Vec<Ms>,
    /// `cum[i]` = open ms of the first `i` intervals; `cum.len() == starts.len() + 1`.
    pub cum: Vec<i64>,
    /// `bucket_first[k]` = number of intervals starting before `start + k × BUCKET`; the
    /// buckets cover `[start, end]`.
    bucket_first: Vec<u32>,
}

impl YearTable {
    /// From sorted, disjoint, non-empty intervals.
    pub fn new(start: Ms, end: Ms, intervals: &[(Ms, Ms)]) -> Self {
        let mut cum = Vec::with_capacity(intervals.len() + 1);
        let mut acc = 0;
        cum.push(0);
        for &(s, e) in intervals {
            acc += e - s;
            cum.push(acc);
        }
        let starts: Vec<Ms> = intervals.iter().map(|p| p.0).collect();
        let buckets = ((end - start).max(0) / BUCKET + 1) as usize;
        let bucket_first = (0..=buckets)
            .map(|k| starts.partition_point(|&s| s < start + k as i64 * BUCKET) as u32)
            .collect();
        YearTable {
            start,
            end,
            starts,
            ends: intervals.iter().map(|p| p.1).collect(),
            cum,
            bucket_first,
        }
    }

    /// How many intervals start before `t` (at or before it when `inclusive`). Exact for any
    /// `t`: outside the year the first or last bucket gives the right count.
    fn starts_before(&self, t: Ms, inclusive: bool) -> usize {
        let last = self.bucket_first.len() - 2;
        let k = (((t - self.start).max(0) / BUCKET) as usize).min(last);
        let (lo, hi) = (
            self.bucket_first[k] as usize,
            self.bucket_first[k + 1] as usize,
        );
        lo + self.starts[lo..hi].partition_point(|&s| if inclusive { s <= t } else { s < t })
    }

    /// Open time of the whole year, ms.
    pub fn total(&self) -> i64 {
        self.cum.last().copied().unwrap_or(0)
    }

    /// Open time in `[self.start, t)`, ms, for `t` in `[start, end]`.
    pub fn open_before(&self, t: Ms) -> i64 {
        // Intervals starting before t; only the last of them can reach past t.
        let i = self.starts_before(t, false);
        if i == 0 {
            return 0;
        }
        self.cum[i] - (self.ends[i - 1] - t).max(0)
    }

    /// The earliest instant `t` with `open_before(t) == target`, for `0 < target <= total()`.
    pub fn instant_at(&self, target: i64) -> Ms {
        // The first interval whose running total reaches the target contains the instant.
        let i = self.cum.partition_point(|&c| c < target).max(1);
        self.starts[i - 1] + (target - self.cum[i - 1])
    }

    /// Whether `t` lies in an open interval.
    pub fn is_open(&self, t: Ms) -> bool {
        let i = self.starts_before(t, true);
        i > 0 && t < self.ends[i - 1]
    }

    /// Indices of the intervals overlapping `[from, to)`.
    pub fn overlapping(&self, from: Ms, to: Ms) -> std::ops::Range<usize> {
        let first = self.ends.partition_point(|&e| e <= from);
        let last = self.starts.partition_point(|&s| s < to);
        first..last.max(first)
    }
}

/// The union of intervals: sorted, disjoint, non-empty; touching intervals are joined (so
/// the result never double counts and never has zero gaps), empty ones dropped. The one
/// implementation: the calendar's tables and the metrics' availability both use it
/// ([`crate::metrics::intervals`] re-exports it).
pub fn union(mut v: Vec<(Ms, Ms)>) -> Vec<(Ms, Ms)> {
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

/// Sorted disjoint `a` minus every interval of sorted disjoint `cut` (one implementation, as
/// [`union`]).
pub fn subtract(a: &[(Ms, Ms)], cut: &[(Ms, Ms)]) -> Vec<(Ms, Ms)> {
    if cut.is_empty() {
        return a.to_vec();
    }
    let mut out = Vec::with_capacity(a.len());
    for &(mut s, e) in a {
        // Only the cuts that can overlap [s, e): binary search for the first ending after s.
        let from = cut.partition_point(|&(_, ce)| ce <= s);
        for &(cs, ce) in &cut[from..] {
            if cs >= e {
                break;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> YearTable {
        // [10, 20) [30, 40) [50, 60) within [0, 100)
        YearTable::new(0, 100, &[(10, 20), (30, 40), (50, 60)])
    }

    #[test]
    fn open_before_and_instant_at() {
        let t = table();
        assert_eq!(t.total(), 30);
        let cases = [
            (0, 0),
            (10, 0),
            (11, 1),
            (20, 10),
            (25, 10),
            (30, 10),
            (35, 15),
            (60, 30),
            (100, 30),
        ];
        for (at, want) in cases {
            assert_eq!(t.open_before(at), want, "open_before({at})");
        }
        assert_eq!(t.instant_at(1), 11);
        assert_eq!(t.instant_at(10), 20); // the earliest: the closing instant, not 30
        assert_eq!(t.instant_at(11), 31);
        assert_eq!(t.instant_at(30), 60);
    }

    #[test]
    fn membership_and_overlap() {
        let t = table();
        assert!(!t.is_open(9));
        assert!(t.is_open(10));
        assert!(t.is_open(19));
        assert!(!t.is_open(20));
        assert_eq!(t.overlapping(0, 10), 0..0);
        assert_eq!(t.overlapping(0, 11), 0..1);
        assert_eq!(t.overlapping(20, 30), 1..1);
        assert_eq!(t.overlapping(19, 31), 0..2);
        assert_eq!(t.overlapping(60, 100), 3..3);
        let empty = YearTable::new(0, 100, &[]);
        assert_eq!(empty.total(), 0);
        assert_eq!(empty.open_before(50), 0);
        assert!(!empty.is_open(50));
    }

    #[test]
    fn day_index_matches_a_plain_search() {
        // Intervals of every shape around bucket edges over ten days, including one that
        // spans several buckets, and instants before, inside and after the year.
        let d = BUCKET;
        let ivs = [
            (d - 5, d + 5),
            (2 * d, 2 * d + 1),
            (2 * d + 2, 2 * d + 3),
            (3 * d + 7, 6 * d),
            (9 * d, 10 * d),
        ];
        let t = YearTable::new(0, 10 * d, &ivs);
        let plain = |x: Ms| ivs.iter().map(|&(s, e)| (e.min(x) - s).max(0)).sum::<i64>();
        for x in (-3..=10 * d + 3).step_by(997).chain([
            d - 5,
            d + 5,
            2 * d,
            2 * d + 1,
            2 * d + 2,
            6 * d,
            9 * d,
            10 * d,
        ]) {
            assert_eq!(
                t.open_before(x.clamp(0, 10 * d)),
                plain(x.clamp(0, 10 * d)),
                "{x}"
            );
            let inside = ivs.iter().any(|&(s, e)| s <= x && x < e);
            assert_eq!(t.is_open(x), inside, "{x}");
        }
    }

    #[test]
    fn union_and_subtract() {
        assert_eq!(
            union(vec![(5, 7), (1, 3), (3, 4), (6, 9), (10, 10)]),
            vec![(1, 4), (5, 9)]
        );
        assert_eq!(
            subtract(&[(0, 10), (20, 30)], &[(2, 3), (5, 22), (29, 40)]),
            vec![(0, 2), (3, 5), (22, 29)]
        );
        assert_eq!(subtract(&[(0, 10)], &[(0, 10)]), vec![]);
        assert_eq!(subtract(&[(0, 10)], &[(10, 20)]), vec![(0, 10)]);
    }
}
