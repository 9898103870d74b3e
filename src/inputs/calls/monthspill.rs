//! The calls of months other than the report month, on disk (M12.7): a run over any span of
//! months holds only the report month's calls in memory; every other accepted call is written,
//! as it is read, to a file of its local month, and read back one month at a time.
//!
//! - [`MonthSpill`] takes rows as the builder appends them: columns with their interned
//!   indexes already final (the builder's tables), the id, and the row's ordinal among the
//!   accepted rows (the duplicate rule's verdicts are by ordinal, M2.9).
//! - [`MonthSpill::finish`] drops the rows the duplicate rule rejected, sorts each month by
//!   (received, call_id) (M3.2) and writes it again in that order, one month in memory at a
//!   time, and notes what the inputs' summaries need of the whole log (rows, first and last
//!   call, latest response: M2.14).
//! - [`SpilledMonths::load`] gives one month as [`Calls`] with the builder's interned tables.
//!
//! Cost: every spilled call is written twice and read twice (once to sort, once for the
//! figures), about 40 bytes and its id each time; memory is one month's calls.

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

/// One month's file while rows are written.
#[derive(Debug)]
struct MonthFile {
    path: PathBuf,
    out: BufWriter<File>,
    rows: u64,
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
                v.insert(MonthFile { path, out, rows: 0 })
            }
        };
        file.out.write_all(&self.buf)?;
        file.rows += 1;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.months.values().map(|m| m.rows).sum()
    }

    /// Drop the rows `keep(ordinal)` rejects, sort every month and write it again (one month
    /// in memory at a time); `municipalities` and `failed_sets` are the builder's final tables.
    pub fn finish(
        self,
        keep: impl Fn(u32) -> bool + Sync,
        municipalities: &[String],
        failed_sets: &[Vec<String>],
    ) -> io::Result<SpilledMonths> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut inner = Inner {
            dir: self.dir,
            months: Vec::new(),
            municipalities: municipalities.to_vec(),
            failed_sets: failed_sets.to_vec(),
            rows: 0,
            first: None,
            last: None,
            latest_response: None,
        };
        // Each month on its own: two at a time on two cores, one month each in memory.
        use rayon::prelude::*;
        let files: Vec<(Ms, MonthFile)> = self.months.into_iter().collect();
        let done: Vec<io::Result<Option<MonthDone>>> = files
            .into_par_iter()
            .with_max_len(1)
            .map(|(start, file)| settle(start, file, &keep))
            .collect();
        for d in done {
            let Some(d) = d? else { continue };
            inner.rows += d.rows;
            inner.first.get_or_insert(d.first);
            inner.last = Some(d.last);
            inner.latest_response = inner.latest_response.max(d.latest_response);
            inner.months.push((d.start, d.path, d.rows));
        }
        Ok(SpilledMonths {
            inner: Arc::new(inner),
        })
    }
}

/// A month settled on disk: kept, sorted, written again.
struct MonthDone {
    start: Ms,
    path: PathBuf,
    rows: u64,
    first: Ms,
    last: Ms,
    latest_response: Option<Ms>,
}

/// Drop the rows `keep` rejects from a month's file, sort it and write it again; `None` when
/// no row is left.
fn settle(
    start: Ms,
    mut file: MonthFile,
    keep: &(impl Fn(u32) -> bool + Sync),
) -> io::Result<Option<MonthDone>> {
    file.out.flush()?;
    drop(file.out);
    let calls = sorted(read_month(&file.path, keep)?);
    std::fs::remove_file(&file.path)?;
    if calls.is_empty() {
        return Ok(None);
    }
    let mut out = BufWriter::with_capacity(1 << 16, File::create(&file.path)?);
    let mut buf = Vec::new();
    for i in 0..calls.len() {
        buf.clear();
        encode(&mut buf, &calls, i, 0);
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(Some(MonthDone {
        start,
        path: file.path,
        rows: calls.len() as u64,
        first: calls.received[0],
        last: calls.received[calls.len() - 1],
        latest_response: calls
            .responded
            .iter()
            .copied()
            .filter(|&t| t != NO_TIME)
            .max(),
    }))
}

/// Call `i` of `calls` as a record, the `ordinal`-th accepted row (0 once settled).
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

/// Read a month's file, keeping the rows whose ordinal `keep` accepts.
fn read_month(path: &std::path::Path, keep: impl Fn(u32) -> bool) -> io::Result<Calls> {
    let mut r = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut calls = Calls::default();
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

/// The calls sorted by (received, call_id) (M3.2; kept ids are unique).
fn sorted(calls: Calls) -> Calls {
    let mut idx: Vec<usize> = (0..calls.len()).collect();
    idx.sort_unstable_by(|&a, &b| {
        (calls.received[a], calls.ids.get(a)).cmp(&(calls.received[b], calls.ids.get(b)))
    });
    if idx.iter().enumerate().all(|(k, &i)| k == i) {
        return calls;
    }
    calls.gather(idx)
}

#[derive(Debug)]
struct Inner {
    dir: tempfile::TempDir,
    /// Month start, file, rows: in time order.
    months: Vec<(Ms, PathBuf, u64)>,
    municipalities: Vec<String>,
    failed_sets: Vec<Vec<String>>,
    rows: u64,
    first: Option<Ms>,
    last: Option<Ms>,
    latest_response: Option<Ms>,
}

/// The spilled months, deduplicated and sorted, read back one at a time.
#[derive(Debug, Clone)]
pub struct SpilledMonths {
    inner: Arc<Inner>,
}

impl SpilledMonths {
    /// The months' starts, in time order.
    pub fn months(&self) -> impl Iterator<Item = Ms> + '_ {
        self.inner.months.iter().map(|m| m.0)
    }

    /// Month `k` (in the order of [`SpilledMonths::months`]) as calls with the builder's
    /// interned tables.
    pub fn load(&self, k: usize) -> io::Result<Calls> {
        let (_, path, _) = &self.inner.months[k];
        let mut calls = read_month(path, |_| true)?;
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
        let months = spill
            .finish(|ord| ord != 1, &c.municipalities, &c.failed_sets)
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
}
