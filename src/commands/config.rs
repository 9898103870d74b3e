//! `slareport config`: print the resolved SLA config, or validate one (`--check FILE`).

use super::Outcome;
use crate::cli::ConfigArgs;
use crate::config::{LoadedConfig, SSBTEK_TOML};

/// Appended to a printed config without `[inputs]`.
const INPUTS_HINT: &str =
    "\n# [inputs]: how your exports are read (column names, values, timestamp formats).\n\
# Keep it in a mapping file of its own (--mapping FILE): `slareport mapping --example`\n\
# prints an annotated one, `slareport columns` lists the canonical columns.\n";

pub fn run(args: &ConfigArgs) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Some(path) = &args.check {
        let loaded = LoadedConfig::load(Some(path))?;
        // The [inputs] table: formats, canonical keys, enum values (errors fail the check).
        if let Some(inputs) = &loaded.config.inputs {
            use crate::inputs::mapfile::{lint, render, Level};
            let findings = lint(inputs);
            write!(out, "{}", render(&path.display().to_string(), &findings))?;
            let errors = findings.iter().filter(|f| f.level == Level::Error).count();
            if errors > 0 {
                anyhow::bail!(
                    "{}: {errors} error(s) in [inputs] (listed above)",
                    path.display()
                );
            }
        }
        writeln!(
            out,
            "{}: valid ({} {}, sha256 {})",
            path.display(),
            loaded.config.agreement.name,
            loaded.config.agreement.version,
            loaded.sha256
        )?;
        return Ok(Outcome::Success);
    }
    let has_inputs = match (&args.config.config, args.print) {
        // The embedded file as shipped, with its comments: the one to copy and edit.
        (None, false) => {
            write!(out, "{SSBTEK_TOML}")?;
            false
        }
        (path, _) => {
            let loaded = LoadedConfig::load(path.as_deref())?;
            write!(out, "{}", loaded.config.to_canonical_toml())?;
            loaded.config.inputs.is_some()
        }
    };
    if !has_inputs {
        // Where the input mapping is documented (a comment: the output still parses).
        write!(out, "{INPUTS_HINT}")?;
    }
    Ok(Outcome::Success)
}
