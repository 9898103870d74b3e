//! Fuzz targets (proptest-driven) for the small parsers: timestamps (every format the
//! mappings offer), ticket targets (`"30 min"`), and the SLA config (TOML), which is then used to
//! build the calendars and compute a month, since a config that parses must also run.
//!
//! Budget from the environment, as in `fuzz_readers.rs`: `SLAREPORT_FUZZ_CASES` per round
//! (default 64) and `SLAREPORT_FUZZ_SECS` of rounds with fresh seeds (default 0 = one round).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Configs that validated and were run through a month (depth statistic).
static CONFIGS_RUN: AtomicU64 = AtomicU64::new(0);

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use slareport::calendar::timestamp::{TimestampParser, TsFormat};
use slareport::calendar::{Calendars, Month};
use slareport::config::Target;
use slareport::config::{AmbiguousPolicy, NonexistentPolicy, SlaConfig};

use crate::fuzzkit;

fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let summary = fuzzkit::fuzz(name, default_cases, 0xca1e_da25, strategy, test);
    eprintln!("fuzz {name}: {summary}");
}

/// Timestamp-shaped text: digits and the separators of ISO 8601, with some junk.
fn ts_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}[T ]?[0-9]{0,3}(:[0-9]{0,3}){0,3}(\\.[0-9]{0,12})?(Z|z|[+-][0-9]{1,2}(:?[0-9]{0,3})?)?",
        2 => "[+-]?[0-9]{1,22}(\\.[0-9]{0,12})?",
        1 => "[0-9T:Z+. /-]{0,30}",
        1 => any::<String>(),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\u{feff}?\u{0}?",
    ]
}

fn ts_format() -> impl Strategy<Value = TsFormat> {
    prop_oneof![
        3 => Just(TsFormat::Iso),
        1 => Just(TsFormat::EpochMs),
        1 => Just(TsFormat::EpochS),
        1 => prop::sample::select(vec![
            "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d", "%s", "%Y-%m-%dT%H:%M:%S%z",
            "%", "%Q", "%Y%", "%-d.%-m.%Y", "%e %b %Y %T", "%+", "",
        ])
        .prop_map(|p| TsFormat::Pattern(p.to_string())),
        1 => "[%a-zA-Z:/ .-]{0,10}".prop_map(TsFormat::Pattern),
    ]
}

#[test]
fn fuzz_timestamp_parser() {
    let strategy = (
        prop::collection::vec(ts_format(), 0..3),
        prop::sample::select(vec![
            "Europe/Stockholm",
            "UTC",
            "America/St_Johns",
            "Pacific/Apia",
        ]),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(ts_text(), 1..6),
    );
    fuzz(
        "timestamp",
        256,
        strategy,
        |(formats, tz, gap, fold, texts)| {
            let tz: chrono_tz::Tz = tz.parse().expect("known zone");
            let mut p = TimestampParser::new(
                tz,
                if gap {
                    NonexistentPolicy::ShiftForward
                } else {
                    NonexistentPolicy::Reject
                },
                if fold {
                    AmbiguousPolicy::Earliest
                } else {
                    AmbiguousPolicy::Reject
                },
                formats,
            );
            for t in &texts {
                // The cache of the parser must not change results: parse twice, in sequence.
                let a = p.parse(t);
                let b = p.parse(t);
                prop_assert_eq!(&a, &b);
                if let Err(e) = a {
                    prop_assert!(!e.0.is_empty());
                }
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_target_parser() {
    let strategy = prop_oneof![
        3 => "[0-9]{0,12} ?(min|h|wd|d|m|hours|)",
        1 => any::<String>(),
    ];
    fuzz("target", 512, strategy, |s| {
        match Target::parse(&s) {
            // What parses prints back to something that parses to the same target.
            Ok(t) => prop_assert_eq!(Target::parse(&t.to_string()), Ok(t)),
            Err(e) => prop_assert!(e.contains('`'), "error names the text: {}", e),
        }
        Ok(())
    });
}

/// Replacement values for a config line's right-hand side: what a careless or hostile editor
/// might write.
fn toml_value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "0",
        "-1",
        "1",
        "4294967296",
        "9223372036854775807",
        "-9223372036854775808",
        "1e309",
        "nan",
        "inf",
        "-0.0",
        "1.5",
        "\"\"",
        "\"x\"",
        "[]",
        "[\"\"]",
        "[\"08:00-08:00\"]",
        "[\"17:00-08:00\"]",
        "[\"00:00-24:00\"]",
        "[\"23:59-24:00\", \"00:00-00:01\"]",
        "[\"08:00-12:00\", \"10:00-17:00\"]",
        "[\"25:00-26:00\"]",
        "[\"8-17\"]",
        "\"0 min\"",
        "\"4294967295 d\"",
        "\"99999999 wd\"",
        "\"1 y\"",
        "{ value = 0, unit = \"h\", clock = \"calendar\" }",
        "\"Mars/Olympus\"",
        "\"UTC\"",
        "\"Pacific/Kiritimati\"",
        "\"none\"",
        "\"reject\"",
        "\"calls\"",
        "\"all\"",
        "true",
        "{}",
        "\"/etc/passwd\"",
        "\"{{ 7*7 }}\"",
    ])
    .prop_map(str::to_string)
}

/// The embedded SSBTEK config with some `key = value` lines rewritten, deleted or duplicated.
fn config_text() -> impl Strategy<Value = String> {
    let base: Vec<String> = slareport::config::SSBTEK_TOML
        .lines()
        .map(str::to_string)
        .collect();
    let n = base.len();
    prop::collection::vec((0..n, 0u8..4, toml_value()), 0..6).prop_map(move |edits| {
        let mut lines = base.clone();
        for (i, op, v) in edits {
            let line = lines[i].clone();
            match op {
                0 | 1 => {
                    if let Some((k, _)) = line.split_once(" = ") {
                        lines[i] = format!("{k} = {v}");
                    }
                }
                2 => lines[i] = String::new(),
                _ => lines[i] = format!("{line}\n{line}"),
            }
        }
        lines.join("\n")
    })
}

#[test]
fn fuzz_config_parser() {
    // A small fixed input so that every config that validates is also run through the metrics
    // for a month (a calendar with no open time, zero targets, …).
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = dir.path().join("calls.csv");
    std::fs::write(
        &calls,
        "call_id,received_at,responded_at,result,persons\n\
         C1,2026-03-02T09:00:00+01:00,2026-03-02T09:00:08+01:00,ok,1\n\
         C2,2026-03-02T09:01:00+01:00,,no_response,2\n\
         C3,2026-03-02T09:07:00+01:00,,no_response,2\n\
         C4,2026-03-02T09:09:00+01:00,,unreachable,2\n\
         C5,2026-03-02T09:20:00+01:00,2026-03-02T09:20:30+01:00,partial,11\n",
    )
    .expect("write");
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(
        &tickets,
        "ticket_id,type,priority,registered_at,responded_at,resolved_at,outage_start,outage_end\n\
         I1,incident,1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,2026-03-04T09:00:00+01:00,2026-03-02T09:00:00+01:00,2026-03-02T11:00:00+01:00\n\
         P1,problem,4,2026-03-01T09:00:00+01:00,,2026-03-30T09:00:00+02:00,,\n",
    )
    .expect("write");
    let args = slareport::inputs::InputFiles {
        calls: vec![calls.to_string_lossy().into_owned()],
        tickets: vec![tickets.to_string_lossy().into_owned()],
        ..Default::default()
    };
    fuzz("config", 48, config_text(), |text| {
        let cfg = match SlaConfig::from_toml(&text, "fuzz.toml") {
            Ok(c) => c,
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.contains("fuzz.toml"), "error names the file: {}", msg);
                return Ok(());
            }
        };
        // A validated config must build its calendars without the `expect` inside firing.
        let cals = Calendars::from_config(&cfg.calendar);
        let inputs = match slareport::inputs::read_all(&args, &cfg, &cals) {
            Ok(i) => i,
            Err(_) => return Ok(()),
        };
        CONFIGS_RUN.fetch_add(1, Relaxed);
        for (y, m) in [(2026, 3), (2026, 12)] {
            let metrics =
                slareport::metrics::compute(&inputs, &cfg, &cals, Month::new(y, m).unwrap())
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
            for share in [
                metrics.kpis.availability,
                metrics.kpis.delivery_precision,
                metrics.kpis.perf_within_t90_share,
            ]
            .into_iter()
            .flatten()
            {
                prop_assert!(share.is_finite() && (0.0..=1.0).contains(&share));
            }
            prop_assert_eq!(
                metrics.kpis.open_seconds == 0,
                metrics.kpis.availability.is_none()
            );
        }
        Ok(())
    });
    eprintln!(
        "fuzz config: {} configs validated and run",
        CONFIGS_RUN.load(Relaxed)
    );
}
