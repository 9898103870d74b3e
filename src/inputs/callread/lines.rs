//! The whole-block fast path of the CSV call reader. Most call logs have no quote
//! and no carriage return at all: then a record is a line and a field the text between
//! delimiters, and the producer need not find records one at a time, check each for UTF-8 and
//! copy it into a chunk. It checks the block's whole lines at once (no quote, no `\r`, valid
//! UTF-8) and hands the block's own buffer on; the converters split the lines and count their
//! fields. Anything else (a quote, a `\r`, bytes that are not UTF-8) takes the record-by-record
//! path, so the rows, lines and rejects are the same either way (tested by reading the same
//! text both ways).

use super::chunk::Header;
use crate::inputs::limits;

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

/// Hand every record of a plain region to `on_row`: line `first_line + k` is the `k`-th line
/// of `text`; blank lines (only whitespace) are skipped as the splitter skips them; a line
/// longer than the record limit is the same error as on the record-by-record path.
pub(super) fn consume_lines(
    path: &str,
    text: &str,
    first_line: u64,
    h: &Header,
    delim: u8,
    on_row: &mut impl FnMut(u64, Option<(usize, usize)>, &[&str]),
) -> anyhow::Result<()> {
    let limit = limits::max_record_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(h.ncols);
    let mut row: Vec<&str> = Vec::with_capacity(h.idx.len());
    for (k, rec) in text.split_terminator('\n').enumerate() {
        let line = first_line + k as u64;
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
