//! The whole way from inputs to output bytes, in memory: what `report` writes and what
//! `verify` recomputes and compares ([`verify`]). The PDF comes last: it embeds the other
//! outputs and the manifest (see [`crate::audit::archive`]).
//!
//! The top of the library: it uses every stage and nothing below it uses it.
//!
//! Layers: `verify` (re-makes a report through this module's `produce`) → `history` (the
//! archive's earlier months).

pub mod history;
pub mod verify;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::audit::archive;
use crate::audit::manifest::Archive;
use crate::audit::restate::Restatement;
use crate::audit::Manifest;
use crate::calendar::{month_bounds, Month, Ms};
use crate::config::{hex, LoadedConfig};
use crate::inputs::{Calls, InputFiles, Inputs};
use crate::metrics::span::SpanFold;
use crate::metrics::{CallSpan, Ctx, Metrics};
use crate::progress::Progress;
use crate::render::OutputFormat;
use crate::report::{Lang, ReportModel};

/// What to produce.
#[derive(Debug, Clone)]
pub struct Request {
    pub month: Month,
    pub inputs: InputFiles,
    pub config: LoadedConfig,
    pub lang: Lang,
    pub formats: Vec<OutputFormat>,
    /// `verify` only: the tool the manifest recorded. The PDF embeds manifest.json, so a
    /// different git revision alone would change the PDF's bytes; re-made with the recorded
    /// tool, only a difference in what the tool computes or lays out shows. `report`: `None`.
    pub recorded_tool: Option<crate::audit::manifest::ToolInfo>,
    /// `report --restate` (and `verify` of a restated report): the version this report
    /// replaces; its reasons are derived here. Recorded in the manifest and metrics.json and
    /// said on page 1.
    pub restates: Option<Restatement>,
}

/// What was produced: output file name → bytes, plus the figures.
#[derive(Debug)]
pub struct Produced {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Outputs written to temporary files instead of `files` (rejected.csv of a run with more
    /// rejects than the call log holds in memory, `SpillAt::reject_run`, and either no PDF or
    /// one too large for the PDF to embed: M2.7, M12.8).
    pub spooled: BTreeMap<String, crate::render::spool::Spooled>,
    pub metrics: Metrics,
    pub inputs: Inputs,
    pub manifest: Manifest,
    /// The report model the renderers were given.
    pub model: ReportModel,
}

/// What [`fold_months`] made of the call log.
enum Folded {
    /// Every call is held: the metrics fold it themselves.
    Held,
    /// Other months were on disk: the whole log folded month by month.
    Whole(CallSpan),
    /// A correction names a call: the log must be held whole (the corrected figures are
    /// measured on corrected calls, of any month).
    CallCorrected,
}

/// The whole call log folded month by month when its other months were spilled (M12.7): the
/// spilled months before the report month, the month's own calls, the months after, each
/// read from disk in turn. A correction naming any call stops it.
fn fold_months(
    inputs: &Inputs,
    cfg: &crate::config::SlaConfig,
    cals: &crate::calendar::Calendars,
    month: Month,
) -> anyhow::Result<Folded> {
    let Some(spilled) = &inputs.spilled else {
        return Ok(Folded::Held);
    };
    let ids = crate::metrics::corrections::id_targets(&inputs.corrections);
    let named =
        |calls: &Calls| !ids.is_empty() && (0..calls.len()).any(|i| ids.contains(calls.ids.get(i)));
    if named(&inputs.calls) {
        return Ok(Folded::CallCorrected);
    }
    let ctx = Ctx::new(cfg, cals, month.year(), month.month());
    let mut fold = SpanFold::new(&ctx);
    let mut held = Some(&inputs.calls);
    // The next month is read from disk while this one is folded (two months in memory).
    let named_call = std::thread::scope(|s| -> anyhow::Result<bool> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        s.spawn(move || {
            for k in 0..spilled.months().count() {
                let loaded = spilled.load(k);
                let failed = loaded.is_err();
                if tx.send(loaded).is_err() || failed {
                    break;
                }
            }
        });
        for (start, loaded) in spilled.months().zip(rx) {
            if start >= ctx.end {
                if let Some(calls) = held.take() {
                    fold.feed(calls);
                }
            }
            let calls =
                loaded.map_err(|e| anyhow::anyhow!("reading back the spilled call log: {e}"))?;
            if named(&calls) {
                return Ok(true);
            }
            fold.feed(&calls);
        }
        Ok(false)
    })?;
    if named_call {
        return Ok(Folded::CallCorrected);
    }
    if let Some(calls) = held {
        fold.feed(calls);
    }
    Ok(Folded::Whole(fold.finish()))
}

impl Produced {
    /// Every output in `files` (the spooled ones read back): for comparing them byte by byte.
    pub fn files_in_memory(&mut self) -> anyhow::Result<()> {
        for (name, s) in std::mem::take(&mut self.spooled) {
            self.files.insert(name, s.to_vec()?);
        }
        Ok(())
    }
}

/// Read, compute, render. Deterministic: the same request gives the same bytes.
pub fn produce(req: &Request, progress: &Progress) -> anyhow::Result<Produced> {
    produce_with(req, None, progress)
}

/// [`produce`], with the earlier months of the year taken from an archive when `history` is
/// given ([`history`]).
pub fn produce_with(
    req: &Request,
    history: Option<&history::HistoryRequest>,
    progress: &Progress,
) -> anyhow::Result<Produced> {
    let cfg = &req.config.config;
    let cals = &req.config.calendars;
    if req.formats.contains(&OutputFormat::Pdf) {
        crate::render::prewarm_pdf();
    }
    // The archive first: a refused month stops the run before the logs are read.
    let past = match history {
        Some(h) => {
            progress.stage("reading the archive");
            Some(history::load(h, req.month, &req.config.sha256)?)
        }
        None => None,
    };
    progress.stage("reading inputs");
    // Only the report month's calls are held; the other months go to disk and are folded one
    // at a time (M12.7).
    let mut files = req.inputs.clone();
    if files.hold.is_none() {
        files.hold = Some(month_bounds(cals.tz, req.month.year(), req.month.month()));
    }
    let mut inputs = crate::inputs::read_all_showing(&files, cfg, cals, &progress.reading())?;
    progress.stage("computing figures");
    let folded = match fold_months(&inputs, cfg, cals, req.month)? {
        Folded::Whole(span) => Some(span),
        Folded::Held => None,
        Folded::CallCorrected => {
            // A correction names a call: the corrected figures are measured on the
            // corrected calls, so every call is held (read again, whole).
            progress.stage("reading inputs again, every call held (a correction names a call)");
            files.hold = Some((Ms::MIN, Ms::MAX));
            inputs = crate::inputs::read_all_showing(&files, cfg, cals, &progress.reading())?;
            progress.stage("computing figures");
            None
        }
    };
    let metrics = crate::metrics::compute_folded(
        &inputs,
        cfg,
        cals,
        req.month,
        past.as_ref().map(|p| &p.history),
        folded,
    )?;
    if let Some(p) = &past {
        history::check_corrections(&metrics, p, cals.tz, &req.inputs.corrections)?;
    }
    let month_warnings = crate::inputs::warnings::month_warnings(
        &inputs,
        metrics.period_start,
        metrics.period_end,
        metrics.month,
    );
    inputs.warnings.extend(month_warnings);
    inputs
        .warnings
        .extend(crate::metrics::alerts::figure_warnings(&metrics));
    progress.stage("rendering");
    let mut formats = req.formats.clone();
    formats.sort();
    formats.dedup();
    let mut manifest = Manifest::new(
        &inputs,
        &req.config,
        metrics.month,
        req.lang.as_str(),
        formats.iter().map(|f| f.as_str().to_string()).collect(),
        req.inputs.preset.clone(),
    );
    if let Some(tool) = &req.recorded_tool {
        manifest.tool = tool.clone();
    }
    if let Some(r) = &req.restates {
        let mut r = r.clone();
        let applied: Vec<String> = metrics
            .corrections
            .iter()
            .map(|c| c.correction_id.clone())
            .collect();
        r.derive(&manifest, &applied);
        manifest.restates = Some(r);
    }
    manifest.history = history
        .zip(past.as_ref())
        .map(|(h, p)| history::record(h, p));
    let model = ReportModel::build(&metrics, &inputs, &req.config, &manifest, req.lang)?;
    let pdf = formats.contains(&OutputFormat::Pdf);
    // Production order: every file the PDF embeds first, then the manifest (which records
    // their hashes and names report.pdf as their archive), then the PDF that embeds them all.
    let mut files = BTreeMap::new();
    let metrics_json = match &manifest.restates {
        None => crate::render::metrics_json(&metrics)?,
        Some(r) => with_restatement(&metrics, r)?,
    };
    files.insert("metrics.json".to_string(), metrics_json);
    // Every rejected row, always: the evidence behind rows_rejected. Many rejects are written
    // to disk as they are read, not held; the PDF embeds rejected.csv only up to the limit
    // (M12.8), decided on its final byte size whichever way it was made, so a spooled one at
    // most that large is read back to be embedded and a held one above it is spooled.
    let mut spooled = BTreeMap::new();
    let rejected = archive::MAY_STAY_BESIDE;
    if inputs.rejects.len() > crate::inputs::calls::SpillAt::default().reject_run {
        let s = crate::render::rejected_csv_spooled(&inputs)?;
        if pdf && archive::embeds_rejected(s.len) {
            files.insert(rejected.to_string(), s.to_vec()?);
        } else {
            spooled.insert(rejected.to_string(), s);
        }
    } else {
        let held = crate::render::rejected_csv(&inputs)?;
        if pdf && !archive::embeds_rejected(held.len() as u64) {
            let s =
                crate::render::spool::Spooled::write(|w| Ok(std::io::Write::write_all(w, &held)?))?;
            spooled.insert(rejected.to_string(), s);
        } else {
            files.insert(rejected.to_string(), held);
        }
    }
    if pdf || formats.contains(&OutputFormat::Csv) {
        // The PDF embeds breaches.csv, so a PDF brings it along.
        files.insert("breaches.csv".into(), crate::render::breaches_csv(&model)?);
    }
    if formats.contains(&OutputFormat::Html) {
        files.insert("report.html".into(), crate::render::html(&model)?);
    }
    if pdf {
        // The config in force as canonical TOML: its SHA-256 is the manifest's config hash.
        files.insert(
            archive::CONFIG_FILE.into(),
            cfg.to_canonical_toml().into_bytes(),
        );
    }
    manifest.outputs = files
        .iter()
        .map(|(name, bytes)| (name.clone(), hex(&Sha256::digest(bytes))))
        .chain(
            spooled
                .iter()
                .map(|(name, s)| (name.clone(), s.sha256.clone())),
        )
        .collect();
    if pdf {
        manifest.archive = Some(Archive {
            file: archive::PDF.into(),
            // What is not kept beside the PDF (M12.8).
            embeds: archive::EMBEDDED
                .iter()
                .filter(|&&n| !spooled.contains_key(n))
                .map(|s| s.to_string())
                .collect(),
        });
    }
    let mut m = serde_json::to_string_pretty(&manifest)?;
    m.push('\n');
    files.insert("manifest.json".into(), m.into_bytes());
    if pdf {
        // The embedded files are moved into the attachments and back: held once, not three
        // times (the output, the attachment, the renderer's copy).
        let beside: Vec<crate::render::archive::Beside> = spooled
            .iter()
            .map(|(name, s)| crate::render::archive::Beside {
                name: name.clone(),
                len: s.len,
                sha256: s.sha256.clone(),
            })
            .collect();
        let attachments = crate::render::archive::attachments(&mut files, &beside, req.lang)?;
        // Its own stage in `--timings`: typst's layout bounds the month's run.
        progress.stage("rendering: report.pdf");
        let report = crate::render::archive_pdf(&model, &attachments, &beside)?;
        crate::render::archive::restore(&mut files, attachments);
        files.insert(archive::PDF.into(), report);
    }
    Ok(Produced {
        files,
        spooled,
        metrics,
        inputs,
        manifest,
        model,
    })
}

/// metrics.json of a restated report: the figures, then `restates` (the version replaced,
/// its manifest's SHA-256, and why), so a script reading metrics.json sees the chain.
fn with_restatement(metrics: &Metrics, r: &Restatement) -> anyhow::Result<Vec<u8>> {
    let mut v = serde_json::to_value(metrics)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("restates".into(), serde_json::to_value(r)?);
    }
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s.into_bytes())
}
