//! The `servicenow` incident-export preset on a small export in ServiceNow's shape (no public
//! export of that kind is in ../shared/realdata; the event-log presets are tested on real
//! data in realdata_tickets.rs).

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, TicketType};

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn servicenow_incident_export() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("incident.csv");
    std::fs::write(
        &p,
        "number,short_description,priority,state,opened_at,resolved_at,closed_at,category,close_notes\n\
         INC0010001,\"Mail down, all users\",1 - Critical,Closed,2026-03-02 08:00:00,2026-03-02 11:30:00,2026-03-03 09:00:00,Network,Rebooted\n\
         INC0010002,Slow search,3 - Moderate,Resolved,2/3/2026 09:15,4/3/2026 10:00,?,Software,?\n\
         INC0010003,Typo,5 - Planning,New,2026-03-02 10:00:00,?,?,?,?\n\
         INC0010004,No priority,?,New,2026-03-02 10:00:00,?,?,?,?\n\
         INC0010005,Backwards,2 - High,Closed,2026-03-05 10:00:00,2026-03-04 10:00:00,?,?,?\n",
    )
    .unwrap();
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let i = read_all(
        &InputFiles {
            tickets: vec![p.to_string_lossy().into_owned()],
            preset: vec!["servicenow".into()],
            ..Default::default()
        },
        &cfg,
        &cals,
    )
    .unwrap();
    let rj: Vec<(u64, &str, &str)> = i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| (r.line, r.column, r.reason))
        .collect();
    assert_eq!(
        rj,
        vec![
            (5, "priority", "missing priority"),
            (6, "resolved_at", "before registered_at"),
        ]
    );
    assert_eq!(i.tickets.len(), 3);
    let t = &i.tickets[0];
    assert_eq!(
        (t.ticket_id.as_str(), t.kind),
        ("INC0010001", TicketType::Incident)
    );
    assert_eq!(t.priority, Some(1));
    assert_eq!(t.summary, "Mail down, all users");
    assert_eq!(t.action_plan, "Rebooted");
    // Local time (+01:00 in March before the switch).
    assert_eq!(t.registered_at, ms("2026-03-02T07:00:00Z"));
    assert_eq!(t.resolved_at, Some(ms("2026-03-02T10:30:00Z")));
    let t = &i.tickets[1];
    assert_eq!(t.priority, Some(3));
    assert_eq!(t.registered_at, ms("2026-03-02T08:15:00Z"));
    assert_eq!(t.closed_at, None);
    assert_eq!(t.cause, "");
    assert_eq!(i.tickets[2].priority, Some(4));
}
