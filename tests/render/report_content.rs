//! The report's content on the shipped sample month: the Swedish report speaks
//! Swedish (no input code or English word in any text a reader sees), page 1 opens with the
//! summary of the month, the report is dated after the corrections it applies, and a month the
//! inputs do not cover never reads as a met target.

use slareport::audit::Manifest;
use slareport::calendar::Calendars;
use slareport::config::LoadedConfig;
use slareport::inputs::InputFiles;
use slareport::report::Lang;
use slareport::report::{Block, ReportModel, Status};

fn sample(name: &str) -> String {
    format!("{}/sample-data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn model(month: u32, lang: Lang) -> ReportModel {
    let config = LoadedConfig::load(None).unwrap();
    let cals = Calendars::from_config(&config.config.calendar);
    let args = InputFiles {
        calls: vec![sample("calls.csv")],
        tickets: vec![sample("tickets.csv")],
        changes: vec![sample("changes.csv")],
        corrections: vec![sample("corrections.csv")],
        ..InputFiles::default()
    };
    let inputs = slareport::inputs::read_all(&args, &config.config, &cals).unwrap();
    let metrics = slareport::metrics::compute(
        &inputs,
        &config.config,
        &cals,
        slareport::calendar::Month::new(2026, month).unwrap(),
    )
    .unwrap();
    let manifest = Manifest::new(
        &inputs,
        &config,
        metrics.month,
        "sv",
        vec!["pdf".into()],
        vec![],
    );
    ReportModel::build(&metrics, &inputs, &config, &manifest, lang).unwrap()
}

/// Every text of the model a reader sees: all strings except identifiers of the model itself
/// (`id`, `kind`, `tone`, `status`, `align`, `lang`) and monospaced cells (config keys, input
/// codes and hashes, printed as the literal values an auditor looks up).
fn visible_texts(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| visible_texts(x, out)),
        serde_json::Value::Object(o) => {
            if o.get("mono") == Some(&serde_json::Value::Bool(true)) {
                return;
            }
            for (k, x) in o {
                if !matches!(
                    k.as_str(),
                    "id" | "kind" | "type" | "tone" | "note_tone" | "status" | "align" | "lang"
                ) {
                    visible_texts(x, out);
                }
            }
        }
        _ => {}
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

#[test]
fn swedish_report_has_no_english_codes_or_words() {
    let m = model(3, Lang::Sv);
    let mut texts = Vec::new();
    visible_texts(&serde_json::to_value(&m).unwrap(), &mut texts);
    assert!(texts.len() > 500, "{} texts", texts.len());
    // Input codes (results, outage kinds), the English unit and English words of metrics.json's
    // effect texts and reject reasons.
    let banned = [
        "ok",
        "partial",
        "no_response",
        "unreachable",
        "degraded",
        "unavailable",
        "wd",
        "duplicate",
        "excluded",
        "applied",
        "ticket",
        "priority",
        "true",
        "false",
    ];
    let mut found = Vec::new();
    for t in &texts {
        for w in words(t) {
            if banned.contains(&w) {
                found.push(format!("`{w}` in {t:?}"));
            }
        }
        assert!(!t.contains('`'), "a Markdown backtick in {t:?}");
        assert!(!t.contains("(!)"), "an unexplained (!) in {t:?}");
    }
    assert!(
        found.is_empty(),
        "English in the Swedish report:\n{}",
        found.join("\n")
    );
}

#[test]
fn page_one_opens_with_the_summary_of_the_month() {
    let m = model(3, Lang::Sv);
    let Some(Block::Heading { text }) = m.cover.lead.first() else {
        panic!(
            "page 1 does not open with a heading: {:?}",
            m.cover.lead.first()
        );
    };
    assert_eq!(text, "Månadens sammanfattning");
    let lead = serde_json::to_string(&m.cover.lead).unwrap();
    // Each missed target, the outage with its date and length, the open problem past its
    // response target, and the figures the corrections changed.
    for want in [
        "Incidenter: Responstid utanför mål: 2 ärenden",
        "2026-03-30 11:27 – 12:04: 0:37 h inom öppettid (INC-202603-01)",
        "PRB-202603-03 (problem, prioritet 2 – hög): responstid",
        "Otillgänglighet (månad): 1:28\u{a0}h → 0:37\u{a0}h",
    ] {
        assert!(lead.contains(want), "{want:?} not in {lead}");
    }
    let en = serde_json::to_string(&model(3, Lang::En).cover.lead).unwrap();
    assert!(en.contains("Summary of the month"), "{en}");
}

#[test]
fn report_is_dated_after_the_corrections_it_applies() {
    // The sample's corrections were approved on 2026-04-03, after the month.
    let m = model(3, Lang::Sv);
    assert_eq!(m.date.iso, "2026-04-03");
    assert_eq!((m.date.year, m.date.month, m.date.day), (2026, 4, 3));
}

#[test]
fn a_month_without_call_rows_never_reads_as_met() {
    // April 2026: the sample's call log (March) has no row in it.
    let m = model(4, Lang::Sv);
    let rows = &m.cover.summary.rows;
    assert!(!rows.is_empty());
    for row in rows {
        let label = &row[0].text;
        for c in row {
            assert_ne!(c.status, Status::Met, "{label} reads as met: {row:?}");
        }
    }
    let availability = rows
        .iter()
        .find(|r| r[0].text == "Tillgänglighet inom öppettid")
        .expect("availability row");
    assert_eq!(availability[3].text, "ingen data");
    assert_eq!(
        availability[4].text,
        "– Ej mätt (underlag saknas: ingen källa för tillgänglighet)"
    );
    let sources = serde_json::to_string(&m.cover.after).unwrap();
    assert!(sources.contains("Underlag för månaden"), "{sources}");
}

#[test]
fn problems_show_root_cause_and_action_and_open_response_breach() {
    let m = model(3, Lang::Sv);
    let problems = m.sections.iter().find(|s| s.id == "problems").unwrap();
    let text = serde_json::to_string(&problems.blocks).unwrap();
    for want in [
        "Grundorsak",
        "Anslutningspoolen mot FK var för liten vid hög last.",
        "Poolen utökad från 50 till 200 anslutningar; lasttest före varje release.",
        "Responstid över mål",
    ] {
        assert!(text.contains(want), "{want:?} not in the problems section");
    }
    // The open problem is past its response target, not its resolution target.
    assert!(!text.contains("Åtgärdstid över mål"), "{text}");
}
