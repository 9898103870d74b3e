//! The calendar's settings, the `[calendar]` section of the SLA config: time zone, holiday
//! set, weekly hours, dated exceptions and the DST policies. The calendar owns these types (the
//! config re-exports them), so the calendar needs nothing from the config. Values are typed
//! as they are read: the time zone is a [`Tz`] and the holiday set a [`HolidaySet`], each with
//! one error that names its key.

use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which public holidays close the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidaySet {
    /// Swedish public holidays (`"se"`).
    Se,
    /// None (`"none"`).
    None,
}

impl HolidaySet {
    /// `se` or `none`, as the config writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            HolidaySet::Se => "se",
            HolidaySet::None => "none",
        }
    }
}

impl fmt::Display for HolidaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HolidaySet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HolidaySet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "se" => Ok(HolidaySet::Se),
            "none" => Ok(HolidaySet::None),
            _ => Err(serde::de::Error::custom(format!(
                "calendar.holidays: `{s}`: expected \"se\" or \"none\""
            ))),
        }
    }
}

/// The time zone as its IANA name.
mod tz_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "calendar.timezone: `{s}` is not an IANA time zone name (expected e.g. \
                 Europe/Stockholm)"
            ))
        })
    }
}

/// Weekly hours: per weekday a list of `"HH:MM-HH:MM"` half-open intervals, local time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

impl WeeklyHours {
    /// The intervals of weekday `i` (0 = Monday).
    pub fn day(&self, i: usize) -> &[String] {
        match i {
            0 => &self.mon,
            1 => &self.tue,
            2 => &self.wed,
            3 => &self.thu,
            4 => &self.fri,
            5 => &self.sat,
            _ => &self.sun,
        }
    }
}

/// A dated local-time period (extra closure or extra opening).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatedPeriod {
    /// Local time `YYYY-MM-DDTHH:MM[:SS]`.
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NonexistentPolicy {
    /// Take the offset in force before the switch (02:30 → 01:30Z in Stockholm).
    ShiftForward,
    Reject,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguousPolicy {
    /// The first occurrence (summer-time offset).
    Earliest,
    Reject,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// An IANA time zone name, parsed when the config is read.
    #[serde(with = "tz_name")]
    pub timezone: Tz,
    /// `"se"` for Swedish public holidays, `"none"` for none.
    pub holidays: HolidaySet,
    #[serde(default)]
    pub closed_eves: Vec<String>,
    pub working_day_seconds: i64,
    pub nonexistent: NonexistentPolicy,
    pub ambiguous: AmbiguousPolicy,
    #[serde(default)]
    pub extra_closed: Vec<DatedPeriod>,
    #[serde(default)]
    pub extra_open: Vec<DatedPeriod>,
    pub opening_hours: WeeklyHours,
    pub support_hours: WeeklyHours,
    #[serde(default)]
    pub providers: BTreeMap<String, WeeklyHours>,
}
