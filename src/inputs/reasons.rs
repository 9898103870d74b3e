//! Why a row is rejected: the reasons, short and stable strings (scripts and auditors match
//! on them), and [`Bad`], a reason with the column and value it is about. The bottom of
//! `inputs/`: it uses no other module of the folder.

pub const MISSING: &str = "missing required field";
pub const TIMESTAMP: &str = "unparseable timestamp";
pub const NUMBER: &str = "unparseable number";
pub const PERSONS: &str = "invalid persons";
pub const RESULT: &str = "unknown result";
pub const TYPE: &str = "unknown type";
pub const STATUS: &str = "unknown status";
pub const ACTION: &str = "unknown action";
pub const OUTAGE_KIND: &str = "unknown outage_kind";
pub const RESPONDED_BEFORE_RECEIVED: &str = "responded before received";
pub const BEFORE_REGISTERED: &str = "before registered_at";
pub const OUTAGE_END_BEFORE_START: &str = "outage end before start";
pub const OUTAGE_END_WITHOUT_START: &str = "outage end without start";
pub const END_BEFORE_START: &str = "end before start";
pub const MISSING_PRIORITY: &str = "missing priority";
pub const DUPLICATE: &str = "duplicate";
pub const CONFLICTING_DUPLICATE: &str = "conflicting duplicate";
pub const FIELD_COUNT: &str = "wrong number of fields";
pub const INVALID_UTF8: &str = "invalid UTF-8";
pub const EXCLUDED: &str = "excluded by filter";
pub const STATUS_NO_RULE: &str = "no status rule applies";
pub const CONFLICTING_FOLD: &str = "conflicting folded rows";

/// Why a field was not accepted: the canonical column, the offending value, a stable reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub column: &'static str,
    pub value: String,
    pub reason: &'static str,
}

impl Bad {
    pub fn new(column: &'static str, value: &str, reason: &'static str) -> Self {
        Bad {
            column,
            value: truncate(value),
            reason,
        }
    }
}

/// At most 200 characters (M2.7: rejected.csv values are truncated).
pub fn truncate(s: &str) -> String {
    match s.char_indices().nth(200) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// A value on one line, at most `max` characters: line breaks become spaces and other control
/// characters are shown escaped, so that an input value cannot send terminal escape sequences
/// (ESC [ …) to the reader's terminal.
pub fn printable(v: &str, max: usize) -> String {
    let v: String = v
        .chars()
        .map(|c| match c {
            '\n' | '\r' => " ".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect();
    match v.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v,
    }
}
