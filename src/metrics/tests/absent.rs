//! Absent data is never a figure: months whose inputs lack a whole input, a column or a ticket
//! type, measured by hand. March 2026 has 22 weekdays and no holiday: 198 h of open time.

use super::kit::*;
use crate::calendar::Calendars;
use crate::inputs::{FileStats, Inputs, TicketType};
use crate::metrics::{compute, Metrics, TargetStatus};

fn target<'a>(m: &'a Metrics, key: &str) -> &'a TargetStatus {
    m.targets
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no target {key}"))
}

/// (met, not_measured code, detail) of a target.
fn verdict<'a>(m: &'a Metrics, key: &str) -> (Option<bool>, Option<&'a str>, String) {
    let t = target(m, key);
    (t.met, t.not_measured.as_deref(), t.detail.clone())
}

fn run_inputs(k: &Kit, inputs: &Inputs, month: u32) -> Metrics {
    let cals = Calendars::from_config(&k.cfg.calendar);
    compute(
        inputs,
        &k.cfg,
        &cals,
        crate::calendar::Month::new(2026, month).unwrap(),
    )
    .unwrap()
}

/// The tickets read from one file with the canonical columns `columns`.
fn tickets_file(columns: &[&str]) -> FileStats {
    FileStats {
        input: "tickets".into(),
        path: "tickets.csv".into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        ..FileStats::default()
    }
}

/// A medium incident (8 h / 5 wd) registered, responded and resolved at local times.
fn incident(k: &mut Kit, id: &str, reg: &str, resp: Option<&str>, res: &str) {
    let tk = k.ticket(id, TicketType::Incident, Some(3), reg);
    tk.responded_at = resp.map(t);
    tk.resolved_at = Some(t(res));
}

const CALL_KEYS: [&str; 15] = [
    "calls_incoming",
    "calls_answered",
    "delivery_precision",
    "perf_calls",
    "perf_within_t90_share",
    "perf_over_tmax",
    "perf_invalid_persons",
    "response_p50_ms",
    "response_p90_ms",
    "response_p95_ms",
    "response_p99_ms",
    "response_max_ms",
    "peak_calls_per_second",
    "peak_calls_per_minute",
    "municipalities",
];

#[test]
fn a_tickets_only_month_measures_availability_from_incidents_and_no_call_figure() {
    let mut k = Kit::new();
    incident(
        &mut k,
        "INC-1",
        "2026-03-02 09:00",
        Some("2026-03-02 09:30"),
        "2026-03-03 09:00",
    );
    k.outage("INC-2", "2026-03-10 10:00", Some("2026-03-10 11:00"));
    let m = k.run(2026, 3);
    // Every call figure is null in kpis and kpis_as_measured, with its reason.
    for key in CALL_KEYS {
        assert!(!m.kpis.measured(key), "{key}");
        assert!(!m.kpis_as_measured.measured(key), "{key}");
        assert_eq!(m.kpis_not_measured[key].code, "no_call_rows", "{key}");
    }
    let json = serde_json::to_value(&m.kpis).unwrap();
    assert_eq!(json["calls_incoming"], serde_json::Value::Null);
    assert_eq!(json["availability"], serde_json::json!(197.0 / 198.0));
    for key in [
        "perf_within_t90_share",
        "perf_over_tmax",
        "delivery_precision",
    ] {
        assert_eq!(
            verdict(&m, key),
            (None, Some("no_call_rows"), String::new())
        );
    }
    // Availability rests on the incidents alone and is measured: 1 h of 198 h.
    assert_eq!(m.basis.sources_used, ["incidents"]);
    assert_eq!(m.basis.sources_missing, ["calls", "changes"]);
    assert_eq!(m.kpis.unavailable_seconds, 3600);
    assert_eq!(verdict(&m, "availability").0, Some(true));
    // No change input: the change figures are not measured.
    assert!(!m.kpis.measured("changes_total"));
    assert_eq!(
        verdict(&m, "changes_short_notice").1,
        Some("no_change_data")
    );
    // No problem in the input at all: not measured, never "0 ✓".
    assert_eq!(
        verdict(&m, "problems_response_breaches"),
        (None, Some("no_tickets_of_type"), "problem".into())
    );
    assert_eq!(verdict(&m, "incidents_response_breaches").0, Some(true));
    // Only March is covered: the year-to-date rows are lower bounds within their targets.
    let y = target(&m, "ytd_unavailable_seconds");
    assert_eq!((y.met, y.actual), (None, Some(3600.0)));
    assert_eq!(y.reason.as_deref(), Some("covers 1 of 3 months"));
}

#[test]
fn a_calls_only_month_has_no_ticket_figure_and_counts_only_what_it_measured() {
    let mut k = Kit::new();
    for at in ["2026-03-02 09:00", "2026-03-02 09:01", "2026-03-03 10:00"] {
        k.ok(at, 1_000, 1);
    }
    let m = k.run(2026, 3);
    for key in [
        "incidents_resolved",
        "incidents_response_breaches",
        "problems_resolved",
        "orders_closed",
        "orders_lead_time_median_seconds",
        "changes_total",
    ] {
        assert!(!m.kpis.measured(key), "{key}");
    }
    for key in [
        "incidents_response_breaches",
        "incidents_resolution_breaches",
        "problems_response_breaches",
        "problems_resolution_breaches",
    ] {
        assert_eq!(
            verdict(&m, key),
            (None, Some("no_ticket_data"), String::new())
        );
    }
    assert_eq!(m.basis.sources_used, ["calls"]);
    assert_eq!(m.kpis.availability, Some(1.0));
    // Met: both performance rows, availability, outages, precision; the year-to-date rows are
    // not measured (1 of 3 months), the ticket and change rows have no input.
    assert_eq!(m.summary.met, 5);
    assert!(m.summary.missed.is_empty());
    assert_eq!(m.summary.not_measured.len(), m.targets.len() - 5);
}

#[test]
fn no_problem_in_the_input_is_not_measured_and_a_quiet_month_is_met_0_of_0() {
    let mut k = Kit::new();
    incident(
        &mut k,
        "INC-1",
        "2026-03-02 09:00",
        Some("2026-03-02 09:30"),
        "2026-03-20 09:00",
    );
    let m = k.run(2026, 3);
    assert!(!m.kpis.measured("problems_resolved"));
    assert_eq!(
        verdict(&m, "problems_resolution_breaches"),
        (None, Some("no_tickets_of_type"), "problem".into())
    );
    // A problem resolved in February: problems exist, none in March's scope. Vacuous: met, 0.
    let p = k.ticket("PRB-1", TicketType::Problem, Some(4), "2026-02-02 10:00");
    p.responded_at = Some(t("2026-02-02 11:00"));
    p.resolved_at = Some(t("2026-02-03 10:00"));
    let m = k.run(2026, 3);
    assert!(m.kpis.measured("problems_resolved"));
    assert_eq!(m.kpis.problems_resolved, 0);
    for key in ["problems_response_breaches", "problems_resolution_breaches"] {
        let x = target(&m, key);
        assert_eq!(
            (x.met, x.actual, x.not_measured.as_deref()),
            (Some(true), Some(0.0), None)
        );
    }
}

#[test]
fn without_a_responded_at_column_response_is_not_measured_never_all_breaches() {
    let mut k = Kit::new();
    // Resolved without a response: a response breach only when the column exists.
    incident(
        &mut k,
        "INC-1",
        "2026-03-02 09:00",
        None,
        "2026-03-02 12:00",
    );
    let all: Vec<&str> = crate::inputs::tickets::CANON.to_vec();
    let mut with = k.inputs();
    with.files.push(tickets_file(&all));
    let m = run_inputs(&k, &with, 3);
    assert_eq!(m.kpis.incidents_response_breaches, 1);
    assert_eq!(verdict(&m, "incidents_response_breaches").0, Some(false));

    let mut without = k.inputs();
    let cols: Vec<&str> = all.into_iter().filter(|c| *c != "responded_at").collect();
    without.files.push(tickets_file(&cols));
    let m = run_inputs(&k, &without, 3);
    assert!(!m.kpis.measured("incidents_response_breaches"));
    assert_eq!(
        verdict(&m, "incidents_response_breaches"),
        (None, Some("no_column"), "tickets.responded_at".into())
    );
    assert_eq!(
        target(&m, "incidents_response_breaches").reason.as_deref(),
        Some("no column tickets.responded_at in the input")
    );
    // No response breach listed anywhere; resolution (3 h of 5 wd) is measured and met.
    assert!(m.incidents.breaches.is_empty());
    assert_eq!(m.incidents.tickets[0].response_met, None);
    assert_eq!(verdict(&m, "incidents_resolution_breaches").0, Some(true));
}

#[test]
fn year_to_date_over_uncovered_months_is_a_lower_bound() {
    // 2026-03-02 08:00 → 03-12 08:00: Mon–Fri 2–6 (45 h) and Mon–Wed 9–11 (27 h) = 72 h,
    // over the 62 h budget although January and February are not covered: missed.
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-02 08:00", Some("2026-03-12 08:00"));
    let m = k.run(2026, 3);
    let y = &m.availability.ytd;
    assert_eq!(y.months_covered, [3]);
    assert_eq!(y.per_month[0], (1, None, None));
    assert_eq!(y.per_month[1], (2, None, None));
    assert_eq!(y.per_month[2], (3, Some(72 * H), Some(1)));
    assert_eq!(y.per_month_ytd_outages, [None, None, Some(1)]);
    assert_eq!(m.trend.months[0].unavailable_ms, None);
    assert_eq!(m.kpis.ytd_unavailable_seconds, 72 * 3600);
    assert_eq!(
        verdict(&m, "ytd_unavailable_seconds"),
        (Some(false), None, String::new())
    );
    assert!(m
        .summary
        .missed
        .iter()
        .any(|x| x.key == "ytd_unavailable_seconds"));
    let json = serde_json::to_value(y).unwrap();
    assert_eq!(json["per_month"][0], serde_json::json!([1, null, null]));

    // One hour: within the budget, but two months unknown: not measured, 1 of 3.
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-02 08:00", Some("2026-03-02 09:00"));
    let m = k.run(2026, 3);
    for key in ["ytd_unavailable_seconds", "ytd_unplanned_outages"] {
        let x = target(&m, key);
        assert_eq!(x.met, None, "{key}");
        assert_eq!(x.not_measured.as_deref(), Some("partial_year"));
        assert_eq!(x.detail, "1/3");
        assert_eq!(x.reason.as_deref(), Some("covers 1 of 3 months"));
    }
    assert_eq!(target(&m, "ytd_unavailable_seconds").actual, Some(3600.0));

    // Every month from January covered (a call in each): met.
    for at in ["2026-01-15 10:00", "2026-02-16 10:00", "2026-03-16 10:00"] {
        k.ok(at, 1_000, 1);
    }
    let m = k.run(2026, 3);
    assert_eq!(m.availability.ytd.months_covered, [1, 2, 3]);
    assert_eq!(
        verdict(&m, "ytd_unavailable_seconds"),
        (Some(true), None, String::new())
    );
    assert_eq!(m.availability.ytd.per_month[0], (1, Some(0), Some(0)));
}

#[test]
fn availability_with_no_source_is_null_not_100_percent() {
    // Tickets without any outage column: no availability source has data.
    let mut k = Kit::new();
    incident(
        &mut k,
        "INC-1",
        "2026-03-02 09:00",
        Some("2026-03-02 09:30"),
        "2026-03-03 09:00",
    );
    let mut inputs = k.inputs();
    let cols: Vec<&str> = crate::inputs::tickets::CANON
        .iter()
        .copied()
        .filter(|c| !c.starts_with("outage_"))
        .collect();
    inputs.files.push(tickets_file(&cols));
    let m = run_inputs(&k, &inputs, 3);
    assert!(m.basis.sources_used.is_empty());
    let json = serde_json::to_value(&m.kpis).unwrap();
    for key in [
        "availability",
        "unavailable_seconds",
        "unplanned_outages",
        "degraded_seconds",
        "ytd_unavailable_seconds",
        "ytd_unplanned_outages",
    ] {
        assert_eq!(json[key], serde_json::Value::Null, "{key}");
    }
    assert_eq!(json["open_seconds"], serde_json::json!(198 * 3600));
    assert_eq!(
        verdict(&m, "availability"),
        (None, Some("no_availability_source"), String::new())
    );
    assert!(!m.exact.contains_key("availability"));
}

#[test]
fn more_than_half_of_the_open_time_unavailable_is_warned_about() {
    // 2026-03-02 08:00 → 03-20 17:00: 15 weekdays × 9 h = 135 h of 198 h (> 99 h).
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-02 08:00", Some("2026-03-20 17:00"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 135 * 3600);
    let codes: Vec<&str> = crate::metrics::alerts::figure_warnings(&m)
        .iter()
        .map(|w| w.code)
        .collect();
    assert_eq!(codes, [crate::metrics::alerts::MOSTLY_UNAVAILABLE]);
    // Exactly half (99 h: 11 weekdays) is no warning.
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-02 08:00", Some("2026-03-16 17:00"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 99 * 3600);
    assert!(crate::metrics::alerts::figure_warnings(&m).is_empty());
}
