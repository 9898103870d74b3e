//! `slareport diff A B [--json]`: what differs between two reports (folders or PDFs), see
//! [`crate::diff`]. Exit 0 when they are the same, 4 when they differ (as `verify`), 1 when
//! either cannot be read.

use std::io::Write;

use super::Outcome;
use crate::cli::DiffArgs;
use crate::diff::{compare, load, text};

pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let a = load(&args.a)?;
    let b = load(&args.b)?;
    let d = compare(&a, &b);
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&d)?;
        s.push('\n');
        s
    } else {
        text::render(&d)
    };
    // Written, not `print!`: a closed pipe is an error main() treats as success.
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(if d.same {
        Outcome::Success
    } else {
        Outcome::VerifyDiffers
    })
}
