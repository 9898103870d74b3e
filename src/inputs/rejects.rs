//! The rejected rows (M2.7, M2.10: rejected.csv), sorted by (input, file, line, column, value,
//! reason), without holding them all: a big call log's rejects are written to a spill file as
//! they are decided ([`CallRejects`]), in reading order, and read back as one stream merged
//! with the other inputs' rejects (few, held in memory). What the report shows of them is kept
//! in memory: the count, the first [`HEAD`] rows, and per (input, file, reason, column) a count
//! and the first row ([`RejectGroup`]).

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use super::catalog::InputKind;
use super::model::Reject;
use super::reasons::Bad;
use super::spill::{self, put_str, Reader, RunWriter, Runs, Statics};

/// The rejected rows kept in memory from the start of the sorted stream.
pub const HEAD: usize = 64;

/// Rejects of one input, file, reason and column: how many, and the first (by the order of
/// rejected.csv).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RejectGroup {
    pub count: u64,
    pub first: Reject,
}

/// Every rejected row; after [`Rejects::sort`], read in the order of rejected.csv.
#[derive(Debug, Clone, Default)]
pub struct Rejects {
    held: Vec<Reject>,
    spilled: Option<Spilled>,
    groups: Vec<RejectGroup>,
    head: Vec<Reject>,
}

/// Call rejects on disk: one run, a byte range per call file, records in line order.
#[derive(Debug, Clone)]
struct Spilled {
    runs: Runs,
    /// Per call file (its index): the byte range of its records.
    segments: Vec<(u64, u64)>,
    /// Per call file: its path (as recorded: [`Rejects::map_files`] changes it).
    paths: Vec<Arc<str>>,
    count: u64,
    statics: Arc<[&'static str]>,
    /// Per (file, reason, column): the count and the first row's line and value.
    groups: BTreeMap<(u32, &'static str, &'static str), (u64, u64, String)>,
}

impl Spilled {
    fn reject(&self, file: u32, r: &mut Reader) -> io::Result<Reject> {
        let line = r.u64()?;
        let column = spill::static_at(&self.statics, r.u16()?)?;
        let reason = spill::static_at(&self.statics, r.u16()?)?;
        let mut value = String::new();
        r.str_into(&mut value)?;
        Ok(Reject {
            input: InputKind::Calls,
            file: Arc::clone(&self.paths[file as usize]),
            line,
            column,
            value,
            reason,
        })
    }

    /// Every record, files in path order.
    fn iter(&self) -> impl Iterator<Item = io::Result<Reject>> + '_ {
        let mut order: Vec<u32> = (0..self.segments.len() as u32).collect();
        order.sort_by(|&a, &b| self.paths[a as usize].cmp(&self.paths[b as usize]));
        order.into_iter().flat_map(move |f| {
            let (s, e) = self.segments[f as usize];
            let mut r = self.runs.range(s, e);
            std::iter::from_fn(move || (!r.done()).then(|| self.reject(f, &mut r)))
        })
    }
}

impl From<Vec<Reject>> for Rejects {
    /// Rejects held in memory, sorted.
    fn from(held: Vec<Reject>) -> Self {
        let mut r = Rejects {
            held,
            ..Rejects::default()
        };
        // Held rows only: no disk to fail.
        let _ = r.sort();
        r
    }
}

impl PartialEq for Rejects {
    /// The same rows in the same order (a row that cannot be read compares unequal).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| matches!((a, b), (Ok(a), Ok(b)) if a == b))
    }
}

impl Rejects {
    /// How many rows were rejected.
    pub fn len(&self) -> usize {
        self.held.len() + self.spilled.as_ref().map_or(0, |s| s.count as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add rejects held in memory; [`Rejects::sort`] puts them in order.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Reject>) {
        self.held.extend(rows);
    }

    /// Add the rejects of another set (the calls' from [`CallRejects`], at most one spilled).
    pub fn append(&mut self, other: Rejects) {
        self.held.extend(other.held);
        if other.spilled.is_some() {
            self.spilled = other.spilled;
        }
    }

    /// Drop every row.
    pub fn clear(&mut self) {
        *self = Rejects::default();
    }

    /// Put the rows in the order of rejected.csv (input, file, line, column, value, reason),
    /// and keep the first [`HEAD`] and the groups.
    pub fn sort(&mut self) -> io::Result<()> {
        self.held.sort();
        let mut groups: BTreeMap<(InputKind, Arc<str>, &'static str, &'static str), RejectGroup> =
            BTreeMap::new();
        for r in &self.held {
            groups
                .entry((r.input, Arc::clone(&r.file), r.reason, r.column))
                .and_modify(|g| g.count += 1)
                .or_insert_with(|| RejectGroup {
                    count: 1,
                    first: r.clone(),
                });
        }
        if let Some(s) = &self.spilled {
            for (&(f, reason, column), (n, line, value)) in &s.groups {
                let path = Arc::clone(&s.paths[f as usize]);
                groups.insert(
                    (InputKind::Calls, Arc::clone(&path), reason, column),
                    RejectGroup {
                        count: *n,
                        first: Reject {
                            input: InputKind::Calls,
                            file: path,
                            line: *line,
                            column,
                            value: value.clone(),
                            reason,
                        },
                    },
                );
            }
        }
        self.groups = groups.into_values().collect();
        self.head = self.iter().take(HEAD).collect::<io::Result<_>>()?;
        Ok(())
    }

    /// The first [`HEAD`] rows (as of the last [`Rejects::sort`]).
    pub fn head(&self) -> &[Reject] {
        &self.head
    }

    /// Per (input, file, reason, column): the count and the first row, in that key's order (as
    /// of the last [`Rejects::sort`]).
    pub fn groups(&self) -> &[RejectGroup] {
        &self.groups
    }

    /// Every row in order: the held rows (sorted) merged with the spilled ones.
    pub fn iter(&self) -> impl Iterator<Item = io::Result<Reject>> + '_ {
        let disk: Box<dyn Iterator<Item = io::Result<Reject>> + '_> = match &self.spilled {
            Some(s) => Box::new(s.iter()),
            None => Box::new(std::iter::empty()),
        };
        let mut held = self.held.iter().peekable();
        let mut disk = disk.peekable();
        std::iter::from_fn(move || match (held.peek(), disk.peek()) {
            (Some(h), Some(Ok(d))) if *h > d => disk.next(),
            (Some(_), Some(Ok(_))) | (Some(_), None) => held.next().cloned().map(Ok),
            _ => disk.next(),
        })
    }

    /// Every row in order, in memory (tests and small inputs).
    pub fn to_vec(&self) -> io::Result<Vec<Reject>> {
        self.iter().collect()
    }

    /// Change every row's file path by `f` (called once per distinct path object).
    pub fn map_files(&mut self, mut f: impl FnMut(&Arc<str>) -> Arc<str>) {
        let mut last: Option<(Arc<str>, Arc<str>)> = None;
        let mut map = |p: &mut Arc<str>| {
            let to = match &last {
                Some((from, to)) if Arc::ptr_eq(from, p) => Arc::clone(to),
                _ => {
                    let to = f(p);
                    last = Some((Arc::clone(p), Arc::clone(&to)));
                    to
                }
            };
            *p = to;
        };
        for r in self.held.iter_mut().chain(&mut self.head) {
            map(&mut r.file);
        }
        for g in &mut self.groups {
            map(&mut g.first.file);
        }
        if let Some(s) = &mut self.spilled {
            s.paths.iter_mut().for_each(map);
        }
    }
}

/// The call log's rejects as they are decided, in reading order (file, then line): held until
/// more than `spill_at`, then written to disk.
pub struct CallRejects {
    paths: Vec<Arc<str>>,
    spill_at: usize,
    held: Vec<(u32, u64, Bad)>,
    disk: Option<Disk>,
}

struct Disk {
    w: RunWriter,
    statics: Statics,
    buf: Vec<u8>,
    segments: Vec<(u64, u64)>,
    count: u64,
    groups: BTreeMap<(u32, &'static str, &'static str), (u64, u64, String)>,
}

impl Disk {
    fn push(&mut self, file: u32, line: u64, bad: &Bad) -> io::Result<()> {
        let f = file as usize;
        let pos = self.w.written();
        if self.segments.len() <= f {
            self.segments.resize(f + 1, (pos, pos));
        }
        if self.segments[f].1 != pos {
            // Reading order: a file's rows are written together.
            self.segments[f] = (pos, pos);
        }
        self.buf.clear();
        self.buf.extend_from_slice(&line.to_le_bytes());
        self.buf
            .extend_from_slice(&self.statics.index(bad.column).to_le_bytes());
        self.buf
            .extend_from_slice(&self.statics.index(bad.reason).to_le_bytes());
        put_str(&mut self.buf, &bad.value);
        self.w.put(&self.buf)?;
        self.segments[f].1 = self.w.written();
        self.count += 1;
        self.groups
            .entry((file, bad.reason, bad.column))
            .and_modify(|g| g.0 += 1)
            .or_insert_with(|| (1, line, bad.value.clone()));
        Ok(())
    }
}

impl CallRejects {
    /// A sink for the rejects of the call files `paths` (in file order).
    pub fn new(paths: Vec<Arc<str>>, spill_at: usize) -> Self {
        CallRejects {
            paths,
            spill_at,
            held: Vec::new(),
            disk: None,
        }
    }

    /// The next reject in reading order.
    pub fn push(&mut self, file: u32, line: u64, bad: Bad) -> io::Result<()> {
        if let Some(d) = &mut self.disk {
            return d.push(file, line, &bad);
        }
        self.held.push((file, line, bad));
        if self.held.len() > self.spill_at {
            let mut d = Disk {
                w: RunWriter::new()?,
                statics: Statics::default(),
                buf: Vec::new(),
                segments: Vec::new(),
                count: 0,
                groups: BTreeMap::new(),
            };
            for (f, l, b) in self.held.drain(..) {
                d.push(f, l, &b)?;
            }
            self.disk = Some(d);
        }
        Ok(())
    }

    /// The rejects (not yet sorted with other inputs': see [`Rejects::sort`]).
    pub fn finish(self) -> io::Result<Rejects> {
        let paths = self.paths;
        let held = self
            .held
            .into_iter()
            .map(|(f, l, b)| Reject {
                input: InputKind::Calls,
                file: Arc::clone(&paths[f as usize]),
                line: l,
                column: b.column,
                value: b.value,
                reason: b.reason,
            })
            .collect();
        let spilled = match self.disk {
            None => None,
            Some(d) => {
                let mut segments = d.segments;
                segments.resize(paths.len(), (0, 0));
                Some(Spilled {
                    runs: d.w.finish()?,
                    segments,
                    paths,
                    count: d.count,
                    statics: spill::statics(),
                    groups: d.groups,
                })
            }
        };
        Ok(Rejects {
            held,
            spilled,
            ..Rejects::default()
        })
    }
}
