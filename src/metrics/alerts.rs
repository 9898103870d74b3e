//! Warnings about the month's figures where a choice of inputs decides them: availability
//! resting on change windows alone, and more than half of the month's open time unavailable.
//! Printed by `report` (stderr and the data-quality appendix) and `check --month`.

use super::Metrics;
use crate::inputs::warnings::InputWarning;

/// Stable warning codes.
pub const CHANGES_ONLY: &str = "change windows only";
pub const MOSTLY_UNAVAILABLE: &str = "mostly unavailable";

/// The warnings about the figures of `m`.
pub fn figure_warnings(m: &Metrics) -> Vec<InputWarning> {
    let mut out = Vec::new();
    let b = &m.basis;
    let a = &m.availability;
    if b.sources_used == [super::basis::SOURCE_CHANGES] && a.unavailable_ms > 0 {
        out.push(InputWarning {
            input: "changes".into(),
            code: CHANGES_ONLY,
            message: format!(
                "availability of {} rests on change windows only (no data from: {}): every \
                 minute of downtime comes from a change given without notice or overrunning; \
                 check notified_at and overrun_notified in [inputs.changes]",
                m.month,
                b.sources_missing.join(", ")
            ),
            unusable: false,
        });
    }
    if a.open_ms > 0 && a.unavailable_ms.saturating_mul(2) > a.open_ms {
        out.push(InputWarning {
            input: b.sources_used.join(","),
            code: MOSTLY_UNAVAILABLE,
            message: format!(
                "{}: {} of {} open milliseconds ({}%) are unavailable, from {}; more than half \
                 of the open time is rarely real: check the sources' mappings",
                m.month,
                a.unavailable_ms,
                a.open_ms,
                a.unavailable_ms * 100 / a.open_ms,
                b.sources_used.join(", ")
            ),
            unusable: false,
        });
    }
    out
}

/// The targets of `m` that are not measured, as `key: reason` lines (what a partial export
/// cannot show; `check --month` and `report` print them, they are no warnings).
pub fn not_measured(m: &Metrics) -> Vec<String> {
    m.targets
        .iter()
        .filter(|t| t.met.is_none())
        .map(|t| {
            let why = t.reason.as_deref().unwrap_or("no data");
            format!("{}: {why}", t.key)
        })
        .collect()
}
