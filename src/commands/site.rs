//! `slareport site ARCHIVE --out SITE`: the static website over an archive (see
//! [`crate::site`]). Exit 0 when written, 1 when a month of the archive does not check or a
//! file cannot be written.

use super::Outcome;
use crate::cli::SiteArgs;

pub fn run(args: &SiteArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let n = crate::site::build(&args.archive, &args.out, args.lang.into())?;
    if !quiet {
        eprintln!(
            "site of {n} month(s) written to {}",
            args.out.join("index.html").display()
        );
    }
    Ok(Outcome::Success)
}
