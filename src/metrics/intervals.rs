//! Half-open interval arithmetic on UTC milliseconds: union, clip, intersection length,
//! subtraction and gap-merging. Every availability figure is built from these, so they are
//! kept small, pure and property-tested (M1.7, M3.9).

use crate::calendar::Ms;

/// A half-open interval `[start, end)`.
pub type Span = (Ms, Ms);

/// Union and subtraction of sorted disjoint spans: the calendar's (one implementation).
pub use crate::calendar::{subtract, union};

/// Total length of sorted disjoint spans.
pub fn total(spans: &[Span]) -> i64 {
    spans.iter().map(|(a, b)| b - a).sum()
}

/// The intersection of two sorted disjoint span lists (sorted, disjoint).
pub fn intersect(a: &[Span], b: &[Span]) -> Vec<Span> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1);
        if s < e {
            out.push((s, e));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Length of the overlap of one span with sorted disjoint `open` spans.
pub fn overlap_len(span: Span, open: &[Span]) -> i64 {
    let (s, e) = span;
    if s >= e {
        return 0;
    }
    // First open span that ends after `s`.
    let first = open.partition_point(|&(_, oe)| oe <= s);
    let mut sum = 0;
    for &(os, oe) in &open[first..] {
        if os >= e {
            break;
        }
        sum += oe.min(e) - os.max(s);
    }
    sum
}

/// Group sorted disjoint spans whose gap to the previous one is less than `gap` ms
/// (M3.9: for the outage *count* only). Returns index ranges into `spans`.
pub fn gap_groups(spans: &[Span], gap: i64) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, &(s, _)) in spans.iter().enumerate() {
        match out.last_mut() {
            Some(r) if s - spans[r.end - 1].1 < gap => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn union_merges_overlapping_and_touching() {
        assert_eq!(
            union(vec![(5, 7), (1, 3), (3, 4), (2, 2), (6, 9)]),
            vec![(1, 4), (5, 9)]
        );
    }

    #[test]
    fn subtract_and_intersect() {
        let a = vec![(0, 10), (20, 30)];
        let b = vec![(5, 22), (25, 26)];
        assert_eq!(subtract(&a, &b), vec![(0, 5), (22, 25), (26, 30)]);
        assert_eq!(intersect(&a, &b), vec![(5, 10), (20, 22), (25, 26)]);
        assert_eq!(overlap_len((8, 27), &a), 2 + 7);
        assert_eq!(overlap_len((10, 20), &a), 0);
    }

    #[test]
    fn gap_groups_strictly_less_than_gap() {
        let s = vec![(0, 10), (19, 20), (30, 40), (60, 61)];
        // gaps: 9, 10, 20 with gap = 10: only the first merges.
        assert_eq!(gap_groups(&s, 10), vec![0..2, 2..3, 3..4]);
        assert!(gap_groups(&[], 10).is_empty());
    }

    fn spans() -> impl Strategy<Value = Vec<Span>> {
        prop::collection::vec((0i64..1000, 0i64..200), 0..20)
            .prop_map(|v| v.into_iter().map(|(a, l)| (a, a + l)).collect())
    }

    proptest! {
        #[test]
        fn union_never_exceeds_sum_and_covers_each(v in spans()) {
            let u = union(v.clone());
            let sum: i64 = v.iter().map(|(a, b)| b - a).sum();
            prop_assert!(total(&u) <= sum);
            for w in u.windows(2) {
                prop_assert!(w[0].1 < w[1].0);
            }
            for &(a, b) in &v {
                if a < b {
                    prop_assert_eq!(overlap_len((a, b), &u), b - a);
                }
            }
        }

        #[test]
        fn subtract_plus_intersect_is_whole(a in spans(), b in spans()) {
            let (a, b) = (union(a), union(b));
            let i = intersect(&a, &b);
            let d = subtract(&a, &b);
            prop_assert_eq!(total(&i) + total(&d), total(&a));
            prop_assert_eq!(total(&intersect(&d, &b)), 0);
        }
    }
}
