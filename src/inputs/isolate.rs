//! Parquet read in a child process, so that polars aborting on a corrupt file is an error,
//! not the end of the run.
//!
//! polars 0.55 aborts the process on some corrupt Parquet files — "memory allocation of N
//! bytes failed" for a corrupt length, an unchecked-slice precondition for a corrupt row-group
//! range (counted in fuzz/README.md) — and an abort cannot be caught in-process. The binary
//! therefore reads Parquet by running itself as `slareport __read-parquet FILE COLUMN…`: the
//! child does the polars read ([`super::frames::for_each_batch`] in-process) and streams the
//! projected columns back on stdout; the parent rebuilds the same [`TextBatch`]es. A child
//! that dies (signal, abort) or fails becomes an error naming the file; rows and rejects are
//! those of an in-process read.
//!
//! Which way a file is read is part of the request ([`ParquetReader`], a field of
//! [`super::InputFiles`]): `main` asks for the child; the library's default (tests, and the
//! child itself) reads in-process. [`for_each_batch`] is the one entry for Parquet and NDJSON:
//! NDJSON is read by [`super::ndjson`], Parquet in-process by [`super::frames`] or here.
//!
//! The stream on the pipe is [`wire`]'s: text columns as one buffer of bytes each, typed
//! columns (datetimes, integers) as their values, in frames of [`wire::FRAME`] rows.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::frames::{self, TextBatch};
use super::source::{Format, Record, Table};
use wire::{receive, write_header, write_slice, Truncated};

/// The hidden first argument that makes the binary a Parquet reader.
pub const CHILD_ARG: &str = "__read-parquet";

/// The buffer on either side of the pipe, for the stream's small pieces.
const PIPE_BUFFER: usize = 64 << 10;

/// The child's allocator (glibc) keeps the memory a slice freed for the next slice, whose
/// buffers have the same sizes: by default each slice's large buffers go back to the system
/// and are faulted in again, zeroed, which was a third of the child's time (the year: 2.0 of
/// 5.4 s CPU; with this 0.2 s, its peak memory the same). Set only when the user set no
/// tunables of their own; other C libraries ignore it.
const CHILD_MALLOC: &str =
    "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";

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
    f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    for_each_batch_reusing(reader, path, format, wanted, on_header, f, || None)
}

/// [`for_each_batch`], reading the child's frames into the batches `spare` gives back (see
/// [`receive`]).
pub fn for_each_batch_reusing(
    reader: &ParquetReader,
    path: &str,
    format: Format,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
    spare: impl FnMut() -> Option<TextBatch>,
) -> anyhow::Result<Vec<String>> {
    match (format, reader) {
        (Format::Ndjson, _) => {
            // Read as text against the wanted columns, never with an inferred schema.
            let n = super::ndjson::read(path, wanted)?;
            on_header(&n.header, &n.present)?;
            f(n.batch, 1)?;
            Ok(n.header)
        }
        (_, ParquetReader::Child(exe)) => read_in_child(exe, path, wanted, on_header, f, spare),
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

/// A batch's rows as records (the batch's first row is row `first`; its typed columns as
/// their text, [`TextBatch::for_each_row`]).
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
    // Straight to the pipe: `stdout()` is line-buffered, and would scan and copy every write.
    let pipe = {
        use std::os::fd::AsFd;
        let fd = std::io::stdout().as_fd().try_clone_to_owned();
        std::fs::File::from(fd.map_err(|e| anyhow::anyhow!("{path}: cannot pass rows on: {e}"))?)
    };
    // A column of a frame is written at once, larger than this buffer: it goes to the pipe as
    // it is, not through the buffer; the buffer gathers the small heads.
    let out = std::cell::RefCell::new(BufWriter::with_capacity(PIPE_BUFFER, pipe));
    let io = |e: std::io::Error| anyhow::anyhow!("{path}: cannot pass rows on: {e}");
    let mut scratch = Vec::new();
    frames::for_each_slice(
        path,
        wanted,
        |header, present| write_header(&mut *out.borrow_mut(), header, present).map_err(io),
        |df, first| {
            let cols = frames::wanted_columns(df, wanted);
            write_slice(
                &mut *out.borrow_mut(),
                &cols,
                df.height(),
                first,
                &mut scratch,
            )
            .map_err(|e| match e.downcast::<std::io::Error>() {
                Ok(e) => io(e),
                Err(e) => anyhow::anyhow!("{path}: cannot read rows: {e}"),
            })
        },
    )?;
    let mut out = out.into_inner();
    out.write_all(&[0]).and_then(|()| out.flush()).map_err(io)
}

/// The parent's side of [`for_each_batch`] for a Parquet file: the child `exe` reads it.
fn read_in_child(
    exe: &PathBuf,
    path: &str,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
    mut spare: impl FnMut() -> Option<TextBatch>,
) -> anyhow::Result<Vec<String>> {
    let mut command = Command::new(exe);
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        command.env("GLIBC_TUNABLES", CHILD_MALLOC);
    }
    let mut child = command
        .arg(CHILD_ARG)
        .arg(path)
        .args(wanted)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("{path}: cannot start the Parquet reader: {e}"))?;
    let rows = child.stdout.take().expect("piped stdout");
    // A pipe of 1 MiB, about a frame's column (the default, 64 KiB, wakes this side sixteen
    // times a column); where the system allows less, the default stays.
    let _ = rustix::pipe::fcntl_setpipe_size(&rows, 1 << 20);
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    // Reads of a column (larger than this buffer) go straight into the batch, not through it.
    let mut r = BufReader::with_capacity(PIPE_BUFFER, rows);
    let read = receive(&mut r, wanted, on_header, &mut f, &mut spare);
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

mod wire;
