//! Mapping files (`--mapping FILE`: a TOML file with only `[inputs]`) and the static checks
//! of any `[inputs]` table (`mapping --check`, `config --check`): timestamp formats that can
//! read back a time, canonical column names, value maps and constants that land on an
//! accepted enum value (aliases are flagged: the canonical spelling is clearer).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::catalog::InputKind;
use super::catalog::{self, ColType};
use super::mapping::{check_format, preset_names, InputMapping, InputsConfig, Mappings};
use crate::config::hex;

/// What a report records about the mapping file it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRecord {
    /// The path as given on the command line.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// A loaded mapping file.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingFile {
    pub record: MappingRecord,
    pub inputs: InputsConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    inputs: InputsConfig,
}

/// Top-level keys of an SLA config (a mapping file holds none of them).
const CONFIG_KEYS: &[&str] = &[
    "agreement",
    "calendar",
    "availability",
    "performance",
    "precision",
    "capacity",
    "tickets",
    "changes",
    "continuity",
    "report",
];

impl MappingFile {
    /// Read and parse `path`. Errors name the file and say what a mapping file holds.
    pub fn load(path: &str) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read mapping file {path}: {e}"))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| anyhow::anyhow!("mapping file {path}: not UTF-8 text"))?;
        Ok(MappingFile {
            record: MappingRecord {
                path: path.to_string(),
                sha256: hex(&Sha256::digest(&bytes)),
            },
            inputs: parse(text, path)?,
        })
    }
}

/// Parse the text of a mapping file (`origin` names it in errors).
pub fn parse(text: &str, origin: &str) -> anyhow::Result<InputsConfig> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| anyhow::anyhow!("mapping file {origin}: {e}"))?;
    if let Some((key, value)) = table.iter().find(|(k, _)| *k != "inputs") {
        // `[tickets.columns]` at the top is a mapping without its `[inputs]`; `[tickets]` with
        // targets is a piece of an SLA config.
        let mapping_like = match key.as_str() {
            "calls" | "corrections" | "presets" => true,
            "tickets" | "changes" => value.as_table().is_some_and(|t| {
                t.keys().any(|k| {
                    matches!(
                        k.as_str(),
                        "columns"
                            | "constants"
                            | "values"
                            | "timestamp_format"
                            | "timestamp_formats"
                    )
                })
            }),
            _ => false,
        };
        if mapping_like {
            anyhow::bail!(
                "mapping file {origin}: top-level `{key}`: a mapping file holds only [inputs]; \
                 write it as [inputs.{key}] (e.g. [inputs.{key}.columns]); see `slareport \
                 mapping --example`"
            );
        }
        if CONFIG_KEYS.contains(&key.as_str()) {
            anyhow::bail!(
                "mapping file {origin}: `[{key}]` belongs in an SLA config (--config FILE); a \
                 mapping file holds only [inputs] (see `slareport mapping --example`)"
            );
        }
        anyhow::bail!(
            "mapping file {origin}: unknown top-level key `{key}`: a mapping file holds only \
             [inputs] (agreement settings go in an SLA config, --config FILE)"
        );
    }
    if !table.contains_key("inputs") {
        anyhow::bail!(
            "mapping file {origin}: no [inputs] table: expected e.g. [inputs.calls.columns] \
             (see `slareport mapping --example`)"
        );
    }
    let f: FileToml = toml::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "mapping file {origin}: {e}(the keys of [inputs.<input>] are listed by `slareport \
             mapping --example`)"
        )
    })?;
    Ok(f.inputs)
}

/// How serious a finding is: an error fails the check, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// The mapping a run used: the mapping file (if any) and the resolved mappings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MappingUsed {
    pub file: Option<MappingRecord>,
    pub resolved: Mappings,
}

/// One finding of [`lint`]: the TOML key at fault and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub key: String,
    pub message: String,
}

/// Static checks of an `[inputs]` table (`origin` prefixes the keys, e.g. `inputs`).
pub fn lint(cfg: &InputsConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    let known = preset_names();
    for p in &cfg.presets {
        if !known.contains(&p.as_str()) {
            out.push(Finding {
                level: Level::Error,
                key: "inputs.presets".into(),
                message: format!("unknown preset `{p}`: expected one of {}", known.join(", ")),
            });
        }
    }
    for kind in catalog::KINDS {
        let m = match kind {
            InputKind::Calls => &cfg.calls,
            InputKind::Tickets => &cfg.tickets,
            InputKind::Changes => &cfg.changes,
            InputKind::Corrections => &cfg.corrections,
        };
        if let Some(m) = m {
            lint_input(kind, m, &mut out);
        }
    }
    out
}

fn lint_input(kind: InputKind, m: &InputMapping, out: &mut Vec<Finding>) {
    let k = kind.as_str();
    let canon = catalog::spec(kind).canon;
    let mut err = |key: String, message: String| {
        out.push(Finding {
            level: Level::Error,
            key,
            message,
        })
    };
    for (table, keys) in [
        ("columns", m.columns.keys().collect::<Vec<_>>()),
        ("constants", m.constants.keys().collect()),
        ("values", m.values.keys().collect()),
        ("timestamp_formats", m.timestamp_formats.keys().collect()),
    ] {
        for c in keys {
            if !canon.contains(&c.as_str()) {
                err(
                    format!("inputs.{k}.{table}.{c}"),
                    format!(
                        "`{c}` is not a canonical column of {k}: expected one of {} (the key is \
                         the canonical column, the value your export's column)",
                        canon.join(", ")
                    ),
                );
            }
        }
    }
    for (i, f) in m.timestamp_format.iter().flatten().enumerate() {
        if let Err(e) = check_format(f) {
            err(format!("inputs.{k}.timestamp_format[{i}]"), e);
        }
    }
    for (c, fs) in &m.timestamp_formats {
        for (i, f) in fs.iter().enumerate() {
            if let Err(e) = check_format(f) {
                err(format!("inputs.{k}.timestamp_formats.{c}[{i}]"), e);
            }
        }
        if canon.contains(&c.as_str()) && catalog::col_type(kind, c) != ColType::Timestamp {
            err(
                format!("inputs.{k}.timestamp_formats.{c}"),
                format!("`{c}` is not a timestamp column of {k}"),
            );
        }
    }
    if let Some(tz) = &m.timezone {
        if tz.parse::<chrono_tz::Tz>().is_err() {
            err(
                format!("inputs.{k}.timezone"),
                format!("`{tz}` is not an IANA time zone name (expected e.g. Europe/Stockholm)"),
            );
        }
    }
    if let Err(e) = super::source::mapping_delimiter(m) {
        err(format!("inputs.{k}.delimiter"), e.to_string());
    }
    // Enum targets: value maps and constants must land on an accepted value.
    let mut targets: Vec<(String, &str, &str)> = Vec::new();
    for (c, map) in &m.values {
        for (from, to) in map {
            targets.push((format!("inputs.{k}.values.{c}.\"{from}\""), c, to));
        }
    }
    for (c, v) in &m.constants {
        targets.push((format!("inputs.{k}.constants.{c}"), c, v));
    }
    for (key, c, v) in targets {
        let Some(table) = catalog::col_type(kind, c).values() else {
            continue;
        };
        match catalog::lookup(table, v) {
            None => out.push(Finding {
                level: Level::Error,
                key,
                message: format!(
                    "`{v}` is not an accepted {c}: expected one of {}",
                    catalog::describe(table)
                ),
            }),
            Some(i) if table[i].canonical != v.trim() => out.push(Finding {
                level: Level::Warning,
                key,
                message: format!(
                    "`{v}` is accepted as an alias of the canonical {c} `{}`; write `{}`",
                    table[i].canonical, table[i].canonical
                ),
            }),
            Some(_) => {}
        }
    }
    lint_fold_rules_encoding(kind, m, out);
}

/// The keys of folded exports, derived statuses and text encodings.
fn lint_fold_rules_encoding(kind: InputKind, m: &InputMapping, out: &mut Vec<Finding>) {
    let k = kind.as_str();
    let mut err = |key: String, message: String| {
        out.push(Finding {
            level: Level::Error,
            key,
            message,
        })
    };
    if let Err(e) = super::encoding::Declared::of(kind, m) {
        err(format!("inputs.{k}.encoding"), e.to_string());
    }
    if let Some(f) = &m.fold {
        match kind {
            InputKind::Calls => err(
                format!("inputs.{k}.fold"),
                "calls are not folded (one row is one call)".into(),
            ),
            InputKind::Tickets if f.event_time.is_none() || f.state.is_none() => err(
                format!("inputs.{k}.fold"),
                "a ticket fold needs `event_time` and `state`".into(),
            ),
            InputKind::Changes | InputKind::Corrections if f.has_states() => err(
                format!("inputs.{k}.fold"),
                "`state` and the `*_states` keys are for ticket event logs".into(),
            ),
            _ => {}
        }
    }
    if m.status_rules.is_some() {
        if kind == InputKind::Changes {
            if let Err(e) = super::changes::StatusRules::new(m) {
                err(format!("inputs.{k}.status_rules"), e.to_string());
            }
        } else {
            err(
                format!("inputs.{k}.status_rules"),
                "status rules derive the status of changes only".into(),
            );
        }
    }
}

/// The findings as lines (`error: key: message`), errors first.
pub fn render(origin: &str, findings: &[Finding]) -> String {
    let mut f: Vec<&Finding> = findings.iter().collect();
    f.sort_by(|a, b| a.level.cmp(&b.level).then(a.key.cmp(&b.key)));
    f.iter()
        .map(|x| {
            let level = match x.level {
                Level::Error => "error",
                Level::Warning => "warning",
            };
            format!("{level}: {origin}: key `{}`: {}\n", x.key, x.message)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_checked_by_reading_back() {
        for ok in [
            "iso",
            "epoch_ms",
            "epoch_s",
            "%d/%b/%y %I:%M %p",
            "%Y-%m-%d %H:%M",
            "%d-%m-%Y",
            "%Y-%m-%dT%H:%M:%S%z",
        ] {
            assert_eq!(check_format(ok), Ok(()), "{ok}");
        }
        let e = check_format("bogus").unwrap_err();
        assert!(
            e.contains("not a timestamp format") && e.contains("epoch_ms"),
            "{e}"
        );
        let e = check_format("%Y-%Q").unwrap_err();
        assert!(e.contains("unknown % field"), "{e}");
        let e = check_format("%H:%M").unwrap_err();
        assert!(e.contains("cannot read a time back"), "{e}");
    }

    #[test]
    fn lint_flags_keys_formats_and_enum_targets() {
        let cfg: InputsConfig = toml::from_str(
            r#"
            presets = ["jira", "nope"]
            [tickets]
            timestamp_format = ["bogus", "iso"]
            [tickets.columns]
            ticket = "Key"
            [tickets.values.priority]
            "Highest" = "critical"
            "Blocker" = "urgent"
            "P3" = "3"
            [tickets.constants]
            type = "incident"
            "#,
        )
        .unwrap();
        let f = lint(&cfg);
        let keys: Vec<(Level, &str)> = f.iter().map(|x| (x.level, x.key.as_str())).collect();
        assert_eq!(
            keys,
            [
                (Level::Error, "inputs.presets"),
                (Level::Error, "inputs.tickets.columns.ticket"),
                (Level::Error, "inputs.tickets.timestamp_format[0]"),
                (Level::Error, "inputs.tickets.values.priority.\"Blocker\""),
                (Level::Warning, "inputs.tickets.values.priority.\"Highest\""),
            ]
        );
        assert!(f[3]
            .message
            .contains("expected one of 1 (kritisk, critical)"));
        assert!(f[4].message.contains("canonical priority `1`"));
    }

    #[test]
    fn a_mapping_file_holds_only_inputs() {
        let e = parse("[calls.columns]\ncall_id = \"id\"\n", "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("write it as [inputs.calls]"), "{e}");
        let e = parse("[agreement]\nname = \"x\"\n", "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("belongs in an SLA config"), "{e}");
        let e = parse("[inputs.calls]\ntimestamp_fromat = [\"iso\"]\n", "m.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("timestamp_fromat") && e.contains("m.toml"),
            "{e}"
        );
        let ok = parse("[inputs.calls.columns]\ncall_id = \"id\"\n", "m.toml").unwrap();
        assert!(ok.calls.is_some());
    }
}
