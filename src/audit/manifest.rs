//! manifest.json: what a report was made from, so that `verify` can make it again.

use serde::{Deserialize, Serialize};

use crate::config::LoadedConfig;
use crate::inputs::{FileStats, Inputs};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub manifest_version: u32,
    pub tool: ToolInfo,
    pub month: String,
    pub lang: String,
    pub formats: Vec<String>,
    pub presets: Vec<String>,
    pub config: ConfigInfo,
    pub inputs: Vec<ManifestInput>,
    /// Output file name → SHA-256 of its bytes (manifest.json itself excluded).
    pub outputs: std::collections::BTreeMap<String, String>,
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
        }
    }
}

impl Manifest {
    /// The manifest of a run, before its outputs are known (`outputs` empty).
    pub fn new(
        inputs: &Inputs,
        config: &LoadedConfig,
        month: &str,
        lang: &str,
        formats: Vec<String>,
        presets: Vec<String>,
    ) -> Self {
        Manifest {
            manifest_version: 1,
            tool: ToolInfo {
                name: "slareport".into(),
                version: crate::VERSION.into(),
                git_revision: crate::GIT_REV.into(),
                tzdb: format!("chrono-tz {}", chrono_tz::IANA_TZDB_VERSION),
            },
            month: month.into(),
            lang: lang.into(),
            formats,
            presets,
            config: ConfigInfo {
                origin: config.origin.clone(),
                name: config.config.agreement.name.clone(),
                version: config.config.agreement.version.clone(),
                sha256: config.sha256.clone(),
            },
            inputs: inputs.files.iter().map(ManifestInput::from).collect(),
            outputs: Default::default(),
        }
    }
}
