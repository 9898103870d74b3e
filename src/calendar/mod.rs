//! The business calendar: time zone, weekly hours, Swedish public holidays, extra closures and
//! openings, and exact business-time arithmetic in integer milliseconds (SPEC §2, §9.1–9.5).
//!
//! Pure: no I/O. All instants are `i64` milliseconds since the Unix epoch (UTC). Open intervals
//! are half-open `[start, end)` and are laid out per *local* date, so a DST switch never moves
//! opening hours.

pub mod holidays;
pub mod timestamp;

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::config::{AmbiguousPolicy, CalendarConfig, NonexistentPolicy, WeeklyHours};

/// Milliseconds since the Unix epoch, UTC.
pub type Ms = i64;

pub const MS_PER_SEC: i64 = 1000;
pub const MS_PER_DAY: i64 = 86_400_000;

/// How a naive local time was resolved to an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalResolution {
    /// The local time exists once.
    Unique,
    /// In the spring gap: shifted by the offset in force before the switch.
    Gap,
    /// In the autumn fold: the first occurrence was taken.
    Fold,
}

/// Parse one day's `"HH:MM-HH:MM"` list into sorted, disjoint (start, end) seconds of day.
pub fn parse_day_intervals(list: &[String]) -> Result<Vec<(u32, u32)>, String> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let (a, b) = item
            .split_once('-')
            .ok_or_else(|| format!("`{item}`: expected \"HH:MM-HH:MM\""))?;
        let a = parse_hhmm(a.trim()).ok_or_else(|| format!("`{item}`: bad start time"))?;
        let b = parse_hhmm(b.trim()).ok_or_else(|| format!("`{item}`: bad end time"))?;
        if a >= b {
            return Err(format!("`{item}`: end must be after start"));
        }
        out.push((a, b));
    }
    out.sort_unstable();
    for w in out.windows(2) {
        if w[1].0 < w[0].1 {
            return Err("intervals overlap".into());
        }
    }
    Ok(out)
}

/// `HH:MM` or `HH:MM:SS`, 24:00 allowed as an end of day; seconds of day.
fn parse_hhmm(s: &str) -> Option<u32> {
    let mut parts = s.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || m > 59 || sec > 59 || h > 24 || (h == 24 && (m, sec) != (0, 0)) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

/// A local date-time `YYYY-MM-DDTHH:MM[:SS]` (a space works for `T`).
pub fn parse_local_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// Resolve a naive local time in `tz`. `Err` names why it was not accepted (policy `reject`).
pub fn resolve_local(
    tz: Tz,
    ndt: NaiveDateTime,
    nonexistent: NonexistentPolicy,
    ambiguous: AmbiguousPolicy,
) -> Result<(Ms, LocalResolution), &'static str> {
    use chrono::offset::LocalResult;
    match tz.from_local_datetime(&ndt) {
        LocalResult::Single(t) => Ok((t.timestamp_millis(), LocalResolution::Unique)),
        LocalResult::Ambiguous(a, b) => match ambiguous {
            AmbiguousPolicy::Earliest => Ok((
                a.timestamp_millis().min(b.timestamp_millis()),
                LocalResolution::Fold,
            )),
            AmbiguousPolicy::Reject => Err("ambiguous local time (DST fold)"),
        },
        LocalResult::None => match nonexistent {
            NonexistentPolicy::Reject => Err("nonexistent local time (DST gap)"),
            NonexistentPolicy::ShiftForward => {
                // The offset in force before the switch: that of a moment well before the gap.
                let before = ndt - Duration::hours(3);
                let off = match tz.from_local_datetime(&before) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                        use chrono::Offset;
                        t.offset().fix().local_minus_utc() as i64
                    }
                    LocalResult::None => return Err("nonexistent local time (DST gap)"),
                };
                let naive_ms = ndt.and_utc().timestamp_millis();
                Ok((naive_ms - off * MS_PER_SEC, LocalResolution::Gap))
            }
        },
    }
}

/// The local date of an instant.
pub fn local_date(tz: Tz, t: Ms) -> NaiveDate {
    tz.timestamp_millis_opt(t).unwrap().date_naive()
}

/// The local date-time of an instant.
pub fn local_datetime(tz: Tz, t: Ms) -> NaiveDateTime {
    tz.timestamp_millis_opt(t).unwrap().naive_local()
}

/// The instant of local midnight starting `date` (a midnight in a gap is shifted forward).
pub fn local_midnight(tz: Tz, date: NaiveDate) -> Ms {
    resolve_local(
        tz,
        date.and_time(NaiveTime::MIN),
        NonexistentPolicy::ShiftForward,
        AmbiguousPolicy::Earliest,
    )
    .map(|(t, _)| t)
    .expect("shift-forward resolution never rejects")
}

/// `[first day 00:00, first day of next month 00:00)` local time (SPEC §2).
pub fn month_bounds(tz: Tz, year: i32, month: u32) -> (Ms, Ms) {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    (local_midnight(tz, first), local_midnight(tz, next))
}

/// Unit `d`: the same local wall-clock time `n` days later (SPEC §9.4).
pub fn add_calendar_days(tz: Tz, t: Ms, n: i64) -> Ms {
    let local = local_datetime(tz, t) + Duration::days(n);
    let sub_ms = t.rem_euclid(1000);
    resolve_local(
        tz,
        local.with_nanosecond(0).unwrap(),
        NonexistentPolicy::ShiftForward,
        AmbiguousPolicy::Earliest,
    )
    .map(|(x, _)| x + sub_ms)
    .expect("shift-forward resolution never rejects")
}

/// A reason a date is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub date: NaiveDate,
    pub name: String,
}

/// One business calendar: a time zone, weekly hours, holidays and dated exceptions.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    /// Per weekday (0 = Monday), sorted disjoint seconds-of-day intervals.
    week: [Vec<(u32, u32)>; 7],
    swedish_holidays: bool,
    closed_eves: BTreeSet<String>,
    /// Extra closures and openings, as instants (sorted, merged).
    extra_closed: Vec<(Ms, Ms)>,
    extra_open: Vec<(Ms, Ms)>,
}

/// The calendars of one agreement: opening hours (availability), support hours (tickets),
/// and per-provider hours.
#[derive(Debug, Clone)]
pub struct Calendars {
    pub tz: Tz,
    pub opening: Calendar,
    pub support: Calendar,
    pub providers: Vec<(String, Calendar)>,
    pub working_day_ms: i64,
    pub nonexistent: NonexistentPolicy,
    pub ambiguous: AmbiguousPolicy,
}

impl Calendars {
    /// Build from a validated config.
    pub fn from_config(c: &CalendarConfig) -> Self {
        let tz: Tz = c.timezone.parse().expect("validated time zone");
        let build = |w: &WeeklyHours| Calendar::new(tz, w, c);
        Calendars {
            tz,
            opening: build(&c.opening_hours),
            support: build(&c.support_hours),
            providers: c
                .providers
                .iter()
                .map(|(name, w)| (name.clone(), build(w)))
                .collect(),
            working_day_ms: c.working_day_seconds * MS_PER_SEC,
            nonexistent: c.nonexistent,
            ambiguous: c.ambiguous,
        }
    }
}

/// A target measured on its clock: elapsed time, the target length, and the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// Elapsed between the two instants on the target's clock, ms.
    pub elapsed_ms: i64,
    /// The target's length on its clock, ms (for `d`: the wall time to the deadline).
    pub target_ms: i64,
    /// The deadline instant (None if the calendar never opens).
    pub deadline: Option<Ms>,
    /// `elapsed_ms <= target_ms` (SPEC §9.15 reads "within" as ≤).
    pub met: bool,
}

impl Calendars {
    /// The target's length in ms on its clock, for clocks where it is fixed (`min`, `h`, `wd`,
    /// and `d` on the business clock as working days). `d` on the calendar clock depends on the
    /// start (23/25 h across DST), see [`Calendars::deadline`].
    pub fn fixed_target_ms(&self, target: &crate::config::Target) -> Option<i64> {
        use crate::config::{Clock, Unit};
        let v = i64::from(target.value);
        match (target.unit, target.clock) {
            (Unit::Min, _) => Some(v * 60_000),
            (Unit::H, _) => Some(v * 3_600_000),
            (Unit::Wd, _) => Some(v * self.working_day_ms),
            (Unit::D, Clock::Business) => Some(v * self.working_day_ms),
            (Unit::D, Clock::Calendar) => None,
        }
    }

    /// The deadline of `target` started at `start` (support hours for the business clock).
    pub fn deadline(&self, target: &crate::config::Target, start: Ms) -> Option<Ms> {
        use crate::config::{Clock, Unit};
        match (target.clock, target.unit) {
            (Clock::Calendar, Unit::D) => {
                Some(add_calendar_days(self.tz, start, target.value.into()))
            }
            (Clock::Calendar, _) => Some(start + self.fixed_target_ms(target)?),
            (Clock::Business, _) => self
                .support
                .add_business(start, self.fixed_target_ms(target)?),
        }
    }

    /// Elapsed time from `start` to `end` on the target's clock, ms (0 if `end <= start`).
    pub fn elapsed(&self, target: &crate::config::Target, start: Ms, end: Ms) -> i64 {
        match target.clock {
            crate::config::Clock::Calendar => (end - start).max(0),
            crate::config::Clock::Business => self.support.business_ms(start, end),
        }
    }

    /// Measure `start → end` against `target`.
    pub fn measure(&self, target: &crate::config::Target, start: Ms, end: Ms) -> Measured {
        let elapsed_ms = self.elapsed(target, start, end);
        let deadline = self.deadline(target, start);
        let target_ms = match self.fixed_target_ms(target) {
            Some(t) => t,
            None => deadline.map_or(i64::MAX, |d| d - start),
        };
        Measured {
            elapsed_ms,
            target_ms,
            deadline,
            met: elapsed_ms <= target_ms,
        }
    }
}

fn merge(mut v: Vec<(Ms, Ms)>) -> Vec<(Ms, Ms)> {
    v.retain(|(a, b)| a < b);
    v.sort_unstable();
    let mut out: Vec<(Ms, Ms)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `a` minus every interval of sorted disjoint `cut`.
fn subtract(a: Vec<(Ms, Ms)>, cut: &[(Ms, Ms)]) -> Vec<(Ms, Ms)> {
    if cut.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len());
    for (mut s, e) in a {
        for &(cs, ce) in cut {
            if ce <= s || cs >= e {
                continue;
            }
            if cs > s {
                out.push((s, cs));
            }
            s = s.max(ce);
            if s >= e {
                break;
            }
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

impl Calendar {
    /// A calendar with `week` hours and the holidays, eves and dated exceptions of `c`.
    pub fn new(tz: Tz, week: &WeeklyHours, c: &CalendarConfig) -> Self {
        let days: [Vec<(u32, u32)>; 7] =
            std::array::from_fn(|i| parse_day_intervals(week.day(i)).expect("validated hours"));
        let dated = |list: &[crate::config::DatedPeriod]| {
            merge(
                list.iter()
                    .filter_map(|p| {
                        let s = parse_local_datetime(&p.start)?;
                        let e = parse_local_datetime(&p.end)?;
                        let r = |x| resolve_local(tz, x, c.nonexistent, AmbiguousPolicy::Earliest);
                        Some((r(s).ok()?.0, r(e).ok()?.0))
                    })
                    .collect(),
            )
        };
        Calendar {
            tz,
            week: days,
            swedish_holidays: c.holidays == "se",
            closed_eves: c.closed_eves.iter().cloned().collect(),
            extra_closed: dated(&c.extra_closed),
            extra_open: dated(&c.extra_open),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Why `date` is closed all day although its weekday has hours, if it is.
    pub fn closed_reason(&self, date: NaiveDate) -> Option<String> {
        if !self.swedish_holidays {
            return None;
        }
        let year = date.year();
        if let Some((_, name)) = holidays::public_holidays(year)
            .into_iter()
            .find(|(d, _)| *d == date)
        {
            return Some(name.to_string());
        }
        holidays::eves(year)
            .into_iter()
            .find(|(d, key, _)| *d == date && self.closed_eves.contains(*key))
            .map(|(_, _, name)| name.to_string())
    }

    /// The weekly-hours intervals of one local date (holidays applied, dated exceptions not).
    fn day_intervals(&self, date: NaiveDate, out: &mut Vec<(Ms, Ms)>) {
        let hours = &self.week[date.weekday().num_days_from_monday() as usize];
        if hours.is_empty() || self.closed_reason(date).is_some() {
            return;
        }
        let midnight = date.and_time(NaiveTime::MIN);
        let to_instant = |secs: u32| {
            let ndt = midnight + Duration::seconds(secs as i64);
            resolve_local(
                self.tz,
                ndt,
                NonexistentPolicy::ShiftForward,
                AmbiguousPolicy::Earliest,
            )
            .map(|(t, _)| t)
            .expect("shift-forward never rejects")
        };
        for &(s, e) in hours {
            let (a, b) = (to_instant(s), to_instant(e));
            if a < b {
                out.push((a, b));
            }
        }
    }

    /// The open intervals overlapping `[from, to)`, clipped to it; sorted and disjoint.
    pub fn open_intervals(&self, from: Ms, to: Ms) -> Vec<(Ms, Ms)> {
        if from >= to {
            return Vec::new();
        }
        let mut raw = Vec::new();
        let mut date = local_date(self.tz, from) - Duration::days(1);
        let last = local_date(self.tz, to) + Duration::days(1);
        while date <= last {
            self.day_intervals(date, &mut raw);
            date += Duration::days(1);
        }
        raw.extend(
            self.extra_open
                .iter()
                .filter(|(a, b)| *b > from && *a < to)
                .copied(),
        );
        let merged = subtract(merge(raw), &self.extra_closed);
        merged
            .into_iter()
            .filter_map(|(a, b)| {
                let (a, b) = (a.max(from), b.min(to));
                (a < b).then_some((a, b))
            })
            .collect()
    }

    /// Business time in `[a, b)`, ms; 0 when `b <= a`.
    pub fn business_ms(&self, a: Ms, b: Ms) -> i64 {
        self.open_intervals(a, b).iter().map(|(s, e)| e - s).sum()
    }

    /// Whether instant `t` is within open time.
    pub fn is_open(&self, t: Ms) -> bool {
        !self.open_intervals(t, t + 1).is_empty()
    }

    /// The deadline: the earliest instant `d >= start` with `business_ms(start, d) == amount`.
    /// Searches up to ~20 years ahead; `None` if the calendar has no open time in that span.
    pub fn add_business(&self, start: Ms, amount: i64) -> Option<Ms> {
        if amount <= 0 {
            return Some(start);
        }
        let mut remaining = amount;
        let mut from = start;
        let window = 31 * MS_PER_DAY;
        for _ in 0..240 {
            let to = from + window;
            for (s, e) in self.open_intervals(from, to) {
                let len = e - s;
                if len >= remaining {
                    return Some(s + remaining);
                }
                remaining -= len;
            }
            from = to;
        }
        None
    }
}

#[cfg(test)]
mod tests;
