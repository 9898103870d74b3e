//! Real, independently produced response-time logs (JMeter results from public repositories,
//! `../shared/realdata`, see each SOURCE.md) measured as call logs, against figures computed
//! independently with Python (csv + sorted list, nearest rank = ceil(p·N/100)):
//!
//! ```text
//! rows = list(csv.DictReader(open('result.jtl')))
//! el = sorted(int(r['elapsed']) for r in rows if r['success'] == 'true'); N = len(el)
//! nr = lambda p: el[max(1, -(-p * N // 100)) - 1]
//! ```
//!
//! A sample's `timeStamp` is when it was sent (received), `elapsed` its response time;
//! `success` = true is an answered call (`ok`), false an `error`. Skipped when the data is absent
//! (a failure under `CI=true`).

use std::path::PathBuf;

use super::kit::*;
use crate::inputs::CallResult;

/// The test binaries' rule, shared: skip locally, fail under `CI=true`.
#[path = "../../../tests/support/skip.rs"]
mod skip;

fn realdata(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        skip::because(&format!(
            "{} is absent (../shared/realdata is not checked out beside the crate)",
            p.display()
        ));
        None
    }
}

/// Load a JMeter CSV result file as calls; `stamp` parses its timeStamp column to UTC ms.
fn jmeter(path: &PathBuf, stamp: impl Fn(&str) -> i64) -> Kit {
    let mut k = Kit::new();
    // Flexible: the DEFRA file ends in a truncated record (14 of 17 fields, still with its
    // timeStamp, elapsed and success), which Python's DictReader also accepts.
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (ts, el, ok) = (col("timeStamp"), col("elapsed"), col("success"));
    for rec in r.records() {
        let rec = rec.unwrap();
        let success = &rec[ok] == "true";
        k.call_at(
            stamp(&rec[ts]),
            if success {
                CallResult::Ok
            } else {
                CallResult::Error
            },
            Some(rec[el].parse().unwrap()),
            1,
        );
    }
    k
}

/// DEFRA pre-production run, Thu 2019-12-05 12:37–12:51 UK time (= UTC in December, i.e.
/// 13:37–13:51 in Stockholm: inside opening hours). 1126 samples, 550 successful.
#[test]
fn jmeter_defra_as_a_call_log() {
    let Some(p) = realdata("jmeter-defra-rod-catch-returns/result.jtl") else {
        return;
    };
    let k = jmeter(&p, |s| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y/%m/%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp_millis()
    });
    let m = k.run(2019, 12);
    let kp = &m.kpis;
    assert_eq!((kp.calls_incoming, kp.calls_answered), (1126, 550));
    assert_eq!(
        m.exact["delivery_precision"],
        crate::metrics::Ratio::new(550, 1126)
    );
    assert_eq!(kp.perf_calls, 550);
    assert_eq!(
        m.exact["perf_within_t90_share"],
        crate::metrics::Ratio::new(487, 550)
    );
    assert_eq!(kp.perf_over_tmax, 23);
    assert_eq!(
        (kp.response_p50_ms, kp.response_p90_ms, kp.response_p95_ms),
        (Some(1549), Some(7976), Some(11171))
    );
    assert_eq!(
        (kp.response_p99_ms, kp.response_max_ms),
        (Some(34212), Some(64081))
    );
    assert_eq!(
        (kp.peak_calls_per_second, kp.peak_calls_per_minute),
        (9, 95)
    );
    // Errors are not outage failures: no detected outage.
    assert_eq!(kp.unavailable_seconds, 0);
}

/// EHRbase nightly, 2022-07-04 04:34–04:52 UTC (06:34 local: before opening, so measured with
/// `scope = all`). 22 005 samples, all successful.
#[test]
fn jmeter_ehrbase_as_a_call_log() {
    let Some(p) = realdata("jmeter-ehrbase-nightly/result.jtl") else {
        return;
    };
    let mut k = jmeter(&p, |s| s.parse().unwrap());
    let m = k.run(2022, 7);
    assert_eq!((m.kpis.calls_incoming, m.kpis.perf_calls), (22_005, 0));
    k.cfg.performance.scope = crate::config::PerformanceScope::All;
    let m = k.run(2022, 7);
    let kp = &m.kpis;
    assert_eq!(kp.perf_calls, 22_005);
    assert_eq!(kp.perf_within_t90_share, Some(1.0));
    assert_eq!(
        (kp.response_p50_ms, kp.response_p90_ms, kp.response_p95_ms),
        (Some(17), Some(702), Some(1611))
    );
    assert_eq!(
        (kp.response_p99_ms, kp.response_max_ms),
        (Some(2953), Some(6449))
    );
    assert_eq!(
        (kp.peak_calls_per_second, kp.peak_calls_per_minute),
        (61, 1333)
    );
}
