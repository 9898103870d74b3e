//! The hand-computed metric fixtures (`tests/fixtures/<area>/`, figures worked out in each
//! README) run through the real input readers and `metrics::compute`, compared key by key
//! with `expected.json`.

use std::path::{Path, PathBuf};

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;

const AREAS: [&str; 5] = [
    "availability",
    "performance",
    "tickets",
    "changes",
    "corrections",
];

fn dir(area: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(area)
}

fn files(d: &Path, name: &str) -> Vec<String> {
    let p = d.join(name);
    if p.exists() {
        vec![p.display().to_string()]
    } else {
        Vec::new()
    }
}

/// Serialise and re-parse so floats on both sides went through the same parser.
fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
}

#[test]
fn metric_fixtures_through_the_readers() {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    for area in AREAS {
        let d = dir(area);
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("expected.json")).unwrap())
                .unwrap();
        let args = InputFiles {
            calls: files(&d, "calls.csv"),
            tickets: files(&d, "tickets.csv"),
            changes: files(&d, "changes.csv"),
            corrections: files(&d, "corrections.csv"),
            ..InputFiles::default()
        };
        let inputs = slareport::inputs::read_all(&args, &cfg, &cals)
            .unwrap_or_else(|e| panic!("{area}: {e:#}"));
        assert!(inputs.rejects.is_empty(), "{area}: {:?}", inputs.rejects);
        let month = want["month"].as_str().unwrap().parse().unwrap();
        let metrics = slareport::metrics::compute(&inputs, &cfg, &cals, month).unwrap();
        let got = json(&metrics);
        for block in ["kpis", "kpis_as_measured"] {
            if let Some(obj) = want.get(block).and_then(|v| v.as_object()) {
                for (key, v) in obj {
                    assert_eq!(&got[block][key], v, "{area}: {block}.{key}");
                }
            }
        }
        if let Some(obj) = want.get("exact").and_then(|v| v.as_object()) {
            for (key, v) in obj {
                assert_eq!(got["exact"][key]["numerator"], v[0], "{area}: exact.{key}");
                assert_eq!(
                    got["exact"][key]["denominator"], v[1],
                    "{area}: exact.{key}"
                );
            }
        }
        if let Some(list) = want.get("corrections_matched") {
            let matched: Vec<bool> = metrics.corrections.iter().map(|c| c.matched).collect();
            assert_eq!(&json(&matched), list, "{area}: corrections matched");
        }
        // Every row read is used: rows_read counts them all.
        let rows: usize = ["calls.csv", "tickets.csv", "changes.csv", "corrections.csv"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(d.join(f)).ok())
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count() - 1)
            .sum();
        assert_eq!(metrics.kpis.rows_read, rows as u64, "{area}: rows_read");
        assert_eq!(metrics.kpis.rows_rejected, 0, "{area}: rows_rejected");
    }
}
