//! `slareport verify`.

use super::Outcome;
use crate::cli::VerifyArgs;

pub fn run(args: &VerifyArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let _ = args;
    let _ = quiet;
    anyhow::bail!("`verify`: not implemented yet")
}
