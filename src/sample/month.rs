//! What every builder of a month's story knows of the month: its clock over the agreement's
//! calendars ([`Clock`]), its open days ([`MonthCtx`]), and the windows the call log must
//! show ([`Window`]). The bottom layer of [`super::plan`], [`super::tickets`] and
//! [`super::changes`].

use chrono::{NaiveDate, NaiveTime};

use crate::calendar::{add_calendar_days, resolve_local, Calendars, Ms};
use crate::config::{AmbiguousPolicy, NonexistentPolicy};

pub(super) const MIN: i64 = 60_000;
pub(super) const HOUR: i64 = 3_600_000;

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
/// so that the detected run is exactly `[start, end)` (M3.3).
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

/// Local-time helpers over the agreement's calendars.
pub(super) struct Clock<'a> {
    pub cals: &'a Calendars,
}

impl Clock<'_> {
    pub(super) fn at(&self, date: NaiveDate, h: u32, m: u32) -> Ms {
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
    pub(super) fn biz(&self, start: Ms, amount: i64) -> Ms {
        self.cals
            .support
            .add_business(start, amount)
            .expect("support hours open")
    }
    pub(super) fn wd(&self, start: Ms, days: f64) -> Ms {
        self.biz(start, (days * self.cals.working_day_ms as f64) as i64)
    }
    pub(super) fn days(&self, t: Ms, n: i64) -> Ms {
        add_calendar_days(self.cals.tz, t, n)
    }
}

/// What the ticket and change builders need to know of the month.
pub(super) struct MonthCtx<'a> {
    pub c: Clock<'a>,
    /// The month's open days, ascending (never empty).
    pub days: Vec<NaiveDate>,
    /// The previous month's open days.
    pub prev: Vec<NaiveDate>,
    /// `202603`.
    pub tag: String,
    pub year: i32,
    pub month: u32,
    pub month_end: Ms,
    /// The last month generated (its still-open incident is never resolved).
    pub last: bool,
}
