//! A silent call log in the report: the sample month with no calls on Wed 11 March from 10:00
//! to 12:59 shows the silent period on page 1, in the availability section (its table and the
//! rule) and in appendix D as a discrepancy, in Swedish and English; counted as downtime only
//! with `availability.silence = "unavailable"`.

use slareport::audit::Manifest;
use slareport::calendar::Calendars;
use slareport::config::{LoadedConfig, SilenceMode};
use slareport::inputs::InputFiles;
use slareport::report::{Block, Lang, ReportModel};

fn sample(name: &str) -> String {
    format!("{}/sample-data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn model(lang: Lang, mode: SilenceMode) -> (ReportModel, i64) {
    let text = std::fs::read_to_string(sample("calls.csv")).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| {
            !["T10:", "T11:", "T12:"]
                .iter()
                .any(|h| l.contains(&format!(",2026-03-11{h}")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls.csv");
    std::fs::write(&calls, kept).unwrap();
    let mut config = LoadedConfig::load(None).unwrap();
    config.config.availability.silence = mode;
    let cals = Calendars::from_config(&config.config.calendar);
    let args = InputFiles {
        calls: vec![calls.to_string_lossy().into_owned()],
        tickets: vec![sample("tickets.csv")],
        changes: vec![sample("changes.csv")],
        ..InputFiles::default()
    };
    let inputs = slareport::inputs::read_all(&args, &config.config, &cals).unwrap();
    let metrics = slareport::metrics::compute(
        &inputs,
        &config.config,
        &cals,
        slareport::calendar::Month::new(2026, 3).unwrap(),
    )
    .unwrap();
    let manifest = Manifest::new(&inputs, &config, metrics.month, "sv", vec![], vec![]);
    let unavailable = metrics.availability.unavailable_ms;
    (
        ReportModel::build(&metrics, &inputs, &config, &manifest, lang).unwrap(),
        unavailable,
    )
}

fn text_of(blocks: &[Block]) -> String {
    serde_json::to_string(blocks).unwrap()
}

#[test]
fn a_silent_period_is_on_page_one_in_the_section_and_in_appendix_d() {
    let (m, reported) = model(Lang::Sv, SilenceMode::Report);
    let page1 = text_of(&m.cover.lead);
    assert!(page1.contains("Tyst anropslogg (1)"), "{page1}");
    assert!(
        page1.contains("2026-03-11 09:59 – 13:00: inga anrop under 3:01"),
        "{page1}"
    );
    let av = m.sections.iter().find(|s| s.id == "availability").unwrap();
    let av = text_of(&av.blocks);
    assert!(av.contains("\"silent-periods\""), "{av}");
    assert!(av.contains("Ingen incident: utred"), "{av}");
    assert!(av.contains("availability.silence = \\\"report\\\""), "{av}");
    let d = m
        .appendices
        .iter()
        .find(|s| s.id == "appendix-reconciliation")
        .unwrap();
    let d = text_of(&d.blocks);
    assert!(
        d.contains("Tyst period i anropsloggen utan incident"),
        "{d}"
    );
    assert!(d.contains("anrop förväntade, 0 mottagna"), "{d}");
    let (en, _) = model(Lang::En, SilenceMode::Report);
    assert!(text_of(&en.cover.lead).contains("Silent call log (1)"));
    // Counted: 3:01 more unavailable open time, and the rule says so.
    let (m, counted) = model(Lang::Sv, SilenceMode::Unavailable);
    assert!(counted > reported + 3 * 3_600_000, "{reported} → {counted}");
    let av = m.sections.iter().find(|s| s.id == "availability").unwrap();
    assert!(text_of(&av.blocks).contains("availability.silence = \\\"unavailable\\\""));
}
