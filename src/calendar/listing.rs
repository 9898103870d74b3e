//! The model behind `slareport calendar`: for one calendar and one year or month, the
//! holidays and eves, the days closed in whole or in part (with names), every open interval in
//! local time with its offset, and the open time per month (h:mm and seconds) — so an auditor
//! can check the availability denominator by hand.
//!
//! Pure data, built from the calendar's own arithmetic; the command only renders it. Field
//! order is alphabetical so the JSON keys come out sorted; every list is sorted by date.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::Serialize;

use super::business::Calendar;
use super::calendars::{Calendars, RuleNote};
use super::holidays::{self, HolidayKind};
use super::hours::{format_hhmm, WEEKDAY_KEYS};
use super::local::{format_local, local_midnight, resolve_lenient, weekday_index};
use super::{Ms, MS_PER_SEC};

/// Everything `slareport calendar` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// `opening`, `support` or the provider's name.
    pub calendar: String,
    /// Days whose weekly hours are closed in whole or in part.
    pub closed_days: Vec<ClosedDayRow>,
    /// Every date with open time, with its intervals.
    pub days: Vec<DayRow>,
    /// Dated extra closures of the config that overlap the period.
    pub extra_closed: Vec<PeriodRow>,
    /// Dated extra open periods of the config that overlap the period.
    pub extra_open: Vec<PeriodRow>,
    /// First local date of the period.
    pub from: String,
    /// Public holidays and named eves in the period, closing or not.
    pub holidays: Vec<HolidayRow>,
    /// Open time per month of the period.
    pub months: Vec<OpenTime>,
    pub notes: Vec<RuleNote>,
    pub time_zone: String,
    /// The local date after the period (exclusive).
    pub to: String,
    /// Open time of the whole period.
    pub total: OpenTime,
    pub weekly_hours: Vec<WeekdayRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekdayRow {
    /// `"HH:MM-HH:MM"` local time, half-open.
    pub hours: Vec<String>,
    pub weekday: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct HolidayRow {
    /// Whether this calendar closes on it (red days always, eves when configured).
    pub closes: bool,
    pub date: String,
    pub key: &'static str,
    pub kind: HolidayKind,
    pub name_en: &'static str,
    pub name_sv: &'static str,
    pub weekday: &'static str,
    /// Whether the weekday has hours (if not, the day is closed anyway).
    pub weekday_has_hours: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosedDayRow {
    /// The whole of the day's weekly hours is closed.
    pub all_day: bool,
    /// Weekly-hours time that is closed, seconds.
    pub closed_seconds: i64,
    pub date: String,
    /// Holiday names and extra-closure reasons.
    pub reasons: Vec<String>,
    pub weekday: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntervalRow {
    /// Local time with offset, e.g. `2026-04-01T17:00:00+02:00` (exclusive).
    pub end: String,
    pub seconds: i64,
    pub start: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayRow {
    pub date: String,
    pub intervals: Vec<IntervalRow>,
    pub open_seconds: i64,
    pub weekday: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    pub end: String,
    pub reason: String,
    pub start: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OpenTime {
    /// `YYYY-MM` for a month, `YYYY-MM-DD..YYYY-MM-DD` (exclusive end) for the whole period.
    pub period: String,
    /// Dates with any open time.
    pub open_days: u32,
    /// Open time as h:mm, minutes truncated.
    pub open_hmm: String,
    /// Open time in milliseconds (exact).
    pub open_ms: i64,
    /// Open time in whole seconds (floor of the milliseconds).
    pub open_seconds: i64,
}

/// Seconds as `h:mm`, minutes truncated (`180:00`, `0:09`).
pub fn format_hmm(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 3600, s / 60 % 60)
}

fn weekday_key(date: NaiveDate) -> &'static str {
    WEEKDAY_KEYS[weekday_index(date)]
}

/// The first day of the month after `date`'s month.
fn next_month(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(1))
        .unwrap_or(date)
        .with_day(1)
        .unwrap_or(date)
}

impl Listing {
    /// The listing of calendar `cal` (called `name`) for `year`, or one month of it.
    /// `year` must be within the calendar's years (the command checks).
    pub fn build(
        cals: &Calendars,
        name: &str,
        cal: &Calendar,
        year: i32,
        month: Option<u32>,
    ) -> Self {
        let tz = cal.tz();
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
        let (from, to) = match month {
            Some(m) => (ymd(year, m), next_month(ymd(year, m))),
            None => (ymd(year, 1), ymd(year + 1, 1)),
        };
        let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d < to).collect();
        let (t0, t1) = (local_midnight(tz, from), local_midnight(tz, to));

        let weekly_hours = (0..7)
            .map(|i| WeekdayRow {
                weekday: WEEKDAY_KEYS[i],
                hours: cal
                    .weekday_hours(i)
                    .iter()
                    .map(|&(s, e)| format!("{}-{}", format_hhmm(s), format_hhmm(e)))
                    .collect(),
            })
            .collect();

        let holidays = if cal.swedish_holidays() {
            let eves: Vec<&str> = cal.closed_eves().collect();
            holidays::holidays(year)
                .into_iter()
                .filter(|h| h.date >= from && h.date < to)
                .map(|h| HolidayRow {
                    closes: h.kind == HolidayKind::Public || eves.contains(&h.key),
                    date: h.date.to_string(),
                    key: h.key,
                    kind: h.kind,
                    name_en: h.name_en,
                    name_sv: h.name_sv,
                    weekday: weekday_key(h.date),
                    weekday_has_hours: !cal.weekday_hours(weekday_index(h.date)).is_empty(),
                })
                .collect()
        } else {
            Vec::new()
        };

        let periods = |list: &[super::business::Period]| -> Vec<PeriodRow> {
            list.iter()
                .filter(|p| p.end > t0 && p.start < t1)
                .map(|p| PeriodRow {
                    start: format_local(tz, p.start),
                    end: format_local(tz, p.end),
                    reason: p.reason.clone(),
                })
                .collect()
        };

        let mut days = Vec::new();
        let mut closed_days = Vec::new();
        for &date in &dates {
            let (ds, de) = (
                local_midnight(tz, date),
                local_midnight(tz, date + Duration::days(1)),
            );
            let intervals = cal.open_intervals(ds, de);
            if !intervals.is_empty() {
                days.push(DayRow {
                    date: date.to_string(),
                    weekday: weekday_key(date),
                    open_seconds: intervals.iter().map(|(s, e)| e - s).sum::<i64>() / MS_PER_SEC,
                    intervals: intervals
                        .iter()
                        .map(|&(s, e)| IntervalRow {
                            start: format_local(tz, s),
                            end: format_local(tz, e),
                            seconds: (e - s) / MS_PER_SEC,
                        })
                        .collect(),
                });
            }
            if let Some(row) = closed_day(cal, date) {
                closed_days.push(row);
            }
        }

        let mut months = Vec::new();
        let mut m = from;
        while m < to {
            let next = next_month(m);
            months.push(open_time(
                cal,
                format!("{:04}-{:02}", m.year(), m.month()),
                m,
                next,
            ));
            m = next;
        }
        let total = open_time(cal, format!("{from}..{to}"), from, to);

        Listing {
            calendar: name.to_string(),
            closed_days,
            days,
            extra_closed: periods(cal.extra_closed()),
            extra_open: periods(cal.extra_open()),
            from: from.to_string(),
            holidays,
            months,
            notes: cals.rule_notes(year..=year),
            time_zone: tz.name().to_string(),
            to: to.to_string(),
            total,
            weekly_hours,
        }
    }
}

/// Open time of the local dates `[from, to)`.
fn open_time(cal: &Calendar, period: String, from: NaiveDate, to: NaiveDate) -> OpenTime {
    let tz = cal.tz();
    let open_ms = cal.business_ms(local_midnight(tz, from), local_midnight(tz, to));
    let open_days = from
        .iter_days()
        .take_while(|d| *d < to)
        .filter(|&d| {
            cal.business_ms(
                local_midnight(tz, d),
                local_midnight(tz, d + Duration::days(1)),
            ) > 0
        })
        .count() as u32;
    OpenTime {
        period,
        open_days,
        open_hmm: format_hmm(open_ms / MS_PER_SEC),
        open_ms,
        open_seconds: open_ms / MS_PER_SEC,
    }
}

/// The day's weekly hours as instants (no holidays, no exceptions).
fn weekly_instants(cal: &Calendar, date: NaiveDate) -> Vec<(Ms, Ms)> {
    let midnight = date.and_time(NaiveTime::MIN);
    let (ds, de) = (
        local_midnight(cal.tz(), date),
        local_midnight(cal.tz(), date + Duration::days(1)),
    );
    cal.weekday_hours(weekday_index(date))
        .iter()
        .map(|&(s, e)| {
            let at = |x: u32| {
                resolve_lenient(cal.tz(), midnight + Duration::seconds(x.into())).clamp(ds, de)
            };
            (at(s), at(e))
        })
        .filter(|(a, b)| a < b)
        .collect()
}

/// A row when part of `date`'s weekly hours is closed (holiday, eve, extra closure).
fn closed_day(cal: &Calendar, date: NaiveDate) -> Option<ClosedDayRow> {
    let scheduled = weekly_instants(cal, date);
    let total: i64 = scheduled.iter().map(|(a, b)| b - a).sum();
    let open: i64 = scheduled.iter().map(|&(a, b)| cal.business_ms(a, b)).sum();
    if open >= total {
        return None;
    }
    let mut reasons: Vec<String> = cal
        .closing_holidays(date)
        .iter()
        .map(|h| h.name_sv.to_string())
        .collect();
    for p in cal.extra_closed() {
        if scheduled.iter().any(|&(a, b)| p.start < b && p.end > a) {
            let r = if p.reason.is_empty() {
                "extra closure".to_string()
            } else {
                p.reason.clone()
            };
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
    }
    Some(ClosedDayRow {
        all_day: open == 0,
        closed_seconds: (total - open) / MS_PER_SEC,
        date: date.to_string(),
        reasons,
        weekday: weekday_key(date),
    })
}
