//! Real ticket event logs (../shared/realdata: the ServiceNow incident event log and the Volvo
//! BPI 2013 VINST log), folded into one ticket per id by the `servicenow-eventlog` and
//! `bpi2013` presets. Expected figures were computed independently with Python (csv module,
//! the same folding rules as the presets document).

use crate::realdata_common as common;

use common::{counts, ms, read, realdata};
use slareport::inputs::InputFiles;
use slareport::inputs::{Inputs, TicketType};

fn tickets(rel: &str, preset: &str) -> Option<Inputs> {
    let p = realdata(rel)?;
    Some(
        read(InputFiles {
            tickets: vec![p],
            preset: vec![preset.into()],
            ..Default::default()
        })
        .unwrap(),
    )
}

fn priorities(i: &Inputs) -> [usize; 4] {
    let mut n = [0; 4];
    for t in &i.tickets {
        n[t.priority.unwrap() as usize - 1] += 1;
    }
    n
}

fn with(i: &Inputs) -> (usize, usize, usize) {
    let c = |f: fn(&slareport::inputs::Ticket) -> bool| i.tickets.iter().filter(|t| f(t)).count();
    (
        c(|t| t.responded_at.is_some()),
        c(|t| t.resolved_at.is_some()),
        c(|t| t.closed_at.is_some()),
    )
}

#[test]
fn servicenow_event_log_folds_into_incidents() {
    let Some(i) = tickets(
        "servicenow-incident-event-log/incident_event_log.csv",
        "servicenow-eventlog",
    ) else {
        return;
    };
    assert_eq!(counts(&i, "tickets"), (20_769, 20_767, 2));
    assert_eq!(i.files[0].events_read, 119_998);
    let rj: Vec<(&str, &str)> = i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| (r.column, r.reason))
        .collect();
    assert_eq!(rj, vec![("responded_at", "before registered_at"); 2]);
    assert_eq!(priorities(&i), [220, 337, 19_552, 658]);
    assert_eq!(with(&i), (12_572, 19_349, 20_767));
    assert!(i.tickets.iter().all(|t| t.kind == TicketType::Incident));
    // INC0000045: opened 29/2/2016 01:16, resolved 29/2/2016 11:29, closed 5/3/2016 12:00
    // (local time, +01:00); no Active event.
    let t = &i.tickets[0];
    assert_eq!(t.ticket_id, "INC0000045");
    assert_eq!(t.source.line, 2);
    assert_eq!(t.registered_at, ms("2016-02-29T00:16:00Z"));
    assert_eq!(t.resolved_at, Some(ms("2016-02-29T10:29:00Z")));
    assert_eq!(t.closed_at, Some(ms("2016-03-05T11:00:00Z")));
    assert_eq!(t.responded_at, None);
    assert_eq!(t.priority, Some(3));
    assert_eq!(i.data_end, Some(ms("2017-02-15T14:00:00Z")));
}

#[test]
fn servicenow_excel_subset_with_other_date_format() {
    let Some(i) = tickets(
        "servicenow-incident-event-log/incident_event_log_excel_subset.csv",
        "servicenow-eventlog",
    ) else {
        return;
    };
    assert_eq!(counts(&i, "tickets"), (890, 888, 2));
    assert_eq!(i.files[0].events_read, 5998);
    assert_eq!(priorities(&i), [15, 33, 755, 85]);
    assert_eq!(with(&i), (555, 859, 888));
    assert_eq!(i.tickets[0].registered_at, ms("2016-02-29T00:16:00Z"));
}

#[test]
fn bpi2013_volvo_log_folds_into_incidents() {
    let Some(i) = tickets("volvo-bpi2013-incidents/VINST-new.csv", "bpi2013") else {
        return;
    };
    assert_eq!(counts(&i, "tickets"), (7554, 7554, 0));
    assert_eq!(i.files[0].events_read, 65_533);
    // SR Latest Impact: Major 3, High 261, Medium 4045, Low 3245.
    assert_eq!(priorities(&i), [3, 261, 4045, 3245]);
    assert_eq!(with(&i), (7536, 7546, 5574));
    let t = &i.tickets[0];
    assert_eq!(t.ticket_id, "1-364285768");
    assert_eq!(t.registered_at, ms("2010-03-31T15:59:42+01:00"));
    assert_eq!(t.responded_at, Some(ms("2010-03-31T15:59:42+01:00")));
    assert_eq!(t.resolved_at, Some(ms("2010-04-06T15:44:51+01:00")));
    assert_eq!(t.closed_at, Some(ms("2012-05-11T00:26:15+01:00")));
}
