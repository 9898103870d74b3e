//! Tests of the streaming call-log reader (block splitting, chunk parsing, line numbers).

use super::chunk::{consume, records_chunk, Pool, Records};
use super::csvstream::{stream_csv_from, Converter, Io};
use super::lines::Header;
use super::*;
use proptest::prelude::*;

type Row = (u64, Option<(usize, usize)>, Vec<String>);

/// Stream `text` both ways (plain blocks whole, and record by record), check that they agree,
/// and return the rows and the hash.
fn stream(text: &str, block: usize, chunk: usize, m: &InputMapping) -> (Vec<Row>, String) {
    let whole = stream_with(text, block, chunk, m, true);
    let by_record = stream_with(text, block, chunk, m, false);
    assert_eq!(whole, by_record, "block {block} chunk {chunk}: {text:?}");
    whole
}

fn stream_with(
    text: &str,
    block: usize,
    chunk: usize,
    m: &InputMapping,
    whole_lines: bool,
) -> (Vec<Row>, String) {
    let wanted: Vec<String> = ["id", "v"].iter().map(|s| s.to_string()).collect();
    let mut rows = Vec::new();
    let new_part = Vec::<Row>::with_capacity;
    let on_row = |p: &mut Vec<Row>, line, bad, f: &[&str]| {
        p.push((line, bad, f.iter().map(|s| s.to_string()).collect()))
    };
    let convert = Converter {
        new_part: &new_part,
        on_row: &on_row,
    };
    let io = Io {
        file: text.as_bytes(),
        block,
        chunk,
        on_bytes: &|_| {},
        whole_lines,
    };
    // The parts, converted in parallel, are merged in file order.
    let (size, sha) = stream_csv_from(
        io,
        "t.csv",
        m,
        &wanted,
        &wanted,
        |_, _| Ok(()),
        &convert,
        |part, _| rows.extend(part),
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
            // A line of delimiters is a record (of 3 empty fields: the wrong count), not blank.
            (6, Some((3, 2)), s(&["", ""])),
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

/// A record with a quote or a carriage return goes to the csv crate: a quoted field keeps its
/// delimiter, an unquoted quote and a carriage return inside a record are text, and lines stay
/// those where the records start.
#[test]
fn quoted_records_are_read_by_the_csv_crate() {
    let text = "id,v\n1,a\rb\n2,\"x,y\"\n3,k\"1\n\n4,plain\n";
    let (rows, _) = stream(text, 1 << 20, 1 << 20, &InputMapping::default());
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        vec![
            (2, None, s(&["1", "a\rb"])),
            (3, None, s(&["2", "x,y"])),
            (4, None, s(&["3", "k\"1"])),
            (6, None, s(&["4", "plain"])),
        ]
    );
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{0,6}",
        // A literal quote inside an unquoted field (the csv crate reads it as text).
        "[a-z]{1,3}\"[a-z]{0,3}",
        "[a-z ,;\"\n]{0,8}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
    ]
}

/// The rows of one chunk of `records` (each without its line break), split plainly or by
/// the csv crate.
fn chunk_rows(records: &[String], ncols: usize, plain: bool) -> Vec<Row> {
    // Wanted: every column in reverse, and one the file lacks.
    let mut idx: Vec<Option<usize>> = (0..ncols).rev().map(Some).collect();
    idx.push(None);
    let h = std::sync::Arc::new(Header { ncols, idx });
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
    let c = records_chunk(&mut bytes, &mut lines, &mut bad, &h, b',', plain);
    assert_eq!(matches!(c.records, Records::Plain { .. }), plain);
    let mut rows = Vec::new();
    consume(
        "t.csv",
        c,
        &Pool::default(),
        &mut |line, bad, f: &[&str]| {
            rows.push((line, bad, f.iter().map(|s| s.to_string()).collect()))
        },
    )
    .unwrap();
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A chunk without quotes or carriage returns gives the same rows split plainly as
    /// read by the csv crate (empty, missing and extra fields included).
    #[test]
    fn plain_chunks_read_as_the_csv_crate_reads_them(
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
