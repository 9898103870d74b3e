//! The validated, typed inputs that the metrics see: calls as columns (struct of arrays, the
//! big input), tickets, changes and corrections as rows. Every value here has passed
//! validation; whatever did not is a [`Reject`].

use std::sync::Arc;

use super::catalog::InputKind;
use crate::calendar::Ms;

/// Result of a call (M2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum CallResult {
    Ok = 0,
    Partial = 1,
    Error = 2,
    Unreachable = 3,
    NoResponse = 4,
}

impl CallResult {
    pub const ALL: [CallResult; 5] = [
        CallResult::Ok,
        CallResult::Partial,
        CallResult::Error,
        CallResult::Unreachable,
        CallResult::NoResponse,
    ];

    /// Trimmed, case-insensitive canonical name.
    pub fn parse(s: &str) -> Option<Self> {
        super::catalog::lookup(super::catalog::CALL_RESULT, s).map(|i| Self::ALL[i])
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CallResult::Ok => "ok",
            CallResult::Partial => "partial",
            CallResult::Error => "error",
            CallResult::Unreachable => "unreachable",
            CallResult::NoResponse => "no_response",
        }
    }

    /// `ok` or `partial`.
    pub fn is_answered(self) -> bool {
        matches!(self, CallResult::Ok | CallResult::Partial)
    }

    /// `no_response` or `unreachable`: counts toward a detected outage (M3.3).
    pub fn is_outage_failure(self) -> bool {
        matches!(self, CallResult::NoResponse | CallResult::Unreachable)
    }
}

/// Sentinel for "no responded_at".
pub const NO_TIME: Ms = i64::MIN;
/// Sentinel for "no municipality".
pub const NO_ID: u32 = u32::MAX;

/// The call log as columns, sorted by (`received`, `call_id`) (M3.2).
///
/// Strings are interned: `municipality[i]` indexes `municipalities`, `failed[i]` indexes
/// `failed_sets` (set 0 is the empty set). Call ids live in one arena.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    pub received: Vec<Ms>,
    /// [`NO_TIME`] when empty.
    pub responded: Vec<Ms>,
    pub result: Vec<CallResult>,
    /// 1..=u16::MAX (values > 10 are kept: M4.6).
    pub persons: Vec<u16>,
    pub municipality: Vec<u32>,
    pub failed: Vec<u32>,
    pub ids: StrArena,
    pub municipalities: Vec<String>,
    /// Distinct failed-provider sets, each sorted and deduplicated; index 0 = empty.
    pub failed_sets: Vec<Vec<String>>,
}

impl Calls {
    pub fn len(&self) -> usize {
        self.received.len()
    }
    pub fn is_empty(&self) -> bool {
        self.received.is_empty()
    }
    /// Number of distinct failed providers of call `i`.
    pub fn failed_count(&self, i: usize) -> usize {
        self.failed_sets[self.failed[i] as usize].len()
    }
    /// Append call `i` of `from`, whose interned indexes are already this one's.
    pub fn push_from(&mut self, from: &Calls, i: usize) {
        self.received.push(from.received[i]);
        self.responded.push(from.responded[i]);
        self.result.push(from.result[i]);
        self.persons.push(from.persons[i]);
        self.municipality.push(from.municipality[i]);
        self.failed.push(from.failed[i]);
        self.ids.push(from.ids.get(i));
    }
    /// Room for `rows` more calls whose ids take `id_bytes`, allocated once (not by doubling).
    pub fn reserve_exact(&mut self, rows: usize, id_bytes: usize) {
        self.received.reserve_exact(rows);
        self.responded.reserve_exact(rows);
        self.result.reserve_exact(rows);
        self.persons.reserve_exact(rows);
        self.municipality.reserve_exact(rows);
        self.failed.reserve_exact(rows);
        self.ids.ends.reserve_exact(rows);
        self.ids.bytes.reserve_exact(id_bytes);
    }
    /// The calls at `rows`, in that order, as calls of their own (the interned tables
    /// shared).
    pub fn gather(&self, rows: impl IntoIterator<Item = usize>) -> Calls {
        let mut out = Calls {
            municipalities: self.municipalities.clone(),
            failed_sets: self.failed_sets.clone(),
            ..Calls::default()
        };
        for i in rows {
            out.push_from(self, i);
        }
        out
    }

    /// The index range of calls with `received` in `[from, to)` (calls are sorted).
    pub fn range(&self, from: Ms, to: Ms) -> std::ops::Range<usize> {
        let a = self.received.partition_point(|&t| t < from);
        let b = self.received.partition_point(|&t| t < to);
        a..b
    }
}

/// What to do with every row column of [`Calls`]: one function for the columns of values, one
/// for the ids ([`Calls::map_columns`]).
pub trait ColumnMap {
    fn column<T: Copy + Send + Sync>(&self, v: Vec<T>) -> Vec<T>;
    fn ids(&self, ids: StrArena) -> StrArena;
}

impl Calls {
    /// Every row column through `m`, one at a time (each source column freed as soon as it is
    /// mapped); the interned tables unchanged. Every field is named: a new column cannot be
    /// forgotten.
    pub fn map_columns(self, m: &impl ColumnMap) -> Calls {
        let Calls {
            received,
            responded,
            result,
            persons,
            municipality,
            failed,
            ids,
            municipalities,
            failed_sets,
        } = self;
        Calls {
            received: m.column(received),
            responded: m.column(responded),
            result: m.column(result),
            persons: m.column(persons),
            municipality: m.column(municipality),
            failed: m.column(failed),
            ids: m.ids(ids),
            municipalities,
            failed_sets,
        }
    }
}

/// Many strings in one buffer: no allocation per row.
#[derive(Debug, Clone, Default)]
pub struct StrArena {
    pub bytes: String,
    /// `ends[i]` is the end offset of string `i`; string i is `bytes[ends[i-1]..ends[i]]`.
    pub ends: Vec<usize>,
}

impl StrArena {
    pub fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }
    /// Append every string of `other`, in order.
    pub fn append(&mut self, other: &StrArena) {
        let base = self.bytes.len();
        self.bytes.push_str(&other.bytes);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    Incident,
    Problem,
    Order,
}

impl TicketType {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketType::Incident => "incident",
            TicketType::Problem => "problem",
            TicketType::Order => "order",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutageKind {
    Unavailable,
    Degraded,
}

/// One ticket (M2.1), validated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ticket {
    pub ticket_id: String,
    pub kind: TicketType,
    /// 1..=4; `None` only for orders.
    pub priority: Option<u8>,
    pub registered_at: Ms,
    pub responded_at: Option<Ms>,
    pub resolved_at: Option<Ms>,
    pub closed_at: Option<Ms>,
    pub summary: String,
    pub security: bool,
    pub major: bool,
    pub outage_start: Option<Ms>,
    /// `None` with a start = ongoing at the data's end (M3.5).
    pub outage_end: Option<Ms>,
    pub outage_kind: OutageKind,
    pub planned: bool,
    pub cause: String,
    pub action_plan: String,
    pub provider: String,
    /// Where it came from, for evidence.
    pub source: RowRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Planned,
    InProgress,
    Completed,
    Failed,
    Cancelled,
}

impl ChangeStatus {
    pub const ALL: [ChangeStatus; 5] = [
        ChangeStatus::Planned,
        ChangeStatus::InProgress,
        ChangeStatus::Completed,
        ChangeStatus::Failed,
        ChangeStatus::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeStatus::Planned => "planned",
            ChangeStatus::InProgress => "in_progress",
            ChangeStatus::Completed => "completed",
            ChangeStatus::Failed => "failed",
            ChangeStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        super::catalog::lookup(super::catalog::CHANGE_STATUS, s).map(|i| Self::ALL[i])
    }
}

/// One planned change / service window (M2.1), validated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub change_id: String,
    pub title: String,
    pub priority: Option<u8>,
    pub status: ChangeStatus,
    pub in_release: bool,
    pub notified_at: Option<Ms>,
    pub scheduled_start: Option<Ms>,
    pub scheduled_end: Option<Ms>,
    pub actual_start: Option<Ms>,
    pub actual_end: Option<Ms>,
    pub overrun_notified: bool,
    pub outcome: String,
    pub source: RowRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionAction {
    Exclude,
    Reclassify,
    SetField,
}

/// What a correction applies to.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AppliesTo {
    /// A call, ticket or change id.
    Id { id: String },
    /// An interval `[start, end)`.
    Interval { start: Ms, end: Ms },
}

/// One correction (M9.1), validated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Correction {
    pub correction_id: String,
    pub applies_to: AppliesTo,
    pub action: CorrectionAction,
    pub value: String,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: Option<Ms>,
    pub source: RowRef,
}

/// A row's origin: file index (into the input's file list) and 1-based line of the record start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct RowRef {
    pub file: u32,
    pub line: u64,
}

/// A rejected input row (M2.7, rejected.csv).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Reject {
    pub input: InputKind,
    /// The file as given on the command line, shared by every reject of that file (a run
    /// where every row is rejected holds one copy of each path, not one per row).
    #[serde(serialize_with = "shared_str")]
    pub file: Arc<str>,
    /// 1-based line (record start) in the file; for Parquet the 1-based row number.
    pub line: u64,
    /// The canonical column at fault (empty if the row as a whole).
    pub column: &'static str,
    /// The offending value (truncated to 200 characters).
    pub value: String,
    /// A stable reason code, e.g. `unparseable timestamp`, `duplicate`.
    pub reason: &'static str,
}

/// A shared string serialized as the plain string it holds (serde's `rc` feature is off).
fn shared_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// Per input file: what was read and what became of it. `read = used + rejected` always.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct FileStats {
    pub input: String,
    pub path: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    /// Naive local timestamps resolved in the spring gap / autumn fold (M1.4–M1.5).
    pub dst_gap_resolved: u64,
    pub dst_fold_resolved: u64,
    /// Event-log inputs folded into one ticket per id: the events read (the rows above count
    /// tickets, each in the file of its first event). 0 when not folded.
    #[serde(skip_serializing_if = "is_zero")]
    pub events_read: u64,
    /// Instants outside 1900–2200 (used, but implausible: see `inputs::warnings`).
    #[serde(skip_serializing_if = "is_zero")]
    pub implausible_instants: u64,
    /// The first of them: `column \`text\` = instant`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub implausible_example: String,
    /// The canonical columns this file provides: a column it has, a constant, or (event logs)
    /// a time taken from the events' states. A measure that needs a column no file provides
    /// is not measured (see `metrics::basis`).
    #[serde(skip)]
    pub columns: Vec<String>,
    /// The text encoding the file was read in, when the mapping names one (`None`: the
    /// UTF-8 default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Folded inputs (changes): records whose rows disagreed in some column, merged by the
    /// input's fold rule (see `inputs::warnings::fold_and_encoding_warnings`).
    #[serde(skip_serializing_if = "is_zero")]
    pub fold_conflicts: u64,
    /// Read in a declared single-byte encoding although its bytes are valid UTF-8 with
    /// non-ASCII text: probably UTF-8, and `å` now reads as `Ã¥`.
    #[serde(skip)]
    pub encoding_doubt: bool,
    /// Call files: rows rejected as conflicting duplicates whose id also occurs in another
    /// file (see `inputs::crossfile`, `inputs::restart`).
    #[serde(skip)]
    pub ids_in_other_files: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}
