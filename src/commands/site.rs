//! `slareport site ARCHIVE --out SITE`: the static website over an archive (see
//! [`crate::site`]). Exit 0 when written, 4 when written but an archived report fails
//! verification (the site shows it marked, without figures; like `verify` finding a
//! difference), 1 when the archive cannot be read or a file cannot be written.

use super::Outcome;
use crate::cli::SiteArgs;

pub fn run(args: &SiteArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let built = crate::site::build(&args.archive, &args.out, args.lang.into())?;
    // Named even with --quiet: the exit code alone does not say which month.
    for u in &built.unverified {
        eprintln!("fails verification: {}", u.reason);
    }
    if !quiet {
        eprintln!(
            "site of {} month(s) written to {}",
            built.months,
            args.out.join("index.html").display()
        );
    }
    Ok(if built.unverified.is_empty() {
        Outcome::Success
    } else {
        Outcome::VerifyDiffers
    })
}
