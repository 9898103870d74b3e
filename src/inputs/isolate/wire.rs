//! The Parquet child's stream on its pipe: what [`super::serve`] writes and
//! [`super::read_in_child`] reads back, checked as it arrives (a cut-off or corrupt stream is
//! the error [`Truncated`], never a panic and never an allocation larger than what was sent).
//!
//! Header: u32 count, then that many strings (u32 length + UTF-8), then one byte per wanted
//! column (present). Then frames of at most [`FRAME`] rows: `1`, u64 first row, u64 rows, and
//! per present column a kind byte and its values:
//! - `0` text: one u32 length per row, then the UTF-8 bytes of every row in turn;
//! - `1` integers, `2` zoned and `3` naive datetimes in epoch milliseconds ([`Typed`]): one
//!   byte per row (1 = a value, 0 = null), then one i64 per row.
//!
//! `0` ends the stream. Typed values cross as they are: the text they stand for is rendered on
//! the converting thread, and a timestamp's instant is never parsed back from text (M1.2).
//! Frames are small so that the parent converts the first rows while the child reads on.

use std::io::{Read, Write};

use polars::prelude::Column;

use super::super::frames::{self, Kind, TextBatch, Typed};
use super::super::model::StrArena;

/// Rows per frame: the unit of work of the parent's converters. Frames of 2^18 rows (a common
/// row group) were no faster for the year and slower, with 80 MiB more memory, for the month.
pub const FRAME: usize = 1 << 16;

/// The stream ended early or is corrupt: the child failed (its exit status says how).
#[derive(Debug)]
pub struct Truncated;

impl std::fmt::Display for Truncated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the Parquet reader's output ended early")
    }
}

impl std::error::Error for Truncated {}

fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    w.write_all(&(s.len() as u32).to_le_bytes())?;
    w.write_all(s.as_bytes())
}

pub fn write_header(
    w: &mut impl Write,
    header: &[String],
    present: &[bool],
) -> std::io::Result<()> {
    w.write_all(&(header.len() as u32).to_le_bytes())?;
    for h in header {
        put_str(w, h)?;
    }
    w.write_all(&present.iter().map(|&p| u8::from(p)).collect::<Vec<u8>>())
}

fn kind_byte(k: Kind) -> u8 {
    match k {
        Kind::Int => 1,
        Kind::Zoned => 2,
        Kind::Naive => 3,
    }
}

/// Write a slice polars read (`cols`: the wanted columns, `None` where the file lacks one;
/// its first row is row `first`) as frames of at most [`FRAME`] rows, straight from polars'
/// buffers; `scratch` is reused between calls. The same bytes as [`write_batch`] of the
/// slice's [`frames::text_batch`].
pub fn write_slice(
    w: &mut impl Write,
    cols: &[Option<&Column>],
    rows: usize,
    first: u64,
    scratch: &mut Vec<u8>,
) -> anyhow::Result<()> {
    for (start, end) in frames_of(rows) {
        write_frame_head(w, first, start, end)?;
        for c in cols.iter().flatten() {
            let c = c.slice(start as i64, end - start);
            match frames::typed_column(&c)? {
                Some(t) => write_typed(w, &t, 0, end - start, scratch)?,
                None => write_strings(w, &frames::strings(&c)?, scratch)?,
            }
        }
    }
    Ok(())
}

/// Write batch `b` (its first row is row `first`) as frames of at most [`FRAME`] rows.
#[cfg(test)]
pub fn write_batch(
    w: &mut impl Write,
    b: &TextBatch,
    first: u64,
    scratch: &mut Vec<u8>,
) -> std::io::Result<()> {
    for (start, end) in frames_of(b.len) {
        write_frame_head(w, first, start, end)?;
        for (i, c) in b.columns.iter().enumerate() {
            match (c, b.typed.get(i).and_then(Option::as_ref)) {
                (_, Some(t)) => write_typed(w, t, start, end, scratch)?,
                (Some(c), None) => write_text(w, || (start..end).map(|i| c.get(i)), scratch)?,
                (None, None) => {}
            }
        }
    }
    Ok(())
}

/// The frames of `rows` rows: (start, end) row ranges; one empty frame for none.
fn frames_of(rows: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..rows.div_ceil(FRAME).max(1)).map(move |i| (i * FRAME, ((i + 1) * FRAME).min(rows)))
}

fn write_frame_head(
    w: &mut impl Write,
    first: u64,
    start: usize,
    end: usize,
) -> std::io::Result<()> {
    w.write_all(&[1])?;
    w.write_all(&(first + start as u64).to_le_bytes())?;
    w.write_all(&((end - start) as u64).to_le_bytes())
}

/// A typed column's rows `start..end`: kind, null flags, values.
fn write_typed(
    w: &mut impl Write,
    t: &Typed,
    start: usize,
    end: usize,
    scratch: &mut Vec<u8>,
) -> std::io::Result<()> {
    scratch.clear();
    scratch.push(kind_byte(t.kind));
    scratch.extend(t.valid[start..end].iter().map(|&v| u8::from(v)));
    for v in &t.values[start..end] {
        scratch.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(scratch)
}

/// A text column: kind `0`, the lengths, then the texts (`values` is iterated twice), written
/// at once (the tests' reference for [`write_strings`]).
#[cfg(test)]
fn write_text<'a, I: Iterator<Item = &'a str>>(
    w: &mut impl Write,
    values: impl Fn() -> I,
    scratch: &mut Vec<u8>,
) -> std::io::Result<()> {
    scratch.clear();
    scratch.push(0);
    for v in values() {
        scratch.extend_from_slice(&(v.len() as u32).to_le_bytes());
    }
    for v in values() {
        scratch.extend_from_slice(v.as_bytes());
    }
    w.write_all(scratch)
}

/// [`write_text`] of a polars string column (null as empty), straight from its arrays' views:
/// the lengths are the views' own, and no row goes through the column's iterator of options
/// (that iterator was the child's largest cost after decoding).
fn write_strings(
    w: &mut impl Write,
    s: &polars::prelude::StringChunked,
    scratch: &mut Vec<u8>,
) -> std::io::Result<()> {
    scratch.clear();
    scratch.reserve(s.len() * 4 + 1);
    scratch.push(0);
    for (a, valid) in s.downcast_iter().zip(s.iter_validities()) {
        match valid {
            None => {
                for l in a.len_iter() {
                    scratch.extend_from_slice(&l.to_le_bytes());
                }
            }
            Some(valid) => {
                for (l, v) in a.len_iter().zip(valid.iter()) {
                    scratch.extend_from_slice(&(if v { l } else { 0u32 }).to_le_bytes());
                }
            }
        }
    }
    for (a, valid) in s.downcast_iter().zip(s.iter_validities()) {
        match valid {
            None => {
                for t in a.values_iter() {
                    scratch.extend_from_slice(t.as_bytes());
                }
            }
            Some(valid) => {
                for (t, v) in a.values_iter().zip(valid.iter()) {
                    if v {
                        scratch.extend_from_slice(t.as_bytes());
                    }
                }
            }
        }
    }
    w.write_all(scratch)
}

fn take<const N: usize>(r: &mut impl Read) -> anyhow::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b).map_err(|_| Truncated)?;
    Ok(b)
}

/// Exactly `n` bytes, grown as they arrive (a broken length cannot allocate more than was
/// sent); fewer is a broken stream.
fn take_bytes(r: &mut impl Read, n: u64) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    take_bytes_into(r, n, &mut out)?;
    Ok(out)
}

/// [`take_bytes`] into `out` (emptied first; its capacity is reused).
fn take_bytes_into(r: &mut impl Read, n: u64, out: &mut Vec<u8>) -> anyhow::Result<()> {
    out.clear();
    out.reserve(n.min(64 << 20) as usize);
    r.by_ref().take(n).read_to_end(out).map_err(|_| Truncated)?;
    if out.len() as u64 != n {
        return Err(Truncated.into());
    }
    Ok(())
}

/// One text: u32 length, then UTF-8.
fn take_text(r: &mut impl Read) -> anyhow::Result<String> {
    let n = u32::from_le_bytes(take(r)?);
    Ok(String::from_utf8(take_bytes(r, u64::from(n))?).map_err(|_| Truncated)?)
}

/// A text column of `rows` values into `out` (its buffers reused), checked to be whole text
/// (UTF-8, every value ending on a character boundary); `scratch` holds the lengths.
fn take_text_column(
    r: &mut impl Read,
    rows: usize,
    out: &mut StrArena,
    scratch: &mut Vec<u8>,
) -> anyhow::Result<()> {
    take_bytes_into(r, rows as u64 * 4, scratch)?;
    out.ends.clear();
    let mut end = 0u64;
    for l in scratch.chunks_exact(4) {
        end += u64::from(u32::from_le_bytes(l.try_into().unwrap_or_default()));
        out.ends.push(end as usize);
    }
    let mut bytes = std::mem::take(&mut out.bytes).into_bytes();
    take_bytes_into(r, end, &mut bytes)?;
    out.bytes = String::from_utf8(bytes).map_err(|_| Truncated)?;
    if !out.ends.iter().all(|&e| out.bytes.is_char_boundary(e)) {
        return Err(Truncated.into());
    }
    Ok(())
}

/// A typed column of `rows` values into `out` (its buffers reused; `scratch` holds the bytes).
fn take_typed(
    r: &mut impl Read,
    rows: usize,
    out: &mut Typed,
    scratch: &mut Vec<u8>,
) -> anyhow::Result<()> {
    take_bytes_into(r, rows as u64, scratch)?;
    if scratch.iter().any(|&v| v > 1) {
        return Err(Truncated.into());
    }
    out.valid.clear();
    out.valid.extend(scratch.iter().map(|&v| v == 1));
    take_bytes_into(r, rows as u64 * 8, scratch)?;
    out.values.clear();
    out.values.extend(
        scratch
            .chunks_exact(8)
            .map(|v| i64::from_le_bytes(v.try_into().unwrap_or_default())),
    );
    Ok(())
}

/// Read a stream: `on_header` sees the file's columns and which wanted ones it has, `f` each
/// frame (typed columns as values) with its first row. Returns the file's columns. A frame is
/// read into a batch `spare` gives back (one `f` is done with) when it has one, so that its
/// buffers are not allocated anew, and faulted in, for every frame.
pub fn receive(
    r: &mut impl Read,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    f: &mut impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
    spare: &mut impl FnMut() -> Option<TextBatch>,
) -> anyhow::Result<Vec<String>> {
    let n = u32::from_le_bytes(take(r)?) as usize;
    // The child checked the schema's width; a longer header is a broken stream.
    if n > super::super::limits::MAX_COLUMNS {
        return Err(Truncated.into());
    }
    let header = (0..n)
        .map(|_| take_text(r))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let mut present = vec![false; wanted.len()];
    for p in present.iter_mut() {
        *p = match take::<1>(r)?[0] {
            0 => false,
            1 => true,
            _ => return Err(Truncated.into()),
        };
    }
    on_header(&header, &present)?;
    let mut scratch = Vec::new();
    loop {
        match take::<1>(r)?[0] {
            0 => return Ok(header),
            1 => {}
            _ => return Err(Truncated.into()),
        }
        let first = u64::from_le_bytes(take(r)?);
        let len = u64::from_le_bytes(take(r)?);
        // The child sends at most a frame of rows at a time.
        if len > FRAME as u64 || first == 0 {
            return Err(Truncated.into());
        }
        let len = len as usize;
        let mut b = spare()
            .filter(|b| b.columns.len() == present.len() && b.typed.len() == present.len())
            .unwrap_or_else(|| TextBatch {
                columns: vec![None; present.len()],
                typed: vec![None; present.len()],
                len: 0,
                lines: None,
            });
        b.len = len;
        b.lines = None;
        for (k, &p) in present.iter().enumerate() {
            let (c, t) = (&mut b.columns[k], &mut b.typed[k]);
            if !p {
                (*c, *t) = (None, None);
                continue;
            }
            let kind = match take::<1>(r)?[0] {
                0 => None,
                1 => Some(Kind::Int),
                2 => Some(Kind::Zoned),
                3 => Some(Kind::Naive),
                _ => return Err(Truncated.into()),
            };
            match kind {
                None => {
                    let mut text = c.take().unwrap_or_default();
                    take_text_column(r, len, &mut text, &mut scratch)?;
                    (*c, *t) = (Some(text), None);
                }
                Some(kind) => {
                    let mut typed = t.take().unwrap_or(Typed {
                        kind,
                        values: Vec::new(),
                        valid: Vec::new(),
                    });
                    typed.kind = kind;
                    take_typed(r, len, &mut typed, &mut scratch)?;
                    (*c, *t) = (None, Some(typed));
                }
            }
        }
        f(b, first)?;
    }
}

#[cfg(test)]
mod tests;
