//! One month's story: when the service went down (outage windows the call log will show), when
//! it was degraded, and the tickets, changes and corrections that go with it. Every case the
//! report must handle appears at least once, built on the agreement's own calendar so that a
//! breach is a breach by construction (business time computed with [`Calendars`]):
//!
//! - a major priority-1 incident with an outage matching a call-log failure run, and a second
//!   detected outage with no incident (for the reconciliation list);
//! - a degraded period (≥ 2 providers failing) with its `degraded` incident;
//! - incidents of every priority, some breaching response or resolution targets (one resolved
//!   without ever being marked started, M7.3), a security incident, one registered the
//!   month before, one still open at month end;
//! - problems, one resolved exactly on the kritisk 6-calendar-day target (≤ is within);
//! - orders with lead times; changes in a release, at short notice, exactly 28 days' notice
//!   (not short), overruns into open time with and without notice, cancelled, failed;
//! - example corrections (exclude an interval, reclassify a ticket, set a field).
//!
//! The plan depends only on (seed, year, month), never on the number of calls.

use chrono::{Datelike, NaiveDate};

use super::changes::{month_changes, month_corrections, ChangeRow, CorrectionRow};
use super::month::{Clock, MonthCtx, Window, WindowKind, MIN};
use super::rng::Rng;
use super::tickets::{month_tickets, TicketRow};
use super::traffic::is_open_day;
use crate::calendar::{month_bounds, Calendars};

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
    let n = days.len();

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

    let m = MonthCtx {
        prev: previous_open_days(cals, year, month),
        month_end: month_bounds(cals.tz, year, month).1,
        tag: format!("{year:04}{month:02}"),
        c,
        days,
        year,
        month,
        last,
    };
    // The draw order (windows, tickets, changes) is part of the output: keep it.
    let tickets = month_tickets(&m, &mut rng, &a, &degraded, b_day);
    let changes = month_changes(&m, &mut rng);
    let corrections = month_corrections(&m, &b, &tickets, &changes);

    MonthPlan {
        year,
        month,
        windows,
        tickets,
        changes,
        corrections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{add_calendar_days, Ms};
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
            assert_eq!(cals.opening.business_ms(w.start, w.end), w.end - w.start);
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
        // still "28 days", M1.14).
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
