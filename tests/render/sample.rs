//! `slareport sample` driven as a binary: deterministic bytes, CSV and Parquet carrying the same
//! rows, a year across both DST switches, exact call counts, and usage errors.

use std::path::Path;
use std::process::Output;

use chrono::DateTime;

fn slareport(args: &[&str]) -> Output {
    crate::binary::slareport()
        .arg("--quiet")
        .args(args)
        .output()
        .expect("runs")
}

fn sample(dir: &Path, extra: &[&str]) {
    let mut args = vec!["sample", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = slareport(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

const FILES: [&str; 4] = ["calls.csv", "tickets.csv", "changes.csv", "corrections.csv"];

#[test]
fn same_seed_same_bytes_other_seed_other_calls() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let args = ["--month", "2026-03", "--calls", "5000"];
    sample(&a, &args);
    sample(&b, &args);
    sample(&c, &[&args[..], &["--seed", "7"]].concat());
    for f in FILES {
        assert_eq!(read(&a, f), read(&b, f), "{f} differs between two runs");
    }
    assert_ne!(read(&a, "calls.csv"), read(&c, "calls.csv"));
    let calls = String::from_utf8(read(&a, "calls.csv")).unwrap();
    assert_eq!(calls.lines().count(), 5001, "header + exactly --calls rows");
    assert_eq!(
        calls.lines().next().unwrap(),
        "call_id,received_at,responded_at,result,persons,municipality,failed_providers"
    );
}

#[test]
fn committed_sample_month_is_what_the_generator_makes() {
    // sample-data/ is generated output: if the generator changes, regenerate it with
    // `slareport sample --month 2026-03 --out sample-data`.
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let tmp = tempfile::tempdir().unwrap();
    sample(tmp.path(), &["--month", "2026-03"]);
    for f in FILES {
        assert!(
            read(&committed, f) == read(tmp.path(), f),
            "sample-data/{f} is stale: regenerate with `slareport sample --month 2026-03 --out sample-data`"
        );
    }
}

#[test]
fn parquet_holds_the_same_rows_as_csv() {
    use polars::prelude::*;
    let tmp = tempfile::tempdir().unwrap();
    let (csv_dir, pq_dir) = (tmp.path().join("csv"), tmp.path().join("pq"));
    let args = ["--month", "2026-10", "--calls", "3000"];
    sample(&csv_dir, &args);
    sample(&pq_dir, &[&args[..], &["--format", "parquet"]].concat());
    assert!(!pq_dir.join("calls.csv").exists());
    let file = std::fs::File::open(pq_dir.join("calls.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.height(), 3000);
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "call_id",
            "received_at",
            "responded_at",
            "result",
            "persons",
            "municipality",
            "failed_providers"
        ]
    );
    let text = String::from_utf8(read(&csv_dir, "calls.csv")).unwrap();
    let s = |name: &str| df.column(name).unwrap().str().unwrap().clone();
    let (ids, recv, resp, fails) = (
        s("call_id"),
        s("received_at"),
        s("responded_at"),
        s("failed_providers"),
    );
    let persons = df.column("persons").unwrap().i32().unwrap().clone();
    for (i, line) in text.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(ids.get(i), Some(f[0]));
        assert_eq!(recv.get(i), Some(f[1]));
        assert_eq!(resp.get(i).unwrap_or(""), f[2]);
        assert_eq!(persons.get(i), Some(f[4].parse().unwrap()));
        assert_eq!(fails.get(i).unwrap_or(""), f[6]);
    }
}

#[test]
fn a_year_is_ordered_across_both_dst_switches() {
    let tmp = tempfile::tempdir().unwrap();
    sample(tmp.path(), &["--year", "2026", "--calls", "60000"]);
    let calls = String::from_utf8(read(tmp.path(), "calls.csv")).unwrap();
    let mut prev = i64::MIN;
    let mut months = std::collections::BTreeSet::new();
    let mut ids = std::collections::BTreeSet::new();
    let (mut winter, mut summer) = (0, 0);
    for line in calls.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let t = DateTime::parse_from_rfc3339(f[1]).unwrap();
        let ms = t.timestamp_millis();
        assert!(ms >= prev, "calls out of order at {line}");
        prev = ms;
        // The offset is the one Stockholm had at that instant.
        let expected = t
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .format("%:z")
            .to_string();
        assert!(f[1].ends_with(&expected), "{line}");
        match expected.as_str() {
            "+01:00" => winter += 1,
            _ => summer += 1,
        }
        months.insert(f[0][1..7].to_string());
        assert!(ids.insert(f[0].to_string()), "duplicate id {}", f[0]);
        if !f[2].is_empty() {
            assert!(
                DateTime::parse_from_rfc3339(f[2])
                    .unwrap()
                    .timestamp_millis()
                    >= ms
            );
        }
    }
    assert_eq!(ids.len(), 60_000);
    assert_eq!(months.len(), 12);
    assert!(winter > 10_000 && summer > 10_000);
    let tickets = String::from_utf8(read(tmp.path(), "tickets.csv")).unwrap();
    // 27 tickets a month; only December's still-open incident is unresolved.
    assert_eq!(tickets.lines().count(), 1 + 12 * 27);
}

#[test]
fn usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    // Neither --month nor --year: a usage error (2).
    assert_eq!(slareport(&["sample", "--out", dir]).status.code(), Some(2));
    // Both: a usage error.
    let both = slareport(&[
        "sample", "--month", "2026-03", "--year", "2026", "--out", dir,
    ]);
    assert_eq!(both.status.code(), Some(2));
    // A malformed month: a usage error (2) that says what was expected.
    let bad = slareport(&["sample", "--month", "2026-13", "--out", dir]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));
}
