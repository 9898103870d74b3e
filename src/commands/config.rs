//! `slareport config`: print the resolved SLA config, or validate one (`--check FILE`).

use super::Outcome;
use crate::cli::ConfigArgs;
use crate::config::{LoadedConfig, SSBTEK_TOML};

pub fn run(args: &ConfigArgs) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Some(path) = &args.check {
        let loaded = LoadedConfig::load(Some(path))?;
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
    match (&args.config.config, args.print) {
        // The embedded file as shipped, with its comments: the one to copy and edit.
        (None, false) => write!(out, "{SSBTEK_TOML}")?,
        (path, _) => {
            let loaded = LoadedConfig::load(path.as_deref())?;
            write!(out, "{}", loaded.config.to_canonical_toml())?;
        }
    }
    Ok(Outcome::Success)
}
