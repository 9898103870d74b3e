//! The NDJSON reader: text for every JSON type, nulls first and values later, lines, limits.

use super::*;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn rows(n: &Ndjson) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    n.batch
        .for_each_row(|_, r| out.push(r.iter().map(|s| s.to_string()).collect()));
    out
}

fn err(r: anyhow::Result<Ndjson>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn read_str(text: &str, wanted: &[&str]) -> anyhow::Result<Ndjson> {
    read_from(text.as_bytes(), "t.ndjson", &names(wanted))
}

#[test]
fn every_json_type_is_text_and_null_is_empty() {
    let n = read_str(
        "{\"a\":\"x\",\"b\":3,\"c\":2.5,\"d\":true,\"e\":null,\"f\":[1,[2]],\"g\":{\"h\":1}}\n\
         {\"A\":\"upper\",\"b\":-7,\"c\":2.0,\"d\":false}\n",
        &["a", "b", "c", "d", "e", "f", "g", "missing"],
    )
    .unwrap();
    assert_eq!(n.header, names(&["a", "b", "c", "d", "e", "f", "g", "A"]));
    assert_eq!(n.present, [true, true, true, true, true, true, true, false]);
    assert_eq!(
        rows(&n),
        vec![
            names(&["x", "3", "2.5", "true", "", "[…]", "{…}", ""]),
            names(&["upper", "-7", "2.0", "false", "", "", "", ""]),
        ]
    );
}

/// polars inferred a NULL type from the first rows and failed on the first value after them.
#[test]
fn a_column_null_for_hundreds_of_rows_then_set_reads() {
    let mut text = String::new();
    for i in 0..500 {
        text.push_str(&format!("{{\"id\":\"{i}\",\"opt\":null}}\n"));
    }
    text.push_str("{\"id\":\"500\",\"opt\":\"K1\"}\n{\"id\":\"501\",\"opt\":7}\n");
    let n = read_str(&text, &["id", "opt"]).unwrap();
    let r = rows(&n);
    assert_eq!(r.len(), 502);
    assert_eq!(r[0], names(&["0", ""]));
    assert_eq!(r[500], names(&["500", "K1"]));
    assert_eq!(r[501], names(&["501", "7"]));
}

#[test]
fn rows_keep_their_lines_across_blank_lines() {
    let n = read_str("\n{\"a\":1}\r\n  \n\n{\"a\":2}\n{\"a\":3}", &["a"]).unwrap();
    let lines: Vec<u64> = (0..n.batch.len).map(|i| n.batch.line(1, i)).collect();
    assert_eq!(lines, [2, 5, 6]);
}

#[test]
fn errors_name_file_line_and_column() {
    let e = err(read_str("{\"a\":1}\n[1,2]\n", &["a"]));
    assert!(
        e.starts_with("t.ndjson: line 2: invalid type: sequence, expected a JSON object"),
        "{e}"
    );
    assert!(e.contains("expected one JSON object per line"), "{e}");
    let e = err(read_str("{\"a\":1}\n{\"a\":\n", &["a"]));
    assert!(e.starts_with("t.ndjson: line 2"), "{e}");
    let e = err(read_str("\n  \n", &["a"]));
    assert!(e.contains("cannot read the schema"), "{e}");
}

#[test]
fn nesting_is_refused_before_parsing_and_unread_values_never_recurse() {
    let deep = |d: usize| format!("{{\"a\":1,\"x\":{}{}}}\n", "[".repeat(d), "]".repeat(d));
    // The outer object is one level: 127 more are allowed, in a key nobody reads.
    let n = read_str(&deep(127), &["a"]).unwrap();
    assert_eq!(rows(&n), vec![names(&["1"])]);
    let e = err(read_str(&deep(128), &["a"]));
    assert!(
        e.contains("line 1: JSON nested deeper than 128 levels"),
        "{e}"
    );
    // A wanted key holding 127 levels is read as `[…]`.
    let n = read_str(&deep(127), &["x"]).unwrap();
    assert_eq!(rows(&n), vec![names(&["[…]"])]);
}

#[test]
fn too_many_keys_are_refused() {
    let mut line = String::from("{");
    for i in 0..=limits::MAX_COLUMNS {
        line.push_str(&format!("\"k{i}\":0,"));
    }
    line.push_str("\"a\":1}\n");
    let e = err(read_str(&line, &["a"]));
    assert!(e.contains("more than 10000 distinct keys"), "{e}");
}
