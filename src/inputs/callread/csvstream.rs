//! CSV call logs streamed in blocks: the producer reads the header and cuts the file into
//! chunks of whole records ([`super::chunk`]: plain text where no record has a quote or a
//! carriage return, for the csv crate otherwise); the converters of the parent module turn
//! the chunks into parts, merged in file order.

use std::io::Read;

use sha2::{Digest, Sha256};

use super::chunk::{consume, parse_header, records_chunk, Chunk, Pool, Records};
use super::lines::{Header, Lines};
use super::{lines, BLOCK, CHUNK, INVALID_UTF8};
use crate::config::hex;
use crate::inputs::catalog::InputKind;
use crate::inputs::encoding::{self, Declared, Transcode};
use crate::inputs::mapping::InputMapping;
use crate::inputs::{csvsplit, limits, ordered, source};

/// Stream a CSV file: header, then every non-blank record as projected fields with its line.
/// The records are converted in parallel, a chunk at a time, each chunk into its own part
/// (`new_part`, `on_row`); the parts are handed to `merge` in file order, so the result is the
/// same as converting every row in order on one thread. Returns the file's size and SHA-256.
#[allow(clippy::too_many_arguments)]
pub(super) fn stream_csv<P: Send>(
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()> + Send,
    on_bytes: &(dyn Fn(u64) + Sync),
    convert: &Converter<'_, P>,
    merge: impl FnMut(P, u64),
) -> anyhow::Result<(u64, String)> {
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read {path} (calls): {e}"))?;
    let enc = match Declared::of(InputKind::Calls, m)? {
        Declared::Other(enc) => enc,
        // UTF-8: read as it is (a record that is not UTF-8 is found as the file is split).
        Declared::Default | Declared::Utf8 => {
            let io = Io {
                file,
                block: BLOCK,
                chunk: CHUNK,
                on_bytes,
                whole_lines: true,
            };
            return stream_csv_from(io, path, m, wanted, required, check, convert, merge);
        }
    };
    // Another encoding: transcoded to UTF-8 as it is read; the size and hash are of the file.
    let mut t = Transcode::new(file, enc);
    let io = Io {
        file: &mut t,
        block: BLOCK,
        chunk: CHUNK,
        on_bytes,
        whole_lines: true,
    };
    stream_csv_from(io, path, m, wanted, required, check, convert, merge)?;
    if t.had_errors {
        anyhow::bail!(
            "{path} (calls): not valid {} text, as the mapping's `encoding` says it is",
            enc.name()
        );
    }
    Ok(t.finish())
}

/// Convert one row into a part: line, field-count or UTF-8 problem, the projected fields.
pub(super) type OnRow<P> = dyn Fn(&mut P, u64, Option<(usize, usize)>, &[&str]) + Sync;

/// How one chunk's rows become a part: a fresh part, and the conversion of one row into it
/// (line, field-count or UTF-8 problem, the projected fields).
pub(super) struct Converter<'a, P> {
    /// A part for a chunk of this many rows (room reserved: no growth by doubling).
    pub(super) new_part: &'a (dyn Fn(usize) -> P + Sync),
    pub(super) on_row: &'a OnRow<P>,
}

/// The byte source of [`stream_csv_from`] with its (block, chunk) sizes (small in tests, so
/// that records, quotes and line breaks straddle block and chunk boundaries), and what to tell
/// of each block read (the progress bar).
pub(super) struct Io<'a, R> {
    pub(super) file: R,
    pub(super) block: usize,
    pub(super) chunk: usize,
    pub(super) on_bytes: &'a (dyn Fn(u64) + Sync),
    /// Take plain blocks whole ([`lines`]); off in tests, to compare with the record-by-record
    /// path.
    pub(super) whole_lines: bool,
}

/// [`stream_csv`] over any reader (every core converts): one thread reads, hashes,
/// splits and parses chunks, the others convert whole chunks into parts, merged in chunk order
/// ([`ordered`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn stream_csv_from<P: Send>(
    io: Io<'_, impl Read + Send>,
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()> + Send,
    convert: &Converter<'_, P>,
    mut merge: impl FnMut(P, u64),
) -> anyhow::Result<(u64, String)> {
    let pool = Pool::default();
    let to_part = |chunk: Chunk| {
        let bytes = chunk.bytes;
        let mut part = (convert.new_part)(chunk.rows());
        consume(path, chunk, &pool, &mut |line, bad, f| {
            (convert.on_row)(&mut part, line, bad, f)
        })?;
        Ok((part, bytes))
    };
    let (size, sha, utf8_rejects) = ordered::run(
        |tx| produce_csv(io, path, m, wanted, required, check, &pool, tx),
        &to_part,
        &mut merge,
    )?;
    if !utf8_rejects.is_empty() {
        // Rejected like any row: the converter is given no fields and a reason via bad_len.
        let mut part = (convert.new_part)(utf8_rejects.len());
        for l in utf8_rejects {
            (convert.on_row)(&mut part, l, Some(INVALID_UTF8), &[]);
        }
        merge(part, 0);
    }
    Ok((size, sha))
}

/// The producer of [`stream_csv_from`]: header, then chunks of parsed records; returns the
/// file's size, SHA-256 and the lines of records that are not UTF-8.
#[allow(clippy::too_many_arguments)]
pub(super) fn produce_csv(
    io: Io<'_, impl Read>,
    path: &str,
    m: &InputMapping,
    wanted: &[String],
    required: &[String],
    check: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    pool: &Pool<Vec<u8>>,
    mut tx: ordered::Sender<Chunk>,
) -> anyhow::Result<(u64, String, Vec<u64>)> {
    let Io {
        mut file,
        block,
        chunk: chunk_size,
        on_bytes,
        whole_lines,
    } = io;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf: Vec<u8> = Vec::with_capacity(block * 2);
    let mut eof = false;
    let mut first_block = true;
    let mut delim = source::mapping_delimiter(m).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let mut line: u64 = 1;
    let mut header: Option<std::sync::Arc<Header>> = None;
    let mut check = Some(check);
    let mut pending = Pending {
        bytes: Vec::with_capacity(chunk_size + chunk_size / 4),
        lines: Vec::new(),
        bad: Vec::new(),
        plain: true,
    };
    let mut utf8_rejects: Vec<u64> = Vec::new();
    // No `encoding` in the mapping: a file that is not UTF-8 is an error (see `encoding`).
    let strict_utf8 = m.encoding.is_none();
    let record_limit = limits::max_record_bytes();
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
            on_bytes((filled - start) as u64);
            if first_block {
                first_block = false;
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                if strict_utf8 {
                    if let Some(f) = encoding::utf16_bom(&buf) {
                        return Err(encoding::not_utf8(InputKind::Calls, path, &f));
                    }
                }
                if delim.is_none() {
                    delim = Some(source::sniff_delimiter(&buf));
                }
            }
        }
        let d = delim.unwrap_or(b',');
        // Split.
        let mut pos = 0;
        // Whether this block's whole lines were tried as one plain region yet.
        let mut tried_whole = !whole_lines;
        loop {
            if let (Some(h), false) = (&header, tried_whole) {
                tried_whole = true;
                if let Some(end) = lines::plain_prefix(&buf[pos..], d, eof) {
                    // Records found one at a time before this region go first.
                    if !pending.lines.is_empty() && !tx.send(pending.take(h, d, pool, chunk_size)) {
                        return Ok((size, String::new(), utf8_rejects));
                    }
                    // The block's buffer is handed on as it is; the rest of the last line
                    // starts a buffer from the pool.
                    let mut taken = std::mem::replace(&mut buf, pool.buffer(block * 2));
                    buf.extend_from_slice(&taken[pos + end..]);
                    taken.truncate(pos + end);
                    taken.drain(..pos);
                    pos = 0;
                    let breaks = lines::count_breaks(&taken);
                    let Ok(text) = String::from_utf8(taken) else {
                        anyhow::bail!("{path}: line {line}: checked text is not UTF-8");
                    };
                    let c = Chunk {
                        bytes: text.len() as u64,
                        header: h.clone(),
                        delim: d,
                        records: Records::Plain {
                            text,
                            lines: Lines::From {
                                first: line,
                                breaks,
                            },
                        },
                    };
                    line += breaks;
                    if !tx.send(c) {
                        return Ok((size, String::new(), utf8_rejects));
                    }
                    continue;
                }
            }
            let split = csvsplit::next_record(&buf[pos..], d, eof).map_err(|()| {
                anyhow::anyhow!(
                    "{path}: line {line}: a quoted field is not closed before the end of the file \
                     (expected a closing `\"`)"
                )
            })?;
            let Some(s) = split else { break };
            if s.len > record_limit {
                return Err(limits::record_too_long(path, line, record_limit));
            }
            let rec = &buf[pos..pos + s.len];
            let rec_line = line;
            line += s.newlines;
            pos += s.consumed;
            if s.blank {
                continue;
            }
            if header.is_none() {
                if strict_utf8 && std::str::from_utf8(rec).is_err() {
                    let f = encoding::in_record(rec, rec_line);
                    return Err(encoding::not_utf8(InputKind::Calls, path, &f));
                }
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
                    idx,
                }));
                if !is_data {
                    continue;
                }
            }
            let ncols = header.as_ref().map_or(0, |h| h.ncols);
            if std::str::from_utf8(rec).is_err() {
                if strict_utf8 {
                    // No encoding named: the first record that is not UTF-8 stops the read.
                    let f = encoding::in_record(rec, rec_line);
                    return Err(encoding::not_utf8(InputKind::Calls, path, &f));
                }
                utf8_rejects.push(rec_line);
                continue;
            }
            pending.plain &= d.is_ascii() && !rec.iter().any(|&b| b == b'"' || b == b'\r');
            pending.bytes.extend_from_slice(rec);
            pending.bytes.push(b'\n');
            pending.lines.push(rec_line);
            pending
                .bad
                .push((s.fields != ncols).then_some((s.fields, ncols)));
        }
        buf.drain(..pos);
        // What is left is one incomplete record: bounded, or a 1 GiB line would sit in memory
        // and be rescanned at every block.
        if !eof && buf.len() > record_limit {
            return Err(limits::record_too_long(path, line, record_limit));
        }
        let done = eof && buf.is_empty();
        if (pending.bytes.len() >= chunk_size || done) && !pending.lines.is_empty() {
            let h = header.as_ref().expect("header before records");
            if !tx.send(pending.take(h, d, pool, chunk_size)) {
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

/// Records found one at a time ([`csvsplit`]), not yet handed on as a chunk.
struct Pending {
    bytes: Vec<u8>,
    lines: Vec<u64>,
    bad: Vec<Option<(usize, usize)>>,
    /// Whether every record is plain (see [`Records::Plain`]).
    plain: bool,
}

impl Pending {
    /// The records as a chunk; start again in a buffer a converter has finished with.
    fn take(
        &mut self,
        h: &std::sync::Arc<Header>,
        d: u8,
        pool: &Pool<Vec<u8>>,
        chunk_size: usize,
    ) -> Chunk {
        let c = records_chunk(
            &mut self.bytes,
            &mut self.lines,
            &mut self.bad,
            h,
            d,
            self.plain,
        );
        self.bytes = pool.buffer(chunk_size + chunk_size / 4);
        self.plain = true;
        c
    }
}
