//! Parquet read in a child process, so that polars aborting on a corrupt file is an error,
//! not the end of the run.
//!
//! polars 0.55 aborts the process on some corrupt Parquet files — "memory allocation of N
//! bytes failed" for a corrupt length, an unchecked-slice precondition for a corrupt row-group
//! range (counted in fuzz/README.md) — and an abort cannot be caught in-process. The binary
//! therefore reads Parquet by running itself as `slareport __read-parquet FILE COLUMN…`: the
//! child does the polars read ([`super::frames::for_each_batch`] in-process) and streams the
//! projected text columns back on stdout; the parent rebuilds the same [`TextBatch`]es. A child
//! that dies (signal, abort) or fails becomes an error naming the file; rows and rejects are
//! those of an in-process read.
//!
//! Which way a file is read is part of the request ([`ParquetReader`], a field of
//! [`super::InputFiles`]): `main` asks for the child; the library's default (tests, and the
//! child itself) reads in-process. [`for_each_batch`] is the one entry for Parquet and NDJSON:
//! NDJSON is read by [`super::ndjson`], Parquet in-process by [`super::frames`] or here.
//!
//! Stream: header = u32 count, then that many strings (u32 length + UTF-8); then one byte per
//! wanted column (present); then batches: `1`, u64 first row, u64 rows, u64 payload bytes,
//! and the payload: per present column every value (u32 length + bytes, `u32::MAX` for null);
//! `0` ends the stream. The parent takes a batch's payload whole ([`RawBatch`]) and the call
//! reader's converters decode them on every core (decoding every value on the one
//! thread that reads the pipe made a Parquet year slower than CSV).

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use polars::prelude::{PlSmallStr, StringChunkedBuilder};

use super::frames::{self, TextBatch};
use super::source::{Format, Record, Table};

/// The hidden first argument that makes the binary a Parquet reader.
pub const CHILD_ARG: &str = "__read-parquet";

/// How Parquet files are read: part of the request ([`super::InputFiles::parquet`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ParquetReader {
    /// In this process (the library's default: tests, and the child itself).
    #[default]
    InProcess,
    /// By running this binary (`exe`) as `slareport __read-parquet FILE COLUMN…`: a polars
    /// abort on a corrupt file ends the child, not the run (what `main` asks for).
    Child(PathBuf),
}

/// Read `wanted` columns of a Parquet or NDJSON file in batches of text: `on_header` sees the
/// file's columns and which wanted ones it has, then `f` each batch with the 1-based row
/// number of its first row. Returns the file's columns.
pub fn for_each_batch(
    reader: &ParquetReader,
    path: &str,
    format: Format,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(&TextBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    match (format, reader) {
        (Format::Ndjson, _) => {
            // Read as text against the wanted columns, never with an inferred schema.
            let n = super::ndjson::read(path, wanted)?;
            on_header(&n.header, &n.present)?;
            f(&n.batch, 1)?;
            Ok(n.header)
        }
        (_, ParquetReader::Child(exe)) => {
            for_each_raw_batch(exe, path, wanted, on_header, |raw, first| {
                f(&raw.to_text(wanted)?, first)
            })
        }
        (_, ParquetReader::InProcess) => frames::for_each_batch(path, wanted, on_header, f),
    }
}

/// Read a Parquet or NDJSON file into a projected table (small inputs). The line of a record is
/// its 1-based row number (Parquet) or its line in the file (NDJSON). Every row is a record,
/// even one whose wanted fields are all empty (`{}`): it is rejected for what it lacks (blank
/// NDJSON lines are no rows at all).
pub fn read_table(
    reader: &ParquetReader,
    path: &str,
    format: Format,
    wanted: &[String],
) -> anyhow::Result<Table> {
    let mut records = Vec::new();
    let mut present = vec![false; wanted.len()];
    let header = for_each_batch(
        reader,
        path,
        format,
        wanted,
        |_, p| {
            present = p.to_vec();
            Ok(())
        },
        |b, first| {
            push_records(b, first, &mut records);
            Ok(())
        },
    )?;
    Ok(Table {
        header,
        wanted: wanted.to_vec(),
        present,
        records,
    })
}

/// A batch's rows as records (the batch's first row is row `first`).
pub fn push_records(b: &TextBatch, first: u64, records: &mut Vec<Record>) {
    b.for_each_row(|i, row| {
        records.push(Record {
            line: b.line(first, i),
            fields: row.iter().map(|s| s.to_string()).collect(),
            bad_len: None,
            invalid_utf8: false,
        });
    });
}

/// The child's side: read `path`'s `wanted` columns and write the stream to stdout.
pub fn serve(path: &str, wanted: &[String]) -> anyhow::Result<()> {
    crate::output::fault_point("parquet-child");
    let out = std::cell::RefCell::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock()));
    let io = |e: std::io::Error| anyhow::anyhow!("{path}: cannot pass rows on: {e}");
    frames::for_each_batch(
        path,
        wanted,
        |header, present| write_header(&mut *out.borrow_mut(), header, present).map_err(io),
        |b, first| write_batch(&mut *out.borrow_mut(), b, first).map_err(io),
    )?;
    let mut out = out.into_inner();
    out.write_all(&[0]).and_then(|()| out.flush()).map_err(io)
}

fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    w.write_all(&(s.len() as u32).to_le_bytes())?;
    w.write_all(s.as_bytes())
}

fn write_header(w: &mut impl Write, header: &[String], present: &[bool]) -> std::io::Result<()> {
    w.write_all(&(header.len() as u32).to_le_bytes())?;
    for h in header {
        put_str(w, h)?;
    }
    w.write_all(&present.iter().map(|&p| u8::from(p)).collect::<Vec<u8>>())
}

fn write_batch(w: &mut impl Write, b: &TextBatch, first: u64) -> std::io::Result<()> {
    let mut payload = Vec::new();
    for c in b.columns.iter().flatten() {
        for v in c.iter() {
            match v {
                Some(s) => put_str(&mut payload, s)?,
                None => payload.extend_from_slice(&u32::MAX.to_le_bytes()),
            }
        }
    }
    w.write_all(&[1])?;
    w.write_all(&first.to_le_bytes())?;
    w.write_all(&(b.len as u64).to_le_bytes())?;
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(&payload)
}

/// One batch as the child sent it: every present column's values, not yet decoded.
pub struct RawBatch {
    payload: Vec<u8>,
    pub len: usize,
    /// Per wanted column, whether the file has it (and the payload its values).
    present: Vec<bool>,
}

impl RawBatch {
    /// Every value of the payload, column after column (`None` for null); checked to be
    /// exactly `len` values per present column, each UTF-8.
    fn values(&self) -> anyhow::Result<Vec<Option<&str>>> {
        let columns = self.present.iter().filter(|&&p| p).count();
        // Every value takes at least its 4-byte length: a row count the payload cannot hold
        // is a broken stream, not an allocation.
        let count = self.len.checked_mul(columns).ok_or(Truncated)?;
        if count > self.payload.len() / 4 {
            return Err(Truncated.into());
        }
        let mut out = Vec::with_capacity(count);
        let mut rest: &[u8] = &self.payload;
        let mut scratch = Vec::new();
        for _ in 0..count {
            // Offsets in the payload, not copies: the scratch is only for the length.
            let at = self.payload.len() - rest.len();
            if !get_value(&mut rest, &mut scratch)? {
                out.push(None);
                continue;
            }
            let start = at + 4;
            out.push(Some(as_text(&self.payload[start..start + scratch.len()])?));
        }
        if !rest.is_empty() {
            return Err(Truncated.into());
        }
        Ok(out)
    }

    /// Iterate rows, filling `row` with the fields of each (empty for nulls and absent
    /// columns), as [`TextBatch::for_each_row`] does.
    pub fn for_each_row(&self, mut f: impl FnMut(usize, &[&str])) -> anyhow::Result<()> {
        let values = self.values()?;
        let mut row: Vec<&str> = Vec::with_capacity(self.present.len());
        for i in 0..self.len {
            row.clear();
            let mut k = 0;
            for &p in &self.present {
                row.push(if p {
                    k += 1;
                    values[(k - 1) * self.len + i].unwrap_or("")
                } else {
                    ""
                });
            }
            f(i, &row);
        }
        Ok(())
    }

    /// The batch as polars text columns (nulls kept).
    fn to_text(&self, wanted: &[String]) -> anyhow::Result<TextBatch> {
        let values = self.values()?;
        let mut columns = Vec::with_capacity(wanted.len());
        let mut k = 0;
        for (w, &p) in wanted.iter().zip(&self.present) {
            if !p {
                columns.push(None);
                continue;
            }
            let mut b = StringChunkedBuilder::new(PlSmallStr::from(w.as_str()), self.len);
            for v in &values[k * self.len..(k + 1) * self.len] {
                b.append_option(*v);
            }
            k += 1;
            columns.push(Some(b.finish()));
        }
        Ok(TextBatch {
            columns,
            len: self.len,
            lines: None,
        })
    }
}

/// [`for_each_batch`] with the batches as the child sent them, to be decoded by the caller
/// (on other threads: [`RawBatch::for_each_row`]).
pub fn for_each_raw_batch(
    exe: &PathBuf,
    path: &str,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(RawBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    let mut child = Command::new(exe)
        .arg(CHILD_ARG)
        .arg(path)
        .args(wanted)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("{path}: cannot start the Parquet reader: {e}"))?;
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut r = BufReader::with_capacity(1 << 20, child.stdout.take().expect("piped stdout"));
    let read = receive(&mut r, wanted, on_header, &mut f);
    drop(r);
    if read.is_err() {
        // Stopped by an error of ours (a missing column) or by the child's end: no more rows.
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| anyhow::anyhow!("{path}: the Parquet reader: {e}"))?;
    let stderr = errors.join().unwrap_or_default();
    match read {
        Ok(header) if status.success() => Ok(header),
        Err(e) if e.downcast_ref::<Truncated>().is_none() => Err(e),
        _ => Err(child_failure(path, status, &stderr)),
    }
}

/// The stream ended early: the child failed (its exit status says how).
#[derive(Debug)]
struct Truncated;

impl std::fmt::Display for Truncated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the Parquet reader's output ended early")
    }
}

impl std::error::Error for Truncated {}

/// The error for a child that failed: its own message, or how it died.
fn child_failure(path: &str, status: std::process::ExitStatus, stderr: &str) -> anyhow::Error {
    use std::os::unix::process::ExitStatusExt;
    if let Some(msg) = stderr.lines().rev().find_map(|l| l.strip_prefix("error: ")) {
        return anyhow::anyhow!("{msg}");
    }
    let how = match status.signal() {
        Some(sig) => format!("was killed by signal {sig}"),
        None => format!("ended with {status}"),
    };
    // What it said before dying: a panic's location and message, or the allocator's complaint.
    let said: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("note:"))
        .take(2)
        .collect();
    let said = if said.is_empty() {
        String::new()
    } else {
        format!(": {}", said.join(" ").chars().take(400).collect::<String>())
    };
    anyhow::anyhow!("{path}: cannot read: the file is corrupt (the Parquet reader {how}{said})")
}

fn take<const N: usize>(r: &mut impl Read) -> anyhow::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b).map_err(|_| Truncated)?;
    Ok(b)
}

/// Read one value into `scratch`: `false` for null.
fn get_value(r: &mut impl Read, scratch: &mut Vec<u8>) -> anyhow::Result<bool> {
    let n = u32::from_le_bytes(take(r)?);
    if n == u32::MAX {
        return Ok(false);
    }
    scratch.resize(n as usize, 0);
    r.read_exact(scratch).map_err(|_| Truncated)?;
    Ok(true)
}

fn as_text(scratch: &[u8]) -> anyhow::Result<&str> {
    Ok(std::str::from_utf8(scratch).map_err(|_| Truncated)?)
}

fn receive(
    r: &mut impl Read,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    f: &mut impl FnMut(RawBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    let mut scratch = Vec::new();
    let n = u32::from_le_bytes(take(r)?) as usize;
    // The child checked the schema's width; a longer header is a broken stream.
    if n > super::limits::MAX_COLUMNS {
        return Err(Truncated.into());
    }
    let mut header = Vec::with_capacity(n);
    for _ in 0..n {
        if !get_value(r, &mut scratch)? {
            return Err(Truncated.into());
        }
        header.push(as_text(&scratch)?.to_string());
    }
    let mut present = vec![false; wanted.len()];
    for p in present.iter_mut() {
        *p = take::<1>(r)?[0] == 1;
    }
    on_header(&header, &present)?;
    loop {
        if take::<1>(r)?[0] == 0 {
            return Ok(header);
        }
        let first = u64::from_le_bytes(take(r)?);
        let len = u64::from_le_bytes(take(r)?) as usize;
        let bytes = u64::from_le_bytes(take(r)?);
        // Grown as bytes arrive (a broken length cannot allocate more than was sent).
        let mut payload = Vec::with_capacity(bytes.min(64 << 20) as usize);
        r.by_ref()
            .take(bytes)
            .read_to_end(&mut payload)
            .map_err(|_| Truncated)?;
        if payload.len() as u64 != bytes {
            return Err(Truncated.into());
        }
        let batch = RawBatch {
            payload,
            len,
            present: present.clone(),
        };
        f(batch, first)?;
    }
}
