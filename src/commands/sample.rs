//! `slareport sample`: parse the period and hand over to [`crate::sample::generate`].

use super::Outcome;
use crate::calendar::{Month, FIRST_YEAR, LAST_YEAR};
use crate::cli::SampleArgs;
use crate::sample::{generate, SampleRequest};

pub fn run(args: &SampleArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let months = match (&args.month, args.year) {
        (Some(m), _) => vec![*m],
        (None, Some(y)) => {
            let months: Vec<Month> = (1..=12).filter_map(|m| Month::new(y, m)).collect();
            anyhow::ensure!(
                months.len() == 12,
                "--year {y}: expected a year {FIRST_YEAR}-{LAST_YEAR}"
            );
            months
        }
        (None, None) => anyhow::bail!("give --month YYYY-MM or --year YYYY"),
    };
    let req = SampleRequest {
        months,
        calls: args.calls,
        format: args.format.into(),
        seed: args.seed,
    };
    let summary = generate(&req, &args.out, quiet)?;
    if !quiet {
        eprintln!(
            "wrote {} calls, {} tickets, {} changes, {} corrections to {}",
            summary.calls,
            summary.tickets,
            summary.changes,
            summary.corrections,
            args.out.display()
        );
    }
    Ok(Outcome::Success)
}
