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
//! wanted column (present); then batches: `1`, u64 first row, u64 rows, and per present
//! column its [`TextBatch`] buffer as it is: u64 text bytes, the text, and one u64 end offset
//! per row; `0` ends the stream. The parent checks each buffer (UTF-8, offsets in order and on
//! character boundaries) and hands the batch on as it came: nothing is decoded value by value.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::frames::{self, TextBatch, PARQUET_BATCH};
use super::model::StrArena;
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
    mut f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    match (format, reader) {
        (Format::Ndjson, _) => {
            // Read as text against the wanted columns, never with an inferred schema.
            let n = super::ndjson::read(path, wanted)?;
            on_header(&n.header, &n.present)?;
            f(n.batch, 1)?;
            Ok(n.header)
        }
        (_, ParquetReader::Child(exe)) => read_in_child(exe, path, wanted, on_header, f),
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
            push_records(&b, first, &mut records);
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
    crate::fault::fault_point("parquet-child");
    let out = std::cell::RefCell::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock()));
    let io = |e: std::io::Error| anyhow::anyhow!("{path}: cannot pass rows on: {e}");
    frames::for_each_batch(
        path,
        wanted,
        |header, present| write_header(&mut *out.borrow_mut(), header, present).map_err(io),
        |b, first| write_batch(&mut *out.borrow_mut(), &b, first).map_err(io),
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
    w.write_all(&[1])?;
    w.write_all(&first.to_le_bytes())?;
    w.write_all(&(b.len as u64).to_le_bytes())?;
    for c in b.columns.iter().flatten() {
        w.write_all(&(c.bytes.len() as u64).to_le_bytes())?;
        w.write_all(c.bytes.as_bytes())?;
        for e in &c.ends {
            w.write_all(&(*e as u64).to_le_bytes())?;
        }
    }
    Ok(())
}

/// The parent's side of [`for_each_batch`] for a Parquet file: the child `exe` reads it.
fn read_in_child(
    exe: &PathBuf,
    path: &str,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
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

/// Up to `n` bytes, grown as they arrive (a broken length cannot allocate more than was
/// sent); fewer is a broken stream.
fn take_bytes(r: &mut impl Read, n: u64) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(n.min(64 << 20) as usize);
    r.by_ref()
        .take(n)
        .read_to_end(&mut out)
        .map_err(|_| Truncated)?;
    if out.len() as u64 != n {
        return Err(Truncated.into());
    }
    Ok(out)
}

/// One text: u32 length, then UTF-8.
fn take_text(r: &mut impl Read) -> anyhow::Result<String> {
    let n = u32::from_le_bytes(take(r)?);
    Ok(String::from_utf8(take_bytes(r, u64::from(n))?).map_err(|_| Truncated)?)
}

/// One column of `rows` values as [`write_batch`] wrote it, checked to be whole text.
fn take_column(r: &mut impl Read, rows: usize) -> anyhow::Result<StrArena> {
    let n = u64::from_le_bytes(take(r)?);
    let bytes = String::from_utf8(take_bytes(r, n)?).map_err(|_| Truncated)?;
    let ends = take_bytes(r, rows as u64 * 8)?;
    let ends: Vec<usize> = ends
        .chunks_exact(8)
        .map(|e| u64::from_le_bytes(e.try_into().unwrap_or_default()) as usize)
        .collect();
    let mut start = 0;
    for &e in &ends {
        if e < start || !bytes.is_char_boundary(e) {
            return Err(Truncated.into());
        }
        start = e;
    }
    if start != bytes.len() {
        return Err(Truncated.into());
    }
    Ok(StrArena { bytes, ends })
}

fn receive(
    r: &mut impl Read,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    f: &mut impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    let n = u32::from_le_bytes(take(r)?) as usize;
    // The child checked the schema's width; a longer header is a broken stream.
    if n > super::limits::MAX_COLUMNS {
        return Err(Truncated.into());
    }
    let header = (0..n)
        .map(|_| take_text(r))
        .collect::<anyhow::Result<Vec<String>>>()?;
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
        // The child sends at most a slice of rows at a time.
        if len > PARQUET_BATCH {
            return Err(Truncated.into());
        }
        let columns = present
            .iter()
            .map(|&p| p.then(|| take_column(r, len)).transpose())
            .collect::<anyhow::Result<Vec<Option<StrArena>>>>()?;
        f(
            TextBatch {
                columns,
                len,
                lines: None,
            },
            first,
        )?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arena(v: &[&str]) -> StrArena {
        let mut a = StrArena::default();
        v.iter().for_each(|s| a.push(s));
        a
    }

    /// What the child writes, the parent reads back as the same batches; a stream cut short
    /// or with offsets that split a character is a broken stream, never a panic.
    #[test]
    fn batches_cross_the_pipe_as_they_are() {
        let wanted: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let mut w = Vec::new();
        write_header(&mut w, &["a".into(), "c".into()], &[true, false, true]).unwrap();
        let b = TextBatch {
            columns: vec![
                Some(arena(&["x", "", "åäö"])),
                None,
                Some(arena(&["1", "22", ""])),
            ],
            len: 3,
            lines: None,
        };
        write_batch(&mut w, &b, 7).unwrap();
        w.push(0);
        let mut got = Vec::new();
        let header = receive(
            &mut w.as_slice(),
            &wanted,
            |_, _| Ok(()),
            &mut |b, first| {
                b.for_each_row(|i, r| got.push((b.line(first, i), r.join("|"))));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(header, ["a", "c"]);
        assert_eq!(
            got,
            [(7, "x||1".into()), (8, "||22".into()), (9, "åäö||".into())]
        );
        let broken = |bytes: &[u8]| {
            receive(&mut &bytes[..], &wanted, |_, _| Ok(()), &mut |_, _| Ok(()))
                .unwrap_err()
                .downcast_ref::<Truncated>()
                .is_some()
        };
        assert!(broken(&w[..w.len() - 1]));
        assert!(broken(&w[..w.len() - 20]));
        // The first column's second end offset, 1, made 2: inside the two bytes of `å`.
        let text_at = w.windows(7).position(|x| x == "xåäö".as_bytes()).unwrap();
        let ends_at = text_at + "xåäö".len();
        let mut bad = w.clone();
        bad[ends_at + 8..ends_at + 16].copy_from_slice(&2u64.to_le_bytes());
        assert!(broken(&bad));
    }
}
