//! `slareport sample`: parse the period and hand over to [`crate::sample::generate`].

use super::{parse_month, Outcome};
use crate::cli::SampleArgs;
use crate::sample::{generate, SampleRequest};

pub fn run(args: &SampleArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let months = match (&args.month, args.year) {
        (Some(m), _) => vec![parse_month(m)?],
        (None, Some(y)) => {
            anyhow::ensure!(
                (1900..=2200).contains(&y),
                "--year {y}: expected a year 1900-2200"
            );
            (1..=12).map(|m| (y, m)).collect()
        }
        (None, None) => anyhow::bail!("give --month YYYY-MM or --year YYYY"),
    };
    let req = SampleRequest {
        months,
        calls: args.calls,
        format: args.format,
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
