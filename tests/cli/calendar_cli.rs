//! `slareport calendar` driven as a binary: the month's open time an auditor checks, the
//! holidays and closed days with names, intervals with their offsets, stable sorted JSON,
//! a custom config (closed eves, dated closures), and clear errors for bad arguments.

use std::process::Output;

fn run(args: &[&str]) -> Output {
    crate::binary::slareport()
        .arg("calendar")
        .args(args)
        .env_remove("SLAREPORT_CONFIG")
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

#[test]
fn april_2026_text() {
    let text = stdout(&["--year", "2026", "--month", "4"]);
    for needle in [
        "2026-04-03 fri  långfredagen (Good Friday)",
        "2026-04-06 mon  all day   9:00 closed  annandag påsk",
        "2026-04-01 wed  08:00:00+02:00 – 17:00:00+02:00    9:00",
        "2026-04                  180:00     648000 s   20 days",
        "annandag pingst up to 2004",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
    assert!(
        !text.contains("2026-04-03 fri  08:00"),
        "a red day has no interval"
    );
}

#[test]
fn march_2026_json_across_the_spring_switch() {
    let v = json(&["--year", "2026", "--month", "3", "--format", "json"]);
    assert_eq!(v["months"][0]["period"], "2026-03");
    assert_eq!(v["months"][0]["open_seconds"], 22 * 9 * 3600);
    assert_eq!(v["months"][0]["open_hmm"], "198:00");
    assert_eq!(v["months"][0]["open_days"], 22);
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 22);
    // Before and after the switch on Sunday 29 March: the offset changes, the hours do not.
    let day = |d: &str| days.iter().find(|x| x["date"] == d).unwrap().clone();
    assert_eq!(
        day("2026-03-27")["intervals"][0]["start"],
        "2026-03-27T08:00:00+01:00"
    );
    assert_eq!(
        day("2026-03-30")["intervals"][0]["start"],
        "2026-03-30T08:00:00+02:00"
    );
    assert_eq!(day("2026-03-30")["intervals"][0]["seconds"], 32400);
    assert_eq!(v["config"]["name"], "SSBTEK");
    assert_eq!(v["time_zone"], "Europe/Stockholm");
    // Every object's keys are sorted.
    fn sorted(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Object(m) => {
                let keys: Vec<&String> = m.keys().collect();
                keys.windows(2).all(|w| w[0] < w[1]) && m.values().all(sorted)
            }
            serde_json::Value::Array(a) => a.iter().all(sorted),
            _ => true,
        }
    }
    assert!(sorted(&v));
}

#[test]
fn whole_year_and_determinism() {
    let a = stdout(&["--year", "2026", "--format", "json"]);
    let b = stdout(&["--year", "2026", "--format", "json"]);
    assert_eq!(a, b, "byte-identical output");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["months"].as_array().unwrap().len(), 12);
    assert_eq!(v["total"]["open_seconds"], 254 * 9 * 3600);
    assert_eq!(v["total"]["open_hmm"], "2286:00");
    let holidays = v["holidays"].as_array().unwrap();
    assert_eq!(holidays.len(), 17, "13 red days and 4 eves");
    let closed: Vec<&str> = v["closed_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        closed,
        [
            "2026-01-01",
            "2026-01-06",
            "2026-04-03",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-12-25"
        ]
    );
}

#[test]
fn support_and_provider_hours() {
    let v = json(&[
        "--year",
        "2026",
        "--month",
        "3",
        "--format",
        "json",
        "--hours",
        "transportstyrelsen",
    ]);
    assert_eq!(v["calendar"], "transportstyrelsen");
    assert_eq!(v["months"][0]["open_seconds"], 22 * (8 * 3600 + 1800));
    assert_eq!(v["weekly_hours"][0]["hours"][0], "08:00-16:30");
    let v = json(&[
        "--year", "2026", "--month", "3", "--format", "json", "--hours", "support",
    ]);
    assert_eq!(v["months"][0]["open_seconds"], 22 * 9 * 3600);
}

#[test]
fn custom_config_closes_eves_and_dates() {
    let text = slareport::config::SSBTEK_TOML
        .replace("closed_eves = []", "closed_eves = [\"julafton\", \"nyarsafton\"]")
        .replace(
            "extra_closed = []",
            "extra_closed = [{ start = \"2026-12-23T12:00\", end = \"2026-12-23T17:00\", reason = \"julstängning\" }]",
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sla.toml");
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let v = json(&[
        "--year", "2026", "--month", "12", "--format", "json", "--config", p,
    ]);
    // December 2026: 23 weekdays − juldagen (Fri 25th) = 22; minus julafton (Thu) and
    // nyårsafton (Thu) = 20 days, minus 5 h on the 23rd.
    assert_eq!(v["months"][0]["open_seconds"], 20 * 9 * 3600 - 5 * 3600);
    let closed = v["closed_days"].as_array().unwrap();
    let row = |d: &str| closed.iter().find(|x| x["date"] == d).unwrap().clone();
    assert_eq!(row("2026-12-23")["all_day"], false);
    assert_eq!(row("2026-12-23")["closed_seconds"], 5 * 3600);
    assert_eq!(row("2026-12-23")["reasons"][0], "julstängning");
    assert_eq!(row("2026-12-24")["reasons"][0], "julafton");
    assert_eq!(v["extra_closed"][0]["start"], "2026-12-23T12:00:00+01:00");
    let eve = v["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["key"] == "julafton")
        .unwrap()
        .clone();
    assert_eq!(eve["closes"], true);
}

#[test]
fn bad_arguments_are_named() {
    let out = run(&["--year", "1850"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--year 1850"));
    let out = run(&["--year", "2026", "--hours", "skatteverket"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("opening, support, transportstyrelsen"),
        "{err}"
    );
    let out = run(&["--year", "2026", "--month", "13"]);
    assert_eq!(out.status.code(), Some(2), "usage error from clap");
}
