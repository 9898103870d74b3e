//! Hand-computed calendar cases (M1, M1.3–M1.5, M1.7, M1.10, M1.14). Every instant is written with its
//! offset by hand, every expected figure worked out on paper (comments show the sum); the
//! month and year totals were cross-checked with a few lines of Python (`dateutil.easter`,
//! weekday counts).

use super::{at, cals, period, ssbtek, H, MIN};
use crate::calendar::Target;
use crate::calendar::*;

fn open(a: &str, b: &str) -> i64 {
    cals().opening.business_ms(at(a), at(b))
}

fn month_open(c: &Calendar, year: i32, month: u32) -> i64 {
    let (a, b) = month_bounds(c.tz(), year, month);
    c.business_ms(a, b)
}

#[test]
fn open_time_per_month_2026() {
    // Weekdays minus weekday red days, × 9 h (Python cross-check: 254 days in 2026).
    let days = [20, 20, 22, 20, 19, 22, 23, 21, 22, 22, 21, 22];
    let c = &cals().opening;
    for (i, d) in days.iter().enumerate() {
        assert_eq!(
            month_open(c, 2026, i as u32 + 1),
            d * 9 * H,
            "month {}",
            i + 1
        );
    }
    assert_eq!(
        open("2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"),
        254 * 9 * H
    );
}

#[test]
fn dst_spring_weekend_2026_03_29() {
    // Fri 16:00 +01 → Mon 09:00 +02: 1 h Friday + 1 h Monday.
    assert_eq!(
        open("2026-03-27T16:00:00+01:00", "2026-03-30T09:00:00+02:00"),
        2 * H
    );
    // The week before the switch, Monday to Monday: 5 × 9 h; the gap itself is closed time.
    assert_eq!(
        open("2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
        45 * H
    );
    assert_eq!(
        open("2026-03-29T01:00:00+01:00", "2026-03-29T04:00:00+02:00"),
        0
    );
    // Monday opens at 08:00 summer time = 06:00Z, closes 17:00 = 15:00Z.
    let c = &cals().opening;
    assert!(c.is_open(at("2026-03-30T08:00:00+02:00")));
    assert!(!c.is_open(at("2026-03-30T07:59:59.999+02:00")));
    // The same instant written in winter offset (07:00+01:00 = 08:00+02:00) is open too.
    assert!(c.is_open(at("2026-03-30T07:00:00+01:00")));
    assert!(c.is_open(at("2026-03-30T16:59:59.999+02:00")));
    assert!(!c.is_open(at("2026-03-30T17:00:00+02:00")));
    // March 2026 is 743 h of wall time but still 22 × 9 h open.
    let (a, b) = month_bounds(c.tz(), 2026, 3);
    assert_eq!(b - a, 743 * H);
    assert_eq!(c.business_ms(a, b), 22 * 9 * H);
}

#[test]
fn dst_autumn_weekend_2026_10_25() {
    assert_eq!(
        open("2026-10-23T16:00:00+02:00", "2026-10-26T09:00:00+01:00"),
        2 * H
    );
    // The fold night is closed; Monday opens at 08:00 winter time = 07:00Z.
    assert_eq!(
        open("2026-10-25T01:00:00+02:00", "2026-10-25T04:00:00+01:00"),
        0
    );
    let c = &cals().opening;
    assert!(!c.is_open(at("2026-10-26T07:59:59+01:00")));
    assert!(c.is_open(at("2026-10-26T08:00:00+01:00")));
    let (a, b) = month_bounds(c.tz(), 2026, 10);
    assert_eq!(b - a, 745 * H);
    assert_eq!(c.business_ms(a, b), 22 * 9 * H);
}

#[test]
fn easter_2026() {
    // Thu 2 April 16:00 → Tue 7 April 09:00: långfredag 3/4 and annandag påsk 6/4 closed.
    assert_eq!(
        open("2026-04-02T16:00:00+02:00", "2026-04-07T09:00:00+02:00"),
        2 * H
    );
    assert_eq!(
        open("2026-04-03T08:00:00+02:00", "2026-04-03T17:00:00+02:00"),
        0
    );
    assert_eq!(
        open("2026-04-06T00:00:00+02:00", "2026-04-07T00:00:00+02:00"),
        0
    );
    let c = &cals().opening;
    assert_eq!(
        c.closed_reason(chrono::NaiveDate::from_ymd_opt(2026, 4, 3).unwrap())
            .as_deref(),
        Some("långfredagen")
    );
}

#[test]
fn midsommar_2026_eve_open_by_default_closed_when_configured() {
    // Midsommarafton Fri 19 June is open (9 h) by default; midsommardagen is a Saturday.
    let span = ("2026-06-18T16:00:00+02:00", "2026-06-22T09:00:00+02:00");
    assert_eq!(open(span.0, span.1), (1 + 9 + 1) * H);
    let mut cfg = ssbtek();
    cfg.closed_eves = vec!["midsommarafton".into()];
    let closed = Calendars::from_config(&cfg);
    assert_eq!(closed.opening.business_ms(at(span.0), at(span.1)), 2 * H);
    assert_eq!(month_open(&closed.opening, 2026, 6), 21 * 9 * H);
    assert_eq!(month_open(&cals().opening, 2026, 6), 22 * 9 * H);
}

#[test]
fn kristi_himmelsfard_2026() {
    // Thu 14 May: Wed 16:00 → Fri 09:00 = 1 h + 1 h.
    assert_eq!(
        open("2026-05-13T16:00:00+02:00", "2026-05-15T09:00:00+02:00"),
        2 * H
    );
}

#[test]
fn friday_16_50_to_monday_08_10() {
    // 10 min Friday + 10 min Monday.
    let c = cals();
    let (a, b) = (
        at("2026-03-06T16:50:00+01:00"),
        at("2026-03-09T08:10:00+01:00"),
    );
    assert_eq!(c.support.business_ms(a, b), 20 * MIN);
    // The same on the ticket clock: 30 min response target met, 8 h resolution deadline Mon 15:50.
    let response = Target::parse("30 min").unwrap();
    let m = c.measure(&response, a, b);
    assert_eq!(m.elapsed_ms, 20 * MIN);
    assert_eq!(m.deadline, Some(at("2026-03-09T08:20:00+01:00")));
    assert!(m.met);
    let resolution = Target::parse("8 h").unwrap();
    assert_eq!(
        c.deadline(&resolution, a),
        Some(at("2026-03-09T15:50:00+01:00"))
    );
}

#[test]
fn instants_exactly_at_opening_and_closing() {
    let c = &cals().opening;
    assert!(c.is_open(at("2026-03-02T08:00:00+01:00")));
    assert!(!c.is_open(at("2026-03-02T07:59:59.999+01:00")));
    assert!(c.is_open(at("2026-03-02T16:59:59.999+01:00")));
    assert!(!c.is_open(at("2026-03-02T17:00:00+01:00")));
    assert_eq!(
        open("2026-03-02T08:00:00+01:00", "2026-03-02T08:00:01+01:00"),
        1000
    );
    assert_eq!(
        open("2026-03-02T07:59:59+01:00", "2026-03-02T08:00:00+01:00"),
        0
    );
    assert_eq!(
        open("2026-03-02T16:59:59+01:00", "2026-03-02T17:00:00+01:00"),
        1000
    );
    assert_eq!(
        open("2026-03-02T17:00:00+01:00", "2026-03-02T17:00:01+01:00"),
        0
    );
    assert_eq!(
        open(
            "2026-03-02T16:59:59.999+01:00",
            "2026-03-02T17:00:00.001+01:00"
        ),
        1
    );
    // 9 h from 08:00:00 ends at 17:00:00 the same day (the earliest such instant) …
    assert_eq!(
        c.add_business(at("2026-03-02T08:00:00+01:00"), 9 * H),
        Some(at("2026-03-02T17:00:00+01:00"))
    );
    // … and 1 ms from 17:00:00 is 08:00:00.001 the next morning.
    assert_eq!(
        c.add_business(at("2026-03-02T17:00:00+01:00"), 1),
        Some(at("2026-03-03T08:00:00.001+01:00"))
    );
    assert_eq!(
        c.next_open(at("2026-03-02T17:00:00+01:00")),
        Some(at("2026-03-03T08:00:00+01:00"))
    );
    assert_eq!(
        c.next_open(at("2026-03-02T12:00:00+01:00")),
        Some(at("2026-03-02T12:00:00+01:00"))
    );
}

#[test]
fn intervals_entirely_outside_open_time() {
    // A weekend, a night, a red day, a reversed interval, an empty one.
    assert_eq!(
        open("2026-03-07T10:00:00+01:00", "2026-03-08T20:00:00+01:00"),
        0
    );
    assert_eq!(
        open("2026-03-02T17:00:00+01:00", "2026-03-03T08:00:00+01:00"),
        0
    );
    assert_eq!(
        open("2026-05-01T08:00:00+02:00", "2026-05-01T17:00:00+02:00"),
        0
    );
    assert_eq!(
        open("2026-03-03T12:00:00+01:00", "2026-03-02T12:00:00+01:00"),
        0
    );
    assert_eq!(
        open("2026-03-03T12:00:00+01:00", "2026-03-03T12:00:00+01:00"),
        0
    );
    let c = &cals().opening;
    assert!(c
        .open_intervals(
            at("2026-03-07T00:00:00+01:00"),
            at("2026-03-09T00:00:00+01:00")
        )
        .is_empty());
}

#[test]
fn month_and_year_edges() {
    // Thu 30 April 16:00 → Mon 4 May 09:00: första maj (Fri) closed.
    assert_eq!(
        open("2026-04-30T16:00:00+02:00", "2026-05-04T09:00:00+02:00"),
        2 * H
    );
    // Tue 31 March 16:30 → Wed 1 April 08:30.
    assert_eq!(
        open("2026-03-31T16:30:00+02:00", "2026-04-01T08:30:00+02:00"),
        H
    );
    // Across New Year (nyårsafton Thu open, nyårsdagen Fri closed): 1 h + 1 h.
    let span = ("2026-12-31T16:00:00+01:00", "2027-01-04T09:00:00+01:00");
    assert_eq!(open(span.0, span.1), 2 * H);
    let mut cfg = ssbtek();
    cfg.closed_eves = vec!["nyarsafton".into(), "julafton".into()];
    let c = Calendars::from_config(&cfg);
    assert_eq!(c.opening.business_ms(at(span.0), at(span.1)), H);
    // Deadlines cross New Year too: 2 h from Thu 31 Dec 16:00 → Mon 4 Jan 09:00.
    assert_eq!(
        cals().opening.add_business(at(span.0), 2 * H),
        Some(at("2027-01-04T09:00:00+01:00"))
    );
    // Month bounds are local midnights.
    let (a, b) = month_bounds(cals().tz, 2026, 3);
    assert_eq!(
        (a, b),
        (
            at("2026-03-01T00:00:00+01:00"),
            at("2026-04-01T00:00:00+02:00")
        )
    );
    // The intervals are clipped to the month.
    let ivs = cals().opening.open_intervals(a, b);
    assert_eq!(ivs.len(), 22);
    assert_eq!(
        ivs[0],
        (
            at("2026-03-02T08:00:00+01:00"),
            at("2026-03-02T17:00:00+01:00")
        )
    );
    assert_eq!(
        ivs[21],
        (
            at("2026-03-31T08:00:00+02:00"),
            at("2026-03-31T17:00:00+02:00")
        )
    );
}

#[test]
fn ticket_targets_on_their_clocks() {
    let c = cals();
    // Incident prio 2, resolution 2 wd = 18 h from Wed 1 April 10:00: Wed 7 h + Thu 9 h, then
    // långfredag and annandag påsk are closed, so 2 h on Tue 7 April → 10:00.
    let two_wd = Target::parse("2 wd").unwrap();
    let start = at("2026-04-01T10:00:00+02:00");
    assert_eq!(c.fixed_target_ms(&two_wd), Some(18 * H));
    assert_eq!(
        c.deadline(&two_wd, start),
        Some(at("2026-04-07T10:00:00+02:00"))
    );
    let m = c.measure(&two_wd, start, at("2026-04-07T10:00:00+02:00"));
    assert_eq!((m.elapsed_ms, m.met), (18 * H, true));
    let m = c.measure(&two_wd, start, at("2026-04-07T10:00:00.001+02:00"));
    assert_eq!((m.elapsed_ms, m.met), (18 * H + 1, false));
    // Problem prio 1, resolution 6 d (calendar): the same wall-clock time 6 days later, 143 h
    // across the spring switch.
    let six_d = Target::parse("6 d").unwrap();
    let start = at("2026-03-24T10:00:00+01:00");
    assert_eq!(c.fixed_target_ms(&six_d), None);
    assert_eq!(
        c.deadline(&six_d, start),
        Some(at("2026-03-30T10:00:00+02:00"))
    );
    let m = c.measure(&six_d, start, at("2026-03-30T10:00:00+02:00"));
    assert_eq!((m.elapsed_ms, m.target_ms, m.met), (143 * H, 143 * H, true));
    assert!(
        !c.measure(&six_d, start, at("2026-03-30T10:00:00.001+02:00"))
            .met
    );
    // A calendar clock for hours is plain wall time.
    let wall: Target =
        toml::from_str::<toml::Table>("t = { value = 8, unit = \"h\", clock = \"calendar\" }")
            .unwrap()["t"]
            .clone()
            .try_into()
            .unwrap();
    assert_eq!(c.deadline(&wall, start), Some(start + 8 * H));
    assert_eq!(c.elapsed(&wall, start, start - 1), 0);
    // The change notice: 28 d = 28 × 24 h − 1 h across the spring switch.
    assert_eq!(
        add_calendar_days(c.tz, at("2026-03-10T09:00:00+01:00"), 28),
        at("2026-04-07T09:00:00+02:00")
    );
}

#[test]
fn extra_closures_and_openings() {
    let mut cfg = ssbtek();
    cfg.extra_closed = vec![
        period("2026-12-23T12:00", "2026-12-23T17:00", "julstängning"),
        // A closure overlapping an extra opening wins.
        period("2026-03-07T12:00", "2026-03-07T13:00", "lunch"),
    ];
    cfg.extra_open = vec![
        period("2026-03-07T10:00", "2026-03-07T14:00", "release"),
        period("2026-12-31T20:00", "2027-01-01T04:00", "nyårsdrift"),
    ];
    let c = Calendars::from_config(&cfg);
    let o = &c.opening;
    assert_eq!(
        o.business_ms(
            at("2026-12-23T00:00:00+01:00"),
            at("2026-12-24T00:00:00+01:00")
        ),
        4 * H
    );
    assert_eq!(month_open(o, 2026, 3), (22 * 9 + 3) * H);
    assert_eq!(
        o.open_intervals(
            at("2026-03-07T00:00:00+01:00"),
            at("2026-03-08T00:00:00+01:00")
        ),
        vec![
            (
                at("2026-03-07T10:00:00+01:00"),
                at("2026-03-07T12:00:00+01:00")
            ),
            (
                at("2026-03-07T13:00:00+01:00"),
                at("2026-03-07T14:00:00+01:00")
            ),
        ]
    );
    // An extra opening across New Year (and across two year tables) is one interval.
    assert_eq!(
        o.open_intervals(
            at("2026-12-31T00:00:00+01:00"),
            at("2027-01-02T00:00:00+01:00")
        ),
        vec![
            (
                at("2026-12-31T08:00:00+01:00"),
                at("2026-12-31T17:00:00+01:00")
            ),
            (
                at("2026-12-31T20:00:00+01:00"),
                at("2027-01-01T04:00:00+01:00")
            ),
        ]
    );
    assert_eq!(
        o.add_business(at("2026-12-31T16:00:00+01:00"), 5 * H),
        Some(at("2027-01-01T00:00:00+01:00"))
    );
    // The support calendar shares the dated exceptions.
    assert_eq!(
        c.support.business_ms(
            at("2026-12-23T00:00:00+01:00"),
            at("2026-12-24T00:00:00+01:00")
        ),
        4 * H
    );
}

#[test]
fn provider_hours_transportstyrelsen() {
    let c = cals();
    let t = c
        .provider("transportstyrelsen")
        .expect("provider in SSBTEK config");
    assert_eq!(month_open(t, 2026, 3), 22 * (8 * H + 30 * MIN));
    assert_eq!(
        t.business_ms(
            at("2026-03-06T16:20:00+01:00"),
            at("2026-03-09T08:10:00+01:00")
        ),
        20 * MIN
    );
    assert!(!t.is_open(at("2026-03-02T16:30:00+01:00")));
    assert!(c.by_name("transportstyrelsen").is_some());
    assert!(c.by_name("support").is_some());
    assert!(c.by_name("nobody").is_none());
}

#[test]
fn law_in_force_2004_2005() {
    let day = |d: &str, off: &str| {
        let a = at(&format!("{d}T00:00:00{off}"));
        cals().opening.business_ms(a, a + 24 * H)
    };
    assert_eq!(day("2004-05-31", "+02:00"), 0); // annandag pingst 2004, Monday
    assert_eq!(day("2005-05-16", "+02:00"), 9 * H); // no longer a red day
    assert_eq!(day("2005-06-06", "+02:00"), 0); // nationaldagen, Monday
    assert_eq!(day("2003-06-06", "+02:00"), 9 * H); // Friday, not yet a red day
}

#[test]
fn calendar_years_1900_to_2200() {
    let c = &cals().opening;
    // Nothing before 1900; nyårsdagen 1900 was a Monday, so Tuesday 2 January opens first.
    assert_eq!(
        c.business_ms(
            at("1899-06-01T00:00:00+01:00"),
            at("1900-01-03T00:00:00+01:00")
        ),
        9 * H
    );
    assert_eq!(c.next_open(i64::MIN), Some(at("1900-01-02T08:00:00+01:00")));
    // The last open hour: Wed 31 December 2200 (nyårsafton, open) 16:00–17:00.
    let last = at("2200-12-31T16:00:00+01:00");
    assert_eq!(c.business_ms(last, i64::MAX), H);
    assert_eq!(c.add_business(last, H), Some(last + H));
    assert_eq!(c.add_business(last, H + 1), None);
    assert!(!c.is_open(i64::MAX));
    assert_eq!(c.business_ms(i64::MIN, i64::MIN + 1), 0);
    assert!(c.open_intervals(i64::MIN, i64::MAX).len() > 70_000);
}

#[test]
fn a_calendar_that_never_opens() {
    let mut cfg = ssbtek();
    cfg.support_hours = Default::default();
    let c = Calendars::from_config(&cfg);
    assert_eq!(c.support.business_ms(i64::MIN, i64::MAX), 0);
    assert_eq!(
        c.support.add_business(at("2026-03-02T08:00:00+01:00"), 1),
        None
    );
    let t = Target::parse("30 min").unwrap();
    let m = c.measure(
        &t,
        at("2026-03-02T08:00:00+01:00"),
        at("2026-03-03T08:00:00+01:00"),
    );
    assert_eq!((m.elapsed_ms, m.deadline, m.met), (0, None, true));
}

#[test]
fn rule_notes_name_the_rules() {
    let notes = cals().rule_notes(2026..=2026);
    let keys: Vec<&str> = notes.iter().map(|n| n.key).collect();
    assert!(keys.contains(&"half_open"));
    assert!(keys.contains(&"holidays"));
    assert!(!keys.contains(&"holidays_before_1953"));
    let old = cals().rule_notes(1950..=1950);
    let pre = old
        .iter()
        .find(|n| n.key == "holidays_before_1953")
        .unwrap();
    assert!(pre.en.contains("modern rules"));
    let weekly = notes.iter().find(|n| n.key == "weekly_hours").unwrap();
    assert!(weekly.en.contains("mon 08:00-17:00"), "{}", weekly.en);
    let units = notes.iter().find(|n| n.key == "units").unwrap();
    assert!(units.en.contains("9:00"), "{}", units.en);
}

#[test]
fn round_the_clock_hours_follow_the_wall_clock() {
    // Open 00:00–24:00 every day, no holidays: a month's open time is its wall time, 743 h in
    // March 2026 (spring switch) and 745 h in October; each day is one interval from local
    // midnight to local midnight.
    let mut cfg = ssbtek();
    let all = vec!["00:00-24:00".to_string()];
    cfg.holidays = crate::calendar::HolidaySet::None;
    cfg.opening_hours = crate::calendar::WeeklyHours {
        mon: all.clone(),
        tue: all.clone(),
        wed: all.clone(),
        thu: all.clone(),
        fri: all.clone(),
        sat: all.clone(),
        sun: all,
    };
    let c = Calendars::from_config(&cfg);
    assert_eq!(month_open(&c.opening, 2026, 3), 743 * H);
    assert_eq!(month_open(&c.opening, 2026, 10), 745 * H);
    // Touching days merge into one interval.
    let (a, b) = month_bounds(c.tz, 2026, 3);
    assert_eq!(c.opening.open_intervals(a, b), vec![(a, b)]);
    assert_eq!(
        c.opening.business_ms(
            at("2026-03-29T00:00:00+01:00"),
            at("2026-03-30T00:00:00+02:00")
        ),
        23 * H
    );
}

#[test]
fn calendars_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Calendars>();
    // Clones share the year cache; queries from several threads agree.
    let c = cals().clone();
    let (a, b) = month_bounds(c.tz, 2027, 2);
    let got: Vec<i64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| c.support.business_ms(a, b)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(got, vec![20 * 9 * H; 4]);
}
