//! The calls of months other than the report month, on disk (M12.7): a run over any span of
//! months holds only the report month's calls in memory; every other accepted call is written,
//! as it is read, to a file of its local month, and read back one month at a time.
//!
//! - [`MonthSpill`] takes rows as the builder appends them: columns with their interned
//!   indexes already final (the builder's tables), the id, and the row's ordinal among the
//!   accepted rows (the duplicate rule's verdicts are by ordinal, M2.9). It counts what the
//!   inputs' summaries need of each month as it writes (rows, first and last call, latest
//!   response: M2.14).
//! - [`MonthSpill::finish`] takes the rule's verdicts ([`Kept`]). A month none of whose rows
//!   the rule dropped keeps its counts; a month that lost rows is read once and counted again
//!   over its kept rows. No file is written again.
//! - [`SpilledMonths::load`] gives one month as [`Calls`] with the builder's interned tables:
//!   its file read, the dropped rows left out, sorted by (received, call_id) (M3.2).
//!
//! Cost: every spilled call is written once (about 40 bytes and its id) and read once for the
//! figures, once more in a month the rule dropped rows of; memory is one month's calls, and a
//! bit per accepted row for the verdicts.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, TimeZone};
use chrono_tz::Tz;

use super::super::model::{CallResult, Calls, NO_TIME};
use crate::calendar::{month_bounds, Ms};

/// Bytes of a record before its id: received, responded, ordinal, municipality, failed
/// providers, id length (4 bytes each past the first two 8), persons 2, result 1.
const FIXED: usize = 8 + 8 + 4 + 4 + 4 + 4 + 2 + 1;

/// One month's file while rows are written, and what was written to it.
#[derive(Debug)]
struct MonthFile {
    path: PathBuf,
    out: BufWriter<File>,
    facts: Facts,
    /// The lowest and highest ordinal written: the rows the rule's verdicts can drop.
    ords: (u32, u32),
}

/// What the inputs' summaries need of a month's calls (M2.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Facts {
    rows: u64,
    first: Ms,
    last: Ms,
    latest_response: Option<Ms>,
}

impl Facts {
    const NONE: Facts = Facts {
        rows: 0,
        first: Ms::MAX,
        last: Ms::MIN,
        latest_response: None,
    };

    fn see(&mut self, received: Ms, responded: Ms) {
        self.rows += 1;
        self.first = self.first.min(received);
        self.last = self.last.max(received);
        if responded != NO_TIME {
            self.latest_response = self.latest_response.max(Some(responded));
        }
    }
}

/// The duplicate rule's verdicts by ordinal among the accepted rows (M2.9): a bit each.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    bits: Vec<u64>,
}

impl Kept {
    /// `keep[ordinal]`: whether the rule kept the row.
    pub fn new(keep: &[bool]) -> Self {
        let mut bits = vec![0u64; keep.len().div_ceil(64)];
        for (o, _) in keep.iter().enumerate().filter(|(_, &k)| k) {
            bits[o / 64] |= 1 << (o % 64);
        }
        Kept { bits }
    }

    /// Whether the row of ordinal `o` was kept (an ordinal beyond the verdicts was not).
    pub fn get(&self, o: u32) -> bool {
        let o = o as usize;
        self.bits
            .get(o / 64)
            .is_some_and(|w| w >> (o % 64) & 1 == 1)
    }

    /// Whether every row of ordinals `lo..=hi` was kept (a word of 64 at a time).
    fn all(&self, (lo, hi): (u32, u32)) -> bool {
        let (lo, hi) = (lo as usize, hi as usize);
        if lo > hi || hi / 64 >= self.bits.len() {
            return lo > hi;
        }
        (lo / 64..=hi / 64).all(|w| {
            let mut mask = u64::MAX;
            if w == lo / 64 {
                mask &= u64::MAX << (lo % 64);
            }
            if w == hi / 64 {
                mask &= u64::MAX >> (63 - hi % 64);
            }
            self.bits[w] & mask == mask
        })
    }
}

/// Accepted calls outside the held period, written to a file per local month.
#[derive(Debug)]
pub struct MonthSpill {
    dir: tempfile::TempDir,
    tz: Tz,
    hold: (Ms, Ms),
    months: BTreeMap<Ms, MonthFile>,
    /// The month of the last row: `[start, end)`.
    last: (Ms, Ms),
    buf: Vec<u8>,
    /// The first write that failed (returned by [`MonthSpill::finish`]).
    error: Option<io::Error>,
}

impl MonthSpill {
    /// Calls received in `hold` (`[start, end)`) stay in memory; the others go to disk under
    /// a temporary directory (removed with the spill).
    pub fn new(tz: Tz, hold: (Ms, Ms)) -> io::Result<Self> {
        Ok(MonthSpill {
            dir: tempfile::Builder::new()
                .prefix("slareport-months-")
                .tempdir()?,
            tz,
            hold,
            months: BTreeMap::new(),
            last: (0, 0),
            buf: Vec::with_capacity(256),
            error: None,
        })
    }

    /// Whether a call received at `t` is held in memory.
    pub fn holds(&self, t: Ms) -> bool {
        self.hold.0 <= t && t < self.hold.1
    }

    /// The local month `[start, end)` of instant `t`.
    fn month_of(&mut self, t: Ms) -> (Ms, Ms) {
        if !(self.last.0 <= t && t < self.last.1) {
            let local = self
                .tz
                .timestamp_millis_opt(t)
                .single()
                .map(|d| d.date_naive());
            let (y, m) = local.map_or((1970, 1), |d| (d.year(), d.month()));
            let (s, e) = month_bounds(self.tz, y, m);
            // A month that chrono cannot place (far outside its range) is one bucket.
            self.last = if s <= t && t < e { (s, e) } else { (t, t + 1) };
        }
        self.last
    }

    /// Write call `i` of `calls` (its municipality and provider-set indexes final), the
    /// `ordinal`-th accepted row. A failed write is kept and returned by
    /// [`MonthSpill::finish`].
    pub fn push(&mut self, calls: &Calls, i: usize, ordinal: u32) {
        if self.error.is_none() {
            if let Err(e) = self.try_push(calls, i, ordinal) {
                self.error = Some(e);
            }
        }
    }

    fn try_push(&mut self, calls: &Calls, i: usize, ordinal: u32) -> io::Result<()> {
        let (start, _) = self.month_of(calls.received[i]);
        self.buf.clear();
        encode(&mut self.buf, calls, i, ordinal);
        let file = match self.months.entry(start) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                let path = self.dir.path().join(format!("month-{start}.bin"));
                let out = BufWriter::with_capacity(1 << 16, File::create(&path)?);
                v.insert(MonthFile {
                    path,
                    out,
                    facts: Facts::NONE,
                    ords: (ordinal, ordinal),
                })
            }
        };
        file.out.write_all(&self.buf)?;
        file.facts.see(calls.received[i], calls.responded[i]);
        file.ords = (file.ords.0.min(ordinal), file.ords.1.max(ordinal));
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.months.values().map(|m| m.facts.rows).sum()
    }

    /// Close the months' files with the rule's verdicts `kept`: a month the rule dropped rows
    /// of is read once and counted again (two at a time on two cores); `municipalities` and
    /// `failed_sets` are the builder's final tables.
    pub fn finish(
        self,
        kept: Kept,
        municipalities: &[String],
        failed_sets: &[Vec<String>],
    ) -> io::Result<SpilledMonths> {
        if let Some(e) = self.error {
            return Err(e);
        }
        use rayon::prelude::*;
        let files: Vec<(Ms, MonthFile)> = self.months.into_iter().collect();
        let done: Vec<io::Result<Option<Month>>> = files
            .into_par_iter()
            .with_max_len(1)
            .map(|(start, file)| close(start, file, &kept))
            .collect();
        let mut inner = Inner {
            dir: self.dir,
            months: Vec::new(),
            kept,
            municipalities: municipalities.to_vec(),
            failed_sets: failed_sets.to_vec(),
            rows: 0,
            first: None,
            last: None,
            latest_response: None,
        };
        for d in done {
            let Some(m) = d? else { continue };
            inner.rows += m.facts.rows;
            inner.first.get_or_insert(m.facts.first);
            inner.last = Some(m.facts.last);
            inner.latest_response = inner.latest_response.max(m.facts.latest_response);
            inner.months.push(m);
        }
        Ok(SpilledMonths {
            inner: Arc::new(inner),
        })
    }
}

/// A month on disk: its file holds every row written, the dropped ones among them; `facts`
/// are of its kept rows.
#[derive(Debug)]
struct Month {
    start: Ms,
    path: PathBuf,
    facts: Facts,
}

/// Close a month's file: its counts as written when the rule kept every row of it, else
/// counted again over the kept rows; `None` when no row is left (the file removed).
fn close(start: Ms, mut file: MonthFile, kept: &Kept) -> io::Result<Option<Month>> {
    file.out.flush()?;
    drop(file.out);
    let facts = if kept.all(file.ords) {
        file.facts
    } else {
        let calls = read_month(&file.path, file.facts.rows, |o| kept.get(o))?;
        let mut f = Facts::NONE;
        for i in 0..calls.len() {
            f.see(calls.received[i], calls.responded[i]);
        }
        f
    };
    if facts.rows == 0 {
        std::fs::remove_file(&file.path)?;
        return Ok(None);
    }
    Ok(Some(Month {
        start,
        path: file.path,
        facts,
    }))
}

/// Call `i` of `calls` as a record, the `ordinal`-th accepted row.
fn encode(b: &mut Vec<u8>, calls: &Calls, i: usize, ordinal: u32) {
    let id = calls.ids.get(i);
    b.extend_from_slice(&calls.received[i].to_le_bytes());
    b.extend_from_slice(&calls.responded[i].to_le_bytes());
    b.extend_from_slice(&ordinal.to_le_bytes());
    b.extend_from_slice(&calls.municipality[i].to_le_bytes());
    b.extend_from_slice(&calls.failed[i].to_le_bytes());
    b.extend_from_slice(&(id.len() as u32).to_le_bytes());
    b.extend_from_slice(&calls.persons[i].to_le_bytes());
    b.push(calls.result[i] as u8);
    b.extend_from_slice(id.as_bytes());
}

/// Read a month's file, keeping the rows whose ordinal `keep` accepts; `rows`: how many it
/// keeps at most (the columns are allocated once).
fn read_month(path: &std::path::Path, rows: u64, keep: impl Fn(u32) -> bool) -> io::Result<Calls> {
    let file = File::open(path)?;
    let id_bytes = file.metadata()?.len().saturating_sub(rows * FIXED as u64);
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut calls = Calls::default();
    calls.reserve_exact(rows as usize, id_bytes as usize);
    let mut head = [0u8; FIXED];
    let mut id = Vec::new();
    let broken = || io::Error::new(io::ErrorKind::InvalidData, "a month spill file is broken");
    loop {
        match r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        let u32_at = |k: usize| u32::from_le_bytes(head[k..k + 4].try_into().unwrap_or_default());
        let i64_at = |k: usize| i64::from_le_bytes(head[k..k + 8].try_into().unwrap_or_default());
        let len = u32_at(28) as usize;
        id.resize(len, 0);
        r.read_exact(&mut id)?;
        if !keep(u32_at(16)) {
            continue;
        }
        let result = CallResult::ALL
            .get(usize::from(head[34]))
            .copied()
            .ok_or_else(broken)?;
        calls.received.push(i64_at(0));
        calls.responded.push(i64_at(8));
        calls.municipality.push(u32_at(20));
        calls.failed.push(u32_at(24));
        calls.persons.push(u16::from_le_bytes([head[32], head[33]]));
        calls.result.push(result);
        calls
            .ids
            .push(std::str::from_utf8(&id).map_err(|_| broken())?);
    }
    Ok(calls)
}

/// The calls sorted by (received, call_id) (M3.2; kept ids are unique): as they are when
/// the log was written in that order, as logs are.
fn sorted(calls: Calls) -> Calls {
    let before = |a: usize, b: usize| {
        (calls.received[a], calls.ids.get(a)) < (calls.received[b], calls.ids.get(b))
    };
    if (1..calls.len()).all(|i| before(i - 1, i)) {
        return calls;
    }
    let mut idx: Vec<usize> = (0..calls.len()).collect();
    idx.sort_unstable_by(|&a, &b| {
        (calls.received[a], calls.ids.get(a)).cmp(&(calls.received[b], calls.ids.get(b)))
    });
    calls.gather(idx)
}

#[derive(Debug)]
struct Inner {
    dir: tempfile::TempDir,
    /// In time order.
    months: Vec<Month>,
    kept: Kept,
    municipalities: Vec<String>,
    failed_sets: Vec<Vec<String>>,
    rows: u64,
    first: Option<Ms>,
    last: Option<Ms>,
    latest_response: Option<Ms>,
}

/// The spilled months, read back one at a time, deduplicated and sorted.
#[derive(Debug, Clone)]
pub struct SpilledMonths {
    inner: Arc<Inner>,
}

impl SpilledMonths {
    /// The months' starts, in time order.
    pub fn months(&self) -> impl Iterator<Item = Ms> + '_ {
        self.inner.months.iter().map(|m| m.start)
    }

    /// Month `k` (in the order of [`SpilledMonths::months`]) as calls with the builder's
    /// interned tables: the rows the rule kept, in (received, call_id) order.
    pub fn load(&self, k: usize) -> io::Result<Calls> {
        let kept = &self.inner.kept;
        let month = &self.inner.months[k];
        let mut calls = sorted(read_month(&month.path, month.facts.rows, |o| kept.get(o))?);
        calls.municipalities = self.inner.municipalities.clone();
        calls.failed_sets = self.inner.failed_sets.clone();
        Ok(calls)
    }

    /// Calls in the spilled months.
    pub fn rows(&self) -> u64 {
        self.inner.rows
    }

    /// The first and last `received_at` of the spilled calls.
    pub fn first_last(&self) -> (Option<Ms>, Option<Ms>) {
        (self.inner.first, self.inner.last)
    }

    /// The latest `responded_at` of the spilled calls (M2.14).
    pub fn latest_response(&self) -> Option<Ms> {
        self.inner.latest_response
    }

    /// Where the months are kept (for the cost in the bench notes).
    pub fn dir(&self) -> &std::path::Path {
        self.inner.dir.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls in any order over four local months (a DST switch and a month end at local
    /// midnight among them), with the report month held.
    fn sample() -> (Tz, Calls) {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let mut c = Calls {
            municipalities: vec!["K1".into(), "K2".into()],
            failed_sets: vec![vec![], vec!["FK".into()]],
            ..Calls::default()
        };
        let (feb, mar) = month_bounds(tz, 2026, 2);
        let (apr, _) = month_bounds(tz, 2026, 4);
        let times = [
            apr + 5,
            mar - 1,
            feb,
            mar,
            apr - 1,
            mar + 7,
            feb - 1,
            apr + 5,
            mar - 1,
        ];
        for (k, t) in times.into_iter().enumerate() {
            c.received.push(t);
            c.responded.push(if k % 3 == 0 { NO_TIME } else { t + 900 });
            c.result.push(CallResult::ALL[k % 5]);
            c.persons.push(k as u16 + 1);
            c.municipality.push((k % 2) as u32);
            c.failed.push((k % 2) as u32);
            c.ids.push(&format!("C-{}", 9 - k));
        }
        (tz, c)
    }

    #[test]
    fn months_come_back_sorted_deduplicated_and_whole() {
        let (tz, c) = sample();
        let hold = month_bounds(tz, 2026, 3);
        let mut spill = MonthSpill::new(tz, hold).unwrap();
        let mut held = Vec::new();
        for i in 0..c.len() {
            if spill.holds(c.received[i]) {
                held.push(i);
            } else {
                spill.push(&c, i, i as u32);
            }
        }
        // Ordinal 1 (the last millisecond of February) is dropped below.
        assert_eq!(spill.rows(), 6);
        assert_eq!(held, vec![3, 4, 5]);
        let keep: Vec<bool> = (0..c.len()).map(|ord| ord != 1).collect();
        let months = spill
            .finish(Kept::new(&keep), &c.municipalities, &c.failed_sets)
            .unwrap();
        let starts: Vec<Ms> = months.months().collect();
        let (jan, _) = month_bounds(tz, 2026, 1);
        let (feb, mar) = month_bounds(tz, 2026, 2);
        let (apr, _) = month_bounds(tz, 2026, 4);
        assert_eq!(starts, vec![jan, feb, apr]);
        let show = |m: &Calls| -> Vec<(Ms, String, u16)> {
            (0..m.len())
                .map(|i| (m.received[i], m.ids.get(i).to_string(), m.persons[i]))
                .collect()
        };
        assert_eq!(
            show(&months.load(0).unwrap()),
            vec![(feb - 1, "C-3".into(), 7)]
        );
        assert_eq!(
            show(&months.load(1).unwrap()),
            vec![(feb, "C-7".into(), 3), (mar - 1, "C-1".into(), 9)]
        );
        // April: equal instants ordered by id; every column survives the trip.
        let april = months.load(2).unwrap();
        assert_eq!(
            show(&april),
            vec![(apr + 5, "C-2".into(), 8), (apr + 5, "C-9".into(), 1)]
        );
        assert_eq!(april.result, vec![CallResult::Error, CallResult::Ok]);
        assert_eq!(april.responded, vec![apr + 5 + 900, NO_TIME]);
        assert_eq!(april.municipality, vec![1, 0]);
        assert_eq!(april.failed, vec![1, 0]);
        assert_eq!(april.municipalities, c.municipalities);
        assert_eq!(months.rows(), 5);
        assert_eq!(months.first_last(), (Some(feb - 1), Some(apr + 5)));
        assert_eq!(months.latest_response(), Some(apr + 5 + 900));
        let dir = months.dir().to_path_buf();
        drop(months);
        assert!(!dir.exists(), "the spill's directory goes with it");
    }

    /// Hand-computed: the counts of a month the rule kept whole are the ones written; a month
    /// that lost its first call, its last call and its latest response is counted again; a
    /// month that lost every call is gone.
    #[test]
    fn counts_follow_the_verdicts() {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let (jan, feb) = month_bounds(tz, 2026, 1);
        let (_, mar) = month_bounds(tz, 2026, 2);
        // (received, responded): January 0..3, February 3..6, March 6..7.
        let rows = [
            (jan + 10, jan + 99),
            (jan + 5, NO_TIME),
            (feb - 1, feb - 1),
            (feb, mar + 50),
            (feb + 20, feb + 30),
            (mar - 1, mar - 1),
            (mar + 1, mar + 2),
        ];
        let mut c = Calls::default();
        for (k, &(r, s)) in rows.iter().enumerate() {
            c.received.push(r);
            c.responded.push(s);
            c.result.push(CallResult::Ok);
            c.persons.push(1);
            c.municipality.push(0);
            c.failed.push(0);
            c.ids.push(&format!("C-{k}"));
        }
        let held = month_bounds(tz, 2026, 4);
        let mut spill = MonthSpill::new(tz, held).unwrap();
        for i in 0..c.len() {
            assert!(!spill.holds(c.received[i]));
            spill.push(&c, i, i as u32);
        }
        // February loses its first call (with the latest response) and its last; March all.
        let keep = [true, true, true, false, true, false, false];
        let months = spill.finish(Kept::new(&keep), &[], &[]).unwrap();
        assert_eq!(months.months().collect::<Vec<_>>(), vec![jan, feb]);
        assert_eq!(months.rows(), 4);
        assert_eq!(months.first_last(), (Some(jan + 5), Some(feb + 20)));
        assert_eq!(months.latest_response(), Some(feb + 30));
        let feb_calls = months.load(1).unwrap();
        assert_eq!(feb_calls.received, vec![feb + 20]);
        assert_eq!(feb_calls.ids.get(0), "C-4");
        // January: sorted as read back, every row kept.
        let jan_calls = months.load(0).unwrap();
        assert_eq!(jan_calls.received, vec![jan + 5, jan + 10, feb - 1]);
        assert_eq!(jan_calls.responded, vec![NO_TIME, jan + 99, feb - 1]);
    }

    /// The verdicts' bits: any range, across words, and ordinals beyond the verdicts.
    #[test]
    fn kept_bits() {
        let keep: Vec<bool> = (0..200).map(|o| o % 67 != 66).collect();
        let k = Kept::new(&keep);
        for o in 0..200u32 {
            assert_eq!(k.get(o), keep[o as usize], "{o}");
        }
        assert!(!k.get(200) && !k.get(u32::MAX));
        for lo in 0..200u32 {
            for hi in lo..205u32 {
                let want = (lo..=hi).all(|o| keep.get(o as usize) == Some(&true));
                assert_eq!(k.all((lo, hi)), want, "{lo}..={hi}");
            }
        }
    }
}
