//! `slareport mapping`: print the annotated mapping template (`--example`, embedded and tested
//! to parse and to read its fixture), or validate a mapping file (`--check FILE`).

use std::io::Write;

use super::Outcome;
use crate::cli::MappingArgs;
use crate::inputs::mapfile::{self, Level, MappingFile};

/// The annotated template `mapping --example` prints.
pub const EXAMPLE: &str = include_str!("mapping-example.toml");

pub fn run(args: &MappingArgs) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    if args.example {
        out.write_all(EXAMPLE.as_bytes())?;
        return Ok(Outcome::Success);
    }
    let Some(path) = &args.check else {
        anyhow::bail!("give --example or --check FILE");
    };
    let path = path.to_string_lossy();
    let file = MappingFile::load(&path)?;
    let mut findings = mapfile::lint(&file.inputs);
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    if errors == 0 {
        findings.extend(left_to_the_file(&file.inputs)?);
    }
    out.write_all(mapfile::render(&path, &findings).as_bytes())?;
    if errors > 0 {
        anyhow::bail!("{path}: {errors} error(s) in the mapping (listed above)");
    }
    let warnings = findings.len();
    let inputs: Vec<&str> = [
        ("calls", file.inputs.calls.is_some()),
        ("tickets", file.inputs.tickets.is_some()),
        ("changes", file.inputs.changes.is_some()),
        ("corrections", file.inputs.corrections.is_some()),
    ]
    .into_iter()
    .filter_map(|(n, on)| on.then_some(n))
    .collect();
    writeln!(
        out,
        "{path}: {} ({}; presets {}), sha256 {}",
        if warnings == 0 {
            "valid mapping".to_string()
        } else {
            format!(
                "the mapping parses, but {warnings} warning(s) above: fields it leaves to \
                 columns of the same name; `slareport check` with your files tells whether \
                 they exist"
            )
        },
        if inputs.is_empty() {
            "no input sections".to_string()
        } else {
            inputs.join(", ")
        },
        if file.inputs.presets.is_empty() {
            "none".to_string()
        } else {
            file.inputs.presets.join(", ")
        },
        file.record.sha256
    )?;
    Ok(Outcome::Success)
}

/// Warnings for the fields a mapping leaves to columns of their canonical name: required ones
/// (a file without such a column cannot give a report) and those a measure rests on.
fn left_to_the_file(
    f: &crate::inputs::mapping::InputsConfig,
) -> anyhow::Result<Vec<mapfile::Finding>> {
    use crate::inputs::InputKind;
    let maps = crate::inputs::mapping::Mappings::resolve(&[], None, Some(f))?;
    let present: Vec<InputKind> = [
        (InputKind::Calls, f.calls.is_some()),
        (InputKind::Tickets, f.tickets.is_some()),
        (InputKind::Changes, f.changes.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, on)| on.then_some(k))
    .collect();
    Ok(crate::inputs::gaps::unmapped(&maps, &present)
        .into_iter()
        .map(|(key, message)| mapfile::Finding {
            level: Level::Warning,
            key,
            message,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_and_lints_clean() {
        let cfg = mapfile::parse(EXAMPLE, "example").unwrap();
        assert_eq!(mapfile::lint(&cfg), vec![]);
        let calls = cfg.calls.unwrap();
        assert_eq!(
            calls.timestamp_format.as_deref(),
            Some(&["epoch_ms".to_string()][..])
        );
        assert_eq!(cfg.tickets.unwrap().values["type"]["Beställning"], "order");
    }
}
