//! Number, percentage, duration and date formatting in the report language's convention
//! (M10.6, M10.1–M10.3).
//!
//! Rounding is always *conservative*, so that a figure shown as meeting a target really meets
//! it (M10.1–M10.3):
//! - shares (compared with a minimum) are truncated to 2 decimals — any downtime shows below
//!   100,00 %, and 89,999 % shows as 89,99 %, never 90,00 %;
//! - durations compared with a maximum (downtime, ticket times) are rounded *up* to the shown
//!   precision, so 30 min 01 s never shows as "30 min" against a 30 min target;
//! - a budget *left* is rounded down.
//!
//! Exact shares are computed from integer ratios where the metrics give them, so no float
//! error can push 0,29 to 28,99 %.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::calendar::Ms;
use crate::config::{Target, Unit};
use crate::metrics::Ratio;
use crate::report::Lang;

/// The text shown for a value that does not exist (M10.4).
pub const NONE: &str = "–";

/// A non-breaking space: keeps `90,00 %` and `1 234` on one line.
const NBSP: char = '\u{a0}';

/// Formats numbers, shares, durations and instants for one language and time zone.
#[derive(Debug, Clone, Copy)]
pub struct Fmt {
    pub lang: Lang,
    pub tz: Tz,
}

impl Fmt {
    pub fn new(lang: Lang, tz: Tz) -> Self {
        Fmt { lang, tz }
    }

    fn decimal_sep(self) -> char {
        match self.lang {
            Lang::Sv => ',',
            Lang::En => '.',
        }
    }

    fn group_sep(self) -> char {
        match self.lang {
            Lang::Sv => NBSP,
            Lang::En => ',',
        }
    }

    /// An integer with thousands separators: `1 234 567` (sv), `1,234,567` (en).
    pub fn int(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('−');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.group_sep());
            }
            out.push(c);
        }
        out
    }

    pub fn uint(self, n: u64) -> String {
        self.int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// A fixed-point number given as an integer count of `10^-decimals` units.
    fn fixed(self, units: i64, decimals: u32) -> String {
        let scale = 10_i64.pow(decimals);
        let sign = if units < 0 { "−" } else { "" };
        let abs = units.unsigned_abs() as i64;
        let whole = self.int(abs / scale);
        if decimals == 0 {
            return format!("{sign}{whole}");
        }
        let frac = abs % scale;
        format!(
            "{sign}{whole}{}{frac:0width$}",
            self.decimal_sep(),
            width = decimals as usize
        )
    }

    /// A share of an exact ratio, truncated to 2 decimals: `90,00 %`. `–` when undefined.
    pub fn pct_ratio(self, r: Ratio) -> String {
        match share_basis_points_ratio(r) {
            Some(bp) => self.pct_bp(bp),
            None => NONE.into(),
        }
    }

    /// A share given as a float (when no exact ratio is known), truncated to 2 decimals.
    pub fn pct_f64(self, x: Option<f64>) -> String {
        match x.and_then(share_basis_points_f64) {
            Some(bp) => self.pct_bp(bp),
            None => NONE.into(),
        }
    }

    /// Basis points as a plain number of percentage points: `1,50`.
    pub fn bp_plain(self, bp: i64) -> String {
        self.fixed(bp, 2)
    }

    fn pct_bp(self, bp: i64) -> String {
        format!("{}{NBSP}%", self.fixed(bp, 2))
    }

    /// A plain decimal number rounded half away from zero (for values compared with nothing).
    pub fn dec(self, x: f64, decimals: u32) -> String {
        if !x.is_finite() {
            return NONE.into();
        }
        let scale = 10_f64.powi(decimals as i32);
        self.fixed((x * scale).round() as i64, decimals)
    }

    /// Milliseconds as seconds with one decimal, rounded up: `7,1 s`.
    pub fn secs_ms(self, ms: Option<i64>) -> String {
        match ms {
            Some(ms) => format!("{}{NBSP}s", self.fixed(ceil_div(ms, 100), 1)),
            None => NONE.into(),
        }
    }

    /// A threshold in seconds, without a decimal when whole: `7 s`, `8,5 s`.
    pub fn secs_limit(self, ms: i64) -> String {
        if ms % 1000 == 0 {
            format!("{}{NBSP}s", self.int(ms / 1000))
        } else {
            self.secs_ms(Some(ms))
        }
    }

    /// A configured length in words: `5 min`, `62 h`, `1:30 h`.
    pub fn length(self, ms: i64) -> String {
        if ms % 3_600_000 == 0 {
            format!("{}{NBSP}h", self.int(ms / 3_600_000))
        } else if ms < 3_600_000 && ms % 60_000 == 0 {
            format!("{}{NBSP}min", self.int(ms / 60_000))
        } else {
            format!("{}{NBSP}h", self.hmm_up(ms))
        }
    }

    /// A duration as `h:mm`, rounded up to the minute (downtime, compared with a maximum).
    pub fn hmm_up(self, ms: i64) -> String {
        hmm(ceil_div(ms.max(0), 60_000))
    }

    /// A duration as `h:mm`, rounded down to the minute (a budget left, open time).
    pub fn hmm_down(self, ms: i64) -> String {
        if ms < 0 {
            // A budget overdrawn: shown negative, rounded away from zero (conservative).
            return format!("−{}", hmm(ceil_div(-ms, 60_000)));
        }
        hmm(ms / 60_000)
    }

    /// A duration in the unit of a ticket target, rounded up: `45 min`, `8,25 h`, `2,31 wd`.
    /// `day_ms` is the length of one working day (for `wd`).
    pub fn in_unit(self, ms: Option<i64>, unit: Unit, day_ms: i64) -> String {
        let Some(ms) = ms else {
            return NONE.into();
        };
        let ms = ms.max(0);
        let (units, decimals) = match unit {
            Unit::Min => (ceil_div(ms, 60_000), 0),
            Unit::H => (ceil_div(ms.saturating_mul(100), 3_600_000), 2),
            Unit::Wd => (ceil_div(ms.saturating_mul(100), day_ms.max(1)), 2),
            Unit::D => (ceil_div(ms.saturating_mul(100), 86_400_000), 2),
        };
        format!(
            "{}{NBSP}{}",
            self.fixed(units, decimals),
            self.unit_name(unit)
        )
    }

    /// A target as the agreement writes it: `30 min`, `8 timmar`, `1 arbetsdag`,
    /// `2 arbetsdagar`, `6 dagar`.
    pub fn target(self, t: &Target) -> String {
        let n = u64::from(t.value);
        let unit = match t.unit {
            Unit::Min => "min",
            Unit::H => super::i18n::noun(self.lang, n, "hour"),
            Unit::Wd => super::i18n::noun(self.lang, n, "working_day"),
            Unit::D => super::i18n::noun(self.lang, n, "day"),
        };
        let mut s = format!("{}{NBSP}{unit}", self.uint(n));
        if t.clock != Target::default_clock(t.unit) {
            s.push_str(match (self.lang, t.clock) {
                (Lang::Sv, crate::config::Clock::Business) => " (supporttid)",
                (Lang::Sv, crate::config::Clock::Calendar) => " (kalendertid)",
                (Lang::En, crate::config::Clock::Business) => " (support hours)",
                (Lang::En, crate::config::Clock::Calendar) => " (calendar time)",
            });
        }
        s
    }

    /// A target with its length as `h:mm h` when the agreement's unit is not hours (minutes,
    /// working days), so it reads against the `h:mm` actuals beside it: `30 min = 0:30 h`,
    /// `2 arbetsdagar = 18:00 h`. `day_ms` is one working day.
    pub fn target_hmm(self, t: &Target, day_ms: i64) -> String {
        let s = self.target(t);
        match t.unit {
            Unit::Wd if t.clock == Target::default_clock(t.unit) => format!(
                "{s} = {}{NBSP}h",
                self.hmm_up(i64::from(t.value).saturating_mul(day_ms))
            ),
            Unit::Min if t.clock == Target::default_clock(t.unit) => format!(
                "{s} = {}{NBSP}h",
                self.hmm_up(i64::from(t.value).saturating_mul(60_000))
            ),
            _ => s,
        }
    }

    /// `n` with the noun `key` in the right number: `1 avvikelse`, `2 avvikelser`.
    pub fn count(self, n: u64, key: &str) -> String {
        format!("{} {}", self.uint(n), super::i18n::noun(self.lang, n, key))
    }

    /// An optional duration as `h:mm`, rounded up; `–` when absent.
    pub fn hmm_opt(self, ms: Option<i64>) -> String {
        ms.map_or_else(|| NONE.into(), |ms| self.hmm_up(ms))
    }

    pub fn unit_name(self, unit: Unit) -> &'static str {
        match (self.lang, unit) {
            (_, Unit::Min) => "min",
            (_, Unit::H) => "h",
            (Lang::Sv, Unit::Wd) => "arbetsdagar",
            (Lang::En, Unit::Wd) => "working days",
            (Lang::Sv, Unit::D) => "dagar",
            (Lang::En, Unit::D) => "days",
        }
    }

    /// An instant as local `YYYY-MM-DD HH:MM` (seconds truncated).
    pub fn local(self, t: Ms) -> String {
        crate::calendar::local_datetime(self.tz, t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// An optional instant; `–` when absent.
    pub fn local_opt(self, t: Option<Ms>) -> String {
        t.map_or_else(|| NONE.into(), |t| self.local(t))
    }

    /// An instant as local `YYYY-MM-DD HH:MM:SS` (evidence tables need the second).
    pub fn local_secs(self, t: Ms) -> String {
        crate::calendar::local_datetime(self.tz, t)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    /// An instant as local `YYYY-MM-DD HH:MM`, with `:SS` when its second is not zero: a
    /// duration shown beside it (see [`Fmt::hmm_exact`]) can then be recomputed from the times
    /// shown, to the second.
    pub fn local_exact(self, t: Ms) -> String {
        if t.rem_euclid(60_000) < 1000 {
            self.local(t)
        } else {
            self.local_secs(t)
        }
    }

    /// An optional instant as [`Fmt::local_exact`]; `–` when absent.
    pub fn local_exact_opt(self, t: Option<Ms>) -> String {
        t.map_or_else(|| NONE.into(), |t| self.local_exact(t))
    }

    /// A duration as `h:mm`, or `h:mm:ss` when it is not a whole number of minutes (seconds
    /// truncated from milliseconds), so that it equals the difference of the times shown.
    pub fn hmm_exact(self, ms: i64) -> String {
        let s = ms.max(0) / 1000;
        if s % 60 == 0 {
            hmm(s / 60)
        } else {
            format!("{}:{:02}", hmm(s / 60), s % 60)
        }
    }

    /// An optional duration as [`Fmt::hmm_exact`]; `–` when absent.
    pub fn hmm_exact_opt(self, ms: Option<i64>) -> String {
        ms.map_or_else(|| NONE.into(), |ms| self.hmm_exact(ms))
    }

    /// The local time of day `HH:MM` of an instant.
    pub fn local_hm(self, t: Ms) -> String {
        crate::calendar::local_datetime(self.tz, t)
            .format("%H:%M")
            .to_string()
    }

    /// A month as words: `mars 2026`, `March 2026`.
    pub fn month_name(self, year: i32, month: u32) -> String {
        const SV: [&str; 12] = [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (month.clamp(1, 12) - 1) as usize;
        let name = match self.lang {
            Lang::Sv => SV[i],
            Lang::En => EN[i],
        };
        format!("{name} {year}")
    }

    /// A short month name for chart axes: `jan`, `Jan`.
    pub fn month_short(self, month: u32) -> String {
        let full = self.month_name(2000, month);
        let word = full.split(' ').next().unwrap_or_default();
        word.chars().take(3).collect()
    }

    /// A date `YYYY-MM-DD` with the short weekday: `2026-03-02 mån`, `2026-03-02 Mon`.
    pub fn date_weekday(self, d: NaiveDate) -> String {
        const SV: [&str; 7] = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"];
        const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let i = d.weekday().num_days_from_monday() as usize;
        let w = match self.lang {
            Lang::Sv => SV[i],
            Lang::En => EN[i],
        };
        format!("{} {w}", d.format("%Y-%m-%d"))
    }
}

/// `h:mm` of a whole number of minutes.
fn hmm(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Ceiling of `a / b` for `a >= 0`, `b > 0`.
fn ceil_div(a: i64, b: i64) -> i64 {
    a / b + i64::from(a > 0 && a % b != 0)
}

/// An exact ratio as whole basis points (hundredths of a percent), truncated toward zero.
pub fn share_basis_points_ratio(r: Ratio) -> Option<i64> {
    if r.denominator == 0 {
        return None;
    }
    // i128: numerator * 10 000 cannot overflow.
    let n = i128::from(r.numerator) * 10_000;
    let d = i128::from(r.denominator);
    let q = n / d; // truncation toward zero
    i64::try_from(q).ok()
}

/// A float share as whole basis points, truncated. Float error (~1e-12 bp) must not drop an
/// exact share like 0.29 (stored as 0.28999999999999998) to 28,99 %, so a tolerance of 1e-9 bp
/// is allowed upward — far below the gap between a real ratio of up to 10^9 calls and a
/// 2-decimal boundary (≥ 1/denominator bp). A share below 1 never shows as 100,00 %.
pub fn share_basis_points_f64(x: f64) -> Option<i64> {
    if !x.is_finite() {
        return None;
    }
    let mut bp = (x * 10_000.0 + 1e-9).floor() as i64;
    if x < 1.0 && bp >= 10_000 {
        bp = 9_999;
    }
    Some(bp)
}

/// The first day after `period_end` (exclusive end of the month): the earliest the document
/// can be dated (the metrics' `summary.report_date` is later when a correction applied was
/// approved later), so a report never carries the wall clock.
pub fn document_date(tz: Tz, period_end: Ms) -> NaiveDate {
    crate::calendar::local_date(tz, period_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sv() -> Fmt {
        Fmt::new(Lang::Sv, chrono_tz::Europe::Stockholm)
    }
    fn en() -> Fmt {
        Fmt::new(Lang::En, chrono_tz::Europe::Stockholm)
    }

    #[test]
    fn shares_truncate_never_round_up() {
        // 99.999 % → 99,99 %, never 100,00 %.
        assert_eq!(sv().pct_ratio(Ratio::new(99_999, 100_000)), "99,99\u{a0}%");
        assert_eq!(en().pct_ratio(Ratio::new(99_999, 100_000)), "99.99\u{a0}%");
        // One second of downtime in a 198 h month.
        assert_eq!(sv().pct_ratio(Ratio::new(712_799, 712_800)), "99,99\u{a0}%");
        assert_eq!(sv().pct_ratio(Ratio::new(5, 5)), "100,00\u{a0}%");
        // Exactly 90 % shows as 90,00 % (and is met).
        assert_eq!(sv().pct_ratio(Ratio::new(9, 10)), "90,00\u{a0}%");
        assert_eq!(sv().pct_f64(Some(0.9)), "90,00\u{a0}%");
        // Just below 90 % never shows as 90,00 %.
        assert_eq!(
            sv().pct_ratio(Ratio::new(899_999_999, 1_000_000_000)),
            "89,99\u{a0}%"
        );
        assert_eq!(sv().pct_f64(Some(0.899_999_999)), "89,99\u{a0}%");
        // Float representation error does not cost a hundredth.
        assert_eq!(sv().pct_f64(Some(0.29)), "29,00\u{a0}%");
        assert_eq!(sv().pct_f64(Some(0.999_999_9)), "99,99\u{a0}%");
        assert_eq!(sv().pct_f64(Some(1.0)), "100,00\u{a0}%");
        assert_eq!(sv().pct_ratio(Ratio::new(0, 0)), "–");
        assert_eq!(sv().pct_f64(None), "–");
        assert_eq!(sv().pct_f64(Some(f64::NAN)), "–");
        assert_eq!(sv().pct_ratio(Ratio::new(0, 7)), "0,00\u{a0}%");
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(sv().int(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(en().int(1_234_567), "1,234,567");
        assert_eq!(en().int(999), "999");
        assert_eq!(en().int(1000), "1,000");
        assert_eq!(en().int(0), "0");
        assert_eq!(en().int(-1234), "−1,234");
    }

    #[test]
    fn durations_round_against_the_target() {
        assert_eq!(sv().hmm_up(0), "0:00");
        assert_eq!(sv().hmm_up(1), "0:01");
        assert_eq!(sv().hmm_up(62 * 3_600_000), "62:00");
        assert_eq!(sv().hmm_up(90 * 60_000 + 1), "1:31");
        assert_eq!(sv().hmm_down(90 * 60_000 + 59_999), "1:30");
        assert_eq!(sv().hmm_down(-1), "−0:01");
        let u = |ms, unit| sv().in_unit(Some(ms), unit, 32_400_000);
        assert_eq!(u(30 * 60_000, Unit::Min), "30\u{a0}min");
        assert_eq!(u(30 * 60_000 + 1000, Unit::Min), "31\u{a0}min");
        assert_eq!(u(8 * 3_600_000, Unit::H), "8,00\u{a0}h");
        assert_eq!(u(8 * 3_600_000 + 1, Unit::H), "8,01\u{a0}h");
        assert_eq!(u(2 * 32_400_000, Unit::Wd), "2,00\u{a0}arbetsdagar");
        assert_eq!(
            en().in_unit(Some(86_400_000 * 6), Unit::D, 1),
            "6.00\u{a0}days"
        );
        assert_eq!(sv().in_unit(None, Unit::D, 1), "–");
        assert_eq!(sv().secs_ms(Some(7000)), "7,0\u{a0}s");
        assert_eq!(sv().secs_ms(Some(7001)), "7,1\u{a0}s");
        assert_eq!(en().secs_ms(None), "–");
        assert_eq!(sv().secs_limit(7000), "7\u{a0}s");
        assert_eq!(sv().secs_limit(8500), "8,5\u{a0}s");
        assert_eq!(sv().length(300_000), "5\u{a0}min");
        assert_eq!(sv().length(223_200_000), "62\u{a0}h");
        assert_eq!(sv().length(32_400_000), "9\u{a0}h");
        assert_eq!(sv().length(5_400_000), "1:30\u{a0}h");
    }

    #[test]
    fn targets_in_the_agreements_words() {
        let tg = |s: &str| Target::parse(s).unwrap();
        assert_eq!(sv().target(&tg("30 min")), "30\u{a0}min");
        assert_eq!(sv().target(&tg("8 h")), "8\u{a0}timmar");
        assert_eq!(sv().target(&tg("1 h")), "1\u{a0}timme");
        assert_eq!(sv().target(&tg("1 wd")), "1\u{a0}arbetsdag");
        assert_eq!(sv().target(&tg("2 wd")), "2\u{a0}arbetsdagar");
        assert_eq!(sv().target(&tg("6 d")), "6\u{a0}dagar");
        assert_eq!(en().target(&tg("1 wd")), "1\u{a0}working day");
        assert_eq!(en().target(&tg("3 wd")), "3\u{a0}working days");
        assert_eq!(
            sv().target_hmm(&tg("2 wd"), 32_400_000),
            "2\u{a0}arbetsdagar = 18:00\u{a0}h"
        );
        // Shown durations equal the difference of the shown times, to the second.
        assert_eq!(sv().hmm_exact(24_297_000), "6:44:57");
        assert_eq!(sv().hmm_exact(2_220_000), "0:37");
        assert_eq!(sv().hmm_exact(59_999), "0:00:59");
        assert_eq!(sv().target_hmm(&tg("8 h"), 32_400_000), "8\u{a0}timmar");
        assert_eq!(sv().count(1, "discrepancy"), "1 avvikelse");
        assert_eq!(sv().count(2, "discrepancy"), "2 avvikelser");
        assert_eq!(en().count(1_000, "call"), "1,000 calls");
    }

    #[test]
    fn local_times_use_the_calendar_zone() {
        // 2026-03-29 01:30Z is 03:30 CEST (after the spring switch).
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-29T01:30:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(sv().local(t), "2026-03-29 03:30");
        assert_eq!(sv().local_secs(t + 59_999), "2026-03-29 03:30:59");
        assert_eq!(sv().month_name(2026, 3), "mars 2026");
        assert_eq!(en().month_name(2026, 3), "March 2026");
        assert_eq!(
            sv().date_weekday(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
            "2026-03-02 mån"
        );
        let (_, end) = crate::calendar::month_bounds(chrono_tz::Europe::Stockholm, 2026, 3);
        assert_eq!(
            document_date(chrono_tz::Europe::Stockholm, end),
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// The shown basis points back from text: `98,86 %` → 9886.
        fn shown_bp(s: &str) -> i64 {
            s.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        }

        proptest! {
            /// A truncated share is never above the truth and less than 0,01 % below it; it is
            /// 100,00 % only when nothing was lost; and a share shown as meeting a target in
            /// whole basis points really meets it.
            #[test]
            fn shares_are_truncated_exactly(d in 1_i64..5_000_000, frac in 0.0_f64..=1.0, target_bp in 0_i64..=10_000) {
                let n = ((d as f64) * frac).floor() as i64;
                let r = Ratio::new(n, d);
                let bp = shown_bp(&sv().pct_ratio(r));
                // bp/10000 <= n/d < (bp+1)/10000, in integers.
                prop_assert!(bp * d <= n * 10_000);
                prop_assert!(n * 10_000 < (bp + 1) * d);
                prop_assert_eq!(bp == 10_000, n == d);
                if bp >= target_bp {
                    prop_assert!(n * 10_000 >= target_bp * d);
                }
                // The float path agrees with the exact path.
                prop_assert_eq!(sv().pct_f64(r.value()), sv().pct_ratio(r));
            }

            /// Durations compared with a maximum are never shown below the truth.
            #[test]
            fn durations_round_up(ms in 0_i64..10_000_000_000) {
                let shown = sv().hmm_up(ms);
                let (h, m) = shown.split_once(':').unwrap();
                let minutes: i64 = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap();
                prop_assert!(minutes * 60_000 >= ms);
                prop_assert!(minutes * 60_000 < ms + 60_000);
                let hours = en().in_unit(Some(ms), Unit::H, 1);
                let centi: i64 = shown_bp(&hours);
                prop_assert!(centi * 36_000 >= ms && centi * 36_000 < ms + 36_000);
            }
        }
    }
}
