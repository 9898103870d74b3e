//! The `[inputs]` table of the SLA config (also the whole of a mapping file, and of a preset
//! per input): column and value maps, timestamp formats, filters and event-log folding, as
//! read from TOML. How they are resolved and applied is `inputs::mapping`'s business; the
//! types live here so that the config needs nothing from the inputs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The `[inputs]` table of the SLA config.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InputsConfig {
    /// Presets applied when no `--preset` is given on the command line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<InputMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets: Option<InputMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<InputMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrections: Option<InputMapping>,
}

/// One or several source columns for a canonical column. With several, the first whose value
/// is non-empty (and, for enums, recognised) wins.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Source {
    One(String),
    Many(Vec<String>),
}

impl Source {
    pub fn names(&self) -> Vec<String> {
        match self {
            Source::One(s) => vec![s.clone()],
            Source::Many(v) => v.clone(),
        }
    }
}

/// How rows are folded into one record per id.
///
/// Tickets (event logs): rows are grouped by the mapped `ticket_id`; within a group events are
/// ordered by (`event_time`, line). For each of `registered_at`, `responded_at`,
/// `resolved_at`, `closed_at`: when `<column>_states` is given, it is the time of the first
/// event whose `state` is one of them (`registered_at` with no states: the first event, unless
/// the column is mapped); otherwise the mapped column's value on the last row where it is
/// non-empty. Every other column takes its value from the last row where it is non-empty.
/// Tickets need `event_time` and `state`.
///
/// Changes and corrections (one row per affected item): rows are grouped by the id; the rule
/// that merges a group is the input's own (`inputs::changes::merge`,
/// `inputs::corrections::merge`). `event_time`, if given, orders a group's rows before the
/// merge (else file order); the states are for tickets only.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FoldConfig {
    /// Source column with the event's time (tickets: required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<String>,
    /// Source column(s) with the state after the event; several are joined with `-`
    /// (tickets: required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registered_states: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responded_states: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_states: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed_states: Vec<String>,
}

impl FoldConfig {
    /// Are any ticket-only keys (states) set?
    pub fn has_states(&self) -> bool {
        self.state.is_some()
            || !self.registered_states.is_empty()
            || !self.responded_states.is_empty()
            || !self.resolved_states.is_empty()
            || !self.closed_states.is_empty()
    }
}

/// One rule of `status_rules` (changes): the status of a change whose own `status` is empty.
/// Rules are tried in order; the first whose `when_set` column is non-empty on the change
/// (a rule without `when_set` always applies) gives `status`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// A canonical status (`planned`, `in_progress`, `completed`, `failed`, `cancelled`).
    pub status: String,
    /// A canonical column of the input; the rule applies when it is non-empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_set: Option<String>,
}

/// The mapping of one input.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InputMapping {
    /// canonical column ← source column(s). Unmapped canonical columns are looked up under
    /// their own name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Source>,
    /// canonical column → a constant value for every row (overrides `columns`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constants: BTreeMap<String, String>,
    /// canonical column → (source value → canonical value). Keys match trimmed and
    /// case-insensitively; a key ending in `*` matches by prefix. Unmatched values pass through.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Timestamp formats tried in order for every timestamp column of the input:
    /// `iso`, `epoch_ms`, `epoch_s`, or a chrono strftime pattern. Default `["iso"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<Vec<String>>,
    /// Per canonical column, overriding `timestamp_format`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timestamp_formats: BTreeMap<String, Vec<String>>,
    /// Source values that mean "empty" (e.g. `?`, `null`), matched after trimming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_values: Option<Vec<String>>,
    /// CSV delimiter (one character, `\t` for tab). Default: sniffed from the header line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Column names for CSV files without a header row. Used when the first line holds none
    /// of the mapped required source columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headerless_columns: Option<Vec<String>>,
    /// IANA time zone of naive timestamps in this input (default: the calendar's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Keep only rows whose source column has one of the listed values (trimmed,
    /// case-insensitive, `*` suffix = prefix). Other rows are rejected as `excluded by filter`
    /// (never dropped silently). E.g. k6's `metric_name = ["http_req_duration"]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub include: BTreeMap<String, Vec<String>>,
    /// Calls: `responded_at = received_at + <this column>` in milliseconds (JMeter `elapsed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded_from_elapsed_ms: Option<String>,
    /// Calls: synthesise `call_id` as `<file name>:<line>` (logs without ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_from_row: Option<bool>,
    /// Fold several rows per id into one record: tickets (event logs), changes and
    /// corrections (one row per affected item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<FoldConfig>,
    /// Changes: derive `status` from the data where the row has none (see [`StatusRule`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_rules: Option<Vec<StatusRule>>,
    /// Text encoding of CSV and NDJSON files (a WHATWG label: `windows-1252`, `iso-8859-1`,
    /// `utf-16le`, `utf-8`, …). Unset: UTF-8 (with or without BOM), and a file that is not
    /// UTF-8 is an error naming its likely encoding. `utf-8` set explicitly: records that are
    /// not UTF-8 are rejected row by row instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Canonical columns mapped by the user (not a preset): their source must exist in the
    /// file. Filled when the mappings are resolved (`inputs::mapping::Mappings::resolve`).
    #[serde(skip)]
    pub strict: BTreeSet<String>,
}

impl InputMapping {
    /// Lay `other` over `self`: maps merge key by key, scalars replace.
    pub fn overlay(&mut self, other: &InputMapping) {
        self.columns
            .extend(other.columns.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.constants
            .extend(other.constants.iter().map(|(k, v)| (k.clone(), v.clone())));
        for (col, map) in &other.values {
            self.values
                .entry(col.clone())
                .or_default()
                .extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        for (col, vals) in &other.include {
            self.include.insert(col.clone(), vals.clone());
        }
        self.timestamp_formats.extend(
            other
                .timestamp_formats
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        macro_rules! replace {
            ($($f:ident),*) => {$(
                if other.$f.is_some() {
                    self.$f = other.$f.clone();
                }
            )*};
        }
        replace!(
            timestamp_format,
            null_values,
            timezone,
            delimiter,
            headerless_columns,
            responded_from_elapsed_ms,
            id_from_row,
            fold,
            status_rules,
            encoding
        );
    }
}
