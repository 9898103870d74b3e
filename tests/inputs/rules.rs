//! One test per reject rule of tickets, changes and corrections (M2.1, M9.1, M2.9–M2.10),
//! with hand-written CSVs and hand-computed expectations, plus mapping via the SLA config.

use std::io::Write;

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{
    read_all, AppliesTo, ChangeStatus, CorrectionAction, Inputs, OutageKind, TicketType,
};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p.to_string_lossy().into_owned()
}

fn read_with(cfg: &SlaConfig, args: InputFiles) -> anyhow::Result<Inputs> {
    let cals = Calendars::from_config(&cfg.calendar);
    read_all(&args, cfg, &cals)
}

fn read(args: InputFiles) -> Inputs {
    read_with(&SlaConfig::ssbtek(), args).unwrap()
}

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

fn rejects(i: &Inputs) -> Vec<(u64, String, String)> {
    i.rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| (r.line, r.column.to_string(), r.reason.to_string()))
        .collect()
}

fn r(line: u64, col: &str, reason: &str) -> (u64, String, String) {
    (line, col.into(), reason.into())
}

const TICKETS: &str = "ticket_id,type,priority,registered_at,responded_at,resolved_at,closed_at,summary,security,major,outage_start,outage_end,outage_kind,planned,cause,action_plan,provider\n";

#[test]
fn ticket_rules() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        // 2: a full incident, used
        "I1,incident,kritisk,2026-03-02T08:00:00Z,2026-03-02T08:10:00Z,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,\"Flow, broken\",JA,yes,2026-03-02T08:00:00Z,2026-03-02T08:30:00Z,Degraded,0,cable,replace,FK",
        // 3: order without priority, used
        "O1,ORDER,,2026-03-02T08:00:00Z,,,2026-03-03T08:00:00Z,,,,,,,,,,",
        // 4: problem without priority
        "P1,problem,,2026-03-02T08:00:00Z,,,,,,,,,,,,,",
        // 5: unknown type
        "X1,question,1,2026-03-02T08:00:00Z,,,,,,,,,,,,,",
        // 6: unknown priority
        "I2,incident,5,2026-03-02T08:00:00Z,,,,,,,,,,,,,",
        // 7: missing registered_at
        "I3,incident,1,,,,,,,,,,,,,,",
        // 8: resolved before registered
        "I4,incident,1,2026-03-02T08:00:00Z,,2026-03-02T07:00:00Z,,,,,,,,,,,",
        // 9: closed before registered
        "I5,incident,1,2026-03-02T08:00:00Z,,,2026-03-01T08:00:00Z,,,,,,,,,,",
        // 10: responded before registered
        "I6,incident,1,2026-03-02T08:00:00Z,2026-03-02T07:59:59.999Z,,,,,,,,,,,,",
        // 11: outage end before start
        "I7,incident,1,2026-03-02T08:00:00Z,,,,,,,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,,,,,",
        // 12: outage end without start
        "I8,incident,1,2026-03-02T08:00:00Z,,,,,,,,2026-03-02T08:00:00Z,,,,,",
        // 13: invalid boolean
        "I9,incident,1,2026-03-02T08:00:00Z,,,,,maybe,,,,,,,,",
        // 14: unknown outage kind
        "I10,incident,1,2026-03-02T08:00:00Z,,,,,,,2026-03-02T08:00:00Z,,sideways,,,,",
        // 15: ongoing outage (no end), used, priority alias in English
        "I11,incident,High,2026-03-02T08:00:00Z,,,,,,,2026-03-02T08:00:00Z,,,TRUE,,,",
        // 16: missing id
        ",incident,1,2026-03-02T08:00:00Z,,,,,,,,,,,,,",
        // 17: bad timestamp
        "I12,incident,1,2026-13-02T08:00:00Z,,,,,,,,,,,,,",
    ];
    let p = write(&dir, "t.csv", &format!("{TICKETS}{}\n", rows.join("\n")));
    let i = read(InputFiles {
        tickets: vec![p],
        ..Default::default()
    });
    assert_eq!(
        rejects(&i),
        vec![
            r(4, "priority", "missing priority"),
            r(5, "type", "unknown type"),
            r(6, "priority", "unknown priority"),
            r(7, "registered_at", "missing required field"),
            r(8, "resolved_at", "before registered_at"),
            r(9, "closed_at", "before registered_at"),
            r(10, "responded_at", "before registered_at"),
            r(11, "outage_end", "outage end before start"),
            r(12, "outage_end", "outage end without start"),
            r(13, "security", "invalid boolean"),
            r(14, "outage_kind", "unknown outage_kind"),
            r(16, "ticket_id", "missing required field"),
            r(17, "registered_at", "unparseable timestamp"),
        ]
    );
    let f = &i.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (16, 3, 13));
    let t = &i.tickets[0];
    assert_eq!(t.ticket_id, "I1");
    assert_eq!(t.kind, TicketType::Incident);
    assert_eq!(t.priority, Some(1));
    assert_eq!(t.summary, "Flow, broken");
    assert!(t.security && t.major && !t.planned);
    assert_eq!(t.outage_kind, OutageKind::Degraded);
    assert_eq!(t.outage_end, Some(ms("2026-03-02T08:30:00Z")));
    assert_eq!(t.provider, "FK");
    assert_eq!((t.source.file, t.source.line), (0, 2));
    let o = &i.tickets[1];
    assert_eq!((o.kind, o.priority), (TicketType::Order, None));
    let ongoing = &i.tickets[2];
    assert_eq!(ongoing.priority, Some(2));
    assert!(ongoing.planned);
    assert_eq!(ongoing.outage_kind, OutageKind::Unavailable);
    assert_eq!(ongoing.outage_end, None);
    assert_eq!(i.data_end, Some(ms("2026-03-03T08:00:00Z")));
}

#[test]
fn duplicate_tickets_across_files_in_sorted_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let row = "T1,incident,1,2026-03-02T08:00:00Z,,,,,,,,,,,,,\n";
    let b = write(&dir, "b.csv", &format!("{TICKETS}{row}"));
    let a = write(&dir, "a.csv", &format!("{TICKETS}{row}"));
    // Given b before a: a.csv still comes first (sorted paths), so a's copy is used.
    let i = read(InputFiles {
        tickets: vec![b.clone(), a.clone()],
        ..Default::default()
    });
    assert_eq!(i.tickets.len(), 1);
    assert_eq!(i.tickets[0].source.file, 0);
    assert_eq!(i.files[0].path, a);
    assert_eq!(i.rejects.len(), 1);
    assert_eq!(
        (
            &*i.rejects.to_vec().unwrap()[0].file,
            i.rejects.to_vec().unwrap()[0].reason
        ),
        (b.as_str(), "duplicate")
    );
    // A glob gives the same.
    let g = read(InputFiles {
        tickets: vec![format!("{}/*.csv", dir.path().display())],
        ..Default::default()
    });
    assert_eq!(g.tickets, i.tickets);
    assert_eq!(g.rejects, i.rejects);
}

#[test]
fn change_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = "change_id,title,priority,status,in_release,notified_at,scheduled_start,scheduled_end,actual_start,actual_end,overrun_notified,outcome\n\
        C1,Patch,,Completed,nej,2026-02-01T08:00:00Z,2026-03-07T20:00:00Z,2026-03-07T22:00:00Z,2026-03-07T20:05:00Z,2026-03-08T01:00:00Z,0,ok\n\
        C2,x,,done,,,,,,,,\n\
        C3,x,,planned,,,2026-03-07T22:00:00Z,2026-03-07T20:00:00Z,,,,\n\
        C4,x,,in_progress,,,,,2026-03-07T22:00:00Z,2026-03-07T21:00:00Z,,\n\
        C5,x,,,,,,,,,,\n\
        C6,x,låg,CANCELLED,Ja,,,,,,true,\n\
        C6,x,låg,CANCELLED,Ja,,,,,,true,\n";
    let p = write(&dir, "changes.csv", text);
    let i = read(InputFiles {
        changes: vec![p],
        ..Default::default()
    });
    assert_eq!(
        rejects(&i),
        vec![
            r(3, "status", "unknown status"),
            r(4, "scheduled_end", "end before start"),
            r(5, "actual_end", "end before start"),
            r(6, "status", "missing required field"),
            r(8, "change_id", "duplicate"),
        ]
    );
    assert_eq!(i.changes.len(), 2);
    let c = &i.changes[0];
    assert_eq!(c.status, ChangeStatus::Completed);
    assert!(!c.in_release && !c.overrun_notified);
    assert_eq!(c.actual_end, Some(ms("2026-03-08T01:00:00Z")));
    let c = &i.changes[1];
    assert_eq!(
        (c.status, c.priority, c.in_release, c.overrun_notified),
        (ChangeStatus::Cancelled, Some(4), true, true)
    );
}

#[test]
fn correction_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = "correction_id,applies_to,action,value,reason,approved_by,approved_at\n\
        K1,c42,exclude,,test call,Anna,2026-04-02T10:00:00Z\n\
        K2,2026-03-02T08:00:00Z/2026-03-02T09:00:00+01:00,reclassify,planned,window,Bo,\n\
        K3,2026-03-02T09:00:00Z/2026-03-02T08:00:00Z,exclude,,,,\n\
        K4,c1,delete,,,,\n\
        K5,,exclude,,,,\n\
        K6,T1,set_field,priority=2,,Bo,not a time\n";
    let p = write(&dir, "corr.csv", text);
    let i = read(InputFiles {
        corrections: vec![p],
        ..Default::default()
    });
    assert_eq!(
        rejects(&i),
        vec![
            r(4, "applies_to", "end before start"),
            r(5, "action", "unknown action"),
            r(6, "applies_to", "missing required field"),
            r(7, "approved_at", "unparseable timestamp"),
        ]
    );
    assert_eq!(i.corrections.len(), 2);
    assert_eq!(
        i.corrections[0].applies_to,
        AppliesTo::Id { id: "c42".into() }
    );
    assert_eq!(i.corrections[0].action, CorrectionAction::Exclude);
    // Both ends are the same instant: an empty interval is allowed.
    assert_eq!(
        i.corrections[1].applies_to,
        AppliesTo::Interval {
            start: ms("2026-03-02T08:00:00Z"),
            end: ms("2026-03-02T08:00:00Z")
        }
    );
    // Corrections do not move the data's end (M2.14 reading, see inputs::data_end).
    assert_eq!(i.data_end, None);
}

#[test]
fn mapping_from_the_sla_config() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nr;Typ;Prio;Skapad;Löst\n\
                A-1;Incident;Hög;2026-03-02 08:00;2026-03-02 12:00\n\
                A-2;Störning;1;2026-03-02 08:00;\n";
    let p = write(&dir, "export.csv", text);
    let toml = format!(
        "{}\n{}",
        slareport::config::SSBTEK_TOML,
        r#"
[inputs.tickets]
timestamp_format = ["%Y-%m-%d %H:%M"]
timezone = "UTC"
[inputs.tickets.columns]
ticket_id = "Nr"
type = "Typ"
priority = "Prio"
registered_at = "Skapad"
resolved_at = "Löst"
[inputs.tickets.values.type]
"Störning" = "incident"
"#
    );
    let cfg = SlaConfig::from_toml(&toml, "test.toml").unwrap();
    let i = read_with(
        &cfg,
        InputFiles {
            tickets: vec![p],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(i.tickets.len(), 2);
    assert_eq!(i.tickets[0].registered_at, ms("2026-03-02T08:00:00Z"));
    assert_eq!(i.tickets[0].resolved_at, Some(ms("2026-03-02T12:00:00Z")));
    assert_eq!(i.tickets[1].kind, TicketType::Incident);
    // The config round-trips through its canonical TOML (hashing), mapping included.
    assert_eq!(
        SlaConfig::from_toml(&cfg.to_canonical_toml(), "rt").unwrap(),
        cfg
    );
}

#[test]
fn errors_name_the_file_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "calls.csv", "id,when\n1,2026-03-02T08:00:00Z\n");
    let e = read_with(
        &SlaConfig::ssbtek(),
        InputFiles {
            calls: vec![p.clone()],
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("missing required column `call_id`"), "{e}");
    assert!(e.contains(&p), "{e}");
    assert!(e.contains("found columns id, when"), "{e}");
    let e = read_with(
        &SlaConfig::ssbtek(),
        InputFiles {
            tickets: vec![format!("{}/nothing-*.csv", dir.path().display())],
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("--tickets") && e.contains("no files match"),
        "{e}"
    );
    let e = read_with(
        &SlaConfig::ssbtek(),
        InputFiles {
            calls: vec![p],
            preset: vec!["nosuch".into()],
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("unknown preset `nosuch`") && e.contains("jmeter"),
        "{e}"
    );
    let q = write(
        &dir,
        "open.csv",
        "call_id,received_at,responded_at,result,persons\nc1,\"2026-03-02,,ok,1\n",
    );
    let e = read_with(
        &SlaConfig::ssbtek(),
        InputFiles {
            calls: vec![q],
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("line 2") && e.contains("not closed"), "{e}");
}
