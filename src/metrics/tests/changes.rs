//! Planned changes (M8, M8.1–M8.3): month attribution, short notice at exactly 28 `d`
//! days (also across DST), releases, statuses.

use super::kit::*;
use crate::inputs::ChangeStatus;

#[test]
fn short_notice_edges() {
    let mut k = Kit::new();
    // Exactly 28 days before: not short.
    let c = k.change("C-28");
    c.notified_at = Some(t("2026-02-02 22:00"));
    c.scheduled_start = Some(t("2026-03-02 22:00"));
    // 1 ms less than 28 days: short.
    let c = k.change("C-27");
    c.notified_at = Some(t("2026-02-02 22:00:00.001"));
    c.scheduled_start = Some(t("2026-03-02 22:00"));
    // Across the DST switch: 5 March 10:00 (+01) → 2 April 10:00 (+02) is 28 `d` days even
    // though only 671 h pass: not short (counted in April).
    let c = k.change("C-DST");
    c.notified_at = Some(t("2026-03-05 10:00"));
    c.scheduled_start = Some(t("2026-04-02 10:00"));
    // In a release, never notified: not short; cancelled still counts.
    let c = k.change("C-REL");
    c.in_release = true;
    c.status = ChangeStatus::Cancelled;
    c.scheduled_start = Some(t("2026-03-20 22:00"));
    // No scheduled start: the actual start places it (March); never notified: short.
    let c = k.change("C-ACT");
    c.status = ChangeStatus::Failed;
    c.actual_start = Some(t("2026-03-21 01:00"));
    c.actual_end = Some(t("2026-03-21 02:00"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.changes_total, 4);
    assert_eq!(m.kpis.changes_short_notice, 2);
    let short: Vec<&str> = m
        .changes
        .changes
        .iter()
        .filter(|c| c.short_notice)
        .map(|c| c.change_id.as_str())
        .collect();
    assert_eq!(short, vec!["C-27", "C-ACT"]);
    assert_eq!(
        m.changes.by_status,
        vec![
            ("planned".to_string(), 0),
            ("in_progress".to_string(), 0),
            ("completed".to_string(), 2),
            ("failed".to_string(), 1),
            ("cancelled".to_string(), 1)
        ]
    );
    // Night work: nothing inside open time, no overrun.
    assert_eq!(
        (m.changes.inside_open_time, m.kpis.changes_overruns),
        (0, 0)
    );
    let a = k.run(2026, 4);
    assert_eq!((a.kpis.changes_total, a.kpis.changes_short_notice), (1, 0));
}
