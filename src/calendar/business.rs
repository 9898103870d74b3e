//! One business calendar — a time zone, weekly hours, holidays and dated exceptions — and its
//! exact arithmetic: open intervals, business time between two instants, and the deadline
//! reached after a given business time (M1, M1.3, M1.7).
//!
//! Speed without approximation: the open intervals of each local year are laid out once, on
//! first use, into a [`YearTable`] (sorted UTC intervals plus running totals), cached per year
//! for 1900–2200 behind a `OnceLock` and shared by clones. After that, business time between
//! two instants is two binary searches and a subtraction, whatever the span; holidays and time
//! zones are resolved once per year, never per day or per query.
//!
//! Outside the local years [`FIRST_YEAR`]`..=`[`LAST_YEAR`] the calendar has no open time.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::holidays::{self, Holiday, HolidayKind};
use super::hours::parse_day_intervals;
use super::local::{
    local_midnight, parse_local_datetime, resolve_lenient, utc_year, weekday_index,
};
use super::table::{subtract, union, YearTable};
use super::{CalendarConfig, DatedPeriod, HolidaySet, WeeklyHours};
use super::{Ms, FIRST_YEAR, LAST_YEAR};

/// A dated extra closure or extra open period from the config, resolved to instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: Ms,
    pub end: Ms,
    /// Local times as written in the config.
    pub local_start: NaiveDateTime,
    pub local_end: NaiveDateTime,
    pub reason: String,
}

/// One business calendar. Cheap to clone (the year cache is shared).
#[derive(Clone)]
pub struct Calendar {
    tz: Tz,
    /// Per weekday (0 = Monday), sorted disjoint seconds-of-day intervals.
    week: [Vec<(u32, u32)>; 7],
    swedish_holidays: bool,
    closed_eves: BTreeSet<String>,
    extra_closed: Vec<Period>,
    extra_open: Vec<Period>,
    /// The same, as sorted merged instants.
    closed_merged: Vec<(Ms, Ms)>,
    open_merged: Vec<(Ms, Ms)>,
    /// `[local 1900-01-01 00:00, local 2201-01-01 00:00)`: where the calendar is defined.
    span: (Ms, Ms),
    /// One lazily built table per local year, index `year - FIRST_YEAR`.
    years: Arc<[OnceLock<YearTable>]>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("tz", &self.tz)
            .field("week", &self.week)
            .field("swedish_holidays", &self.swedish_holidays)
            .field("closed_eves", &self.closed_eves)
            .field("extra_closed", &self.extra_closed)
            .field("extra_open", &self.extra_open)
            .finish_non_exhaustive()
    }
}

fn year_start(tz: Tz, year: i32) -> Ms {
    local_midnight(tz, NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default())
}

impl Calendar {
    /// A calendar with `week` hours and the holidays, eves and dated exceptions of `c`.
    /// `c` must be validated (the config's `SlaConfig::from_toml` does); see [`Self::try_new`].
    pub fn new(tz: Tz, week: &WeeklyHours, c: &CalendarConfig) -> Self {
        Self::try_new(tz, week, c).expect("validated calendar config")
    }

    /// As [`Self::new`], with an error naming what is wrong instead of a panic.
    ///
    /// Dated periods are local times resolved like the calendar's own hours (a time in the
    /// spring gap shifts forward, one in the autumn fold takes its first occurrence), whatever
    /// the input-timestamp policy says: the config is not data to reject.
    pub fn try_new(tz: Tz, week: &WeeklyHours, c: &CalendarConfig) -> Result<Self, String> {
        let mut days: [Vec<(u32, u32)>; 7] = Default::default();
        for (i, day) in days.iter_mut().enumerate() {
            *day = parse_day_intervals(week.day(i))
                .map_err(|e| format!("{}: {e}", super::hours::WEEKDAY_KEYS[i]))?;
        }
        let resolve = |key: &str, list: &[DatedPeriod]| -> Result<Vec<Period>, String> {
            list.iter()
                .enumerate()
                .map(|(i, p)| {
                    let bad = || format!("{key}[{i}]: start/end must be YYYY-MM-DDTHH:MM[:SS]");
                    let s = parse_local_datetime(&p.start).ok_or_else(bad)?;
                    let e = parse_local_datetime(&p.end).ok_or_else(bad)?;
                    if e <= s {
                        return Err(format!("{key}[{i}]: end must be after start"));
                    }
                    Ok(Period {
                        start: resolve_lenient(tz, s),
                        end: resolve_lenient(tz, e),
                        local_start: s,
                        local_end: e,
                        reason: p.reason.clone(),
                    })
                })
                .collect()
        };
        let extra_closed = resolve("extra_closed", &c.extra_closed)?;
        let extra_open = resolve("extra_open", &c.extra_open)?;
        let instants = |v: &[Period]| union(v.iter().map(|p| (p.start, p.end)).collect());
        let span = (year_start(tz, FIRST_YEAR), year_start(tz, LAST_YEAR + 1));
        let n_years = (LAST_YEAR - FIRST_YEAR + 1) as usize;
        Ok(Calendar {
            tz,
            week: days,
            swedish_holidays: c.holidays == HolidaySet::Se,
            closed_eves: c.closed_eves.iter().cloned().collect(),
            closed_merged: instants(&extra_closed),
            open_merged: instants(&extra_open),
            extra_closed,
            extra_open,
            span,
            years: (0..n_years).map(|_| OnceLock::new()).collect(),
        })
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The weekly hours of weekday `i` (0 = Monday) as seconds of day.
    pub fn weekday_hours(&self, i: usize) -> &[(u32, u32)] {
        &self.week[i.min(6)]
    }

    /// Whether Swedish public holidays close this calendar.
    pub fn swedish_holidays(&self) -> bool {
        self.swedish_holidays
    }

    /// The eves this calendar closes (keys of [`holidays::EVES`]).
    pub fn closed_eves(&self) -> impl Iterator<Item = &str> {
        self.closed_eves.iter().map(String::as_str)
    }

    /// The config's dated extra closures, resolved.
    pub fn extra_closed(&self) -> &[Period] {
        &self.extra_closed
    }

    /// The config's dated extra open periods, resolved.
    pub fn extra_open(&self) -> &[Period] {
        &self.extra_open
    }

    /// `[start, end)` of the years the calendar covers (local 1900-01-01 to 2201-01-01).
    pub fn span(&self) -> (Ms, Ms) {
        self.span
    }

    /// The holidays and eves that close `date` all day (weekly hours and dated exceptions
    /// aside): red days when Swedish holidays apply, eves when the config closes them.
    pub fn closing_holidays(&self, date: NaiveDate) -> Vec<Holiday> {
        if !self.swedish_holidays {
            return Vec::new();
        }
        holidays::holidays(date.year())
            .into_iter()
            .filter(|h| h.date == date && self.closes(h))
            .collect()
    }

    fn closes(&self, h: &Holiday) -> bool {
        match h.kind {
            HolidayKind::Public => true,
            HolidayKind::Eve => self.closed_eves.contains(h.key),
        }
    }

    /// Why `date` is closed all day although its weekday may have hours: the names of the
    /// closing holidays, joined by ", " (two red days can share a date).
    pub fn closed_reason(&self, date: NaiveDate) -> Option<String> {
        let names: Vec<&str> = self
            .closing_holidays(date)
            .iter()
            .map(|h| h.name_sv)
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    }

    /// Lay out one local year: weekly hours per date minus closing holidays, plus extra open
    /// periods, minus extra closures, clipped to the year.
    fn build_year(&self, year: i32) -> YearTable {
        let (start, end) = (year_start(self.tz, year), year_start(self.tz, year + 1));
        let closed_dates: Vec<NaiveDate> = if self.swedish_holidays {
            holidays::holidays(year)
                .into_iter()
                .filter(|h| self.closes(h))
                .map(|h| h.date)
                .collect()
        } else {
            Vec::new()
        };
        let mut raw = Vec::with_capacity(270);
        let (Some(first), Some(next)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year + 1, 1, 1),
        ) else {
            return YearTable::new(start, end, &[]);
        };
        // Each date's hours are clipped to the date's own local day, so a date the zone skips
        // entirely (Pacific/Apia, 2011-12-30) has no open time instead of the next day's.
        let mut day_start = start;
        for date in first.iter_days().take_while(|d| *d < next) {
            let day_end = local_midnight(self.tz, date + Duration::days(1));
            let hours = &self.week[weekday_index(date)];
            if !hours.is_empty() && !closed_dates.contains(&date) {
                let midnight = date.and_time(NaiveTime::MIN);
                for &(s, e) in hours {
                    let at = |secs: u32| {
                        resolve_lenient(self.tz, midnight + Duration::seconds(secs.into()))
                            .clamp(day_start, day_end)
                    };
                    let (a, b) = (at(s), at(e));
                    if a < b {
                        raw.push((a, b));
                    }
                }
            }
            day_start = day_end;
        }
        raw.extend(
            self.open_merged
                .iter()
                .map(|&(a, b)| (a.max(start), b.min(end)))
                .filter(|(a, b)| a < b),
        );
        let open = subtract(&union(raw), &self.closed_merged);
        YearTable::new(start, end, &open)
    }

    /// The table of local year `year` (clamped to the calendar's years), built on first use.
    fn table(&self, year: i32) -> &YearTable {
        let year = year.clamp(FIRST_YEAR, LAST_YEAR);
        self.years[(year - FIRST_YEAR) as usize].get_or_init(|| self.build_year(year))
    }

    /// The local year whose table holds `t`, for `t` in `[span.0, span.1]` (the span's end
    /// belongs to the last year; an instant on a year boundary to the later year).
    fn year_of(&self, t: Ms) -> i32 {
        // The UTC year is off by at most one near New Year (offsets are less than a day).
        let mut y = utc_year(t).clamp(FIRST_YEAR.into(), LAST_YEAR.into()) as i32;
        loop {
            let table = self.table(y);
            if t < table.start && y > FIRST_YEAR {
                y -= 1;
            } else if t >= table.end && y < LAST_YEAR {
                y += 1;
            } else {
                return y;
            }
        }
    }

    fn clamp(&self, t: Ms) -> Ms {
        t.clamp(self.span.0, self.span.1)
    }

    /// Business time in `[a, b)`, ms: the length of its overlap with the open intervals;
    /// 0 when `b <= a`.
    pub fn business_ms(&self, a: Ms, b: Ms) -> i64 {
        let (a, b) = (self.clamp(a), self.clamp(b));
        if b <= a {
            return 0;
        }
        let ya = self.year_of(a);
        let ta = self.table(ya);
        if b <= ta.end {
            return ta.open_before(b) - ta.open_before(a);
        }
        let yb = self.year_of(b);
        let middle: i64 = (ya + 1..yb).map(|y| self.table(y).total()).sum();
        ta.total() - ta.open_before(a) + middle + self.table(yb).open_before(b)
    }

    /// The deadline: the earliest instant `d >= start` with `business_ms(start, d) == amount`
    /// (so a target that is used up exactly at closing time ends at 17:00:00, not at the next
    /// opening). `amount <= 0` gives `start`. `None` if the calendar's years end first.
    pub fn add_business(&self, start: Ms, amount: i64) -> Option<Ms> {
        if amount <= 0 {
            return Some(start);
        }
        if start >= self.span.1 {
            return None;
        }
        let s = start.max(self.span.0);
        let mut y = self.year_of(s);
        let mut target = self.table(y).open_before(s).saturating_add(amount);
        loop {
            let table = self.table(y);
            if target <= table.total() {
                return Some(table.instant_at(target));
            }
            target -= table.total();
            if y >= LAST_YEAR {
                return None;
            }
            y += 1;
        }
    }

    /// The earliest open instant at or after `t`, if any.
    pub fn next_open(&self, t: Ms) -> Option<Ms> {
        // The instant after which 1 ms of business time has passed, minus that ms.
        self.add_business(t, 1).map(|d| d - 1)
    }

    /// Whether instant `t` is within open time.
    pub fn is_open(&self, t: Ms) -> bool {
        if t < self.span.0 || t >= self.span.1 {
            return false;
        }
        self.table(self.year_of(t)).is_open(t)
    }

    /// The open intervals overlapping `[from, to)`, clipped to it; sorted, disjoint, and
    /// touching intervals joined.
    pub fn open_intervals(&self, from: Ms, to: Ms) -> Vec<(Ms, Ms)> {
        let (from, to) = (self.clamp(from), self.clamp(to));
        if to <= from {
            return Vec::new();
        }
        let mut out: Vec<(Ms, Ms)> = Vec::new();
        for y in self.year_of(from)..=self.year_of(to) {
            let table = self.table(y);
            for i in table.overlapping(from, to) {
                let (s, e) = (table.starts[i].max(from), table.ends[i].min(to));
                match out.last_mut() {
                    // An interval cut at New Year continues in the next year's table.
                    Some(last) if last.1 == s => last.1 = e,
                    _ => out.push((s, e)),
                }
            }
        }
        out
    }
}
