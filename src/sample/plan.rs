//! One month's story: when the service went down (outage windows the call log will show), when
//! it was degraded, and the tickets, changes and corrections that go with it. Every case the
//! report must handle appears at least once, built on the agreement's own calendar so that a
//! breach is a breach by construction (business time computed with [`Calendars`]):
//!
//! - a major priority-1 incident with an outage matching a call-log failure run, and a second
//!   detected outage with no incident (for the reconciliation list);
//! - a degraded period (≥ 2 providers failing) with its `degraded` incident;
//! - incidents of every priority, some breaching response or resolution targets (one resolved
//!   without ever being marked started, SPEC §9.20), a security incident, one registered the
//!   month before, one still open at month end;
//! - problems, one resolved exactly on the kritisk 6-calendar-day target (≤ is within);
//! - orders with lead times; changes in a release, at short notice, exactly 28 days' notice
//!   (not short), overruns into open time with and without notice, cancelled, failed;
//! - example corrections (exclude an interval, reclassify a ticket, set a field).
//!
//! The plan depends only on (seed, year, month), never on the number of calls.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::rng::Rng;
use super::traffic::is_open_day;
use crate::calendar::{add_calendar_days, month_bounds, resolve_local, Calendars, Ms};
use crate::config::{AmbiguousPolicy, NonexistentPolicy};

const MIN: i64 = 60_000;
const HOUR: i64 = 3_600_000;

/// Provider codes: Försäkringskassan, CSN, Skatteverket, Transportstyrelsen,
/// Pensionsmyndigheten, Arbetsförmedlingen, Migrationsverket.
pub const PROVIDERS: [&str; 7] = ["FK", "CSN", "SKV", "TS", "PM", "AF", "MV"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    /// Every call fails with `no_response` / `unreachable`.
    Outage,
    /// Every call has ≥ 2 failed providers.
    Degraded,
}

/// A period the call log must show: calls inside `[start, end)` fail (or are degraded); the
/// generator puts a call at `start` and every `spacing` after it, and a healthy call at `end`,
/// so that the detected run is exactly `[start, end)` (SPEC §9.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Ms,
    pub end: Ms,
    pub kind: WindowKind,
    /// Bit mask over [`PROVIDERS`] of the failing providers (degraded windows).
    pub providers: u8,
    pub spacing: i64,
}

impl Window {
    /// The calls the generator must place for this window (the healthy one at `end` included).
    pub fn forced_times(&self) -> impl Iterator<Item = Ms> + '_ {
        let n = (self.end - self.start + self.spacing - 1) / self.spacing;
        (0..n)
            .map(move |i| self.start + i * self.spacing)
            .chain(std::iter::once(self.end))
    }
}

/// One ticket row (SPEC §3.2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketRow {
    pub ticket_id: String,
    pub kind: &'static str,
    pub priority: Option<u8>,
    pub registered_at: Ms,
    pub responded_at: Option<Ms>,
    pub resolved_at: Option<Ms>,
    pub closed_at: Option<Ms>,
    pub summary: String,
    pub security: bool,
    pub major: bool,
    pub outage_start: Option<Ms>,
    pub outage_end: Option<Ms>,
    pub outage_kind: &'static str,
    pub planned: bool,
    pub cause: String,
    pub action_plan: String,
    pub provider: &'static str,
}

/// One change row (SPEC §3.3).
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

/// One correction row (SPEC §3.4).
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

#[derive(Debug, Clone, Default)]
pub struct MonthPlan {
    pub year: i32,
    pub month: u32,
    /// Sorted by start, disjoint.
    pub windows: Vec<Window>,
    pub tickets: Vec<TicketRow>,
    pub changes: Vec<ChangeRow>,
    pub corrections: Vec<CorrectionRow>,
}

/// Local-time helpers over the agreement's calendars.
struct Clock<'a> {
    cals: &'a Calendars,
}

impl Clock<'_> {
    fn at(&self, date: NaiveDate, h: u32, m: u32) -> Ms {
        let ndt = date.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time"));
        resolve_local(
            self.cals.tz,
            ndt,
            NonexistentPolicy::ShiftForward,
            AmbiguousPolicy::Earliest,
        )
        .expect("shift-forward never rejects")
        .0
    }
    /// `amount` ms of support-hours business time after `start`.
    fn biz(&self, start: Ms, amount: i64) -> Ms {
        self.cals
            .support
            .add_business(start, amount)
            .expect("support hours open")
    }
    fn wd(&self, start: Ms, days: f64) -> Ms {
        self.biz(start, (days * self.cals.working_day_ms as f64) as i64)
    }
    fn days(&self, t: Ms, n: i64) -> Ms {
        add_calendar_days(self.cals.tz, t, n)
    }
}

/// The open days (weekdays, not holidays) of a month, ascending.
fn open_days(cals: &Calendars, year: i32, month: u32) -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    first
        .iter_days()
        .take_while(|d| d.month() == month)
        .filter(|d| is_open_day(&cals.opening, *d))
        .collect()
}

/// The open days of the month before.
fn previous_open_days(cals: &Calendars, year: i32, month: u32) -> Vec<NaiveDate> {
    let (y, m) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    open_days(cals, y, m)
}

/// The plan of one month. `last` marks the last month generated: its still-open incident has
/// no resolution at all (in earlier months of a year run it is resolved the month after).
pub fn month_plan(cals: &Calendars, seed: u64, year: i32, month: u32, last: bool) -> MonthPlan {
    let mut rng = Rng::derive(seed, 0x91A7 ^ ((year as u64) << 8 | u64::from(month)));
    let c = Clock { cals };
    let days = open_days(cals, year, month);
    let prev = previous_open_days(cals, year, month);
    let n = days.len();
    let (_, month_end) = month_bounds(cals.tz, year, month);
    let tag = format!("{year:04}{month:02}");

    // Three distinct days: outage A late in the month (the busy period), outage B early, the
    // degraded period mid-month.
    let late: Vec<usize> = (0..n).filter(|&i| days[i].day() >= 20).collect();
    let a_day = *rng.pick(if late.is_empty() { &[0][..] } else { &late });
    let b_day = (rng.below(5) as usize + 1).min(n - 1);
    let mut d_day = n / 2 + rng.below(3) as usize;
    while d_day == a_day || d_day == b_day {
        d_day = (d_day + 1) % n;
    }
    let a_start = c.at(days[a_day], 10, 0) + rng.range(0, 240) * MIN;
    let a = Window {
        start: a_start,
        end: a_start + rng.range(25, 55) * MIN,
        kind: WindowKind::Outage,
        providers: 0,
        spacing: 30_000,
    };
    let b_start = c.at(days[b_day], 9, 0) + rng.range(0, 330) * MIN;
    let b = Window {
        start: b_start,
        end: b_start + rng.range(6, 11) * MIN,
        kind: WindowKind::Outage,
        providers: 0,
        spacing: 40_000,
    };
    let d_start = c.at(days[d_day], 13, 0) + rng.range(0, 90) * MIN;
    let degraded = Window {
        start: d_start,
        end: d_start + rng.range(12, 20) * MIN,
        kind: WindowKind::Degraded,
        providers: 0b11, // FK and CSN
        spacing: 45_000,
    };
    let mut windows = vec![a, b, degraded];
    windows.sort_by_key(|w| w.start);

    let mut tickets = Vec::new();
    // Ids per kind: INC-202603-01, PRB-202603-01, ORD-202603-01.
    let mut counters = std::collections::BTreeMap::<&str, u32>::new();
    let mut next_id = |prefix: &'static str| {
        let seq = counters.entry(prefix).or_insert(0);
        *seq += 1;
        format!("{prefix}-{tag}-{seq:02}")
    };
    let incident = |id: String, prio: u8, reg: Ms, resp: Option<Ms>, res: Option<Ms>| TicketRow {
        ticket_id: id,
        kind: "incident",
        priority: Some(prio),
        registered_at: reg,
        responded_at: resp,
        resolved_at: res,
        closed_at: res.map(|r| r + 26 * HOUR),
        outage_kind: "",
        ..TicketRow::default()
    };

    // Priority 1, major: the outage the call log shows (response 15 min, resolved 20 min
    // after the service came back: both within 30 min / 8 h).
    let reg = a.start + 3 * MIN;
    tickets.push(TicketRow {
        summary: "Inga svar från SSBTEK – anrop från kommunerna tidsöverskrids".into(),
        major: true,
        outage_start: Some(a.start),
        outage_end: Some(a.end),
        outage_kind: "unavailable",
        cause: "Certifikatet för SHS-anslutningen hade löpt ut; anslutningspunkten avvisade alla anrop.".into(),
        action_plan: "Certifikatet förnyat. Bevakning av certifikatens giltighetstid införs, larm 30 dagar före utgång.".into(),
        ..incident(next_id("INC"), 1, reg, Some(c.biz(reg, 15 * MIN)), Some(c.biz(a.end, 20 * MIN)))
    });
    // Priority 1, response breach (50 min > 30 min), resolved within 8 h.
    let reg = c.at(days[(b_day + 2).min(n - 1)], 9, 10) + rng.range(0, 60) * MIN;
    tickets.push(TicketRow {
        summary: "Försäkringskassan svarar inte, alla anrop med FK-uppgifter saknar svar".into(),
        provider: "FK",
        cause: "Driftstörning hos Försäkringskassan.".into(),
        ..incident(
            next_id("INC"),
            1,
            reg,
            Some(c.biz(reg, 50 * MIN)),
            Some(c.biz(reg, 5 * HOUR)),
        )
    });
    // Priority 2, the degraded period.
    let reg = degraded.start + 5 * MIN;
    tickets.push(TicketRow {
        summary: "Svar saknar uppgifter från FK och CSN (störd drift)".into(),
        outage_start: Some(degraded.start),
        outage_end: Some(degraded.end),
        outage_kind: "degraded",
        provider: "FK",
        cause: "Överbelastning i FK:s och CSN:s gemensamma meddelandeväxel.".into(),
        action_plan: "Kapaciteten utökad; gemensam övervakning av växeln.".into(),
        ..incident(
            next_id("INC"),
            2,
            reg,
            Some(c.biz(reg, 40 * MIN)),
            Some(c.wd(reg, 1.0)),
        )
    });
    // Priority 2, security incident, within targets.
    let reg = c.at(days[n / 3], 14, 5) + rng.range(0, 40) * MIN;
    tickets.push(TicketRow {
        summary: "Misstänkt obehörig åtkomst: upprepade anrop med ogiltigt certifikat".into(),
        security: true,
        cause: "Felkonfigurerat testsystem hos en kommun.".into(),
        action_plan: "Certifikatet spärrat; kommunen informerad.".into(),
        ..incident(
            next_id("INC"),
            2,
            reg,
            Some(c.biz(reg, 30 * MIN)),
            Some(c.wd(reg, 1.5)),
        )
    });
    // Priority 2, resolution breach (3 wd > 2 wd). Free text with markup: must be escaped.
    let reg = c.at(days[n / 4], 11, 0) + rng.range(0, 120) * MIN;
    tickets.push(TicketRow {
        summary: "Långa svarstider, \"<b>Tjänsten otillgänglig</b>\" i verksamhetssystemet; flera kommuner".into(),
        provider: "SKV",
        ..incident(next_id("INC"), 2, reg, Some(c.biz(reg, 45 * MIN)), Some(c.wd(reg, 3.0)))
    });
    // Priority 3: within; response breach (10 h > 8 h); registered the month before.
    let reg = c.at(days[1], 10, 30) + rng.range(0, 200) * MIN;
    tickets.push(TicketRow {
        summary: "Felaktig adress i svar från Skatteverket".into(),
        provider: "SKV",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, 2 * HOUR)),
            Some(c.wd(reg, 2.0)),
        )
    });
    let reg = c.at(days[n / 3 + 1], 15, 20);
    tickets.push(TicketRow {
        summary: "CSN-uppgifter visar fel studieperiod".into(),
        provider: "CSN",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, 10 * HOUR)),
            Some(c.wd(reg, 4.0)),
        )
    });
    let prev_day = prev
        .get(prev.len().saturating_sub(2))
        .copied()
        .unwrap_or(days[0]);
    let reg = c.at(prev_day, 15, 0);
    tickets.push(TicketRow {
        summary: "Pensionsuppgifter saknas för personer födda före 1938".into(),
        provider: "PM",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, HOUR)),
            Some(c.wd(reg, 4.0)),
        )
    });
    // Priority 3, still open at month end.
    let reg = c.at(days[n.saturating_sub(2)], 10, 0);
    let resolved = (!last).then(|| c.wd(reg, 4.0));
    tickets.push(TicketRow {
        summary: "Transportstyrelsens uppgifter saknas efter 16.30".into(),
        provider: "TS",
        ..incident(next_id("INC"), 3, reg, Some(c.biz(reg, 3 * HOUR)), resolved)
    });
    // Priority 4: within; resolved without being marked started (response breach, §9.20);
    // resolution breach (8 wd > 7 wd).
    let reg = c.at(days[2], 13, 0) + rng.range(0, 180) * MIN;
    tickets.push(TicketRow {
        summary: "Enstaka anrop från Malmö besvaras inte".into(),
        ..incident(
            next_id("INC"),
            4,
            reg,
            Some(c.biz(reg, 5 * HOUR)),
            Some(c.wd(reg, 3.0)),
        )
    });
    let reg = c.at(days[n / 2], 9, 0) + rng.range(0, 300) * MIN;
    tickets.push(TicketRow {
        summary: "Enstaka tidsöverskridanden mot Arbetsförmedlingen".into(),
        provider: "AF",
        ..incident(next_id("INC"), 4, reg, None, Some(c.wd(reg, 2.0)))
    });
    let reg = c.at(days[1], 16, 0);
    tickets.push(TicketRow {
        summary: "Migrationsverkets svar saknar ärendenummer i enstaka fall".into(),
        provider: "MV",
        ..incident(
            next_id("INC"),
            4,
            reg,
            Some(c.biz(reg, 4 * HOUR)),
            Some(c.wd(reg, 8.0)),
        )
    });
    // Everyday incidents, priority 3 and 4, well within target.
    for _ in 0..6 {
        let prio = 3 + rng.below(2) as u8;
        let day = days[rng.below(n.saturating_sub(6).max(1) as u64) as usize];
        let reg = c.at(day, 8, 15) + rng.range(0, 480) * MIN;
        let resp = c.biz(reg, rng.range(10, 300) * MIN);
        let res = c.wd(reg, 0.3 + 3.0 * rng.f64());
        let what = *rng.pick(&[
            "Fråga om svarskod 3017 från Skatteverket",
            "Kommun får dubbla svar på samma anrop",
            "Teckenfel (å, ä, ö) i namn från CSN",
            "Anrop med samordningsnummer avvisas",
            "Tidsöverskridande vid många personer i samma anrop",
        ]);
        tickets.push(TicketRow {
            summary: what.into(),
            ..incident(next_id("INC"), prio, reg, Some(resp), Some(res))
        });
    }

    // Problems: kritisk resolved exactly 6 calendar days later (within, ≤); one registered the
    // month before and resolved this month; one with a response breach (4 wd > 3 wd), open.
    let problem = |id: String, prio: u8, reg: Ms, resp: Option<Ms>, res: Option<Ms>| TicketRow {
        kind: "problem",
        ..incident(id, prio, reg, resp, res)
    };
    let reg = c.at(days[1], 9, 30) + rng.range(0, 120) * MIN;
    tickets.push(TicketRow {
        summary: "Återkommande tidsöverskridanden mot Försäkringskassan".into(),
        provider: "FK",
        cause: "Anslutningspoolen mot FK var för liten vid hög last.".into(),
        action_plan: "Poolen utökad från 50 till 200 anslutningar; lasttest före varje release."
            .into(),
        ..problem(
            next_id("PRB"),
            1,
            reg,
            Some(c.biz(reg, 3 * HOUR)),
            Some(c.days(reg, 6)),
        )
    });
    let reg = c.at(
        prev[prev.len().saturating_sub(20).min(prev.len() - 1)],
        10,
        0,
    );
    tickets.push(TicketRow {
        summary: "Certifikat förnyas manuellt".into(),
        cause: "Ingen automatisk bevakning av certifikat.".into(),
        action_plan: "Bevakning och automatisk förnyelse införs.".into(),
        ..problem(
            next_id("PRB"),
            3,
            reg,
            Some(c.wd(reg, 3.0)),
            Some(c.wd(reg, 22.0)),
        )
    });
    let reg = c.at(days[n / 2], 11, 0);
    tickets.push(TicketRow {
        summary: "Degraderad drift vid samtidiga fel hos FK och CSN".into(),
        ..problem(next_id("PRB"), 2, reg, Some(c.wd(reg, 4.0)), None)
    });

    // Orders: lead times of a few calendar days.
    for k in 0..6 {
        let day = days[(k * 3 + rng.below(3) as usize).min(n - 1)];
        let reg = c.at(day, 9, 0) + rng.range(0, 420) * MIN;
        let closed = reg + rng.range(20, 200) * HOUR;
        let what = *rng.pick(&[
            "Ny anslutning för socialnämnd",
            "Utökad behörighet: ytterligare handläggarsystem",
            "Nytt certifikat för testmiljö",
            "Avslut av anslutning efter kommunsammanslagning",
        ]);
        tickets.push(TicketRow {
            ticket_id: next_id("ORD"),
            kind: "order",
            priority: None,
            registered_at: reg,
            responded_at: Some(c.biz(reg, rng.range(30, 480) * MIN)),
            resolved_at: Some(closed - HOUR),
            closed_at: Some(closed),
            summary: what.into(),
            ..TicketRow::default()
        });
    }

    let changes = month_changes(&c, &mut rng, &days, &tag, year, month);
    let corrections = vec![
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
    ];

    MonthPlan {
        year,
        month,
        windows,
        tickets,
        changes,
        corrections,
    }
}

/// The third day after the month (when corrections are approved).
fn month_end_day(month_end: Ms, cals: &Calendars) -> NaiveDate {
    crate::calendar::local_date(cals.tz, month_end) + Duration::days(2)
}

/// The changes of a month: release, short notice, exactly 28 days' notice, overruns with and
/// without notice, cancelled, failed.
fn month_changes(
    c: &Clock,
    rng: &mut Rng,
    days: &[NaiveDate],
    tag: &str,
    year: i32,
    month: u32,
) -> Vec<ChangeRow> {
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
        outcome: "Migreringen tog längre tid än planerat; tjänsten otillgänglig till 08.40.".into(),
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
        outcome: "Förlängning till 08.20 meddelad kl. 07.30 enligt rutin.".into(),
        ..ChangeRow::default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SlaConfig;

    fn cals() -> Calendars {
        Calendars::from_config(&SlaConfig::ssbtek().calendar)
    }

    #[test]
    fn plan_is_deterministic_and_complete() {
        let cals = cals();
        let p = month_plan(&cals, 2026, 2026, 3, true);
        let q = month_plan(&cals, 2026, 2026, 3, true);
        assert_eq!(p.tickets, q.tickets);
        assert_eq!(p.windows, q.windows);
        let (ms, me) = month_bounds(cals.tz, 2026, 3);
        // Windows in open time, disjoint, in the month.
        for w in &p.windows {
            assert!(cals.opening.business_ms(w.start, w.end) == w.end - w.start);
            assert!(w.start >= ms && w.end <= me);
        }
        for pair in p.windows.windows(2) {
            assert!(pair[0].end < pair[1].start);
        }
        // Every priority among incidents; a major, a security, a degraded one; orders.
        for prio in 1..=4 {
            assert!(p
                .tickets
                .iter()
                .any(|t| t.kind == "incident" && t.priority == Some(prio)));
        }
        assert!(p
            .tickets
            .iter()
            .any(|t| t.major && t.outage_start.is_some()));
        assert!(p.tickets.iter().any(|t| t.security));
        assert!(p.tickets.iter().any(|t| t.outage_kind == "degraded"));
        assert!(p.tickets.iter().any(|t| t.registered_at < ms));
        assert!(p
            .tickets
            .iter()
            .any(|t| t.kind == "incident" && t.resolved_at.is_none()));
        assert_eq!(p.tickets.iter().filter(|t| t.kind == "order").count(), 6);
        // Tickets never resolve before they are registered.
        for t in &p.tickets {
            for x in [t.responded_at, t.resolved_at, t.closed_at]
                .into_iter()
                .flatten()
            {
                assert!(x >= t.registered_at, "{}", t.ticket_id);
            }
        }
        // The 28-day change is exactly 28 local days (27 d 23 h across the spring switch is
        // still "28 days", SPEC §9.4).
        let c3 = &p.changes[2];
        assert_eq!(
            add_calendar_days(cals.tz, c3.notified_at.unwrap(), 28),
            c3.scheduled_start
        );
    }

    #[test]
    fn every_month_of_several_years_plans() {
        let cals = cals();
        for year in [2024, 2025, 2026, 2027] {
            for month in 1..=12 {
                let p = month_plan(&cals, 1, year, month, month == 12);
                assert_eq!(p.windows.len(), 3);
                assert_eq!(p.changes.len(), 7);
            }
        }
    }

    #[test]
    fn forced_times_cover_the_window() {
        let w = Window {
            start: 0,
            end: 100_000,
            kind: WindowKind::Outage,
            providers: 0,
            spacing: 30_000,
        };
        let t: Vec<Ms> = w.forced_times().collect();
        assert_eq!(t, vec![0, 30_000, 60_000, 90_000, 100_000]);
    }
}
