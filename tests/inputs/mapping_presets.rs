//! The `jira` and `topdesk` presets on realistic exports (tests/fixtures/mapping/*/README.md
//! says how they were built and what is assumed); every expected value is counted by hand
//! from the fixture.

use std::path::Path;

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, Inputs, TicketType};

fn fixture(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mapping")
        .join(p)
        .to_string_lossy()
        .into_owned()
}

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

fn read(preset: &str, file: &str) -> Inputs {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    read_all(
        &InputFiles {
            tickets: vec![fixture(file)],
            preset: vec![preset.into()],
            ..Default::default()
        },
        &cfg,
        &cals,
    )
    .unwrap()
}

#[test]
fn jira_service_management_export() {
    let i = read("jira", "jira/jsm-export.csv");
    let f = &i.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (8, 7, 1));
    let all = i.rejects.to_vec().unwrap();
    let rj: Vec<(u64, &str, &str)> = all
        .iter()
        .map(|r| (r.line, r.value.as_str(), r.reason))
        .collect();
    assert_eq!(rj, [(7, "Issue Type=Change", "excluded by filter")]);
    let got: Vec<(&str, TicketType, Option<u8>)> = i
        .tickets
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.kind, t.priority))
        .collect();
    use TicketType::*;
    assert_eq!(
        got,
        [
            ("ITSD-101", Incident, Some(1)),
            ("ITSD-102", Incident, Some(2)),
            ("ITSD-103", Order, Some(3)),
            ("ITSD-104", Order, Some(4)),
            ("ITSD-105", Problem, Some(3)),
            ("ITSD-107", Incident, Some(4)),
            ("ITSD-108", Incident, Some(1)),
        ]
    );
    let t = &i.tickets[0];
    // 02/Mar/26 9:05 AM in Stockholm (CET, +01:00).
    assert_eq!(t.registered_at, ms("2026-03-02T09:05:00+01:00"));
    assert_eq!(t.responded_at, Some(ms("2026-03-02T09:12:00+01:00")));
    assert_eq!(t.resolved_at, Some(ms("2026-03-02T11:40:00+01:00")));
    assert_eq!(t.closed_at, t.resolved_at);
    // An order is delivered when resolved: closed_at from Resolved.
    assert_eq!(
        i.tickets[2].closed_at,
        Some(ms("2026-03-09T16:45:00+01:00"))
    );
    assert_eq!(i.tickets[3].closed_at, None);
    // 12:05 AM is five past midnight, 12:30 PM half past noon.
    assert_eq!(i.tickets[5].registered_at, ms("2026-03-11T23:05:00Z"));
    assert_eq!(i.tickets[5].responded_at, Some(ms("2026-03-12T11:30:00Z")));
    // After the switch to summer time (+02:00).
    assert_eq!(i.tickets[6].registered_at, ms("2026-03-30T14:20:00Z"));
    assert_eq!(i.tickets[4].summary, "Återkommande timeouts mot leverantör");
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn topdesk_export_english_labels_dutch_dates() {
    let i = read("topdesk", "topdesk/incidents-en.csv");
    let f = &i.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (6, 5, 1));
    assert_eq!(f.dst_gap_resolved, 1);
    let all = i.rejects.to_vec().unwrap();
    let rj: Vec<(u64, &str, &str, &str)> = all
        .iter()
        .map(|r| (r.line, r.column, r.value.as_str(), r.reason))
        .collect();
    assert_eq!(rj, [(5, "type", "Question", "unknown type")]);
    use TicketType::*;
    let got: Vec<(&str, TicketType, Option<u8>, bool)> = i
        .tickets
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.kind, t.priority, t.major))
        .collect();
    assert_eq!(
        got,
        [
            ("I 2603 001", Incident, Some(1), true),
            ("I 2603 002", Incident, Some(3), false),
            ("I 2603 003", Order, Some(4), false),
            ("I 2603 005", Incident, Some(2), false),
            ("I 2603 006", Problem, Some(2), false),
        ]
    );
    let t = &i.tickets[0];
    assert_eq!(t.registered_at, ms("2026-03-02T08:12:00+01:00"));
    assert_eq!(t.responded_at, Some(ms("2026-03-02T08:20:00+01:00")));
    assert_eq!(t.resolved_at, Some(ms("2026-03-02T10:02:00+01:00")));
    assert_eq!(t.closed_at, Some(ms("2026-03-02T10:30:00+01:00")));
    assert_eq!(t.provider, "Leverantör A");
    assert_eq!(i.tickets[1].closed_at, None);
    // 02:30 on 29 March does not exist in Stockholm: the offset before the switch (+01:00).
    let gap = &i.tickets[3];
    assert_eq!(gap.registered_at, ms("2026-03-29T01:30:00Z"));
    assert_eq!(gap.responded_at, None, "`-` is empty");
    assert_eq!(gap.resolved_at, Some(ms("2026-03-29T05:10:00+02:00")));
}

#[test]
fn topdesk_export_swedish_labels() {
    let i = read("topdesk", "topdesk/incidents-sv.csv");
    assert_eq!(i.files[0].rows_used, 3);
    use TicketType::*;
    let got: Vec<(&str, TicketType, Option<u8>, bool)> = i
        .tickets
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.kind, t.priority, t.major))
        .collect();
    assert_eq!(
        got,
        [
            ("I 2603 101", Incident, Some(1), true),
            ("I 2603 102", Incident, Some(3), false),
            ("I 2603 103", Order, Some(4), false),
        ]
    );
    assert_eq!(
        i.tickets[2].closed_at,
        Some(ms("2026-03-06T15:00:00+01:00"))
    );
    assert_eq!(i.tickets[0].summary, "Kan inte logga in");
}
