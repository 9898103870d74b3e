//! `slareport sample`.

use super::Outcome;
use crate::cli::SampleArgs;

pub fn run(args: &SampleArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let _ = args;
    let _ = quiet;
    anyhow::bail!("`sample`: not implemented yet")
}
