//! Planned changes and service windows (M2.1), validated per M2.10.

use super::fields::{Bad, Clocks, Row};
use super::model::{Change, ChangeStatus, RowRef};
use super::reasons;
use super::rows::Spec;

pub const CANON: &[&str] = &[
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
];

pub const TIMESTAMPS: &[&str] = &[
    "notified_at",
    "scheduled_start",
    "scheduled_end",
    "actual_start",
    "actual_end",
];

pub const SPEC: Spec = Spec {
    kind: super::InputKind::Changes,
    canon: CANON,
    required: &["change_id", "status"],
    timestamps: TIMESTAMPS,
    id: "change_id",
};

/// Convert and validate one change row.
pub fn convert(row: &Row, clocks: &mut Clocks, source: RowRef) -> Result<Change, Bad> {
    let change_id = row.required("change_id")?.trim().to_string();
    let title = row.text("title").into_owned();
    let priority = row.priority("priority")?;
    let status = row
        .enum_of("status", ChangeStatus::parse, reasons::STATUS)?
        .ok_or_else(|| Bad::new("status", "", reasons::MISSING))?;
    let in_release = row.bool_of("in_release")?;
    let notified_at = row.time(clocks, "notified_at")?;
    let scheduled_start = row.time(clocks, "scheduled_start")?;
    let scheduled_end = row.time(clocks, "scheduled_end")?;
    let actual_start = row.time(clocks, "actual_start")?;
    let actual_end = row.time(clocks, "actual_end")?;
    let overrun_notified = row.bool_of("overrun_notified")?;
    for (s, e, ec) in [
        (scheduled_start, scheduled_end, "scheduled_end"),
        (actual_start, actual_end, "actual_end"),
    ] {
        if let (Some(s), Some(e)) = (s, e) {
            if e < s {
                return Err(Bad::new(ec, row.raw(ec), reasons::END_BEFORE_START));
            }
        }
    }
    Ok(Change {
        change_id,
        title,
        priority,
        status,
        in_release,
        notified_at,
        scheduled_start,
        scheduled_end,
        actual_start,
        actual_end,
        overrun_notified,
        outcome: row.text("outcome").into_owned(),
        source,
    })
}
