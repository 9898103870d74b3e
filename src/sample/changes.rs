//! One month's planned changes and service windows (M2.1) — in a release, at short
//! notice, exactly 28 days' notice (not short), overruns into open time with and without
//! notice, cancelled, failed — and the example corrections (M9.1).

use chrono::{Datelike, Duration, NaiveDate};

use super::month::{MonthCtx, Window, HOUR, MIN};
use super::rng::Rng;
use super::tickets::TicketRow;
use crate::calendar::{Calendars, Ms};

/// One change row (M2.1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeRow {
    pub change_id: String,
    pub title: String,
    pub priority: Option<u8>,
    pub status: &'static str,
    pub in_release: bool,
    pub notified_at: Option<Ms>,
    pub scheduled_start: Ms,
    pub scheduled_end: Ms,
    pub actual_start: Option<Ms>,
    pub actual_end: Option<Ms>,
    pub overrun_notified: bool,
    pub outcome: String,
}

/// What a correction applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Id(String),
    /// Written as an ISO 8601 interval `start/end`.
    Interval(Ms, Ms),
}

/// One correction row (M9.1).
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectionRow {
    pub correction_id: String,
    pub applies_to: Target,
    pub action: &'static str,
    pub value: String,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: Ms,
}

/// Example corrections: exclude the interval of `excluded` (outage B), reclassify an incident,
/// set a field of the change that overran without notice.
pub(super) fn month_corrections(
    m: &MonthCtx,
    excluded: &Window,
    tickets: &[TicketRow],
    changes: &[ChangeRow],
) -> Vec<CorrectionRow> {
    let (c, cals, tag, month_end, b) = (&m.c, m.c.cals, &m.tag, m.month_end, excluded);
    vec![
        CorrectionRow {
            correction_id: format!("COR-{tag}-01"),
            applies_to: Target::Interval(b.start, b.end),
            action: "exclude",
            value: String::new(),
            reason: "Avbrottet orsakades av en brandväggsändring hos kunden, utanför Driftspartens ansvar.".into(),
            approved_by: "Förvaltningsgruppen SSBTEK".into(),
            approved_at: c.at(month_end_day(month_end, cals), 10, 0),
        },
        CorrectionRow {
            correction_id: format!("COR-{tag}-02"),
            applies_to: Target::Id(tickets[6].ticket_id.clone()),
            action: "reclassify",
            value: "4".into(),
            reason: "Felaktig prioritet vid registrering; påverkade inga ärenden.".into(),
            approved_by: "Förvaltningsgruppen SSBTEK".into(),
            approved_at: c.at(month_end_day(month_end, cals), 10, 15),
        },
        CorrectionRow {
            correction_id: format!("COR-{tag}-03"),
            applies_to: Target::Id(changes[3].change_id.clone()),
            action: "set_field",
            value: "overrun_notified=true".into(),
            reason: "Förlängningen meddelades per telefon enligt rutin; protokollfört.".into(),
            approved_by: "Förvaltningsgruppen SSBTEK".into(),
            approved_at: c.at(month_end_day(month_end, cals), 10, 30),
        },
    ]
}

/// The third day after the month (when corrections are approved).
fn month_end_day(month_end: Ms, cals: &Calendars) -> NaiveDate {
    crate::calendar::local_date(cals.tz, month_end) + Duration::days(2)
}

/// The changes of a month: release, short notice, exactly 28 days' notice, overruns with and
/// without notice, cancelled, failed.
pub(super) fn month_changes(m: &MonthCtx, rng: &mut Rng) -> Vec<ChangeRow> {
    let (c, days, tag, year, month) = (&m.c, &m.days[..], &m.tag, m.year, m.month);
    let n = days.len();
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    // Saturdays of the month (service windows are weekend mornings).
    let sats: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| d.month() == month)
        .filter(|d| d.weekday() == chrono::Weekday::Sat)
        .collect();
    let id = |k: usize| format!("CHG-{tag}-{k:02}");
    let window = |date: NaiveDate, h: u32, hours: i64| {
        let s = c.at(date, h, 0);
        (s, s + hours * HOUR)
    };
    let mut out = Vec::new();

    let (s, e) = window(sats[0], 6, 4);
    out.push(ChangeRow {
        change_id: id(1),
        title: format!("Release {year}.{month}"),
        priority: Some(3),
        status: "completed",
        in_release: true,
        notified_at: Some(c.days(s, -35)),
        scheduled_start: s,
        scheduled_end: e,
        actual_start: Some(s),
        actual_end: Some(e - 50 * MIN),
        outcome: "Genomförd enligt plan.".into(),
        ..ChangeRow::default()
    });
    let d = days[(n / 3).min(n - 1)];
    let (s, e) = window(d, 18, 2);
    out.push(ChangeRow {
        change_id: id(2),
        title: "Brådskande säkerhetsuppdatering av operativsystem".into(),
        priority: Some(2),
        status: "completed",
        notified_at: Some(c.days(s, -(8 + rng.range(0, 6)))),
        scheduled_start: s,
        scheduled_end: e,
        actual_start: Some(s),
        actual_end: Some(e - 30 * MIN),
        outcome: "Genomförd; kort varsel på grund av säkerhetsläget.".into(),
        ..ChangeRow::default()
    });
    let d = days[(n / 2).min(n - 1)];
    let (s, e) = window(d, 19, 2);
    out.push(ChangeRow {
        change_id: id(3),
        title: "Byte av lastbalanserare".into(),
        priority: Some(3),
        status: "completed",
        notified_at: Some(c.days(s, -28)),
        scheduled_start: s,
        scheduled_end: e,
        actual_start: Some(s),
        actual_end: Some(e),
        outcome: "Genomförd; varsel exakt fyra veckor.".into(),
        ..ChangeRow::default()
    });
    // Overrun into opening hours without notice: 05:00–07:30 ran to 08:40.
    let d = days[(n / 4 + 1).min(n - 1)];
    let s = c.at(d, 5, 0);
    out.push(ChangeRow {
        change_id: id(4),
        title: "Migrering av databasen till ny lagringsplattform".into(),
        priority: Some(2),
        status: "completed",
        notified_at: Some(c.days(s, -30)),
        scheduled_start: s,
        scheduled_end: s + 150 * MIN,
        actual_start: Some(s),
        actual_end: Some(s + 220 * MIN),
        overrun_notified: false,
        outcome: "Migreringen tog längre tid än planerat; tjänsten otillgänglig till 08:40.".into(),
        ..ChangeRow::default()
    });
    // Overrun with notice.
    let d = days[(2 * n / 3).min(n - 1)];
    let s = c.at(d, 6, 0);
    out.push(ChangeRow {
        change_id: id(5),
        title: "Uppgradering av meddelandeväxeln".into(),
        priority: Some(3),
        status: "completed",
        in_release: true,
        notified_at: Some(c.days(s, -42)),
        scheduled_start: s,
        scheduled_end: s + 105 * MIN,
        actual_start: Some(s + 5 * MIN),
        actual_end: Some(s + 140 * MIN),
        overrun_notified: true,
        outcome: "Förlängning till 08:20 meddelad kl. 07:30 enligt rutin.".into(),
    });
    let (s, e) = window(sats[sats.len() / 2], 7, 3);
    out.push(ChangeRow {
        change_id: id(6),
        title: "Byte av brandvägg".into(),
        priority: Some(4),
        status: "cancelled",
        notified_at: Some(c.days(s, -40)),
        scheduled_start: s,
        scheduled_end: e,
        outcome: "Inställd; leverantören levererade inte i tid.".into(),
        ..ChangeRow::default()
    });
    let (s, e) = window(*sats.last().expect("every month has a Saturday"), 6, 3);
    out.push(ChangeRow {
        change_id: id(7),
        title: "Uppgradering av applikationsserver".into(),
        priority: Some(3),
        status: "failed",
        in_release: true,
        notified_at: Some(c.days(s, -30)),
        scheduled_start: s,
        scheduled_end: e,
        actual_start: Some(s),
        actual_end: Some(e - HOUR),
        outcome: "Återställd till föregående version efter misslyckat test.".into(),
        ..ChangeRow::default()
    });
    out
}
