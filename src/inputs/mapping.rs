//! Column and value mapping from a real export's columns into the canonical columns of M2.4,
//! and the named presets shipped in the binary.
//!
//! A mapping is given per input (`[inputs.calls]`, `[inputs.tickets]`, …) in a mapping file
//! (`--mapping FILE`, a TOML file with only `[inputs]`), in the SLA config, or in a preset
//! (TOML under `src/inputs/presets/`). Resolution order, later wins per key: the built-in
//! `canonical` identity, then each preset in order (from `--preset`, or else from
//! `inputs.presets` of the mapping file, or else of the config), then the config's own
//! `[inputs.<input>]` sections, then the mapping file's. Maps (`columns`, `constants`,
//! `values`, `timestamp_formats`, `include`) merge key by key; scalars replace.
//!
//! A column mapped by the user (config or mapping file) must exist in every file of its input:
//! a misspelt source name is an error, never a silently empty column. Columns mapped by a
//! preset may be absent (presets list the alternatives several exports use).
//!
//! An example (a Swedish ticket tool's export, read in UTC):
//!
//! ```toml
//! [inputs]
//! presets = []                       # or e.g. ["servicenow"]; --preset overrides this list
//!
//! [inputs.tickets]
//! timestamp_format = ["%Y-%m-%d %H:%M", "iso"]   # tried in order; also epoch_ms, epoch_s
//! timezone = "UTC"                   # zone of naive times (default: the calendar's)
//! null_values = ["?", "-"]           # texts that mean "empty"
//! delimiter = ";"                    # default: sniffed from the header line
//!
//! [inputs.tickets.columns]           # canonical column = source column(s)
//! ticket_id = "Nr"
//! registered_at = "Skapad"
//! responded_at = ["Påbörjad", "Started"]          # the first non-empty one
//!
//! [inputs.tickets.constants]         # the same value on every row
//! type = "incident"
//!
//! [inputs.tickets.values.priority]   # source value = canonical value (trimmed, any case;
//! "P1 - Akut" = "1"                  #   a key ending in * matches by prefix)
//! "P2*" = "2"
//!
//! [inputs.tickets.timestamp_formats] # per column, overriding timestamp_format
//! closed_at = ["%d/%m/%Y"]
//!
//! [inputs.calls.include]             # keep rows whose column has one of these values;
//! kind = ["request"]                 #   others are rejected as `excluded by filter`
//! ```
//!
//! Input-specific keys: calls `responded_from_elapsed_ms` (responded = received + that column)
//! and `id_from_row` (`<file>:<line>` ids); CSV `headerless_columns`; tickets `fold` (event
//! logs, see [`FoldConfig`] and `super::fold`); changes and corrections `fold` (several rows per
//! id, `super::foldrows`); changes `status_rules`; every input `encoding` (`super::encoding`).

use serde::Deserialize;

use super::catalog::InputKind;
// The mapping's types are the config's `[inputs]` table (the config sits below the inputs).
pub use crate::config::inputs::{FoldConfig, InputMapping, InputsConfig, Source};

/// One preset file: a name, a description, and mappings for the inputs it knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub calls: Option<InputMapping>,
    #[serde(default)]
    pub tickets: Option<InputMapping>,
    #[serde(default)]
    pub changes: Option<InputMapping>,
    #[serde(default)]
    pub corrections: Option<InputMapping>,
}

/// The built-in presets: (name, TOML text).
pub const PRESETS: &[(&str, &str)] = &[
    ("canonical", include_str!("presets/canonical.toml")),
    ("servicenow", include_str!("presets/servicenow.toml")),
    (
        "servicenow-eventlog",
        include_str!("presets/servicenow-eventlog.toml"),
    ),
    ("bpi2013", include_str!("presets/bpi2013.toml")),
    ("bpi2014", include_str!("presets/bpi2014.toml")),
    ("jmeter", include_str!("presets/jmeter.toml")),
    ("k6", include_str!("presets/k6.toml")),
    ("jira", include_str!("presets/jira.toml")),
    ("topdesk", include_str!("presets/topdesk.toml")),
];

/// The names of the built-in presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

/// The presets that map input `kind`.
pub fn presets_for(kind: InputKind) -> Vec<&'static str> {
    PRESETS
        .iter()
        .filter(|(name, _)| {
            preset(name).is_ok_and(|p| {
                match kind {
                    InputKind::Calls => p.calls,
                    InputKind::Tickets => p.tickets,
                    InputKind::Changes => p.changes,
                    InputKind::Corrections => p.corrections,
                }
                .is_some()
            })
        })
        .map(|(n, _)| *n)
        .collect()
}

/// The named timestamp formats and the syntax of patterns, as errors and help show them.
pub const FORMAT_SYNTAX: &str = "`iso` (RFC 3339, offset optional), `epoch_ms` (integer \
     milliseconds since 1970-01-01T00:00:00Z), `epoch_s` (seconds, a fraction allowed), or a \
     chrono strftime pattern such as `%d/%m/%Y %H:%M` (%Y year, %y two-digit year, %m month, \
     %b Jan…Dec, %d day, %H 00-23, %I 1-12 with %p AM/PM, %M minute, %S second, %.3f \
     fraction, %z offset +0100)";

/// Check one timestamp format: `Err` says why it cannot work.
pub fn check_format(f: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    if matches!(f, "iso" | "rfc3339" | "epoch_ms" | "epoch_s") {
        return Ok(());
    }
    if !f.contains('%') {
        return Err(format!(
            "`{f}` is not a timestamp format: expected {FORMAT_SYNTAX}"
        ));
    }
    if StrftimeItems::new(f).any(|i| matches!(i, Item::Error)) {
        return Err(format!(
            "`{f}` is not a valid strftime pattern (an unknown % field): expected {FORMAT_SYNTAX}"
        ));
    }
    // It must read back what it writes: a pattern without a date cannot place a time.
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T21:45:07.250+01:00").expect("fixed");
    let mut text = String::new();
    use std::fmt::Write as _;
    if write!(text, "{}", t.format(f)).is_err() {
        return Err(format!(
            "`{f}` cannot format a time: expected {FORMAT_SYNTAX}"
        ));
    }
    let mut p = crate::calendar::timestamp::TimestampParser::new(
        chrono_tz::UTC,
        crate::config::NonexistentPolicy::ShiftForward,
        crate::config::AmbiguousPolicy::Earliest,
        vec![crate::calendar::timestamp::TsFormat::from_name(f)],
    );
    match p.parse(&text) {
        Ok(_) => Ok(()),
        Err(_) => Err(format!(
            "`{f}` cannot read a time back (it wrote `{text}` and could not parse it): a pattern \
             needs at least a year, month and day (%Y or %y, %m or %b, %d)"
        )),
    }
}

/// Parse a built-in preset by name.
pub fn preset(name: &str) -> anyhow::Result<Preset> {
    let (_, text) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown preset `{name}`: expected one of {}",
            preset_names().join(", ")
        )
    })?;
    let p: Preset = toml::from_str(text)
        .map_err(|e| anyhow::anyhow!("built-in preset `{name}` is invalid: {e}"))?;
    Ok(p)
}

/// The resolved mappings of all four inputs and the presets that made them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mappings {
    pub calls: InputMapping,
    pub tickets: InputMapping,
    pub changes: InputMapping,
    pub corrections: InputMapping,
    /// The presets applied, in order.
    pub presets: Vec<String>,
}

impl Mappings {
    /// Resolve: `cli_presets` if non-empty, else the mapping file's `presets` if non-empty,
    /// else the config's; then the config's own sections, then the mapping file's, on top.
    pub fn resolve(
        cli_presets: &[String],
        cfg: Option<&InputsConfig>,
        file: Option<&InputsConfig>,
    ) -> anyhow::Result<Self> {
        let empty = InputsConfig::default();
        let cfg = cfg.unwrap_or(&empty);
        let names: Vec<String> = if !cli_presets.is_empty() {
            cli_presets.to_vec()
        } else if let Some(f) = file.filter(|f| !f.presets.is_empty()) {
            f.presets.clone()
        } else {
            cfg.presets.clone()
        };
        let mut m = Mappings::default();
        for name in &names {
            let p = preset(name)?;
            m.overlay(
                p.calls.as_ref(),
                p.tickets.as_ref(),
                p.changes.as_ref(),
                p.corrections.as_ref(),
            );
        }
        for user in std::iter::once(cfg).chain(file) {
            m.overlay(
                user.calls.as_ref(),
                user.tickets.as_ref(),
                user.changes.as_ref(),
                user.corrections.as_ref(),
            );
            for (dst, src) in [
                (&mut m.calls, &user.calls),
                (&mut m.tickets, &user.tickets),
                (&mut m.changes, &user.changes),
                (&mut m.corrections, &user.corrections),
            ] {
                if let Some(src) = src {
                    dst.strict.extend(src.columns.keys().cloned());
                }
            }
        }
        m.presets = if names.is_empty() {
            vec!["canonical".to_string()]
        } else {
            names
        };
        Ok(m)
    }

    fn overlay(
        &mut self,
        calls: Option<&InputMapping>,
        tickets: Option<&InputMapping>,
        changes: Option<&InputMapping>,
        corrections: Option<&InputMapping>,
    ) {
        for (dst, src) in [
            (&mut self.calls, calls),
            (&mut self.tickets, tickets),
            (&mut self.changes, changes),
            (&mut self.corrections, corrections),
        ] {
            if let Some(src) = src {
                dst.overlay(src);
            }
        }
    }

    pub fn get(&self, kind: InputKind) -> &InputMapping {
        match kind {
            InputKind::Calls => &self.calls,
            InputKind::Tickets => &self.tickets,
            InputKind::Changes => &self.changes,
            InputKind::Corrections => &self.corrections,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses() {
        for name in preset_names() {
            let p = preset(name).unwrap();
            assert_eq!(p.name, name);
        }
    }

    #[test]
    fn the_documented_example_parses() {
        let src = include_str!("mapping.rs");
        let block: String = src
            .lines()
            .skip_while(|l| !l.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|l| !l.starts_with("//! ```"))
            .map(|l| format!("{}\n", l.strip_prefix("//!").unwrap_or(l).trim_start()))
            .collect();
        let doc: toml::Table = toml::from_str(&block).unwrap();
        let cfg: InputsConfig = doc["inputs"].clone().try_into().unwrap();
        let t = cfg.tickets.unwrap();
        assert_eq!(t.timezone.as_deref(), Some("UTC"));
        assert_eq!(t.values["priority"]["P2*"], "2");
        assert_eq!(
            cfg.calls.unwrap().include["kind"],
            vec!["request".to_string()]
        );
    }

    #[test]
    fn unknown_preset_lists_the_known_ones() {
        let e = preset("nope").unwrap_err().to_string();
        assert!(e.contains("canonical"), "{e}");
    }

    #[test]
    fn config_overlays_key_by_key() {
        let cfg: InputsConfig = toml::from_str(
            r#"
            [calls.columns]
            call_id = "id"
            [calls.values.result]
            "200" = "ok"
            "#,
        )
        .unwrap();
        let m = Mappings::resolve(&[], Some(&cfg), None).unwrap();
        assert_eq!(m.calls.columns["call_id"], Source::One("id".into()));
        assert_eq!(m.calls.values["result"]["200"], "ok");
        assert_eq!(m.presets, vec!["canonical".to_string()]);
        assert!(m.calls.strict.contains("call_id"));
    }

    #[test]
    fn the_mapping_file_lays_over_the_config_and_picks_presets() {
        let cfg: InputsConfig = toml::from_str(
            r#"
            presets = ["servicenow"]
            [calls.columns]
            call_id = "id"
            result = "status"
            "#,
        )
        .unwrap();
        let file: InputsConfig = toml::from_str(
            r#"
            presets = ["jira"]
            [calls.columns]
            call_id = "requestId"
            "#,
        )
        .unwrap();
        let m = Mappings::resolve(&[], Some(&cfg), Some(&file)).unwrap();
        assert_eq!(m.presets, ["jira"]);
        assert_eq!(m.calls.columns["call_id"], Source::One("requestId".into()));
        assert_eq!(m.calls.columns["result"], Source::One("status".into()));
        // Jira's columns are a preset's: not strict; the user's are.
        assert!(!m.tickets.strict.contains("ticket_id"));
        assert_eq!(
            m.calls.strict.iter().collect::<Vec<_>>(),
            ["call_id", "result"]
        );
        let m = Mappings::resolve(&["k6".into()], Some(&cfg), Some(&file)).unwrap();
        assert_eq!(m.presets, ["k6"]);
    }
}
