//! A ticket target such as `30 min`, `8 h`, `2 wd` or `6 d`, with the clock it runs on (M1, M7.2).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Min,
    H,
    Wd,
    D,
}

/// `business`: counts only support hours; `calendar`: wall-clock time.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    Business,
    Calendar,
}

/// A target duration. Written as `"<n> <unit>"` or `{ value, unit, clock }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub value: u32,
    pub unit: Unit,
    pub clock: Clock,
}

impl Target {
    /// The default clock of a unit: calendar for `d`, business otherwise.
    pub fn default_clock(unit: Unit) -> Clock {
        match unit {
            Unit::D => Clock::Calendar,
            _ => Clock::Business,
        }
    }

    /// Parse `"30 min"`, `"8h"`, `"2 wd"`, `"6 d"`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let split = s
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("`{s}`: missing unit (min, h, wd or d)"))?;
        let (num, unit) = s.split_at(split);
        let value: u32 = num
            .parse()
            .map_err(|_| format!("`{s}`: expected a whole number before the unit"))?;
        let unit = match unit.trim() {
            "min" => Unit::Min,
            "h" => Unit::H,
            "wd" => Unit::Wd,
            "d" => Unit::D,
            other => {
                return Err(format!(
                    "`{s}`: unknown unit `{other}` (expected min, h, wd or d)"
                ))
            }
        };
        Ok(Target {
            value,
            unit,
            clock: Self::default_clock(unit),
        })
    }

    /// The unit's suffix as written in the config.
    pub fn unit_str(&self) -> &'static str {
        match self.unit {
            Unit::Min => "min",
            Unit::H => "h",
            Unit::Wd => "wd",
            Unit::D => "d",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit_str())?;
        if self.clock != Self::default_clock(self.unit) {
            let clock = match self.clock {
                Clock::Business => "business",
                Clock::Calendar => "calendar",
            };
            write!(f, " ({clock})")?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawTarget {
    Text(String),
    Table {
        value: u32,
        unit: Unit,
        #[serde(default)]
        clock: Option<Clock>,
    },
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match RawTarget::deserialize(d)? {
            RawTarget::Text(s) => Target::parse(&s).map_err(serde::de::Error::custom),
            RawTarget::Table { value, unit, clock } => Ok(Target {
                value,
                unit,
                clock: clock.unwrap_or(Target::default_clock(unit)),
            }),
        }
    }
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.clock == Self::default_clock(self.unit) {
            s.serialize_str(&format!("{} {}", self.value, self.unit_str()))
        } else {
            use serde::ser::SerializeStruct;
            let mut st = s.serialize_struct("Target", 3)?;
            st.serialize_field("value", &self.value)?;
            st.serialize_field("unit", &self.unit)?;
            st.serialize_field("clock", &self.clock)?;
            st.end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_default_clocks() {
        let t = Target::parse("30 min").unwrap();
        assert_eq!((t.value, t.unit, t.clock), (30, Unit::Min, Clock::Business));
        assert_eq!(Target::parse("6 d").unwrap().clock, Clock::Calendar);
        assert_eq!(Target::parse("2wd").unwrap().unit, Unit::Wd);
        assert!(Target::parse("2 weeks")
            .unwrap_err()
            .contains("unknown unit"));
        assert!(Target::parse("h").is_err());
    }
}
