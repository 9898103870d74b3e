//! The SLA config: the embedded default loads and round-trips, invalid settings are named.

use super::*;

#[test]
fn embedded_config_parses_and_round_trips() {
    let c = SlaConfig::ssbtek();
    assert_eq!(c.calendar.timezone, chrono_tz::Europe::Stockholm);
    assert_eq!(c.performance.t90_ms(1), 7000);
    assert_eq!(c.performance.t90_ms(2), 8500);
    assert_eq!(c.performance.tmax_ms(2), 13500);
    assert_eq!(c.performance.tmax_ms(10), 25500);
    let again = SlaConfig::from_toml(&c.to_canonical_toml(), "rt").unwrap();
    assert_eq!(c, again);
}

#[test]
fn providers_are_named() {
    let c = SlaConfig::ssbtek();
    assert_eq!(c.provider_label("FK"), "FK – Försäkringskassan");
    assert_eq!(c.provider_label("CSN"), "CSN – Centrala studiestödsnämnden");
    assert_eq!(c.provider_label("XYZ"), "XYZ");
}

#[test]
fn unknown_key_is_named() {
    let text = SSBTEK_TOML.replace("[precision]\ntarget", "[precision]\ntargett");
    let err = SlaConfig::from_toml(&text, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("targett"), "{err}");
}

#[test]
fn bad_timezone_names_the_key() {
    let text = SSBTEK_TOML.replace("Europe/Stockholm", "Mars/Olympus");
    let err = SlaConfig::from_toml(&text, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("calendar.timezone"), "{err}");
    assert!(err.starts_with("x.toml: "), "{err}");
}

#[test]
fn holiday_set_is_an_enum_written_as_before() {
    let c = SlaConfig::ssbtek();
    assert_eq!(c.calendar.holidays, HolidaySet::Se);
    assert!(c.to_canonical_toml().contains("holidays = \"se\"\n"));
    assert!(c
        .to_canonical_toml()
        .contains("timezone = \"Europe/Stockholm\"\n"));
    let text = SSBTEK_TOML.replace("holidays = \"se\"", "holidays = \"fi\"");
    let err = SlaConfig::from_toml(&text, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("calendar.holidays: `fi`: expected \"se\" or \"none\""),
        "{err}"
    );
    assert!(err.starts_with("x.toml: "), "{err}");
}

#[test]
fn loaded_config_carries_its_calendars() {
    let c = LoadedConfig::load(None).unwrap();
    assert_eq!(c.tz(), chrono_tz::Europe::Stockholm);
    assert_eq!(c.calendars.tz, c.tz());
    let names: Vec<&String> = c.calendars.providers.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        c.config.calendar.providers.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        c.calendars.working_day_ms,
        c.config.calendar.working_day_seconds * 1000
    );
}

#[test]
fn bad_hours_name_the_day() {
    let text = SSBTEK_TOML.replacen("mon = [\"08:00-17:00\"]", "mon = [\"17:00-08:00\"]", 1);
    let err = SlaConfig::from_toml(&text, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("calendar.opening_hours.mon"), "{err}");
}
