//! `slareport calendar --year Y [--month M] [--format text|json] [--hours opening|support|PROVIDER]`:
//! the holidays and closed days (with names), every open interval in local time with its
//! offset, and the open time per month (h:mm and seconds), so anyone can check the
//! availability denominator by hand. The figures come from the same calendar arithmetic the
//! report uses ([`crate::calendar::listing::Listing`]); this file only renders them.
//!
//! JSON output is stable: every object's keys are sorted, every list is in date order, and the
//! config is identified by name, version and SHA-256.

use std::io::Write;

use anyhow::{anyhow, bail, Context};
use serde_json::{json, Map, Value};

use super::Outcome;
use crate::calendar::listing::{format_hmm, Listing};
use crate::calendar::{FIRST_YEAR, LAST_YEAR};
use crate::cli::{CalendarArgs, TextOrJson};
use crate::config::LoadedConfig;

pub fn run(args: &CalendarArgs) -> anyhow::Result<Outcome> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&args.year) {
        bail!(
            "--year {}: expected a year from {FIRST_YEAR} to {LAST_YEAR}",
            args.year
        );
    }
    let loaded = LoadedConfig::load(args.config.config.as_deref())?;
    let cals = &loaded.calendars;
    let cal = cals.by_name(&args.hours).ok_or_else(|| {
        let mut names = vec!["opening".to_string(), "support".to_string()];
        names.extend(cals.providers.iter().map(|(n, _)| n.clone()));
        anyhow!(
            "--hours `{}`: expected one of {}",
            args.hours,
            names.join(", ")
        )
    })?;
    let listing = Listing::build(cals, &args.hours, cal, args.year, args.month);
    let mut out = std::io::stdout().lock();
    match args.format {
        TextOrJson::Json => {
            let json = render_json(&listing, &loaded)?;
            out.write_all(json.as_bytes())?;
        }
        TextOrJson::Text => out.write_all(render_text(&listing, &loaded).as_bytes())?,
    }
    out.flush().context("writing the calendar")?;
    Ok(Outcome::Success)
}

/// The listing plus the config's identity as pretty JSON with every object's keys sorted.
pub fn render_json(listing: &Listing, loaded: &LoadedConfig) -> anyhow::Result<String> {
    let mut value = serde_json::to_value(listing)?;
    if let Value::Object(map) = &mut value {
        map.insert(
            "config".into(),
            json!({
                "name": loaded.config.agreement.name,
                "origin": loaded.origin,
                "sha256": loaded.sha256,
                "version": loaded.config.agreement.version,
            }),
        );
    }
    let mut text = serde_json::to_string_pretty(&sort_keys(value))?;
    text.push('\n');
    Ok(text)
}

/// Recursively sort object keys (serde_json keeps insertion order in this crate).
fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// `2026-04-01T08:00:00+02:00` shown as `08:00:00+02:00` on the row of its own date.
fn time_on(date: &str, local: &str) -> String {
    match local.split_once('T') {
        Some((d, t)) if d == date => t.to_string(),
        _ => local.to_string(),
    }
}

/// The human-readable listing.
pub fn render_text(l: &Listing, loaded: &LoadedConfig) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let period = match l.months.as_slice() {
        [m] => m.period.clone(),
        _ => l.from[..4].to_string(),
    };
    let _ = writeln!(
        s,
        "Calendar `{}` for {period} — {} {} ({}, sha256 {})",
        l.calendar,
        loaded.config.agreement.name,
        loaded.config.agreement.version,
        loaded.origin,
        loaded.sha256
    );
    let _ = writeln!(s, "Time zone: {}", l.time_zone);
    let week: Vec<String> = l
        .weekly_hours
        .iter()
        .map(|w| {
            if w.hours.is_empty() {
                format!("{} closed", w.weekday)
            } else {
                format!("{} {}", w.weekday, w.hours.join(", "))
            }
        })
        .collect();
    let _ = writeln!(s, "Weekly hours: {}", week.join("; "));

    let _ = writeln!(s, "\nHolidays and eves");
    if l.holidays.is_empty() {
        let _ = writeln!(s, "  (none)");
    }
    for h in &l.holidays {
        let kind = match h.kind {
            crate::calendar::holidays::HolidayKind::Public => "red day",
            crate::calendar::holidays::HolidayKind::Eve => "eve",
        };
        let effect = match (h.closes, h.weekday_has_hours) {
            (true, true) => "closed",
            (true, false) => "closed (no hours that weekday anyway)",
            (false, _) => "open (eve not closed by the config)",
        };
        let name = format!("{} ({})", h.name_sv, h.name_en);
        let _ = writeln!(
            s,
            "  {} {}  {name:<44} {kind:<8} {effect}",
            h.date, h.weekday
        );
    }

    let _ = writeln!(s, "\nClosed days (weekly hours not open)");
    if l.closed_days.is_empty() {
        let _ = writeln!(s, "  (none)");
    }
    for d in &l.closed_days {
        let extent = if d.all_day { "all day" } else { "partly " };
        let _ = writeln!(
            s,
            "  {} {}  {extent} {:>6} closed  {}",
            d.date,
            d.weekday,
            format_hmm(d.closed_seconds),
            d.reasons.join(", ")
        );
    }

    for (title, list) in [
        ("Extra closures (config)", &l.extra_closed),
        ("Extra open periods (config)", &l.extra_open),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{title}");
        for p in list {
            let _ = writeln!(s, "  {} – {}  {}", p.start, p.end, p.reason);
        }
    }

    let _ = writeln!(s, "\nOpen intervals (local time, [start, end))");
    if l.days.is_empty() {
        let _ = writeln!(s, "  (none)");
    }
    for d in &l.days {
        let ivs: Vec<String> = d
            .intervals
            .iter()
            .map(|i| {
                format!(
                    "{} – {}",
                    time_on(&d.date, &i.start),
                    time_on(&d.date, &i.end)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {} {}  {}  {:>6}",
            d.date,
            d.weekday,
            ivs.join(", "),
            format_hmm(d.open_seconds)
        );
    }

    let _ = writeln!(s, "\nOpen time (h:mm, seconds, open days)");
    for m in l.months.iter().chain(
        // The period total only when it adds something (a whole year).
        (l.months.len() > 1).then_some(&l.total),
    ) {
        let _ = writeln!(
            s,
            "  {:<22} {:>8} {:>10} s {:>4} days",
            m.period, m.open_hmm, m.open_seconds, m.open_days
        );
    }

    let _ = writeln!(s, "\nRules");
    for n in &l.notes {
        let _ = writeln!(s, "  - {}", n.en);
    }
    s
}
