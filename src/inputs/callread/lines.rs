//! The plain split of the CSV call reader, the first of its two ways to split records into
//! fields (the csv crate is the other, in [`super::chunk`]). Most call logs have no quote and
//! no carriage return at all: then a record is a line and a field the text between
//! delimiters. The producer checks a block's whole lines at once ([`plain_prefix`]: no quote,
//! no `\r`, valid UTF-8) and hands the block's own buffer on, without finding records one at a
//! time; records it did find one at a time are split the same way when none has a quote or a
//! `\r`. The rows, lines and rejects are the same either way (tested by reading the same text
//! both ways, and against the csv crate).

use crate::inputs::limits;

/// A CSV call file's header as the converters need it.
pub(super) struct Header {
    /// Fields per record.
    pub(super) ncols: usize,
    /// Per wanted source column, its index in the header.
    pub(super) idx: Vec<Option<usize>>,
}

/// The lines of a plain chunk's records.
pub(super) enum Lines {
    /// Whole lines of the file, taken as read: record `k` is line `first + k` (blank lines
    /// included, skipped by the converter); `breaks` line breaks in all (about the rows).
    From { first: u64, breaks: u64 },
    /// Records found one at a time (no blank ones): record `k` starts at line `lines[k]`.
    Each(Vec<u64>),
}

/// The end of the longest prefix of `buf` made of whole lines (through its last `\n`, or all
/// of it at end of input) when that prefix is plain: no quote, no carriage return, valid UTF-8,
/// and the delimiter an ASCII byte that is none of those. `None` otherwise.
pub(super) fn plain_prefix(buf: &[u8], delim: u8, eof: bool) -> Option<usize> {
    if !delim.is_ascii() || matches!(delim, b'"' | b'\n' | b'\r') {
        return None;
    }
    let end = if eof {
        buf.len()
    } else {
        memchr::memrchr(b'\n', buf)? + 1
    };
    let region = &buf[..end];
    let plain = end > 0
        && memchr::memchr2(b'"', b'\r', region).is_none()
        && std::str::from_utf8(region).is_ok();
    plain.then_some(end)
}

/// Line breaks in `bytes` (the lines a plain region advances the line counter by).
pub(super) fn count_breaks(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Split `rec` at the ASCII byte `delim` into `out`, keeping at most `keep` fields; returns
/// how many fields the record has.
pub(super) fn split_fields<'a>(
    rec: &'a str,
    delim: u8,
    out: &mut Vec<&'a str>,
    keep: usize,
) -> usize {
    let mut n = 0;
    let mut start = 0;
    for i in memchr::memchr_iter(delim, rec.as_bytes()) {
        if n < keep {
            // `delim` is ASCII: `start` and `i` are character boundaries.
            out.push(&rec[start..i]);
        }
        n += 1;
        start = i + 1;
    }
    if n < keep {
        out.push(&rec[start..]);
    }
    n + 1
}

/// Hand every record of plain `text` to `on_row`, record `k` at the line `lines` gives it;
/// blank lines (only whitespace) are skipped as the splitter skips them; a line longer than
/// the record limit is the same error as on the record-by-record path.
pub(super) fn consume_lines(
    path: &str,
    text: &str,
    lines: &Lines,
    h: &Header,
    delim: u8,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let limit = limits::max_record_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(h.ncols);
    let mut row: Vec<&str> = Vec::with_capacity(h.idx.len());
    for (k, rec) in text.split_terminator('\n').enumerate() {
        let line = match lines {
            Lines::From { first, .. } => first + k as u64,
            Lines::Each(l) => l[k],
        };
        if rec.len() > limit {
            return Err(limits::record_too_long(path, line, limit));
        }
        if rec.bytes().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        fields.clear();
        let n = split_fields(rec, delim, &mut fields, h.ncols);
        row.clear();
        row.extend(
            h.idx
                .iter()
                .map(|ix| ix.and_then(|ix| fields.get(ix).copied()).unwrap_or("")),
        );
        on_row(line, (n != h.ncols).then_some((n, h.ncols)), &row);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_of_whole_plain_lines() {
        assert_eq!(plain_prefix(b"a,b\nc,d\ne,", b',', false), Some(8));
        assert_eq!(plain_prefix(b"a,b\nc,d\ne,", b',', true), Some(10));
        assert_eq!(plain_prefix(b"no break yet", b',', false), None);
        assert_eq!(plain_prefix(b"", b',', true), None);
        assert_eq!(plain_prefix(b"a,\"b\"\n", b',', false), None);
        assert_eq!(plain_prefix(b"a,b\r\n", b',', false), None);
        assert_eq!(plain_prefix(b"a,\xff\n", b',', false), None);
        assert_eq!(plain_prefix(b"a\"b\n", b'"', false), None);
        // A quote after the last whole line is not part of the prefix.
        assert_eq!(plain_prefix(b"a,b\n\"c", b',', false), Some(4));
    }

    #[test]
    fn fields_split_at_the_delimiter() {
        let mut out = Vec::new();
        assert_eq!(split_fields("a,,b,", b',', &mut out, 9), 4);
        assert_eq!(out, ["a", "", "b", ""]);
        out.clear();
        assert_eq!(split_fields("å;ä;ö", b';', &mut out, 2), 3);
        assert_eq!(out, ["å", "ä"]);
        out.clear();
        assert_eq!(split_fields("", b',', &mut out, 2), 1);
        assert_eq!(out, [""]);
    }
}
