//! Change exports with one row per change and affected item, folded into one change per id
//! (`[inputs.changes.fold]`), the status derived from the data (`status_rules`), and the
//! corrections fold. Hand-written CSVs, hand-computed expectations.

use std::io::Write;

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::{read_all, ChangeStatus, InputFiles, Inputs};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p.to_string_lossy().into_owned()
}

/// Read `changes` (and `corrections`) with the mapping file text `mapping`.
fn read(changes: &str, corrections: Option<&str>, mapping: &str) -> anyhow::Result<Inputs> {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = InputFiles {
        changes: vec![write(&dir, "changes.csv", changes)],
        corrections: corrections
            .map(|c| vec![write(&dir, "corrections.csv", c)])
            .unwrap_or_default(),
        mapping: (!mapping.is_empty()).then(|| write(&dir, "map.toml", mapping).into()),
        ..InputFiles::default()
    };
    read_all(&args, &cfg, &cals)
}

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

fn rejects(i: &Inputs) -> Vec<(u64, String, String, String)> {
    i.rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.line,
                r.column.to_string(),
                r.value.clone(),
                r.reason.to_string(),
            )
        })
        .collect()
}

fn counts(i: &Inputs, input: &str) -> (u64, u64, u64, u64) {
    let f = i.files.iter().find(|f| f.input == input).unwrap();
    (f.rows_read, f.rows_used, f.rows_rejected, f.events_read)
}

const HEAD: &str = "change_id,ci,title,status,in_release,notified_at,scheduled_start,scheduled_end,actual_start,actual_end,overrun_notified\n";

const FOLD: &str = "[inputs.changes.fold]\n";

const RULES: &str = r#"
[inputs.changes]
status_rules = [
  { status = "completed", when_set = "actual_end" },
  { status = "in_progress", when_set = "actual_start" },
  { status = "planned" },
]
"#;

#[test]
fn one_change_with_three_items_is_one_change() {
    let rows = "C1,db01,Patch,completed,true,2026-02-01T08:00:00Z,2026-03-10T18:00:00Z,2026-03-10T20:00:00Z,2026-03-10T18:05:00Z,2026-03-10T19:00:00Z,false\n";
    let text = format!(
        "{HEAD}{}{}{}",
        rows,
        rows.replace("db01", "app01"),
        rows.replace("db01", "web01")
    );
    // Without the fold: the second and third rows are duplicates (the `ci` column is not a
    // canonical one), as the duplicate rule says.
    let plain = read(&text, None, "").unwrap();
    assert_eq!(plain.changes.len(), 1);
    assert_eq!(plain.rejects.len(), 2);
    assert!(plain
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .all(|r| r.reason == "duplicate"));
    // Folded: one change, nothing rejected; read = used + rejected counts changes, the rows
    // are the events read.
    let i = read(&text, None, FOLD).unwrap();
    assert_eq!(i.rejects.len(), 0);
    assert_eq!(i.changes.len(), 1);
    assert_eq!(counts(&i, "changes"), (1, 1, 0, 3));
    let c = &i.changes[0];
    assert_eq!(c.change_id, "C1");
    assert_eq!(c.source.line, 2);
    assert_eq!(i.files[0].fold_conflicts, 0);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    assert_eq!(c.actual_start, Some(ms("2026-03-10T18:05:00Z")));
    assert_eq!(c.status, ChangeStatus::Completed);
    assert!(c.in_release);
}

#[test]
fn conflicting_rows_fold_to_the_widest_window_and_the_latest_notice() {
    // Three items of C1 disagree in every column; C2 is a change of one row after them.
    let text = format!(
        "{HEAD}\
         C1,db01,Old title,,true,2026-02-01T08:00:00Z,2026-03-10T18:00:00Z,2026-03-10T20:00:00Z,2026-03-10T18:10:00Z,2026-03-10T19:00:00Z,true\n\
         C2,x,Other,planned,,,2026-03-20T18:00:00Z,2026-03-20T19:00:00Z,,,\n\
         C1,app01,New title,completed,false,2026-02-20T08:00:00Z,2026-03-10T17:00:00Z,2026-03-10T19:00:00Z,2026-03-10T18:00:00Z,2026-03-10T21:30:00Z,true\n\
         C1,web01,,,true,,2026-03-10T18:30:00Z,2026-03-10T22:00:00Z,,2026-03-10T20:00:00Z,false\n"
    );
    let i = read(&text, None, FOLD).unwrap();
    assert_eq!(rejects(&i), vec![]);
    assert_eq!(counts(&i, "changes"), (2, 2, 0, 4));
    // Said once, for the file: one change was folded from rows that disagree.
    assert_eq!(i.files[0].fold_conflicts, 1);
    let w: Vec<_> = i.warnings.iter().map(|w| (w.code, w.unusable)).collect();
    assert_eq!(w, [("folded rows disagree", false)]);
    assert!(
        i.warnings[0].message.contains("1 record(s)"),
        "{:?}",
        i.warnings
    );
    let c = &i.changes[0];
    assert_eq!(c.change_id, "C1");
    // Placed at its first row; changes in the order of their first rows.
    assert_eq!((c.source.line, i.changes[1].source.line), (2, 3));
    // Earliest starts, latest ends.
    assert_eq!(c.scheduled_start, Some(ms("2026-03-10T17:00:00Z")));
    assert_eq!(c.scheduled_end, Some(ms("2026-03-10T22:00:00Z")));
    assert_eq!(c.actual_start, Some(ms("2026-03-10T18:00:00Z")));
    assert_eq!(c.actual_end, Some(ms("2026-03-10T21:30:00Z")));
    // The latest notice (the third row has none: it does not count).
    assert_eq!(c.notified_at, Some(ms("2026-02-20T08:00:00Z")));
    // Flags: true only when every row says so.
    assert!(!c.in_release);
    assert!(!c.overrun_notified);
    // Texts and status: the last non-empty value.
    assert_eq!(c.title, "New title");
    assert_eq!(c.status, ChangeStatus::Completed);
}

#[test]
fn a_bad_row_is_its_own_reject_and_an_inverted_envelope_rejects_the_change() {
    let text = format!(
        "{HEAD}\
         C1,a,T,completed,,,,,2026-03-10T18:00:00Z,2026-03-10T19:00:00Z,\n\
         C1,b,T,completed,,,,,not a time,,\n\
         ,c,T,completed,,,,,,,\n\
         C2,a,T,completed,,,,,2026-03-10T18:00:00Z,,\n\
         C2,b,T,completed,,,,,,2026-03-10T17:00:00Z,\n"
    );
    let i = read(&text, None, FOLD).unwrap();
    assert_eq!(
        rejects(&i),
        vec![
            (
                3,
                "actual_start".into(),
                "not a time".into(),
                "unparseable timestamp".into()
            ),
            (
                4,
                "change_id".into(),
                "".into(),
                "missing required field".into()
            ),
            (
                5,
                "actual_end".into(),
                "2026-03-10T17:00:00Z".into(),
                "end before start".into()
            ),
        ]
    );
    assert_eq!(i.changes.len(), 1);
    // C1 from its good row; C2 rejected at its first row: 4 records read, 1 used, 3 rejected.
    assert_eq!(counts(&i, "changes"), (4, 1, 3, 5));
}

#[test]
fn status_is_derived_by_the_rules_where_the_row_has_none() {
    let head = "change_id,scheduled_start,scheduled_end,actual_start,actual_end\n";
    let text = format!(
        "{head}\
         C1,2026-03-10T18:00:00Z,2026-03-10T20:00:00Z,2026-03-10T18:00:00Z,2026-03-10T19:00:00Z\n\
         C2,2026-03-11T18:00:00Z,2026-03-11T20:00:00Z,2026-03-11T18:00:00Z,\n\
         C3,2026-03-12T18:00:00Z,2026-03-12T20:00:00Z,,\n"
    );
    // No status column and no rules: the required column is missing.
    let e = read(&text, None, "").unwrap_err().to_string();
    assert!(e.contains("missing required column `status`"), "{e}");
    let i = read(&text, None, RULES).unwrap();
    let st: Vec<_> = i.changes.iter().map(|c| c.status).collect();
    assert_eq!(
        st,
        [
            ChangeStatus::Completed,
            ChangeStatus::InProgress,
            ChangeStatus::Planned
        ]
    );
    // Without a catch-all rule, a change no rule fits is rejected, naming the rules tried.
    let partial = r#"
[inputs.changes]
status_rules = [{ status = "completed", when_set = "actual_end" }]
"#;
    let i = read(&text, None, partial).unwrap();
    assert_eq!(i.changes.len(), 1);
    assert_eq!(
        rejects(&i),
        vec![
            (
                3,
                "status".into(),
                "rules tried: completed when actual_end is set".into(),
                "no status rule applies".into()
            ),
            (
                4,
                "status".into(),
                "rules tried: completed when actual_end is set".into(),
                "no status rule applies".into()
            ),
        ]
    );
}

#[test]
fn a_status_column_wins_where_it_has_a_value() {
    let head = "change_id,status,actual_start,actual_end\n";
    let text = format!(
        "{head}\
         C1,cancelled,,\n\
         C2,,2026-03-11T18:00:00Z,2026-03-11T19:00:00Z\n\
         C3,Done,,\n"
    );
    let i = read(&text, None, RULES).unwrap();
    let st: Vec<_> = i.changes.iter().map(|c| c.status).collect();
    assert_eq!(st, [ChangeStatus::Cancelled, ChangeStatus::Completed]);
    // An unknown value is not overridden by a rule: it is rejected as before.
    assert_eq!(
        rejects(&i),
        vec![(4, "status".into(), "Done".into(), "unknown status".into())]
    );
}

#[test]
fn folded_rows_derive_the_status_from_the_folded_change() {
    // One item has ended, the other not: the change's actual_end is set, so it is completed.
    let head = "change_id,ci,actual_start,actual_end\n";
    let text = format!(
        "{head}\
         C1,a,2026-03-10T18:00:00Z,\n\
         C1,b,2026-03-10T18:00:00Z,2026-03-10T19:00:00Z\n"
    );
    let i = read(&text, None, &format!("{RULES}{FOLD}")).unwrap();
    assert_eq!(i.changes.len(), 1);
    assert_eq!(i.changes[0].status, ChangeStatus::Completed);
}

#[test]
fn rules_and_fold_keys_are_checked() {
    let text = format!("{HEAD}C1,a,T,completed,,,,,,,\n");
    let bad_status = "[inputs.changes]\nstatus_rules = [{ status = \"done\" }]\n";
    let e = read(&text, None, bad_status).unwrap_err().to_string();
    assert!(e.contains("`done` is not a change status"), "{e}");
    let bad_col =
        "[inputs.changes]\nstatus_rules = [{ status = \"completed\", when_set = \"End\" }]\n";
    let e = read(&text, None, bad_col).unwrap_err().to_string();
    assert!(
        e.contains("`End` is not a canonical column of changes"),
        "{e}"
    );
    let states = "[inputs.changes.fold]\nstate = \"Status\"\n";
    let e = read(&text, None, states).unwrap_err().to_string();
    assert!(e.contains("fold ticket event logs"), "{e}");
}

#[test]
fn an_event_time_orders_the_rows_before_the_last_value_is_taken() {
    let head = "change_id,at,title,status\n";
    let text = format!(
        "{head}\
         C1,2026-03-02T10:00:00Z,Later,completed\n\
         C1,2026-03-01T10:00:00Z,Earlier,planned\n"
    );
    let map = "[inputs.changes.fold]\nevent_time = \"at\"\n";
    let i = read(&text, None, map).unwrap();
    let c = &i.changes[0];
    assert_eq!(
        (c.title.as_str(), c.status),
        ("Later", ChangeStatus::Completed)
    );
    assert_eq!(c.source.line, 2);
}

const CORR: &str = "correction_id,applies_to,action,value,reason,approved_by,approved_at\n";

#[test]
fn corrections_fold_identical_rows_and_reject_disagreeing_ones() {
    let changes = format!("{HEAD}C1,a,T,completed,,,,,,,\n");
    let row = "K1,CALL-1,exclude,,test call,Anna,2026-04-02T10:00:00Z\n";
    let text = format!(
        "{CORR}{row}{row}K2,CALL-2,exclude,,x,Anna,2026-04-02T10:00:00Z\nK2,CALL-3,exclude,,x,Anna,2026-04-02T10:00:00Z\n"
    );
    let i = read(&changes, Some(&text), "[inputs.corrections.fold]\n").unwrap();
    assert_eq!(i.corrections.len(), 1);
    assert_eq!(i.corrections[0].source.line, 2);
    assert_eq!(
        rejects(&i),
        vec![(
            4,
            "correction_id".into(),
            "K2".into(),
            "conflicting folded rows".into()
        )]
    );
    assert_eq!(counts(&i, "corrections"), (2, 1, 1, 4));
}

/// The shape of the BPI Challenge 2014 (Rabobank ICT) change export: `;`-separated, one row
/// per change and affected configuration item, day-first times, no status column. Three
/// changes: CH1 over three items (the same times), CH2 over two items that disagree on the
/// actual end, CH3 not yet started.
#[test]
fn bpi2014_preset_folds_the_bank_change_export() {
    let text = "\
CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Change ID;Change Type;Risk Assessment;Emergency Change;CAB-approval needed;Planned Start;Planned End;Scheduled Downtime Start;Scheduled Downtime End;Actual Start;Actual End;Requested End Date;Change record Open Time;Change record Close Time;Originated from;# Related Interactions;# Related Incidents
SBA000263;application;Server Based Application;WBS000073;C00000011;Change Component;Minor Change;N;N;5-12-2013 18:00;5-12-2013 20:00;;;5-12-2013 18:05;5-12-2013 19:10;;2-12-2013 10:00;6-12-2013 09:00;Problem;1;
WBS000073;application;Server Based Application;WBS000073;C00000011;Change Component;Minor Change;N;N;5-12-2013 18:00;5-12-2013 20:00;;;5-12-2013 18:05;5-12-2013 19:10;;2-12-2013 10:00;6-12-2013 09:00;Problem;1;
DTA000429;computer;Desktop;WBS000091;C00000011;Change Component;Minor Change;N;N;5-12-2013 18:00;5-12-2013 20:00;;;5-12-2013 18:05;5-12-2013 19:10;;2-12-2013 10:00;6-12-2013 09:00;Problem;1;
SBA000607;application;Server Based Application;WBS000162;C00000012;Release Type;Business Change;N;Y;9-12-2013 17:30;9-12-2013 23:00;;;9-12-2013 17:45;9-12-2013 22:00;;1-11-2013 14:12;10-12-2013 08:00;Problem;;
SBA000608;application;Server Based Application;WBS000162;C00000012;Release Type;Business Change;N;Y;9-12-2013 17:30;9-12-2013 23:00;;;9-12-2013 17:45;9-12-2013 23:40;;1-11-2013 14:12;10-12-2013 08:00;Problem;;
SBA000100;application;Server Based Application;WBS000001;C00000013;Change Component;Minor Change;N;N;20-12-2013 18:00;20-12-2013 19:00;;;;;;18-12-2013 09:00;;Problem;;
";
    let dir = tempfile::tempdir().unwrap();
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let i = read_all(
        &InputFiles {
            changes: vec![write(&dir, "Detail_Change.csv", text)],
            preset: vec!["bpi2014".into()],
            ..InputFiles::default()
        },
        &cfg,
        &cals,
    )
    .unwrap();
    assert_eq!(rejects(&i), vec![]);
    assert_eq!(counts(&i, "changes"), (3, 3, 0, 6));
    let ids: Vec<_> = i.changes.iter().map(|c| c.change_id.as_str()).collect();
    assert_eq!(ids, ["C00000011", "C00000012", "C00000013"]);
    let st: Vec<_> = i.changes.iter().map(|c| c.status).collect();
    assert_eq!(
        st,
        [
            ChangeStatus::Completed,
            ChangeStatus::Completed,
            ChangeStatus::Planned
        ]
    );
    // Naive times in the calendar's zone (Stockholm, +01:00 in December); the later end wins.
    assert_eq!(
        i.changes[1].actual_end,
        Some(ms("2013-12-09T23:40:00+01:00"))
    );
    assert_eq!(
        i.changes[0].scheduled_start,
        Some(ms("2013-12-05T18:00:00+01:00"))
    );
    assert_eq!(i.changes[1].title, "Release Type");
}
