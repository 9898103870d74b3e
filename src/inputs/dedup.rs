//! The duplicate-id rule (SPEC §9.6), shared by every input.
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

/// A 128-bit content fingerprint of a row's canonical texts: two lanes of a folded-multiply
/// hash over 8-byte words, each text followed by its length (so field boundaries count).
/// Deterministic across builds and platforms; equality of both lanes stands for equality of
/// the text among rows with the same id (never output). Replaces two SipHash runs, which
/// were the largest single cost of reading a call log (issue 8).
pub fn fingerprint<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> (u64, u64) {
    let (mut a, mut b) = (0x243F_6A88_85A3_08D3u64, 0x1319_8A2E_0370_7344u64);
    let mut word = |w: u64| {
        a = fold_mul(a ^ w, 0xA076_1D64_78BD_642F);
        b = fold_mul(b ^ w.rotate_left(32), 0xE703_7ED1_A0B4_28DB);
    };
    for t in texts {
        let bytes = t.as_bytes();
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut x = [0u8; 8];
            x.copy_from_slice(w);
            word(u64::from_le_bytes(x));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut x = [0u8; 8];
            x[..rest.len()].copy_from_slice(rest);
            word(u64::from_le_bytes(x));
        }
        word(bytes.len() as u64 ^ 0x8BB8_4B93_962E_ACC9);
    }
    (
        fold_mul(a, 0x4F1B_BCDC_BFA5_4C35),
        fold_mul(b, 0x9E37_79B9_7F4A_7C15),
    )
}

/// The 128-bit product of `x` and `k`, high half xor low half (wyhash's mixer).
fn fold_mul(x: u64, k: u64) -> u64 {
    let r = u128::from(x) * u128::from(k);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Verdicts for `n` rows given as `(id, fingerprint, reading order)`: the reading order is any
/// key that sorts rows as they were read (file, then line). Rows with an empty id are always
/// `Keep` (their own validation rejects them).
///
/// Groups are found by sorting `(hash of id, index)` pairs (16 bytes a row, no string
/// comparison unless two ids hash alike), hashed and sorted on every core, so a year of
/// calls dedups in a second or two.
pub fn verdicts<'a>(
    rows: impl Fn(usize) -> (&'a str, (u64, u64), u64) + Sync,
    n: usize,
) -> Vec<Verdict> {
    use rayon::prelude::*;
    let mut keys: Vec<(u64, usize)> = (0..n)
        .into_par_iter()
        .filter_map(|i| {
            let id = rows(i).0;
            // Any hash will do: rows whose ids hash alike are compared by the id itself.
            (!id.is_empty()).then(|| (fingerprint(std::iter::once(id)).0, i))
        })
        .collect();
    // (hash, index) pairs are distinct: the unstable sort's order is fully determined.
    keys.par_sort_unstable();
    let mut out = vec![Verdict::Keep; n];
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            j += 1;
        }
        if j - i > 1 {
            run.clear();
            run.extend(keys[i..j].iter().map(|k| k.1));
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

    #[test]
    fn fingerprint_separates_field_boundaries() {
        assert_ne!(
            fingerprint(["ab", "c"].into_iter()),
            fingerprint(["a", "bc"].into_iter())
        );
    }
}
