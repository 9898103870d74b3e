//! Property: for random mixes of good and bad rows, CSV quirks (`;`, BOM, CRLF, quoted
//! newlines, blank lines) and duplicate ids, every record read is used or rejected exactly
//! once (`read = used + rejected`), every reject carries the line where its record starts, and
//! a good row with an id of its own is always used.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, Inputs};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Good,
    GoodMultiline,
    BadTime,
    BadEnum,
    BadNumber,
    EmptyId,
    Backwards,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        4 => Just(Kind::Good),
        1 => Just(Kind::GoodMultiline),
        1 => Just(Kind::BadTime),
        1 => Just(Kind::BadEnum),
        1 => Just(Kind::BadNumber),
        1 => Just(Kind::EmptyId),
        1 => Just(Kind::Backwards),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    rows: Vec<(Kind, u8, u8, bool)>, // kind, id, minute, blank line before
    semicolon: bool,
    bom: bool,
    crlf: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((kind(), 0u8..40, 0u8..60, prop::bool::weighted(0.1)), 0..60),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(rows, semicolon, bom, crlf)| Case {
            rows,
            semicolon,
            bom,
            crlf,
        })
}

/// Render rows; returns the text and, per row, (start line, id, kind, canonical text).
fn render(c: &Case, calls: bool) -> (String, Vec<(u64, String, Kind, String)>) {
    let d = if c.semicolon { ";" } else { "," };
    let nl = if c.crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    if c.bom {
        text.push('\u{feff}');
    }
    let header: &[&str] = if calls {
        &[
            "call_id",
            "received_at",
            "responded_at",
            "result",
            "persons",
            "municipality",
        ]
    } else {
        &[
            "ticket_id",
            "type",
            "priority",
            "registered_at",
            "resolved_at",
            "summary",
        ]
    };
    text.push_str(&header.join(d));
    text.push_str(nl);
    let mut line = 2u64;
    let mut out = Vec::new();
    for (k, id, minute, blank) in &c.rows {
        if *blank {
            text.push_str(nl);
            line += 1;
        }
        let id = if *k == Kind::EmptyId {
            String::new()
        } else {
            format!("x{id}")
        };
        let t0 = format!("2026-03-02T08:{minute:02}:00Z");
        let t1 = format!("2026-03-02T09:{minute:02}:00Z");
        let early = "2026-03-02T07:00:00Z".to_string();
        let free = if *k == Kind::GoodMultiline {
            format!("\"two{nl}lines{d} quoted\"")
        } else {
            "plain".to_string()
        };
        let fields: Vec<String> = if calls {
            vec![
                id.clone(),
                if *k == Kind::BadTime {
                    "soon".into()
                } else {
                    t0
                },
                if *k == Kind::Backwards { early } else { t1 },
                if *k == Kind::BadEnum {
                    "maybe".into()
                } else {
                    "ok".into()
                },
                if *k == Kind::BadNumber {
                    "0".into()
                } else {
                    "2".into()
                },
                free,
            ]
        } else {
            vec![
                id.clone(),
                if *k == Kind::BadEnum {
                    "question".into()
                } else {
                    "incident".into()
                },
                if *k == Kind::BadNumber {
                    "9".into()
                } else {
                    "hög".into()
                },
                if *k == Kind::BadTime {
                    "soon".into()
                } else {
                    t0
                },
                if *k == Kind::Backwards { early } else { t1 },
                free,
            ]
        };
        let row = fields.join(d);
        out.push((line, id, *k, row.clone()));
        line += row.matches('\n').count() as u64 + 1;
        text.push_str(&row);
        text.push_str(nl);
    }
    (text, out)
}

fn read(path: String, calls: bool) -> Inputs {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = if calls {
        InputFiles {
            calls: vec![path],
            ..Default::default()
        }
    } else {
        InputFiles {
            tickets: vec![path],
            ..Default::default()
        }
    };
    read_all(&args, &cfg, &cals).unwrap()
}

fn check(c: &Case, calls: bool) -> Result<(), TestCaseError> {
    let (text, rows) = render(c, calls);
    let dir = tempfile::tempdir().unwrap();
    let p = dir
        .path()
        .join(if calls { "calls.csv" } else { "tickets.csv" });
    std::fs::write(&p, text).unwrap();
    let i = read(p.to_string_lossy().into_owned(), calls);
    let f = &i.files[0];
    prop_assert_eq!(f.rows_read, rows.len() as u64);
    prop_assert_eq!(f.rows_read, f.rows_used + f.rows_rejected);
    prop_assert_eq!(f.rows_rejected, i.rejects.len() as u64);
    let used = if calls {
        i.calls.len()
    } else {
        i.tickets.len()
    } as u64;
    prop_assert_eq!(f.rows_used, used);
    let starts: BTreeSet<u64> = rows.iter().map(|r| r.0).collect();
    let rejected: BTreeSet<u64> = i.rejects.to_vec().unwrap().iter().map(|r| r.line).collect();
    prop_assert_eq!(rejected.len(), i.rejects.len(), "one reject per line");
    prop_assert!(rejected.is_subset(&starts), "{:?} ⊄ {:?}", rejected, starts);
    if !calls {
        let used_lines: BTreeSet<u64> = i.tickets.iter().map(|t| t.source.line).collect();
        prop_assert!(used_lines.is_disjoint(&rejected));
        let all: BTreeSet<u64> = used_lines.union(&rejected).copied().collect();
        prop_assert_eq!(all, starts);
    }
    // A good row whose id no other row has is used.
    let mut per_id: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per_id.entry(r.1.as_str()).or_default() += 1;
    }
    for r in &rows {
        let good = matches!(r.2, Kind::Good | Kind::GoodMultiline);
        if good && per_id[r.1.as_str()] == 1 {
            prop_assert!(
                !rejected.contains(&r.0),
                "good unique row at line {} rejected",
                r.0
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn calls_every_row_used_or_rejected_with_its_line(c in case()) {
        check(&c, true)?;
    }

    #[test]
    fn tickets_every_row_used_or_rejected_with_its_line(c in case()) {
        check(&c, false)?;
    }
}
