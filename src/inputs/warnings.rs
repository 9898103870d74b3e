//! Data-quality warnings: the misconfigurations that would otherwise give a plausible-looking
//! but wrong report with exit 0. Each names the input, what was seen and the fix:
//!
//! - `implausible instants`: instants before 1900 or from 2200 on, or 10-digit values read as
//!   epoch milliseconds (epoch seconds read as milliseconds, or the reverse);
//! - `all rows rejected`: a file of which no row was used (unusable: `check` exits 5);
//! - `orders without closed_at`: orders present but none closed, so none can be delivered;
//! - `outside the month`: with the report month known, no used call received in it
//!   (unusable), or no ticket / change touching it.
//!
//! `report` prints them on stderr and in the data-quality appendix; `check` prints them and
//! exits 5 when one is unusable.

use serde::Serialize;

use super::catalog;
use super::catalog::InputKind;
use super::mapping::{Mappings, FORMAT_SYNTAX};
use super::model::TicketType;
use super::reasons;
use super::Inputs;
use crate::calendar::{Month, Ms};

/// Stable warning codes.
pub const IMPLAUSIBLE: &str = "implausible instants";
pub const ALL_REJECTED: &str = "all rows rejected";
pub const ORDERS_NOT_CLOSED: &str = "orders without closed_at";
pub const OUTSIDE_MONTH: &str = "outside the month";

/// One warning about the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputWarning {
    pub input: String,
    /// A stable code (see the constants of this module).
    pub code: &'static str,
    pub message: String,
    /// The input cannot give a meaningful report: `check` exits 5.
    pub unusable: bool,
}

fn utc(t: Ms) -> String {
    chrono::DateTime::from_timestamp_millis(t).map_or_else(
        || format!("{t} ms"),
        |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// The timestamp formats an input's column is read with, as a TOML list.
pub fn formats_of(m: &Mappings, kind: InputKind, column: &str) -> String {
    let im = m.get(kind);
    let list = im
        .timestamp_formats
        .get(column)
        .or(im.timestamp_format.as_ref())
        .cloned()
        .unwrap_or_else(|| vec!["iso".to_string()]);
    format!(
        "[{}]",
        list.iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// What to do about rejects with `reason` in `column` of input `kind`, if there is a fix to
/// name: the formats tried, the accepted values, the mapping key.
pub fn reason_hint(m: &Mappings, kind: InputKind, column: &str, reason: &str) -> Option<String> {
    let k = kind.as_str();
    if reason == reasons::TIMESTAMP {
        return Some(format!(
            "{k}.{column} was read with timestamp_format = {}; set the formats of your export \
             in [inputs.{k}] timestamp_format (or [inputs.{k}.timestamp_formats] {column}): {FORMAT_SYNTAX}",
            formats_of(m, kind, column)
        ));
    }
    if reason.starts_with("unknown ") || reason == reasons::ACTION || reason == "invalid boolean" {
        let ty = catalog::col_type(kind, column);
        let table = ty.values()?;
        return Some(format!(
            "accepted {column} values (any case): {}; map your export's values in \
             [inputs.{k}.values.{column}], e.g. \"{}\" = \"{}\"",
            catalog::describe(table),
            "Your value",
            table[0].canonical
        ));
    }
    if reason == reasons::MISSING || reason == reasons::MISSING_PRIORITY {
        return Some(format!(
            "the column is empty on these rows: check that [inputs.{k}.columns] {column} names \
             the right column of your export (`slareport columns` lists what {k} needs)"
        ));
    }
    None
}

/// The warnings that do not depend on the report month.
pub fn read_warnings(inputs: &Inputs) -> Vec<InputWarning> {
    let maps = &inputs.mapping.resolved;
    let mut out = Vec::new();
    for f in &inputs.files {
        if f.implausible_instants > 0 {
            out.push(InputWarning {
                input: f.input.clone(),
                code: IMPLAUSIBLE,
                message: format!(
                    "{} ({}): {} instant(s) are implausible (before 1900, from 2200 on, or \
                     10-digit epoch milliseconds), first: {}; check timestamp_format in \
                     [inputs.{}]: {FORMAT_SYNTAX}",
                    f.path, f.input, f.implausible_instants, f.implausible_example, f.input
                ),
                unusable: false,
            });
        }
        if f.rows_read > 0 && f.rows_used == 0 {
            let kind = catalog::KINDS
                .into_iter()
                .find(|k| k.as_str() == f.input)
                .unwrap_or(InputKind::Calls);
            let mut counts: std::collections::BTreeMap<(&str, &str), (u64, u64, &str)> =
                Default::default();
            // The rejects' groups: one per (reason, column) of this file, its count and first.
            for g in inputs.rejects.groups() {
                let r = &g.first;
                if *r.file == *f.path && r.input == kind {
                    counts.insert((r.reason, r.column), (g.count, r.line, r.value.as_str()));
                }
            }
            let top = counts
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)));
            let detail = match top {
                Some(((reason, column), (n, line, value))) => {
                    let hint = reason_hint(maps, kind, column, reason)
                        .map(|h| format!("\nhint: {h}"))
                        .unwrap_or_default();
                    format!(
                        "; most often `{reason}` × {n} (first: line {line}{}{}){hint}",
                        if column.is_empty() {
                            String::new()
                        } else {
                            format!(", column {column}")
                        },
                        if value.is_empty() {
                            String::new()
                        } else {
                            format!(", value `{}`", reasons::printable(value, 60))
                        }
                    )
                }
                None => String::new(),
            };
            out.push(InputWarning {
                input: f.input.clone(),
                code: ALL_REJECTED,
                message: format!(
                    "{} ({}): all {} rows were rejected{detail}",
                    f.path, f.input, f.rows_read
                ),
                unusable: true,
            });
        }
    }
    let orders = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == TicketType::Order)
        .count();
    if orders > 0
        && !inputs
            .tickets
            .iter()
            .any(|t| t.kind == TicketType::Order && t.closed_at.is_some())
    {
        out.push(InputWarning {
            input: "tickets".into(),
            code: ORDERS_NOT_CLOSED,
            message: format!(
                "tickets: {orders} order(s) and none has closed_at, so no order counts as \
                 delivered; map the column with the closing time as [inputs.tickets.columns] \
                 closed_at = \"<your column>\" (e.g. \"Resolved\")"
            ),
            unusable: false,
        });
    }
    out
}

/// The warnings about the report month `month`, `[start, end)`.
pub fn month_warnings(inputs: &Inputs, start: Ms, end: Ms, month: Month) -> Vec<InputWarning> {
    let mut out = Vec::new();
    let inside = |t: Ms| t >= start && t < end;
    // The held calls hold the month (M12.7); the whole log's count and span.
    let calls = &inputs.calls;
    let (rows, span) = (inputs.call_rows(), inputs.call_span());
    if let (true, (Some(first), Some(last))) = (calls.range(start, end).is_empty(), span) {
        let epoch_hint = if last < 31_536_000_000 {
            " (epoch seconds read as milliseconds? use timestamp_format = [\"epoch_s\"])"
        } else {
            ""
        };
        out.push(InputWarning {
            input: "calls".into(),
            code: OUTSIDE_MONTH,
            message: format!(
                "calls: none of the {} used calls was received in {month}: they span {} … \
                 {}{epoch_hint}; check --month, the files, and timestamp_format / timezone in \
                 [inputs.calls]",
                rows,
                utc(first),
                utc(last)
            ),
            unusable: true,
        });
    }
    let tickets = &inputs.tickets;
    let touches = |t: &super::model::Ticket| {
        let open_across =
            t.registered_at < end && t.resolved_at.or(t.closed_at).is_none_or(|r| r >= start);
        open_across
            || [t.responded_at, t.resolved_at, t.closed_at]
                .into_iter()
                .flatten()
                .any(inside)
    };
    if !tickets.is_empty() && !tickets.iter().any(touches) {
        out.push(InputWarning {
            input: "tickets".into(),
            code: OUTSIDE_MONTH,
            message: format!(
                "tickets: none of the {} used tickets was registered, open, resolved or closed \
                 in {month}; check --month and timestamp_format in [inputs.tickets]",
                tickets.len()
            ),
            unusable: false,
        });
    }
    let changes = &inputs.changes;
    if !changes.is_empty()
        && !changes.iter().any(|c| {
            [
                c.notified_at,
                c.scheduled_start,
                c.scheduled_end,
                c.actual_start,
                c.actual_end,
            ]
            .into_iter()
            .flatten()
            .any(inside)
        })
    {
        out.push(InputWarning {
            input: "changes".into(),
            code: OUTSIDE_MONTH,
            message: format!(
                "changes: no time of the {} used changes falls in {month}; check --month and \
                 timestamp_format in [inputs.changes]",
                changes.len()
            ),
            unusable: false,
        });
    }
    out
}

// ---- Folded rows and declared encodings ----------------------------------------------------

/// Records folded from rows that disagreed (the fold rule chose).
pub const FOLD_CONFLICTS: &str = "folded rows disagree";
/// A file read in a declared single-byte encoding whose bytes are valid UTF-8.
pub const ENCODING_DOUBT: &str = "encoding doubt";

/// Per file: changes folded from rows that disagree (the figures rest on the fold rule's
/// reading), and a declared legacy encoding on a file that looks like UTF-8. Neither makes
/// the input unusable.
pub fn fold_and_encoding_warnings(inputs: &Inputs) -> Vec<InputWarning> {
    let mut out = Vec::new();
    for f in &inputs.files {
        if f.fold_conflicts > 0 {
            out.push(InputWarning {
                input: f.input.clone(),
                code: FOLD_CONFLICTS,
                message: format!(
                    "{} ({}): {} record(s) were folded from rows that disagree; the fold took \
                     the widest window (earliest start, latest end), the latest notice, flags \
                     only where every row sets them, and the last non-empty texts",
                    f.path, f.input, f.fold_conflicts
                ),
                unusable: false,
            });
        }
        if f.encoding_doubt {
            let enc = f.encoding.as_deref().unwrap_or("");
            out.push(InputWarning {
                input: f.input.clone(),
                code: ENCODING_DOUBT,
                message: format!(
                    "{} ({}): read as {enc} as the mapping says, but the file is valid UTF-8 \
                     with non-ASCII text, so `å` reads as `Ã¥`; remove `encoding = \"{enc}\"` \
                     from [inputs.{}] if the file is UTF-8",
                    f.path, f.input, f.input
                ),
                unusable: false,
            });
        }
    }
    out
}
