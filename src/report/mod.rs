//! The report model: everything a renderer shows, already formatted for the chosen language
//! (SPEC §5, §7). Renderers do no arithmetic; this is the only thing they see.

use serde::Serialize;

use crate::audit::Manifest;
use crate::cli::Lang;
use crate::config::LoadedConfig;
use crate::inputs::Inputs;
use crate::metrics::Metrics;

/// The monthly report, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    pub lang: Lang,
    pub title: String,
}

impl ReportModel {
    pub fn build(
        metrics: &Metrics,
        inputs: &Inputs,
        config: &LoadedConfig,
        manifest: &Manifest,
        lang: Lang,
    ) -> anyhow::Result<Self> {
        let _ = (metrics, inputs, config, manifest);
        Ok(ReportModel {
            lang,
            title: "not implemented".into(),
        })
    }
}
