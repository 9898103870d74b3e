//! Corrections (M9.1): auditable after-the-fact decisions.
//!
//! `applies_to` is an id, or an interval `START/END` (ISO 8601 interval notation; `START..END`
//! also accepted) whose two ends both parse as timestamps of the input's format; anything else
//! is an id.

use super::catalog::{self, Spec};
use super::clocks::Clocks;
use super::fields::Row;
use super::model::{AppliesTo, Correction, CorrectionAction, RowRef};
use super::reasons::{self, Bad};

pub const SPEC: Spec = catalog::CORRECTIONS;
pub const CANON: &[&str] = SPEC.canon;
pub const TIMESTAMPS: &[&str] = SPEC.timestamps;

pub fn parse_action(s: &str) -> Option<CorrectionAction> {
    super::catalog::lookup(super::catalog::CORRECTION_ACTION, s).map(|i| {
        [
            CorrectionAction::Exclude,
            CorrectionAction::Reclassify,
            CorrectionAction::SetField,
        ][i]
    })
}

/// Convert and validate one correction row.
pub fn convert(row: &Row, clocks: &mut Clocks, source: RowRef) -> Result<Correction, Bad> {
    let correction_id = row.required("correction_id")?.trim().to_string();
    let target = row.required("applies_to")?.trim().to_string();
    let applies_to = applies_to(&target, clocks, row.r.pos("applies_to"))?;
    let action = row
        .enum_of("action", parse_action, reasons::ACTION)?
        .ok_or_else(|| Bad::new("action", "", reasons::MISSING))?;
    let approved_at = row.time(clocks, "approved_at")?;
    Ok(Correction {
        correction_id,
        applies_to,
        action,
        value: row.text("value").into_owned(),
        reason: row.text("reason").into_owned(),
        approved_by: row.text("approved_by").into_owned(),
        approved_at,
        source,
    })
}

/// Merge the rows of one correction id (`fold`): a correction is an audited decision, so its
/// rows must agree in every column; then it is one correction, placed at its first row.
/// Rows that disagree are never merged: the correction is rejected (`conflicting folded rows`).
pub fn merge(rows: Vec<Correction>) -> Result<Correction, Bad> {
    let first = rows
        .iter()
        .map(|c| c.source)
        .min()
        .expect("a group has a row");
    let mut it = rows.into_iter();
    let mut out = it.next().expect("a group has a row");
    for c in it {
        let same = Correction {
            source: out.source,
            ..c
        };
        if same != out {
            return Err(Bad::new(
                "correction_id",
                &out.correction_id,
                reasons::CONFLICTING_FOLD,
            ));
        }
    }
    out.source = first;
    Ok(out)
}

fn applies_to(s: &str, clocks: &mut Clocks, slot: usize) -> Result<AppliesTo, Bad> {
    let split = s.split_once('/').or_else(|| s.split_once(".."));
    if let Some((a, b)) = split {
        let mut probe = clocks.clone();
        if let (Ok(Some(start)), Ok(Some(end))) = (
            probe.parse(slot, "applies_to", a),
            probe.parse(slot, "applies_to", b),
        ) {
            *clocks = probe;
            if end < start {
                return Err(Bad::new("applies_to", s, reasons::END_BEFORE_START));
            }
            return Ok(AppliesTo::Interval { start, end });
        }
    }
    Ok(AppliesTo::Id { id: s.to_string() })
}
