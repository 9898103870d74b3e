//! Typed inputs are read against the canonical schema, never an inferred one: an
//! optional column that is `null` for the first 400 rows and set afterwards read fine from
//! NDJSON and Parquet, for every optional column of calls and tickets, and gives exactly what
//! the same rows give as CSV (empty fields; CSV was never inferred). polars' NDJSON inference
//! failed such a file: "got non-null value for NULL-typed column".

use polars::prelude::*;
use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, Inputs};

const NULL_ROWS: usize = 400;
const ROWS: usize = 410;

fn read(args: InputFiles) -> Inputs {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    read_all(&args, &cfg, &cals).unwrap_or_else(|e| panic!("{e:#}"))
}

/// Row `i` of a calls or tickets table: column → value (`None` = null / empty).
type Table = (Vec<&'static str>, Vec<Vec<Option<String>>>);

fn calls(optional: &str) -> Table {
    let cols = vec![
        "call_id",
        "received_at",
        "responded_at",
        "result",
        "persons",
        "municipality",
        "failed_providers",
    ];
    let rows = (0..ROWS)
        .map(|i| {
            let t = |s: usize| format!("2026-03-02T{:02}:{:02}:{:02}Z", 8 + i / 60, i % 60, s);
            let mut r = vec![
                Some(format!("C{i}")),
                Some(t(1)),
                Some(t(3)),
                Some(if i % 7 == 0 { "unreachable" } else { "ok" }.to_string()),
                Some((1 + i % 3).to_string()),
                Some(format!("K{}", i % 5)),
                Some(if i % 7 == 0 { "FK;SKV" } else { "FK" }.to_string()),
            ];
            let c = cols.iter().position(|c| *c == optional).unwrap();
            if i < NULL_ROWS {
                r[c] = None;
            }
            r
        })
        .collect();
    (cols, rows)
}

fn tickets(optional: &str) -> Table {
    let cols = vec![
        "ticket_id",
        "type",
        "priority",
        "registered_at",
        "responded_at",
        "resolved_at",
        "closed_at",
        "summary",
        "security",
        "major",
        "outage_start",
        "outage_end",
        "outage_kind",
        "planned",
        "cause",
        "action_plan",
        "provider",
    ];
    let rows = (0..ROWS)
        .map(|i| {
            let day = 2 + i % 27;
            let t = |h: usize, m: usize| format!("2026-03-{day:02}T{h:02}:{m:02}:00+01:00");
            let mut r: Vec<Option<String>> = [
                format!("INC-{i}"),
                "incident".into(),
                (1 + i % 4).to_string(),
                t(10, 0),
                t(10, 20),
                t(12, 0),
                t(15, 0),
                format!("Störning {i}, \"citat\""),
                (i % 2 == 0).to_string(),
                (i % 3 == 0).to_string(),
                t(9, 55),
                t(11, 30),
                "unavailable".into(),
                "false".into(),
                "Orsak".into(),
                "Åtgärd".into(),
                "FK".into(),
            ]
            .into_iter()
            .map(Some)
            .collect();
            let c = cols.iter().position(|c| *c == optional).unwrap();
            if i < NULL_ROWS {
                r[c] = None;
            }
            r
        })
        .collect();
    (cols, rows)
}

fn write_csv(path: &std::path::Path, (cols, rows): &Table) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(cols).unwrap();
    for r in rows {
        w.write_record(r.iter().map(|v| v.as_deref().unwrap_or("")))
            .unwrap();
    }
    w.flush().unwrap();
}

/// NDJSON with JSON types where a writer would use them: numbers for `persons` and
/// `priority`, booleans for the flags, `null` for empty.
fn write_ndjson(path: &std::path::Path, (cols, rows): &Table) {
    let mut text = String::new();
    for r in rows {
        let mut o = serde_json::Map::new();
        for (c, v) in cols.iter().zip(r) {
            let v = match v {
                None => serde_json::Value::Null,
                Some(v) if matches!(*c, "persons" | "priority") => {
                    serde_json::Value::from(v.parse::<i64>().unwrap())
                }
                Some(v) if matches!(*c, "security" | "major" | "planned") => {
                    serde_json::Value::from(v == "true")
                }
                Some(v) => serde_json::Value::from(v.as_str()),
            };
            o.insert(c.to_string(), v);
        }
        text.push_str(&serde_json::Value::Object(o).to_string());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn write_parquet(path: &std::path::Path, (cols, rows): &Table) {
    let columns: Vec<Column> = cols
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let vals: Vec<Option<&str>> = rows.iter().map(|r| r[k].as_deref()).collect();
            Column::new(PlSmallStr::from(*c), vals)
        })
        .collect();
    let mut df = DataFrame::new_infer_height(columns).unwrap();
    ParquetWriter::new(std::fs::File::create(path).unwrap())
        .finish(&mut df)
        .unwrap();
}

/// Everything read, as text, except where each row came from (CSV lines are one more).
fn summary(i: &Inputs, tickets: bool) -> (String, Vec<String>, (u64, u64, u64)) {
    let rows = if tickets {
        let mut t = i.tickets.clone();
        t.iter_mut().for_each(|t| t.source.line = 0);
        format!("{t:?}")
    } else {
        format!("{:?}", i.calls)
    };
    let rejects = i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {}", r.column, r.value, r.reason))
        .collect();
    let f = &i.files[0];
    (rows, rejects, (f.rows_read, f.rows_used, f.rows_rejected))
}

fn check(kind: &str, optional: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    for col in optional {
        let table = if kind == "calls" {
            calls(col)
        } else {
            tickets(col)
        };
        let mut got = Vec::new();
        for ext in ["csv", "ndjson", "parquet"] {
            let p = dir.path().join(format!("{kind}-{col}.{ext}"));
            match ext {
                "csv" => write_csv(&p, &table),
                "ndjson" => write_ndjson(&p, &table),
                _ => write_parquet(&p, &table),
            }
            let path = vec![p.to_string_lossy().into_owned()];
            let args = if kind == "calls" {
                InputFiles {
                    calls: path,
                    ..Default::default()
                }
            } else {
                InputFiles {
                    tickets: path,
                    ..Default::default()
                }
            };
            let s = summary(&read(args), kind == "tickets");
            assert_eq!(s.2 .0, ROWS as u64, "{kind} {col} {ext}: every row read");
            got.push((ext, s));
        }
        let (_, csv) = &got[0];
        // The rows that carry the value are used like the others.
        assert!(
            csv.2 .1 >= (ROWS - NULL_ROWS) as u64,
            "{kind} {col}: {:?}",
            csv.2
        );
        for (ext, s) in &got[1..] {
            assert_eq!(
                s, csv,
                "{kind}: column {col} null first, then set: {ext} ≠ csv"
            );
        }
    }
}

#[test]
fn calls_optional_columns_null_first_then_set() {
    check(
        "calls",
        &["responded_at", "municipality", "failed_providers"],
    );
}

#[test]
fn tickets_optional_columns_null_first_then_set() {
    check(
        "tickets",
        &[
            "priority",
            "responded_at",
            "resolved_at",
            "closed_at",
            "summary",
            "security",
            "major",
            "outage_start",
            "outage_end",
            "outage_kind",
            "planned",
            "cause",
            "action_plan",
            "provider",
        ],
    );
}
