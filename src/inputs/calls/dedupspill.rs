//! The duplicate rule (M2.9) over more call rows than memory should hold: each row's id, content
//! fingerprint and place are written to one of a number of partition files chosen by a hash of
//! the id, and each partition is decided in memory on its own by [`dedup::verdicts_observed`]
//! (as many at once as there are threads)
//! (rows are grouped by the id's text, never by its hash alone), so equal ids always meet and
//! the verdicts are the in-memory rule's. Only the rows not kept come out ([`DedupOutcome`]),
//! as one stream in reading order (file, then line), from sorted runs on disk.

use std::io;

use super::super::dedup::{self, Verdict};
use super::super::spill::{put_str, Merge, Reader, RunWriter, Runs};

/// A row the duplicate rule did not keep: where it was read (file and line in one word), its
/// verdict, its accepted-row index ([`NOT_ACCEPTED`] for a row rejected by its own validation)
/// and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonKeep {
    pub at: u64,
    pub verdict: Verdict,
    pub row: u32,
    pub id: String,
}

/// [`NonKeep::row`] of a row its own validation rejected.
pub const NOT_ACCEPTED: u32 = u32::MAX;

/// The rows the duplicate rule did not keep, in reading order: held when few, else in sorted
/// runs on disk (one per partition) merged as they are read.
#[derive(Debug, Clone)]
pub enum DedupOutcome {
    Held(Vec<NonKeep>),
    Spilled(Runs),
}

impl DedupOutcome {
    /// The verdicts from the rows in memory: `non_keep` in any order.
    pub fn held(mut non_keep: Vec<NonKeep>) -> Self {
        non_keep.sort_unstable_by_key(|n| n.at);
        DedupOutcome::Held(non_keep)
    }

    /// Every row not kept, in reading order (`at`); may be read any number of times.
    pub fn non_keep(&self) -> Box<dyn Iterator<Item = io::Result<NonKeep>> + Send + '_> {
        match self {
            DedupOutcome::Held(v) => Box::new(v.iter().cloned().map(Ok)),
            DedupOutcome::Spilled(runs) => {
                Box::new(Merge::new(runs.readers(), decode, |n: &NonKeep| n.at))
            }
        }
    }
}

/// Non-keep rows given in reading order, held until more than `spill_at`, then written to
/// disk as one run.
pub struct Sorted {
    spill_at: usize,
    held: Vec<NonKeep>,
    disk: Option<RunWriter>,
    buf: Vec<u8>,
}

impl Sorted {
    pub fn new(spill_at: usize) -> Self {
        Sorted {
            spill_at,
            held: Vec::new(),
            disk: None,
            buf: Vec::new(),
        }
    }

    /// The next row (its `at` not below the last one's).
    pub fn push(&mut self, n: NonKeep) -> io::Result<()> {
        if self.disk.is_none() && self.held.len() >= self.spill_at {
            let mut w = RunWriter::new()?;
            for h in self.held.drain(..) {
                self.buf.clear();
                encode(&mut self.buf, &h);
                w.put(&self.buf)?;
            }
            self.disk = Some(w);
        }
        match &mut self.disk {
            Some(w) => {
                self.buf.clear();
                encode(&mut self.buf, &n);
                w.put(&self.buf)
            }
            None => {
                self.held.push(n);
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<DedupOutcome> {
        Ok(match self.disk {
            Some(w) => DedupOutcome::Spilled(w.finish()?),
            None => DedupOutcome::Held(self.held),
        })
    }
}

fn encode(buf: &mut Vec<u8>, n: &NonKeep) {
    encode_parts(buf, n.at, n.row, n.verdict, &n.id);
}

fn encode_parts(buf: &mut Vec<u8>, at: u64, row: u32, verdict: Verdict, id: &str) {
    buf.extend_from_slice(&at.to_le_bytes());
    buf.extend_from_slice(&row.to_le_bytes());
    buf.push(match verdict {
        Verdict::Keep => 0,
        Verdict::Duplicate => 1,
        Verdict::Conflicting => 2,
    });
    put_str(buf, id);
}

fn decode(r: &mut Reader) -> io::Result<NonKeep> {
    let at = r.u64()?;
    let row = r.u32()?;
    let verdict = match r.u8()? {
        1 => Verdict::Duplicate,
        2 => Verdict::Conflicting,
        _ => Verdict::Keep,
    };
    let mut id = String::new();
    r.str_into(&mut id)?;
    Ok(NonKeep {
        at,
        verdict,
        row,
        id,
    })
}

/// The partition files rows are written to.
pub struct Partitions {
    parts: Vec<RunWriter>,
    rows: u64,
}

/// A partition row's head: place (u64), accepted-row index (u32), fingerprint (2 × u64) and
/// the id's length (u32), little-endian; the id's bytes follow.
const HEAD: usize = 32;

impl std::fmt::Debug for Partitions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Partitions({}, {} rows)", self.parts.len(), self.rows)
    }
}

impl Partitions {
    /// `n` (at least 1) partition files.
    pub fn new(n: usize) -> io::Result<Self> {
        Ok(Partitions {
            parts: (0..n.max(1))
                .map(|_| RunWriter::new())
                .collect::<io::Result<_>>()?,
            rows: 0,
        })
    }

    /// One row: its id (not empty), fingerprint, place and accepted-row index.
    pub fn add(&mut self, id: &str, fp: (u64, u64), at: u64, row: u32) -> io::Result<()> {
        let p = (xxhash_rust::xxh3::xxh3_64(id.as_bytes()) % self.parts.len() as u64) as usize;
        let mut head = [0u8; HEAD];
        head[..8].copy_from_slice(&at.to_le_bytes());
        head[8..12].copy_from_slice(&row.to_le_bytes());
        head[12..20].copy_from_slice(&fp.0.to_le_bytes());
        head[20..28].copy_from_slice(&fp.1.to_le_bytes());
        head[28..].copy_from_slice(&(id.len() as u32).to_le_bytes());
        self.rows += 1;
        let part = &mut self.parts[p];
        part.put(&head)?;
        part.put(id.as_bytes())
    }

    /// Decide every partition, telling `on_group` each group of two or more rows with one id
    /// (their places in reading order, whether their contents are identical), as the in-memory
    /// rule does (the groups in another order). Partitions are decided as many at a time as
    /// there are threads (each a small share of the rows), and told in partition order.
    pub fn decide(self, mut on_group: impl FnMut(&[u64], bool)) -> io::Result<DedupOutcome> {
        use rayon::prelude::*;
        let mut out = RunWriter::new()?;
        let mut parts = self.parts.into_iter();
        let at_once = rayon::current_num_threads().max(1);
        // Each thread's partition is read into the buffers of its last one: they are grown
        // once, not allocated, grown and faulted in again for every partition.
        let mut spare: Vec<Part> = (0..at_once).map(|_| Part::default()).collect();
        loop {
            let some: Vec<RunWriter> = parts.by_ref().take(at_once).collect();
            if some.is_empty() {
                break;
            }
            let decided: Vec<io::Result<Decided>> = some
                .into_par_iter()
                .zip(spare.par_iter_mut())
                .with_max_len(1)
                .map(|(part, rows)| decide_part(part.finish()?, rows))
                .collect();
            for d in decided {
                let d = d?;
                let mut from = 0;
                for &(end, same) in &d.groups {
                    on_group(&d.ats[from..end], same);
                    from = end;
                }
                out.put(&d.non_keep)?;
                out.end_run();
            }
        }
        Ok(DedupOutcome::Spilled(out.finish()?))
    }
}

/// One partition decided: its groups (their places one after another in `ats`, each group's
/// end there and whether its contents are identical) and its non-keep rows encoded in reading
/// order.
struct Decided {
    groups: Vec<(usize, bool)>,
    ats: Vec<u64>,
    non_keep: Vec<u8>,
}

/// Read one partition's rows into `rows` (emptied first) and apply the rule to them.
fn decide_part(runs: Runs, rows: &mut Part) -> io::Result<Decided> {
    rows.clear();
    for i in 0..runs.len() {
        rows.read(&mut runs.reader(i))?;
    }
    drop(runs);
    let rows = &*rows;
    let mut d = Decided {
        groups: Vec::new(),
        ats: Vec::new(),
        non_keep: Vec::new(),
    };
    let verdicts = dedup::verdicts_observed(
        |i| (rows.id(i), rows.fp[i], rows.at[i]),
        rows.at.len(),
        |g, same| {
            d.ats.extend(g.iter().map(|&i| rows.at[i]));
            d.groups.push((d.ats.len(), same));
        },
    );
    let mut non_keep: Vec<(u64, u32, Verdict, usize)> = verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != Verdict::Keep)
        .map(|(i, &v)| (rows.at[i], rows.row[i], v, i))
        .collect();
    non_keep.sort_unstable_by_key(|k| k.0);
    for (at, row, verdict, i) in non_keep {
        encode_parts(&mut d.non_keep, at, row, verdict, rows.id(i));
    }
    Ok(d)
}

/// One partition's rows in memory: ids in one arena.
#[derive(Default)]
struct Part {
    at: Vec<u64>,
    row: Vec<u32>,
    fp: Vec<(u64, u64)>,
    ends: Vec<usize>,
    bytes: String,
}

impl Part {
    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// No rows, the buffers kept.
    fn clear(&mut self) {
        self.at.clear();
        self.row.clear();
        self.fp.clear();
        self.ends.clear();
        self.bytes.clear();
    }

    /// Append the rows of a run [`Partitions::add`] wrote: a head and the id each, taken in
    /// two reads (the id straight into the arena).
    fn read(&mut self, r: &mut Reader) -> io::Result<()> {
        while !r.done() {
            let h = r.take(HEAD)?;
            let word = |k: usize| u64::from_le_bytes(h[k..k + 8].try_into().unwrap_or_default());
            let half = |k: usize| u32::from_le_bytes(h[k..k + 4].try_into().unwrap_or_default());
            self.at.push(word(0));
            self.row.push(half(8));
            self.fp.push((word(12), word(20)));
            let n = half(28) as usize;
            let id = std::str::from_utf8(r.take(n)?)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            self.bytes.push_str(id);
            self.ends.push(self.bytes.len());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The in-memory rule's non-keep rows and groups for `rows` (id, fingerprint, at).
    fn held(rows: &[(String, (u64, u64), u64)]) -> (Vec<NonKeep>, Vec<(Vec<u64>, bool)>) {
        let mut groups = Vec::new();
        let v = dedup::verdicts_observed(
            |i| (rows[i].0.as_str(), rows[i].1, rows[i].2),
            rows.len(),
            |g, same| groups.push((g.iter().map(|&i| rows[i].2).collect(), same)),
        );
        let nk = v
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != Verdict::Keep)
            .map(|(i, &verdict)| NonKeep {
                at: rows[i].2,
                verdict,
                row: i as u32,
                id: rows[i].0.clone(),
            })
            .collect();
        let DedupOutcome::Held(nk) = DedupOutcome::held(nk) else {
            unreachable!()
        };
        groups.sort();
        (nk, groups)
    }

    proptest::proptest! {
        /// Partitioned on disk, the rule gives the in-memory rule's non-keep rows (in reading
        /// order) and groups, whatever the ids, contents, places and number of partitions.
        #[test]
        fn partitions_decide_as_memory(
            rows in proptest::collection::vec(("[abc]{1,2}", 0u64..3, 0u64..40), 0..80),
            parts in 1usize..5,
        ) {
            // Places are distinct, as (file, line) are.
            let rows: Vec<(String, (u64, u64), u64)> = rows
                .into_iter()
                .enumerate()
                .map(|(i, (id, fp, at))| (id, (fp, 0), at * 100 + i as u64))
                .collect();
            let mut p = Partitions::new(parts).unwrap();
            for (i, r) in rows.iter().enumerate() {
                p.add(&r.0, r.1, r.2, i as u32).unwrap();
            }
            let mut groups = Vec::new();
            let out = p.decide(|g, same| groups.push((g.to_vec(), same))).unwrap();
            groups.sort();
            let got: Vec<NonKeep> = out.non_keep().collect::<io::Result<_>>().unwrap();
            let (want, want_groups) = held(&rows);
            proptest::prop_assert_eq!(&got, &want);
            proptest::prop_assert_eq!(groups, want_groups);
            // Read twice: the same stream.
            let again: Vec<NonKeep> = out.non_keep().collect::<io::Result<_>>().unwrap();
            proptest::prop_assert_eq!(again, want);
        }
    }
}
