//! The calendars of one agreement — opening hours (availability), support hours (ticket
//! targets) and per-provider hours — and ticket targets measured on their clocks (M1,
//! M1.14, M7.2): `min`, `h`, `wd` on the business clock of the support hours, `d` as the same
//! wall-clock time N days later. Also the calendar's rules in words ([`RuleNote`]) for
//! `slareport calendar` and the report's method appendix.

use std::ops::RangeInclusive;

use chrono_tz::Tz;

use super::business::Calendar;
use super::holidays::{self, LAST_YEAR_ANNANDAG_PINGST};
use super::hours::{format_hhmm, WEEKDAY_KEYS};
use super::local::add_calendar_days;
use super::{AmbiguousPolicy, CalendarConfig, Clock, NonexistentPolicy, Target, Unit};
use super::{Ms, MS_PER_SEC};

/// The calendars of one agreement: opening hours (availability), support hours (tickets),
/// and per-provider hours (sorted by name).
#[derive(Debug, Clone)]
pub struct Calendars {
    pub tz: Tz,
    pub opening: Calendar,
    pub support: Calendar,
    pub providers: Vec<(String, Calendar)>,
    pub working_day_ms: i64,
    pub nonexistent: NonexistentPolicy,
    pub ambiguous: AmbiguousPolicy,
}

impl Calendars {
    /// Build from a validated config.
    pub fn from_config(c: &CalendarConfig) -> Self {
        Self::try_from_config(c).expect("validated calendar config")
    }

    /// Build from a config that may not have been validated; the error names the key.
    pub fn try_from_config(c: &CalendarConfig) -> Result<Self, String> {
        let tz = c.timezone;
        let build =
            |key: &str, w| Calendar::try_new(tz, w, c).map_err(|e| format!("calendar.{key}: {e}"));
        let providers = c
            .providers
            .iter()
            .map(|(name, w)| Ok((name.clone(), build(&format!("providers.{name}"), w)?)))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Calendars {
            tz,
            opening: build("opening_hours", &c.opening_hours)?,
            support: build("support_hours", &c.support_hours)?,
            providers,
            working_day_ms: c.working_day_seconds.saturating_mul(MS_PER_SEC),
            nonexistent: c.nonexistent,
            ambiguous: c.ambiguous,
        })
    }

    /// A provider's calendar by name (as keyed in `calendar.providers`).
    pub fn provider(&self, name: &str) -> Option<&Calendar> {
        self.providers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
    }

    /// `opening`, `support`, or a provider's name.
    pub fn by_name(&self, name: &str) -> Option<&Calendar> {
        match name {
            "opening" => Some(&self.opening),
            "support" => Some(&self.support),
            other => self.provider(other),
        }
    }
}

/// A target measured on its clock: elapsed time, the target length, and the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// Elapsed between the two instants on the target's clock, ms.
    pub elapsed_ms: i64,
    /// The target's length on its clock, ms (for `d`: the wall time to the deadline).
    pub target_ms: i64,
    /// The deadline instant (None if the calendar never opens).
    pub deadline: Option<Ms>,
    /// `elapsed_ms <= target_ms` (M1.15 reads "within" as ≤).
    pub met: bool,
}

impl Calendars {
    /// The target's length in ms on its clock, for clocks where it is fixed (`min`, `h`, `wd`,
    /// and `d` on the business clock as working days). `d` on the calendar clock depends on the
    /// start (23/25 h across DST), see [`Calendars::deadline`].
    pub fn fixed_target_ms(&self, target: &Target) -> Option<i64> {
        let v = i64::from(target.value);
        match (target.unit, target.clock) {
            (Unit::Min, _) => Some(v * 60_000),
            (Unit::H, _) => Some(v * 3_600_000),
            (Unit::Wd, _) | (Unit::D, Clock::Business) => {
                Some(v.saturating_mul(self.working_day_ms))
            }
            (Unit::D, Clock::Calendar) => None,
        }
    }

    /// The deadline of `target` started at `start` (support hours for the business clock):
    /// the earliest instant at which the target is used up.
    pub fn deadline(&self, target: &Target, start: Ms) -> Option<Ms> {
        match (target.clock, target.unit) {
            (Clock::Calendar, Unit::D) => {
                Some(add_calendar_days(self.tz, start, target.value.into()))
            }
            (Clock::Calendar, _) => Some(start.saturating_add(self.fixed_target_ms(target)?)),
            (Clock::Business, _) => self
                .support
                .add_business(start, self.fixed_target_ms(target)?),
        }
    }

    /// Elapsed time from `start` to `end` on the target's clock, ms (0 if `end <= start`).
    pub fn elapsed(&self, target: &Target, start: Ms, end: Ms) -> i64 {
        match target.clock {
            Clock::Calendar => end.saturating_sub(start).max(0),
            Clock::Business => self.support.business_ms(start, end),
        }
    }

    /// Measure `start → end` against `target`.
    pub fn measure(&self, target: &Target, start: Ms, end: Ms) -> Measured {
        let elapsed_ms = self.elapsed(target, start, end);
        let deadline = self.deadline(target, start);
        let target_ms = match self.fixed_target_ms(target) {
            Some(t) => t,
            None => deadline.map_or(i64::MAX, |d| d.saturating_sub(start)),
        };
        Measured {
            elapsed_ms,
            target_ms,
            deadline,
            met: elapsed_ms <= target_ms,
        }
    }
}

/// One rule of the calendar in words, in English and Swedish, with a stable key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleNote {
    pub key: &'static str,
    pub en: String,
    pub sv: String,
}

/// `Mon 08:00–17:00; …` of one calendar (English weekday keys), or "closed every day".
pub fn describe_week(cal: &Calendar) -> String {
    let parts: Vec<String> = (0..7)
        .filter(|&i| !cal.weekday_hours(i).is_empty())
        .map(|i| {
            let hours: Vec<String> = cal
                .weekday_hours(i)
                .iter()
                .map(|&(s, e)| format!("{}-{}", format_hhmm(s), format_hhmm(e)))
                .collect();
            format!("{} {}", WEEKDAY_KEYS[i], hours.join(", "))
        })
        .collect();
    if parts.is_empty() {
        "closed every day".into()
    } else {
        parts.join("; ")
    }
}

impl Calendars {
    /// The calendar rules in force, for printing (method appendix, `slareport calendar`).
    /// `years` are the local years the output covers: the pre-1953 caveat is included only
    /// when they reach before 1953.
    pub fn rule_notes(&self, years: RangeInclusive<i32>) -> Vec<RuleNote> {
        let tz = self.tz.name();
        let note = |key, en: String, sv: String| RuleNote { key, en, sv };
        let mut v = vec![
            note(
                "time_zone",
                format!(
                    "Opening and support hours are local wall-clock time in {tz}; a DST switch \
                     does not move them. A month is [first day 00:00, first day of next month \
                     00:00) local time."
                ),
                format!(
                    "Öppettider och supporttider är lokal tid i {tz}; sommartidsomställningen \
                     flyttar dem inte. En månad är [första dagen 00:00, första dagen i nästa \
                     månad 00:00) lokal tid."
                ),
            ),
            note(
                "half_open",
                "Open intervals run from the opening up to but not including the closing (a \
                 half-open interval, written [start, end)): an instant at exactly the closing \
                 time (17:00:00.000) is outside. Instants keep millisecond precision; business \
                 time is the length of the overlap with the open intervals."
                    .into(),
                "Öppettid och supporttid räknas från och med öppningen till men inte med \
                 stängningen (ett halvöppet intervall, skrivet [start, slut)): en tidpunkt exakt \
                 vid stängning (17:00:00,000) ligger utanför. Tidpunkter har millisekundprecision; \
                 supporttid är längden av överlappet med de öppna intervallen."
                    .into(),
            ),
            note(
                "weekly_hours",
                format!(
                    "Opening hours: {}. Support hours: {}.",
                    describe_week(&self.opening),
                    describe_week(&self.support)
                ),
                format!(
                    "Öppettider: {}. Supporttider: {}.",
                    describe_week(&self.opening),
                    describe_week(&self.support)
                ),
            ),
        ];
        for (name, cal) in &self.providers {
            v.push(note(
                "provider_hours",
                format!("Provider {name}: {}.", describe_week(cal)),
                format!("Uppgiftslämnare {name}: {}.", describe_week(cal)),
            ));
        }
        if self.opening.swedish_holidays() {
            v.push(note(
                "holidays",
                format!(
                    "Closed on Swedish public holidays (röda dagar) under the law in force each \
                     year: annandag pingst up to {LAST_YEAR_ANNANDAG_PINGST}, nationaldagen \
                     (6 June) from {}. Sundays close through the weekly hours only.",
                    LAST_YEAR_ANNANDAG_PINGST + 1
                ),
                format!(
                    "Stängt på allmänna helgdagar (röda dagar) enligt den lag som gällde varje \
                     år: annandag pingst till och med {LAST_YEAR_ANNANDAG_PINGST}, \
                     nationaldagen (6 juni) från {}. Söndagar stänger endast genom \
                     veckotiderna.",
                    LAST_YEAR_ANNANDAG_PINGST + 1
                ),
            ));
            let eves: Vec<&str> = self.opening.closed_eves().collect();
            v.push(if eves.is_empty() {
                note(
                    "eves",
                    "Eves (julafton, midsommarafton, nyårsafton, påskafton) are not red days \
                     and are not closed."
                        .into(),
                    "Aftnar (julafton, midsommarafton, nyårsafton, påskafton) är inte röda \
                     dagar och stängs inte."
                        .into(),
                )
            } else {
                note(
                    "eves",
                    format!("Closed eves by agreement: {}.", eves.join(", ")),
                    format!("Stängda aftnar enligt avtal: {}.", eves.join(", ")),
                )
            });
            if *years.start() < 1953 {
                v.push(note(
                    "holidays_before_1953",
                    holidays::PRE_1953_NOTE.into(),
                    holidays::PRE_1953_NOTE_SV.into(),
                ));
            }
        } else {
            v.push(note(
                "holidays",
                "No public holidays are applied.".into(),
                "Inga helgdagar tillämpas.".into(),
            ));
        }
        let (closed, open) = (
            self.opening.extra_closed().len(),
            self.opening.extra_open().len(),
        );
        if closed + open > 0 {
            v.push(note(
                "dated_exceptions",
                format!(
                    "Dated exceptions from the config: {closed} extra closure(s) and {open} \
                     extra open period(s); a closure wins where both apply."
                ),
                format!(
                    "Daterade undantag i konfigurationen: {closed} extra stängning(ar) och \
                     {open} extra öppettid(er); stängning gäller där båda överlappar."
                ),
            ));
        }
        let (gap_en, gap_sv) = match self.nonexistent {
            NonexistentPolicy::ShiftForward => (
                "a local time in the spring gap takes the offset in force before the switch \
                 (02:30 → 03:30 summer time)",
                "en lokal tid i vårens glapp får förskjutningen som gällde före omställningen \
                 (02:30 → 03:30 sommartid)",
            ),
            NonexistentPolicy::Reject => (
                "a local time in the spring gap is rejected",
                "en lokal tid i vårens glapp avvisas",
            ),
        };
        let (fold_en, fold_sv) = match self.ambiguous {
            AmbiguousPolicy::Earliest => (
                "one in the autumn fold is read as its first occurrence (summer time)",
                "en i höstens dubbeltimme läses som första förekomsten (sommartid)",
            ),
            AmbiguousPolicy::Reject => (
                "one in the autumn fold is rejected",
                "en i höstens dubbeltimme avvisas",
            ),
        };
        v.push(note(
            "naive_timestamps",
            format!("Timestamps without offset are local time in {tz}: {gap_en}; {fold_en}."),
            format!("Tidpunkter utan förskjutning är lokal tid i {tz}: {gap_sv}; {fold_sv}."),
        ));
        let wd = self.working_day_ms / MS_PER_SEC;
        v.push(note(
            "units",
            format!(
                "Target units: min and h are business time in support hours; wd (working day) \
                 is {}:{:02} of business time; d is a calendar day, the same local wall-clock \
                 time N days later (23 or 25 h across a DST switch).",
                wd / 3600,
                wd / 60 % 60
            ),
            format!(
                "Målenheter: min och h är kontorstid inom supporttiden; wd (arbetsdag) är \
                 {}:{:02} kontorstid; d är kalenderdag, samma lokala klockslag N dagar senare \
                 (23 eller 25 h över sommartidsomställningen).",
                wd / 3600,
                wd / 60 % 60
            ),
        ));
        v
    }
}
