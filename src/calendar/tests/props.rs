//! Properties of business time on random instants and random calendars:
//! d(a,c) = d(a,b) + d(b,c); 0 ≤ d(a,b) ≤ b − a; deadline(a, d(a,b)) is the earliest instant
//! with that business time; and the fast cached path agrees exactly with the plain
//! day-by-day [`reference`] implementation — on the SSBTEK calendar and on random weekly hours,
//! eves, dated exceptions and time zones chosen for their awkward DST rules (midnight switches
//! in Santiago, a half-hour shift on Lord Howe, a skipped day in Apia).

use proptest::prelude::*;

use super::{cals, ssbtek, H, MIN};
use crate::calendar::{reference, Calendar, Calendars, LocalResolution, Ms};
use crate::calendar::{
    AmbiguousPolicy, CalendarConfig, DatedPeriod, HolidaySet, NonexistentPolicy, WeeklyHours,
};

/// 2010-01-01T00:00Z and 2029-01-01T00:00Z.
const LO: Ms = 1_262_304_000_000;
const HI: Ms = 1_861_920_000_000;

/// An instant: uniform, or near an hour boundary (where the edge cases live).
fn instant() -> impl Strategy<Value = Ms> {
    prop_oneof![
        LO..HI,
        (LO / H..HI / H, -2i64..=2).prop_map(|(h, d)| h * H + d),
        (LO / MIN..HI / MIN).prop_map(|m| m * MIN),
    ]
}

/// A ticket-like span: minutes to weeks, log-uniform-ish.
fn span() -> impl Strategy<Value = i64> {
    prop_oneof![
        0i64..=60 * MIN,
        0i64..=24 * H,
        0i64..=7 * 24 * H,
        0i64..=60 * 24 * H,
    ]
}

const ZONES: [&str; 7] = [
    "Europe/Stockholm",
    "UTC",
    "America/Santiago",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kolkata",
    "Pacific/Apia",
];

fn hhmm(quarter: u32) -> String {
    format!("{:02}:{:02}", quarter / 4, quarter % 4 * 15)
}

/// One weekday's hours: up to two disjoint intervals on quarter hours, `24:00` possible.
fn day_hours() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(0u32..=96, 0..=4).prop_map(|points| {
        let p: Vec<u32> = points.into_iter().collect();
        p.chunks_exact(2)
            .map(|w| format!("{}-{}", hhmm(w[0]), hhmm(w[1])))
            .collect()
    })
}

fn week() -> impl Strategy<Value = WeeklyHours> {
    prop::collection::vec(day_hours(), 7).prop_map(|d| WeeklyHours {
        mon: d[0].clone(),
        tue: d[1].clone(),
        wed: d[2].clone(),
        thu: d[3].clone(),
        fri: d[4].clone(),
        sat: d[5].clone(),
        sun: d[6].clone(),
    })
}

/// A dated period of up to three days within the test range, on quarter hours, local time.
fn dated() -> impl Strategy<Value = DatedPeriod> {
    (LO / (15 * MIN)..HI / (15 * MIN), 1i64..=288).prop_map(|(q, len)| {
        let fmt = |q: i64| {
            chrono::DateTime::from_timestamp_millis(q * 15 * MIN)
                .unwrap()
                .naive_utc()
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        DatedPeriod {
            start: fmt(q),
            end: fmt(q + len),
            reason: "test".into(),
        }
    })
}

fn config() -> impl Strategy<Value = CalendarConfig> {
    (
        0..ZONES.len(),
        week(),
        prop::bool::ANY,
        prop::sample::subsequence(crate::calendar::holidays::EVES.to_vec(), 0..=4),
        prop::collection::vec(dated(), 0..3),
        prop::collection::vec(dated(), 0..3),
    )
        .prop_map(|(z, week, se, eves, closed, open)| {
            let mut c = ssbtek();
            c.timezone = ZONES[z].parse().expect("a zone name");
            c.holidays = if se { HolidaySet::Se } else { HolidaySet::None };
            c.closed_eves = eves.into_iter().map(String::from).collect();
            c.extra_closed = closed;
            c.extra_open = open;
            c.support_hours = week;
            c
        })
}

fn calendar(c: &CalendarConfig) -> Calendar {
    Calendars::try_from_config(c)
        .expect("generated config is valid")
        .support
}

/// Every property on one calendar and three instants.
fn check_all(cal: &Calendar, x: Ms, y: Ms, z: Ms, amount: i64) -> Result<(), TestCaseError> {
    let mut v = [x, y, z];
    v.sort_unstable();
    let [a, b, c] = v;
    let d = |p, q| cal.business_ms(p, q);
    // Additivity and bounds.
    prop_assert_eq!(d(a, c), d(a, b) + d(b, c));
    prop_assert!(d(a, b) >= 0 && d(a, b) <= b - a);
    prop_assert_eq!(d(b, a), 0);
    // The deadline of d(a, b) is the earliest instant with that business time.
    let x = d(a, b);
    let t = cal.add_business(a, x);
    prop_assert!(t.is_some());
    let t = t.unwrap_or_default();
    prop_assert!(t >= a && t <= b, "deadline {} outside [{}, {}]", t, a, b);
    prop_assert_eq!(d(a, t), x);
    if x > 0 {
        prop_assert_eq!(d(a, t - 1), x - 1);
    } else {
        prop_assert_eq!(t, a);
    }
    // Agreement with the reference implementation.
    prop_assert_eq!(d(a, b), reference::business_ms(cal, a, b));
    prop_assert_eq!(
        cal.open_intervals(a, b),
        reference::open_intervals(cal, a, b)
    );
    prop_assert_eq!(
        cal.add_business(a, amount),
        reference::add_business(cal, a, amount)
    );
    // Membership is one millisecond of business time.
    prop_assert_eq!(cal.is_open(a), d(a, a + 1) == 1);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ssbtek_support_hours(a in instant(), s1 in span(), s2 in span(), amount in span()) {
        check_all(&cals().support, a, a + s1, a + s1 + s2, amount)?;
    }

    #[test]
    fn ssbtek_opening_hours_any_order(x in instant(), y in instant(), z in instant()) {
        // Far-apart instants: spans of years cross many year tables.
        let cal = &cals().opening;
        let mut v = [x, y, z];
        v.sort_unstable();
        let d = |p, q| cal.business_ms(p, q);
        prop_assert_eq!(d(v[0], v[2]), d(v[0], v[1]) + d(v[1], v[2]));
        prop_assert!(d(v[0], v[2]) <= v[2] - v[0]);
        let t = cal.add_business(v[0], d(v[0], v[2])).unwrap_or_default();
        prop_assert_eq!(d(v[0], t), d(v[0], v[2]));
        prop_assert!(t <= v[2]);
    }
}

proptest! {
    // Random calendars: fewer cases, each builds fresh year tables.
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn random_calendars(cfg in config(), a in instant(), s1 in span(), s2 in span(), amount in span()) {
        let cal = calendar(&cfg);
        check_all(&cal, a, a + s1, a + s1 + s2, amount)?;
    }

    #[test]
    fn calendar_days_keep_the_wall_clock(cfg in config(), t in instant(), n in 0i64..60) {
        use crate::calendar::{add_calendar_days, local_datetime, resolve_local};
        let tz = cfg.timezone;
        let got = add_calendar_days(tz, t, n);
        let want = local_datetime(tz, t) + chrono::Duration::days(n);
        match resolve_local(tz, want, NonexistentPolicy::Reject, AmbiguousPolicy::Reject) {
            // Where the wall-clock time exists once, it is exactly that instant.
            Ok((x, LocalResolution::Unique)) => prop_assert_eq!(got, x),
            // In a gap or fold: the shift-forward / first-occurrence reading.
            _ => {
                let (x, _) = resolve_local(tz, want, NonexistentPolicy::ShiftForward, AmbiguousPolicy::Earliest).unwrap();
                prop_assert_eq!(got, x);
            }
        }
    }
}
