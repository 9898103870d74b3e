//! `slareport calendar`.

use super::Outcome;
use crate::cli::CalendarArgs;

pub fn run(args: &CalendarArgs) -> anyhow::Result<Outcome> {
    let _ = args;

    anyhow::bail!("`calendar`: not implemented yet")
}
