//! The call log (SPEC §3.1): the big input. Rows are converted one at a time into the columnar
//! [`Calls`] through [`CallsBuilder`], which interns municipality and failed-provider strings
//! and keeps ids in one arena (no allocation per row). The duplicate rule and the final sort
//! by (`received_at`, `call_id`) run once over the columns at the end.

use std::collections::HashMap;

use rayon::prelude::*;

use super::dedup::{self, Verdict};
use super::fields::{trim, Bad, Clocks};
use super::model::{
    CallResult, Calls, ColumnMap, FileStats, InputKind, Reject, StrArena, NO_ID, NO_TIME,
};
use super::reasons;
use super::rows::Spec;
use crate::calendar::Ms;

pub const CANON: &[&str] = &[
    "call_id",
    "received_at",
    "responded_at",
    "result",
    "persons",
    "municipality",
    "failed_providers",
];

pub const TIMESTAMPS: &[&str] = &["received_at", "responded_at"];

pub const SPEC: Spec = Spec {
    kind: InputKind::Calls,
    canon: CANON,
    required: &["call_id", "received_at", "result", "persons"],
    timestamps: TIMESTAMPS,
    id: "call_id",
};

// Canonical positions (must match CANON).
pub const CALL_ID: usize = 0;
pub const RECEIVED: usize = 1;
pub const RESPONDED: usize = 2;
pub const RESULT: usize = 3;
pub const PERSONS: usize = 4;
pub const MUNICIPALITY: usize = 5;
pub const FAILED: usize = 6;

/// One validated call, borrowed from the current record.
#[derive(Debug, Clone, Copy)]
pub struct CallRow<'a> {
    pub id: &'a str,
    pub received: Ms,
    pub responded: Option<Ms>,
    pub result: CallResult,
    pub persons: u16,
    pub municipality: &'a str,
    pub failed: &'a str,
}

/// Parse `persons`: an integer ≥ 1 (values above u16::MAX are kept as u16::MAX: far above
/// the 10-person limit either way).
pub fn parse_persons(s: &str) -> Result<u16, Bad> {
    let t = trim(s);
    if t.is_empty() {
        return Err(Bad::new("persons", "", reasons::MISSING));
    }
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Bad::new("persons", t, reasons::PERSONS));
    }
    // All digits: a parse error can only be an overflow, which is far above any limit.
    let v = digits.parse::<u64>().unwrap_or(u64::MAX);
    if v < 1 {
        return Err(Bad::new("persons", t, reasons::PERSONS));
    }
    Ok(v.min(u64::from(u16::MAX)) as u16)
}

/// Parse an elapsed-milliseconds field (integer or decimal; fractions truncated).
pub fn parse_elapsed_ms(s: &str) -> Option<i64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<i64>() {
        return Some(v);
    }
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v.trunc() as i64)
}

/// Validate a call from its texts (already value-mapped where that applies).
#[allow(clippy::too_many_arguments)]
pub fn validate<'a>(
    clocks: &mut Clocks,
    id: &'a str,
    received: &str,
    responded: &str,
    elapsed: Option<&str>,
    result: Result<Option<CallResult>, &str>,
    persons: &str,
    municipality: &'a str,
    failed: &'a str,
) -> Result<CallRow<'a>, Bad> {
    let id = trim(id);
    if id.is_empty() {
        return Err(Bad::new("call_id", "", reasons::MISSING));
    }
    let received = clocks
        .parse(RECEIVED, "received_at", received)?
        .ok_or_else(|| Bad::new("received_at", "", reasons::MISSING))?;
    let responded_text = responded;
    let responded = match elapsed {
        Some(e) if e.trim().is_empty() => None,
        Some(e) => Some(
            received
                + parse_elapsed_ms(e)
                    .ok_or_else(|| Bad::new("responded_at", e, reasons::NUMBER))?,
        ),
        None => clocks.parse(RESPONDED, "responded_at", responded)?,
    };
    let result = result
        .map_err(|v| Bad::new("result", v, reasons::RESULT))?
        .ok_or_else(|| Bad::new("result", "", reasons::MISSING))?;
    let persons = parse_persons(persons)?;
    if let Some(t) = responded {
        if t < received {
            let shown = elapsed.unwrap_or(responded_text);
            return Err(Bad::new(
                "responded_at",
                shown,
                reasons::RESPONDED_BEFORE_RECEIVED,
            ));
        }
    }
    Ok(CallRow {
        id,
        received,
        responded,
        result,
        persons,
        municipality: trim(municipality),
        failed,
    })
}

/// The index of `key` in `table`, added at the end if new (`ix` maps keys to indexes).
fn intern<K: std::hash::Hash + Eq + Clone>(
    ix: &mut HashMap<K, u32>,
    table: &mut Vec<K>,
    key: K,
) -> u32 {
    if let Some(&i) = ix.get(&key) {
        return i;
    }
    let i = table.len() as u32;
    table.push(key.clone());
    ix.insert(key, i);
    i
}

/// Bits of a line in [`at`]: a file of 2^40 lines would be over a TiB; the other 24 bits number
/// the call files (at most [`super::limits::MAX_FILES`]).
const LINE_BITS: u32 = 40;

/// Where a row was read, file and line in one word that sorts as they do.
fn at(file: u32, line: u64) -> u64 {
    (u64::from(file) << LINE_BITS) | (line & ((1 << LINE_BITS) - 1))
}

/// The file and line of [`at`].
fn file_line(at: u64) -> (u32, u64) {
    ((at >> LINE_BITS) as u32, at & ((1 << LINE_BITS) - 1))
}

/// Slots of [`CallsBuilder`]'s municipality cache (a few times the 290 municipalities).
const MUNI_SLOTS: usize = 1024;

/// Accumulates calls as columns, with what the duplicate rule needs.
#[derive(Debug)]
pub struct CallsBuilder {
    calls: Calls,
    muni_ix: HashMap<String, u32>,
    /// The last municipality index seen per slot of a fast (not DoS-resistant) hash of the
    /// text, checked by comparing the text: most rows skip the keyed hash of `muni_ix`, and
    /// crafted collisions only fall back to it (issue 14).
    muni_cache: Box<[u32; MUNI_SLOTS]>,
    failed_ix: HashMap<Vec<String>, u32>,
    /// Per accepted call: where it was read ([`at`]: file and line in one word, issue 14) and
    /// its content fingerprint.
    at: Vec<u64>,
    fp: Vec<(u64, u64)>,
    /// Rows rejected by their own validation that have an id (they take part in the
    /// duplicate rule): id, fingerprint, index into `rejects`.
    rejected_ids: Vec<(String, (u64, u64), usize)>,
    rejects: Vec<(u32, u64, Bad)>,
    scratch: Vec<String>,
}

impl Default for CallsBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl CallsBuilder {
    /// An empty builder; failed-provider set 0 is the empty set.
    pub fn new() -> Self {
        let mut calls = Calls::default();
        calls.failed_sets.push(Vec::new());
        CallsBuilder {
            calls,
            muni_ix: HashMap::new(),
            muni_cache: Box::new([NO_ID; MUNI_SLOTS]),
            failed_ix: HashMap::from([(Vec::new(), 0)]),
            at: Vec::new(),
            fp: Vec::new(),
            rejected_ids: Vec::new(),
            rejects: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Add one accepted call.
    pub fn push(&mut self, file: u32, line: u64, fp: (u64, u64), c: &CallRow) {
        let calls = &mut self.calls;
        calls.received.push(c.received);
        calls.responded.push(c.responded.unwrap_or(NO_TIME));
        calls.result.push(c.result);
        calls.persons.push(c.persons);
        calls.ids.push(c.id);
        let m = if c.municipality.is_empty() {
            NO_ID
        } else {
            let slot = {
                use std::hash::Hasher;
                let mut h = rustc_hash::FxHasher::default();
                h.write(c.municipality.as_bytes());
                h.finish() as usize % MUNI_SLOTS
            };
            let cached = self.muni_cache[slot];
            if cached != NO_ID && calls.municipalities[cached as usize] == c.municipality {
                cached
            } else {
                let i = match self.muni_ix.get(c.municipality) {
                    Some(&i) => i,
                    None => {
                        let i = calls.municipalities.len() as u32;
                        calls.municipalities.push(c.municipality.to_string());
                        self.muni_ix.insert(c.municipality.to_string(), i);
                        i
                    }
                };
                self.muni_cache[slot] = i;
                i
            }
        };
        calls.municipality.push(m);
        let f = if trim(c.failed).is_empty() {
            0
        } else {
            self.scratch.clear();
            self.scratch.extend(
                c.failed
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            self.scratch.sort();
            self.scratch.dedup();
            match self.failed_ix.get(&self.scratch) {
                Some(&i) => i,
                None => {
                    let i = calls.failed_sets.len() as u32;
                    calls.failed_sets.push(self.scratch.clone());
                    self.failed_ix.insert(self.scratch.clone(), i);
                    i
                }
            }
        };
        calls.failed.push(f);
        self.at.push(at(file, line));
        self.fp.push(fp);
    }

    /// An empty builder with room for `rows` calls (ids of about 24 bytes).
    pub fn with_capacity(rows: usize) -> Self {
        let mut b = Self::new();
        b.reserve((rows, rows * 24));
        b
    }

    /// Rows and id bytes this builder holds, times `scale`: what a file `scale` times the
    /// size of the part it read would hold (an estimate for [`CallsBuilder::reserve`]).
    pub fn len_estimate(&self, scale: f64) -> (usize, usize) {
        let times = |n: usize| (n as f64 * scale).ceil() as usize;
        (times(self.calls.len()), times(self.calls.ids.bytes.len()))
    }

    /// Room for `rows` more calls whose ids take `id_bytes` (issue 14: the columns grow once,
    /// not by doubling, which would hold up to twice the log at the peak). Only address space
    /// until rows are written.
    pub fn reserve(&mut self, (rows, id_bytes): (usize, usize)) {
        let c = &mut self.calls;
        c.received.reserve_exact(rows);
        c.responded.reserve_exact(rows);
        c.result.reserve_exact(rows);
        c.persons.reserve_exact(rows);
        c.municipality.reserve_exact(rows);
        c.failed.reserve_exact(rows);
        c.ids.ends.reserve_exact(rows);
        c.ids.bytes.reserve_exact(id_bytes);
        self.at.reserve_exact(rows);
        self.fp.reserve_exact(rows);
    }

    /// Append a builder that read the rows after this one's (a chunk converted in parallel):
    /// the same columns, interned tables and rejects as if this builder had read those rows
    /// itself, in order. Its interned strings are added in their first-seen order. `later` is
    /// left empty with its capacity, to convert the next chunk into (issue 14: fresh columns
    /// for every chunk cost a page fault per 4 KiB written, twice).
    pub fn append(&mut self, later: &mut CallsBuilder) {
        let c = &mut later.calls;
        let calls = &mut self.calls;
        calls.received.extend_from_slice(&c.received);
        calls.responded.extend_from_slice(&c.responded);
        calls.result.extend_from_slice(&c.result);
        calls.persons.extend_from_slice(&c.persons);
        let muni: Vec<u32> = c
            .municipalities
            .drain(..)
            .map(|name| intern(&mut self.muni_ix, &mut calls.municipalities, name))
            .collect();
        calls.municipality.extend(c.municipality.iter().map(|&m| {
            if m == NO_ID {
                NO_ID
            } else {
                muni[m as usize]
            }
        }));
        let failed: Vec<u32> = c
            .failed_sets
            .drain(..)
            .map(|set| intern(&mut self.failed_ix, &mut calls.failed_sets, set))
            .collect();
        calls
            .failed
            .extend(c.failed.iter().map(|&f| failed[f as usize]));
        calls.ids.append(&c.ids);
        self.at.extend_from_slice(&later.at);
        self.fp.extend_from_slice(&later.fp);
        let offset = self.rejects.len();
        self.rejected_ids.extend(
            later
                .rejected_ids
                .drain(..)
                .map(|(id, fp, ri)| (id, fp, ri + offset)),
        );
        self.rejects.append(&mut later.rejects);
        later.clear();
    }

    /// Empty the builder, keeping the capacity of its columns. Every field is named, so a new
    /// one cannot be forgotten here.
    pub fn clear(&mut self) {
        let CallsBuilder {
            calls,
            muni_ix,
            muni_cache,
            failed_ix,
            at,
            fp,
            rejected_ids,
            rejects,
            scratch,
        } = self;
        // The columns keep their capacity; the interned tables start again.
        struct Clear;
        impl ColumnMap for Clear {
            fn column<T: Copy + Send + Sync>(&self, mut v: Vec<T>) -> Vec<T> {
                v.clear();
                v
            }
            fn ids(&self, mut ids: StrArena) -> StrArena {
                ids.bytes.clear();
                ids.ends.clear();
                ids
            }
        }
        *calls = std::mem::take(calls).map_columns(&Clear);
        calls.municipalities.clear();
        calls.failed_sets.clear();
        calls.failed_sets.push(Vec::new());
        muni_ix.clear();
        muni_cache.fill(NO_ID);
        failed_ix.clear();
        failed_ix.insert(Vec::new(), 0);
        at.clear();
        fp.clear();
        rejected_ids.clear();
        rejects.clear();
        scratch.clear();
    }

    /// The rows the duplicate rule will index: accepted rows and rejected rows with an id.
    pub fn dedup_rows(&self) -> usize {
        self.calls.len() + self.rejected_ids.len()
    }

    /// Add one rejected row (with its id, if any, for the duplicate rule).
    pub fn reject(&mut self, file: u32, line: u64, id: &str, fp: (u64, u64), bad: Bad) {
        let id = id.trim();
        if !id.is_empty() {
            self.rejected_ids
                .push((id.to_string(), fp, self.rejects.len()));
        }
        self.rejects.push((file, line, bad));
    }

    /// Apply the duplicate rule, sort by (received, call_id), count per file, and produce the
    /// calls and their rejects. `files` are the call files' statistics (in file order).
    pub fn finish(self, files: &mut [FileStats]) -> (Calls, Vec<Reject>) {
        let CallsBuilder {
            calls,
            at: read_at,
            fp,
            rejected_ids,
            mut rejects,
            ..
        } = self;
        let n = calls.len();
        // Rows with an id: accepted rows `0..n`, then rejected-with-id rows `n..`; the reading
        // order is (file, line), the order of [`at`].
        let key = |x: usize| -> (&str, (u64, u64), u64) {
            if x < n {
                (calls.ids.get(x), fp[x], read_at[x])
            } else {
                let (id, f, ri) = &rejected_ids[x - n];
                (id.as_str(), *f, at(rejects[*ri].0, rejects[*ri].1))
            }
        };
        let verdicts = dedup::verdicts(key, n + rejected_ids.len());
        // Every row read is counted once: own rejects now, accepted rows below.
        for (f, _, _) in &rejects {
            let st = &mut files[*f as usize];
            st.rows_read += 1;
            st.rows_rejected += 1;
        }
        let mut keep = vec![true; n];
        for (x, v) in verdicts.iter().enumerate() {
            let reason = match v {
                Verdict::Keep => continue,
                Verdict::Duplicate => reasons::DUPLICATE,
                Verdict::Conflicting => reasons::CONFLICTING_DUPLICATE,
            };
            if x < n {
                keep[x] = false;
                let (f, l) = file_line(read_at[x]);
                rejects.push((f, l, Bad::new("call_id", calls.ids.get(x), reason)));
            } else {
                let (id, _, ri) = &rejected_ids[x - n];
                rejects[*ri].2 = Bad::new("call_id", id, reason);
            }
        }
        for (i, &a) in read_at.iter().enumerate() {
            let st = &mut files[file_line(a).0 as usize];
            st.rows_read += 1;
            if keep[i] {
                st.rows_used += 1;
            } else {
                st.rows_rejected += 1;
            }
        }
        drop((read_at, fp, verdicts));
        let out = rejects
            .into_iter()
            .map(|(f, l, b)| Reject {
                input: InputKind::Calls,
                file: files[f as usize].path.clone(),
                line: l,
                column: b.column.to_string(),
                value: b.value,
                reason: b.reason.to_string(),
            })
            .collect();
        let calls = if kept_in_order(&calls, &keep) {
            // A log written as calls arrive: dropping the rejected rows is the whole sort.
            retain_kept(calls, &keep)
        } else {
            sort_kept(calls, &keep)
        };
        (calls, out)
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
fn kept_in_order(calls: &Calls, keep: &[bool]) -> bool {
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

    #[test]
    fn persons() {
        assert_eq!(parse_persons(" 3 ").unwrap(), 3);
        assert_eq!(parse_persons("+2").unwrap(), 2);
        assert_eq!(parse_persons("010").unwrap(), 10);
        assert_eq!(parse_persons("11").unwrap(), 11);
        assert_eq!(parse_persons("99999999999999999999999").unwrap(), u16::MAX);
        assert_eq!(parse_persons("").unwrap_err().reason, reasons::MISSING);
        for bad in ["0", "-1", "1.0", "two", "+", "1e2"] {
            let e = parse_persons(bad).unwrap_err();
            assert_eq!((e.reason, e.value.as_str()), (reasons::PERSONS, bad));
        }
    }

    #[test]
    fn elapsed() {
        assert_eq!(parse_elapsed_ms("858"), Some(858));
        assert_eq!(parse_elapsed_ms("245.591442"), Some(245));
        assert_eq!(parse_elapsed_ms("x"), None);
        assert_eq!(parse_elapsed_ms("NaN"), None);
    }

    /// What a builder holds, comparable.
    fn snapshot(b: CallsBuilder) -> String {
        let mut files = vec![FileStats::default(), FileStats::default()];
        let (c, rejects) = b.finish(&mut files);
        let ids: Vec<&str> = (0..c.len()).map(|i| c.ids.get(i)).collect();
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {ids:?} {rejects:?} {:?}",
            c.received,
            c.responded,
            c.persons,
            c.municipality,
            c.municipalities,
            c.failed,
            c.failed_sets,
            files
                .iter()
                .map(|f| (f.rows_read, f.rows_used, f.rows_rejected))
                .collect::<Vec<_>>()
        )
    }

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
            proptest::prop_assert_eq!(kept_in_order(&c, &keep), ordered);
            if ordered {
                proptest::prop_assert_eq!(show(&retain_kept(c, &keep)), show(&sorted));
            }
        }

        /// Rows converted in parts (chunks converted in parallel) and appended in order give
        /// the same calls, interned tables, rejects and counts as one builder reading them all.
        #[test]
        fn appended_parts_equal_one_builder(
            rows in proptest::collection::vec(
                (0u8..6, 0i64..5, 0u8..4, 0u8..4, proptest::bool::ANY), 0..40),
            cuts in proptest::collection::vec(0usize..40, 0..4),
        ) {
            let munis = ["", "K1", "K2", "K3"];
            let failed = ["", "FK", "CSN;FK", "FK;CSN"];
            let feed = |b: &mut CallsBuilder, i: usize| {
                let (id, t, m, f, bad) = rows[i];
                let id = format!("c{id}");
                let fp = (u64::from(m), t as u64);
                if bad {
                    b.reject(1, i as u64 + 2, &id, fp, Bad::new("persons", "x", reasons::PERSONS));
                } else {
                    let row = CallRow {
                        id: &id,
                        received: t,
                        responded: None,
                        result: CallResult::Ok,
                        persons: 1,
                        municipality: munis[m as usize],
                        failed: failed[f as usize],
                    };
                    b.push(1, i as u64 + 2, fp, &row);
                }
            };
            let mut one = CallsBuilder::new();
            for i in 0..rows.len() {
                feed(&mut one, i);
            }
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c <= rows.len()).collect();
            cuts.push(0);
            cuts.push(rows.len());
            cuts.sort();
            let mut merged = CallsBuilder::new();
            // One part builder for every cut: append leaves it as a new one.
            let mut part = CallsBuilder::new();
            for w in cuts.windows(2) {
                for i in w[0]..w[1] {
                    feed(&mut part, i);
                }
                merged.append(&mut part);
            }
            proptest::prop_assert_eq!(snapshot(merged), snapshot(one));
        }
    }

    #[test]
    fn read_positions_sort_as_file_then_line() {
        let max_line = (1 << LINE_BITS) - 1;
        let max_file = super::super::limits::MAX_FILES as u32;
        for (f, l) in [(0, 1), (3, 7), (max_file, max_line)] {
            assert_eq!(file_line(at(f, l)), (f, l));
        }
        assert!(at(0, max_line) < at(1, 1));
        assert!(at(2, 5) < at(2, 6));
    }

    #[test]
    fn builder_interns_and_sorts() {
        let mut b = CallsBuilder::new();
        let row = |id, t, m, f| CallRow {
            id,
            received: t,
            responded: None,
            result: CallResult::Ok,
            persons: 1,
            municipality: m,
            failed: f,
        };
        b.push(0, 2, (1, 1), &row("b", 5, "K1", "FK; CSN"));
        b.push(0, 3, (2, 2), &row("a", 5, "K2", "CSN;FK;"));
        b.push(0, 4, (3, 3), &row("c", 1, "K1", ""));
        let mut files = vec![FileStats::default()];
        let (c, rejects) = b.finish(&mut files);
        assert!(rejects.is_empty());
        let ids: Vec<&str> = (0..c.len()).map(|i| c.ids.get(i)).collect();
        assert_eq!(ids, vec!["c", "a", "b"]);
        assert_eq!(c.municipalities, vec!["K1", "K2"]);
        assert_eq!(c.municipality, vec![0, 1, 0]);
        assert_eq!(
            c.failed_sets,
            vec![vec![], vec!["CSN".to_string(), "FK".to_string()]]
        );
        assert_eq!(c.failed, vec![0, 1, 1]);
        assert_eq!((files[0].rows_read, files[0].rows_used), (3, 3));
    }
}
