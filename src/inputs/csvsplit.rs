//! Splitting a CSV byte stream into records: quote-aware record boundaries, exact start lines,
//! field counts, blank-record skipping and UTF-8 checks. The call log's producer
//! (`callread::csvstream`) splits with it every block that the whole-line fast path does not
//! take, so that whichever way a chunk is then split into fields (plainly or by the csv crate)
//! it gets whole records and row `i` of a chunk is record `i` of its list, with the line where
//! it starts even when quoted fields hold newlines; the general reader (`source`) uses it to
//! find where an unclosed quoted field begins.

/// One record found at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Bytes of the record, without its line break (`\r\n` or `\n`).
    pub len: usize,
    /// Bytes consumed, including the line break.
    pub consumed: usize,
    /// Newlines consumed (inside quotes and the terminating one).
    pub newlines: u64,
    /// Fields: 1 + delimiters outside quotes.
    pub fields: usize,
    /// A blank line (M2.8: skipped, not a row): one field, only whitespace (and quotes).
    /// A line of delimiters (`,,,`) is a record of empty fields, rejected for what it lacks.
    pub blank: bool,
}

/// Find the record at the start of `buf`. `None` when it is not complete yet (no line break
/// outside quotes and not at end of input), or when `buf` is empty. At end of input an open
/// quote is an error (the line where the quoted field began is reported by the caller).
pub fn next_record(buf: &[u8], delim: u8, eof: bool) -> Result<Option<Split>, ()> {
    if buf.is_empty() {
        return Ok(None);
    }
    // Fast path: a record without quotes, i.e. a line break before any quote, is
    // everything up to that break; the loop below gives the same split byte by byte.
    if delim != b'"' && delim != b'\n' {
        if let Some(i) = find_break_or_quote(buf) {
            if buf[i] == b'\n' {
                let rec = &buf[..i];
                return Ok(Some(Split {
                    len: if rec.last() == Some(&b'\r') { i - 1 } else { i },
                    consumed: i + 1,
                    newlines: 1,
                    fields: 1 + rec.iter().filter(|&&b| b == delim).count(),
                    blank: rec.iter().all(u8::is_ascii_whitespace),
                }));
            }
        }
    }
    scan(buf, delim, eof)
}

/// The first `\n` or `"` in `buf`, eight bytes at a time (SWAR: a byte equal to the target
/// becomes zero after the xor; the lowest flagged byte of `(x - 1s) & !x & 80s` is always
/// the first zero byte).
fn find_break_or_quote(buf: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let mut words = buf.chunks_exact(8);
    let mut i = 0;
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        let x = u64::from_le_bytes(x);
        let z = zero(x ^ (LO * u64::from(b'\n'))) | zero(x ^ (LO * u64::from(b'"')));
        if z != 0 {
            return Some(i + (z.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b'\n' || b == b'"')
        .map(|p| i + p)
}

/// The general, byte-by-byte splitter behind [`next_record`] (`buf` not empty).
fn scan(buf: &[u8], delim: u8, eof: bool) -> Result<Option<Split>, ()> {
    let mut quoted = false;
    // A quote opens a quoted field only at the start of a field (or right after a closing
    // quote: `""` inside quotes is an escaped quote); elsewhere it is a literal character, as
    // the csv crate reads it.
    let mut field_start = true;
    let mut just_closed = false;
    let mut fields = 1;
    let mut newlines = 0;
    let mut blank = true;
    for (i, &b) in buf.iter().enumerate() {
        if b == b'"' {
            if quoted {
                quoted = false;
                just_closed = true;
            } else if field_start || just_closed {
                quoted = true;
                just_closed = false;
            } else {
                blank = false;
            }
            field_start = false;
            continue;
        }
        just_closed = false;
        if b == b'\n' {
            newlines += 1;
            if !quoted {
                let len = if i > 0 && buf[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                return Ok(Some(Split {
                    len,
                    consumed: i + 1,
                    newlines,
                    fields,
                    blank,
                }));
            }
            continue;
        }
        if quoted {
            blank &= b.is_ascii_whitespace();
            continue;
        }
        if b == delim {
            fields += 1;
            field_start = true;
            blank = false;
        } else {
            field_start = false;
            if !b.is_ascii_whitespace() {
                blank = false;
            }
        }
    }
    if !eof {
        return Ok(None);
    }
    if quoted {
        return Err(());
    }
    let len = if buf.ends_with(b"\r") {
        buf.len() - 1
    } else {
        buf.len()
    };
    Ok(Some(Split {
        len,
        consumed: buf.len(),
        newlines,
        fields,
        blank,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast path of `next_record` splits exactly as the byte-by-byte scan.
        #[test]
        fn fast_path_is_the_scan(
            text in "[a,; \t\r\n\x0b\"]{1,40}",
            eof in any::<bool>(),
            semi in any::<bool>(),
        ) {
            let d = if semi { b';' } else { b',' };
            let b = text.as_bytes();
            prop_assert_eq!(next_record(b, d, eof), scan(b, d, eof));
            prop_assert_eq!(
                find_break_or_quote(b),
                b.iter().position(|&c| c == b'\n' || c == b'"')
            );
        }
    }

    fn all(text: &str, delim: u8) -> Vec<(String, usize, bool)> {
        let mut out = Vec::new();
        let mut b = text.as_bytes();
        while let Some(s) = next_record(b, delim, true).unwrap() {
            out.push((
                String::from_utf8(b[..s.len].to_vec()).unwrap(),
                s.fields,
                s.blank,
            ));
            b = &b[s.consumed..];
        }
        out
    }

    #[test]
    fn records_quotes_and_blanks() {
        let r = all("a,b\r\n\"x,\ny\",2\n\n ,\"\" \n  \n\"\"\nlast,1", b',');
        assert_eq!(
            r,
            vec![
                ("a,b".into(), 2, false),
                ("\"x,\ny\",2".into(), 2, false),
                ("".into(), 1, true),
                (" ,\"\" ".into(), 2, false),
                ("  ".into(), 1, true),
                ("\"\"".into(), 1, true),
                ("last,1".into(), 2, false),
            ]
        );
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_literal() {
        let r = all("a 5\" disk,b\n\"x\"\"y\",\"\"\n", b',');
        assert_eq!(
            r,
            vec![
                ("a 5\" disk,b".into(), 2, false),
                ("\"x\"\"y\",\"\"".into(), 2, false),
            ]
        );
    }

    #[test]
    fn incomplete_and_unterminated() {
        assert_eq!(next_record(b"a,b", b',', false), Ok(None));
        assert_eq!(next_record(b"\"a\nb", b',', false), Ok(None));
        assert_eq!(next_record(b"\"a\nb", b',', true), Err(()));
    }
}
