//! Warnings where a choice of columns changes the figures: an optional column whose absence
//! leaves a measure not measured (or, read naively, a breach on every row), and a notice
//! column whose every value falls after the work began. They name the input, the column, what
//! it costs and the mapping line that fixes it. The month-dependent ones about the figures
//! (change windows as the only source of downtime, most of the open time unavailable) are in
//! `metrics::alerts`.

use super::catalog::InputKind;
use super::model::TicketType;
use super::warnings::InputWarning;
use super::Inputs;

/// Stable warning codes.
pub const NO_COLUMN: &str = "column without a source";
pub const NOTICE_AFTER_START: &str = "notice after start";

/// The optional columns whose absence leaves a marked measure not measured: input, column, the
/// ticket type it matters for (if any), and what is not measured without it. (Outage columns
/// are not among them: availability then rests on its other sources, and page 1 names them.)
const MEASURED_FROM: &[(InputKind, &str, Option<TicketType>, &str)] = &[
    (
        InputKind::Calls,
        "responded_at",
        None,
        "response-time performance (share within T90, calls over Tmax, percentiles) is not measured",
    ),
    (
        InputKind::Tickets,
        "responded_at",
        None,
        "incident and problem response times are not measured (a resolved ticket without a response is a breach only when the column exists)",
    ),
    (
        InputKind::Tickets,
        "resolved_at",
        None,
        "incident and problem resolution (and response) are not measured",
    ),
    (
        InputKind::Changes,
        "notified_at",
        None,
        "changes with short notice are not measured",
    ),
    (
        InputKind::Changes,
        "scheduled_end",
        None,
        "overruns are not measured",
    ),
    (
        InputKind::Changes,
        "actual_end",
        None,
        "change windows do not count in availability, and overruns are not measured",
    ),
];

/// The warnings about columns without a source and notice columns after the start.
pub fn column_warnings(inputs: &Inputs) -> Vec<InputWarning> {
    let mut out = Vec::new();
    for &(kind, col, ty, cost) in MEASURED_FROM {
        if !inputs.given(kind) || inputs.has_column(kind, col) {
            continue;
        }
        if let Some(t) = ty {
            if !inputs.tickets.iter().any(|x| x.kind == t) {
                continue;
            }
        }
        let k = kind.as_str();
        out.push(InputWarning {
            input: k.to_string(),
            code: NO_COLUMN,
            message: format!(
                "{k}: no column gives `{col}` (not mapped and not in the file), so {cost}; \
                 map it as [inputs.{k}.columns] {col} = \"<your column>\""
            ),
            unusable: false,
        });
    }
    let with_both: Vec<_> = inputs
        .changes
        .iter()
        .filter_map(|c| Some((c.notified_at?, c.actual_start?)))
        .collect();
    if !with_both.is_empty() && with_both.iter().all(|(n, s)| n > s) {
        out.push(InputWarning {
            input: "changes".into(),
            code: NOTICE_AFTER_START,
            message: format!(
                "changes: on every one of the {} changes with both times, notified_at falls \
                 after actual_start, so every change counts as given without notice and its \
                 whole window as unavailable; is [inputs.changes.columns] notified_at the time \
                 the parties were told (not the record's creation)?",
                with_both.len()
            ),
            unusable: false,
        });
    }
    out
}

/// What a mapping leaves to the file: each required canonical column of a mapped input that no
/// key maps (it is read under its own name, and a file without such a column cannot give a
/// report), and the response time if no key maps it, for the inputs in `present`; as (mapping
/// key, message).
pub fn unmapped(maps: &super::mapping::Mappings, present: &[InputKind]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for &kind in present {
        let m = maps.get(kind);
        let k = kind.as_str();
        let fold = m.fold.as_ref();
        let mapped = |c: &str| {
            m.columns.contains_key(c)
                || m.constants.contains_key(c)
                || fold.is_some_and(|f| match c {
                    "registered_at" => true,
                    "responded_at" => !f.responded_states.is_empty(),
                    "resolved_at" => !f.resolved_states.is_empty(),
                    "closed_at" => !f.closed_states.is_empty(),
                    _ => false,
                })
                || (c == "responded_at" && m.responded_from_elapsed_ms.is_some())
                || (c == "call_id" && m.id_from_row == Some(true))
                || (c == "status" && m.status_rules.as_ref().is_some_and(|r| !r.is_empty()))
        };
        for &c in super::catalog::spec(kind).required {
            if !mapped(c) {
                out.push((
                    format!("inputs.{k}.columns.{c}"),
                    format!(
                        "`{c}` is required and not mapped: it is read from a column named \
                         `{c}`, and a file without one cannot give a report; map your export's \
                         column as [inputs.{k}.columns] {c} = \"<your column>\" or give every \
                         row one value as [inputs.{k}.constants] {c} = \"<value>\""
                    ),
                ));
            }
        }
        // Of the optional columns, the response time: without it a naive reading makes every
        // resolved ticket a breach, and the example mappings map it. (`check` and `report` warn
        // about every optional column a measure rests on, from the files.)
        for &(kk, c, _, cost) in MEASURED_FROM {
            if kk == kind && c == "responded_at" && !mapped(c) {
                out.push((
                    format!("inputs.{k}.columns.{c}"),
                    format!(
                        "`{c}` is not mapped: it is read from a column named `{c}`; without \
                         one {cost}"
                    ),
                ));
            }
        }
    }
    out
}
