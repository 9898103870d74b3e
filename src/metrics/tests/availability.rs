//! Availability cases (SPEC §4.1, §9.9–9.14). Month: March 2026, 22 weekdays, no weekday
//! holiday: open time 22 × 9 h = 198 h = 712 800 s. Local time is +01:00 until Sun 29 March.

use super::kit::*;
use crate::inputs::CallResult::*;

const MARCH_OPEN_S: i64 = 712_800;

/// Incident INC-1 [09:12, 10:00) overlaps a detected run [09:10, 09:30) (4 failed calls from
/// 09:10, next other call 09:30). Union [09:10, 10:00) = 50 min = 3000 s, one outage.
#[test]
fn overlapping_incident_and_detected_outage() {
    let mut k = Kit::new();
    k.ok("2026-03-02 09:00", 1000, 1);
    for m in ["09:10", "09:11", "09:12", "09:13"] {
        k.call(&format!("2026-03-02 {m}"), NoResponse, None, 1);
    }
    k.ok("2026-03-02 09:30", 1000, 1);
    k.outage("INC-1", "2026-03-02 09:12", Some("2026-03-02 10:00"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.open_seconds, MARCH_OPEN_S);
    assert_eq!(m.kpis.unavailable_seconds, 3000);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(
        m.kpis.availability,
        Some((MARCH_OPEN_S - 3000) as f64 / MARCH_OPEN_S as f64)
    );
    assert_eq!(
        m.exact["availability"].numerator,
        (MARCH_OPEN_S - 3000) * 1000
    );
    assert_eq!(m.availability.outages.len(), 1);
    let o = &m.availability.outages[0];
    assert_eq!(
        (o.start, o.end),
        (t("2026-03-02 09:10"), t("2026-03-02 10:00"))
    );
    assert_eq!(o.incident_ids, vec!["INC-1".to_string()]);
    assert!(
        m.availability.reconciliation.is_empty(),
        "{:?}",
        m.availability.reconciliation
    );
    assert_eq!(m.kpis.ytd_unavailable_seconds, 3000);
    assert_eq!(m.kpis.ytd_unplanned_outages, 1);
}
