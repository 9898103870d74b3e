//! The business calendar: time zone, weekly hours, Swedish public holidays, extra closures and
//! openings, and exact business-time arithmetic in integer milliseconds (M1, M1.3–M1.5, M1.7, M1.10, M1.14).
//!
//! Pure: no I/O. All instants are `i64` milliseconds since the Unix epoch (UTC). Open intervals
//! are half-open `[start, end)` and are laid out per *local* date, so a DST switch never moves
//! opening hours.
//!
//! Layout, one responsibility per file:
//! - [`month`]: [`Month`], the report month `YYYY-MM` within the covered years;
//! - [`local`]: the time zone — naive local times (spring gap, autumn fold), local dates,
//!   month bounds, unit `d` (same wall-clock time N days later);
//! - [`hours`]: weekly hours, `"HH:MM-HH:MM"` lists;
//! - [`holidays`]: Swedish public holidays and the named eves, per the law in force each year;
//! - [`business`]: one [`Calendar`] — open intervals, business time and deadlines, answered
//!   from per-year tables built once and cached (the fast path the metrics use);
//! - [`calendars`]: the agreement's calendars (opening, support, providers), targets on their
//!   clocks, and the rule notes printed by `slareport calendar` and the method appendix;
//! - [`listing`]: the model behind `slareport calendar` (holidays, closed days, open intervals,
//!   open time per month);
//! - [`reference`]: a deliberately plain day-by-day implementation, the oracle of the tests and
//!   the "before" of the benchmark;
//! - [`timestamp`]: parsing input timestamps into UTC milliseconds, and [`timefmt`]: writing
//!   them as RFC 3339 text (the sample generator, typed Parquet columns);
//! - [`settings`]: the `[calendar]` section of the SLA config, typed ([`CalendarConfig`]), and
//!   [`target`]: ticket targets (`30 min`, `2 wd`) and their clocks. The config re-exports
//!   both: the calendar needs nothing from the config.
//!
//! Layers (a module uses only those below it): `listing` → `calendars` → `business` →
//! `hours`, `holidays`, `table` → `local`; beside them `reference` (the oracle) → `business`
//! and `timestamp` → `local`; `month`, `settings`, `target`, `timefmt` use none of their
//! siblings.

pub mod business;
pub mod calendars;
pub mod holidays;
pub mod hours;
pub mod listing;
pub mod local;
pub mod month;
pub mod reference;
pub mod settings;
mod table;
pub mod target;
pub mod timefmt;
pub mod timestamp;

pub use business::Calendar;
pub use calendars::{Calendars, Measured, RuleNote};
pub use hours::parse_day_intervals;
pub use local::{
    add_calendar_days, format_local, local_date, local_datetime, local_midnight, month_bounds,
    parse_local_datetime, resolve_local,
};
pub use month::{Month, MonthError};
pub use settings::{
    AmbiguousPolicy, CalendarConfig, DatedPeriod, HolidaySet, NonexistentPolicy, WeeklyHours,
};
pub use table::{subtract, union};
pub use target::{Clock, Target, Unit};

use chrono::NaiveDate;

/// Milliseconds since the Unix epoch, UTC.
pub type Ms = i64;

pub const MS_PER_SEC: i64 = 1000;
pub const MS_PER_DAY: i64 = 86_400_000;

/// The first local year the calendar covers (M1: holidays for any year 1900–2200).
pub const FIRST_YEAR: i32 = 1900;
/// The last local year the calendar covers. Outside `FIRST_YEAR..=LAST_YEAR` there is no open
/// time: business time there is 0 and a deadline that would fall after it is `None`.
pub const LAST_YEAR: i32 = 2200;

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

/// A reason a date is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub date: NaiveDate,
    pub name: String,
}

#[cfg(test)]
mod tests;
