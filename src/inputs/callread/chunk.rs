//! A chunk of call records between the CSV producer and the converters. There are two ways to
//! split a chunk into fields: plain text ([`lines`]: no quote and no carriage return, so a
//! record is a line and a field the text between delimiters) and the csv crate (everything
//! else: quotes, line breaks inside quoted fields, carriage returns). [`consume`] hands a
//! chunk's rows on and its buffer back to the [`Pool`].

use std::sync::Arc;

use super::lines::{self, Header, Lines};
use crate::inputs::limits;

/// One chunk of records, handed from the producer to a converter.
pub(super) struct Chunk {
    /// Bytes of the chunk's records (with their line breaks): the merge estimates from it how
    /// many rows the whole file holds.
    pub(super) bytes: u64,
    pub(super) header: Arc<Header>,
    pub(super) delim: u8,
    pub(super) records: Records,
}

/// A chunk's records, by how they are split into fields.
pub(super) enum Records {
    /// Plain text, each record followed by `\n`: no quote, no carriage return, valid UTF-8, so
    /// a record is a line and a field the text between delimiters (an empty field is empty,
    /// missing fields are empty, extra fields are dropped, as the csv crate reads them).
    Plain { text: String, lines: Lines },
    /// For the csv crate: records found one at a time ([`crate::inputs::csvsplit`]), each
    /// followed by `\n`, with the line where each starts and its field-count problem.
    Csv {
        bytes: Vec<u8>,
        lines: Vec<u64>,
        bad: Vec<Option<(usize, usize)>>,
    },
}

impl Chunk {
    /// About how many rows the chunk holds (room to reserve).
    pub(super) fn rows(&self) -> usize {
        match &self.records {
            Records::Plain {
                lines: Lines::From { breaks, .. },
                ..
            } => *breaks as usize + 1,
            Records::Plain {
                lines: Lines::Each(l),
                ..
            }
            | Records::Csv { lines: l, .. } => l.len(),
        }
    }
}

/// Buffers handed back for reuse (chunk buffers to the producer, emptied builders to the
/// converters): a fresh 32 MiB buffer per chunk, grown by doubling, cost more in page faults
/// and copies than the splitting itself.
pub(super) struct Pool<T>(std::sync::Mutex<Vec<T>>);

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool(std::sync::Mutex::new(Vec::new()))
    }
}

impl<T> Pool<T> {
    /// One handed back, if there is one.
    pub(super) fn take(&self) -> Option<T> {
        self.0.lock().ok().and_then(|mut p| p.pop())
    }

    pub(super) fn give(&self, t: T) {
        if let Ok(mut p) = self.0.lock() {
            p.push(t);
        }
    }
}

impl Pool<Vec<u8>> {
    /// An empty buffer: one handed back, or a new one of `capacity`.
    pub(super) fn buffer(&self, capacity: usize) -> Vec<u8> {
        self.take().unwrap_or_else(|| Vec::with_capacity(capacity))
    }

    /// Hand `b` back, emptied.
    pub(super) fn give_buffer(&self, mut b: Vec<u8>) {
        b.clear();
        self.give(b);
    }
}

/// The records found one at a time as a chunk (taking `bytes`, `lines` and `bad`): plain when
/// `plain` (no record has a quote or a carriage return) and the bytes are UTF-8.
pub(super) fn records_chunk(
    bytes: &mut Vec<u8>,
    lines: &mut Vec<u64>,
    bad: &mut Vec<Option<(usize, usize)>>,
    header: &Arc<Header>,
    delim: u8,
    plain: bool,
) -> Chunk {
    let record_bytes = bytes.len() as u64;
    let taken = std::mem::take(bytes);
    let records = match String::from_utf8(taken) {
        // Every record was checked to be UTF-8, and so is the chunk.
        Ok(text) if plain => {
            bad.clear();
            Records::Plain {
                text,
                lines: Lines::Each(std::mem::take(lines)),
            }
        }
        Ok(text) => Records::Csv {
            bytes: text.into_bytes(),
            lines: std::mem::take(lines),
            bad: std::mem::take(bad),
        },
        Err(e) => Records::Csv {
            bytes: e.into_bytes(),
            lines: std::mem::take(lines),
            bad: std::mem::take(bad),
        },
    };
    Chunk {
        bytes: record_bytes,
        header: header.clone(),
        delim,
        records,
    }
}

/// Hand one chunk's rows to `on_row` (line, field-count or UTF-8 problem, the projected
/// fields) and its buffer back to `pool`.
pub(super) fn consume(
    path: &str,
    c: Chunk,
    pool: &Pool<Vec<u8>>,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let Chunk {
        header: h,
        delim,
        records,
        ..
    } = c;
    match records {
        Records::Plain { text, lines } => {
            let done = lines::consume_lines(path, &text, &lines, &h, delim, on_row);
            pool.give_buffer(text.into_bytes());
            done
        }
        Records::Csv { bytes, lines, bad } => {
            let done = consume_csv(path, &bytes, &lines, &bad, &h, delim, on_row);
            pool.give_buffer(bytes);
            done
        }
    }
}

/// The rows of a [`Records::Csv`] chunk, through the csv crate.
fn consume_csv(
    path: &str,
    bytes: &[u8],
    lines: &[u64],
    bad: &[Option<(usize, usize)>],
    h: &Header,
    delim: u8,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    // Records end at `\n` only: a carriage return inside a record is text, as the splitter
    // (which found the records) reads it.
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(bytes);
    let mut rec = csv::StringRecord::new();
    // The fields of one row; emptied and reused (its allocation kept) for the next.
    let mut spare: Vec<&'static str> = Vec::with_capacity(h.idx.len());
    let mut i = 0;
    let first = lines.first().copied().unwrap_or(0);
    let last = lines.last().copied().unwrap_or(0);
    while rdr.read_record(&mut rec).map_err(|e| {
        anyhow::anyhow!(
            "{path}: line {}: cannot parse CSV: {e}",
            lines.get(i).copied().unwrap_or(0)
        )
    })? {
        let Some(&line) = lines.get(i) else {
            anyhow::bail!(
                "{path}: lines {first}–{last}: the CSV parser read more records than were found"
            );
        };
        let mut row: Vec<&str> = spare;
        row.extend(
            h.idx
                .iter()
                .map(|ix| ix.and_then(|ix| rec.get(ix)).unwrap_or("")),
        );
        on_row(line, bad[i], &row);
        row.clear();
        spare = row.into_iter().map(|_| "").collect();
        i += 1;
    }
    if i != lines.len() {
        anyhow::bail!(
            "{path}: lines {first}–{last}: found {} records but the CSV parser read {i}",
            lines.len()
        );
    }
    Ok(())
}

/// Parse one record's bytes as a header line (the csv crate: the header may be quoted).
pub(super) fn parse_header(
    bytes: &[u8],
    delim: u8,
    path: &str,
    line: u64,
) -> anyhow::Result<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(_) => {
            let names: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
            limits::check_columns(&format!("{path}: line {line}"), names.len())?;
            Ok(names)
        }
        Err(e) => Err(anyhow::anyhow!(
            "{path}: line {line}: cannot read the header: {e}"
        )),
    }
}
