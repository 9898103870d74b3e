//! Nothing lost: for random mixes of good and bad rows in calls, tickets and changes
//! (CSV with `,` or `;`, CRLF, blank lines, or NDJSON), rows read = used + rejected per file and
//! in total, and every bad row appears in rejected.csv — input, file and its exact line — with
//! the reason its kind must produce; every good row is used.
//!
//! Case count: `PROPTEST_CASES` (default 32).

use std::collections::BTreeSet;

use proptest::prelude::*;
use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::read_all;
use slareport::inputs::InputFiles;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Good,
    /// An exact copy of the previous row (same id): `duplicate`.
    Copy,
    BadTime,
    BadEnum,
    Backwards,
    BadNumber,
    /// Invalid UTF-8 (CSV only; NDJSON turns it into a bad time).
    Latin1,
    /// A record with a field too few (CSV only; NDJSON: bad enum).
    Short,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        6 => Just(Kind::Good),
        1 => Just(Kind::Copy),
        1 => Just(Kind::BadTime),
        1 => Just(Kind::BadEnum),
        1 => Just(Kind::Backwards),
        1 => Just(Kind::BadNumber),
        1 => Just(Kind::Latin1),
        1 => Just(Kind::Short),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Calls,
    Tickets,
    Changes,
}

/// The canonical columns and the fields of a row of `kind` with id number `n`.
fn row(input: Input, kind: Kind, n: usize, ndjson: bool) -> (Vec<&'static str>, Vec<String>) {
    let k = match (kind, ndjson) {
        (Kind::Latin1, true) => Kind::BadTime,
        (Kind::Short, true) => Kind::BadEnum,
        (k, _) => k,
    };
    let t = |h: u32| {
        format!(
            "2026-03-{:02}T{:02}:{:02}:00+01:00",
            2 + n % 20,
            8 + h,
            n % 60
        )
    };
    let time = |h: u32| {
        if k == Kind::BadTime {
            "2026-13-01T00:00".to_string()
        } else {
            t(h)
        }
    };
    let later = if k == Kind::Backwards {
        t(0).replace("T08", "T07")
    } else {
        t(1)
    };
    let text = if k == Kind::Latin1 {
        "G\u{f6}teborg-LATIN1".to_string()
    } else {
        format!("text {n}, \"quoted\"")
    };
    let (cols, mut fields) = match input {
        Input::Calls => (
            vec![
                "call_id",
                "received_at",
                "responded_at",
                "result",
                "persons",
                "municipality",
            ],
            vec![
                format!("C{n}"),
                time(0),
                later,
                if k == Kind::BadEnum {
                    "maybe".into()
                } else {
                    "ok".into()
                },
                if k == Kind::BadNumber {
                    "0".into()
                } else {
                    "3".into()
                },
                text,
            ],
        ),
        Input::Tickets => (
            vec![
                "ticket_id",
                "type",
                "priority",
                "registered_at",
                "resolved_at",
                "summary",
            ],
            vec![
                format!("T{n}"),
                if k == Kind::BadEnum {
                    "question".into()
                } else {
                    "incident".into()
                },
                if k == Kind::BadNumber {
                    "9".into()
                } else {
                    "2".into()
                },
                time(0),
                later,
                text,
            ],
        ),
        Input::Changes => (
            vec![
                "change_id",
                "title",
                "status",
                "scheduled_start",
                "scheduled_end",
                "priority",
            ],
            vec![
                format!("CHG{n}"),
                text,
                if k == Kind::BadEnum {
                    "maybe".into()
                } else {
                    "completed".into()
                },
                time(0),
                later,
                if k == Kind::BadNumber {
                    "0".into()
                } else {
                    "3".into()
                },
            ],
        ),
    };
    if k == Kind::Short {
        fields.pop();
    }
    (cols, fields)
}

/// The reason a row of `kind` must be rejected with (None = used).
fn reason(kind: Kind, input: Input, ndjson: bool) -> Option<&'static str> {
    let k = match (kind, ndjson) {
        (Kind::Latin1, true) => Kind::BadTime,
        (Kind::Short, true) => Kind::BadEnum,
        (k, _) => k,
    };
    Some(match (k, input) {
        (Kind::Good, _) => return None,
        (Kind::Copy, _) => "duplicate",
        (Kind::BadTime, _) => "unparseable timestamp",
        (Kind::BadEnum, Input::Calls) => "unknown result",
        (Kind::BadEnum, Input::Tickets) => "unknown type",
        (Kind::BadEnum, Input::Changes) => "unknown status",
        (Kind::Backwards, Input::Calls) => "responded before received",
        (Kind::Backwards, Input::Tickets) => "before registered_at",
        (Kind::Backwards, Input::Changes) => "end before start",
        (Kind::BadNumber, Input::Calls) => "invalid persons",
        (Kind::BadNumber, _) => "unknown priority",
        (Kind::Latin1, _) => "invalid UTF-8",
        (Kind::Short, _) => "wrong number of fields",
    })
}

#[derive(Debug, Clone)]
struct FileCase {
    kinds: Vec<(Kind, bool)>, // kind, blank line before
    ndjson: bool,
    semicolon: bool,
    crlf: bool,
}

fn file_case() -> impl Strategy<Value = FileCase> {
    (
        prop::collection::vec((kind(), prop::bool::weighted(0.1)), 0..40),
        prop::bool::weighted(0.25),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(mut kinds, ndjson, semicolon, crlf)| {
            // An NDJSON file without a single object has no columns: a file error (like an
            // empty CSV file), asserted in hostile_corpus.rs; here every file has rows.
            if ndjson && kinds.is_empty() {
                kinds.push((Kind::Good, false));
            }
            (kinds, ndjson, semicolon, crlf)
        })
        .prop_map(|(kinds, ndjson, semicolon, crlf)| FileCase {
            kinds,
            ndjson,
            semicolon,
            crlf,
        })
}

/// Render a file; returns bytes and, per row, (line, expected reason).
fn render(input: Input, c: &FileCase) -> (Vec<u8>, Vec<(u64, Option<&'static str>)>) {
    let nl = if c.crlf { "\r\n" } else { "\n" };
    let d = if c.semicolon { ";" } else { "," };
    let mut out: Vec<u8> = Vec::new();
    let mut expect = Vec::new();
    let mut line = 1u64;
    let (cols, _) = row(input, Kind::Good, 0, c.ndjson);
    if !c.ndjson {
        out.extend_from_slice(cols.join(d).as_bytes());
        out.extend_from_slice(nl.as_bytes());
        line += 1;
    }
    let mut prev: Option<usize> = None;
    for (i, (kind, blank)) in c.kinds.iter().enumerate() {
        if *blank {
            out.extend_from_slice(nl.as_bytes());
            line += 1;
        }
        // A copy repeats the previous row exactly; with no previous row it is a good row.
        let (kind, n) = match (kind, prev) {
            (Kind::Copy, Some(p)) => (Kind::Copy, p),
            (Kind::Copy, None) => (Kind::Good, i),
            (k, _) => (*k, i),
        };
        let (cols, fields) = row(
            input,
            if kind == Kind::Copy { Kind::Good } else { kind },
            n,
            c.ndjson,
        );
        if c.ndjson {
            let mut m = serde_json::Map::new();
            for (k, v) in cols.iter().zip(&fields) {
                m.insert(k.to_string(), v.clone().into());
            }
            out.extend_from_slice(serde_json::Value::Object(m).to_string().as_bytes());
        } else {
            let cells: Vec<String> = fields
                .iter()
                .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                .collect();
            let mut bytes = cells.join(d).into_bytes();
            if kind == Kind::Latin1 {
                // Re-encode the ö as Latin-1.
                let s = String::from_utf8(bytes).expect("utf8");
                bytes = s
                    .replace('\u{f6}', "\u{0}")
                    .into_bytes()
                    .into_iter()
                    .map(|b| if b == 0 { 0xf6 } else { b })
                    .collect();
            }
            out.extend_from_slice(&bytes);
        }
        out.extend_from_slice(nl.as_bytes());
        expect.push((line, reason(kind, input, c.ndjson)));
        line += 1;
        if kind == Kind::Good {
            prev = Some(n);
        }
    }
    (out, expect)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn rows_read_equal_used_plus_rejected_and_every_reject_is_listed(
        calls in file_case(),
        tickets in file_case(),
        changes in file_case(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut args = InputFiles::default();
        let mut expected = BTreeSet::new();
        let mut good = 0u64;
        let mut total = 0u64;
        for (input, case, name) in [
            (Input::Calls, &calls, "calls"),
            (Input::Tickets, &tickets, "tickets"),
            (Input::Changes, &changes, "changes"),
        ] {
            let (bytes, rows) = render(input, case);
            let file = format!("{name}.{}", if case.ndjson { "ndjson" } else { "csv" });
            let path = dir.path().join(&file);
            std::fs::write(&path, bytes).unwrap();
            let p = path.to_string_lossy().into_owned();
            match input {
                Input::Calls => args.calls.push(p.clone()),
                Input::Tickets => args.tickets.push(p.clone()),
                Input::Changes => args.changes.push(p.clone()),
            }
            total += rows.len() as u64;
            for (line, reason) in rows {
                match reason {
                    Some(r) => { expected.insert((name.to_string(), p.clone(), line, r.to_string())); }
                    None => good += 1,
                }
            }
        }
        // Damaged records of a UTF-8 file are rejected row by row when the mapping says the
        // files are UTF-8 (without it, a file that is not UTF-8 is an error naming its likely
        // encoding: `tests/inputs/encodings.rs`).
        let map = dir.path().join("utf8.toml");
        std::fs::write(
            &map,
            "[inputs.calls]\nencoding = \"utf-8\"\n[inputs.tickets]\nencoding = \"utf-8\"\n\
             [inputs.changes]\nencoding = \"utf-8\"\n",
        )
        .unwrap();
        args.mapping = Some(map);
        let cfg = SlaConfig::ssbtek();
        let cals = Calendars::from_config(&cfg.calendar);
        let inputs = read_all(&args, &cfg, &cals).unwrap();
        let (mut read, mut used, mut rejected) = (0, 0, 0);
        for f in &inputs.files {
            prop_assert_eq!(f.rows_read, f.rows_used + f.rows_rejected, "{:?}", f);
            read += f.rows_read;
            used += f.rows_used;
            rejected += f.rows_rejected;
        }
        prop_assert_eq!(read, total);
        prop_assert_eq!(used, good);
        prop_assert_eq!(inputs.calls.len() + inputs.tickets.len() + inputs.changes.len(), good as usize);
        prop_assert_eq!(rejected, expected.len() as u64);
        // rejected.csv lists exactly the bad rows, each at its line with its reason.
        let csv = slareport::render::rejected_csv(&inputs).unwrap();
        let mut rdr = csv::Reader::from_reader(csv.as_slice());
        let listed: BTreeSet<(String, String, u64, String)> = rdr
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap(), r[5].to_string())
            })
            .collect();
        prop_assert_eq!(listed.len() as u64, rejected, "one row per reject");
        prop_assert_eq!(listed, expected);
    }
}
