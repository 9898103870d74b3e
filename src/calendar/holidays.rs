//! Swedish public holidays (röda dagar) computed for any year, under the law in force that year
//! (SPEC §2, §9.5), and the named eves that a config may close.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Eves a config may close (`calendar.closed_eves`).
pub const EVES: [&str; 4] = ["julafton", "midsommarafton", "nyarsafton", "paskafton"];

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid easter date")
}

fn ymd(year: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, m, d).expect("valid fixed date")
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let delta = (7 + weekday.num_days_from_monday() as i64
        - from.weekday().num_days_from_monday() as i64)
        % 7;
    from + Duration::days(delta)
}

/// Midsommardagen: the Saturday 20–26 June (modern rule, applied to every year; SPEC §9.5).
pub fn midsommardagen(year: i32) -> NaiveDate {
    weekday_on_or_after(ymd(year, 6, 20), Weekday::Sat)
}

/// Alla helgons dag: the Saturday 31 October – 6 November.
pub fn alla_helgons_dag(year: i32) -> NaiveDate {
    weekday_on_or_after(ymd(year, 10, 31), Weekday::Sat)
}

/// The public holidays of `year`, sorted by date, with their Swedish names.
pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let mut days = vec![
        (ymd(year, 1, 1), "nyårsdagen"),
        (ymd(year, 1, 6), "trettondedag jul"),
        (easter - Duration::days(2), "långfredagen"),
        (easter, "påskdagen"),
        (easter + Duration::days(1), "annandag påsk"),
        (ymd(year, 5, 1), "första maj"),
        (easter + Duration::days(39), "Kristi himmelsfärdsdag"),
        (easter + Duration::days(49), "pingstdagen"),
        (midsommardagen(year), "midsommardagen"),
        (alla_helgons_dag(year), "alla helgons dag"),
        (ymd(year, 12, 25), "juldagen"),
        (ymd(year, 12, 26), "annandag jul"),
    ];
    // Annandag pingst was a red day until 2004; nationaldagen one from 2005 (SFS 2004:1320).
    if year <= 2004 {
        days.push((easter + Duration::days(50), "annandag pingst"));
    } else {
        days.push((ymd(year, 6, 6), "nationaldagen"));
    }
    days.sort();
    days
}

/// The named eves of `year` (not red days): (date, key in [`EVES`], Swedish name).
pub fn eves(year: i32) -> Vec<(NaiveDate, &'static str, &'static str)> {
    let easter = easter_sunday(year);
    let mut v = vec![
        (easter - Duration::days(1), "paskafton", "påskafton"),
        (
            midsommardagen(year) - Duration::days(1),
            "midsommarafton",
            "midsommarafton",
        ),
        (ymd(year, 12, 24), "julafton", "julafton"),
        (ymd(year, 12, 31), "nyarsafton", "nyårsafton"),
    ];
    v.sort();
    v
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
    }

    #[test]
    fn holidays_2026_by_hand() {
        let h: Vec<_> = public_holidays(2026).into_iter().map(|(d, _)| d).collect();
        for d in [
            ymd(2026, 1, 1),
            ymd(2026, 1, 6),
            ymd(2026, 4, 3), // långfredagen
            ymd(2026, 4, 5),
            ymd(2026, 4, 6), // annandag påsk
            ymd(2026, 5, 1),
            ymd(2026, 5, 14), // Kristi himmelsfärd
            ymd(2026, 5, 24),
            ymd(2026, 6, 6),
            ymd(2026, 6, 20), // midsommardagen
            ymd(2026, 10, 31),
            ymd(2026, 12, 25),
            ymd(2026, 12, 26),
        ] {
            assert!(h.contains(&d), "{d} missing");
        }
        assert_eq!(h.len(), 13);
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
    }
}
