//! The canonical CSV fixtures under `tests/fixtures/<area>/` measured without the input
//! readers: a minimal canonical-column loader builds the [`Kit`], and every figure of the
//! fixture's `expected.json` is compared. (`tests/render/metrics_fixtures.rs` runs the same fixtures
//! through the real readers and the pipeline.)

use std::path::{Path, PathBuf};

use super::kit::*;
use crate::calendar::timestamp::TimestampParser;
use crate::calendar::Ms;
use crate::config::{AmbiguousPolicy, NonexistentPolicy};
use crate::inputs::{
    AppliesTo, CallResult, ChangeStatus, Correction, CorrectionAction, OutageKind, RowRef,
    TicketType,
};

fn dir(area: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(area)
}

fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    if !path.exists() {
        return Vec::new();
    }
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect()
        })
        .collect()
}

fn ts(s: &str) -> Option<Ms> {
    if s.is_empty() {
        return None;
    }
    let tz = "Europe/Stockholm".parse().unwrap();
    let mut p = TimestampParser::new(
        tz,
        NonexistentPolicy::ShiftForward,
        AmbiguousPolicy::Earliest,
        vec![],
    );
    Some(p.parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}")).0)
}

fn yes(s: &str) -> bool {
    matches!(s.to_lowercase().as_str(), "true" | "1" | "yes" | "ja")
}

fn priority(s: &str) -> Option<u8> {
    match s.to_lowercase().as_str() {
        "" => None,
        "kritisk" | "critical" => Some(1),
        "hög" | "high" => Some(2),
        "medel" | "medium" => Some(3),
        "låg" | "low" => Some(4),
        n => Some(n.parse().unwrap()),
    }
}

/// Load a fixture folder (canonical columns only) into a [`Kit`].
pub fn load(area: &str) -> Kit {
    let d = dir(area);
    let mut k = Kit::new();
    for r in rows(&d.join("calls.csv")) {
        let received = ts(&r["received_at"]).unwrap();
        let c = k.call_at(
            received,
            CallResult::parse(&r["result"]).unwrap(),
            ts(&r["responded_at"]).map(|x| x - received),
            r["persons"].parse().unwrap(),
        );
        c.id = r["call_id"].clone();
        c.municipality = Some(r["municipality"].clone()).filter(|m| !m.is_empty());
        c.failed = r["failed_providers"]
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().to_string())
            .collect();
    }
    for r in rows(&d.join("tickets.csv")) {
        let kind = match r["type"].as_str() {
            "incident" => TicketType::Incident,
            "problem" => TicketType::Problem,
            _ => TicketType::Order,
        };
        let x = k.ticket(
            &r["ticket_id"],
            kind,
            priority(&r["priority"]),
            "2000-01-01 00:00",
        );
        x.registered_at = ts(&r["registered_at"]).unwrap();
        x.responded_at = ts(&r["responded_at"]);
        x.resolved_at = ts(&r["resolved_at"]);
        x.closed_at = ts(&r["closed_at"]);
        x.summary = r["summary"].clone();
        x.security = yes(&r["security"]);
        x.major = yes(&r["major"]);
        x.outage_start = ts(&r["outage_start"]);
        x.outage_end = ts(&r["outage_end"]);
        if r["outage_kind"] == "degraded" {
            x.outage_kind = OutageKind::Degraded;
        }
        x.planned = yes(&r["planned"]);
        x.cause = r["cause"].clone();
        x.action_plan = r["action_plan"].clone();
        x.provider = r["provider"].clone();
    }
    for r in rows(&d.join("changes.csv")) {
        let c = k.change(&r["change_id"]);
        c.title = r["title"].clone();
        c.priority = priority(&r["priority"]);
        c.status = ChangeStatus::parse(&r["status"]).unwrap();
        c.in_release = yes(&r["in_release"]);
        c.notified_at = ts(&r["notified_at"]);
        c.scheduled_start = ts(&r["scheduled_start"]);
        c.scheduled_end = ts(&r["scheduled_end"]);
        c.actual_start = ts(&r["actual_start"]);
        c.actual_end = ts(&r["actual_end"]);
        c.overrun_notified = yes(&r["overrun_notified"]);
        c.outcome = r["outcome"].clone();
    }
    for r in rows(&d.join("corrections.csv")) {
        let to = &r["applies_to"];
        let applies_to = match to.split_once('/') {
            Some((a, b)) if ts(a).is_some() => AppliesTo::Interval {
                start: ts(a).unwrap(),
                end: ts(b).unwrap(),
            },
            _ => AppliesTo::Id { id: to.clone() },
        };
        k.corrections.push(Correction {
            correction_id: r["correction_id"].clone(),
            applies_to,
            action: match r["action"].as_str() {
                "exclude" => CorrectionAction::Exclude,
                "reclassify" => CorrectionAction::Reclassify,
                _ => CorrectionAction::SetField,
            },
            value: r["value"].clone(),
            reason: r["reason"].clone(),
            approved_by: r["approved_by"].clone(),
            approved_at: ts(&r["approved_at"]),
            source: RowRef::default(),
        });
    }
    k
}

/// The fixture's expected.json: (month, value).
pub fn expected(area: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir(area).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Compare every key of `expected.json` with the computed metrics (as JSON values).
pub fn check(area: &str, metrics: &crate::metrics::Metrics) {
    let want = expected(area);
    // Through text on both sides: serde_json's default float parsing may be 1 ulp off the
    // shortest representation that serialisation writes, so compare parsed with parsed.
    let got: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(metrics).unwrap()).unwrap();
    for block in ["kpis", "kpis_as_measured"] {
        if let Some(obj) = want.get(block).and_then(|v| v.as_object()) {
            for (key, v) in obj {
                assert_eq!(&got[block][key], v, "{area}: {block}.{key}");
            }
        }
    }
    if let Some(obj) = want.get("exact").and_then(|v| v.as_object()) {
        for (key, v) in obj {
            let pair = [
                &got["exact"][key]["numerator"],
                &got["exact"][key]["denominator"],
            ];
            assert_eq!(&pair[0], &&v[0], "{area}: exact.{key} numerator");
            assert_eq!(&pair[1], &&v[1], "{area}: exact.{key} denominator");
        }
    }
    if let Some(list) = want.get("corrections_matched").and_then(|v| v.as_array()) {
        let matched: Vec<serde_json::Value> = metrics
            .corrections
            .iter()
            .map(|c| serde_json::Value::Bool(c.matched))
            .collect();
        assert_eq!(&matched, list, "{area}: corrections matched");
    }
}

fn run_fixture(area: &str) -> crate::metrics::Metrics {
    let want = expected(area);
    let month = want["month"].as_str().unwrap();
    let (y, m) = month.split_once('-').unwrap();
    let metrics = load(area).run(y.parse().unwrap(), m.parse().unwrap());
    check(area, &metrics);
    metrics
}

#[test]
fn fixture_availability() {
    let m = run_fixture("availability");
    let kinds: Vec<(&str, &str)> = m
        .availability
        .reconciliation
        .iter()
        .map(|d| (d.kind.as_str(), d.reference.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("detected_without_incident", "A01"),
            ("detected_without_incident", "B01"),
            ("detected_without_incident", "B05"),
            ("incident_without_failing_calls", "INC-2"),
            ("incident_without_failing_calls", "INC-U"),
            ("incident_without_failing_calls", "INC-3"),
        ]
    );
}

#[test]
fn fixture_performance() {
    run_fixture("performance");
}

#[test]
fn fixture_tickets() {
    run_fixture("tickets");
}

#[test]
fn fixture_changes() {
    run_fixture("changes");
}

#[test]
fn fixture_corrections() {
    run_fixture("corrections");
}
