//! `slareport check`.

use super::Outcome;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let _ = args;
    let _ = quiet;
    anyhow::bail!("`check`: not implemented yet")
}
