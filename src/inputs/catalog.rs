//! The catalog of canonical columns: per input, each column's type, whether it is required,
//! and the accepted values of every enum with their aliases.
//!
//! The enum tables here are the ones the readers parse with ([`lookup`] behind
//! `parse_priority`, `parse_bool`, `CallResult::parse`, …), and the column lists come from the
//! readers' own [`Spec`]s, so `slareport columns` and the error hints cannot drift from what
//! is accepted.

/// One accepted value of an enum: its canonical spelling and its aliases (lower case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alias {
    pub canonical: &'static str,
    pub aliases: &'static [&'static str],
}

const fn a(canonical: &'static str, aliases: &'static [&'static str]) -> Alias {
    Alias { canonical, aliases }
}

/// Priority 1–4 (M2.10): Swedish and English aliases.
pub const PRIORITY: &[Alias] = &[
    a("1", &["kritisk", "critical"]),
    a("2", &["hög", "hog", "high"]),
    a("3", &["medel", "medium"]),
    a("4", &["låg", "lag", "low"]),
];

/// Booleans (M2.10); empty means false.
pub const BOOL: &[Alias] = &[
    a("true", &["1", "yes", "ja"]),
    a("false", &["0", "no", "nej"]),
];

/// Call results, in the order of `CallResult::ALL`.
pub const CALL_RESULT: &[Alias] = &[
    a("ok", &[]),
    a("partial", &[]),
    a("error", &[]),
    a("unreachable", &[]),
    a("no_response", &[]),
];

/// Ticket types, in the order of `tickets::TICKET_TYPES`.
pub const TICKET_TYPE: &[Alias] = &[a("incident", &[]), a("problem", &[]), a("order", &[])];

/// Outage kinds (empty means unavailable).
pub const OUTAGE_KIND: &[Alias] = &[a("unavailable", &[]), a("degraded", &[])];

/// Change statuses, in the order of `ChangeStatus::ALL`.
pub const CHANGE_STATUS: &[Alias] = &[
    a("planned", &[]),
    a("in_progress", &[]),
    a("completed", &[]),
    a("failed", &[]),
    a("cancelled", &[]),
];

/// Correction actions.
pub const CORRECTION_ACTION: &[Alias] =
    &[a("exclude", &[]), a("reclassify", &[]), a("set_field", &[])];

/// The index in `table` of the value `s` names: trimmed, any case, canonical or alias.
/// No allocation unless `s` is non-ASCII (then it is lower-cased once).
pub fn lookup(table: &[Alias], s: &str) -> Option<usize> {
    let s = s.trim();
    let hit = |x: &str| x.eq_ignore_ascii_case(s);
    if let Some(i) = table
        .iter()
        .position(|v| hit(v.canonical) || v.aliases.iter().any(|x| hit(x)))
    {
        return Some(i);
    }
    if s.is_ascii() {
        return None;
    }
    let low = s.to_lowercase();
    table
        .iter()
        .position(|v| v.canonical == low || v.aliases.iter().any(|x| *x == low))
}

/// `1 (kritisk, critical), 2 (…)`: the accepted values as the help and errors show them.
pub fn describe(table: &[Alias]) -> String {
    table
        .iter()
        .map(|v| {
            if v.aliases.is_empty() {
                v.canonical.to_string()
            } else {
                format!("{} ({})", v.canonical, v.aliases.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The type of a canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Text,
    Timestamp,
    /// An integer ≥ 1 (`persons`).
    Count,
    Bool,
    Enum(&'static [Alias]),
    /// A `;`-separated list of provider names.
    List,
    /// An id, or an interval `START/END` of two timestamps.
    IdOrInterval,
}

impl ColType {
    pub fn name(self) -> &'static str {
        match self {
            ColType::Text => "text",
            ColType::Timestamp => "timestamp",
            ColType::Count => "integer ≥ 1",
            ColType::Bool => "boolean",
            ColType::Enum(_) => "enum",
            ColType::List => "list (;)",
            ColType::IdOrInterval => "id or START/END",
        }
    }

    /// The accepted values of an enum or boolean.
    pub fn values(self) -> Option<&'static [Alias]> {
        match self {
            ColType::Enum(t) => Some(t),
            ColType::Bool => Some(BOOL),
            _ => None,
        }
    }
}

/// One canonical column as `slareport columns` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
    pub required: bool,
    /// A remark (empty if none).
    pub note: &'static str,
}

/// The input kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Calls,
    Tickets,
    Changes,
    Corrections,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Calls => "calls",
            InputKind::Tickets => "tickets",
            InputKind::Changes => "changes",
            InputKind::Corrections => "corrections",
        }
    }
}

/// The canonical shape of one input.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub kind: InputKind,
    /// Canonical columns in canonical order (M2.4).
    pub canon: &'static [&'static str],
    /// Columns the file (or a constant) must provide.
    pub required: &'static [&'static str],
    pub timestamps: &'static [&'static str],
    /// The id column (duplicate rule).
    pub id: &'static str,
}

/// The calls' columns (M2.1); their positions are `calls::CALL_ID` …
pub const CALLS: Spec = Spec {
    kind: InputKind::Calls,
    canon: &[
        "call_id",
        "received_at",
        "responded_at",
        "result",
        "persons",
        "municipality",
        "failed_providers",
    ],
    required: &["call_id", "received_at", "result", "persons"],
    timestamps: &["received_at", "responded_at"],
    id: "call_id",
};

pub const TICKETS: Spec = Spec {
    kind: InputKind::Tickets,
    canon: &[
        "ticket_id",
        "type",
        "priority",
        "registered_at",
        "responded_at",
        "resolved_at",
        "closed_at",
        "summary",
        "security",
        "major",
        "outage_start",
        "outage_end",
        "outage_kind",
        "planned",
        "cause",
        "action_plan",
        "provider",
    ],
    required: &["ticket_id", "type", "registered_at"],
    timestamps: &[
        "registered_at",
        "responded_at",
        "resolved_at",
        "closed_at",
        "outage_start",
        "outage_end",
    ],
    id: "ticket_id",
};

pub const CHANGES: Spec = Spec {
    kind: InputKind::Changes,
    canon: &[
        "change_id",
        "title",
        "priority",
        "status",
        "in_release",
        "notified_at",
        "scheduled_start",
        "scheduled_end",
        "actual_start",
        "actual_end",
        "overrun_notified",
        "outcome",
    ],
    required: &["change_id", "status"],
    timestamps: &[
        "notified_at",
        "scheduled_start",
        "scheduled_end",
        "actual_start",
        "actual_end",
    ],
    id: "change_id",
};

pub const CORRECTIONS: Spec = Spec {
    kind: InputKind::Corrections,
    canon: &[
        "correction_id",
        "applies_to",
        "action",
        "value",
        "reason",
        "approved_by",
        "approved_at",
    ],
    required: &["correction_id", "applies_to", "action"],
    // `applies_to` is parsed with the `approved_at` clock (its formats) when it is an
    // interval.
    timestamps: &["approved_at", "applies_to"],
    id: "correction_id",
};

/// The reader's shape of an input.
pub fn spec(kind: InputKind) -> &'static Spec {
    match kind {
        InputKind::Calls => &CALLS,
        InputKind::Tickets => &TICKETS,
        InputKind::Changes => &CHANGES,
        InputKind::Corrections => &CORRECTIONS,
    }
}

/// The type of canonical column `c` of input `kind`.
pub fn col_type(kind: InputKind, c: &str) -> ColType {
    use InputKind::*;
    match (kind, c) {
        (Corrections, "applies_to") => ColType::IdOrInterval,
        (_, c) if spec(kind).timestamps.contains(&c) => ColType::Timestamp,
        (Calls, "result") => ColType::Enum(CALL_RESULT),
        (Calls, "persons") => ColType::Count,
        (Calls, "failed_providers") => ColType::List,
        (Tickets | Changes, "priority") => ColType::Enum(PRIORITY),
        (Tickets, "type") => ColType::Enum(TICKET_TYPE),
        (Tickets, "outage_kind") => ColType::Enum(OUTAGE_KIND),
        (Tickets, "security" | "major" | "planned") => ColType::Bool,
        (Changes, "status") => ColType::Enum(CHANGE_STATUS),
        (Changes, "in_release" | "overrun_notified") => ColType::Bool,
        (Corrections, "action") => ColType::Enum(CORRECTION_ACTION),
        _ => ColType::Text,
    }
}

fn note(kind: InputKind, c: &str) -> &'static str {
    use InputKind::*;
    match (kind, c) {
        (Calls, "call_id") => "or id_from_row = true (`<file>:<line>`)",
        (Calls, "responded_at") => "empty = no response; or responded_from_elapsed_ms",
        (Calls, "persons") => "values above 10 are kept",
        (Tickets, "priority") => "required except for orders",
        (Tickets, "closed_at") => "orders without it are not counted as delivered",
        (Tickets, "outage_kind") => "empty = unavailable",
        (Changes, "status") => "or status_rules (derived from the data)",
        _ => "",
    }
}

/// Every canonical column of `kind`, in canonical order (M2.4).
pub fn columns(kind: InputKind) -> Vec<Column> {
    let s = spec(kind);
    s.canon
        .iter()
        .map(|&name| Column {
            name,
            ty: col_type(kind, name),
            required: s.required.contains(&name),
            note: note(kind, name),
        })
        .collect()
}

/// The four inputs in reading order.
pub const KINDS: [InputKind; 4] = [
    InputKind::Calls,
    InputKind::Tickets,
    InputKind::Changes,
    InputKind::Corrections,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::{CallResult, ChangeStatus};

    #[test]
    fn lookup_is_trimmed_and_case_insensitive_also_beyond_ascii() {
        assert_eq!(lookup(PRIORITY, " HÖG "), Some(1));
        assert_eq!(lookup(PRIORITY, "Låg"), Some(3));
        assert_eq!(lookup(PRIORITY, "Critical"), Some(0));
        assert_eq!(lookup(PRIORITY, "5"), None);
        assert_eq!(lookup(PRIORITY, "Ö"), None);
        assert_eq!(lookup(BOOL, "JA"), Some(0));
    }

    #[test]
    fn enum_tables_follow_the_model_order() {
        for (i, r) in CallResult::ALL.iter().enumerate() {
            assert_eq!(CALL_RESULT[i].canonical, r.as_str());
        }
        for (i, s) in ChangeStatus::ALL.iter().enumerate() {
            assert_eq!(CHANGE_STATUS[i].canonical, s.as_str());
        }
    }

    #[test]
    fn columns_come_from_the_reader_specs() {
        let t = columns(InputKind::Tickets);
        assert_eq!(t.len(), crate::inputs::tickets::CANON.len());
        let reg = t.iter().find(|c| c.name == "registered_at").unwrap();
        assert!(reg.required);
        assert_eq!(reg.ty, ColType::Timestamp);
        let p = t.iter().find(|c| c.name == "priority").unwrap();
        assert!(!p.required);
        assert_eq!(p.ty, ColType::Enum(PRIORITY));
        assert_eq!(
            describe(PRIORITY),
            "1 (kritisk, critical), 2 (hög, hog, high), 3 (medel, medium), 4 (låg, lag, low)"
        );
        let c = columns(InputKind::Corrections);
        assert_eq!(c[1].ty, ColType::IdOrInterval);
    }
}
