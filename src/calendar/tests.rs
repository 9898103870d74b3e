//! Hand-computed calendar cases (SPEC §2, §9.1–9.4).

use super::*;
use crate::config::SlaConfig;

fn cals() -> Calendars {
    Calendars::from_config(&SlaConfig::ssbtek().calendar)
}

fn utc(s: &str) -> Ms {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

const H: i64 = 3_600_000;

#[test]
fn march_2026_open_time() {
    let c = cals();
    let (a, b) = month_bounds(c.tz, 2026, 3);
    // March 2026: 22 weekdays, no weekday holiday → 22 × 9 h.
    assert_eq!(c.opening.business_ms(a, b), 22 * 9 * H);
}

#[test]
fn april_2026_easter() {
    let c = cals();
    let (a, b) = month_bounds(c.tz, 2026, 4);
    // April 2026: 22 weekdays minus långfredag (3rd) and annandag påsk (6th) = 20.
    assert_eq!(c.opening.business_ms(a, b), 20 * 9 * H);
}

#[test]
fn friday_to_monday_ticket() {
    let c = cals();
    // Fri 2026-03-06 16:50 local (+01) to Mon 2026-03-09 08:10 local = 10 + 10 min.
    let a = utc("2026-03-06T15:50:00Z");
    let b = utc("2026-03-09T07:10:00Z");
    assert_eq!(c.support.business_ms(a, b), 20 * 60_000);
}

#[test]
fn boundaries_are_half_open() {
    let c = cals();
    assert!(c.opening.is_open(utc("2026-03-02T07:00:00Z"))); // 08:00:00 local
    assert!(!c.opening.is_open(utc("2026-03-02T16:00:00Z"))); // 17:00:00 local
    assert!(c.opening.is_open(utc("2026-03-02T15:59:59.999Z")));
    assert!(!c.opening.is_open(utc("2026-03-02T06:59:59.999Z")));
}

#[test]
fn dst_does_not_move_opening_hours() {
    let c = cals();
    // Mon 2026-03-30 (after the spring switch) opens 08:00 +02:00 = 06:00Z.
    assert!(c.opening.is_open(utc("2026-03-30T06:00:00Z")));
    assert!(!c.opening.is_open(utc("2026-03-30T05:59:59Z")));
    // Mon 2026-10-26 (after the autumn switch) opens 08:00 +01:00 = 07:00Z.
    assert!(!c.opening.is_open(utc("2026-10-26T06:30:00Z")));
    assert!(c.opening.is_open(utc("2026-10-26T07:00:00Z")));
}

#[test]
fn deadline_across_weekend() {
    let c = cals();
    // 30 min from Fri 16:50 → Mon 08:20.
    let d = c
        .support
        .add_business(utc("2026-03-06T15:50:00Z"), 30 * 60_000)
        .unwrap();
    assert_eq!(d, utc("2026-03-09T07:20:00Z"));
    // Exactly the rest of the day ends at 17:00:00 (the earliest instant with that time).
    let d = c
        .support
        .add_business(utc("2026-03-06T15:50:00Z"), 10 * 60_000)
        .unwrap();
    assert_eq!(d, utc("2026-03-06T16:00:00Z"));
}

#[test]
fn calendar_days_keep_wall_clock() {
    let tz = chrono_tz::Europe::Stockholm;
    // 2026-03-28 12:00 +01 + 1 d = 2026-03-29 12:00 +02: 23 h later.
    let t = utc("2026-03-28T11:00:00Z");
    assert_eq!(add_calendar_days(tz, t, 1) - t, 23 * H);
    let t = utc("2026-10-24T10:00:00Z");
    assert_eq!(add_calendar_days(tz, t, 1) - t, 25 * H);
}
