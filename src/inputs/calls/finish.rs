//! The end of reading the call log: the duplicate rule (M2.9) over every row with an id, the
//! rejects (M2.7) merged into reading order, the per-file counts, and the kept calls in
//! (received, call_id) order.
//!
//! Below [`SpillAt::rows`] rows the rule runs in memory as it always has. Above it the
//! builder writes each row's id, fingerprint and place to hash partitions on disk as the rows
//! arrive ([`dedupspill::Partitions`]), and its own rejects to sorted runs of
//! [`SpillAt::reject_run`] rows; the rejects it ends with are written to disk as well
//! ([`CallRejects`]). Either way the same verdicts, groups, rejects and counts come out.

use std::io;
use std::sync::Arc;

use super::super::crossfile;
use super::super::dedup::{self, Verdict};
use super::super::model::{Calls, FileStats, StrArena};
use super::super::reasons::{self, Bad};
use super::super::rejects::{CallRejects, Rejects};
use super::super::spill::{self, put_str, Merge, Reader, RunWriter, Statics};
use super::dedupspill::{DedupOutcome, NonKeep, Partitions, Sorted, NOT_ACCEPTED};
use super::monthspill::{Kept, SpilledMonths};
use super::place::{at, file_line};
use super::{order, CallsBuilder};

/// When the call log's duplicate rule and rejects go to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpillAt {
    /// Rows of the duplicate rule (accepted calls and rejected rows with an id) held in
    /// memory at most; beyond, they are written to partitions.
    pub rows: usize,
    /// Partition files of the duplicate rule's spill.
    pub partitions: usize,
    /// Rejects held in memory at most; beyond, they are written to disk in runs.
    pub reject_run: usize,
}

impl Default for SpillAt {
    /// Twice a big month (the month's run keeps today's path) and a few hundred thousand
    /// rejects; `SLAREPORT_SPILL_ROWS` sets both thresholds (tests run whole reports through
    /// the spill with it).
    fn default() -> Self {
        let forced = std::env::var("SLAREPORT_SPILL_ROWS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok());
        match forced {
            Some(n) => SpillAt {
                rows: n,
                partitions: 7,
                reject_run: n,
            },
            None => SpillAt {
                rows: 4_000_000,
                partitions: 128,
                reject_run: 1 << 18,
            },
        }
    }
}

/// The builder's spill state.
#[derive(Debug, Default)]
pub struct Spill {
    at: SpillAt,
    parts: Option<Partitions>,
    /// Accepted rows already written to `parts` (the next one's index).
    flushed: usize,
    /// Per call file: accepted rows written to `parts`.
    accepted: Vec<u64>,
    /// Rows rejected by their own validation with an id written to `parts`.
    rejected_ids: usize,
    /// Runs of own rejects, each sorted as rejected.csv sorts a file's rows.
    runs: Option<(RunWriter, Statics)>,
    error: Option<io::Error>,
}

impl Spill {
    pub fn new(at: SpillAt) -> Self {
        Spill {
            at,
            ..Spill::default()
        }
    }

    /// Whether the duplicate rule's rows go to disk.
    pub fn started(&self) -> bool {
        self.parts.is_some()
    }

    /// Rows rejected by their own validation with an id already on disk.
    pub fn rejected_ids(&self) -> usize {
        self.rejected_ids
    }

    /// From now on every row goes to disk (the calls of other months do: M12.7).
    pub fn force(&mut self) {
        self.at.rows = 0;
    }

    /// Accepted rows written to disk: the next accepted row's ordinal.
    pub fn flushed(&self) -> usize {
        self.flushed
    }
}

/// Own rejects in reading order, then column, value and reason (one row has one reject, so
/// the place alone orders them; the rest keeps the order total).
fn sort_rejects(v: &mut [(u32, u64, Bad)]) {
    v.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2.column, &a.2.value, a.2.reason)
            .cmp(&(b.0, b.1, b.2.column, &b.2.value, b.2.reason))
    });
}

fn decode_reject(statics: &[&'static str], r: &mut Reader) -> io::Result<(u32, u64, Bad)> {
    let file = r.u32()?;
    let line = r.u64()?;
    let column = spill::static_at(statics, r.u16()?)?;
    let reason = spill::static_at(statics, r.u16()?)?;
    let mut value = String::new();
    r.str_into(&mut value)?;
    Ok((
        file,
        line,
        Bad {
            column,
            value,
            reason,
        },
    ))
}

impl CallsBuilder {
    /// Past the thresholds, write the rule's rows and the rejects to disk (an error is kept
    /// and returned by [`CallsBuilder::finish`]). `ids`: the unflushed rows' ids when they are
    /// not the last ones held (a part whose calls of other months go straight to the month
    /// spill, M12.7).
    pub(super) fn spill_over(&mut self, ids: Option<&StrArena>) {
        if self.spill.error.is_none() {
            if let Err(e) = self.try_spill(false, ids) {
                self.spill.error = Some(e);
            }
        }
    }

    fn try_spill(&mut self, last: bool, ids: Option<&StrArena>) -> io::Result<()> {
        let sp = &mut self.spill;
        if sp.parts.is_none() && self.at.len() + self.rejected_ids.len() > sp.at.rows {
            sp.parts = Some(Partitions::new(sp.at.partitions)?);
        }
        if let Some(p) = &mut sp.parts {
            // The unflushed rows are the last ones held (the calls of other months that
            // were before them went to the month spill, M12.7), or those of `ids`.
            let (ids, held) = match ids {
                Some(ids) => (ids, 0),
                None => (&self.calls.ids, self.calls.len() - self.at.len()),
            };
            for (i, (&a, &fp)) in self.at.iter().zip(&self.fp).enumerate() {
                let row = sp.flushed + i;
                p.add(ids.get(held + i), fp, a, row as u32)?;
                let f = file_line(a).0 as usize;
                if sp.accepted.len() <= f {
                    sp.accepted.resize(f + 1, 0);
                }
                sp.accepted[f] += 1;
            }
            sp.flushed += self.at.len();
            sp.rejected_ids += self.rejected_ids.len();
            for (id, fp, a) in self.rejected_ids.drain(..) {
                p.add(&id, fp, a, NOT_ACCEPTED)?;
            }
            // The reserve for a whole file is not needed once rows go to disk; a chunk's
            // rows (a 32 MiB chunk holds fewer than 2 M records) are kept room for, not
            // given back and taken again at every chunk.
            self.at.clear();
            self.fp.clear();
            if self.at.capacity() > 1 << 21 {
                self.at.shrink_to(1 << 16);
                self.fp.shrink_to(1 << 16);
            }
        }
        if self.rejects.len() > sp.at.reject_run || (last && sp.runs.is_some()) {
            if sp.runs.is_none() {
                sp.runs = Some((RunWriter::new()?, Statics::default()));
            }
            if let Some((w, statics)) = &mut sp.runs {
                sort_rejects(&mut self.rejects);
                let mut buf = Vec::new();
                for (f, l, b) in self.rejects.drain(..) {
                    buf.clear();
                    buf.extend_from_slice(&f.to_le_bytes());
                    buf.extend_from_slice(&l.to_le_bytes());
                    buf.extend_from_slice(&statics.index(b.column).to_le_bytes());
                    buf.extend_from_slice(&statics.index(b.reason).to_le_bytes());
                    put_str(&mut buf, &b.value);
                    w.put(&buf)?;
                }
                w.end_run();
            }
        }
        Ok(())
    }

    /// Apply the duplicate rule, sort by (received, call_id), count per file, and produce the
    /// calls and their rejects. `files` are the call files' statistics (in file order).
    pub fn finish(
        mut self,
        files: &mut [FileStats],
    ) -> anyhow::Result<(Calls, Rejects, Option<SpilledMonths>)> {
        let spill_error = |e: io::Error| anyhow::anyhow!("call log: spill file: {e}");
        if let Some(e) = self.spill.error.take() {
            return Err(spill_error(e));
        }
        self.try_spill(true, None).map_err(spill_error)?;
        // Accepted rows by ordinal: held, or written to the partitions (the calls of other
        // months among them).
        let n = self.calls.len().max(self.spill.flushed());
        // Duplicates whose copies are in other files: ids that restart per file.
        let mut restarted = crossfile::Tally::new(files.len());
        let mut on_group =
            |ats: &[u64], same: bool| restarted.group(ats.iter().map(|&a| file_line(a).0), same);
        let mut accepted = std::mem::take(&mut self.spill.accepted);
        accepted.resize(files.len(), 0);
        let outcome = match self.spill.parts.take() {
            Some(p) => p.decide(on_group).map_err(spill_error)?,
            None => self
                .decide_held(&mut on_group, &mut accepted)
                .map_err(spill_error)?,
        };
        restarted.record(files);
        let CallsBuilder {
            mut calls,
            munis,
            failed_sets,
            mut rejects,
            spill,
            months,
            held_ord,
            ..
        } = self;
        calls.municipalities = munis.into_iter().collect();
        calls.failed_sets = failed_sets.into_iter().collect();
        // Own rejects in reading order: held, or merged from the runs on disk.
        let own: Box<dyn Iterator<Item = io::Result<(u32, u64, Bad)>>> = match spill.runs {
            None => {
                sort_rejects(&mut rejects);
                Box::new(rejects.into_iter().map(Ok))
            }
            Some((w, _)) => {
                let runs = w.finish().map_err(spill_error)?;
                let statics = spill::statics();
                let decode = move |r: &mut Reader| decode_reject(&statics, r);
                let key = |r: &(u32, u64, Bad)| at(r.0, r.1);
                Box::new(Merge::new(runs.readers(), decode, key))
            }
        };
        let paths: Vec<Arc<str>> = files.iter().map(|st| Arc::from(st.path.as_str())).collect();
        let mut sink = CallRejects::new(paths, spill.at.reject_run);
        let mut keep = vec![true; n];
        let mut own_n = vec![0u64; files.len()];
        let mut dropped = vec![0u64; files.len()];
        merge_rejects(own, outcome.non_keep(), |f, l, bad, row| {
            match row {
                None | Some(NOT_ACCEPTED) => own_n[f as usize] += 1,
                Some(r) => {
                    keep[r as usize] = false;
                    dropped[f as usize] += 1;
                }
            }
            sink.push(f, l, bad)
        })
        .map_err(spill_error)?;
        // Every row read is counted once: own rejects, accepted rows kept or not.
        for (i, st) in files.iter_mut().enumerate() {
            st.rows_read += own_n[i] + accepted[i];
            st.rows_rejected += own_n[i] + dropped[i];
            st.rows_used += accepted[i] - dropped[i];
        }
        let rejects = sink.finish().map_err(spill_error)?;
        // The calls of other months stay on disk with the verdicts, deduplicated and sorted as
        // each month is read (M12.7).
        let (keep, spilled) = match (months, held_ord) {
            (Some(m), Some(held)) => {
                let held_keep: Vec<bool> = held.iter().map(|&o| keep[o as usize]).collect();
                let kept = Kept::new(&keep);
                drop(keep);
                let spilled = m
                    .finish(kept, &calls.municipalities, &calls.failed_sets)
                    .map_err(|e| anyhow::anyhow!("call log: month spill file: {e}"))?;
                (held_keep, Some(spilled))
            }
            _ => (keep, None),
        };
        let calls = order::kept_in_order(calls, &keep);
        Ok((calls, rejects, spilled))
    }

    /// The rule over the rows held in memory (accepted rows `0..n`, then the rejected rows
    /// with an id), counting accepted rows per file.
    fn decide_held(
        &mut self,
        on_group: &mut impl FnMut(&[u64], bool),
        accepted: &mut [u64],
    ) -> io::Result<DedupOutcome> {
        let n = self.calls.len();
        let (calls, fp, read_at, rejected_ids) =
            (&self.calls, &self.fp, &self.at, &self.rejected_ids);
        let key = |x: usize| -> (&str, (u64, u64), u64) {
            if x < n {
                (calls.ids.get(x), fp[x], read_at[x])
            } else {
                let (id, f, a) = &rejected_ids[x - n];
                (id.as_str(), *f, *a)
            }
        };
        let mut ats = Vec::new();
        let verdicts = dedup::verdicts_observed(key, n + rejected_ids.len(), |g, same| {
            ats.clear();
            ats.extend(g.iter().map(|&x| key(x).2));
            on_group(&ats, same)
        });
        for &a in read_at {
            accepted[file_line(a).0 as usize] += 1;
        }
        // The non-keep rows in reading order, 4 bytes each until they are written out (held
        // when few, else on disk): accepted rows were pushed in reading order, the rejected
        // rows with an id are put in it.
        let non_keep = |range: std::ops::Range<usize>| -> Vec<u32> {
            range
                .filter(|&x| verdicts[x] != Verdict::Keep)
                .map(|x| x as u32)
                .collect()
        };
        let mut acc = non_keep(0..n);
        if !acc
            .windows(2)
            .all(|w| read_at[w[0] as usize] < read_at[w[1] as usize])
        {
            acc.sort_unstable_by_key(|&x| read_at[x as usize]);
        }
        let mut rej = non_keep(n..verdicts.len());
        rej.sort_unstable_by_key(|&x| key(x as usize).2);
        let mut out = Sorted::new(self.spill.at.reject_run);
        let (mut i, mut j) = (0, 0);
        while i < acc.len() || j < rej.len() {
            let take_acc = j == rej.len()
                || (i < acc.len() && key(acc[i] as usize).2 < key(rej[j] as usize).2);
            let x = if take_acc { acc[i] } else { rej[j] } as usize;
            if take_acc {
                i += 1;
            } else {
                j += 1;
            }
            let (id, _, at) = key(x);
            out.push(NonKeep {
                at,
                verdict: verdicts[x],
                row: if x < n { x as u32 } else { NOT_ACCEPTED },
                id: id.to_string(),
            })?;
        }
        drop((acc, rej, verdicts));
        self.at = Vec::new();
        self.fp = Vec::new();
        self.rejected_ids = Vec::new();
        out.finish()
    }
}

/// Own rejects (in reading order) and the rule's non-keep rows (in reading order) merged into
/// the call log's rejects in reading order: `out(file, line, reject, row)` with `row` the
/// non-keep row's index (`None` for an own reject the rule kept). A non-keep row rejected by its
/// own validation takes the rule's reason in place of its own, as the rule says (M2.9).
fn merge_rejects(
    own: impl Iterator<Item = io::Result<(u32, u64, Bad)>>,
    non_keep: impl Iterator<Item = io::Result<NonKeep>>,
    mut out: impl FnMut(u32, u64, Bad, Option<u32>) -> io::Result<()>,
) -> io::Result<()> {
    let mut own = own.peekable();
    let mut nk = non_keep.peekable();
    let reason = |v: Verdict| match v {
        Verdict::Duplicate => reasons::DUPLICATE,
        _ => reasons::CONFLICTING_DUPLICATE,
    };
    loop {
        let oa = match own.peek() {
            Some(Ok((f, l, _))) => Some(at(*f, *l)),
            Some(Err(_)) => return own.next().map_or(Ok(()), |r| r.map(drop)),
            None => None,
        };
        let na = match nk.peek() {
            Some(Ok(x)) => Some(x.at),
            Some(Err(_)) => return nk.next().map_or(Ok(()), |r| r.map(drop)),
            None => None,
        };
        let take_own = match (oa, na) {
            (None, None) => return Ok(()),
            (Some(o), Some(n)) => o < n,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        if take_own {
            if let Some(Ok((f, l, b))) = own.next() {
                out(f, l, b, None)?;
            }
            continue;
        }
        let Some(Ok(x)) = nk.next() else {
            continue;
        };
        if oa == Some(x.at) {
            // The same row: its own reject takes the rule's reason.
            own.next();
        }
        let (f, l) = file_line(x.at);
        out(
            f,
            l,
            Bad::new("call_id", &x.id, reason(x.verdict)),
            Some(x.row),
        )?;
    }
}

#[cfg(test)]
mod tests;
