//! Canonical CSV inputs end to end through `inputs::read_all`: every rule of M2.4 and
//! M2.9–M2.10, M4.7 with hand-computed expectations, CSV quirks, and line numbers.

use std::io::Write;

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, CallResult, Inputs, Reject, NO_TIME};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p.to_string_lossy().into_owned()
}

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

fn reasons(i: &Inputs) -> Vec<(u64, &str, &str)> {
    i.rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r: &Reject| (r.line, r.column, r.reason))
        .collect()
}

const CALLS_HEADER: &str =
    "call_id,received_at,responded_at,result,persons,municipality,failed_providers\n";

#[test]
fn calls_rules_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        "c1,2026-03-02T08:00:00Z,2026-03-02T08:00:03.5Z,ok,1,K0180,", // 2 used
        "c2,2026-03-02 09:00:01,,no_response,2,K0180,",               // 3 used (local)
        "c3,2026-03-02T08:00:00Z,2026-03-02T07:59:59Z,ok,1,,",        // 4 responded before
        "c4,2026-03-02T08:00:00Z,,,1,,",                              // 5 empty result
        "c5,2026-03-02T08:00:00Z,,maybe,1,,",                         // 6 unknown result
        "c6,2026-03-02T08:00:00Z,,error,,,",                          // 7 persons empty
        "c7,2026-03-02T08:00:00Z,,error,x,,",                         // 8 persons non-int
        "c8,2026-03-02T08:00:00Z,,error,0,,",                         // 9 persons < 1
        "c9,2026-03-02T08:00:05Z,2026-03-02T08:00:06Z, PARTIAL ,11,K0181,FK; CSN ;FK", // 10 used, >10
        "c1,2026-03-02T08:00:00Z,2026-03-02T08:00:03.5Z,ok,1,K0180,", // 11 duplicate
        "c10,2026-03-02T08:00:00Z,,ok,1,,",                           // 12 conflicting
        "c10,2026-03-02T08:00:01Z,,ok,1,,",                           // 13 conflicting
        ",2026-03-02T08:00:00Z,,ok,1,,",                              // 14 missing id
        "c11,yesterday,,ok,1,,",                                      // 15 bad timestamp
        "",                                                           // 16 blank: skipped
        "c12,2026-03-02T07:59:00Z,,unreachable,1,,CSN",               // 17 used
        "   ",                                                        // 18 blank: skipped
        ",,,,,,",                                                     // 19 not blank: a row
    ];
    let p = write(
        &dir,
        "calls.csv",
        &format!("{CALLS_HEADER}{}\n", body.join("\n")),
    );
    let i = read(InputFiles {
        calls: vec![p],
        ..Default::default()
    });
    let f = &i.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (16, 4, 12));
    assert_eq!(
        reasons(&i),
        vec![
            (4, "responded_at", "responded before received"),
            (5, "result", "missing required field"),
            (6, "result", "unknown result"),
            (7, "persons", "missing required field"),
            (8, "persons", "invalid persons"),
            (9, "persons", "invalid persons"),
            (11, "call_id", "duplicate"),
            (12, "call_id", "conflicting duplicate"),
            (13, "call_id", "conflicting duplicate"),
            (14, "call_id", "missing required field"),
            (15, "received_at", "unparseable timestamp"),
            (19, "call_id", "missing required field"),
        ]
    );
    let c = &i.calls;
    // Sorted by received, then id: c12 07:59, c1 08:00, c2 08:00:01 (09:00:01 local), c9.
    let ids: Vec<&str> = (0..c.len()).map(|k| c.ids.get(k)).collect();
    assert_eq!(ids, vec!["c12", "c1", "c2", "c9"]);
    assert_eq!(c.received[1], ms("2026-03-02T08:00:00Z"));
    assert_eq!(c.responded[1], ms("2026-03-02T08:00:03.500Z"));
    assert_eq!(c.received[2], ms("2026-03-02T08:00:01Z"));
    assert_eq!(c.responded[2], NO_TIME);
    assert_eq!(c.result[3], CallResult::Partial);
    assert_eq!(c.persons[3], 11);
    assert_eq!(c.failed_sets[c.failed[3] as usize], vec!["CSN", "FK"]);
    assert_eq!(c.failed_count(0), 1);
    assert_eq!(c.municipalities[c.municipality[1] as usize], "K0180");
    assert_eq!(i.data_end, Some(ms("2026-03-02T08:00:06Z")));
}

#[test]
fn semicolon_bom_and_multiline_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}ticket_id;type;priority;registered_at;summary\n\
                T1;Incident;Hög;2026-03-02T10:00:00+01:00;\"two\nlines; and a semicolon\"\n\
                T2;problem;;2026-03-02T10:00:00Z;x\n";
    let p = write(&dir, "tickets.csv", text);
    let i = read(InputFiles {
        tickets: vec![p],
        ..Default::default()
    });
    assert_eq!(i.tickets.len(), 1);
    assert_eq!(i.tickets[0].priority, Some(2));
    assert_eq!(i.tickets[0].summary, "two\nlines; and a semicolon");
    assert_eq!(i.tickets[0].source.line, 2);
    assert_eq!(reasons(&i), vec![(4, "priority", "missing priority")]);
}

#[test]
fn a_quote_inside_an_unquoted_field_is_literal() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "calls.csv",
        &format!(
            "{CALLS_HEADER}c1,2026-03-02T08:00:00Z,,ok,1,K\"1,\nc2,2026-03-02T08:00:01Z,,bad,1,K2,\n"
        ),
    );
    let i = read(InputFiles {
        calls: vec![p],
        ..Default::default()
    });
    assert_eq!(i.calls.len(), 1);
    assert_eq!(i.calls.municipalities, vec!["K\"1"]);
    assert_eq!(reasons(&i), vec![(3, "result", "unknown result")]);
}
