//! The SLA config: every rule the report measures, as one TOML file.
//!
//! The SSBTEK agreement (docs/method.md) is embedded as the default (`ssbtek.toml`). A config is
//! parsed once into [`SlaConfig`] and validated in [`SlaConfig::from_toml`]; nothing downstream
//! re-validates. Unknown keys are errors, so a typo cannot silently fall back to a default.

pub mod inputs;

// The calendar's own settings (`[calendar]`) and ticket targets are the calendar's types,
// re-exported here: the config sits above the calendar.
pub use crate::calendar::settings::{
    AmbiguousPolicy, CalendarConfig, DatedPeriod, HolidaySet, NonexistentPolicy, WeeklyHours,
};
pub use crate::calendar::target::{Clock, Target, Unit};

use std::collections::BTreeMap;
use std::path::Path;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendars;
use sha2::{Digest, Sha256};

/// The largest duration a config key may give, in seconds (see `validate`).
const HUNDRED_YEARS_SECONDS: i64 = 100 * 366 * 86_400;

/// The embedded SSBTEK config text.
pub const SSBTEK_TOML: &str = include_str!("ssbtek.toml");

/// A config error that names the key at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{origin}: {message}")]
    Parse { origin: String, message: String },
    #[error("{origin}: key `{key}`: {message}")]
    Invalid {
        origin: String,
        key: String,
        message: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    pub agreement: Agreement,
    /// Data provider (uppgiftslämnare) names by code, e.g. `FK` → "Försäkringskassan".
    #[serde(default)]
    pub providers: BTreeMap<String, String>,
    pub calendar: CalendarConfig,
    pub availability: AvailabilityConfig,
    pub performance: PerformanceConfig,
    pub precision: PrecisionConfig,
    pub capacity: CapacityConfig,
    pub tickets: TicketsConfig,
    pub changes: ChangesConfig,
    #[serde(default)]
    pub continuity: ContinuityConfig,
    pub report: ReportSections,
    /// Input mapping (column and value maps, presets), optional: see [`inputs`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<inputs::InputsConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub name: String,
    pub title: String,
    /// The rule set's own version (this config's), not the agreement document's.
    pub version: String,
    /// The agreement document's revision as its revision history writes it ("1.1"); empty
    /// when the config does not say.
    #[serde(default)]
    pub document_revision: String,
    /// The date of that revision, `YYYY-MM-DD`.
    #[serde(default)]
    pub document_date: String,
    pub service: String,
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub operator: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AvailabilitySource {
    Incidents,
    Calls,
    Union,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityConfig {
    pub source: AvailabilitySource,
    pub target: f64,
    pub min_outage_seconds: i64,
    pub min_failed_calls: u32,
    pub merge_gap_seconds: i64,
    pub max_outages_per_month: u32,
    pub max_outages_per_year: u32,
    pub max_downtime_per_year_seconds: i64,
    /// What a silent period of the call log is: reported only, or also unavailable time.
    #[serde(default)]
    pub silence: SilenceMode,
    /// The shortest stretch of open time without a call that can be a silent period.
    #[serde(default = "default_silence_min_seconds")]
    pub silence_min_seconds: i64,
    /// The calls the month's own rate must predict in the stretch for it to be silent.
    #[serde(default = "default_silence_expected_calls")]
    pub silence_expected_calls: u32,
}

/// `availability.silence`: silent periods of the call log are listed (`report`, the default)
/// or also counted as unavailable time (`unavailable`, source `silence`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SilenceMode {
    #[default]
    Report,
    Unavailable,
}

fn default_silence_min_seconds() -> i64 {
    1800
}

fn default_silence_expected_calls() -> u32 {
    20
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceScope {
    OpenHours,
    All,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PerformanceConfig {
    pub scope: PerformanceScope,
    pub t90_base_ms: i64,
    pub tmax_base_ms: i64,
    pub per_extra_person_ms: i64,
    pub max_persons: u16,
    pub target_within_t90: f64,
    pub target_over_tmax: u64,
}

impl PerformanceConfig {
    /// T90(n) in ms: 7 s + 1.5 s·(n−1) by default.
    pub fn t90_ms(&self, persons: u16) -> i64 {
        self.t90_base_ms + self.per_extra_person_ms * (i64::from(persons.max(1)) - 1)
    }
    /// Tmax(n) in ms: 12 s + 1.5 s·(n−1) by default.
    pub fn tmax_ms(&self, persons: u16) -> i64 {
        self.tmax_base_ms + self.per_extra_person_ms * (i64::from(persons.max(1)) - 1)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrecisionConfig {
    pub target: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CapacityConfig {
    pub municipalities: u32,
    pub max_calls_per_second: u32,
    pub max_calls_per_minute: u32,
}

/// Response and resolution targets of one priority.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriorityTargets {
    pub response: Target,
    pub resolution: Target,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct OrderTargets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<Target>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TicketsConfig {
    /// Keyed by priority "1".."4".
    pub incident: BTreeMap<String, PriorityTargets>,
    pub problem: BTreeMap<String, PriorityTargets>,
    #[serde(default)]
    pub order: OrderTargets,
}

impl TicketsConfig {
    pub fn incident_targets(&self, priority: u8) -> Option<&PriorityTargets> {
        self.incident.get(&priority.to_string())
    }
    pub fn problem_targets(&self, priority: u8) -> Option<&PriorityTargets> {
        self.problem.get(&priority.to_string())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangesConfig {
    /// Minimum notice for changes outside releases, in `d` units (same wall-clock time N days later).
    pub notice_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ContinuityConfig {
    #[serde(default)]
    pub rto: String,
    #[serde(default)]
    pub rpo: String,
    #[serde(default)]
    pub full_backup: String,
    #[serde(default)]
    pub incremental_backup: String,
    #[serde(default)]
    pub archive_logs: String,
    #[serde(default)]
    pub tests: Vec<ContinuityTest>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContinuityTest {
    pub date: String,
    pub kind: String,
    pub result: String,
}

/// The agreed reports of agreement 4.1; `true` = marked [x]. Field order is the agreement's order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReportSections {
    pub incidents: bool,
    pub orders: bool,
    pub problems: bool,
    pub changes: bool,
    pub capacity: bool,
    pub performance: bool,
    pub availability: bool,
    pub security: bool,
    pub continuity: bool,
    pub quality: bool,
}

impl ReportSections {
    /// (section key, marked) in the agreement's order.
    pub fn in_order(&self) -> [(&'static str, bool); 10] {
        [
            ("incidents", self.incidents),
            ("orders", self.orders),
            ("problems", self.problems),
            ("changes", self.changes),
            ("capacity", self.capacity),
            ("performance", self.performance),
            ("availability", self.availability),
            ("security", self.security),
            ("continuity", self.continuity),
            ("quality", self.quality),
        ]
    }
}

/// A loaded config with where it came from, the hash of its resolved form, and the
/// agreement's calendars, built once from it.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: SlaConfig,
    /// "embedded:ssbtek" or the path as given.
    pub origin: String,
    /// SHA-256 (hex) of the resolved config (canonical TOML of the parsed struct).
    pub sha256: String,
    /// The calendars of `config.calendar` (opening, support, providers).
    pub calendars: Calendars,
}

impl SlaConfig {
    /// A provider code with its name, "FK – Försäkringskassan", or the code alone when the
    /// config does not name it.
    pub fn provider_label(&self, code: &str) -> String {
        match self.providers.get(code.trim()) {
            Some(name) if !name.trim().is_empty() => format!("{} – {}", code.trim(), name.trim()),
            _ => code.to_string(),
        }
    }

    /// Parse and validate a config text. `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, ConfigError> {
        let config: SlaConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate(origin)?;
        Ok(config)
    }

    /// The embedded SSBTEK default.
    pub fn ssbtek() -> Self {
        Self::from_toml(SSBTEK_TOML, "embedded:ssbtek").expect("embedded config is valid")
    }

    /// The resolved config as canonical TOML (what `config --print` shows and what is hashed).
    pub fn to_canonical_toml(&self) -> String {
        toml::to_string(self).expect("config serialises")
    }

    fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        let bad = |key: &str, message: String| ConfigError::Invalid {
            origin: origin.to_string(),
            key: key.to_string(),
            message,
        };
        for eve in &self.calendar.closed_eves {
            if !crate::calendar::holidays::EVES.contains(&eve.as_str()) {
                return Err(bad(
                    "calendar.closed_eves",
                    format!(
                        "`{eve}`: expected one of {}",
                        crate::calendar::holidays::EVES.join(", ")
                    ),
                ));
            }
        }
        if self.calendar.working_day_seconds <= 0 || self.calendar.working_day_seconds > 86_400 {
            return Err(bad(
                "calendar.working_day_seconds",
                "must be between 1 and 86400".into(),
            ));
        }
        let weeks = [
            ("calendar.opening_hours", &self.calendar.opening_hours),
            ("calendar.support_hours", &self.calendar.support_hours),
        ];
        let providers = self
            .calendar
            .providers
            .iter()
            .map(|(name, w)| (format!("calendar.providers.{name}"), w));
        for (key, week) in weeks
            .into_iter()
            .map(|(k, w)| (k.to_string(), w))
            .chain(providers)
        {
            for (i, day) in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .enumerate()
            {
                if let Err(e) = crate::calendar::parse_day_intervals(week.day(i)) {
                    return Err(bad(&format!("{key}.{day}"), e));
                }
            }
        }
        for (key, list) in [
            ("calendar.extra_closed", &self.calendar.extra_closed),
            ("calendar.extra_open", &self.calendar.extra_open),
        ] {
            for (i, p) in list.iter().enumerate() {
                let s = crate::calendar::parse_local_datetime(&p.start);
                let e = crate::calendar::parse_local_datetime(&p.end);
                match (s, e) {
                    (Some(s), Some(e)) if s < e => {}
                    (Some(_), Some(_)) => {
                        return Err(bad(
                            &format!("{key}[{i}]"),
                            "end must be after start".into(),
                        ))
                    }
                    _ => {
                        return Err(bad(
                            &format!("{key}[{i}]"),
                            "start/end must be local times YYYY-MM-DDTHH:MM[:SS]".into(),
                        ))
                    }
                }
            }
        }
        for (key, share) in [
            ("availability.target", self.availability.target),
            (
                "performance.target_within_t90",
                self.performance.target_within_t90,
            ),
            ("precision.target", self.precision.target),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(bad(key, format!("{share} is not a share between 0 and 1")));
            }
        }
        for (key, v) in [
            (
                "availability.min_outage_seconds",
                self.availability.min_outage_seconds,
            ),
            (
                "availability.merge_gap_seconds",
                self.availability.merge_gap_seconds,
            ),
            (
                "availability.silence_min_seconds",
                self.availability.silence_min_seconds,
            ),
            (
                "availability.max_downtime_per_year_seconds",
                self.availability.max_downtime_per_year_seconds,
            ),
            ("performance.t90_base_ms", self.performance.t90_base_ms),
            ("performance.tmax_base_ms", self.performance.tmax_base_ms),
            (
                "performance.per_extra_person_ms",
                self.performance.per_extra_person_ms,
            ),
        ] {
            if v < 0 {
                return Err(bad(key, format!("{v} must not be negative")));
            }
            // A hundred years, in the key's unit: far above any agreement, and low enough that
            // the millisecond arithmetic on it cannot overflow (fuzz: an i64::MAX
            // yearly budget overflowed `* 1000`).
            let max = if key.ends_with("_ms") {
                HUNDRED_YEARS_SECONDS * 1000
            } else {
                HUNDRED_YEARS_SECONDS
            };
            if v > max {
                return Err(bad(key, format!("{v} is more than a hundred years")));
            }
        }
        if self.performance.max_persons == 0 {
            return Err(bad("performance.max_persons", "must be at least 1".into()));
        }
        for (kind, map) in [
            ("incident", &self.tickets.incident),
            ("problem", &self.tickets.problem),
        ] {
            for p in map.keys() {
                if !matches!(p.as_str(), "1" | "2" | "3" | "4") {
                    return Err(bad(
                        &format!("tickets.{kind}.{p}"),
                        "priority must be 1, 2, 3 or 4".into(),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl LoadedConfig {
    /// Load from a path, or the embedded default when `path` is None.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        Self::load_under(None, path)
    }

    /// [`Self::load`], a relative `path` read under `base` (when given) but recorded as given
    /// (`verify` re-reads a report's config without changing the working directory).
    pub fn load_under(base: Option<&Path>, path: Option<&Path>) -> anyhow::Result<Self> {
        let (text, origin) = match path {
            None => (SSBTEK_TOML.to_string(), "embedded:ssbtek".to_string()),
            Some(p) => {
                let at = match base {
                    Some(b) if p.is_relative() => b.join(p),
                    _ => p.to_path_buf(),
                };
                let text = std::fs::read_to_string(&at)
                    .map_err(|e| anyhow::anyhow!("cannot read config {}: {e}", at.display()))?;
                (text, p.display().to_string())
            }
        };
        let config = SlaConfig::from_toml(&text, &origin)?;
        Ok(Self::new(config, origin))
    }

    /// A validated config (see [`SlaConfig::from_toml`]) with its origin.
    pub fn new(config: SlaConfig, origin: String) -> Self {
        let sha256 = hex(&Sha256::digest(config.to_canonical_toml().as_bytes()));
        let calendars = Calendars::from_config(&config.calendar);
        Self {
            config,
            origin,
            sha256,
            calendars,
        }
    }

    /// The agreement's time zone.
    pub fn tz(&self) -> Tz {
        self.config.calendar.timezone
    }
}

/// Lower-case hex of a byte slice.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests;
