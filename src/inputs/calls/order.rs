//! The kept calls in (`received_at`, `call_id`) order, the order every figure reads them in
//! (M3.2): compacted in place when the log already is in that order (as logs are
//! written), sorted and permuted otherwise.

use rayon::prelude::*;

use super::super::model::{Calls, ColumnMap, StrArena};

/// The calls marked `keep`, in (received, call_id) order.
pub fn kept_in_order(calls: Calls, keep: &[bool]) -> Calls {
    if in_order(&calls, keep) {
        // A log written as calls arrive: dropping the rejected rows is the whole sort.
        retain_kept(calls, keep)
    } else {
        sort_kept(calls, keep)
    }
}

/// The calls marked `keep`, sorted by (received, call_id). Kept ids are unique, so that is a
/// total order and an unstable sort is deterministic.
fn sort_kept(calls: Calls, keep: &[bool]) -> Calls {
    let mut idx: Vec<usize> = (0..calls.len()).filter(|&i| keep[i]).collect();
    idx.par_sort_unstable_by(|&a, &b| {
        calls.received[a]
            .cmp(&calls.received[b])
            .then_with(|| calls.ids.get(a).cmp(calls.ids.get(b)))
    });
    // One column at a time, so the peak is one extra column, not a second copy of the log.
    struct Permute<'a>(&'a [usize]);
    impl ColumnMap for Permute<'_> {
        fn column<T: Copy + Send + Sync>(&self, v: Vec<T>) -> Vec<T> {
            self.0.par_iter().map(|&i| v[i]).collect()
        }
        fn ids(&self, ids: StrArena) -> StrArena {
            let mut sorted = StrArena::default();
            sorted.bytes.reserve(ids.bytes.len());
            sorted.ends.reserve(self.0.len());
            for &i in self.0 {
                sorted.push(ids.get(i));
            }
            sorted
        }
    }
    calls.map_columns(&Permute(&idx))
}

/// Whether the calls marked `keep` are already in (received, call_id) order (kept ids are
/// unique, so ties on `received` are ordered by the id).
fn in_order(calls: &Calls, keep: &[bool]) -> bool {
    let mut prev: Option<usize> = None;
    for i in (0..calls.len()).filter(|&i| keep[i]) {
        if let Some(p) = prev {
            let later = match calls.received[p].cmp(&calls.received[i]) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => calls.ids.get(p) < calls.ids.get(i),
            };
            if !later {
                return false;
            }
        }
        prev = Some(i);
    }
    true
}

/// The calls marked `keep`, in their order: the columns compacted in place (no second copy of
/// the log), the ids copied only when a row is dropped.
fn retain_kept(calls: Calls, keep: &[bool]) -> Calls {
    struct Retain<'a>(&'a [bool]);
    impl ColumnMap for Retain<'_> {
        fn column<T: Copy + Send + Sync>(&self, mut v: Vec<T>) -> Vec<T> {
            let mut k = self.0.iter();
            v.retain(|_| k.next().copied().unwrap_or(false));
            v
        }
        fn ids(&self, ids: StrArena) -> StrArena {
            if self.0.iter().all(|&k| k) {
                return ids;
            }
            let mut kept = StrArena::default();
            kept.bytes.reserve(ids.bytes.len());
            kept.ends.reserve(ids.len());
            for (i, _) in self.0.iter().enumerate().filter(|(_, &k)| k) {
                kept.push(ids.get(i));
            }
            kept
        }
    }
    calls.map_columns(&Retain(keep))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::model::{CallResult, NO_ID, NO_TIME};

    proptest::proptest! {
        /// Kept calls already in order, compacted in place, are what the sort gives; and the
        /// order check is exact (ties on `received` ordered by the id).
        #[test]
        fn compacting_ordered_calls_equals_sorting_them(
            rows in proptest::collection::vec((0i64..3, 0u8..4, proptest::bool::ANY), 0..30),
            shuffle in proptest::bool::ANY,
        ) {
            let mut c = Calls::default();
            let mut keep = Vec::new();
            // Times mostly in reading order (steps of 0-2, ties common), or not at all.
            let mut t = 0;
            for (k, (step, id, kept)) in rows.iter().enumerate() {
                t = if shuffle { *step * 7 % 5 } else { t + step };
                c.received.push(t);
                c.responded.push(NO_TIME);
                c.result.push(CallResult::Ok);
                c.persons.push(k as u16);
                c.municipality.push(NO_ID);
                c.failed.push(0);
                // Distinct ids (kept ids are unique), some sharing a received time.
                c.ids.push(&format!("{id}-{k:02}"));
                keep.push(*kept);
            }
            let show = |c: &Calls| {
                let ids: Vec<&str> = (0..c.len()).map(|i| c.ids.get(i)).collect();
                format!("{:?} {:?} {ids:?}", c.received, c.persons)
            };
            let sorted = sort_kept(c.clone(), &keep);
            let kept: Vec<usize> = (0..c.len()).filter(|&i| keep[i]).collect();
            let ordered = kept.windows(2).all(|w| {
                (c.received[w[0]], c.ids.get(w[0])) < (c.received[w[1]], c.ids.get(w[1]))
            });
            proptest::prop_assert_eq!(in_order(&c, &keep), ordered);
            if ordered {
                proptest::prop_assert_eq!(show(&retain_kept(c, &keep)), show(&sorted));
            }
        }
    }
}
