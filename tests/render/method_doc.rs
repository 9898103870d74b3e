//! The report's method appendix (appendix A) and `docs/method.md` cannot drift apart: every
//! config key the appendix prints beside a setting is explained in the document, which says
//! what the setting does and its default.

use std::path::Path;

use crate::fixture::fixture;
use slareport::report::{Block, Lang, ReportModel};

/// The config keys printed in appendix A: its monospaced cells that read like a key
/// (`availability.min_outage_seconds`), as opposed to codes (`ok`, `FK`).
fn printed_keys(model: &ReportModel) -> Vec<String> {
    let method = model
        .appendices
        .iter()
        .find(|s| s.id == "appendix-method")
        .expect("appendix A");
    let mut keys = Vec::new();
    for block in &method.blocks {
        let Block::Table(t) = block else { continue };
        for cell in t.rows.iter().flatten().filter(|c| c.mono) {
            let key = cell.text.trim();
            let looks_like_key = key.contains('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if looks_like_key && !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_key_in_the_method_appendix_is_in_docs_method() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/method.md"))
        .expect("docs/method.md");
    let fx = fixture();
    let model =
        ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, Lang::Sv).unwrap();
    let keys = printed_keys(&model);
    assert!(
        keys.len() >= 25 && keys.iter().any(|k| k == "availability.min_outage_seconds"),
        "the appendix's keys were not found: {keys:?}"
    );
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| {
            let generic = k
                .strip_prefix("calendar.providers.")
                .map(|_| "calendar.providers.<name>".to_string());
            !doc.contains(&format!("`{k}`"))
                && !generic.is_some_and(|g| doc.contains(&format!("`{g}`")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "printed in the method appendix but not explained in docs/method.md: {missing:?}"
    );
}

/// Every fixed reading in appendix A carries the number of a rule `docs/method.md` defines, so a
/// reader of the report can look it up and the two cannot drift apart unnoticed.
#[test]
fn every_reading_in_the_method_appendix_cites_a_rule_of_docs_method() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/method.md"))
        .expect("docs/method.md");
    let fx = fixture();
    let model =
        ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, Lang::En).unwrap();
    let method = model
        .appendices
        .iter()
        .find(|s| s.id == "appendix-method")
        .expect("appendix A");
    let readings = method
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.id == "method-readings" => Some(t),
            _ => None,
        })
        .expect("the readings table");
    assert!(readings.rows.len() >= 25, "{}", readings.rows.len());
    let mut wrong = Vec::new();
    for row in &readings.rows {
        let number = &row[0].text;
        let cited: Vec<&str> = number.split(", ").collect();
        if !cited
            .iter()
            .all(|m| m.starts_with('M') && doc.contains(&format!("\n**{m} ")))
        {
            wrong.push(format!("{number:?}: {}", row[1].text));
        }
    }
    assert!(
        wrong.is_empty(),
        "readings without a rule of docs/method.md (add it to `rule_number` in \
         src/report/appendix/method.rs):\n{}",
        wrong.join("\n")
    );
}
