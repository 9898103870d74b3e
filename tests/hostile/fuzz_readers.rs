//! Fuzz target (proptest-driven): the CSV and NDJSON readers for calls, tickets,
//! changes and corrections, fed byte soup built from the inputs' own vocabulary (column names,
//! delimiters, quotes, line ends, timestamps, enum values) mixed with hostile bytes (NUL,
//! Latin-1, lone surrogates' UTF-8 shapes, a BOM in the middle, CR without LF).
//!
//! cargo-fuzz needs a nightly toolchain with `cargo-fuzz` and `libfuzzer-sys`, neither of which
//! can be fetched on this machine (the registry is unreachable), so the "fuzzer" is proptest with
//! a budget from the environment:
//!
//! - `SLAREPORT_FUZZ_CASES` cases per round (default 24, so `cargo test` stays fast);
//! - `SLAREPORT_FUZZ_SECS`: keep running fresh rounds (new seed each) until this many seconds
//!   have passed (default 0 = one round). `fuzz/run.sh` sets both for the long runs.
//!
//! Oracle for every case: no panic; when the read succeeds, per file `read = used + rejected`,
//! the rejects of each file are exactly `rows_rejected` of it, each with a line inside the file,
//! `rejected.csv` renders, and the month's metrics compute without a NaN or infinity.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::read_all;
use slareport::inputs::InputFiles;

/// Depth statistics, printed with the case count: cases read without a file error, and the
/// rows used and rejected in them (a fuzzer that only ever hits "missing column" is useless).
static READ_OK: AtomicU64 = AtomicU64::new(0);
static ROWS_USED: AtomicU64 = AtomicU64::new(0);
static ROWS_REJECTED: AtomicU64 = AtomicU64::new(0);

use crate::fuzzkit;

/// Run `test` over `strategy` within the budget; report the counts on stderr.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let summary = fuzzkit::fuzz(name, 24, 0x5eed_f022, strategy, test);
    eprintln!(
        "fuzz {name}: {summary} (so far: read ok {}, rows used {}, rejected {})",
        READ_OK.load(Relaxed),
        ROWS_USED.load(Relaxed),
        ROWS_REJECTED.load(Relaxed),
    );
}

const CALL_COLS: &[&str] = &[
    "call_id",
    "received_at",
    "responded_at",
    "result",
    "persons",
    "municipality",
    "failed_providers",
];
const TICKET_COLS: &[&str] = &[
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
const CHANGE_COLS: &[&str] = &[
    "change_id",
    "title",
    "priority",
    "status",
    "in_release",
    "notified_at",
    "scheduled_start",
    "scheduled_end",
    "actual_start",
    "actual_end",
    "overrun_notified",
    "outcome",
];
const CORRECTION_COLS: &[&str] = &[
    "correction_id",
    "applies_to",
    "action",
    "value",
    "reason",
    "approved_by",
    "approved_at",
];

/// Field values: plausible ones (so rows get deep into validation) and hostile ones.
fn value() -> impl Strategy<Value = Vec<u8>> {
    let words: Vec<&'static str> = vec![
        "",
        " ",
        "ok",
        "partial",
        "error",
        "unreachable",
        "no_response",
        "OK ",
        "incident",
        "problem",
        "order",
        "planned",
        "completed",
        "failed",
        "cancelled",
        "in_progress",
        "unavailable",
        "degraded",
        "exclude",
        "reclassify",
        "set_field",
        "true",
        "false",
        "ja",
        "NEJ",
        "1",
        "2",
        "4",
        "0",
        "9",
        "10",
        "11",
        "-1",
        "65535",
        "65536",
        "99999999999999999999",
        "kritisk",
        "hög",
        "Critical",
        "1.5",
        "NaN",
        "inf",
        "2026-03-02T09:00:00Z",
        "2026-03-02T09:00:07.5+01:00",
        "2026-03-02 17:00:00",
        "2026-03-29T02:30:00",
        "2026-10-25T02:30:00",
        "2026-03-31T23:59:59.999+02:00",
        "1969-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "+275760-09-13T00:00:00Z",
        "2026-02-30T09:00:00Z",
        "2026-03-02T24:00:00Z",
        "2026-03-02T09:00:00+25:00",
        "2026-03-02T09:00:00.123456789Z",
        "2026-03-02T09:00:00Z/2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00Z/2026-03-02T09:00:00Z",
        "C1",
        "C2",
        "INC-1",
        "=cmd|'/c calc'!A1",
        "<script>alert(1)</script>",
        "#set page(paper: \"a0\")",
        "FK;CSN;FK",
        "\u{feff}",
        "ä",
    ];
    prop_oneof![
        6 => prop::sample::select(words).prop_map(|w| w.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..12),
        1 => "[a-z0-9 ,;\"\n\r\t]{0,12}".prop_map(String::into_bytes),
    ]
}

/// A valid row of each input (canonical column order), which the fuzzer then mutates so that
/// cases get past the header into row validation, dedup and the metrics.
fn template(cols: &'static [&'static str]) -> Vec<&'static str> {
    match cols[0] {
        "call_id" => vec![
            "C1",
            "2026-03-02T09:00:00Z",
            "2026-03-02T09:00:03.5Z",
            "ok",
            "2",
            "SN1",
            "",
        ],
        "ticket_id" => vec![
            "INC-1",
            "incident",
            "2",
            "2026-03-02T09:00:00+01:00",
            "2026-03-02T09:20:00+01:00",
            "2026-03-03T10:00:00+01:00",
            "2026-03-04T10:00:00+01:00",
            "Summary",
            "false",
            "true",
            "2026-03-02T08:50:00+01:00",
            "2026-03-02T09:40:00+01:00",
            "unavailable",
            "false",
            "Cause",
            "Plan",
            "FK",
        ],
        "change_id" => vec![
            "CHG-1",
            "Title",
            "3",
            "completed",
            "false",
            "2026-03-01T09:00:00+01:00",
            "2026-03-10T18:00:00+01:00",
            "2026-03-10T20:00:00+01:00",
            "2026-03-10T18:00:00+01:00",
            "2026-03-11T09:00:00+01:00",
            "false",
            "Done",
        ],
        _ => vec![
            "COR-1",
            "INC-1",
            "reclassify",
            "4",
            "Reason",
            "Board",
            "2026-04-01T10:00:00+02:00",
        ],
    }
}

/// A row: the template with a few fields replaced, and the id varied over a small set (so that
/// duplicates and conflicting duplicates occur).
fn row(cols: &'static [&'static str]) -> impl Strategy<Value = Vec<Vec<u8>>> {
    (
        0u8..6,
        prop::collection::vec((0..cols.len(), value()), 0..3),
    )
        .prop_map(move |(id, muts)| {
            let mut fields: Vec<Vec<u8>> = template(cols)
                .iter()
                .map(|v| v.as_bytes().to_vec())
                .collect();
            fields[0].extend_from_slice(id.to_string().as_bytes());
            for (i, v) in muts {
                fields[i] = v;
            }
            fields
        })
}

/// One CSV-ish file: a header made of (mostly) the input's column names, then rows of values,
/// with a random delimiter, quoting and line ends, possibly truncated.
fn csv_file(cols: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let header = prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(cols).prop_map(|c| c.to_string()),
            1 => Just("extra".to_string()),
            1 => "[A-Za-z_ ]{0,6}",
        ],
        0..cols.len() + 3,
    );
    let header = prop_oneof![
        3 => Just(cols.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
        2 => header,
    ];
    let fields = prop_oneof![
        3 => row(cols),
        1 => prop::collection::vec(value(), 0..cols.len() + 2),
    ];
    let rows = prop::collection::vec(
        (
            fields.prop_flat_map(|f| {
                let n = f.len();
                (Just(f), prop::collection::vec(0u8..24, n))
            }),
            0u8..10,
        ),
        0..12,
    );
    (
        header,
        rows,
        prop::sample::select(vec![b',', b';', b'\t', b'|']),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.15, any::<prop::sample::Index>()),
    )
        .prop_map(|(header, rows, delim, bom, crlf, cut)| {
            let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            let mut out = Vec::new();
            if bom {
                out.extend_from_slice("\u{feff}".as_bytes());
            }
            out.extend_from_slice(header.join(&(delim as char).to_string()).as_bytes());
            out.extend_from_slice(nl);
            for ((fields, quotes), line_kind) in rows {
                for (i, (v, quote)) in fields.iter().zip(quotes).enumerate() {
                    if i > 0 {
                        out.push(delim);
                    }
                    match quote {
                        // Properly quoted, inner quotes doubled.
                        0 | 1 => {
                            out.push(b'"');
                            for &b in v {
                                if b == b'"' {
                                    out.push(b'"');
                                }
                                out.push(b);
                            }
                            out.push(b'"');
                        }
                        // An unterminated or stray quote.
                        2 if v.len() % 3 == 0 => {
                            out.push(b'"');
                            out.extend_from_slice(v);
                        }
                        _ => out.extend_from_slice(v),
                    }
                }
                match line_kind {
                    0 => out.extend_from_slice(b"\r"),
                    1 => {
                        out.extend_from_slice(nl);
                        out.extend_from_slice(nl);
                    }
                    _ => out.extend_from_slice(nl),
                }
            }
            if let Some(cut) = cut {
                let n = cut.index(out.len() + 1);
                out.truncate(n);
            }
            out
        })
}

/// One NDJSON-ish file: objects with the input's keys and values of every JSON type, plus
/// garbage lines.
fn ndjson_file(cols: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let json_value = prop_oneof![
        4 => value().prop_map(|v| serde_json::Value::String(String::from_utf8_lossy(&v).into_owned())),
        1 => any::<i64>().prop_map(serde_json::Value::from),
        1 => any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)),
        1 => any::<bool>().prop_map(serde_json::Value::Bool),
        1 => Just(serde_json::Value::Null),
        1 => Just(serde_json::json!([1, "a"])),
        1 => Just(serde_json::json!({"nested": {"x": 1}})),
    ];
    let object = prop::collection::vec((prop::sample::select(cols), json_value), 0..cols.len() + 2)
        .prop_map(|kv| {
            let mut m = serde_json::Map::new();
            for (k, v) in kv {
                m.insert(k.to_string(), v);
            }
            serde_json::to_vec(&serde_json::Value::Object(m)).unwrap_or_default()
        });
    let templated = row(cols).prop_map(move |fields| {
        let mut m = serde_json::Map::new();
        for (k, v) in cols.iter().zip(fields) {
            m.insert(
                k.to_string(),
                String::from_utf8_lossy(&v).into_owned().into(),
            );
        }
        serde_json::to_vec(&serde_json::Value::Object(m)).unwrap_or_default()
    });
    let line = prop_oneof![
        8 => templated,
        4 => object,
        1 => prop::collection::vec(any::<u8>(), 0..20),
        1 => Just(b"{\"call_id\": \"C1\", ".to_vec()),
        1 => Just(Vec::new()),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| {
        let mut out = Vec::new();
        for l in lines {
            out.extend_from_slice(&l);
            out.push(b'\n');
        }
        out
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Which {
    Calls,
    Tickets,
    Changes,
    Corrections,
}

impl Which {
    fn cols(self) -> &'static [&'static str] {
        match self {
            Which::Calls => CALL_COLS,
            Which::Tickets => TICKET_COLS,
            Which::Changes => CHANGE_COLS,
            Which::Corrections => CORRECTION_COLS,
        }
    }
}

fn file_for(which: Which) -> impl Strategy<Value = (bool, Vec<u8>)> {
    prop_oneof![
        3 => csv_file(which.cols()).prop_map(|b| (false, b)),
        1 => ndjson_file(which.cols()).prop_map(|b| (true, b)),
    ]
}

/// Read the bytes as the given input and check the oracle.
fn check_one(which: Which, ndjson: bool, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let name = if ndjson { "in.ndjson" } else { "in.csv" };
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let p = path.to_string_lossy().into_owned();
    let mut args = InputFiles::default();
    match which {
        Which::Calls => args.calls.push(p),
        Which::Tickets => args.tickets.push(p),
        Which::Changes => args.changes.push(p),
        Which::Corrections => args.corrections.push(p),
    }
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let inputs = match read_all(&args, &cfg, &cals) {
        Ok(i) => i,
        // A file-level error is an allowed outcome; it must say something.
        Err(e) => {
            let msg = format!("{e:#}");
            prop_assert!(!msg.trim().is_empty());
            return Ok(());
        }
    };
    READ_OK.fetch_add(1, Relaxed);
    for f in &inputs.files {
        ROWS_USED.fetch_add(f.rows_used, Relaxed);
        ROWS_REJECTED.fetch_add(f.rows_rejected, Relaxed);
        prop_assert_eq!(f.rows_read, f.rows_used + f.rows_rejected, "{:?}", f);
        let rejects = inputs
            .rejects
            .to_vec()
            .unwrap()
            .iter()
            .filter(|r| *r.file == *f.path)
            .count() as u64;
        prop_assert_eq!(rejects, f.rows_rejected, "rejects listed vs counted");
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    for r in &inputs.rejects.to_vec().unwrap() {
        prop_assert!(
            r.line >= 1 && r.line <= lines,
            "line {} of {}",
            r.line,
            lines
        );
        prop_assert!(!r.reason.is_empty());
    }
    slareport::render::rejected_csv(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let m = slareport::metrics::compute(
        &inputs,
        &cfg,
        &cals,
        slareport::calendar::Month::new(2026, 3).unwrap(),
    )
    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    slareport::render::metrics_json(&m).map_err(|e| TestCaseError::fail(e.to_string()))?;
    check_kpis(&m.kpis)?;
    check_kpis(&m.kpis_as_measured)
}

/// Invariants of the headline figures that hold for any input: shares are finite and in 0..1
/// (serde_json would silently print a NaN as `null`, so the struct is checked, not the text),
/// parts never exceed their whole, percentiles are ordered.
fn check_kpis(k: &slareport::metrics::Kpis) -> Result<(), TestCaseError> {
    for (name, share) in [
        ("availability", k.availability),
        ("delivery_precision", k.delivery_precision),
        ("perf_within_t90_share", k.perf_within_t90_share),
    ] {
        if let Some(v) = share {
            prop_assert!(
                v.is_finite() && (0.0..=1.0).contains(&v),
                "{} = {}",
                name,
                v
            );
        }
    }
    prop_assert!(k.open_seconds >= 0);
    prop_assert!(k.unavailable_seconds >= 0 && k.degraded_seconds >= 0);
    prop_assert!(
        k.unavailable_seconds + k.degraded_seconds <= k.open_seconds,
        "{:?}",
        k
    );
    prop_assert_eq!(k.open_seconds == 0, k.availability.is_none());
    prop_assert!(k.calls_answered <= k.calls_incoming);
    prop_assert!(k.perf_calls <= k.calls_answered);
    prop_assert_eq!(k.calls_incoming == 0, k.delivery_precision.is_none());
    prop_assert!(k.rows_rejected <= k.rows_read);
    let p = [
        k.response_p50_ms,
        k.response_p90_ms,
        k.response_p95_ms,
        k.response_p99_ms,
        k.response_max_ms,
    ];
    prop_assert!(p.windows(2).all(|w| w[0] <= w[1]), "{:?}", p);
    prop_assert!(p.iter().all(|v| v.is_none_or(|v| v >= 0)), "{:?}", p);
    Ok(())
}

#[test]
fn fuzz_calls_reader() {
    fuzz("calls", file_for(Which::Calls), |(nd, b)| {
        check_one(Which::Calls, nd, &b)
    });
}

#[test]
fn fuzz_tickets_reader() {
    fuzz("tickets", file_for(Which::Tickets), |(nd, b)| {
        check_one(Which::Tickets, nd, &b)
    });
}

#[test]
fn fuzz_changes_and_corrections_readers() {
    fuzz("changes", file_for(Which::Changes), |(nd, b)| {
        check_one(Which::Changes, nd, &b)
    });
    fuzz("corrections", file_for(Which::Corrections), |(nd, b)| {
        check_one(Which::Corrections, nd, &b)
    });
}
