//! Availability cases (M3, M3.3–M3.6, M3.9–M3.11). Month: March 2026, 22 weekdays, no weekday
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

/// Fri 2026-03-06 16:00 → Mon 2026-03-09 09:30: open time Fri 16:00–17:00 (1 h) + Mon
/// 08:00–09:30 (1.5 h) = 2.5 h = 9000 s; one outage however long the night and weekend.
#[test]
fn outage_across_a_night_and_a_weekend() {
    let mut k = Kit::new();
    k.outage("INC-2", "2026-03-06 16:00", Some("2026-03-09 09:30"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 9000);
    assert_eq!(m.kpis.unplanned_outages, 1);
    let o = &m.availability.outages[0];
    assert_eq!(o.open_ms, 9000 * S);
    assert_eq!(o.wall_ms, 65 * H + 30 * MIN);
    assert_eq!(o.outage_no, 1);
    let fri = &m.availability.per_day[5];
    assert_eq!(
        (fri.date.to_string().as_str(), fri.unavailable_ms),
        ("2026-03-06", H)
    );
    let sat = &m.availability.per_day[6];
    assert_eq!((sat.open_ms, sat.unavailable_ms), (0, 0));
    assert_eq!(m.availability.per_day[8].unavailable_ms, 90 * MIN);
}

/// Failed runs [10:00, 10:06) (3 calls, next call 10:06) and [10:16, 10:25) are 10 min apart
/// (< merge_gap 15 min): one outage; the gap is not downtime: 6 + 9 = 15 min = 900 s.
/// The same pair exactly 15 min apart is two outages.
#[test]
fn two_outages_ten_minutes_apart_are_one() {
    let run = |k: &mut Kit, day: &str, mins: &[&str], next: &str| {
        for m in mins {
            k.call(&format!("{day} {m}"), Unreachable, None, 1);
        }
        k.ok(&format!("{day} {next}"), 500, 1);
    };
    let mut k = Kit::new();
    run(&mut k, "2026-03-03", &["10:00", "10:02", "10:04"], "10:06");
    run(&mut k, "2026-03-03", &["10:16", "10:20", "10:24"], "10:25");
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 900);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(m.availability.outages.len(), 2);
    assert!(m.availability.outages.iter().all(|o| o.outage_no == 1));
    // Both detected without an incident: two discrepancies.
    assert_eq!(m.availability.reconciliation.len(), 2);
    assert!(m
        .availability
        .reconciliation
        .iter()
        .all(|d| d.kind.as_str() == "detected_without_incident"));

    let mut k = Kit::new();
    run(&mut k, "2026-03-03", &["10:00", "10:02", "10:04"], "10:06");
    run(&mut k, "2026-03-03", &["10:21", "10:25", "10:29"], "10:30");
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 6 * 60 + 9 * 60);
    assert_eq!(m.kpis.unplanned_outages, 2);
}

/// The run rule at its edges (M3.3): ≥ 5 min and ≥ 3 calls.
#[test]
fn detection_thresholds() {
    // Exactly 5 min with 3 calls: an outage of 300 s.
    let mut k = Kit::new();
    for s in ["11:00:00", "11:01:00", "11:02:00"] {
        k.call(&format!("2026-03-04 {s}"), NoResponse, None, 1);
    }
    k.ok("2026-03-04 11:05:00", 100, 1);
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (300, 1)
    );

    // 1 ms short of 5 min: nothing.
    let mut k = Kit::new();
    for s in ["11:00:00", "11:01:00", "11:02:00"] {
        k.call(&format!("2026-03-04 {s}"), NoResponse, None, 1);
    }
    k.ok("2026-03-04 11:04:59.999", 100, 1);
    assert_eq!(k.run(2026, 3).kpis.unavailable_seconds, 0);

    // Two calls over 10 min: too few calls. `error` results do not count as failures.
    let mut k = Kit::new();
    k.call("2026-03-04 11:00", NoResponse, None, 1);
    k.call("2026-03-04 11:05", Error, None, 1);
    k.call("2026-03-04 11:06", NoResponse, None, 1);
    k.call("2026-03-04 11:20", NoResponse, None, 1);
    k.ok("2026-03-04 11:30", 100, 1);
    assert_eq!(k.run(2026, 3).kpis.unavailable_seconds, 0);

    // No call after the run: it ends at the last failed call (11:00 → 11:10 = 600 s).
    let mut k = Kit::new();
    for s in ["11:00", "11:04", "11:10"] {
        k.call(&format!("2026-03-04 {s}"), NoResponse, None, 1);
    }
    assert_eq!(k.run(2026, 3).kpis.unavailable_seconds, 600);
}

/// A run that starts before the month (Fri 27 Feb 16:55, failing all weekend) and ends at the
/// first other call Mon 2 March 08:10: March gets 08:00–08:10 = 600 s and one outage;
/// February gets 16:55–17:00 = 300 s and one outage; YTD in March: 900 s, one outage.
#[test]
fn run_starting_before_the_month() {
    let mut k = Kit::new();
    k.call("2026-02-27 16:55", NoResponse, None, 1);
    k.call("2026-02-28 10:00", NoResponse, None, 1);
    k.call("2026-03-02 07:59", Unreachable, None, 1);
    k.ok("2026-03-02 08:10", 100, 1);
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (600, 1)
    );
    assert_eq!(m.kpis.ytd_unavailable_seconds, 900);
    assert_eq!(m.kpis.ytd_unplanned_outages, 1);
    assert_eq!(
        m.availability.ytd.per_month,
        // January has no input: unknown, never 0.
        vec![
            (1, None, None),
            (2, Some(300_000), Some(1)),
            (3, Some(600_000), Some(1))
        ]
    );
    assert_eq!(m.availability.ytd.months_covered, vec![2, 3]);
    assert_eq!(m.availability.ytd.budget_left_ms, 223_200_000 - 900_000);
    let f = k.run(2026, 2);
    assert_eq!(
        (f.kpis.unavailable_seconds, f.kpis.unplanned_outages),
        (300, 1)
    );
}

/// Tue 31 March 16:00 → Wed 1 April 09:00 counts in each month (1 h each) and once in YTD.
#[test]
fn outage_spanning_two_months() {
    let mut k = Kit::new();
    k.outage("INC-3", "2026-03-31 16:00", Some("2026-04-01 09:00"));
    // A ticket resolved in April, so the tickets cover April too.
    k.ticket(
        "INC-4",
        crate::inputs::TicketType::Incident,
        Some(4),
        "2026-04-01 10:00",
    )
    .resolved_at = Some(t("2026-04-01 11:00"));
    let mar = k.run(2026, 3);
    assert_eq!(
        (mar.kpis.unavailable_seconds, mar.kpis.unplanned_outages),
        (3600, 1)
    );
    let apr = k.run(2026, 4);
    assert_eq!(
        (apr.kpis.unavailable_seconds, apr.kpis.unplanned_outages),
        (3600, 1)
    );
    assert_eq!(apr.kpis.ytd_unavailable_seconds, 7200);
    assert_eq!(apr.kpis.ytd_unplanned_outages, 1);
    assert_eq!(
        apr.availability.ytd.per_month[2],
        (3, Some(3_600_000), Some(1))
    );
    assert_eq!(
        apr.availability.ytd.per_month[3],
        (4, Some(3_600_000), Some(1))
    );
}

/// Planned incidents never count; an incident with no end runs to the latest instant of any
/// row (M3.5): here a call at Thu 5 March 10:30 → 10:00–10:30 = 1800 s.
#[test]
fn planned_never_counts_and_open_end_runs_to_data_end() {
    let mut k = Kit::new();
    k.outage("INC-P", "2026-03-04 09:00", Some("2026-03-04 12:00"))
        .planned = true;
    k.outage("INC-O", "2026-03-05 10:00", None);
    k.ok("2026-03-05 10:30", 100, 1);
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 1800);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(m.availability.intervals.len(), 1);
    assert_eq!(m.availability.intervals[0].reference, "INC-O");
}

/// Outside open time: no downtime, no outage. A night interval 10 min before opening merges
/// with a morning one for the count: one outage, 30 min.
#[test]
fn only_intervals_touching_open_time_count() {
    let mut k = Kit::new();
    k.outage("INC-N", "2026-03-10 20:00", Some("2026-03-10 23:00"));
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (0, 0)
    );
    assert!(m.availability.outages.is_empty());

    let mut k = Kit::new();
    k.outage("INC-A", "2026-03-10 07:00", Some("2026-03-10 07:50"));
    k.outage("INC-B", "2026-03-10 07:55", Some("2026-03-10 08:30"));
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (1800, 1)
    );
    // Open time is half-open: an outage ending exactly at 08:00 does not touch it.
    let mut k = Kit::new();
    k.outage("INC-C", "2026-03-10 07:00", Some("2026-03-10 08:00"));
    k.outage("INC-D", "2026-03-10 17:00", Some("2026-03-10 18:00"));
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (0, 0)
    );
}

/// Degraded (M3.11): calls 11:00, 11:02, 11:04 each with 2 failed providers, next other
/// call 11:06 → degraded run [11:00, 11:06). An incident makes [11:04, 11:10) unavailable, so
/// degraded = [11:00, 11:04) = 240 s and unavailable = 360 s. A degraded incident
/// [13:00, 13:30) adds 1800 s. Degraded time is not unavailable.
#[test]
fn degraded_period() {
    let mut k = Kit::new();
    for m in ["11:00", "11:02", "11:04"] {
        k.call(&format!("2026-03-11 {m}"), Partial, Some(900), 1)
            .failed = vec!["fk".into(), "csn".into()];
    }
    k.ok("2026-03-11 11:06", 800, 1).failed = vec!["fk".into()];
    k.outage("INC-U", "2026-03-11 11:04", Some("2026-03-11 11:10"));
    k.outage("INC-D", "2026-03-11 13:00", Some("2026-03-11 13:30"))
        .outage_kind = crate::inputs::OutageKind::Degraded;
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 360);
    assert_eq!(m.kpis.degraded_seconds, 240 + 1800);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(m.availability.degraded_intervals.len(), 2);
    let d = &m.availability.per_day[10];
    assert_eq!((d.unavailable_ms, d.degraded_ms), (360 * S, 2040 * S));
    // The incident has no failing call in it: a discrepancy.
    assert_eq!(m.availability.reconciliation.len(), 1);
    assert_eq!(
        m.availability.reconciliation[0].kind.as_str(),
        "incident_without_failing_calls"
    );
    assert_eq!(m.availability.reconciliation[0].reference, "INC-U");
}

/// Change windows (M3.6), Tue 3 March (open 08:00–17:00):
/// - CHG-1 notified a month before, scheduled 06:00–07:30, ran 06:00–08:45, overrun not
///   notified: overrun [07:30, 08:45) → 45 min of open time;
/// - CHG-2 the same with the overrun notified: nothing;
/// - CHG-3 Wed 4 March 16:00–18:00, never notified: the whole window → 60 min;
/// - CHG-4 Thu 5 March 12:00–12:20, notified after it started: without notice → 20 min.
///
/// Total 125 min = 7500 s in three outages (CHG-1 and CHG-2 overlap nothing counted twice).
#[test]
fn change_overruns_with_and_without_notice() {
    let mut k = Kit::new();
    for (id, notified) in [("CHG-1", false), ("CHG-2", true)] {
        let c = k.change(id);
        c.notified_at = Some(t("2026-02-01 10:00"));
        c.scheduled_start = Some(t("2026-03-03 06:00"));
        c.scheduled_end = Some(t("2026-03-03 07:30"));
        c.actual_start = Some(t("2026-03-03 06:00"));
        c.actual_end = Some(t("2026-03-03 08:45"));
        c.overrun_notified = notified;
    }
    let c = k.change("CHG-3");
    c.scheduled_start = Some(t("2026-03-04 16:00"));
    c.scheduled_end = Some(t("2026-03-04 18:00"));
    c.actual_start = Some(t("2026-03-04 16:00"));
    c.actual_end = Some(t("2026-03-04 18:00"));
    let c = k.change("CHG-4");
    c.notified_at = Some(t("2026-03-05 12:05"));
    c.scheduled_start = Some(t("2026-03-05 12:00"));
    c.scheduled_end = Some(t("2026-03-05 12:30"));
    c.actual_start = Some(t("2026-03-05 12:00"));
    c.actual_end = Some(t("2026-03-05 12:20"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 7500);
    assert_eq!(m.kpis.unplanned_outages, 3);
    let by_id = |id: &str| {
        m.changes
            .changes
            .iter()
            .find(|c| c.change_id == id)
            .unwrap()
    };
    assert_eq!(by_id("CHG-1").unavailable_ms, 45 * MIN);
    assert_eq!(by_id("CHG-2").unavailable_ms, 0);
    assert_eq!(by_id("CHG-3").unavailable_ms, 60 * MIN);
    assert_eq!(by_id("CHG-4").unavailable_ms, 20 * MIN);
    assert_eq!(
        m.availability.outages[0].change_ids,
        vec!["CHG-1".to_string()]
    );
    // Changes section: 4 in March; overruns = actual_end > scheduled_end: CHG-1, CHG-2;
    // short notice: CHG-3 (none), CHG-4 (after the start); CHG-1/2 had 30 days.
    assert_eq!(m.kpis.changes_total, 4);
    assert_eq!(m.kpis.changes_overruns, 2);
    assert_eq!(m.changes.overruns_not_notified, 1);
    assert_eq!(m.kpis.changes_short_notice, 2);
    // Every window ran partly inside open time.
    assert_eq!(m.changes.inside_open_time, 4);
}

/// `availability.source`: `calls` uses only the call log, `incidents` everything else.
#[test]
fn source_setting() {
    let mut k = Kit::new();
    for m in ["09:00", "09:02", "09:04"] {
        k.call(&format!("2026-03-12 {m}"), NoResponse, None, 1);
    }
    k.ok("2026-03-12 09:10", 100, 1);
    k.outage("INC-X", "2026-03-12 14:00", Some("2026-03-12 14:20"));
    assert_eq!(k.run(2026, 3).kpis.unavailable_seconds, 600 + 1200);
    k.cfg.availability.source = crate::config::AvailabilitySource::Calls;
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.availability.source.as_str()),
        (600, "calls")
    );
    k.cfg.availability.source = crate::config::AvailabilitySource::Incidents;
    assert_eq!(k.run(2026, 3).kpis.unavailable_seconds, 1200);
}

/// Durations are floored to seconds from the ms sum (M1.3): 300.999 s → 300.
#[test]
fn seconds_are_floored() {
    let mut k = Kit::new();
    k.outage(
        "INC-F",
        "2026-03-13 09:00:00",
        Some("2026-03-13 09:05:00.999"),
    );
    let m = k.run(2026, 3);
    assert_eq!(m.availability.unavailable_ms, 300_999);
    assert_eq!(m.kpis.unavailable_seconds, 300);
}

/// M3.4, M3.6 and M3.11: a *planned* unavailable incident [09:00, 10:00) on Wed 11 March is
/// never unavailable time; a planned *degraded* incident [13:00, 13:30) is still reported as
/// degraded (1800 s), because only unavailability carries the planned filter.
#[test]
fn planned_incidents_never_unavailable_but_degraded_is_reported() {
    let mut k = Kit::new();
    k.outage("INC-P", "2026-03-11 09:00", Some("2026-03-11 10:00"))
        .planned = true;
    let d = k.outage("INC-PD", "2026-03-11 13:00", Some("2026-03-11 13:30"));
    d.planned = true;
    d.outage_kind = crate::inputs::OutageKind::Degraded;
    let m = k.run(2026, 3);
    assert_eq!(
        (m.kpis.unavailable_seconds, m.kpis.unplanned_outages),
        (0, 0)
    );
    assert_eq!(m.kpis.degraded_seconds, 1800);
}
