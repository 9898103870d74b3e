//! Reading call-log files into the [`CallsBuilder`], memory-bounded: CSV is streamed in blocks,
//! split into whole records ([`super::csvsplit`]) and parsed by polars in chunks with an
//! explicit all-text schema and a projection of only the mapped columns; Parquet and NDJSON
//! are scanned lazily by polars ([`super::frames`]). Each row then goes through one tight
//! conversion loop (no allocation per row: fields are borrowed from the polars columns).
//!
//! Lines: CSV rejects carry the exact line where the record starts (the splitter counts
//! newlines, including those inside quoted fields); Parquet and NDJSON the 1-based row number.

use std::io::Read;

use polars::prelude::DataFrame;
use sha2::{Digest, Sha256};

use super::calls::{self, CallsBuilder, SPEC};
use super::csvsplit;
use super::dedup;
use super::fields::{Bad, Clocks, Resolved};
use super::frames;
use super::mapping::InputMapping;
use super::model::{CallResult, Calls, FileStats, InputKind, Reject};
use super::reasons;
use super::rows;
use super::source::{self, Format};
use crate::calendar::Calendars;
use crate::config::hex;

/// The `bad_len` marker of a record that is not valid UTF-8.
const INVALID_UTF8: (usize, usize) = (usize::MAX, 0);

/// Bytes read from disk at a time.
const BLOCK: usize = 8 << 20;
/// Record bytes handed to polars at a time.
const CHUNK: usize = 32 << 20;

/// Read every call file (in the given, canonical order).
pub fn read_calls(
    paths: &[String],
    m: &InputMapping,
    cals: &Calendars,
) -> anyhow::Result<(Calls, Vec<FileStats>, Vec<Reject>)> {
    let extra: Vec<String> = m.responded_from_elapsed_ms.iter().cloned().collect();
    let r = Resolved::new(calls::CANON, m, &extra)?;
    let row_ids = m.id_from_row.unwrap_or(false);
    let mut spec = SPEC;
    if row_ids {
        spec.required = &["received_at", "result", "persons"];
    }
    let req = rows::required_sources(&spec, &r);
    let mut files = Vec::new();
    let mut b = CallsBuilder::new();
    for (fi, path) in paths.iter().enumerate() {
        let format = source::format_of(path)?;
        let mut conv = Conv {
            r: &r,
            clocks: Clocks::new(&r, m, cals, calls::TIMESTAMPS, &[]),
            row_ids,
            has_elapsed: !extra.is_empty(),
            file: fi as u32,
            name: row_id_prefix(paths, fi),
            id_buf: String::new(),
        };
        let check = |header: &[String], present: &[bool]| {
            let extra_req: Vec<(&str, &str)> = extra
                .iter()
                .map(|e| ("elapsed milliseconds for responded_at", e.as_str()))
                .collect();
            rows::check_required(&spec, &r, header, present, path, &extra_req)
        };
        let (size, sha) = match format {
            Format::Csv => stream_csv(path, m, &r.wanted, &req, check, |line, bad, f| {
                conv.row(&mut b, line, bad, f)
            })?,
            Format::Parquet | Format::Ndjson => {
                // Two threads: polars decodes the next batch (and then hashes the file) while
                // this one converts the previous batch.
                std::thread::scope(|s| {
                    let (tx, rx) = std::sync::mpsc::sync_channel::<(frames::TextBatch, u64)>(1);
                    let wanted = &r.wanted;
                    let producer = s.spawn(move || {
                        frames::for_each_batch(path, format, wanted, check, |batch, first| {
                            let batch = frames::TextBatch {
                                columns: batch.columns.clone(),
                                len: batch.len,
                                lines: batch.lines.clone(),
                            };
                            // A closed channel means the converter stopped: stop reading.
                            tx.send((batch, first))
                                .map_err(|_| anyhow::anyhow!("{path}: reading stopped"))
                        })?;
                        drop(tx);
                        hash_file(path)
                    });
                    for (batch, first) in rx {
                        batch.for_each_row(|i, row| {
                            if row.iter().all(|f| f.trim().is_empty()) {
                                return;
                            }
                            conv.row(&mut b, batch.line(first, i), None, row)
                        });
                    }
                    producer
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p))
                })?
            }
        };
        files.push(FileStats {
            input: InputKind::Calls.as_str().to_string(),
            path: path.clone(),
            size_bytes: size,
            sha256: sha,
            dst_gap_resolved: conv.clocks.gap,
            dst_fold_resolved: conv.clocks.fold,
            ..FileStats::default()
        });
    }
    let (calls, rejects) = b.finish(&mut files);
    Ok((calls, files, rejects))
}

/// The prefix of synthesised call ids (`id_from_row`): the file name, or the whole path when
/// another file of the input has the same name (ids must stay unique across files).
fn row_id_prefix(paths: &[String], i: usize) -> String {
    let name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
    };
    let mine = name(&paths[i]);
    if paths.iter().filter(|p| name(p) == mine).count() > 1 {
        paths[i].clone()
    } else {
        mine
    }
}

/// Size and SHA-256 of a file, streamed.
fn hash_file(path: &str) -> anyhow::Result<(u64, String)> {
    let mut f =
        std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((size, hex(&h.finalize())))
}

/// The per-file row converter.
struct Conv<'r> {
    r: &'r Resolved,
    clocks: Clocks,
    row_ids: bool,
    has_elapsed: bool,
    file: u32,
    name: String,
    id_buf: String,
}

impl Conv<'_> {
    /// Convert one row (`f` aligned with `r.wanted`; the elapsed column, if any, first).
    fn row(
        &mut self,
        b: &mut CallsBuilder,
        line: u64,
        bad_len: Option<(usize, usize)>,
        f: &[&str],
    ) {
        let r = self.r;
        if self.row_ids {
            use std::fmt::Write;
            self.id_buf.clear();
            let _ = write!(self.id_buf, "{}:{line}", self.name);
        }
        let id_buf = &self.id_buf;
        let row_ids = self.row_ids;
        let elapsed = self.has_elapsed.then(|| f.first().copied().unwrap_or(""));
        // Each canonical column's raw text, looked up once (the fingerprint and the mapped
        // texts below both need it).
        let mut raw = [""; calls::CANON.len()];
        for (ci, v) in raw.iter_mut().enumerate() {
            *v = r.raw(f, ci);
        }
        let fp = dedup::fingerprint(
            raw.iter()
                .enumerate()
                .map(|(ci, &v)| {
                    if ci == calls::CALL_ID && row_ids {
                        id_buf.as_str()
                    } else {
                        v
                    }
                })
                .chain(elapsed),
        );
        let text = |ci: usize| r.map_value(ci, raw[ci]);
        let id_text = text(calls::CALL_ID);
        let id: &str = if row_ids { id_buf } else { &id_text };
        let outcome = match bad_len {
            Some(INVALID_UTF8) => Err(Bad::new("", "", reasons::INVALID_UTF8)),
            Some((found, expected)) => Err(Bad::new(
                "",
                &format!("{found} fields, expected {expected}"),
                reasons::FIELD_COUNT,
            )),
            None => r.included(f).and_then(|()| {
                calls::validate(
                    &mut self.clocks,
                    id,
                    &text(calls::RECEIVED),
                    &text(calls::RESPONDED),
                    elapsed,
                    r.enum_value(f, calls::RESULT, CallResult::parse),
                    &text(calls::PERSONS),
                    &text(calls::MUNICIPALITY),
                    &text(calls::FAILED),
                )
                .map(|c| b.push(self.file, line, fp, &c))
            }),
        };
        if let Err(bad) = outcome {
            b.reject(self.file, line, id, fp, bad);
        }
    }
}

/// Make header names unique and non-empty for polars' schema (`name`, `name#2`, …;
/// `column_N` for an empty name). Lookups use the original names.
fn polars_names(header: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let base = if h.is_empty() {
            format!("column_{}", i + 1)
        } else {
            h.clone()
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}#{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Parse one record's bytes as a header line.
fn parse_header(bytes: &[u8], delim: u8, path: &str, line: u64) -> anyhow::Result<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(_) => Ok(rec.iter().map(|h| h.trim().to_string()).collect()),
        Err(e) => Err(anyhow::anyhow!(
            "{path}: line {line}: cannot read the header: {e}"
        )),
    }
}

/// Stream a CSV file: header, then every non-blank record as projected fields with its line.
/// Returns the file's size and SHA-256.
fn stream_csv(
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()> + Send,
    on_row: impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<(u64, String)> {
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read {path} (calls): {e}"))?;
    stream_csv_from(
        file,
        (BLOCK, CHUNK),
        path,
        m,
        wanted,
        required,
        check,
        on_row,
    )
}

/// [`stream_csv`] over any reader with the given (block, chunk) sizes (small in tests, so
/// that records, quotes and line breaks straddle block and chunk boundaries).
#[allow(clippy::too_many_arguments)]
fn stream_csv_from(
    file: impl Read + Send,
    (block, chunk_size): (usize, usize),
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()> + Send,
    mut on_row: impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<(u64, String)> {
    // Two threads (issue 8): this one converts the rows of one chunk while the producer reads,
    // hashes, splits and parses the next. At most two parsed chunks wait in the channel.
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(1);
        let producer = s.spawn(move || {
            produce_csv(
                file,
                (block, chunk_size),
                path,
                m,
                wanted,
                required,
                check,
                tx,
            )
        });
        let mut consumed: anyhow::Result<()> = Ok(());
        for c in rx.iter() {
            consumed = consume(path, c, &mut on_row);
            if consumed.is_err() {
                break;
            }
        }
        // Dropping the receiver stops a producer still sending.
        drop(rx);
        let produced = producer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        consumed?;
        let (size, sha, utf8_rejects) = produced?;
        for l in utf8_rejects {
            // Rejected like any row: the converter is given no fields and a reason via bad_len.
            on_row(l, Some(INVALID_UTF8), &[]);
        }
        Ok((size, sha))
    })
}

/// One parsed chunk of records, handed from the producer to the converter.
struct Chunk {
    parsed: Parsed,
    header: std::sync::Arc<Header>,
    delim: u8,
    lines: Vec<u64>,
    bad: Vec<Option<(usize, usize)>>,
}

/// How a chunk's records were parsed.
enum Parsed {
    /// By polars.
    Frame(DataFrame),
    /// Not yet: polars failed or disagreed on the row count, so the csv crate reads the raw
    /// bytes on the converter's side.
    Raw(Vec<u8>),
    /// Not needed (issue 8): no record of the chunk has a quote or a carriage return, so a
    /// record is the text between line breaks and a field the text between delimiters, as
    /// polars would read it (an empty field is empty, missing fields are empty, extra fields
    /// are dropped). The records, each followed by `\n`.
    Plain(String),
}

/// Hand one chunk's rows to `on_row`.
fn consume(
    path: &str,
    c: Chunk,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let Chunk {
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
        Parsed::Plain(text) => {
            let d = char::from(delim);
            let mut fields: Vec<&str> = Vec::with_capacity(h.ncols);
            let mut row: Vec<&str> = Vec::with_capacity(h.idx.len());
            for (i, rec) in text.split_terminator('\n').enumerate() {
                fields.clear();
                fields.extend(rec.split(d).take(h.ncols));
                row.clear();
                row.extend(
                    h.idx
                        .iter()
                        .map(|ix| ix.and_then(|ix| fields.get(ix).copied()).unwrap_or("")),
                );
                on_row(lines[i], bad[i], &row);
            }
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

/// The producer of [`stream_csv_from`]: header, then chunks of parsed records; returns the
/// file's size, SHA-256 and the lines of records that are not UTF-8.
#[allow(clippy::too_many_arguments)]
fn produce_csv(
    mut file: impl Read,
    (block, chunk_size): (usize, usize),
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    tx: std::sync::mpsc::SyncSender<Chunk>,
) -> anyhow::Result<(u64, String, Vec<u64>)> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf: Vec<u8> = Vec::with_capacity(block * 2);
    let mut eof = false;
    let mut first_block = true;
    let mut delim = source::mapping_delimiter(m).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let mut line: u64 = 1;
    let mut header: Option<std::sync::Arc<Header>> = None;
    let mut check = Some(check);
    let mut chunk: Vec<u8> = Vec::new();
    // Whether every record of the chunk is plain (see [`Parsed::Plain`]).
    let mut plain = true;
    let mut lines: Vec<u64> = Vec::new();
    let mut bad: Vec<Option<(usize, usize)>> = Vec::new();
    let mut utf8_rejects: Vec<u64> = Vec::new();
    loop {
        // Fill.
        if !eof {
            let start = buf.len();
            buf.resize(start + block, 0);
            let mut filled = start;
            while filled < buf.len() {
                let n = file
                    .read(&mut buf[filled..])
                    .map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
                if n == 0 {
                    eof = true;
                    break;
                }
                filled += n;
            }
            buf.truncate(filled);
            hasher.update(&buf[start..]);
            size += (filled - start) as u64;
            if first_block {
                first_block = false;
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                if delim.is_none() {
                    delim = Some(source::sniff_delimiter(&buf));
                }
            }
        }
        let d = delim.unwrap_or(b',');
        // Split.
        let mut pos = 0;
        loop {
            let split = csvsplit::next_record(&buf[pos..], d, eof).map_err(|()| {
                anyhow::anyhow!(
                    "{path}: line {line}: a quoted field is not closed before the end of the file \
                     (expected a closing `\"`)"
                )
            })?;
            let Some(s) = split else { break };
            let rec = &buf[pos..pos + s.len];
            let rec_line = line;
            line += s.newlines;
            pos += s.consumed;
            if s.blank {
                continue;
            }
            if header.is_none() {
                let names = parse_header(rec, d, path, rec_line)?;
                let mut is_data = false;
                let names = match &m.headerless_columns {
                    Some(cols)
                        if !required.is_empty()
                            && !required
                                .iter()
                                .any(|r| source::find_column(&names, r).is_some()) =>
                    {
                        is_data = true;
                        cols.clone()
                    }
                    _ => names,
                };
                if let Some(name) = source::duplicated_column(&names, wanted) {
                    return Err(source::duplicated_column_error(path, rec_line, name));
                }
                let idx: Vec<Option<usize>> = wanted
                    .iter()
                    .map(|w| source::find_column(&names, w))
                    .collect();
                let present: Vec<bool> = idx.iter().map(Option::is_some).collect();
                if let Some(c) = check.take() {
                    c(&names, &present)?;
                }
                header = Some(std::sync::Arc::new(Header {
                    ncols: names.len(),
                    pnames: polars_names(&names),
                    idx,
                }));
                if !is_data {
                    continue;
                }
            }
            let ncols = header.as_ref().map_or(0, |h| h.ncols);
            if std::str::from_utf8(rec).is_err() {
                utf8_rejects.push(rec_line);
                continue;
            }
            plain &= d.is_ascii() && !rec.iter().any(|&b| b == b'"' || b == b'\r');
            chunk.extend_from_slice(rec);
            chunk.push(b'\n');
            lines.push(rec_line);
            bad.push((s.fields != ncols).then_some((s.fields, ncols)));
        }
        buf.drain(..pos);
        let done = eof && buf.is_empty();
        if (chunk.len() >= chunk_size || done) && !lines.is_empty() {
            let h = header.as_ref().expect("header before records");
            let c = parse_chunk(&mut chunk, &mut lines, &mut bad, h, d, plain);
            plain = true;
            if tx.send(c).is_err() {
                // The converter stopped (with an error it reports).
                return Ok((size, String::new(), utf8_rejects));
            }
        }
        if done {
            break;
        }
        if eof && !buf.is_empty() && pos == 0 {
            // Cannot happen: at end of input the splitter always takes the rest.
            anyhow::bail!("{path}: line {line}: cannot split the rest of the file into records");
        }
    }
    if header.is_none() {
        if let Some(c) = check.take() {
            c(&[], &vec![false; wanted.len()])?;
        }
    }
    Ok((size, hex(&hasher.finalize()), utf8_rejects))
}

/// The fallback of [`flush`]: the same rows through the csv crate.
fn flush_with_csv_crate(
    path: &str,
    bytes: &[u8],
    lines: &mut Vec<u64>,
    bad: &mut Vec<Option<(usize, usize)>>,
    h: &Header,
    delim: u8,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
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
struct Header {
    /// Fields per record.
    ncols: usize,
    /// Unique, non-empty column names for polars' schema.
    pnames: Vec<String>,
    /// Per wanted source column, its index in the header.
    idx: Vec<Option<usize>>,
}

/// Parse the buffered chunk with polars (taking the chunk and its lines).
fn parse_chunk(
    chunk: &mut Vec<u8>,
    lines: &mut Vec<u64>,
    bad: &mut Vec<Option<(usize, usize)>>,
    h: &std::sync::Arc<Header>,
    delim: u8,
    plain: bool,
) -> Chunk {
    if plain {
        // Every record was checked to be UTF-8, and so is the chunk.
        match String::from_utf8(std::mem::take(chunk)) {
            Ok(text) => {
                return Chunk {
                    parsed: Parsed::Plain(text),
                    header: h.clone(),
                    delim,
                    lines: std::mem::take(lines),
                    bad: std::mem::take(bad),
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
        parsed,
        header: h.clone(),
        delim,
        lines: std::mem::take(lines),
        bad: std::mem::take(bad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Row = (u64, Option<(usize, usize)>, Vec<String>);

    fn stream(text: &str, block: usize, chunk: usize, m: &InputMapping) -> (Vec<Row>, String) {
        let wanted: Vec<String> = ["id", "v"].iter().map(|s| s.to_string()).collect();
        let mut rows = Vec::new();
        let (size, sha) = stream_csv_from(
            text.as_bytes(),
            (block, chunk),
            "t.csv",
            m,
            &wanted,
            &wanted,
            |_, _| Ok(()),
            |line, bad, f| rows.push((line, bad, f.iter().map(|s| s.to_string()).collect())),
        )
        .unwrap();
        assert_eq!(size, text.len() as u64);
        (rows, sha)
    }

    #[test]
    fn small_blocks_give_the_same_rows_and_lines() {
        let text = "\u{feff}id,v\r\n1,\"a\r\nb\"\r\n\r\n2,plain\n,,\n3,\"x,\"\"y\"\"\"\n4\n5,last";
        let m = InputMapping::default();
        let (big, sha) = stream(text, 1 << 20, 1 << 20, &m);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            big,
            vec![
                (2, None, s(&["1", "a\r\nb"])),
                (5, None, s(&["2", "plain"])),
                (7, None, s(&["3", "x,\"y\""])),
                (8, Some((1, 2)), s(&["4", ""])),
                (9, None, s(&["5", "last"])),
            ]
        );
        for block in [4, 5, 7, 13] {
            for chunk in [1, 9, 64] {
                let (small, sha2) = stream(text, block, chunk, &m);
                assert_eq!(small, big, "block {block} chunk {chunk}");
                assert_eq!(sha2, sha);
            }
        }
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9]{0,6}",
            // A literal quote inside an unquoted field (polars falls back to the csv crate).
            "[a-z]{1,3}\"[a-z]{0,3}",
            "[a-z ,;\"\n]{0,8}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        ]
    }

    /// The rows of one chunk of `records` (each without its line break), parsed plainly or
    /// by polars.
    fn chunk_rows(records: &[String], ncols: usize, plain: bool) -> Vec<Row> {
        let names: Vec<String> = (0..ncols).map(|i| format!("c{i}")).collect();
        // Wanted: every column in reverse, and one the file lacks.
        let mut idx: Vec<Option<usize>> = (0..ncols).rev().map(Some).collect();
        idx.push(None);
        let h = std::sync::Arc::new(Header {
            ncols,
            pnames: polars_names(&names),
            idx,
        });
        let mut bytes = Vec::new();
        let mut lines = Vec::new();
        let mut bad = Vec::new();
        for (i, r) in records.iter().enumerate() {
            bytes.extend_from_slice(r.as_bytes());
            bytes.push(b'\n');
            lines.push(i as u64 + 2);
            let n = r.split(',').count();
            bad.push((n != ncols).then_some((n, ncols)));
        }
        let c = parse_chunk(&mut bytes, &mut lines, &mut bad, &h, b',', plain);
        assert_eq!(matches!(c.parsed, Parsed::Plain(_)), plain);
        let mut rows = Vec::new();
        consume("t.csv", c, &mut |line, bad, f: &[&str]| {
            rows.push((line, bad, f.iter().map(|s| s.to_string()).collect()))
        })
        .unwrap();
        rows
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A chunk without quotes or carriage returns gives the same rows read plainly as
        /// read by polars (empty, missing and extra fields included).
        #[test]
        fn plain_chunks_read_as_polars_reads_them(
            records in prop::collection::vec(
                prop::collection::vec("[a-z0-9 ]{0,4}|é[a-z]{0,2}", 1..6), 1..30),
            ncols in 1usize..5,
        ) {
            let records: Vec<String> = records
                .iter()
                .map(|f| f.join(","))
                .filter(|r| !r.split(',').all(|f| f.trim().is_empty()))
                .collect();
            prop_assume!(!records.is_empty());
            prop_assert_eq!(chunk_rows(&records, ncols, true), chunk_rows(&records, ncols, false));
        }

        /// Streaming in any block and chunk size gives the rows and lines of one big block.
        #[test]
        fn any_block_size(
            rows in prop::collection::vec((field(), field(), any::<bool>(), any::<bool>()), 0..25),
            block in 3usize..40,
            chunk in 1usize..80,
        ) {
            let mut text = String::from("id,v\n");
            for (a, b, crlf, blank) in &rows {
                if *blank {
                    text.push('\n');
                }
                text.push_str(&format!("{a},{b}"));
                text.push_str(if *crlf { "\r\n" } else { "\n" });
            }
            let m = InputMapping {
                delimiter: Some(",".into()),
                ..Default::default()
            };
            let (big, sha) = stream(&text, 1 << 20, 1 << 20, &m);
            let (small, sha2) = stream(&text, block, chunk, &m);
            prop_assert_eq!(small, big);
            prop_assert_eq!(sha2, sha);
        }
    }
}
