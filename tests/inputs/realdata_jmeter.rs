//! Real JMeter / k6 result files (../shared/realdata/jmeter-*) through the `jmeter` and `k6`
//! presets. Expected figures were computed independently with Python's csv module.

use crate::realdata_common as common;

use common::{counts, ms, read, realdata};
use slareport::inputs::InputFiles;
use slareport::inputs::{Calls, Inputs};

fn jmeter(files: &[&str]) -> Option<Inputs> {
    let mut paths = Vec::new();
    for f in files {
        paths.push(realdata(f)?);
    }
    Some(
        read(InputFiles {
            calls: paths,
            preset: vec!["jmeter".into()],
            ..Default::default()
        })
        .unwrap(),
    )
}

fn results(c: &Calls) -> [usize; 5] {
    let mut n = [0; 5];
    for r in &c.result {
        n[*r as usize] += 1;
    }
    n
}

/// Nearest-rank percentile of response times in ms (M4.8).
fn pct(c: &Calls, p: usize) -> i64 {
    let mut v: Vec<i64> = (0..c.len())
        .map(|i| c.responded[i] - c.received[i])
        .collect();
    v.sort_unstable();
    v[(p * v.len()).div_ceil(100) - 1]
}

#[test]
fn ehrbase_nightly_all_ok() {
    let Some(i) = jmeter(&["jmeter-ehrbase-nightly/result.jtl"]) else {
        return;
    };
    assert_eq!(counts(&i, "calls"), (22_005, 22_005, 0));
    assert_eq!(results(&i.calls), [22_005, 0, 0, 0, 0]);
    assert_eq!(i.calls.received[0], 1_656_909_291_588);
    assert_eq!(i.data_end, Some(1_656_910_330_746));
    assert_eq!(pct(&i.calls, 50), 17);
    assert_eq!(pct(&i.calls, 95), 1611);
    assert_eq!(pct(&i.calls, 100), 6449);
    assert!(i.calls.persons.iter().all(|&p| p == 1));
    // Sorted by received (the file is not).
    assert!(i.calls.received.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn defra_formatted_timestamps_and_a_truncated_last_row() {
    let Some(i) = jmeter(&["jmeter-defra-rod-catch-returns/result.jtl"]) else {
        return;
    };
    assert_eq!(counts(&i, "calls"), (1126, 1125, 1));
    let r = &i.rejects.to_vec().unwrap()[0];
    assert_eq!((r.line, r.reason), (1127, "wrong number of fields"));
    assert_eq!(r.value, "14 fields, expected 17");
    assert_eq!(results(&i.calls), [549, 0, 576, 0, 0]);
    // `2019/12/05 12:37:24` is local time of the calendar (Stockholm, +01:00 in December).
    assert_eq!(i.calls.received[0], ms("2019-12-05T11:37:24Z"));
    assert_eq!(pct(&i.calls, 50), 3400);
    assert_eq!(pct(&i.calls, 95), 10_752);
    assert_eq!(pct(&i.calls, 100), 64_081);
}

#[test]
fn taurus_and_jenkins_fixtures() {
    let Some(i) = jmeter(&[
        "jmeter-taurus-fixtures/kpi-pair1.jtl",
        "jmeter-taurus-fixtures/smart-aggregation__kpi.jtl",
        "jmeter-taurus-fixtures/slow-stdev.jtl",
        "jmeter-taurus-fixtures/tabs.jtl",
        "jmeter-taurus-fixtures/quote-guessing-crash.jtl",
        "jmeter-jenkins-perf-plugin-fixtures/multiLineCSV.jtl",
        "jmeter-jenkins-perf-plugin-fixtures/JENKINS-16627_CSV_instead_of_XML.jtl",
        "jmeter-jenkins-perf-plugin-fixtures/JMeterCsvResults2.csv",
        "jmeter-jenkins-perf-plugin-fixtures/JMeterCsvResults3.csv",
        "jmeter-jenkins-perf-plugin-fixtures/JMeterPublisher_formatted_timeStamp.csv",
        "jmeter-jenkins-perf-plugin-fixtures/single_result__res.csv",
    ]) else {
        return;
    };
    let per_file: Vec<(String, u64, u64)> = i
        .files
        .iter()
        .map(|f| {
            let name = f.path.rsplit('/').next().unwrap().to_string();
            (name, f.rows_used, f.rows_rejected)
        })
        .collect();
    let expect = [
        ("JENKINS-16627_CSV_instead_of_XML.jtl", 3, 0), // no header row
        ("JMeterCsvResults2.csv", 0, 3),                // invalid dates
        ("JMeterCsvResults3.csv", 0, 3),
        ("JMeterPublisher_formatted_timeStamp.csv", 3, 0),
        ("multiLineCSV.jtl", 2, 0), // a label spanning 3 lines
        ("single_result__res.csv", 1, 0),
        ("kpi-pair1.jtl", 8, 0),
        ("quote-guessing-crash.jtl", 10, 0),
        ("slow-stdev.jtl", 599, 0),
        ("smart-aggregation__kpi.jtl", 4, 0),
        ("tabs.jtl", 4, 0), // tab-separated
    ];
    let expect: Vec<(String, u64, u64)> = expect
        .iter()
        .map(|(n, u, r)| (n.to_string(), *u, *r))
        .collect();
    assert_eq!(per_file, expect);
    assert!(i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .all(|r| r.reason == "unparseable timestamp" && r.column == "received_at"));
    // kpi-pair1: 2 ok, 5 error, 1 UnknownHost; smart-aggregation: 2 ok, 1 error (200 but
    // success=false), 1 SocketTimeout; slow-stdev 536 / 63; single_result: UnknownHost;
    // JMeterPublisher: 2 ok + 1 FAIL; the rest ok.
    let ok = 2 + 2 + 536 + 4 + 10 + 1 + 3 + 2;
    let error = 5 + 1 + 63 + 1 + 1;
    assert_eq!(results(&i.calls), [ok, 0, error, 2, 1]);
    // `2014-02-24 07:42:21.256` (local, +01:00) and the multi-line record's timestamp.
    let r = &i.calls.received;
    assert!(r.contains(&ms("2014-02-24T06:42:21.256Z")));
    assert!(r.contains(&1_492_260_112_271));
}

#[test]
fn k6_csv_keeps_only_request_durations() {
    let Some(p) = realdata("jmeter-taurus-fixtures/k6__k6_kpi.csv") else {
        return;
    };
    let i = read(InputFiles {
        calls: vec![p],
        preset: vec!["k6".into()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(counts(&i, "calls"), (60, 4, 56));
    assert!(i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .all(|r| r.reason == "excluded by filter"));
    assert_eq!(results(&i.calls), [2, 0, 0, 2, 0]);
    assert_eq!(i.calls.received[0], 1_633_706_790_000);
    // 245.591442 ms, truncated to whole milliseconds.
    assert_eq!(i.calls.responded[0] - i.calls.received[0], 245);
}

#[test]
fn gatling_logs_are_unsupported_with_a_clear_error() {
    let Some(p) = realdata("jmeter-taurus-fixtures/gatling__gatling-3-000__simulation.log") else {
        return;
    };
    let e = read(InputFiles {
        calls: vec![p],
        preset: vec!["jmeter".into()],
        ..Default::default()
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("unsupported input format `.log`"), "{e}");
    assert!(e.contains("Gatling"), "{e}");
}

/// The documented config for the DEFRA run: the `jmeter` preset from the SLA config, UK time
/// for its zone-less timestamps, and only real samplers (transaction-controller rows have
/// `URL` = `null` and repeat their children's time).
pub const DEFRA_CONFIG: &str = r#"
[inputs]
presets = ["jmeter"]

[inputs.calls]
timezone = "Europe/London"

[inputs.calls.include]
URL = ["http*"]
"#;

#[test]
fn defra_with_its_documented_config() {
    let Some(p) = realdata("jmeter-defra-rod-catch-returns/result.jtl") else {
        return;
    };
    let text = format!("{}\n{DEFRA_CONFIG}", slareport::config::SSBTEK_TOML);
    let cfg = slareport::config::SlaConfig::from_toml(&text, "defra.toml").unwrap();
    let cals = slareport::calendar::Calendars::from_config(&cfg.calendar);
    let i = slareport::inputs::read_all(
        &InputFiles {
            calls: vec![p],
            ..Default::default()
        },
        &cfg,
        &cals,
    )
    .unwrap();
    assert_eq!(i.preset, "jmeter");
    // 557 samplers used; 568 transaction rows excluded; the truncated last row.
    assert_eq!(counts(&i, "calls"), (1126, 557, 569));
    let excluded = i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .filter(|r| r.reason == "excluded by filter" && r.value == "URL=null")
        .count();
    assert_eq!(excluded, 568);
    assert_eq!(results(&i.calls), [365, 0, 192, 0, 0]);
    assert_eq!(i.calls.received[0], ms("2019-12-05T12:37:24Z"));
}

#[test]
fn every_jmeter_result_file_loads() {
    let Some(root) = realdata("") else {
        return;
    };
    let i = read(InputFiles {
        calls: vec![
            format!("{root}/jmeter-*/*.jtl"),
            format!("{root}/jmeter-*/*.csv"),
        ],
        preset: vec!["jmeter".into()],
        ..Default::default()
    });
    // k6's CSV is not a JMeter file: it needs the k6 preset.
    let e = i.unwrap_err().to_string();
    assert!(
        e.contains("k6__k6_kpi.csv") && e.contains("missing required column `result`"),
        "{e}"
    );
    let i = read(InputFiles {
        calls: vec![
            format!("{root}/jmeter-*/*.jtl"),
            format!("{root}/jmeter-jenkins-perf-plugin-fixtures/*.csv"),
        ],
        preset: vec!["jmeter".into()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(i.files.len(), 22);
    // 22,005 + 1,126 + 1,012 small-fixture rows; 6 invalid dates and the DEFRA truncated row.
    assert_eq!(counts(&i, "calls"), (24_143, 24_136, 7));
}

#[test]
fn every_gatling_log_is_refused() {
    for f in [
        "gatling__gatling-3-000__simulation.log",
        "gatling__gatling-351-000__simulation.log",
        "gatling__gatling-4-000__simulation.log",
    ] {
        let Some(p) = realdata(&format!("jmeter-taurus-fixtures/{f}")) else {
            return;
        };
        let e = read(InputFiles {
            calls: vec![p],
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
        assert!(e.contains(f) && e.contains("not tabular"), "{e}");
    }
}
