//! Text encodings of CSV and NDJSON inputs.
//!
//! UTF-8, with or without a byte-order mark, is the default. A file in another encoding is
//! read when its input's mapping says so (`encoding = "windows-1252"`, a WHATWG label as
//! encoding_rs knows them): its bytes are transcoded to UTF-8 before they are split into
//! records, and the encoding is recorded with the file (manifest.json; `verify` re-reads with
//! the same mapping).
//!
//! Without that setting a file that is not UTF-8 is an error, said once for the file before any
//! row is read: the first bad line and column, the encoding the file most likely is (a UTF-16
//! byte-order mark; bytes 0x80–0x9F, which only Windows-1252 uses for text; else Windows-1252
//! or ISO-8859-1, as Excel saves "CSV (semikolonavgränsad)"), and the mapping line that reads
//! it. Rejecting the rows one by one would leave a report resting silently on the rows that
//! happen to be ASCII. `encoding = "utf-8"` set explicitly keeps the old reading of a damaged
//! UTF-8 file: each record that is not UTF-8 is a reject row (`invalid UTF-8`).
//!
//! The call log's UTF-8 path costs nothing more: the records are checked as they are split
//! anyway; the file is scanned again only to word the error.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use sha2::{Digest, Sha256};

use super::catalog::InputKind;
use super::mapping::InputMapping;
use super::model::FileStats;
use super::source::{self, Format};

/// What an input's mapping says about its encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Declared {
    /// Nothing: UTF-8 expected, anything else is an error.
    Default,
    /// `utf-8` explicitly: records that are not UTF-8 are rejected row by row.
    Utf8,
    /// Another encoding: transcoded to UTF-8.
    Other(&'static Encoding),
}

impl Declared {
    /// The mapping's `encoding`, checked.
    pub fn of(kind: InputKind, m: &InputMapping) -> anyhow::Result<Self> {
        let Some(label) = &m.encoding else {
            return Ok(Declared::Default);
        };
        match Encoding::for_label(label.trim().as_bytes()) {
            Some(e) if e == UTF_8 => Ok(Declared::Utf8),
            Some(e) if e.name() != "replacement" => Ok(Declared::Other(e)),
            _ => anyhow::bail!(
                "[inputs.{}] encoding = \"{label}\" is not an encoding name (expected e.g. \
                 \"utf-8\", \"windows-1252\", \"iso-8859-1\", \"utf-16le\", \"utf-16be\")",
                kind.as_str()
            ),
        }
    }

    /// The name recorded with each file read (`None`: the UTF-8 default).
    pub fn recorded(self) -> Option<String> {
        match self {
            Declared::Default => None,
            Declared::Utf8 => Some("utf-8".into()),
            Declared::Other(e) => Some(e.name().to_ascii_lowercase()),
        }
    }
}

/// The encoding a file that is not UTF-8 most likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    Utf16Le,
    Utf16Be,
    /// Bytes 0x80–0x9F are present: Windows-1252 (ISO-8859-1 has only control codes there).
    Windows1252,
    /// Windows-1252 or ISO-8859-1 (Latin-1): the same letters (å ä ö é …).
    Latin1,
}

impl Guess {
    fn words(self) -> &'static str {
        match self {
            Guess::Utf16Le => "UTF-16 little-endian (it starts with that byte-order mark)",
            Guess::Utf16Be => "UTF-16 big-endian (it starts with that byte-order mark)",
            Guess::Windows1252 => {
                "Windows-1252 (as Excel saves \"CSV (semikolonavgränsad)\" on a Swedish Windows)"
            }
            Guess::Latin1 => {
                "Windows-1252 / ISO-8859-1 (Latin-1), as Excel saves \"CSV \
                 (semikolonavgränsad)\" on a Swedish Windows"
            }
        }
    }

    /// The mapping value that reads it.
    pub fn label(self) -> &'static str {
        match self {
            Guess::Utf16Le => "utf-16le",
            Guess::Utf16Be => "utf-16be",
            Guess::Windows1252 | Guess::Latin1 => "windows-1252",
        }
    }
}

/// Where a file stops being UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 1-based line and character column of the first byte that is not UTF-8.
    pub line: u64,
    pub column: u64,
    pub byte: u8,
    pub guess: Guess,
}

/// The first place `r`'s bytes are not UTF-8 (a UTF-8 byte-order mark is allowed; a UTF-16
/// one is not UTF-8), or `None`. Reads in blocks: memory stays small on a large file.
pub fn scan(mut r: impl Read) -> std::io::Result<Option<Found>> {
    let mut block = vec![0u8; 1 << 20];
    let mut data: Vec<u8> = Vec::with_capacity(block.len() + 4);
    let (mut line, mut column) = (1u64, 0u64);
    let mut first = true;
    loop {
        let n = r.read(&mut block)?;
        data.extend_from_slice(&block[..n]);
        if first && (data.len() >= 3 || n == 0) {
            first = false;
            if let Some(f) = utf16_bom(&data) {
                return Ok(Some(f));
            }
            if data.starts_with(b"\xEF\xBB\xBF") {
                data.drain(..3);
            }
        } else if first {
            continue;
        }
        let (valid, bad) = match std::str::from_utf8(&data) {
            Ok(_) => (data.len(), None),
            // An incomplete sequence at the end of the block continues in the next one.
            Err(e) if e.error_len().is_none() && n > 0 => (e.valid_up_to(), None),
            Err(e) => (e.valid_up_to(), Some(e.valid_up_to())),
        };
        let text = &data[..valid];
        match memchr::memrchr(b'\n', text) {
            Some(i) => {
                line += memchr::memchr_iter(b'\n', text).count() as u64;
                column = chars(&text[i + 1..]);
            }
            None => column += chars(text),
        }
        if let Some(at) = bad {
            return Ok(Some(Found {
                line,
                column: column + 1,
                byte: data[at],
                guess: legacy_guess(&data),
            }));
        }
        if n == 0 {
            return Ok(None);
        }
        data.drain(..valid);
    }
}

fn bom(guess: Guess) -> Found {
    Found {
        line: 1,
        column: 1,
        byte: if guess == Guess::Utf16Le { 0xFF } else { 0xFE },
        guess,
    }
}

/// Characters in valid UTF-8 bytes (bytes that do not continue a character).
fn chars(b: &[u8]) -> u64 {
    b.iter().filter(|&&c| (c & 0xC0) != 0x80).count() as u64
}

fn legacy_guess(sample: &[u8]) -> Guess {
    if sample.iter().any(|b| (0x80..=0x9F).contains(b)) {
        Guess::Windows1252
    } else {
        Guess::Latin1
    }
}

/// A UTF-16 byte-order mark at the start of `first`, as the place the file stops being UTF-8.
pub fn utf16_bom(first: &[u8]) -> Option<Found> {
    if first.starts_with(&[0xFF, 0xFE]) {
        Some(bom(Guess::Utf16Le))
    } else if first.starts_with(&[0xFE, 0xFF]) {
        Some(bom(Guess::Utf16Be))
    } else {
        None
    }
}

/// The place a record (starting a line, at `first_line`) stops being UTF-8; the guess from
/// the record's own bytes.
pub fn in_record(rec: &[u8], first_line: u64) -> Found {
    let at = std::str::from_utf8(rec)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let valid = &rec[..at];
    let (line, column) = match memchr::memrchr(b'\n', valid) {
        Some(i) => (
            first_line + memchr::memchr_iter(b'\n', valid).count() as u64,
            chars(&valid[i + 1..]) + 1,
        ),
        None => (first_line, chars(valid) + 1),
    };
    Found {
        line,
        column,
        byte: rec.get(at).copied().unwrap_or(0),
        guess: legacy_guess(rec),
    }
}

/// The error for a file that is not UTF-8 and whose mapping names no encoding.
pub fn not_utf8(kind: InputKind, path: &str, f: &Found) -> anyhow::Error {
    let k = kind.as_str();
    let shown = match f.guess {
        Guess::Utf16Le | Guess::Utf16Be => String::new(),
        _ => {
            let byte = [f.byte];
            let (c, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            format!(" (`{c}` in Windows-1252)")
        }
    };
    anyhow::anyhow!(
        "{path} ({k}): line {}, column {}: not UTF-8 text: byte 0x{:02X}{shown}; the file is \
         most likely {}.\n\
         hint: read it with the mapping line `encoding = \"{}\"` under [inputs.{k}] (in a \
         mapping file, --mapping FILE, or the config); a UTF-8 file with damaged records is \
         read with `encoding = \"utf-8\"`, which rejects those records row by row",
        f.line,
        f.column,
        f.byte,
        f.guess.words(),
        f.guess.label(),
    )
}

/// A small input's bytes as UTF-8 text, as its mapping says: checked (default), as they are
/// (`utf-8`), or transcoded. Parquet files are binary and pass unchanged. Records the
/// encoding in `stats`.
pub fn decode(
    kind: InputKind,
    path: &str,
    bytes: Vec<u8>,
    m: &InputMapping,
    stats: &mut FileStats,
) -> anyhow::Result<Vec<u8>> {
    if source::format_of(path)? == Format::Parquet {
        return Ok(bytes);
    }
    let declared = Declared::of(kind, m)?;
    stats.encoding = declared.recorded();
    match declared {
        Declared::Default => match scan(&bytes[..])? {
            None => Ok(bytes),
            Some(f) => Err(not_utf8(kind, path, &f)),
        },
        Declared::Utf8 => Ok(bytes),
        Declared::Other(e) => {
            stats.encoding_doubt = e.is_single_byte()
                && !bytes.is_ascii()
                && std::str::from_utf8(source::strip_bom(&bytes)).is_ok();
            let (text, had_errors) = e.decode_with_bom_removal(&bytes);
            if had_errors {
                return Err(undecodable(kind, path, e, &text));
            }
            Ok(text.into_owned().into_bytes())
        }
    }
}

/// The error for bytes that are not valid in the declared encoding (a UTF-16 file cut short).
fn undecodable(kind: InputKind, path: &str, e: &'static Encoding, text: &str) -> anyhow::Error {
    let at = text.find('\u{FFFD}').unwrap_or(0);
    let line = 1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    anyhow::anyhow!(
        "{path} ({}): line {line}: not valid {} text, as the mapping's `encoding` says it is",
        kind.as_str(),
        e.name()
    )
}

/// A reader that transcodes `inner` from `enc` to UTF-8 and hashes the bytes it reads (the
/// file as stored, as the manifest records it). For the call log with an `encoding` set.
pub struct Transcode<R> {
    inner: R,
    dec: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
    pub hasher: Sha256,
    pub size: u64,
    pub had_errors: bool,
}

impl<R: Read> Transcode<R> {
    pub fn new(inner: R, enc: &'static Encoding) -> Self {
        Transcode {
            inner,
            dec: enc.new_decoder_with_bom_removal(),
            raw: vec![0u8; 1 << 20],
            out: Vec::new(),
            pos: 0,
            done: false,
            hasher: Sha256::new(),
            size: 0,
            had_errors: false,
        }
    }

    /// Size and SHA-256 of the bytes read from `inner`.
    pub fn finish(self) -> (u64, String) {
        (self.size, crate::config::hex(&self.hasher.finalize()))
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            self.hasher.update(&self.raw[..n]);
            self.size += n as u64;
            let last = n == 0;
            let cap = self
                .dec
                .max_utf8_buffer_length(n)
                .ok_or_else(|| std::io::Error::other("block too large to transcode"))?;
            self.out.resize(cap, 0);
            let (_, read, written, errors) =
                self.dec.decode_to_utf8(&self.raw[..n], &mut self.out, last);
            debug_assert_eq!(read, n);
            self.had_errors |= errors;
            self.out.truncate(written);
            self.pos = 0;
            self.done = last;
        }
        let k = buf.len().min(self.out.len() - self.pos);
        buf[..k].copy_from_slice(&self.out[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

#[cfg(test)]
mod tests;
