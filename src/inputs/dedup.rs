//! The duplicate-id rule (M2.9), shared by every input.
//!
//! Applied to every row that has a non-empty id, whatever its own validation said: a group of
//! rows with the same id and identical content (the same text in every canonical column) keeps
//! the first copy (in file order, then line) with its own outcome and rejects each further copy
//! as `duplicate`; a group whose contents differ rejects every copy as `conflicting duplicate`.

/// The verdict for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Unique id, or the first of identical copies: keep its own outcome.
    Keep,
    Duplicate,
    Conflicting,
}

/// A 128-bit content fingerprint of a row's canonical texts: XXH3-128 of each text's length
/// (8 bytes) and bytes, so field boundaries count. Deterministic across builds and platforms;
/// equality stands for equality of the texts among rows with the same id (never output).
///
/// A row that fits [`ONE_SHOT`] bytes is copied to the stack and hashed in one call: as fast
/// as the hand-written hash this replaced, where streaming every text was 1.4–1.9 times
/// slower (`cargo bench --bench fingerprint`). A longer row is streamed: the same hash.
pub fn fingerprint<'a>(texts: impl Iterator<Item = &'a str>) -> (u64, u64) {
    use xxhash_rust::xxh3::{xxh3_128, Xxh3Default};
    let mut buf = [0u8; ONE_SHOT];
    let mut n = 0;
    let mut long: Option<Xxh3Default> = None;
    for t in texts {
        for part in [&(t.len() as u64).to_le_bytes()[..], t.as_bytes()] {
            match &mut long {
                Some(h) => h.update(part),
                None if n + part.len() <= ONE_SHOT => {
                    buf[n..n + part.len()].copy_from_slice(part);
                    n += part.len();
                }
                None => {
                    let mut h = Xxh3Default::new();
                    h.update(&buf[..n]);
                    h.update(part);
                    long = Some(h);
                }
            }
        }
    }
    let d = match long {
        Some(h) => h.digest128(),
        None => xxh3_128(&buf[..n]),
    };
    ((d >> 64) as u64, d as u64)
}

/// The row bytes (texts and their lengths) [`fingerprint`] hashes in one call.
pub const ONE_SHOT: usize = 512;

/// Verdicts for `n` rows given as `(id, fingerprint, reading order)`: the reading order is any
/// key that sorts rows as they were read (file, then line). Rows with an empty id are always
/// `Keep` (their own validation rejects them).
///
/// Groups are found by sorting one 8-byte key a row — the id's hash in the high 32 bits, the
/// row's index in the low 32 — hashed and sorted on every core, so a year of calls dedups in
/// a second or two with 8 bytes a row at the peak. Rows whose ids hash alike are
/// compared by the id itself, so a hash collision never merges two ids.
pub fn verdicts<'a>(
    rows: impl Fn(usize) -> (&'a str, (u64, u64), u64) + Sync,
    n: usize,
) -> Vec<Verdict> {
    use rayon::prelude::*;
    // Callers keep `n` within 32 bits (`limits::MAX_CALL_ROWS` for calls; the other inputs
    // are read whole into memory, far below it).
    assert!(
        u32::try_from(n).is_ok(),
        "the duplicate rule indexes rows with 32 bits: at most {} rows",
        u32::MAX
    );
    // An indexed map collects straight into one vector (a filter would collect into pieces
    // and copy them: half a second on a year of calls); rows without an id get a key no row
    // has (indexes are below u32::MAX), sorted last and cut off.
    const NONE: u64 = u64::MAX;
    let mut keys: Vec<u64> = (0..n)
        .into_par_iter()
        .map(|i| {
            let id = rows(i).0;
            if id.is_empty() {
                return NONE;
            }
            // Any hash will do: rows whose ids hash alike are compared by the id itself (a
            // fast one: crafted collisions only make a group to sort).
            let hash = {
                use std::hash::Hasher;
                let mut h = rustc_hash::FxHasher::default();
                h.write(id.as_bytes());
                h.finish() >> 32
            };
            (hash << 32) | i as u64
        })
        .collect();
    // Keys are distinct (each holds its row's index): the unstable sort's order is determined.
    keys.par_sort_unstable();
    let with_id = keys.partition_point(|&k| k != NONE);
    keys.truncate(with_id);
    let hash = |k: u64| k >> 32;
    let index = |k: u64| (k & u64::from(u32::MAX)) as usize;
    let mut out = vec![Verdict::Keep; n];
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && hash(keys[j]) == hash(keys[i]) {
            j += 1;
        }
        if j - i > 1 {
            run.clear();
            run.extend(keys[i..j].iter().map(|&k| index(k)));
            // Same hash: group by the id itself, each group in reading order.
            run.sort_by(|&a, &b| {
                let (ra, rb) = (rows(a), rows(b));
                ra.0.cmp(rb.0).then(ra.2.cmp(&rb.2)).then(a.cmp(&b))
            });
            let mut g = 0;
            while g < run.len() {
                let id = rows(run[g]).0;
                let mut h = g + 1;
                while h < run.len() && rows(run[h]).0 == id {
                    h += 1;
                }
                if h - g > 1 {
                    let fp = rows(run[g]).1;
                    let identical = run[g..h].iter().all(|&k| rows(k).1 == fp);
                    for (m, &k) in run[g..h].iter().enumerate() {
                        out[k] = match (identical, m) {
                            (true, 0) => Verdict::Keep,
                            (true, _) => Verdict::Duplicate,
                            (false, _) => Verdict::Conflicting,
                        };
                    }
                }
                g = h;
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
        let v = verdicts(|i| (rows[i].0, rows[i].1, i as u64), rows.len());
        use Verdict::*;
        assert_eq!(
            v,
            vec![Keep, Keep, Duplicate, Conflicting, Conflicting, Keep, Keep]
        );
    }

    #[test]
    fn first_copy_is_first_in_reading_order_not_index_order() {
        let f = fingerprint(["a"].into_iter());
        // Index 0 was read after index 1.
        let rows = [("x", f, 7u64), ("x", f, 3u64)];
        let v = verdicts(|i| rows[i], rows.len());
        assert_eq!(v, vec![Verdict::Duplicate, Verdict::Keep]);
    }

    /// The rule written plainly: group rows by id, each group in reading order.
    fn reference(rows: &[(String, (u64, u64), u64)]) -> Vec<Verdict> {
        let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, r) in rows.iter().enumerate() {
            if !r.0.is_empty() {
                groups.entry(&r.0).or_default().push(i);
            }
        }
        let mut out = vec![Verdict::Keep; rows.len()];
        for mut g in groups.into_values().filter(|g| g.len() > 1) {
            g.sort_by_key(|&i| (rows[i].2, i));
            let identical = g.iter().all(|&i| rows[i].1 == rows[g[0]].1);
            for (m, &i) in g.iter().enumerate() {
                out[i] = match (identical, m) {
                    (true, 0) => Verdict::Keep,
                    (true, _) => Verdict::Duplicate,
                    (false, _) => Verdict::Conflicting,
                };
            }
        }
        out
    }

    proptest::proptest! {
        /// The sorted 8-byte keys give the verdicts of the plain rule, whatever the ids, their
        /// contents and their reading order.
        #[test]
        fn verdicts_equal_the_plain_rule(
            rows in proptest::collection::vec(("[ab]{0,2}", 0u64..3, 0u64..50), 0..60),
        ) {
            let rows: Vec<(String, (u64, u64), u64)> =
                rows.into_iter().map(|(id, fp, seq)| (id, (fp, 0), seq)).collect();
            let got = verdicts(|i| (rows[i].0.as_str(), rows[i].1, rows[i].2), rows.len());
            proptest::prop_assert_eq!(got, reference(&rows));
        }
    }

    #[test]
    fn fingerprint_separates_padding_lengths_and_blocks() {
        let f = |v: &[&str]| fingerprint(v.iter().copied());
        // A zero byte is not padding; an empty text is not no text; block edges count.
        assert_ne!(f(&["a"]), f(&["a\0"]));
        assert_ne!(f(&["a"]), f(&["a", ""]));
        assert_ne!(f(&["", ""]), f(&[""]));
        let long = "0123456789abcdef0123456789abcdef";
        assert_ne!(f(&[long]), f(&[&long[..16], &long[16..]]));
        assert_ne!(f(&[&long[..17]]), f(&[&long[..16], &long[16..17]]));
        assert_eq!(f(&[long, "x"]), f(&[long, "x"]));
        // Every one of 20,000 short rows has its own fingerprint (no structural collisions).
        let mut seen = std::collections::HashSet::new();
        for i in 0..20_000u32 {
            let (x, y) = (i.to_string(), (i % 7).to_string());
            assert!(seen.insert(f(&[&x, &y])), "{x},{y}");
        }
    }

    /// A row longer than the stack buffer is streamed: the same hash as in one call, of the
    /// same bytes.
    #[test]
    fn long_rows_hash_as_short_ones() {
        let texts = [
            "x".repeat(300),
            "y".repeat(250),
            String::new(),
            "z".repeat(5),
        ];
        let mut bytes = Vec::new();
        for t in &texts {
            bytes.extend_from_slice(&(t.len() as u64).to_le_bytes());
            bytes.extend_from_slice(t.as_bytes());
        }
        assert!(bytes.len() > ONE_SHOT);
        let d = xxhash_rust::xxh3::xxh3_128(&bytes);
        let want = ((d >> 64) as u64, d as u64);
        assert_eq!(fingerprint(texts.iter().map(String::as_str)), want);
        assert_eq!(fingerprint(texts[..1].iter().map(String::as_str)), {
            let d = xxhash_rust::xxh3::xxh3_128(&bytes[..308]);
            ((d >> 64) as u64, d as u64)
        });
    }

    #[test]
    fn fingerprint_separates_field_boundaries() {
        assert_ne!(
            fingerprint(["ab", "c"].into_iter()),
            fingerprint(["a", "bc"].into_iter())
        );
    }
}
