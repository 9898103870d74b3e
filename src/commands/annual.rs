//! `slareport annual`: the annual report of a year from its archived months (see
//! [`crate::annual`]), written into --out atomically and under a lock like `report`'s.

use super::Outcome;
use crate::annual::{produce, AnnualRequest};
use crate::cli::AnnualArgs;
use crate::config::LoadedConfig;
use crate::output::OutDir;

pub fn run(args: &AnnualArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let config = LoadedConfig::load(args.config.config.as_deref())?;
    let req = AnnualRequest {
        year: args.year,
        history: args.history.clone(),
        config,
        lang: args.lang.into(),
        formats: args.format.iter().map(|&f| f.into()).collect(),
    };
    let out = OutDir::acquire(&args.out)?;
    let files = produce(&req, &args.history.display().to_string(), None)?;
    out.check_stale(files.keys().map(String::as_str), false)?;
    out.replace(&files)?;
    if !quiet {
        eprintln!("wrote {} files to {}", files.len(), args.out.display());
    }
    Ok(Outcome::Success)
}
