//! The facts the report's content rests on, hand-computed: which inputs cover a
//! month, targets not measured without data, the report's date, open tickets past which
//! target, the summary of the month, the trend of the year, changes by priority, intervals
//! excluded by a correction and merged periods of disturbance.
//!
//! February 2026: 20 weekdays, no weekday holiday, open 180 h. March 2026: 22 weekdays, 198 h.

use super::kit::*;
use crate::inputs::CallResult::*;
use crate::inputs::TicketType::{Incident, Problem};
use crate::inputs::{AppliesTo, ChangeStatus, Correction, CorrectionAction, OutageKind, RowRef};

fn target<'a>(m: &'a crate::metrics::Metrics, key: &str) -> &'a crate::metrics::TargetStatus {
    m.targets
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no target {key}"))
}

/// An incident resolved in the month (so the tickets cover it), within its targets.
fn quiet_incident(k: &mut Kit, id: &str, day: &str) {
    let x = k.ticket(id, Incident, Some(3), &format!("{day} 09:00"));
    x.responded_at = Some(t(&format!("{day} 09:30")));
    x.resolved_at = Some(t(&format!("{day} 11:00")));
}

fn exclude(id: &str, from: &str, to: &str, approved: &str) -> Correction {
    Correction {
        correction_id: id.into(),
        applies_to: AppliesTo::Interval {
            start: t(from),
            end: t(to),
        },
        action: CorrectionAction::Exclude,
        value: String::new(),
        reason: "agreed".into(),
        approved_by: "SLM".into(),
        approved_at: Some(t(approved)),
        source: RowRef::default(),
    }
}

/// The call log has rows in February only: March's call-derived targets are not measured
/// (neither met nor missed), whatever the formula would give on no data; the ticket targets,
/// whose input covers March, are measured. Availability rests on its other sources (the
/// incidents cover March), so it is measured from them; the year to date covers February
/// (calls) and March (incidents) of three months.
#[test]
fn a_month_without_call_rows_is_not_measured() {
    let mut k = Kit::new();
    k.ok("2026-02-10 09:00", 1000, 1);
    quiet_incident(&mut k, "INC-1", "2026-03-03");
    let m = k.run(2026, 3);
    let cov = m.coverage.covered();
    assert!(!cov.calls && cov.tickets);
    assert_eq!(m.coverage.inputs[0].rows_in_period, 0);
    for key in [
        "perf_within_t90_share",
        "perf_over_tmax",
        "delivery_precision",
    ] {
        let x = target(&m, key);
        assert_eq!(x.met, None, "{key}");
        assert_eq!(x.actual, None, "{key}");
        assert_eq!(x.not_measured.as_deref(), Some("no_call_rows"), "{key}");
    }
    assert_eq!(m.basis.sources_used, ["incidents"]);
    assert_eq!(target(&m, "availability").met, Some(true));
    for key in ["ytd_unavailable_seconds", "ytd_unplanned_outages"] {
        let x = target(&m, key);
        assert_eq!(x.met, None, "{key}");
        assert_eq!(x.reason.as_deref(), Some("covers 2 of 3 months"), "{key}");
    }
    assert_eq!(target(&m, "incidents_response_breaches").met, Some(true));
    assert!(m
        .summary
        .not_measured
        .iter()
        .any(|x| x.key == "delivery_precision" && x.reason == "no_call_rows"));
    assert!(m.summary.missed.is_empty());
}

/// Tickets resolved in February and in April: March lies inside the export's span, so a March
/// without a resolved ticket is a quiet month (0 breaches, met); January lies outside it.
#[test]
fn a_ticket_export_covers_the_months_of_its_span() {
    let mut k = Kit::new();
    k.ok("2026-03-02 09:00", 1000, 1);
    quiet_incident(&mut k, "INC-1", "2026-02-10");
    quiet_incident(&mut k, "INC-2", "2026-04-07");
    let m = k.run(2026, 3);
    let tickets = &m.coverage.inputs[1];
    assert_eq!(tickets.input, "tickets");
    assert_eq!((tickets.rows, tickets.rows_in_period), (2, 0));
    assert!(tickets.covers);
    assert_eq!(target(&m, "incidents_response_breaches").met, Some(true));
    // The trend: January is outside the span.
    assert!(!m.trend.months[0].covered.tickets);
    assert!(m.trend.months[1].covered.tickets);
    // No change in the input at all: the short-notice target is not measured.
    assert_eq!(
        target(&m, "changes_short_notice").not_measured.as_deref(),
        Some("no_change_data")
    );
}

/// The report is dated the later of the day after the month and the local date of the latest
/// approval of an applied correction; a correction that matched nothing does not move it.
#[test]
fn the_report_date_follows_the_latest_applied_correction() {
    let mut base = Kit::new();
    base.ok("2026-03-02 09:00", 1000, 1);
    base.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"));
    assert_eq!(base.run(2026, 3).summary.report_date, "2026-04-01");

    let mut k = base.clone();
    // Applied (overlaps the outage), approved late in the evening of 3 April, local time.
    k.corrections.push(exclude(
        "K-1",
        "2026-03-03 09:00",
        "2026-03-03 09:30",
        "2026-04-03 23:30",
    ));
    // Matches nothing (no unavailable time in it): does not date the report.
    k.corrections.push(exclude(
        "K-2",
        "2026-03-04 09:00",
        "2026-03-04 09:30",
        "2026-04-20 10:00",
    ));
    let m = k.run(2026, 3);
    assert!(m.corrections[0].matched && !m.corrections[1].matched);
    assert_eq!(m.summary.report_date, "2026-04-03");

    // A correction of a later month's outage (a year's corrections file), approved later
    // still: it applies to the inputs but does not concern March's report.
    let mut k = base.clone();
    k.outage("INC-9", "2026-05-05 09:00", Some("2026-05-05 10:00"));
    k.corrections.push(exclude(
        "K-9",
        "2026-05-05 09:00",
        "2026-05-05 09:30",
        "2026-06-02 10:00",
    ));
    let m = k.run(2026, 3);
    assert!(m.corrections[0].matched);
    assert_eq!(m.summary.report_date, "2026-04-01");

    // Approved during the month: the day after the month.
    let mut k = base.clone();
    k.corrections.push(exclude(
        "K-1",
        "2026-03-03 09:00",
        "2026-03-03 09:30",
        "2026-03-20 10:00",
    ));
    assert_eq!(k.run(2026, 3).summary.report_date, "2026-04-01");
}

/// Problem P2 registered Tue 17 March 11:00, started Mon 23 March 11:00, still open: response
/// 3 wd = 27 h of support time, taken 6 + 9 + 9 + 9 + 3 = 36 h: past its response target. Its
/// resolution target (15 wd = 135 h) is not past at month end (96 h elapsed). The `kpis` figure
/// counts it only when it is resolved; the summary lists it now, against its response target.
#[test]
fn an_open_problem_past_its_response_target() {
    let mut k = Kit::new();
    k.ok("2026-03-02 09:00", 1000, 1);
    let x = k.ticket("PRB-3", Problem, Some(2), "2026-03-17 11:00");
    x.responded_at = Some(t("2026-03-23 11:00"));
    x.cause = "Överbelastning".into();
    let m = k.run(2026, 3);
    let o = &m.problems.open_at_month_end[0];
    assert!(o.already_breached && o.response_breached && !o.resolution_breached);
    assert_eq!(o.response_ms, Some(36 * H));
    assert_eq!(o.response_target_ms, Some(27 * H));
    assert_eq!(o.elapsed_ms, 96 * H);
    assert_eq!(o.cause, "Överbelastning");
    assert_eq!(m.kpis.problems_response_breaches, 0);
    let p = &m.summary.open_past_target;
    assert_eq!(p.len(), 1);
    assert_eq!(
        (
            p[0].ticket_id.as_str(),
            p[0].kind.as_str(),
            p[0].measure.as_str()
        ),
        ("PRB-3", "problem", "response")
    );
    assert_eq!(
        (p[0].actual_ms, p[0].target_ms),
        (Some(36 * H), Some(27 * H))
    );
}

/// Missed targets with how far they are from the target, the outage with its length, and the
/// page-1 figures a correction changed (as measured → after corrections).
#[test]
fn the_summary_of_the_month() {
    let mut k = Kit::new();
    k.ok("2026-03-02 09:00", 13_000, 1); // over Tmax (12 s)
    k.ok("2026-03-02 09:01", 1000, 1);
    k.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"));
    k.outage("INC-2", "2026-03-05 13:00", Some("2026-03-05 13:30"));
    k.corrections.push(exclude(
        "K-1",
        "2026-03-05 12:00",
        "2026-03-05 14:00",
        "2026-04-02 10:00",
    ));
    let m = k.run(2026, 3);
    let s = &m.summary;
    let keys: Vec<&str> = s.missed.iter().map(|x| x.key.as_str()).collect();
    // Half the calls within 7 s: 40 percentage points under 90 %; one call over Tmax.
    assert!(keys.contains(&"perf_within_t90_share"), "{keys:?}");
    let share = s
        .missed
        .iter()
        .find(|x| x.key == "perf_within_t90_share")
        .unwrap();
    assert!((share.by - 0.4).abs() < 1e-12);
    let over = s.missed.iter().find(|x| x.key == "perf_over_tmax").unwrap();
    assert_eq!((over.actual, over.by), (1.0, 1.0));
    // INC-2's outage is excluded: one outage of 1 h left.
    assert_eq!(s.outages.len(), 1);
    assert_eq!(
        (s.outages[0].start, s.outages[0].open_ms),
        (t("2026-03-03 09:00"), H)
    );
    assert_eq!(s.outages[0].incident_ids, vec!["INC-1".to_string()]);
    let changed = |key: &str| {
        s.corrected
            .iter()
            .find(|c| c.key == key)
            .map(|c| (c.as_measured, c.corrected))
    };
    assert_eq!(
        changed("unavailable_seconds"),
        Some((Some(5400.0), Some(3600.0)))
    );
    assert_eq!(changed("unplanned_outages"), Some((Some(2.0), Some(1.0))));
    assert_eq!(
        changed("available_seconds"),
        Some((
            Some((198 * 3600 - 5400) as f64),
            Some((198 * 3600 - 3600) as f64)
        ))
    );
    assert_eq!(changed("perf_over_tmax"), None);
    assert_eq!(s.report_date, "2026-04-02");
}

/// A call log of February and March with a 1 h outage on Tue 3 February: February's page-1
/// figures are measured by the report's rules, January (no input) is not measured, never 0,
/// and the year's downtime burns down from February.
#[test]
fn the_trend_of_the_year() {
    let mut k = Kit::new();
    k.ok("2026-02-02 09:00", 1000, 1);
    k.ok("2026-02-03 12:00", 8000, 1); // over T90, within Tmax
    k.ok("2026-03-02 09:00", 1000, 1);
    let x = k.outage("INC-1", "2026-02-03 09:00", Some("2026-02-03 10:00"));
    x.responded_at = Some(t("2026-02-03 09:10"));
    x.resolved_at = Some(t("2026-02-03 10:30"));
    quiet_incident(&mut k, "INC-2", "2026-03-04");
    let m = k.run(2026, 3);
    let tr = &m.trend;
    assert_eq!(tr.months.len(), 3);
    assert!(tr.earlier_months_covered);
    assert_eq!(tr.budget_ms, 62 * H);
    let (jan, feb, mar) = (&tr.months[0], &tr.months[1], &tr.months[2]);
    let get = |mo: &crate::metrics::trend::TrendMonth, key: &str| {
        mo.targets.iter().find(|x| x.key == key).unwrap().clone()
    };
    for key in [
        "availability",
        "delivery_precision",
        "incidents_response_breaches",
    ] {
        assert_eq!(get(jan, key).met, None, "{key}");
        assert!(get(jan, key).not_measured.is_some(), "{key}");
    }
    assert_eq!(get(feb, "availability").actual, Some(179.0 / 180.0));
    assert_eq!(get(feb, "unplanned_outages").actual, Some(1.0));
    assert_eq!(get(feb, "ytd_unavailable_seconds").actual, Some(3600.0));
    assert_eq!(get(feb, "perf_within_t90_share").actual, Some(0.5));
    assert_eq!(get(feb, "perf_within_t90_share").met, Some(false));
    assert_eq!(get(feb, "incidents_response_breaches").actual, Some(0.0));
    assert_eq!((feb.open_ms, feb.unavailable_ms), (180 * H, Some(H)));
    assert_eq!(feb.calls, 2);
    // March is page 1, and the year's figures carry February's outage.
    assert_eq!(mar.targets, m.targets);
    assert_eq!(
        (mar.unavailable_ms, mar.ytd_unavailable_ms),
        (Some(0), Some(H))
    );
    assert_eq!(get(mar, "ytd_unplanned_outages").actual, Some(1.0));
    assert_eq!(m.availability.ytd.months_covered, vec![2, 3]);
    // January has no input: unknown, never 0.
    assert_eq!(jan.ytd_unavailable_ms, None);
}

/// Changes per priority and status (agreement §4), priorities 1–4 always, "none" when needed.
#[test]
fn changes_by_priority_and_status() {
    let mut k = Kit::new();
    for (id, p, s) in [
        ("C1", Some(2), ChangeStatus::Completed),
        ("C2", Some(2), ChangeStatus::Failed),
        ("C3", Some(4), ChangeStatus::Completed),
        ("C4", None, ChangeStatus::Planned),
    ] {
        let c = k.change(id);
        c.priority = p;
        c.status = s;
        c.scheduled_start = Some(t("2026-03-10 18:00"));
        c.scheduled_end = Some(t("2026-03-10 20:00"));
    }
    let m = k.run(2026, 3);
    let rows: Vec<(Option<u8>, u64)> = m
        .changes
        .by_priority
        .iter()
        .map(|r| (r.priority, r.total))
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some(1), 0),
            (Some(2), 2),
            (Some(3), 0),
            (Some(4), 1),
            (None, 1)
        ]
    );
    let p2 = &m.changes.by_priority[1].by_status;
    assert_eq!(
        p2,
        &vec![
            ("planned".to_string(), 0),
            ("in_progress".to_string(), 0),
            ("completed".to_string(), 1),
            ("failed".to_string(), 1),
            ("cancelled".to_string(), 0),
        ]
    );
}

/// An exclude interval over half of an incident's outage marks the outage where it is listed
/// (as evidence and as a reconciliation discrepancy: no failing call in it), with the part
/// excluded.
#[test]
fn excluded_intervals_are_marked_where_listed() {
    let mut k = Kit::new();
    k.ok("2026-03-02 09:00", 1000, 1);
    k.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"));
    k.corrections.push(exclude(
        "K-1",
        "2026-03-03 08:30",
        "2026-03-03 09:30",
        "2026-04-02 10:00",
    ));
    let m = k.run(2026, 3);
    let iv = &m.availability.intervals[0];
    assert_eq!(iv.reference, "INC-1");
    assert_eq!(
        (iv.excluded_by.clone(), iv.excluded_ms),
        (vec!["K-1".to_string()], 30 * MIN)
    );
    let d = &m.availability.reconciliation[0];
    assert_eq!(d.kind.as_str(), "incident_without_failing_calls");
    assert_eq!(
        (d.excluded_by.clone(), d.excluded_ms),
        (vec!["K-1".to_string()], 30 * MIN)
    );
    assert_eq!(m.kpis.unavailable_seconds, 1800);
}

/// A degraded incident 13:53–14:09 and a call-log run of calls missing FK and CSN from 13:55
/// to the next other call at 14:06 are one period of disturbance, listed once.
#[test]
fn one_period_of_disturbance_is_listed_once() {
    let mut k = Kit::new();
    for m in ["13:55", "13:58", "14:01", "14:05"] {
        k.call(&format!("2026-03-18 {m}"), Partial, Some(2000), 1)
            .failed = vec!["FK".into(), "CSN".into()];
    }
    k.ok("2026-03-18 14:06", 1000, 1);
    let x = k.outage("INC-3", "2026-03-18 13:53", Some("2026-03-18 14:09"));
    x.outage_kind = OutageKind::Degraded;
    let m = k.run(2026, 3);
    assert_eq!(m.availability.degraded_intervals.len(), 2);
    let p = &m.availability.degraded_periods;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].start, p[0].end),
        (t("2026-03-18 13:53"), t("2026-03-18 14:09"))
    );
    assert_eq!(p[0].sources.len(), 2);
    assert_eq!(p[0].references[0], "INC-3");
    assert_eq!(p[0].failed_calls, 4);
    assert_eq!(m.kpis.degraded_seconds, 16 * 60);
}

/// The trend's lean count of the performance scope equals the month's full measure.
#[test]
fn scope_counts_equal_the_full_measure() {
    let mut k = Kit::new();
    k.ok("2026-03-02 07:59", 1000, 1); // before opening: out of scope
    k.ok("2026-03-02 08:00", 7000, 1); // exactly T90(1)
    k.ok("2026-03-02 09:00", 8501, 2); // over T90(2) = 8.5 s
    k.ok("2026-03-02 10:00", 13_501, 2); // over Tmax(2) = 13.5 s
    k.ok("2026-03-02 11:00", 1000, 11); // > 10 persons: not measured
    k.call("2026-03-02 12:00", Ok, None, 1); // no response time
    k.call("2026-03-02 13:00", NoResponse, None, 1);
    k.call("2026-03-02 14:00", Partial, Some(3000), 3);
    let m = k.run(2026, 3);
    let cfg = crate::config::SlaConfig::ssbtek();
    let cals = crate::calendar::Calendars::from_config(&cfg.calendar);
    let ctx = crate::metrics::Ctx::new(&cfg, &cals, 2026, 3);
    let inputs = k.inputs();
    let (n, within, over) = crate::metrics::performance::scope_counts(&inputs.calls, &ctx);
    let p = &m.performance;
    assert_eq!((n, within, over), (p.calls, p.within_t90, p.over_tmax));
    assert_eq!((n, within, over), (4, 2, 1));
}

/// The coverage span of tickets starts at the first registration, where every ticket clock
/// starts, and ends at the last instant of any ticket: an incident registered on 2 February and
/// resolved on 4 March, another registered on 10 March and closed on 31 March. Counted for
/// March (resolved in it) and shown as covering it whole: the span reaches into the month's
/// first and last day. Changes only from 7 to 28 March cover it partly.
#[test]
fn coverage_spans_start_at_the_measuring_instants() {
    let mut k = Kit::new();
    k.ok("2026-03-16 09:00", 1000, 1);
    let a = k.ticket("INC-1", Incident, Some(3), "2026-02-02 10:00");
    a.responded_at = Some(t("2026-02-02 11:00"));
    a.resolved_at = Some(t("2026-03-04 10:00"));
    let b = k.ticket("INC-2", Incident, Some(3), "2026-03-10 10:00");
    b.responded_at = Some(t("2026-03-10 11:00"));
    b.resolved_at = Some(t("2026-03-30 10:00"));
    b.closed_at = Some(t("2026-03-31 12:00"));
    let c = k.change("CHG-1");
    c.scheduled_start = Some(t("2026-03-07 06:00"));
    c.scheduled_end = Some(t("2026-03-07 08:00"));
    let c = k.change("CHG-2");
    c.scheduled_start = Some(t("2026-03-28 06:00"));
    c.scheduled_end = Some(t("2026-03-28 08:00"));
    let m = k.run(2026, 3);
    let cov = |name: &str| {
        m.coverage
            .inputs
            .iter()
            .find(|c| c.input == name)
            .unwrap()
            .clone()
    };
    let tk = cov("tickets");
    assert_eq!(
        (tk.measured_first, tk.measured_last),
        (Some(t("2026-02-02 10:00")), Some(t("2026-03-31 12:00")))
    );
    // The rule that counts a month uses the instants that place tickets in months.
    assert_eq!(
        (tk.first, tk.last),
        (Some(t("2026-03-04 10:00")), Some(t("2026-03-30 10:00")))
    );
    assert!(tk.covers && tk.whole);
    let ch = cov("changes");
    assert_eq!(
        (ch.measured_first, ch.measured_last),
        (Some(t("2026-03-07 06:00")), Some(t("2026-03-28 08:00")))
    );
    assert!(ch.covers && !ch.whole);
}
