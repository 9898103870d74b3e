//! manifest.json: what a report was made from, so that `verify` can make it again: every input
//! file (path as given, size, rows read / used / rejected, SHA-256), the config (origin, name,
//! version, SHA-256 of the resolved config), the presets, the tool (version, git revision,
//! time-zone database), the month, language and formats, the SHA-256 of every output, and the
//! archive PDF that embeds the manifest (version 2; version 1 manifests have no `archive`), and
//! for a restated report the version it replaces.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::config::LoadedConfig;
use crate::inputs::{FileStats, InputFiles, Inputs};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub manifest_version: u32,
    pub tool: ToolInfo,
    /// `YYYY-MM` on disk; parsed when the manifest is read.
    pub month: Month,
    pub lang: String,
    pub formats: Vec<String>,
    pub presets: Vec<String>,
    /// The mapping file (`--mapping`), if one was used: path as given and SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<crate::inputs::mapfile::MappingRecord>,
    pub config: ConfigInfo,
    pub inputs: Vec<ManifestInput>,
    /// Output file name → SHA-256 of its bytes (manifest.json itself and the archive PDF
    /// that embeds it excluded: see [`Archive`]).
    pub outputs: std::collections::BTreeMap<String, String>,
    /// The PDF that embeds this manifest and the other evidence, when a PDF was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Archive>,
    /// A restated report: the version it replaces (kept in `versions/N/`), that version's
    /// manifest SHA-256, and why (see [`super::restate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restates: Option<Restatement>,
    /// The archive of earlier months the year's figures were taken from (`--history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryRecord>,
}

/// `--history DIR`: the folder as given and each archived month used, with the SHA-256 of its
/// metrics.json and manifest.json (what `verify` checks again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// The folder as given on the command line.
    pub dir: String,
    /// `--strict-history`.
    pub strict: bool,
    pub months: Vec<HistoryMonth>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryMonth {
    pub month: Month,
    /// The month's folder (or PDF) relative to `dir`.
    pub path: String,
    pub metrics_sha256: String,
    pub manifest_sha256: String,
}

/// The archive PDF (PDF/A-3) that embeds this manifest byte for byte. A manifest inside a
/// file cannot record that file's hash, so report.pdf is not in `outputs`; `verify` makes the
/// PDF again and compares it byte for byte instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    /// The PDF's file name (`report.pdf`).
    pub file: String,
    /// The files it embeds, each byte-identical to the file of that name beside it. A
    /// rejected.csv too large to embed (M12.8) is left out: it is only beside the PDF, its
    /// SHA-256 in `outputs`.
    pub embeds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
    pub git_revision: String,
    pub tzdb: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigInfo {
    /// "embedded:ssbtek" or the path as given.
    pub origin: String,
    pub name: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestInput {
    pub input: String,
    /// The path as given on the command line (after glob expansion).
    pub path: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    /// The text encoding the file was read in, when its mapping names one (absent: UTF-8).
    /// `verify` re-reads with the recorded mapping, and so in the same encoding; a different
    /// one shows as a difference of this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl From<&FileStats> for ManifestInput {
    fn from(f: &FileStats) -> Self {
        ManifestInput {
            input: f.input.clone(),
            path: f.path.clone(),
            size_bytes: f.size_bytes,
            sha256: f.sha256.clone(),
            rows_read: f.rows_read,
            rows_used: f.rows_used,
            rows_rejected: f.rows_rejected,
            encoding: f.encoding.clone(),
        }
    }
}

impl Manifest {
    /// The manifest of a run, before its outputs are known (`outputs` empty).
    pub fn new(
        inputs: &Inputs,
        config: &LoadedConfig,
        month: Month,
        lang: &str,
        formats: Vec<String>,
        presets: Vec<String>,
    ) -> Self {
        Manifest {
            manifest_version: 2,
            tool: ToolInfo {
                name: "slareport".into(),
                version: crate::VERSION.into(),
                git_revision: crate::GIT_REV.into(),
                tzdb: format!("chrono-tz {}", chrono_tz::IANA_TZDB_VERSION),
            },
            month,
            lang: lang.into(),
            formats,
            presets,
            mapping: inputs.mapping.file.clone(),
            config: ConfigInfo {
                origin: config.origin.clone(),
                name: config.config.agreement.name.clone(),
                version: config.config.agreement.version.clone(),
                sha256: config.sha256.clone(),
            },
            inputs: inputs.files.iter().map(ManifestInput::from).collect(),
            outputs: Default::default(),
            archive: None,
            restates: None,
            history: None,
        }
    }
}

/// The config origin of the embedded default.
pub const EMBEDDED_CONFIG: &str = "embedded:ssbtek";

impl Manifest {
    /// Read and parse `path` (a report's manifest.json).
    pub fn read(path: &std::path::Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: line {}, column {}: not a slareport manifest: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })
    }

    /// The input files that name the same files (paths as recorded) and presets.
    pub fn input_files(&self) -> anyhow::Result<InputFiles> {
        let mut args = InputFiles {
            preset: self.presets.clone(),
            mapping: self.mapping.as_ref().map(|m| m.path.clone().into()),
            ..Default::default()
        };
        for i in &self.inputs {
            let list = match i.input.as_str() {
                "calls" => &mut args.calls,
                "tickets" => &mut args.tickets,
                "changes" => &mut args.changes,
                "corrections" => &mut args.corrections,
                other => anyhow::bail!("manifest: unknown input kind `{other}` for {}", i.path),
            };
            list.push(i.path.clone());
        }
        Ok(args)
    }
}

/// What a restated report records about the version it replaces, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Restatement {
    /// The version replaced: its files are in `versions/{replaces}/` of the report folder.
    pub replaces: u32,
    /// `versions/{replaces}`.
    pub folder: String,
    /// SHA-256 of the replaced version's manifest.json.
    pub manifest_sha256: String,
    /// The replaced version's report date (`YYYY-MM-DD`, from its data).
    pub report_date: String,
    /// The corrections the replaced version applied (ids).
    pub corrections: Vec<String>,
    /// The replaced version's config hash and tool.
    pub config_sha256: String,
    pub tool: String,
    /// The replaced version's inputs: kind, path as given, SHA-256.
    pub inputs: Vec<[String; 3]>,
    /// Derived: corrections this version applies that the replaced one did not.
    #[serde(default)]
    pub corrections_new: Vec<String>,
    /// Derived: corrections the replaced version applied that this one does not.
    #[serde(default)]
    pub corrections_removed: Vec<String>,
    /// Derived: the config differs from the replaced version's.
    #[serde(default)]
    pub config_changed: bool,
    /// Derived: the tool differs (name, version, revision).
    #[serde(default)]
    pub tool_changed: bool,
    /// Derived: inputs (kind and path) that are new or whose bytes differ, corrections aside.
    #[serde(default)]
    pub inputs_changed: Vec<String>,
}

/// The tool as one string: name, version and revision.
pub fn tool_text(t: &ToolInfo) -> String {
    format!("{} {} ({})", t.name, t.version, t.git_revision)
}

impl Restatement {
    /// Fill in the reasons, from this run's manifest (before its outputs) and the ids of the
    /// corrections it applies.
    pub fn derive(&mut self, m: &Manifest, corrections: &[String]) {
        self.corrections_new = corrections
            .iter()
            .filter(|c| !self.corrections.contains(c))
            .cloned()
            .collect();
        self.corrections_removed = self
            .corrections
            .iter()
            .filter(|c| !corrections.contains(c))
            .cloned()
            .collect();
        self.config_changed = m.config.sha256 != self.config_sha256;
        self.tool_changed = tool_text(&m.tool) != self.tool;
        self.inputs_changed = m
            .inputs
            .iter()
            .filter(|i| i.input != "corrections")
            .filter(|i| {
                !self
                    .inputs
                    .iter()
                    .any(|[k, p, s]| *k == i.input && *p == i.path && *s == i.sha256)
            })
            .map(|i| format!("{} {}", i.input, i.path))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            manifest_version: 1,
            tool: ToolInfo {
                name: "slareport".into(),
                version: "0.1.0".into(),
                git_revision: "abc".into(),
                tzdb: "chrono-tz 2025b".into(),
            },
            month: "2026-03".parse().unwrap(),
            lang: "en".into(),
            formats: vec!["html".into(), "json".into()],
            presets: vec!["canonical".into()],
            mapping: Some(crate::inputs::mapfile::MappingRecord {
                path: "my-mapping.toml".into(),
                sha256: "ab".into(),
            }),
            config: ConfigInfo {
                origin: EMBEDDED_CONFIG.into(),
                name: "SSBTEK".into(),
                version: "2026.1".into(),
                sha256: "00".into(),
            },
            inputs: ["calls", "calls", "tickets"]
                .iter()
                .enumerate()
                .map(|(i, k)| ManifestInput {
                    input: (*k).into(),
                    path: format!("in/{i}.csv"),
                    size_bytes: 1,
                    sha256: "ff".into(),
                    rows_read: 1,
                    rows_used: 1,
                    rows_rejected: 0,
                    encoding: None,
                })
                .collect(),
            outputs: Default::default(),
            archive: None,
            restates: None,
            history: None,
        }
    }

    #[test]
    fn round_trips_and_rebuilds_the_request() {
        let m = sample();
        let text = serde_json::to_string_pretty(&m).unwrap();
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, m);
        let args = m.input_files().unwrap();
        assert_eq!(args.calls, ["in/0.csv", "in/1.csv"]);
        assert_eq!(args.tickets, ["in/2.csv"]);
        assert!(args.changes.is_empty());
        assert_eq!(args.preset, ["canonical"]);
        assert_eq!(args.mapping, Some("my-mapping.toml".into()));
    }

    #[test]
    fn unknown_values_are_errors() {
        let mut m = sample();
        m.inputs[0].input = "logs".into();
        assert!(m.input_files().is_err());
    }

    #[test]
    fn read_names_the_file_and_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("manifest.json");
        std::fs::write(&p, "{\n  \"manifest_version\": \"x\"\n}").unwrap();
        let e = Manifest::read(&p).unwrap_err().to_string();
        assert!(e.contains("manifest.json: line 2"), "{e}");
        assert!(Manifest::read(&dir.path().join("none.json")).is_err());
        // The month is parsed once, when the manifest is read.
        let mut v = serde_json::to_value(sample()).unwrap();
        v["month"] = "2026-13".into();
        std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
        let e = Manifest::read(&p).unwrap_err().to_string();
        assert!(e.contains("expected YYYY-MM"), "{e}");
    }
}
