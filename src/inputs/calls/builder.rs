//! [`CallsBuilder`]: validated calls accumulated as columns (municipality and provider sets
//! interned in [`IndexSet`]s, ids in one arena, no allocation per row), parts converted in
//! parallel appended in reading order, and at the end the duplicate rule (M2.9) and the
//! per-file counts.

use indexmap::IndexSet;

use super::super::fields::trim;
use super::super::model::{Calls, ColumnMap, StrArena, NO_ID, NO_TIME};
use super::super::reasons::Bad;
use super::finish::{Spill, SpillAt};
use super::monthspill::MonthSpill;
use super::place::at;
use super::CallRow;
use crate::calendar::Ms;
use chrono_tz::Tz;
use std::io;

/// Slots of [`CallsBuilder`]'s municipality cache (a few times the 290 municipalities).
const MUNI_SLOTS: usize = 1024;

/// Accumulates calls as columns, with what the duplicate rule needs.
#[derive(Debug)]
pub struct CallsBuilder {
    /// The columns; its interned tables are filled from `munis` and `failed_sets` at the end.
    pub(super) calls: Calls,
    /// The municipalities in first-seen order: `calls.municipality` indexes them.
    pub(super) munis: IndexSet<String>,
    /// The last municipality index seen per slot of a fast (not DoS-resistant) hash of the
    /// text, checked by comparing the text: most rows skip the keyed hash of `munis`, and
    /// crafted collisions only fall back to it.
    muni_cache: Box<[u32; MUNI_SLOTS]>,
    /// The failed-provider sets in first-seen order (set 0 is the empty set).
    pub(super) failed_sets: IndexSet<Vec<String>>,
    /// Per accepted call not yet written to the duplicate rule's spill ([`Spill`]): where it
    /// was read ([`at`]: file and line in one word) and its content fingerprint.
    pub(super) at: Vec<u64>,
    pub(super) fp: Vec<(u64, u64)>,
    /// Rows rejected by their own validation that have an id (they take part in the
    /// duplicate rule): id, fingerprint, where read ([`at`]).
    pub(super) rejected_ids: Vec<(String, (u64, u64), u64)>,
    /// Rejects by their own validation not yet written to the spill's runs.
    pub(super) rejects: Vec<(u32, u64, Bad)>,
    scratch: Vec<String>,
    /// Where the duplicate rule's rows and the rejects go when the log is big (M2.9).
    pub(super) spill: Spill,
    /// The calls of months other than the held one, on disk (M12.7; see [`Self::hold`]).
    pub(super) months: Option<MonthSpill>,
    /// Once a call of another month was seen: the ordinal (among accepted rows) of each
    /// call held in `calls`.
    pub(super) held_ord: Option<Vec<u32>>,
}
impl Default for CallsBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl CallsBuilder {
    /// An empty builder; failed-provider set 0 is the empty set.
    pub fn new() -> Self {
        CallsBuilder {
            calls: Calls::default(),
            munis: IndexSet::new(),
            muni_cache: Box::new([NO_ID; MUNI_SLOTS]),
            failed_sets: IndexSet::from([Vec::new()]),
            at: Vec::new(),
            fp: Vec::new(),
            rejected_ids: Vec::new(),
            rejects: Vec::new(),
            scratch: Vec::new(),
            spill: Spill::default(),
            months: None,
            held_ord: None,
        }
    }

    /// Hold in memory only the calls received in `hold` (`[start, end)`, a local month of
    /// `tz`); the calls of other months go to disk month by month, and the duplicate rule's
    /// rows with them (M12.7, M2.9).
    pub fn hold(&mut self, tz: Tz, hold: (Ms, Ms)) -> io::Result<()> {
        self.months = Some(MonthSpill::new(tz, hold)?);
        Ok(())
    }

    /// An empty builder spilling as `at` says (tests force the spill on a few rows).
    pub fn with_spill(at: SpillAt) -> Self {
        let mut b = Self::new();
        b.spill = Spill::new(at);
        b
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
            if cached != NO_ID && self.munis[cached as usize] == c.municipality {
                cached
            } else {
                let i = match self.munis.get_index_of(c.municipality) {
                    Some(i) => i as u32,
                    None => self.munis.insert_full(c.municipality.to_string()).0 as u32,
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
            match self.failed_sets.get_index_of(&self.scratch) {
                Some(i) => i as u32,
                None => self.failed_sets.insert_full(self.scratch.clone()).0 as u32,
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

    /// Room for `rows` more calls whose ids take `id_bytes` (the columns grow once,
    /// not by doubling, which would hold up to twice the log at the peak). Only address space
    /// until rows are written.
    pub fn reserve(&mut self, (rows, id_bytes): (usize, usize)) {
        self.calls.reserve_exact(rows, id_bytes);
        if !self.spill.started() {
            self.at.reserve_exact(rows);
            self.fp.reserve_exact(rows);
        }
    }

    /// Append a builder that read the rows after this one's (a chunk converted in parallel):
    /// the same columns, interned tables and rejects as if this builder had read those rows
    /// itself, in order. Its interned strings are added in their first-seen order. `later` is
    /// left empty with its capacity, to convert the next chunk into (fresh columns
    /// for every chunk cost a page fault per 4 KiB written, twice).
    pub fn append(&mut self, later: &mut CallsBuilder) {
        // The part's interned indexes become this builder's, in place.
        let muni: Vec<u32> = later
            .munis
            .drain(..)
            .map(|name| self.munis.insert_full(name).0 as u32)
            .collect();
        for m in later.calls.municipality.iter_mut().filter(|m| **m != NO_ID) {
            *m = muni[*m as usize];
        }
        let failed: Vec<u32> = later
            .failed_sets
            .drain(..)
            .map(|set| self.failed_sets.insert_full(set).0 as u32)
            .collect();
        for f in later.calls.failed.iter_mut() {
            *f = failed[*f as usize];
        }
        if self.held_ord.is_some() && self.at.is_empty() && self.rejected_ids.is_empty() {
            self.append_split(later);
            return;
        }
        let base = self.calls.len();
        let c = &mut later.calls;
        let calls = &mut self.calls;
        calls.received.extend_from_slice(&c.received);
        calls.responded.extend_from_slice(&c.responded);
        calls.result.extend_from_slice(&c.result);
        calls.persons.extend_from_slice(&c.persons);
        calls.municipality.extend_from_slice(&c.municipality);
        calls.failed.extend_from_slice(&c.failed);
        calls.ids.append(&c.ids);
        self.at.extend_from_slice(&later.at);
        self.fp.extend_from_slice(&later.fp);
        self.rejected_ids.append(&mut later.rejected_ids);
        self.rejects.append(&mut later.rejects);
        later.clear();
        // From the first call of another month on, every row of the rule goes to disk: the
        // calls held so far keep their ordinals (M12.7).
        if let (Some(m), None) = (&self.months, &self.held_ord) {
            if self.calls.received[base..].iter().any(|&t| !m.holds(t)) {
                self.spill.force();
                self.held_ord = Some((0..base as u32).collect());
            }
        }
        // Past the spill's threshold, the rule's rows and the rejects go to disk (M2.9).
        self.spill_over(None);
        self.divert(base);
    }

    /// [`CallsBuilder::append`] once calls of other months were seen and every earlier row of
    /// the rule is on disk (M12.7): the part's rows of the rule are written with the part's
    /// ids, then each call goes to the held columns or to its month's file, straight from the
    /// part (the calls of other months are not copied into the held columns first).
    fn append_split(&mut self, later: &mut CallsBuilder) {
        let first = self.spill.flushed();
        self.at.extend_from_slice(&later.at);
        self.fp.extend_from_slice(&later.fp);
        self.rejected_ids.append(&mut later.rejected_ids);
        self.rejects.append(&mut later.rejects);
        self.spill_over(Some(&later.calls.ids));
        let (Some(months), Some(held)) = (&mut self.months, &mut self.held_ord) else {
            return;
        };
        let (c, h) = (&later.calls, &mut self.calls);
        for i in 0..c.len() {
            let ord = (first + i) as u32;
            if months.holds(c.received[i]) {
                held.push(ord);
                h.push_from(c, i);
            } else {
                months.push(c, i, ord);
            }
        }
        later.clear();
    }

    /// Move the calls appended from `base` on that belong to other months to the month
    /// spill, after the rule's rows were written (their ordinals are final).
    fn divert(&mut self, base: usize) {
        let (Some(months), Some(held)) = (&mut self.months, &mut self.held_ord) else {
            return;
        };
        let c = &mut self.calls;
        let new = c.len() - base;
        // The appended rows were just flushed: their ordinals end at `flushed`.
        let first = self.spill.flushed().saturating_sub(new);
        let mut kept = Vec::with_capacity(new);
        for i in base..c.len() {
            let ord = (first + (i - base)) as u32;
            if months.holds(c.received[i]) {
                held.push(ord);
                kept.push(i);
            } else {
                months.push(c, i, ord);
            }
        }
        if kept.len() == new {
            return;
        }
        let mut ids = StrArena::default();
        for &i in &kept {
            ids.push(c.ids.get(i));
        }
        for (w, &i) in (base..).zip(&kept) {
            c.received[w] = c.received[i];
            c.responded[w] = c.responded[i];
            c.result[w] = c.result[i];
            c.persons[w] = c.persons[i];
            c.municipality[w] = c.municipality[i];
            c.failed[w] = c.failed[i];
        }
        let len = base + kept.len();
        c.received.truncate(len);
        c.responded.truncate(len);
        c.result.truncate(len);
        c.persons.truncate(len);
        c.municipality.truncate(len);
        c.failed.truncate(len);
        let cut = if base == 0 { 0 } else { c.ids.ends[base - 1] };
        c.ids.bytes.truncate(cut);
        c.ids.ends.truncate(base);
        c.ids.append(&ids);
    }

    /// Empty the builder, keeping the capacity of its columns. Every field is named, so a new
    /// one cannot be forgotten here.
    pub fn clear(&mut self) {
        let CallsBuilder {
            calls,
            munis,
            muni_cache,
            failed_sets,
            at,
            fp,
            rejected_ids,
            rejects,
            scratch,
            spill: _,
            months: _,
            held_ord: _,
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
        munis.clear();
        muni_cache.fill(NO_ID);
        failed_sets.clear();
        failed_sets.insert(Vec::new());
        at.clear();
        fp.clear();
        rejected_ids.clear();
        rejects.clear();
        scratch.clear();
    }

    /// The rows the duplicate rule will index: accepted rows and rejected rows with an id.
    pub fn dedup_rows(&self) -> usize {
        // Accepted rows by ordinal: held, or already written (other months' among them).
        self.calls.len().max(self.spill.flushed() + self.at.len())
            + self.rejected_ids.len()
            + self.spill.rejected_ids()
    }

    /// Add one rejected row (with its id, if any, for the duplicate rule).
    pub fn reject(&mut self, file: u32, line: u64, id: &str, fp: (u64, u64), bad: Bad) {
        let id = id.trim();
        if !id.is_empty() {
            self.rejected_ids.push((id.to_string(), fp, at(file, line)));
        }
        self.rejects.push((file, line, bad));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::model::{CallResult, FileStats};
    use crate::inputs::reasons;

    /// What a builder holds, comparable.
    fn snapshot(b: CallsBuilder) -> String {
        let mut files = vec![FileStats::default(), FileStats::default()];
        let (c, rejects, _) = b.finish(&mut files).unwrap();
        let rejects = rejects.to_vec().unwrap();
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

    /// What a builder holding one month gives: the held calls and the calls of the other
    /// months as loaded back, with their interned texts, and the rejects and counts.
    fn snapshot_months(b: CallsBuilder) -> String {
        let mut files = vec![FileStats::default(), FileStats::default()];
        let (c, rejects, spilled) = b.finish(&mut files).unwrap();
        let show = |c: &Calls| -> Vec<(Ms, Ms, String, String, Vec<String>)> {
            (0..c.len())
                .map(|i| {
                    let m = c.municipality[i];
                    let muni = if m == NO_ID {
                        ""
                    } else {
                        &c.municipalities[m as usize]
                    };
                    (
                        c.received[i],
                        c.responded[i],
                        c.ids.get(i).to_string(),
                        muni.to_string(),
                        c.failed_sets[c.failed[i] as usize].clone(),
                    )
                })
                .collect()
        };
        let months: Vec<_> = spilled
            .map(|s| {
                (0..s.months().count())
                    .map(|k| show(&s.load(k).unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "{:?} {months:?} {:?} {:?}",
            show(&c),
            rejects.to_vec().unwrap(),
            files
                .iter()
                .map(|f| (f.rows_read, f.rows_used, f.rows_rejected))
                .collect::<Vec<_>>()
        )
    }

    proptest::proptest! {
        /// Holding one month (M12.7), rows appended in parts give what one part gives: the
        /// calls of other months go to their files straight from the part once the first was
        /// seen, and the held month, the months on disk, rejects and counts are the same.
        #[test]
        fn held_month_in_parts_equals_one_part(
            rows in proptest::collection::vec(
                (0u8..8, 0usize..3, 0i64..4, 0u8..4, 0u8..4, proptest::bool::weighted(0.1)),
                0..40),
            cuts in proptest::collection::vec(0usize..40, 0..5),
        ) {
            let tz: Tz = "Europe/Stockholm".parse().unwrap();
            let months = [(2026, 1), (2026, 2), (2026, 3)];
            let starts: Vec<Ms> = months
                .iter()
                .map(|&(y, m)| crate::calendar::month_bounds(tz, y, m).0)
                .collect();
            let munis = ["", "K1", "K2", "K3"];
            let failed = ["", "FK", "CSN;FK", "FK;CSN"];
            let feed = |b: &mut CallsBuilder, i: usize| {
                let (id, month, t, m, f, bad) = rows[i];
                let id = format!("c{id}");
                let received = starts[month] + t * 1000;
                let fp = (u64::from(m) + 4 * u64::from(f), received as u64);
                let file = (i >= rows.len() / 2) as u32;
                if bad {
                    b.reject(file, i as u64 + 2, &id, fp, Bad::new("persons", "x", reasons::PERSONS));
                } else {
                    let row = CallRow {
                        id: &id,
                        received,
                        responded: (t % 2 == 0).then_some(received + 5),
                        result: CallResult::ALL[(t as usize) % 5],
                        persons: 1,
                        municipality: munis[m as usize],
                        failed: failed[f as usize],
                    };
                    b.push(file, i as u64 + 2, fp, &row);
                }
            };
            let hold = crate::calendar::month_bounds(tz, 2026, 2);
            let small = SpillAt { rows: usize::MAX, partitions: 3, reject_run: usize::MAX };
            let mut one = CallsBuilder::with_spill(small);
            one.hold(tz, hold).unwrap();
            let mut part = CallsBuilder::new();
            for i in 0..rows.len() {
                feed(&mut part, i);
            }
            one.append(&mut part);
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c <= rows.len()).collect();
            cuts.push(0);
            cuts.push(rows.len());
            cuts.sort();
            let mut merged = CallsBuilder::with_spill(small);
            merged.hold(tz, hold).unwrap();
            for w in cuts.windows(2) {
                for i in w[0]..w[1] {
                    feed(&mut part, i);
                }
                merged.append(&mut part);
            }
            proptest::prop_assert_eq!(snapshot_months(merged), snapshot_months(one));
        }
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
        let (c, rejects, _) = b.finish(&mut files).unwrap();
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
