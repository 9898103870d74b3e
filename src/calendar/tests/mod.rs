//! Tests of the calendar as a whole: hand-computed boundary cases ([`hand`]) and properties
//! checked on random instants and random calendars, including agreement with the plain
//! reference implementation ([`props`]).

mod hand;
mod props;

use super::*;
/// The SSBTEK calendar config: the `[calendar]` table of the embedded default (read here
/// directly, so that the calendar's tests need nothing from the config module).
pub(super) fn ssbtek() -> CalendarConfig {
    #[derive(serde::Deserialize)]
    struct Only {
        calendar: CalendarConfig,
    }
    let text = include_str!("../../config/ssbtek.toml");
    let table: toml::Table = toml::from_str(text).expect("embedded config is TOML");
    let only: Only = toml::Table::from_iter([("calendar".to_string(), table["calendar"].clone())])
        .try_into()
        .expect("embedded [calendar] is valid");
    only.calendar
}

/// The SSBTEK calendars, built once for all tests (their year tables are shared).
pub(super) fn cals() -> &'static Calendars {
    static CALS: std::sync::OnceLock<Calendars> = std::sync::OnceLock::new();
    CALS.get_or_init(|| Calendars::from_config(&ssbtek()))
}

/// An instant from RFC 3339 text with an explicit offset (written by hand, independent of the
/// calendar's own time-zone code).
pub(super) fn at(s: &str) -> Ms {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .timestamp_millis()
}

/// A dated period for a config.
pub(super) fn period(start: &str, end: &str, reason: &str) -> DatedPeriod {
    DatedPeriod {
        start: start.into(),
        end: end.into(),
        reason: reason.into(),
    }
}

pub(super) const MIN: i64 = 60_000;
pub(super) const H: i64 = 3_600_000;
