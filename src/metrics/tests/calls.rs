//! Performance, delivery precision and capacity cases (M4, M5, M6, M4.7, M1.15, M4.6, M4.8, M6.2).
//! All on Mon 16 March 2026 (+01:00, open 08:00–17:00) unless said.

use super::kit::*;
use crate::inputs::CallResult::*;

/// For n = 1, 2, 10 persons, responses at T90(n), T90(n)+1 ms, Tmax(n), Tmax(n)+1 ms
/// (T90 = 7000/8500/20500, Tmax = 12000/13500/25500). Within T90 is ≤ → 3 of 12;
/// over Tmax is > → 3. Sorted values: 7000 7001 8500 8501 12000 12001 13500 13501 20500
/// 20501 25500 25501; nearest rank over N = 12: p50 rank 6 = 12001, p90 rank 11 = 25500,
/// p95 rank 12 = 25501, p99 rank 12 = 25501.
#[test]
fn thresholds_at_exactly_t90_and_tmax() {
    let mut k = Kit::new();
    let mut minute = 0;
    for n in [1u16, 2, 10] {
        let t90 = 7000 + 1500 * (i64::from(n) - 1);
        let tmax = t90 + 5000;
        for r in [t90, t90 + 1, tmax, tmax + 1] {
            k.ok(&format!("2026-03-16 09:{minute:02}"), r, n);
            minute += 1;
        }
    }
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.perf_calls, 12);
    assert_eq!(m.kpis.perf_within_t90_share, Some(0.25));
    assert_eq!(
        m.exact["perf_within_t90_share"],
        crate::metrics::Ratio::new(3, 12)
    );
    assert_eq!(m.kpis.perf_over_tmax, 3);
    assert_eq!(m.kpis.response_p50_ms, Some(12001));
    assert_eq!(m.kpis.response_p90_ms, Some(25500));
    assert_eq!(m.kpis.response_p95_ms, Some(25501));
    assert_eq!(m.kpis.response_p99_ms, Some(25501));
    assert_eq!(m.kpis.response_max_ms, Some(25501));
    let rows = &m.performance.per_persons;
    assert_eq!(
        rows.iter().map(|r| r.persons).collect::<Vec<_>>(),
        vec![1, 2, 10]
    );
    for r in rows {
        assert_eq!((r.calls, r.within_t90, r.over_tmax), (4, 1, 1));
        // N = 4: p50 rank 2 = T90 + 1 ms.
        assert_eq!(r.percentiles.p50, Some(r.t90_ms + 1));
    }
    assert_eq!((rows[2].t90_ms, rows[2].tmax_ms), (20500, 25500));
    let day = &m.performance.per_day[15];
    assert_eq!(
        (day.date.to_string().as_str(), day.calls, day.within_t90),
        ("2026-03-16", 12, 3)
    );
    assert_eq!(m.performance.over_tmax_calls[0].response_ms, 25501);
    assert_eq!(m.performance.histogram.iter().map(|h| h.1).sum::<u64>(), 12);
    // The histogram split by each call's own limits adds up to the same counts: 3 within
    // T90(n), 3 over Tmax(n), 6 between.
    let h = &m.performance.histogram_by_limit;
    let sum = |f: fn(&crate::metrics::HistBucket) -> u64| h.iter().map(f).sum::<u64>();
    assert_eq!(
        (
            sum(|b| b.within_t90),
            sum(|b| b.between),
            sum(|b| b.over_tmax)
        ),
        (3, 6, 3)
    );
}

/// One bucket, three calls in (9 s, 10 s] against their own limits: 1 person at 9 500 ms is
/// between T90(1) = 7 s and Tmax(1) = 12 s; 3 persons at 9 500 ms is within T90(3) = 10 s;
/// 1 person at 9 999 ms is between. In (13 s, 14 s]: 2 persons at 13 500 ms is at Tmax(2) (not
/// over), 1 person at 13 500 ms is over Tmax(1) = 12 s.
#[test]
fn histogram_counts_each_call_against_its_own_limits() {
    let mut k = Kit::new();
    k.ok("2026-03-16 09:00", 9_500, 1);
    k.ok("2026-03-16 09:01", 9_500, 3);
    k.ok("2026-03-16 09:02", 9_999, 1);
    k.ok("2026-03-16 09:03", 13_500, 2);
    k.ok("2026-03-16 09:04", 13_500, 1);
    let m = k.run(2026, 3);
    let h = &m.performance.histogram_by_limit;
    let b9 = h.iter().find(|b| b.upper_ms == Some(10_000)).unwrap();
    assert_eq!((b9.within_t90, b9.between, b9.over_tmax), (1, 2, 0));
    let b13 = h.iter().find(|b| b.upper_ms == Some(14_000)).unwrap();
    assert_eq!((b13.within_t90, b13.between, b13.over_tmax), (0, 1, 1));
    assert_eq!(
        h.iter().map(|b| b.over_tmax).sum::<u64>(),
        m.performance.over_tmax
    );
    assert_eq!(
        h.iter().map(|b| b.within_t90).sum::<u64>(),
        m.performance.within_t90
    );
    // The last bucket is open.
    assert_eq!(h.last().unwrap().upper_ms, None);
}

/// A bucket holds its upper bound, as within T90(n) holds T90(n) (M4.4, M4.5, M4.9): 1 person at
/// exactly 7 000 ms is within T90(1) and drawn in (6 s, 7 s], 7 001 ms in (7 s, 8 s]; exactly
/// 12 000 ms is not over Tmax(1) and sits in (11 s, 12 s], 12 001 ms in (12 s, 13 s]; 3 persons
/// at exactly T90(3) = 10 000 ms is within in (9 s, 10 s]; 0 ms is in the first bucket, 30 000 ms
/// in the last closed one, 30 001 ms in the open one.
#[test]
fn histogram_buckets_hold_their_upper_bound_like_the_limits() {
    let mut k = Kit::new();
    for (minute, (r, n)) in [
        (7_000, 1),
        (7_001, 1),
        (12_000, 1),
        (12_001, 1),
        (10_000, 3),
        (0, 1),
        (30_000, 1),
        (30_001, 1),
    ]
    .into_iter()
    .enumerate()
    {
        k.ok(&format!("2026-03-16 09:{minute:02}"), r, n);
    }
    let m = k.run(2026, 3);
    let h = &m.performance.histogram_by_limit;
    let at = |upper: Option<i64>| {
        let b = h.iter().find(|b| b.upper_ms == upper).unwrap();
        (b.within_t90, b.between, b.over_tmax)
    };
    assert_eq!(at(Some(1_000)), (1, 0, 0));
    assert_eq!(at(Some(7_000)), (1, 0, 0));
    assert_eq!(at(Some(8_000)), (0, 1, 0));
    assert_eq!(at(Some(10_000)), (1, 0, 0));
    assert_eq!(at(Some(12_000)), (0, 1, 0));
    assert_eq!(at(Some(13_000)), (0, 0, 1));
    assert_eq!(at(Some(30_000)), (0, 0, 1));
    assert_eq!(at(None), (0, 0, 1));
    // The plain histogram uses the same edges.
    let plain = |upper: i64| {
        m.performance
            .histogram
            .iter()
            .find(|b| b.0 == upper)
            .unwrap()
            .1
    };
    assert_eq!((plain(7_000), plain(8_000), plain(i64::MAX)), (1, 1, 1));
    let total: u64 = h
        .iter()
        .map(|b| b.within_t90 + b.between + b.over_tmax)
        .sum();
    assert_eq!(total, m.performance.calls);
    assert_eq!(
        h.iter().map(|b| b.within_t90).sum::<u64>(),
        m.performance.within_t90
    );
    assert_eq!(
        h.iter().map(|b| b.over_tmax).sum::<u64>(),
        m.performance.over_tmax
    );
}

/// n = 1 and n = 2 calls: the smallest sets. One call at 7000 ms: every percentile is 7000.
/// Two calls 1000/2000: the median is the lower one.
#[test]
fn percentiles_of_one_and_two_calls() {
    let mut k = Kit::new();
    k.ok("2026-03-16 09:00", 7000, 1);
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.perf_within_t90_share, Some(1.0));
    assert_eq!(
        (m.kpis.response_p50_ms, m.kpis.response_p99_ms),
        (Some(7000), Some(7000))
    );
    k.ok("2026-03-16 09:01", 1000, 1);
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.response_p50_ms, Some(1000));
    assert_eq!(m.kpis.response_p90_ms, Some(7000));
    // No calls at all: shares and percentiles are null, counts 0.
    let m = Kit::new().run(2026, 3);
    assert_eq!(m.kpis.perf_within_t90_share, None);
    assert_eq!(m.kpis.delivery_precision, None);
    assert_eq!(m.kpis.response_p50_ms, None);
    assert_eq!(m.kpis.perf_calls, 0);
    assert_eq!(m.kpis.availability, Some(1.0));
}

/// Scope: open hours are half-open, persons 11 is invalid, answered without a response time is
/// answered but outside performance; error calls are not answered.
///
/// In scope: 16:59:59.999 (1000 ms) and 08:00:00.000 (partial, 3000 ms) → 2 calls, both
/// within T90, p50 = 1000. Out: 17:00:00.000, 07:59:59.999, Saturday 14 March, the error call.
/// invalid_persons = 1 (10:01, 11 persons; the 20:00 one is outside open time).
/// Incoming 9, answered 8 → precision 8/9; ok 6 → complete 6/9.
#[test]
fn performance_scope_and_precision() {
    let mut k = Kit::new();
    k.ok("2026-03-16 16:59:59.999", 1000, 1);
    k.ok("2026-03-16 17:00:00", 1000, 1);
    k.call("2026-03-16 07:59:59.999", Partial, Some(2000), 1);
    k.call("2026-03-16 08:00:00", Partial, Some(3000), 1);
    k.call("2026-03-16 10:00", Ok, None, 1);
    k.ok("2026-03-16 10:01", 1000, 11);
    k.call("2026-03-16 10:02", Error, Some(100), 1).failed = vec!["csn".into(), "fk".into()];
    k.ok("2026-03-16 20:00", 1000, 11);
    k.ok("2026-03-14 10:00", 1000, 1);
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.perf_calls, 2);
    assert_eq!(m.kpis.perf_within_t90_share, Some(1.0));
    assert_eq!(m.kpis.response_p50_ms, Some(1000));
    assert_eq!(m.kpis.response_max_ms, Some(3000));
    assert_eq!(m.kpis.perf_invalid_persons, 1);
    assert_eq!(m.performance.answered_without_time, 1);
    assert_eq!((m.kpis.calls_incoming, m.kpis.calls_answered), (9, 8));
    assert_eq!(m.kpis.delivery_precision, Some(8.0 / 9.0));
    assert_eq!(m.precision.complete, crate::metrics::Ratio::new(6, 9));
    assert_eq!(
        m.precision.by_result,
        vec![
            ("ok".to_string(), 6),
            ("partial".to_string(), 2),
            ("error".to_string(), 1),
            ("unreachable".to_string(), 0),
            ("no_response".to_string(), 0)
        ]
    );
    assert_eq!(
        m.precision.by_provider,
        vec![("csn".to_string(), 1), ("fk".to_string(), 1)]
    );
    assert_eq!(m.precision.per_day[15].incoming, 8);
    assert_eq!(m.precision.per_day[13].answered, 1);

    // scope = all: 16:59, 17:00, 07:59, 08:00, Saturday → 5; invalid 10:01 and 20:00.
    k.cfg.performance.scope = crate::config::PerformanceScope::All;
    let m = k.run(2026, 3);
    assert_eq!((m.kpis.perf_calls, m.kpis.perf_invalid_persons), (5, 2));
}

/// Peaks in aligned local seconds and minutes (M6.2): 09:00:00.000, .500, .999 are one
/// second (3); 09:00:01.000 starts the next. Minute 09:00 has 5 calls, 09:01 one.
/// Municipalities: 0180, 1480 (and one call without) → 2.
#[test]
fn capacity_peaks_and_municipalities() {
    let mut k = Kit::new();
    for s in ["00.000", "00.500", "00.999", "01.000", "59.999"] {
        k.ok(&format!("2026-03-16 09:00:{s}"), 100, 1).municipality = Some("0180".into());
    }
    k.ok("2026-03-16 09:01:00", 100, 1).municipality = Some("1480".into());
    k.ok("2026-03-30 08:30:00", 100, 1);
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.peak_calls_per_second, 3);
    assert_eq!(m.kpis.peak_calls_per_minute, 5);
    assert_eq!(m.capacity.peak_second_at, Some(t("2026-03-16 09:00:00")));
    assert_eq!(m.capacity.peak_minute_at, Some(t("2026-03-16 09:00:00")));
    assert_eq!(m.kpis.municipalities, 2);
    // Local hours on both sides of the DST switch.
    assert_eq!(m.capacity.per_hour[9], 6);
    assert_eq!(m.capacity.per_hour[8], 1);
    assert_eq!(m.capacity.per_day[15], 6);
    assert_eq!(m.capacity.heat[29][8], 1);
    assert_eq!(m.capacity.calls, 7);
}

/// Autumn fold (M6.2, windows are stretches of time): 2026-10-25 02:30:00 local occurs
/// at 00:30:00Z (+02:00) and again at 01:30:00Z (+01:00). Three calls in the first and two in
/// the second occurrence, with no call between them, are windows of 3 and 2, not one of 5.
#[test]
fn capacity_peaks_keep_the_two_fold_hours_apart() {
    let mut k = Kit::new();
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    };
    for s in [
        "00:30:00.000Z",
        "00:30:00.100Z",
        "00:30:00.900Z",
        "01:30:00.000Z",
        "01:30:00.500Z",
    ] {
        k.call_at(at(&format!("2026-10-25T{s}")), Ok, Some(100), 1);
    }
    let m = k.run(2026, 10);
    assert_eq!(m.kpis.peak_calls_per_second, 3);
    assert_eq!(m.kpis.peak_calls_per_minute, 3);
    assert_eq!(m.capacity.peak_second_at, Some(at("2026-10-25T00:30:00Z")));
}

/// Every `kpis` key of M10.3 is present in metrics.json, shares and percentiles of an empty
/// month are `null` and counts 0 (M10.4); `exact` carries numerator and denominator.
#[test]
fn kpis_keys_of_an_empty_month() {
    let m = Kit::new().run(2026, 2);
    let v = serde_json::to_value(&m).unwrap();
    let keys: Vec<&str> = v["kpis"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let spec = [
        "open_seconds",
        "unavailable_seconds",
        "availability",
        "unplanned_outages",
        "degraded_seconds",
        "ytd_unavailable_seconds",
        "ytd_unplanned_outages",
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
        "incidents_resolved",
        "incidents_response_breaches",
        "incidents_resolution_breaches",
        "incidents_open_at_month_end",
        "problems_resolved",
        "problems_response_breaches",
        "problems_resolution_breaches",
        "orders_closed",
        "orders_lead_time_median_seconds",
        "changes_total",
        "changes_short_notice",
        "changes_overruns",
        "rows_read",
        "rows_rejected",
    ];
    assert_eq!(keys, spec);
    // February 2026: 20 weekdays × 9 h.
    assert_eq!(v["kpis"]["open_seconds"], 20 * 9 * 3600);
    // No input at all: every figure computed from an input is null (not measured), never
    // 100 % availability measured from nothing; the key set stays the same.
    for k in [
        "availability",
        "unavailable_seconds",
        "calls_incoming",
        "delivery_precision",
        "perf_within_t90_share",
        "response_p50_ms",
        "incidents_resolved",
        "orders_lead_time_median_seconds",
        "changes_total",
    ] {
        assert!(v["kpis"][k].is_null(), "{k}");
    }
    assert_eq!(v["kpis"]["rows_read"], 0);
    assert!(v["exact"].get("delivery_precision").is_none());
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["month"], "2026-02");
    let text = serde_json::to_string(&m).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"));
}
