//! The duplicate-id rule (SPEC §9.6), shared by every input.
//!
//! Applied to every row that has a non-empty id, whatever its own validation said: a group of
//! rows with the same id and identical content (the same text in every canonical column) keeps
//! the first copy (in file order, then line) with its own outcome and rejects each further copy
//! as `duplicate`; a group whose contents differ rejects every copy as `conflicting duplicate`.

use std::hash::{Hash, Hasher};

/// The verdict for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Unique id, or the first of identical copies: keep its own outcome.
    Keep,
    Duplicate,
    Conflicting,
}

/// A 128-bit content fingerprint of a row's canonical texts. Two independent SipHash runs
/// (std's `DefaultHasher` with fixed zero keys, deterministic within a build); equality of both
/// halves stands for equality of the text (collision odds ~2^-128, never output).
pub fn fingerprint<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> (u64, u64) {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0xA5u8.hash(&mut b);
    for t in texts {
        t.hash(&mut a);
        t.hash(&mut b);
    }
    (a.finish(), b.finish())
}

/// Verdicts for rows given as `(id, fingerprint)` in reading order (index = order).
/// Rows with an empty id are always `Keep` (their own validation rejects them).
pub fn verdicts<'a>(rows: impl Fn(usize) -> (&'a str, (u64, u64)), n: usize) -> Vec<Verdict> {
    let mut order: Vec<usize> = (0..n).filter(|&i| !rows(i).0.is_empty()).collect();
    order.sort_by(|&a, &b| rows(a).0.cmp(rows(b).0).then(a.cmp(&b)));
    let mut out = vec![Verdict::Keep; n];
    let mut i = 0;
    while i < order.len() {
        let id = rows(order[i]).0;
        let mut j = i + 1;
        while j < order.len() && rows(order[j]).0 == id {
            j += 1;
        }
        if j - i > 1 {
            let fp = rows(order[i]).1;
            let identical = order[i..j].iter().all(|&k| rows(k).1 == fp);
            for (n, &k) in order[i..j].iter().enumerate() {
                out[k] = match (identical, n) {
                    (true, 0) => Verdict::Keep,
                    (true, _) => Verdict::Duplicate,
                    (false, _) => Verdict::Conflicting,
                };
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_conflicting_groups() {
        let fa = fingerprint(["a", "1"].into_iter());
        let fb = fingerprint(["a", "2"].into_iter());
        let rows = [
            ("x", fa),
            ("y", fa),
            ("x", fa),
            ("z", fa),
            ("z", fb),
            ("", fa),
            ("", fa),
        ];
        let v = verdicts(|i| rows[i], rows.len());
        use Verdict::*;
        assert_eq!(
            v,
            vec![Keep, Keep, Duplicate, Conflicting, Conflicting, Keep, Keep]
        );
    }

    #[test]
    fn fingerprint_separates_field_boundaries() {
        assert_ne!(
            fingerprint(["ab", "c"].into_iter()),
            fingerprint(["a", "bc"].into_iter())
        );
    }
}
