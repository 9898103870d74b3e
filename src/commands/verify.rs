//! `slareport verify DIR` and `slareport verify report.pdf`: re-run a report from its
//! manifest and print what differs (see [`crate::pipeline::verify`]). Exit 0 when identical, 4 when anything differs, 1 when the
//! manifest, the PDF, an input or the config cannot be read.

use std::io::Write;

use super::Outcome;
use crate::audit::from_pdf::is_pdf;
use crate::audit::locate::Locate;
use crate::cli::VerifyArgs;
use crate::inputs::isolate::ParquetReader;
use crate::pipeline::verify::{verify_dir, verify_pdf_at};
use crate::progress::Progress;

pub fn run(args: &VerifyArgs, quiet: bool, parquet: &ParquetReader) -> anyhow::Result<Outcome> {
    let progress = Progress::new(quiet);
    let how = match &args.inputs {
        Some(dir) => Locate::Inputs(dir),
        None => Locate::Root {
            root: args.root.as_deref(),
            allow_outside: args.allow_outside_root,
        },
    };
    let v = if crate::annual::verify::is_annual(&args.dir) {
        if is_pdf(&args.dir) {
            crate::annual::verify::verify_pdf(&args.dir)?
        } else {
            crate::annual::verify::verify_dir(&args.dir)?
        }
    } else if is_pdf(&args.dir) {
        verify_pdf_at(&args.dir, how, parquet, &progress)?
    } else {
        verify_dir(&args.dir, how, parquet, &progress)?
    };
    progress.finish();
    // The verdict is the command's output: stdout, even with --quiet. Written, not `print!`:
    // a closed pipe is an error main() treats as success, never a panic.
    write!(std::io::stdout().lock(), "{v}")?;
    Ok(if v.identical() {
        Outcome::Success
    } else {
        Outcome::VerifyDiffers
    })
}
