//! A chunk of call records between the CSV producer and the converters: how it was parsed
//! (whole plain lines, plain records, polars, or raw bytes for the csv crate), how a converter
//! hands its rows on ([`consume`]), and the buffers handed back for reuse ([`Pool`]).

use polars::prelude::DataFrame;

use super::lines;
use crate::inputs::frames;

/// One parsed chunk of records, handed from the producer to the converter.
pub(super) struct Chunk {
    /// Bytes of the chunk's records (with their line breaks): the merge estimates from it how
    /// many rows the whole file holds.
    pub(super) bytes: u64,
    pub(super) parsed: Parsed,
    pub(super) header: std::sync::Arc<Header>,
    pub(super) delim: u8,
    pub(super) lines: Vec<u64>,
    pub(super) bad: Vec<Option<(usize, usize)>>,
}

/// How a chunk's records were parsed.
pub(super) enum Parsed {
    /// By polars.
    Frame(DataFrame),
    /// Not yet: polars failed or disagreed on the row count, so the csv crate reads the raw
    /// bytes on the converter's side.
    Raw(Vec<u8>),
    /// Not needed: no record of the chunk has a quote or a carriage return, so a
    /// record is the text between line breaks and a field the text between delimiters, as
    /// polars would read it (an empty field is empty, missing fields are empty, extra fields
    /// are dropped). The records, each followed by `\n`.
    Plain(String),
    /// Whole lines of the file, taken as read ([`lines`]): record `k` is line `first_line + k`
    /// (blank lines included, skipped by the converter), its field count not yet checked.
    Lines {
        text: String,
        first_line: u64,
        /// Line breaks in `text` (about the rows).
        breaks: u64,
    },
}

impl Chunk {
    /// About how many rows the chunk holds (room to reserve).
    pub(super) fn rows(&self) -> usize {
        match &self.parsed {
            Parsed::Lines { breaks, .. } => *breaks as usize + 1,
            _ => self.lines.len(),
        }
    }
}

/// Chunk buffers handed back by the converters for the producer to fill again: a fresh
/// 32 MiB buffer per chunk, grown by doubling, cost more in page faults and copies than the
/// splitting itself.
#[derive(Default)]
pub(super) struct Pool(std::sync::Mutex<Vec<Vec<u8>>>);

impl Pool {
    /// An empty buffer, with the capacity of one handed back if there is one.
    pub(super) fn take(&self, capacity: usize) -> Vec<u8> {
        match self.0.lock().ok().and_then(|mut p| p.pop()) {
            Some(b) => b,
            None => Vec::with_capacity(capacity),
        }
    }

    pub(super) fn give(&self, mut b: Vec<u8>) {
        b.clear();
        if let Ok(mut p) = self.0.lock() {
            p.push(b);
        }
    }
}

/// Hand one chunk's rows to `on_row` (its buffer back to `pool`).
pub(super) fn consume(
    path: &str,
    c: Chunk,
    pool: &Pool,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let Chunk {
        bytes: _,
        parsed,
        header: h,
        delim,
        mut lines,
        mut bad,
    } = c;
    match parsed {
        Parsed::Raw(bytes) => {
            flush_with_csv_crate(path, &bytes, &mut lines, &mut bad, &h, delim, on_row)
        }
        Parsed::Lines {
            text, first_line, ..
        } => {
            let done = lines::consume_lines(path, &text, first_line, &h, delim, on_row);
            pool.give(text.into_bytes());
            done
        }
        Parsed::Plain(text) => {
            let mut fields: Vec<&str> = Vec::with_capacity(h.ncols);
            let mut row: Vec<&str> = Vec::with_capacity(h.idx.len());
            for (i, rec) in text.split_terminator('\n').enumerate() {
                fields.clear();
                lines::split_fields(rec, delim, &mut fields, h.ncols);
                row.clear();
                row.extend(
                    h.idx
                        .iter()
                        .map(|ix| ix.and_then(|ix| fields.get(ix).copied()).unwrap_or("")),
                );
                on_row(lines[i], bad[i], &row);
            }
            pool.give(text.into_bytes());
            Ok(())
        }
        Parsed::Frame(df) => {
            let mut columns = Vec::with_capacity(h.idx.len());
            for i in &h.idx {
                columns.push(match i {
                    Some(i) => Some(
                        df.column(&h.pnames[*i])
                            .and_then(|c| c.str().cloned())
                            .map_err(|e| anyhow::anyhow!("{path}: {e}"))?,
                    ),
                    None => None,
                });
            }
            let batch = frames::TextBatch {
                columns,
                len: df.height(),
                lines: None,
            };
            batch.for_each_row(|i, row| on_row(lines[i], bad[i], row));
            Ok(())
        }
    }
}

/// The fallback of [`consume`] for a [`Parsed::Raw`] chunk (polars failed or disagreed on its
/// row count): the same rows through the csv crate.
pub(super) fn flush_with_csv_crate(
    path: &str,
    bytes: &[u8],
    lines: &mut Vec<u64>,
    bad: &mut Vec<Option<(usize, usize)>>,
    h: &Header,
    delim: u8,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let mut rdr = record_reader(bytes, delim);
    let mut rec = csv::StringRecord::new();
    let mut i = 0;
    while rdr.read_record(&mut rec).map_err(|e| {
        anyhow::anyhow!(
            "{path}: line {}: cannot parse CSV: {e}",
            lines.get(i).copied().unwrap_or(0)
        )
    })? {
        let Some(&line) = lines.get(i) else {
            anyhow::bail!(
                "{path}: lines {}–{}: the CSV parser read more records than were found",
                lines.first().copied().unwrap_or(0),
                lines.last().copied().unwrap_or(0)
            );
        };
        let row: Vec<&str> = h
            .idx
            .iter()
            .map(|ix| ix.and_then(|ix| rec.get(ix)).unwrap_or(""))
            .collect();
        on_row(line, bad[i], &row);
        i += 1;
    }
    if i != lines.len() {
        anyhow::bail!(
            "{path}: lines {}–{}: found {} records but the CSV parser read {i}",
            lines.first().copied().unwrap_or(0),
            lines.last().copied().unwrap_or(0),
            lines.len()
        );
    }
    lines.clear();
    bad.clear();
    Ok(())
}

/// A CSV call file's header as the chunk parser needs it.
pub(super) struct Header {
    /// Fields per record.
    pub(super) ncols: usize,
    /// Unique, non-empty column names for polars' schema.
    pub(super) pnames: Vec<String>,
    /// Per wanted source column, its index in the header.
    pub(super) idx: Vec<Option<usize>>,
}

/// Parse the buffered chunk with polars (taking the chunk and its lines).
pub(super) fn parse_chunk(
    chunk: &mut Vec<u8>,
    lines: &mut Vec<u64>,
    bad: &mut Vec<Option<(usize, usize)>>,
    h: &std::sync::Arc<Header>,
    delim: u8,
    plain: bool,
) -> Chunk {
    let record_bytes = chunk.len() as u64;
    if plain {
        // Every record was checked to be UTF-8, and so is the chunk.
        match String::from_utf8(std::mem::take(chunk)) {
            Ok(text) => {
                return Chunk {
                    bytes: record_bytes,
                    parsed: Parsed::Plain(text),
                    header: h.clone(),
                    delim,
                    lines: std::mem::replace(lines, Vec::with_capacity(lines.len())),
                    bad: std::mem::replace(bad, Vec::with_capacity(bad.len())),
                }
            }
            Err(e) => *chunk = e.into_bytes(),
        }
    }
    let (pnames, idx) = (&h.pnames, &h.idx);
    let mut project: Vec<String> = idx.iter().flatten().map(|&i| pnames[i].clone()).collect();
    project.sort();
    project.dedup();
    let bytes = std::mem::take(chunk);
    // polars reads a quote inside an unquoted field (`K"1`) as the start of a quoted field,
    // where the csv crate and the splitter read it as a literal: when polars fails or
    // disagrees on the row count, the chunk is read again with the csv crate (slower, rare).
    let parsed = match frames::parse_csv_chunk(bytes.clone(), pnames, &project, delim) {
        Ok(df) if df.height() == lines.len() => {
            // Keep the copy's capacity for the next chunk: no fresh 32 MiB to fault in.
            let mut bytes = bytes;
            bytes.clear();
            *chunk = bytes;
            Parsed::Frame(df)
        }
        _ => Parsed::Raw(bytes),
    };
    Chunk {
        bytes: record_bytes,
        parsed,
        header: h.clone(),
        delim,
        lines: std::mem::take(lines),
        bad: std::mem::take(bad),
    }
}

/// The csv crate reading headerless records of any width from `bytes` (the header and the
/// chunks polars could not parse).
pub(super) fn record_reader(bytes: &[u8], delim: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}
