//! Spill files: records written to unnamed temporary files (removed by the system when closed,
//! even if the process dies) and read back in runs. Used where a big call log would otherwise
//! hold a state per row in memory: the duplicate rule's rows (M2.9) and the rejected rows
//! (M2.7, M2.10). Records are little-endian fields written by their owners; a [`Reader`] reads
//! one run with its own buffer and offset (positioned reads), so many runs of one file merge at
//! once ([`Merge`]).
//!
//! The `&'static str` a reject carries (its column and reason) is written as an index into one
//! process-wide table of such texts ([`Statics`]): a few dozen entries, never output.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::{Arc, Mutex};

/// Bytes buffered per run while reading, and per spill file while writing.
const BUF: usize = 1 << 15;

/// A new unnamed temporary file (in `TMPDIR`, else the system's temporary directory).
pub fn temp() -> io::Result<File> {
    tempfile::tempfile()
}

/// Runs of records written one after another into one temporary file.
#[derive(Debug)]
pub struct RunWriter {
    w: BufWriter<File>,
    written: u64,
    start: u64,
    bounds: Vec<(u64, u64)>,
}

impl RunWriter {
    pub fn new() -> io::Result<Self> {
        Ok(RunWriter {
            w: BufWriter::with_capacity(BUF, temp()?),
            written: 0,
            start: 0,
            bounds: Vec::new(),
        })
    }

    /// Append bytes to the current run.
    pub fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.w.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Close the current run (an empty one is not recorded).
    pub fn end_run(&mut self) {
        if self.written > self.start {
            self.bounds.push((self.start, self.written));
        }
        self.start = self.written;
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The runs, to be read.
    pub fn finish(mut self) -> io::Result<Runs> {
        self.end_run();
        let file = self.w.into_inner().map_err(|e| e.into_error())?;
        Ok(Runs {
            file: Arc::new(file),
            bounds: self.bounds,
        })
    }
}

/// Runs written by a [`RunWriter`]: read any of them, any number of times, at once.
#[derive(Debug, Clone)]
pub struct Runs {
    file: Arc<File>,
    bounds: Vec<(u64, u64)>,
}

impl Runs {
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// The bytes `start..end` of the file (a run's part) as one reader.
    pub fn range(&self, start: u64, end: u64) -> Reader {
        Reader {
            file: Arc::clone(&self.file),
            pos: start,
            end,
            buf: Vec::new(),
            at: 0,
            len: 0,
        }
    }

    /// Run `i`.
    pub fn reader(&self, i: usize) -> Reader {
        let (s, e) = self.bounds[i];
        self.range(s, e)
    }

    /// Every run's reader, in order.
    pub fn readers(&self) -> Vec<Reader> {
        (0..self.len()).map(|i| self.reader(i)).collect()
    }
}

/// Reads one byte range of a spill file through its own buffer.
#[derive(Debug)]
pub struct Reader {
    file: Arc<File>,
    /// The file offset of the byte after the bytes read (`buf[..len]`).
    pos: u64,
    end: u64,
    /// Zeroed once when grown, then read into as it is: `buf[at..len]` are the unread bytes.
    buf: Vec<u8>,
    at: usize,
    len: usize,
}

impl Reader {
    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        self.at == self.len && self.pos == self.end
    }

    /// Move the unread bytes to the front and read as many more as fit, with room for at
    /// least `need` bytes (a buffer of [`BUF`], or of the run if shorter, or of a longer
    /// record): no byte is zeroed again before it is read over.
    fn fill(&mut self, need: usize) -> io::Result<()> {
        let keep = self.len - self.at;
        self.buf.copy_within(self.at..self.len, 0);
        self.at = 0;
        self.len = keep;
        let rest = self.end - self.pos;
        let room = need.max(BUF.min(keep.saturating_add(rest as usize)));
        if self.buf.len() < room {
            self.buf.resize(room, 0);
        }
        let n = ((self.buf.len() - keep) as u64).min(rest) as usize;
        read_at(&self.file, &mut self.buf[keep..keep + n], self.pos)?;
        self.pos += n as u64;
        self.len += n;
        Ok(())
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        let held = self.len - self.at;
        if held < n {
            if self.end - self.pos < (n - held) as u64 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "spill file: record cut short",
                ));
            }
            self.fill(n)?;
        }
        let s = &self.buf[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    pub fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn u16(&mut self) -> io::Result<u16> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or_default(),
        ))
    }

    pub fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }

    pub fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or_default(),
        ))
    }

    /// A length-prefixed (u32) text written by [`put_str`].
    pub fn str_into(&mut self, out: &mut String) -> io::Result<()> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        out.clear();
        out.push_str(
            std::str::from_utf8(b).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?,
        );
        Ok(())
    }
}

/// Append a length-prefixed (u32) text to `buf`.
pub fn put_str(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
    buf.extend_from_slice(s.as_bytes());
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, off)
}

#[cfg(not(unix))]
fn read_at(f: &File, buf: &mut [u8], mut off: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut buf = buf;
    while !buf.is_empty() {
        let n = f.seek_read(buf, off)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        off += n as u64;
    }
    Ok(())
}

/// Sorted runs merged into one sorted stream: `decode` reads a record, `key` orders them; equal
/// keys come in run order.
pub struct Merge<T, K: Ord, D, F> {
    readers: Vec<Reader>,
    heads: Vec<Option<T>>,
    heap: BinaryHeap<Reverse<(K, usize)>>,
    decode: D,
    key: F,
    started: bool,
}

impl<T, K, D, F> Merge<T, K, D, F>
where
    K: Ord,
    D: FnMut(&mut Reader) -> io::Result<T>,
    F: Fn(&T) -> K,
{
    pub fn new(readers: Vec<Reader>, decode: D, key: F) -> Self {
        let heads = readers.iter().map(|_| None).collect();
        Merge {
            readers,
            heads,
            heap: BinaryHeap::new(),
            decode,
            key,
            started: false,
        }
    }

    fn advance(&mut self, i: usize) -> io::Result<()> {
        if !self.readers[i].done() {
            let t = (self.decode)(&mut self.readers[i])?;
            self.heap.push(Reverse(((self.key)(&t), i)));
            self.heads[i] = Some(t);
        }
        Ok(())
    }

    fn next_record(&mut self) -> io::Result<Option<T>> {
        if !self.started {
            self.started = true;
            for i in 0..self.readers.len() {
                self.advance(i)?;
            }
        }
        let Some(Reverse((_, i))) = self.heap.pop() else {
            return Ok(None);
        };
        let t = self.heads[i].take();
        self.advance(i)?;
        Ok(t)
    }
}

impl<T, K, D, F> Iterator for Merge<T, K, D, F>
where
    K: Ord,
    D: FnMut(&mut Reader) -> io::Result<T>,
    F: Fn(&T) -> K,
{
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<io::Result<T>> {
        match self.next_record() {
            Ok(t) => t.map(Ok),
            Err(e) => {
                // One error ends the stream.
                self.heap.clear();
                Some(Err(e))
            }
        }
    }
}

/// The process-wide table of `&'static str` written to spill files by index.
static TABLE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// Indexes of `&'static str`s for one writer (a local cache in front of the shared table).
#[derive(Debug, Default)]
pub struct Statics {
    local: Vec<(&'static str, u16)>,
}

impl Statics {
    /// The index of `s` (equal texts share one index).
    pub fn index(&mut self, s: &'static str) -> u16 {
        if let Some(&(_, i)) = self.local.iter().find(|(t, _)| std::ptr::eq(*t, s)) {
            return i;
        }
        let mut t = TABLE.lock().unwrap_or_else(|e| e.into_inner());
        let i = match t.iter().position(|x| *x == s) {
            Some(i) => i,
            None => {
                t.push(s);
                t.len() - 1
            }
        };
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        self.local.push((s, i));
        i
    }
}

/// The texts of the table, by index (every index written so far).
pub fn statics() -> Arc<[&'static str]> {
    let t = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    Arc::from(t.as_slice())
}

/// The text of index `i` in a [`statics`] snapshot.
pub fn static_at(table: &[&'static str], i: u16) -> io::Result<&'static str> {
    table
        .get(usize::from(i))
        .copied()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "spill file: unknown text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_in_key_order_with_ties_in_run_order() {
        let mut w = RunWriter::new().unwrap();
        for run in [
            &[(1u64, 0u8), (4, 0), (9, 0)][..],
            &[],
            &[(1, 1), (2, 1)],
            &[(0, 2)],
        ] {
            for (k, tag) in run {
                w.put(&k.to_le_bytes()).unwrap();
                w.put(&[*tag]).unwrap();
            }
            w.end_run();
        }
        let runs = w.finish().unwrap();
        assert_eq!(runs.len(), 3, "the empty run is not recorded");
        let decode = |r: &mut Reader| Ok((r.u64()?, r.u8()?));
        for _ in 0..2 {
            let got: Vec<(u64, u8)> = Merge::new(runs.readers(), decode, |t: &(u64, u8)| t.0)
                .collect::<io::Result<_>>()
                .unwrap();
            assert_eq!(got, [(0, 2), (1, 0), (1, 1), (2, 1), (4, 0), (9, 0)]);
        }
    }

    #[test]
    fn long_records_cross_the_buffer_and_texts_round_trip() {
        let mut w = RunWriter::new().unwrap();
        let long = "é".repeat(BUF);
        let mut b = Vec::new();
        for s in ["", "a", long.as_str(), "z"] {
            put_str(&mut b, s);
        }
        w.put(&b).unwrap();
        let runs = w.finish().unwrap();
        let mut r = runs.reader(0);
        let mut s = String::new();
        for want in ["", "a", long.as_str(), "z"] {
            r.str_into(&mut s).unwrap();
            assert_eq!(s, want);
        }
        assert!(r.done());
        assert!(r.u8().is_err(), "reading past the end is an error");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Records of any length (up to three buffers), in runs read back in any order and
        /// in pieces of any size, are the bytes written: the buffer is refilled, moved and
        /// grown correctly, and a run ends where it ends.
        #[test]
        fn runs_read_back_as_written(
            runs in proptest::collection::vec(
                proptest::collection::vec((0usize..3 * BUF, 0u8..=255), 0..12), 1..4),
            pieces in proptest::collection::vec(1usize..2 * BUF, 1..8),
        ) {
            let mut w = RunWriter::new().unwrap();
            let mut written = Vec::new();
            for run in &runs {
                let mut bytes = Vec::new();
                for &(len, fill) in run {
                    bytes.extend(std::iter::repeat_n(fill, len).enumerate().map(|(i, b)| b ^ i as u8));
                }
                w.put(&bytes).unwrap();
                w.end_run();
                if !bytes.is_empty() {
                    written.push(bytes);
                }
            }
            let runs = w.finish().unwrap();
            proptest::prop_assert_eq!(runs.len(), written.len());
            for i in (0..runs.len()).rev() {
                let mut r = runs.reader(i);
                let mut got = Vec::new();
                let mut k = 0;
                while !r.done() {
                    let left = written[i].len() - got.len();
                    let n = pieces[k % pieces.len()].min(left);
                    got.extend_from_slice(r.take(n).unwrap());
                    k += 1;
                }
                proptest::prop_assert!(got == written[i], "run {} differs", i);
                proptest::prop_assert!(r.take(1).is_err());
            }
        }
    }

    #[test]
    fn statics_round_trip() {
        let mut s = Statics::default();
        let (a, b) = (s.index("persons"), s.index("duplicate"));
        assert_eq!(s.index("persons"), a);
        let t = statics();
        assert_eq!(static_at(&t, a).unwrap(), "persons");
        assert_eq!(static_at(&t, b).unwrap(), "duplicate");
        assert!(static_at(&t, u16::MAX).is_err());
    }
}
