//! Swedish public holidays (röda dagar) computed for any year, under the law in force that year
//! (M1, M1.10), and the named eves that a config may close.
//!
//! The list is M1.10's: the fixed-date and Easter-based red days, midsommardagen (the
//! Saturday 20–26 June) and alla helgons dag (the Saturday 31 October – 6 November). Two law
//! changes are applied: annandag pingst is a red day up to 2004, nationaldagen from 2005
//! (SFS 2004:1320). Before 1953 midsommardagen (24 June) and alla helgons dag (1 November) had
//! fixed dates; the modern rules are applied to every year instead, as M1.10 says, and
//! [`PRE_1953_NOTE`] says so wherever the rules are printed. Sundays, red days by law, are not
//! listed: a Sunday closes only through the weekly hours.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Eves a config may close (`calendar.closed_eves`).
pub const EVES: [&str; 4] = ["julafton", "midsommarafton", "nyarsafton", "paskafton"];

/// The last year annandag pingst was a red day, the year before nationaldagen became one.
pub const LAST_YEAR_ANNANDAG_PINGST: i32 = 2004;

/// The caveat for years before 1953 (English).
pub const PRE_1953_NOTE: &str = "Before 1953 midsommardagen (24 June) and alla helgons dag \
(1 November) had fixed dates; this calendar applies the modern rules (the Saturday 20–26 June, \
the Saturday 31 October – 6 November) to every year. Other differences of older law (e.g. \
Marie bebådelsedag, a red day until 1953; första maj, one only from 1939) are not modelled.";

/// The caveat for years before 1953 (Swedish).
pub const PRE_1953_NOTE_SV: &str = "Före 1953 hade midsommardagen (24 juni) och alla helgons \
dag (1 november) fasta datum; kalendern tillämpar de nuvarande reglerna (lördagen 20–26 juni, \
lördagen 31 oktober – 6 november) på alla år. Andra skillnader i äldre lag (t.ex. Marie \
bebådelsedag, röd dag till 1953; första maj, röd dag först från 1939) modelleras inte.";

/// Whether a day is a red day or a named eve (closed only when the config says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    Public,
    Eve,
}

/// One holiday or eve of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
    /// Stable ASCII key, e.g. `langfredagen`; for eves the key of [`EVES`].
    pub key: &'static str,
    /// Swedish name as the agreement writes it.
    pub name_sv: &'static str,
    pub name_en: &'static str,
}

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
/// Valid for every year ≥ 1583 (and used for 1900–2200).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// A date of `year`; outside chrono's range (±262,000 years) the epoch, never a panic.
fn ymd(year: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default()
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let delta = (7 + weekday.num_days_from_monday() as i64
        - from.weekday().num_days_from_monday() as i64)
        % 7;
    from + Duration::days(delta)
}

/// Midsommardagen: the Saturday 20–26 June (modern rule, applied to every year; M1.10).
pub fn midsommardagen(year: i32) -> NaiveDate {
    weekday_on_or_after(ymd(year, 6, 20), Weekday::Sat)
}

/// Alla helgons dag: the Saturday 31 October – 6 November.
pub fn alla_helgons_dag(year: i32) -> NaiveDate {
    weekday_on_or_after(ymd(year, 10, 31), Weekday::Sat)
}

/// Every public holiday and named eve of `year`, sorted by (date, kind, key). Two red days can
/// share a date (första maj and Kristi himmelsfärdsdag in 2008); both are listed.
pub fn holidays(year: i32) -> Vec<Holiday> {
    use HolidayKind::{Eve, Public};
    let easter = easter_sunday(year);
    let day = |n: i64| easter + Duration::days(n);
    let h = |date, kind, key, name_sv, name_en| Holiday {
        date,
        kind,
        key,
        name_sv,
        name_en,
    };
    let mut v = vec![
        h(
            ymd(year, 1, 1),
            Public,
            "nyarsdagen",
            "nyårsdagen",
            "New Year's Day",
        ),
        h(
            ymd(year, 1, 6),
            Public,
            "trettondedag_jul",
            "trettondedag jul",
            "Epiphany",
        ),
        h(
            day(-2),
            Public,
            "langfredagen",
            "långfredagen",
            "Good Friday",
        ),
        h(day(0), Public, "paskdagen", "påskdagen", "Easter Sunday"),
        h(
            day(1),
            Public,
            "annandag_pask",
            "annandag påsk",
            "Easter Monday",
        ),
        h(
            ymd(year, 5, 1),
            Public,
            "forsta_maj",
            "första maj",
            "May Day",
        ),
        h(
            day(39),
            Public,
            "kristi_himmelsfardsdag",
            "Kristi himmelsfärdsdag",
            "Ascension Day",
        ),
        h(day(49), Public, "pingstdagen", "pingstdagen", "Whit Sunday"),
        h(
            midsommardagen(year),
            Public,
            "midsommardagen",
            "midsommardagen",
            "Midsummer Day",
        ),
        h(
            alla_helgons_dag(year),
            Public,
            "alla_helgons_dag",
            "alla helgons dag",
            "All Saints' Day",
        ),
        h(
            ymd(year, 12, 25),
            Public,
            "juldagen",
            "juldagen",
            "Christmas Day",
        ),
        h(
            ymd(year, 12, 26),
            Public,
            "annandag_jul",
            "annandag jul",
            "Boxing Day",
        ),
        h(day(-1), Eve, "paskafton", "påskafton", "Holy Saturday"),
        h(
            midsommardagen(year) - Duration::days(1),
            Eve,
            "midsommarafton",
            "midsommarafton",
            "Midsummer Eve",
        ),
        h(
            ymd(year, 12, 24),
            Eve,
            "julafton",
            "julafton",
            "Christmas Eve",
        ),
        h(
            ymd(year, 12, 31),
            Eve,
            "nyarsafton",
            "nyårsafton",
            "New Year's Eve",
        ),
    ];
    // Annandag pingst was a red day until 2004; nationaldagen one from 2005 (SFS 2004:1320).
    if year <= LAST_YEAR_ANNANDAG_PINGST {
        v.push(h(
            day(50),
            Public,
            "annandag_pingst",
            "annandag pingst",
            "Whit Monday",
        ));
    } else {
        v.push(h(
            ymd(year, 6, 6),
            Public,
            "nationaldagen",
            "nationaldagen",
            "National Day of Sweden",
        ));
    }
    v.sort();
    v
}

/// The public holidays of `year`, sorted by date, with their Swedish names.
pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    holidays(year)
        .into_iter()
        .filter(|h| h.kind == HolidayKind::Public)
        .map(|h| (h.date, h.name_sv))
        .collect()
}

/// The named eves of `year` (not red days): (date, key in [`EVES`], Swedish name).
pub fn eves(year: i32) -> Vec<(NaiveDate, &'static str, &'static str)> {
    holidays(year)
        .into_iter()
        .filter(|h| h.kind == HolidayKind::Eve)
        .map(|h| (h.date, h.key, h.name_sv))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_known_years() {
        assert_eq!(easter_sunday(2026), ymd(2026, 4, 5));
        assert_eq!(easter_sunday(2024), ymd(2024, 3, 31));
        assert_eq!(easter_sunday(2025), ymd(2025, 4, 20));
        assert_eq!(easter_sunday(2000), ymd(2000, 4, 23));
        assert_eq!(easter_sunday(2038), ymd(2038, 4, 25));
        assert_eq!(easter_sunday(1943), ymd(1943, 4, 25));
        assert_eq!(easter_sunday(2285), ymd(2285, 3, 22));
        // The range ends (checked with python-dateutil's easter()).
        assert_eq!(easter_sunday(1900), ymd(1900, 4, 15));
        assert_eq!(easter_sunday(2200), ymd(2200, 4, 6));
    }

    #[test]
    fn easter_is_a_sunday_in_range_every_year() {
        for y in 1900..=2200 {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= ymd(y, 3, 22) && e <= ymd(y, 4, 25), "{y}: {e}");
        }
    }

    #[test]
    fn holidays_2026_by_hand() {
        let h: Vec<_> = public_holidays(2026).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            h,
            vec![
                ymd(2026, 1, 1),
                ymd(2026, 1, 6),
                ymd(2026, 4, 3), // långfredagen
                ymd(2026, 4, 5),
                ymd(2026, 4, 6), // annandag påsk
                ymd(2026, 5, 1),
                ymd(2026, 5, 14), // Kristi himmelsfärdsdag
                ymd(2026, 5, 24),
                ymd(2026, 6, 6),
                ymd(2026, 6, 20), // midsommardagen
                ymd(2026, 10, 31),
                ymd(2026, 12, 25),
                ymd(2026, 12, 26),
            ]
        );
        assert_eq!(
            eves(2026),
            vec![
                (ymd(2026, 4, 4), "paskafton", "påskafton"),
                (ymd(2026, 6, 19), "midsommarafton", "midsommarafton"),
                (ymd(2026, 12, 24), "julafton", "julafton"),
                (ymd(2026, 12, 31), "nyarsafton", "nyårsafton"),
            ]
        );
    }

    #[test]
    fn law_changes_2004_2005() {
        let names = |y| {
            public_holidays(y)
                .into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
        };
        assert!(names(2004).contains(&"annandag pingst"));
        assert!(!names(2004).contains(&"nationaldagen"));
        assert!(names(2005).contains(&"nationaldagen"));
        assert!(!names(2005).contains(&"annandag pingst"));
        assert!(public_holidays(2004).contains(&(ymd(2004, 5, 31), "annandag pingst")));
        assert!(public_holidays(1900).contains(&(ymd(1900, 6, 4), "annandag pingst")));
        assert!(public_holidays(2200).contains(&(ymd(2200, 6, 6), "nationaldagen")));
    }

    #[test]
    fn saturday_rules_and_shared_dates() {
        for y in 1900..=2200 {
            let m = midsommardagen(y);
            assert_eq!(m.weekday(), Weekday::Sat);
            assert!((20..=26).contains(&m.day()) && m.month() == 6);
            let a = alla_helgons_dag(y);
            assert_eq!(a.weekday(), Weekday::Sat);
            assert!(a >= ymd(y, 10, 31) && a <= ymd(y, 11, 6));
            assert_eq!(public_holidays(y).len(), 13, "{y}");
            assert_eq!(eves(y).len(), 4, "{y}");
        }
        // 2008: Kristi himmelsfärdsdag fell on första maj; both are listed.
        let on_may_1: Vec<_> = holidays(2008)
            .into_iter()
            .filter(|h| h.date == ymd(2008, 5, 1))
            .map(|h| h.key)
            .collect();
        assert_eq!(on_may_1, vec!["forsta_maj", "kristi_himmelsfardsdag"]);
    }
}
