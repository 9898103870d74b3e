//! The stream: what the child writes, the parent reads back as the same rows; a stream cut
//! anywhere or corrupted is a broken stream ([`Truncated`]), never a panic.

use super::*;

fn arena(v: &[&str]) -> StrArena {
    let mut a = StrArena::default();
    v.iter().for_each(|s| a.push(s));
    a
}

fn wanted() -> Vec<String> {
    ["a", "b", "c", "t", "n"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// A batch of three rows: two text columns (one absent column between), a zoned datetime and
/// an integer column, with nulls.
fn batch() -> TextBatch {
    TextBatch {
        columns: vec![
            Some(arena(&["x", "", "åäö"])),
            None,
            Some(arena(&["1", "22", ""])),
            None,
            None,
        ],
        typed: vec![
            None,
            None,
            None,
            Some(Typed {
                kind: Kind::Zoned,
                values: vec![1_772_323_200_123, 0, -1],
                valid: vec![true, false, true],
            }),
            Some(Typed {
                kind: Kind::Int,
                values: vec![-7, 0, i64::MAX],
                valid: vec![true, true, false],
            }),
        ],
        len: 3,
        lines: None,
    }
}

fn stream() -> Vec<u8> {
    let mut w = Vec::new();
    let header: Vec<String> = ["a", "c", "t", "n"].iter().map(|s| s.to_string()).collect();
    write_header(&mut w, &header, &[true, false, true, true, true]).unwrap();
    write_batch(&mut w, &batch(), 7, &mut Vec::new()).unwrap();
    w.push(0);
    w
}

fn rows(bytes: &[u8]) -> anyhow::Result<Vec<(u64, String)>> {
    rows_reusing(bytes, false)
}

/// The rows of a stream; `reuse`: each frame is read into the batch the one before it was
/// read into.
fn rows_reusing(bytes: &[u8], reuse: bool) -> anyhow::Result<Vec<(u64, String)>> {
    let got = std::cell::RefCell::new(Vec::new());
    let spare = std::cell::RefCell::new(None);
    receive(
        &mut &bytes[..],
        &wanted(),
        |_, _| Ok(()),
        &mut |b: TextBatch, first| {
            b.for_each_row(|i, r| got.borrow_mut().push((b.line(first, i), r.join("|"))));
            if reuse {
                *spare.borrow_mut() = Some(b);
            }
            Ok(())
        },
        &mut || spare.borrow_mut().take(),
    )?;
    Ok(got.into_inner())
}

/// A frame read into the buffers of an earlier one reads as it would into new ones: columns
/// that change kind, shorter and longer frames, and nulls.
#[test]
fn reused_batches_read_as_new_ones() {
    let other = TextBatch {
        columns: vec![None, None, None, Some(arena(&["t1", "t2"])), None],
        typed: vec![
            Some(Typed {
                kind: Kind::Int,
                values: vec![5, 0],
                valid: vec![true, false],
            }),
            None,
            Some(Typed {
                kind: Kind::Naive,
                values: vec![0, 86_400_000],
                valid: vec![true, true],
            }),
            None,
            Some(Typed {
                kind: Kind::Zoned,
                values: vec![1, 2],
                valid: vec![true, true],
            }),
        ],
        len: 2,
        lines: None,
    };
    let mut w = Vec::new();
    let header: Vec<String> = ["a", "c", "t", "n"].iter().map(|s| s.to_string()).collect();
    write_header(&mut w, &header, &[true, false, true, true, true]).unwrap();
    write_batch(&mut w, &batch(), 1, &mut Vec::new()).unwrap();
    write_batch(&mut w, &other, 4, &mut Vec::new()).unwrap();
    write_batch(&mut w, &batch(), 6, &mut Vec::new()).unwrap();
    w.push(0);
    let fresh = rows_reusing(&w, false).unwrap();
    assert_eq!(fresh.len(), 8);
    assert_eq!(
        fresh[3],
        (
            4,
            "5||1970-01-01T00:00:00.000|t1|1970-01-01T00:00:00.001Z".into()
        )
    );
    assert_eq!(rows_reusing(&w, true).unwrap(), fresh);
}

fn broken(bytes: &[u8]) -> bool {
    rows(bytes)
        .unwrap_err()
        .downcast_ref::<Truncated>()
        .is_some()
}

#[test]
fn batches_cross_the_pipe_as_they_are() {
    assert_eq!(
        rows(&stream()).unwrap(),
        [
            (7, "x||1|2026-03-01T00:00:00.123Z|-7".into()),
            (8, "||22||0".into()),
            (9, "åäö|||1969-12-31T23:59:59.999Z|".into())
        ]
    );
    // Typed values arrive as values, the rows' instants as they were.
    let mut typed = Vec::new();
    receive(
        &mut &stream()[..],
        &wanted(),
        |_, _| Ok(()),
        &mut |b, _| {
            typed = b.typed;
            Ok(())
        },
        &mut || None,
    )
    .unwrap();
    assert_eq!(typed[3], batch().typed[3]);
    assert_eq!(typed[4], batch().typed[4]);
}

/// Cut after any byte, the stream is broken, never a panic or a partial success.
#[test]
fn a_stream_cut_anywhere_is_broken() {
    let w = stream();
    for n in 0..w.len() {
        assert!(broken(&w[..n]), "cut at {n}");
    }
}

/// Corrupt bytes: a kind, a null flag or a presence flag out of range, a length that splits a
/// character, a frame longer than a frame or a length far beyond what was sent.
#[test]
fn a_corrupt_stream_is_broken() {
    let w = stream();
    let text_at = w.windows(7).position(|x| x == "xåäö".as_bytes()).unwrap();
    // The first column's lengths (1, 0, 6) end just before its text: 1 made 2 splits `å`.
    let lens_at = text_at - 12;
    let mut bad = w.clone();
    bad[lens_at..lens_at + 4].copy_from_slice(&2u32.to_le_bytes());
    assert!(broken(&bad));
    // A length of 4 GB: refused when the bytes do not come, without allocating them.
    let mut bad = w.clone();
    bad[lens_at..lens_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(broken(&bad));
    // The first column's kind byte (text, 0) made 9.
    let mut bad = w.clone();
    assert_eq!(bad[lens_at - 1], 0);
    bad[lens_at - 1] = 9;
    assert!(broken(&bad));
    // The frame's row count (3) made FRAME + 1.
    let rows_at = lens_at - 1 - 8;
    let mut bad = w.clone();
    bad[rows_at..rows_at + 8].copy_from_slice(&(FRAME as u64 + 1).to_le_bytes());
    assert!(broken(&bad));
    // The datetime column's first null flag (1) made 2: it follows the third column's kind,
    // lengths and text (`1`, `22`).
    let kind_at = text_at + "xåäö".len() + 1 + 12 + "122".len();
    let mut bad = w.clone();
    assert_eq!(bad[kind_at], 2, "the datetime column's kind");
    bad[kind_at + 1] = 2;
    assert!(broken(&bad));
    // A presence flag out of range; the stream's end marker neither 0 nor 1.
    let present_at = 4 + [1, 1, 1, 1].len() * 4 + "act".len() + 1;
    let mut bad = w.clone();
    bad[present_at] = 7;
    assert!(broken(&bad));
    let mut bad = w.clone();
    *bad.last_mut().unwrap() = 5;
    assert!(broken(&bad));
}

/// A naive datetime's text, by chrono (the rows below are `ms` milliseconds after 1970).
fn naive_text(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%S%.3f")
        .to_string()
}

/// A batch longer than a frame crosses as several frames, numbered on; an empty batch as one
/// empty frame.
#[test]
fn long_batches_cross_in_frames() {
    let n = FRAME + 5;
    let mut a = StrArena::default();
    (0..n).for_each(|i| a.push(&i.to_string()));
    let b = TextBatch {
        columns: vec![Some(a), None],
        typed: vec![
            None,
            Some(Typed {
                kind: Kind::Naive,
                values: (0..n as i64).collect(),
                valid: vec![true; n],
            }),
        ],
        len: n,
        lines: None,
    };
    let wanted: Vec<String> = vec!["a".into(), "t".into()];
    let mut w = Vec::new();
    write_header(&mut w, &wanted, &[true, true]).unwrap();
    write_batch(&mut w, &b, 1, &mut Vec::new()).unwrap();
    let empty = TextBatch {
        columns: vec![Some(StrArena::default()), None],
        typed: vec![
            None,
            Some(Typed {
                kind: Kind::Int,
                values: vec![],
                valid: vec![],
            }),
        ],
        len: 0,
        lines: None,
    };
    write_batch(&mut w, &empty, n as u64 + 1, &mut Vec::new()).unwrap();
    w.push(0);
    let mut frames = Vec::new();
    receive(
        &mut &w[..],
        &wanted,
        |_, _| Ok(()),
        &mut |b, first| {
            let last = b.len.checked_sub(1).map(|i| {
                let mut s = String::new();
                b.for_each_row(|j, r| {
                    if j == i {
                        s = r.join("|");
                    }
                });
                s
            });
            frames.push((first, b.len, last));
            Ok(())
        },
        &mut || None,
    )
    .unwrap();
    assert_eq!(
        frames,
        [
            (
                1,
                FRAME,
                Some(format!("{}|{}", FRAME - 1, naive_text(FRAME as i64 - 1)))
            ),
            (
                FRAME as u64 + 1,
                5,
                Some(format!("{}|{}", n - 1, naive_text(n as i64 - 1)))
            ),
            (n as u64 + 1, 0, None),
        ]
    );
}

/// What the child writes straight from polars' columns is, byte for byte, the stream of the
/// in-process batch (typed columns as values, the rest as polars' text): a string column with
/// nulls and non-ASCII text, integers, naive and zoned datetimes in three units, a float and a
/// boolean, over more rows than a frame and with a column the file lacks.
#[test]
fn the_childs_slices_are_the_in_process_batches() {
    use polars::prelude::*;
    let n = FRAME + 3;
    let ms: Vec<Option<i64>> = (0..n as i64)
        .map(|i| (i % 7 != 0).then_some(1_772_323_200_000 + i * 1_234_567 - 5_000_000_000_000))
        .collect();
    let dt = |unit: TimeUnit, tz: Option<TimeZone>, scale: i64| {
        let v: Vec<Option<i64>> = ms.iter().map(|v| v.map(|v| v * scale)).collect();
        Series::new("t".into(), v)
            .i64()
            .unwrap()
            .clone()
            .into_datetime(unit, tz)
            .into_series()
    };
    // Short texts sit in the views, long ones in the arrays' buffers; the column is in two
    // chunks, the second starting inside a frame.
    let text: Vec<Option<String>> = (0..n)
        .map(|i| match i % 5 {
            0 => None,
            1 => Some(format!("a text longer than a view holds, {i} åä")),
            _ => Some(format!("åä{i}")),
        })
        .collect();
    let mut strings = Series::new("s".into(), &text[..n / 2]);
    strings
        .append(&Series::new("s".into(), &text[n / 2..]))
        .unwrap();
    assert_eq!(strings.n_chunks(), 2);
    let ints: Vec<Option<i32>> = (0..n as i32)
        .map(|i| (i % 3 != 0).then_some(i - 9))
        .collect();
    let floats: Vec<Option<f64>> = (0..n).map(|i| Some(i as f64 / 4.0)).collect();
    let bools: Vec<Option<bool>> = (0..n).map(|i| (i % 4 != 0).then_some(i % 2 == 0)).collect();
    let columns: Vec<Column> = vec![
        strings.into(),
        Series::new("i".into(), ints).into(),
        dt(TimeUnit::Milliseconds, None, 1)
            .with_name("naive".into())
            .into(),
        dt(TimeUnit::Microseconds, Some(TimeZone::UTC), 1_000)
            .with_name("zoned".into())
            .into(),
        dt(TimeUnit::Nanoseconds, None, 1_000_000)
            .with_name("ns".into())
            .into(),
        Series::new("f".into(), floats).into(),
        Series::new("b".into(), bools).into(),
    ];
    let df = DataFrame::new(n, columns).unwrap();
    let wanted: Vec<String> = ["s", "absent", "i", "naive", "zoned", "ns", "f", "b"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut from_polars = Vec::new();
    let cols = frames::wanted_columns(&df, &wanted);
    write_slice(&mut from_polars, &cols, n, 1, &mut Vec::new()).unwrap();
    let mut from_batch = Vec::new();
    let b = frames::text_batch(&df, &wanted).unwrap();
    assert_eq!(
        b.typed
            .iter()
            .map(|t| t.as_ref().map(|t| t.kind))
            .collect::<Vec<_>>(),
        [
            None,
            None,
            Some(Kind::Int),
            Some(Kind::Naive),
            Some(Kind::Zoned),
            Some(Kind::Naive),
            None,
            None
        ]
    );
    write_batch(&mut from_batch, &b, 1, &mut Vec::new()).unwrap();
    assert!(from_polars == from_batch, "the two streams differ");
    // And the text the typed columns stand for is the text conversion's (module doc).
    let mut b = b;
    b.ensure_text();
    let row = |i: usize| {
        let mut out = String::new();
        b.for_each_row(|j, r| {
            if j == i {
                out = r.join("|");
            }
        });
        out
    };
    assert_eq!(row(0), "||||||0.0|");
    assert_eq!(
        row(1),
        "a text longer than a view holds, 1 åä||-8|1867-09-20T15:27:14.567|\
         1867-09-20T15:27:14.567Z|1867-09-20T15:27:14.567|0.25|false"
    );
    assert!(row(2).starts_with("åä2||-7|"), "{}", row(2));
    // A row of the second chunk, past the first frame.
    let last = n - 1;
    assert!(
        row(last).starts_with(&format!("åä{last}||")),
        "{}",
        row(last)
    );
}
