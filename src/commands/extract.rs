//! `slareport extract report.pdf --out DIR`: write the files embedded in an archive PDF
//! (see [`crate::audit::from_pdf::extract`]) and list them on stdout.

use std::io::Write;

use super::Outcome;
use crate::cli::ExtractArgs;

pub fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    let e = crate::audit::from_pdf::extract(&args.pdf, &args.out)?;
    // Written, not `println!`: a closed pipe (`| head`) is an error main() treats as success.
    let mut out = std::io::stdout().lock();
    for (name, size) in &e.files {
        writeln!(out, "{}\t{size} bytes", args.out.join(name).display())?;
    }
    Ok(Outcome::Success)
}
