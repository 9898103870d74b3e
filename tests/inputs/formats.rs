//! Parquet and NDJSON inputs (chosen by extension) give the same calls and tickets as CSV.

use std::io::Write;

use polars::prelude::*;
use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, CallResult, Inputs};

fn read(args: InputFiles) -> Inputs {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    read_all(&args, &cfg, &cals).unwrap()
}

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

fn calls_frame() -> DataFrame {
    df!(
        "call_id" => ["a", "b", "c", "a"],
        "received_at" => ["2026-03-02T08:00:02Z", "2026-03-02T08:00:01Z", "2026-03-02 09:00:00", "2026-03-02T08:00:02Z"],
        "responded_at" => [Some("2026-03-02T08:00:03Z"), None, None, Some("2026-03-02T08:00:03Z")],
        "result" => ["ok", "no_response", "bad", "ok"],
        "persons" => [1i64, 2, 1, 1],
        "municipality" => ["K1", "K2", "K1", "K1"],
        "extra" => [1.5f64, 2.0, 3.0, 4.0],
    )
    .unwrap()
}

fn check_calls(i: &Inputs, first_reject_line: u64) {
    let f = &i.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (4, 2, 2));
    let ids: Vec<&str> = (0..i.calls.len()).map(|k| i.calls.ids.get(k)).collect();
    assert_eq!(ids, vec!["b", "a"]);
    assert_eq!(i.calls.result, vec![CallResult::NoResponse, CallResult::Ok]);
    assert_eq!(i.calls.persons, vec![2, 1]);
    assert_eq!(i.calls.responded[1], ms("2026-03-02T08:00:03Z"));
    let rj: Vec<(u64, &str)> = i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| (r.line, r.reason))
        .collect();
    assert_eq!(
        rj,
        vec![
            (first_reject_line, "unknown result"),
            (first_reject_line + 1, "duplicate")
        ]
    );
}

#[test]
fn parquet_calls_with_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("calls.parquet");
    let mut df = calls_frame();
    ParquetWriter::new(std::fs::File::create(&p).unwrap())
        .finish(&mut df)
        .unwrap();
    let i = read(InputFiles {
        calls: vec![p.to_string_lossy().into_owned()],
        ..Default::default()
    });
    // Parquet lines are 1-based row numbers: row 3 is `c`, row 4 the duplicate of `a`.
    check_calls(&i, 3);
    assert_eq!(i.files[0].size_bytes, std::fs::metadata(&p).unwrap().len());
    assert_eq!(i.files[0].sha256.len(), 64);
}

#[test]
fn parquet_datetime_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.parquet");
    let t = ms("2026-03-02T08:00:00Z");
    // Without polars' `timezones` feature a zoned Datetime cannot be built in this test; zoned
    // columns are rendered with `Z` by the same code path as naive ones.
    let reg = Series::new(
        "registered_at".into(),
        ["2026-03-02T08:00:00Z", "2026-03-02T08:01:00Z"],
    );
    // Microseconds of the naive wall-clock times 08:00 and 09:02.
    let naive = Series::new("resolved_at".into(), [t * 1000, (t + 3_720_000) * 1000])
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
        .unwrap();
    let mut df = DataFrame::new_infer_height(vec![
        Series::new("ticket_id".into(), ["T1", "T2"]).into(),
        Series::new("type".into(), ["incident", "order"]).into(),
        Series::new("priority".into(), [Some(1i32), None]).into(),
        reg.into(),
        naive.into(),
    ])
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&p).unwrap())
        .finish(&mut df)
        .unwrap();
    let i = read(InputFiles {
        tickets: vec![p.to_string_lossy().into_owned()],
        ..Default::default()
    });
    assert_eq!(i.tickets.len(), 1, "{:?}", i.rejects);
    assert_eq!(i.tickets[0].ticket_id, "T2");
    assert_eq!(i.tickets[0].registered_at, t + 60_000);
    // A naive datetime is local time: 09:02 Stockholm = 08:02Z.
    assert_eq!(i.tickets[0].resolved_at, Some(t + 120_000));
    // 08:00 Stockholm = 07:00Z: before registered_at.
    assert_eq!(i.rejects.len(), 1);
    assert_eq!(
        (
            i.rejects.to_vec().unwrap()[0].line,
            i.rejects.to_vec().unwrap()[0].reason
        ),
        (1, "before registered_at")
    );
    assert_eq!(
        i.rejects.to_vec().unwrap()[0].value,
        "2026-03-02T08:00:00.000"
    );
}

#[test]
fn ndjson_calls() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("calls.ndjson");
    let mut f = std::fs::File::create(&p).unwrap();
    for line in [
        r#"{"call_id":"a","received_at":"2026-03-02T08:00:02Z","responded_at":"2026-03-02T08:00:03Z","result":"ok","persons":1,"municipality":"K1"}"#,
        r#"{"call_id":"b","received_at":"2026-03-02T08:00:01Z","responded_at":null,"result":"no_response","persons":2,"municipality":"K2"}"#,
        r#"{"call_id":"c","received_at":"2026-03-02 09:00:00","responded_at":null,"result":"bad","persons":1,"municipality":"K1"}"#,
        r#"{"call_id":"a","received_at":"2026-03-02T08:00:02Z","responded_at":"2026-03-02T08:00:03Z","result":"ok","persons":1,"municipality":"K1"}"#,
    ] {
        writeln!(f, "{line}").unwrap();
    }
    drop(f);
    let i = read(InputFiles {
        calls: vec![p.to_string_lossy().into_owned()],
        ..Default::default()
    });
    check_calls(&i, 3);
}

#[test]
fn csv_gives_the_same_calls_as_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("calls.csv");
    let mut df = calls_frame();
    CsvWriter::new(std::fs::File::create(&p).unwrap())
        .finish(&mut df)
        .unwrap();
    let i = read(InputFiles {
        calls: vec![p.to_string_lossy().into_owned()],
        ..Default::default()
    });
    // CSV lines: header on line 1, so `c` is on line 4.
    check_calls(&i, 4);
}
