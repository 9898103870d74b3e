//! A report over many months holds only its month's calls and folds the others from disk
//! (M12.7): every output is byte for byte what holding the whole log gives, on generated logs
//! with calls of other months in any order across files, duplicates and conflicting copies
//! across months, rows that fail validation, and failure runs across month ends.

use proptest::prelude::*;
use slareport::calendar::Month;
use slareport::config::{LoadedConfig, SlaConfig};
use slareport::inputs::InputFiles;
use slareport::pipeline::{produce, Produced, Request};
use slareport::progress::Progress;
use slareport::render::OutputFormat;

/// One generated call row: day offset from 2025-11-25, minute of day, result, id number,
/// whether the row is broken (persons "x").
type Row = (u32, u32, usize, u32, bool);

fn csv(rows: &[Row]) -> String {
    use chrono::{Duration, NaiveDate};
    let mut out = String::from(
        "call_id,received_at,responded_at,result,persons,municipality,failed_providers\n",
    );
    let day0 = NaiveDate::from_ymd_opt(2025, 11, 25).unwrap();
    for &(day, minute, result, id, broken) in rows {
        let d = day0 + Duration::days(i64::from(day));
        let (h, m) = (minute / 60, minute % 60);
        let results = ["ok", "partial", "error", "unreachable", "no_response"];
        let failed = if result == 2 { "FK;CSN" } else { "" };
        let persons = if broken {
            "x".to_string()
        } else {
            (id % 3 + 1).to_string()
        };
        out.push_str(&format!(
            "C-{id},{d}T{h:02}:{m:02}:00+01:00,{d}T{h:02}:{m:02}:0{s}+01:00,{r},{persons},SN{k:03},{failed}\n",
            s = id % 9,
            r = results[result],
            k = id % 4,
        ));
    }
    out
}

fn run(
    files: &[String],
    corrections: &[String],
    month: Month,
    hold: Option<(i64, i64)>,
) -> Produced {
    let inputs = InputFiles {
        calls: files.to_vec(),
        corrections: corrections.to_vec(),
        hold,
        ..InputFiles::default()
    };
    let req = Request {
        month,
        inputs,
        config: LoadedConfig::new(SlaConfig::ssbtek(), "embedded:ssbtek".into()),
        lang: slareport::report::Lang::Sv,
        formats: vec![OutputFormat::Html, OutputFormat::Json, OutputFormat::Csv],
        recorded_tool: None,
        restates: None,
    };
    let mut p = produce(&req, &Progress::new(true)).expect("produce");
    p.files_in_memory().expect("spooled outputs");
    p
}

/// Both ways on the same files: (held month by month, held whole).
fn both(files: &[Vec<Row>], month: Month) -> (Produced, Produced) {
    both_corrected(files, None, month)
}

/// [`both`], with a corrections file.
fn both_corrected(
    files: &[Vec<Row>],
    corrections: Option<&str>,
    month: Month,
) -> (Produced, Produced) {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            let p = dir.path().join(format!("calls-{i}.csv"));
            std::fs::write(&p, csv(rows)).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    let corrections: Vec<String> = corrections
        .map(|text| {
            let p = dir.path().join("corrections.csv");
            std::fs::write(&p, text).unwrap();
            vec![p.to_string_lossy().into_owned()]
        })
        .unwrap_or_default();
    let by_month = run(&paths, &corrections, month, None);
    let whole = run(&paths, &corrections, month, Some((i64::MIN, i64::MAX)));
    (by_month, whole)
}

fn assert_same(a: &Produced, b: &Produced) {
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &a.files {
        assert!(bytes == &b.files[name], "{name} differs");
    }
}

fn arb_rows() -> impl Strategy<Value = Vec<Row>> {
    // Days 0..190: late November to early June; hours 6–19 so that open hours see calls; ids
    // from a small range so that copies across files and months are common.
    prop::collection::vec(
        (
            0u32..190,
            360u32..1140,
            0usize..5,
            0u32..400,
            prop::bool::weighted(0.05),
        ),
        0..120,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn the_month_folded_from_disk_is_the_month_held_whole(
        a in arb_rows(),
        b in arb_rows(),
        copies in prop::collection::vec((0usize..120, prop::bool::ANY), 0..10),
        month in 1u32..=5,
    ) {
        // Copies of file a's rows in file b: identical, or with another time (conflicting,
        // often in another month).
        let mut b = b;
        for (k, same) in copies {
            if let Some(&r) = a.get(k) {
                b.push(if same { r } else { ((r.0 + 40) % 190, r.1, r.2, r.3, r.4) });
            }
        }
        // Whether a valid row lies outside the month (then the month spill is used).
        let outside = a.iter().chain(&b).any(|&(day, _, _, _, broken)| {
            let d = chrono::NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()
                + chrono::Duration::days(i64::from(day));
            !broken && (chrono::Datelike::year(&d), chrono::Datelike::month(&d)) != (2026, month)
        });
        let (by_month, whole) = both(&[a, b], Month::new(2026, month).unwrap());
        assert_same(&by_month, &whole);
        prop_assert!(whole.inputs.spilled.is_none());
        prop_assert_eq!(by_month.inputs.spilled.is_some(), outside);
    }
}

/// A failure run from the last minutes of February into March, and calls in five months given
/// newest file first: the March report folds February from disk and gets the run whole.
#[test]
fn a_run_across_the_month_start_and_files_out_of_time_order() {
    // Feb 27 (a Friday) 16:50 … Mar 2 (Monday) 08:10: no response throughout.
    let feb: Vec<Row> = vec![
        (94, 16 * 60 + 40, 0, 1, false),
        (94, 16 * 60 + 50, 4, 2, false),
        (94, 16 * 60 + 55, 4, 3, false),
        (98, 6 * 60, 0, 3, false), // a conflicting copy of C-3, in March
    ];
    let mar: Vec<Row> = vec![
        (97, 8 * 60 + 5, 4, 4, false),
        (97, 8 * 60 + 10, 4, 5, false),
        (97, 8 * 60 + 20, 0, 6, false),
        (140, 10 * 60, 0, 7, false),
        (10, 10 * 60, 0, 8, false),
        (10, 10 * 60, 0, 8, false), // an identical copy in December
    ];
    let (by_month, whole) = both(&[mar, feb], Month::new(2026, 3).unwrap());
    assert_same(&by_month, &whole);
    let spilled = by_month
        .inputs
        .spilled
        .as_ref()
        .expect("other months on disk");
    // December, February, April (C-8's copy dropped; C-3 rejected in both months).
    assert_eq!(spilled.months().count(), 3);
    assert_eq!(spilled.rows(), 1 + 2 + 1);
    assert_eq!(by_month.inputs.calls.len(), 3);
    assert_eq!(by_month.metrics.kpis.rows_rejected, 3);
}

/// A correction that names a call of another month changes the month's figures (here it
/// excludes the February call a failure run into March starts with): the report reads the
/// log again with every call held, and states the figures holding the whole log gives.
#[test]
fn a_correction_naming_a_call_of_another_month_holds_every_call() {
    let feb: Vec<Row> = vec![
        (94, 16 * 60 + 50, 4, 2, false),
        (94, 16 * 60 + 55, 4, 3, false),
    ];
    let mar: Vec<Row> = vec![
        (97, 8 * 60 + 5, 4, 4, false),
        (97, 8 * 60 + 10, 4, 5, false),
        (97, 8 * 60 + 20, 0, 6, false),
    ];
    let corrections = "correction_id,applies_to,action,value,reason,approved_by,approved_at\n\
                       K-1,C-2,exclude,,a test call,QA,2026-04-02T10:00:00+02:00\n";
    let month = Month::new(2026, 3).unwrap();
    let (by_month, whole) = both_corrected(&[feb.clone(), mar.clone()], Some(corrections), month);
    assert_same(&by_month, &whole);
    assert!(by_month.inputs.spilled.is_none(), "every call held");
    assert!(by_month.metrics.corrections[0].matched);
    // Without the correction the month differs: the correction did change a figure.
    let (plain, _) = both(&[feb, mar], month);
    assert_ne!(plain.metrics.kpis, by_month.metrics.kpis);
}

/// Corrections that name no call (an interval, a ticket id) keep the month folded from disk.
#[test]
fn corrections_naming_no_call_keep_the_other_months_on_disk() {
    let rows: Vec<Row> = vec![
        (40, 600, 0, 1, false),
        (97, 600, 4, 2, false),
        (97, 610, 0, 3, false),
    ];
    let corrections = "correction_id,applies_to,action,value,reason,approved_by,approved_at\n\
                       K-1,2026-03-02T10:00:00+01:00/2026-03-02T10:05:00+01:00,exclude,,firewall,QA,2026-04-02T10:00:00+02:00\n\
                       K-2,INC-404,reclassify,4,no such ticket,QA,2026-04-02T10:00:00+02:00\n";
    let (by_month, whole) =
        both_corrected(&[rows], Some(corrections), Month::new(2026, 3).unwrap());
    assert_same(&by_month, &whole);
    assert!(by_month.inputs.spilled.is_some());
}
