//! `slareport verify DIR`: re-run a report from its manifest and print what differs
//! (see [`crate::audit::verify`]). Exit 0 when identical, 4 when anything differs, 1 when the
//! manifest, an input or the config cannot be read.

use super::Outcome;
use crate::audit::verify::verify_with;
use crate::cli::VerifyArgs;
use crate::progress::Progress;

pub fn run(args: &VerifyArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let progress = Progress::new(quiet);
    let v = verify_with(
        &args.dir,
        args.root.as_deref(),
        args.allow_outside_root,
        &progress,
    )?;
    progress.finish();
    // The verdict is the command's output: stdout, even with --quiet.
    print!("{v}");
    Ok(if v.identical() {
        Outcome::Success
    } else {
        Outcome::VerifyDiffers
    })
}
