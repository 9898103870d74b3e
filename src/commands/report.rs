//! `slareport report`: compute the month and write every output file into --out, atomically
//! and under a lock (see [`crate::output`]).

use super::Outcome;
use crate::audit::restate::previous;
use crate::cli::ReportArgs;
use crate::config::LoadedConfig;
use crate::inputs::isolate::ParquetReader;
use crate::output::OutDir;
use crate::pipeline::history::HistoryRequest;
use crate::pipeline::{produce_with, Request};

pub fn run(
    args: &ReportArgs,
    quiet: bool,
    timings: bool,
    parquet: &ParquetReader,
) -> anyhow::Result<Outcome> {
    let config = LoadedConfig::load(args.config.config.as_deref())?;
    let progress = crate::progress::Progress::with_timings(quiet, timings);
    // Locked before any input is read: a second run on the same --out fails at once.
    let out = OutDir::acquire(&args.out)?;
    // The report now in --out, to be kept as versions/N when restating.
    let restates = if args.restate {
        previous(out.path(), out.next_version()?, args.month)?
    } else {
        None
    };
    let req = Request {
        month: args.month,
        inputs: args.inputs.files(parquet),
        config,
        lang: args.lang.into(),
        formats: args.format.iter().map(|&f| f.into()).collect(),
        recorded_tool: None,
        restates,
    };
    let history = args
        .history
        .as_deref()
        .map(|d| HistoryRequest::new(d, args.strict_history));
    let produced = produce_with(&req, history.as_ref(), &progress)?;
    // Loud, never silent: a misconfigured input still gives a report, but not quietly.
    for w in &produced.inputs.warnings {
        eprintln!("warning: {}", w.message);
    }
    if !quiet {
        for n in crate::metrics::alerts::not_measured(&produced.metrics) {
            eprintln!("not measured: {n}");
        }
    }
    progress.stage("writing files");
    out.check_before_writing(
        produced
            .files
            .keys()
            .chain(produced.spooled.keys())
            .map(String::as_str),
        args.clean,
        args.restate,
    )?;
    let kept = req.restates.as_ref().map(|r| r.replaces);
    out.replace_keeping(&produced.files, &produced.spooled, kept)?;
    progress.finish();
    if !quiet {
        eprintln!(
            "wrote {} files to {}",
            produced.files.len() + produced.spooled.len(),
            args.out.display()
        );
        if let Some(r) = &produced.manifest.restates {
            eprintln!(
                "restated: the previous report is kept in {}",
                args.out.join(&r.folder).display()
            );
        }
    }
    // A target not measured (`met` null) is never a miss.
    let missed = produced
        .metrics
        .targets
        .iter()
        .any(|t| t.met == Some(false));
    if args.strict && !produced.inputs.warnings.is_empty() {
        if !quiet {
            eprintln!(
                "report: --strict: {} warning(s) (listed above); exit {}",
                produced.inputs.warnings.len(),
                Outcome::InputsUnusable.code()
            );
        }
        return Ok(Outcome::InputsUnusable);
    }
    Ok(if args.fail_on_breach && missed {
        Outcome::TargetMissed
    } else {
        Outcome::Success
    })
}
