//! The reject reasons: short, stable strings (scripts and auditors match on them).

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
