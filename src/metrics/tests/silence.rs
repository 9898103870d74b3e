//! Silent periods of the call log, hand-computed. Month: March 2026 (Stockholm, +01:00 until
//! Sun 29 March, then +02:00), open Mon–Fri 08:00–17:00, no weekday holiday: open days
//! Mon 5 (2, 9, 16, 23, 30), Tue 5, Wed 4, Thu 4, Fri 4. Background traffic: one call a minute
//! (at hh:mm:00) through every open hour, so `rate(w, h)` = 60 × (open days of w) less the
//! calls removed in that hour, divided by the open days of w.

use super::kit::*;
use crate::calendar::Ms;
use crate::config::SilenceMode;
use crate::inputs::CallResult::Ok as OkCall;
use crate::metrics::SilentPeriod;

const WEEKDAYS: [u32; 22] = [
    2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31,
];

/// One call a minute 08:00–16:59 on every open day of March 2026, except at the local times
/// for which `skip(day, minute of day)` holds.
fn busy_month(skip: impl Fn(u32, i64) -> bool) -> Kit {
    let mut k = Kit::new();
    for d in WEEKDAYS {
        let eight = t(&format!("2026-03-{d:02} 08:00"));
        for m in 0..9 * 60 {
            if !skip(d, 8 * 60 + m) {
                k.call_at(eight + m * MIN, OkCall, Some(1000), 1);
            }
        }
    }
    k
}

fn hm(h: i64, m: i64) -> i64 {
    h * 60 + m
}

fn periods(k: &Kit) -> Vec<SilentPeriod> {
    k.run(2026, 3).availability.silent_periods
}

fn span(p: &SilentPeriod) -> (Ms, Ms, u64) {
    (p.start, p.end, p.expected_calls)
}

/// The untouched month: every gap is one minute; nothing is silent.
#[test]
fn steady_traffic_has_no_silence() {
    assert!(periods(&busy_month(|_, _| false)).is_empty());
}

/// Wed 11 March, no calls 10:00–12:59: the gap runs from the 09:59 call to the 13:00 call.
/// rate(Wed, 9) = 60; rate(Wed, 10..=12) = (3 × 60 + 0) / 4 = 45.
/// Expected = 60 × 1/60 + 45 × 3 = 136, exactly.
#[test]
fn three_silent_hours_at_ten_on_a_weekday() {
    let mut k = busy_month(|d, m| d == 11 && (hm(10, 0)..hm(13, 0)).contains(&m));
    let p = periods(&k);
    assert_eq!(
        p.iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-11 09:59"), t("2026-03-11 13:00"), 136)]
    );
    assert_eq!(p[0].seen_calls, 0);
    // Reported, not unavailable: a reconciliation discrepancy with its expected calls.
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 0);
    let d = &m.availability.reconciliation;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, crate::metrics::DiscrepancyKind::SilentPeriod);
    assert_eq!(d[0].expected_calls, Some(136));
    // The threshold is "at least": 136 expected calls is silent at 136, not at 137.
    k.cfg.availability.silence_expected_calls = 136;
    assert_eq!(periods(&k).len(), 1);
    k.cfg.availability.silence_expected_calls = 137;
    assert!(periods(&k).is_empty());
    // Counted: 3 h 1 min of unavailable open time, source `silence`, one outage.
    k.cfg.availability.silence_expected_calls = 20;
    k.cfg.availability.silence = SilenceMode::Unavailable;
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 3 * 3600 + 60);
    assert_eq!(m.kpis.unplanned_outages, 1);
    let iv = &m.availability.intervals;
    assert_eq!(iv.len(), 1);
    assert_eq!(iv[0].source, crate::metrics::OutageSource::Silence);
    assert_eq!(m.availability.ytd.unavailable_ms, (3 * 3600 + 60) * 1000);
}

/// An incident outage over the silence explains it: listed with the incident, no discrepancy.
#[test]
fn an_incident_explains_a_silence() {
    let mut k = busy_month(|d, m| d == 11 && (hm(10, 0)..hm(13, 0)).contains(&m));
    k.outage("INC-9", "2026-03-11 10:05", Some("2026-03-11 12:00"));
    let m = k.run(2026, 3);
    assert_eq!(m.availability.silent_periods[0].incident_ids, ["INC-9"]);
    assert!(!m
        .availability
        .reconciliation
        .iter()
        .any(|d| d.kind == crate::metrics::DiscrepancyKind::SilentPeriod));
}

/// Thu 12 March: the last call at 16:00, the next Fri 13 at 08:00. The gap's open part is
/// [16:00, 17:00): clipped at closing. rate(Thu, 16) = (3 × 60 + 1) / 4 = 45.25 → 45.
#[test]
fn a_silence_across_closing_time_is_clipped() {
    let k = busy_month(|d, m| d == 12 && m > hm(16, 0));
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-12 16:00"), t("2026-03-12 17:00"), 45)]
    );
}

/// Fri 20 → Mon 23 March: only the open pieces of the weekend gap count, each on its own.
/// Last call Fri 16:40, next Mon 08:20: pieces of 20 min on each side, below 30 min: none.
/// Last call Fri 16:20, next Mon 08:40: two 40-minute pieces.
/// rate(Fri, 16) = (3 × 60 + 21) / 4 = 50.25 (16:00..=16:20) → 50.25 × 40/60 = 33.5 → 33;
/// rate(Mon, 8) = (4 × 60 + 20) / 5 = 52 (08:40..08:59) → 52 × 40/60 = 34.67 → 34.
#[test]
fn a_silence_across_a_weekend_counts_only_open_pieces() {
    let short = busy_month(|d, m| (d == 20 && m > hm(16, 40)) || (d == 23 && m < hm(8, 20)));
    assert!(periods(&short).is_empty());
    let long = busy_month(|d, m| (d == 20 && m > hm(16, 20)) || (d == 23 && m < hm(8, 40)));
    assert_eq!(
        periods(&long).iter().map(span).collect::<Vec<_>>(),
        [
            (t("2026-03-20 16:20"), t("2026-03-20 17:00"), 33),
            (t("2026-03-23 08:00"), t("2026-03-23 08:40"), 34),
        ]
    );
}

/// The month starts Sun 1 March 00:00; the first call is Mon 2 at 09:00. The gap from the
/// month's start has one open piece, [08:00, 09:00) on Mon 2. rate(Mon, 8) = 4 × 60 / 5 = 48.
#[test]
fn a_silence_at_the_months_start() {
    let k = busy_month(|d, m| d == 2 && m < hm(9, 0));
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-02 08:00"), t("2026-03-02 09:00"), 48)]
    );
}

/// And at its end: the last call Tue 31 at 16:00, the gap to the month's end is open until
/// 17:00. rate(Tue, 16) = (4 × 60 + 1) / 5 = 48.2 → 48.
#[test]
fn a_silence_at_the_months_end() {
    let k = busy_month(|d, m| d == 31 && m > hm(16, 0));
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-31 16:00"), t("2026-03-31 17:00"), 48)]
    );
}

/// A quiet stretch is not silence when the month's own rate predicts few calls: the service
/// also opens 17:00–20:00 on weekdays, where calls come one an hour (at 17:30, 18:30, 19:30).
/// A whole evening without calls, Wed 18 from the 16:59 call to the Thu 08:00 call: its open
/// piece [16:59, 20:00) expects 60 × 1/60 + (3 × 1 + 0) / 4 × 3 = 1 + 2.25 = 3.25 < 20.
#[test]
fn a_quiet_evening_is_not_silence() {
    let mut k = busy_month(|_, _| false);
    for d in WEEKDAYS {
        if d != 18 {
            for h in ["17:30", "18:30", "19:30"] {
                k.call(&format!("2026-03-{d:02} {h}"), OkCall, Some(1000), 1);
            }
        }
    }
    let evening = vec!["08:00-20:00".to_string()];
    let w = &mut k.cfg.calendar.opening_hours;
    (w.mon, w.tue, w.wed, w.thu, w.fri) = (
        evening.clone(),
        evening.clone(),
        evening.clone(),
        evening.clone(),
        evening,
    );
    assert!(periods(&k).is_empty());
    // The same evening with a 3-call threshold is silent: 3.25 ≥ 3.
    k.cfg.availability.silence_expected_calls = 3;
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-18 16:59"), t("2026-03-18 20:00"), 3)]
    );
}

/// Exactly `silence_min` (30 min) is a candidate; a millisecond less is not. Tue 17 March, no
/// calls 10:01–10:29, the next call at 10:30:00.000 (or 10:29:59.999).
/// rate(Tue, 10) = (5 × 60 − 29) / 5 = 54.2 → 54.2 × 30/60 = 27.1 → 27.
#[test]
fn exactly_the_minimum_length_is_silence() {
    let gap = |d: u32, m: i64| d == 17 && (hm(10, 1)..=hm(10, 30)).contains(&m);
    let mut k = busy_month(gap);
    k.call("2026-03-17 10:30", OkCall, Some(1000), 1);
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-17 10:00"), t("2026-03-17 10:30"), 27)]
    );
    let mut k = busy_month(gap);
    k.call("2026-03-17 10:29:59.999", OkCall, Some(1000), 1);
    assert!(periods(&k).is_empty());
}

/// Mon 30 March is summer time (+02:00). Its silence 10:00–11:00 local is rated by local hour
/// 10 of the month's Mondays: rate(Mon, 10) = (4 × 60 + 1) / 5 = 48.2 → 48. (By UTC hours it
/// would take the rate of 09:00 local on the winter Mondays, 60.)
#[test]
fn a_silence_in_the_week_after_the_clocks_change() {
    let k = busy_month(|d, m| d == 30 && (hm(10, 1)..hm(11, 0)).contains(&m));
    assert_eq!(
        periods(&k).iter().map(span).collect::<Vec<_>>(),
        [(t("2026-03-30 10:00"), t("2026-03-30 11:00"), 48)]
    );
}

/// A month without calls has no silent periods (its call-log figures are not measured).
#[test]
fn no_calls_no_silence() {
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-11 10:00", Some("2026-03-11 11:00"));
    assert!(periods(&k).is_empty());
    let k = busy_month(|_, _| false);
    assert!(k.run(2026, 4).availability.silent_periods.is_empty());
}

/// The shipped sample month with Wed 11 March 10:00–12:59 removed from its call log: one silent
/// period from the last call before 10:00 to the first from 13:00; counted with
/// `silence = "unavailable"`.
#[test]
fn the_sample_month_with_three_silent_hours() {
    use crate::calendar::Calendars;
    use crate::config::SlaConfig;
    use crate::inputs::{read_all, InputFiles};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let text = std::fs::read_to_string(root.join("calls.csv")).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| {
            !(l.contains(",2026-03-11T10:")
                || l.contains(",2026-03-11T11:")
                || l.contains(",2026-03-11T12:"))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls.csv");
    std::fs::write(&calls, kept).unwrap();
    let mut cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = InputFiles {
        calls: vec![calls.to_string_lossy().into_owned()],
        tickets: vec![root.join("tickets.csv").to_string_lossy().into_owned()],
        ..InputFiles::default()
    };
    let inputs = read_all(&args, &cfg, &cals).unwrap();
    let month = crate::calendar::Month::new(2026, 3).unwrap();
    let m = crate::metrics::compute(&inputs, &cfg, &cals, month).unwrap();
    let p = &m.availability.silent_periods;
    assert_eq!(p.len(), 1, "{p:?}");
    let r = &inputs.calls.received;
    let before = r[r.partition_point(|&x| x < t("2026-03-11 10:00")) - 1];
    let after = r[r.partition_point(|&x| x < t("2026-03-11 13:00"))];
    assert_eq!((p[0].start, p[0].end), (before, after));
    assert!(p[0].expected_calls > 200, "{:?}", p[0]);
    assert_eq!(p[0].seen_calls, 0);
    let as_reported = m.availability.unavailable_ms;
    cfg.availability.silence = SilenceMode::Unavailable;
    let m = crate::metrics::compute(&inputs, &cfg, &cals, month).unwrap();
    assert_eq!(
        m.availability.unavailable_ms,
        as_reported + (after - before)
    );
}
