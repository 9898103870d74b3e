//! Reading one input file into rows of text fields, projected onto the source columns a
//! mapping needs. Used for the small inputs (tickets, changes, corrections) and as the
//! record layer under the call reader's CSV path.
//!
//! CSV: the delimiter (`,` `;` or tab) is sniffed from the header line unless the mapping
//! names one; a UTF-8 BOM is stripped; quoted fields may hold delimiters, doubled quotes and
//! newlines. Every record carries the 1-based line where it starts (exact, from the `csv`
//! crate). Blank lines (only whitespace, no delimiter) are skipped and not counted.
//! Parquet and NDJSON are read through [`super::isolate::for_each_batch`]: there the "line" is
//! the 1-based row number (Parquet) or the line number (NDJSON).

use std::path::Path;

use anyhow::Context;

use super::mapping::InputMapping;
use super::reasons::{self, Bad};

/// The file formats, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Ndjson,
}

/// The format of `path` from its extension (case-insensitive).
pub fn format_of(path: &str) -> anyhow::Result<Format> {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "jtl" | "tsv" | "txt" => Ok(Format::Csv),
        "parquet" | "pq" => Ok(Format::Parquet),
        "ndjson" | "jsonl" => Ok(Format::Ndjson),
        "log" => anyhow::bail!(
            "{path}: unsupported input format `.log`: a Gatling simulation.log (or other text \
             log) is not tabular; export results as CSV (e.g. JMeter JTL/CSV) and use \
             --preset jmeter"
        ),
        _ => anyhow::bail!(
            "{path}: unknown file extension `{ext}`: expected .csv, .jtl, .tsv, .txt (CSV), \
             .parquet (Parquet) or .ndjson, .jsonl (NDJSON)"
        ),
    }
}

/// One record: where it starts and its projected fields (aligned with [`Table::wanted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
    /// `Some((found, expected))` when the record's field count differs from the header's.
    pub bad_len: Option<(usize, usize)>,
    /// The record is not valid UTF-8 (its fields are left empty).
    pub invalid_utf8: bool,
}

impl Record {
    /// What makes the record unusable as a whole, if anything: a reject reason.
    pub fn issue(&self) -> Option<Bad> {
        if self.invalid_utf8 {
            Some(Bad::new("", "", reasons::INVALID_UTF8))
        } else {
            self.bad_len.map(|(found, expected)| {
                Bad::new(
                    "",
                    &format!("{found} fields, expected {expected}"),
                    reasons::FIELD_COUNT,
                )
            })
        }
    }
}

/// A file's rows, projected.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Every column name of the file, in file order (for error messages).
    pub header: Vec<String>,
    /// The wanted source names, in the order given.
    pub wanted: Vec<String>,
    /// For each wanted name, whether the file has it.
    pub present: Vec<bool>,
    pub records: Vec<Record>,
}

/// Sniff the delimiter from the first line: the most frequent of `,` `;` tab outside quotes
/// (ties: `,` then `;`).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    // The first of the most frequent (ties keep the earlier delimiter).
    let (best, _) = counts.iter().enumerate().fold(
        (0, 0),
        |(bi, bc), (i, &c)| if c > bc { (i, c) } else { (bi, bc) },
    );
    [b',', b';', b'\t'][best]
}

/// The delimiter a mapping names (`,` `;` `\t`/`tab` `|` …), if any.
pub fn mapping_delimiter(m: &InputMapping) -> anyhow::Result<Option<u8>> {
    match m.delimiter.as_deref() {
        None | Some("") => Ok(None),
        Some("\\t") | Some("tab") | Some("\t") => Ok(Some(b'\t')),
        Some(s) if s.len() == 1 && s.is_ascii() => Ok(Some(s.as_bytes()[0])),
        Some(s) => anyhow::bail!("delimiter `{s}`: expected one ASCII character (or `\\t`)"),
    }
}

/// Strip a UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Find `name` in `header`: exact (after trimming) first, then case-insensitive.
pub fn find_column(header: &[String], name: &str) -> Option<usize> {
    let name = name.trim();
    header
        .iter()
        .position(|h| h == name)
        .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

/// A wanted column that more than one header name matches (exactly or ignoring case): which
/// copy holds the data is a guess, so the file is refused rather than read from either copy
/// (duplicated header names).
pub fn duplicated_column<'a>(header: &[String], wanted: &'a [String]) -> Option<&'a str> {
    wanted
        .iter()
        .map(|w| w.trim())
        .find(|w| !w.is_empty() && header.iter().filter(|h| h.eq_ignore_ascii_case(w)).count() > 1)
}

/// The error for [`duplicated_column`].
pub fn duplicated_column_error(path: &str, line: u64, name: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{path}: line {line}: column `{name}` appears more than once in the header \
         (expected each column once)"
    )
}

/// Read a CSV file's bytes into a projected table.
///
/// `required` are source names whose absence from the first line means "no header row" when
/// the mapping gives `headerless_columns`.
pub fn read_csv(
    path: &str,
    bytes: &[u8],
    wanted: &[String],
    required: &[String],
    mapping: &InputMapping,
) -> anyhow::Result<Table> {
    let bytes = strip_bom(bytes);
    let delim = match mapping_delimiter(mapping).with_context(|| path.to_string())? {
        Some(d) => d,
        None => sniff_delimiter(bytes),
    };
    // The csv crate ends a record silently at the end of input inside quotes; an odd number of
    // quote characters means a quoted field is never closed: find where it starts.
    if bytecount(bytes, b'"') % 2 == 1 {
        let (mut pos, mut line) = (0usize, 1u64);
        while let Ok(Some(s)) = super::csvsplit::next_record(&bytes[pos..], delim, true) {
            pos += s.consumed;
            line += s.newlines;
        }
        if pos < bytes.len() {
            anyhow::bail!(
                "{path}: line {line}: a quoted field is not closed before the end of the file \
                 (expected a closing `\"`)"
            );
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut table = Table {
        wanted: wanted.to_vec(),
        ..Table::default()
    };
    // A blank line (M2.8) has one field, of whitespace; `,,,` is a record of empty fields.
    let blank = |rec: &csv::ByteRecord| rec.len() == 1 && rec[0].trim_ascii().is_empty();
    let mut first_is_data = false;
    loop {
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(path, &e))?;
        if !more {
            // No header at all: an empty file has no columns.
            table.present = vec![false; wanted.len()];
            return Ok(table);
        }
        if blank(&rec) {
            continue;
        }
        if std::str::from_utf8(rec.as_slice()).is_err() {
            let line = rec.position().map_or(1, |p| p.line());
            anyhow::bail!(
                "{path}: line {line}: the header is not UTF-8 (expected UTF-8 text, with or \
                 without BOM)"
            );
        }
        let line = rec.position().map_or(1, |p| p.line());
        super::limits::check_columns(&format!("{path}: line {line}"), rec.len())?;
        table.header = rec
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        if let Some(cols) = &mapping.headerless_columns {
            let has_any = required.is_empty()
                || required
                    .iter()
                    .any(|r| find_column(&table.header, r).is_some());
            if !has_any {
                table.header = cols.clone();
                first_is_data = true;
            }
        }
        if let Some(name) = duplicated_column(&table.header, wanted) {
            let line = rec.position().map_or(1, |p| p.line());
            return Err(duplicated_column_error(path, line, name));
        }
        break;
    }
    let idx: Vec<Option<usize>> = wanted
        .iter()
        .map(|w| find_column(&table.header, w))
        .collect();
    table.present = idx.iter().map(Option::is_some).collect();
    let ncols = table.header.len();
    // The csv crate reports a record's position before any blank lines it skipped, so the
    // line is recomputed from the byte offset: newlines before it, plus the blank lines
    // between it and the record's first byte. Counted incrementally: O(file size) in total.
    let mut lines = LineCounter::new(bytes);
    let mut push = |rec: &csv::ByteRecord, table: &mut Table| {
        let line = lines.line_at(rec.position().map_or(0, |p| p.byte() as usize));
        // A record that is not UTF-8 is a reject row, not a file error. Fields end at ASCII
        // delimiters, so each field of a valid record is valid on its own.
        let invalid_utf8 = std::str::from_utf8(rec.as_slice()).is_err();
        let fields = idx
            .iter()
            .map(|i| {
                i.and_then(|i| rec.get(i))
                    .filter(|_| !invalid_utf8)
                    .map_or(String::new(), |f| String::from_utf8_lossy(f).into_owned())
            })
            .collect();
        let bad_len = (rec.len() != ncols).then_some((rec.len(), ncols));
        table.records.push(Record {
            line,
            fields,
            bad_len,
            invalid_utf8,
        });
    };
    if first_is_data {
        push(&rec, &mut table);
    }
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_error(path, &e))?
    {
        if blank(&rec) {
            continue;
        }
        push(&rec, &mut table);
    }
    Ok(table)
}

/// Maps byte offsets (non-decreasing) to 1-based line numbers of the first non-blank byte.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `offset` that is not a line break.
    pub fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset >= self.pos {
            self.line += self.bytes[self.pos..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = offset;
        }
        let mut line = self.line;
        for &b in &self.bytes[self.pos..] {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
        }
        line
    }
}

fn bytecount(bytes: &[u8], b: u8) -> usize {
    bytes.iter().filter(|&&x| x == b).count()
}

/// A CSV error naming file, line and what was expected.
pub fn csv_error(path: &str, e: &csv::Error) -> anyhow::Error {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => {
            let line = pos.as_ref().map_or(0, |p| p.line());
            anyhow::anyhow!(
                "{path}: line {line}, field {}: invalid UTF-8 (expected UTF-8 text, with or \
                 without BOM)",
                err.field() + 1
            )
        }
        _ => {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{path}: line {line}: {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sniffs_semicolon_and_tab() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"a\n"), b',');
    }

    #[test]
    fn bom_quotes_newlines_and_line_numbers() {
        let text = "\u{feff}id;text\n1;\"a;b\nc\"\n\n2;\"x \"\"y\"\"\"\n ; \n3;z\n";
        let t = read_csv(
            "t.csv",
            text.as_bytes(),
            &names(&["id", "text", "nope"]),
            &[],
            &InputMapping::default(),
        )
        .unwrap();
        assert_eq!(t.header, names(&["id", "text"]));
        assert_eq!(t.present, vec![true, true, false]);
        let lines: Vec<u64> = t.records.iter().map(|r| r.line).collect();
        // Line 4 is blank (skipped); line 6 (` ; `) is a record of empty fields.
        assert_eq!(lines, vec![2, 5, 6, 7]);
        assert_eq!(t.records[0].fields, names(&["1", "a;b\nc", ""]));
        assert_eq!(t.records[1].fields[1], "x \"y\"");
    }

    #[test]
    fn headerless_file_uses_the_given_columns() {
        let m = InputMapping {
            headerless_columns: Some(names(&["timeStamp", "elapsed"])),
            ..Default::default()
        };
        let t = read_csv(
            "h.jtl",
            b"1000,5\n2000,6",
            &names(&["elapsed"]),
            &names(&["timeStamp"]),
            &m,
        )
        .unwrap();
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.records[0].line, 1);
        assert_eq!(t.records[1].fields, names(&["6"]));
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        let e = read_csv(
            "q.csv",
            b"a,b\n1,2\n3,\"x\ny\n",
            &names(&["a"]),
            &[],
            &InputMapping::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("q.csv: line 3") && e.contains("not closed"),
            "{e}"
        );
    }

    #[test]
    fn invalid_utf8_record_is_flagged_not_fatal() {
        let t = read_csv(
            "u.csv",
            b"a,b\n1,\xff\xfe\n2,ok\n",
            &names(&["a", "b"]),
            &[],
            &InputMapping::default(),
        )
        .unwrap();
        assert!(t.records[0].invalid_utf8);
        assert_eq!(t.records[0].issue().unwrap().reason, "invalid UTF-8");
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].fields, names(&["2", "ok"]));
        assert!(t.records[1].issue().is_none());
    }

    #[test]
    fn ragged_rows_are_flagged() {
        let t = read_csv(
            "r.csv",
            b"a,b\n1\n1,2,3\n",
            &names(&["a"]),
            &[],
            &InputMapping::default(),
        )
        .unwrap();
        assert_eq!(t.records[0].bad_len, Some((1, 2)));
        assert_eq!(t.records[1].bad_len, Some((3, 2)));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of("a.CSV").unwrap(), Format::Csv);
        assert_eq!(format_of("x/b.jtl").unwrap(), Format::Csv);
        assert_eq!(format_of("b.parquet").unwrap(), Format::Parquet);
        assert_eq!(format_of("b.jsonl").unwrap(), Format::Ndjson);
        let e = format_of("simulation.log").unwrap_err().to_string();
        assert!(e.contains("Gatling"), "{e}");
        assert!(format_of("a.xlsx").is_err());
    }
}
