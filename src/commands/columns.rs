//! `slareport columns`: each input's canonical columns with their type, whether they are
//! required, and the accepted values of enums with their aliases. Generated from
//! [`crate::inputs::catalog`], the tables the readers parse with.

use std::io::Write;

use super::Outcome;
use crate::inputs::catalog::{self, ColType};

/// How timestamps are read, for the help texts.
pub const TIMESTAMP_HELP: &str = "\
Timestamps (timestamp_format = [...] per input, tried in order; timestamp_formats.<column> per column):
  \"iso\"       RFC 3339 / ISO 8601: 2026-03-02T09:05:00+01:00, ...Z, a space for T, a .fraction;
              without an offset it is local time of `timezone` (default: the calendar's zone)
  \"epoch_ms\"  integer milliseconds since 1970-01-01T00:00:00Z (13 digits today: 1772438700000)
  \"epoch_s\"   seconds since 1970-01-01T00:00:00Z (10 digits today: 1772438700, a fraction allowed)
  a pattern   chrono strftime, local time unless it has %z: %Y 2026, %y 26, %m 03, %b Mar,
              %d 02, %H 00-23, %I 1-12 with %p AM/PM, %M minutes, %S seconds, %.3f .250,
              %z +0100; e.g. \"%d/%b/%y %I:%M %p\" reads Jira's 02/Mar/26 9:05 AM
  Instants before 1900 or from 2200 on, and 10-digit values read as epoch_ms, are warned about.";

/// The listing.
pub fn render() -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Canonical input columns (docs/method.md, M2.4). A file is read by these names; map your export's \
         names\nwith [inputs.<input>.columns] in a mapping file (`slareport mapping --example`). \
         Enum values\nmatch trimmed and in any case; map other values with \
         [inputs.<input>.values.<column>]."
    );
    for kind in catalog::KINDS {
        let _ = writeln!(o, "\n{} (--{})", kind.as_str(), kind.as_str());
        let _ = writeln!(
            o,
            "  {:<18} {:<16} {:<9} accepted values / note",
            "column", "type", "required"
        );
        for c in catalog::columns(kind) {
            let mut what = match c.ty {
                ColType::Bool => format!("{}; empty = false", catalog::describe(catalog::BOOL)),
                ColType::Enum(t) => catalog::describe(t),
                _ => String::new(),
            };
            if !c.note.is_empty() {
                if !what.is_empty() {
                    what.push_str("; ");
                }
                what.push_str(c.note);
            }
            let _ = writeln!(
                o,
                "  {:<18} {:<16} {:<9} {}",
                c.name,
                c.ty.name(),
                if c.required { "required" } else { "optional" },
                what
            )
            .map(|_| ());
        }
    }
    let _ = writeln!(o, "\n{TIMESTAMP_HELP}");
    // Trailing spaces of empty last cells.
    o.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

pub fn run() -> anyhow::Result<Outcome> {
    std::io::stdout().lock().write_all(render().as_bytes())?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_canonical_column_with_its_values() {
        let s = render();
        for kind in catalog::KINDS {
            for c in catalog::spec(kind).canon {
                assert!(s.contains(&format!("  {c} ")), "{c}");
            }
        }
        assert!(s.contains(
            "  result             enum             required  ok, partial, error, unreachable, no_response"
        ), "{s}");
        assert!(s.contains("2 (hög, hog, high)"));
        assert!(s.contains("\"epoch_ms\"  integer milliseconds"));
    }
}
