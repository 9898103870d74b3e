//! Corrections (M9.1): applied to a copy, figures kept as measured and after.

use super::kit::*;
use crate::inputs::{AppliesTo, CallResult, Correction, CorrectionAction, RowRef};

fn correction(id: &str, to: AppliesTo, action: CorrectionAction, value: &str) -> Correction {
    Correction {
        correction_id: id.to_string(),
        applies_to: to,
        action,
        value: value.to_string(),
        reason: "agreed in the service meeting".to_string(),
        approved_by: "SLM".to_string(),
        approved_at: Some(t("2026-04-02 10:00")),
        source: RowRef::default(),
    }
}

fn id(s: &str) -> AppliesTo {
    AppliesTo::Id { id: s.to_string() }
}

/// An outage INC-1 [09:00, 10:00) on Tue 3 March and INC-2 [13:00, 13:30): as measured
/// 5400 s and 2 outages. Excluding the interval [08:30, 10:30) leaves 1800 s, 1 outage.
#[test]
fn correction_excludes_an_outage() {
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"))
        .resolved_at = Some(t("2026-03-03 10:05"));
    k.outage("INC-2", "2026-03-03 13:00", Some("2026-03-03 13:30"));
    k.corrections.push(correction(
        "K-1",
        AppliesTo::Interval {
            start: t("2026-03-03 08:30"),
            end: t("2026-03-03 10:30"),
        },
        CorrectionAction::Exclude,
        "",
    ));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis_as_measured.unavailable_seconds, 5400);
    assert_eq!(m.kpis_as_measured.unplanned_outages, 2);
    assert_eq!(m.kpis.unavailable_seconds, 1800);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(m.availability.outages.len(), 1);
    assert_eq!(
        m.availability.outages[0].incident_ids,
        vec!["INC-2".to_string()]
    );
    // The incident itself still counts as an incident.
    assert_eq!(m.kpis.incidents_resolved, 1);
    let c = &m.corrections[0];
    assert!(c.matched);
    assert_eq!(c.action, "exclude");
    assert!(c.effect.contains("3600 s"), "{}", c.effect);
    assert_eq!(
        c.applies_to,
        "2026-03-03T07:30:00.000Z/2026-03-03T09:30:00.000Z"
    );
}

/// Excluding the incident by id removes it everywhere; an unknown id matches nothing.
#[test]
fn exclude_by_id_and_unmatched() {
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"))
        .resolved_at = Some(t("2026-03-03 10:05"));
    k.corrections.push(correction(
        "K-1",
        id("INC-1"),
        CorrectionAction::Exclude,
        "",
    ));
    k.corrections
        .push(correction("K-2", id("NOPE"), CorrectionAction::Exclude, ""));
    let m = k.run(2026, 3);
    assert_eq!(
        (
            m.kpis_as_measured.unavailable_seconds,
            m.kpis.unavailable_seconds
        ),
        (3600, 0)
    );
    assert_eq!(
        (
            m.kpis_as_measured.incidents_resolved,
            m.kpis.incidents_resolved
        ),
        (1, 0)
    );
    assert!(m.corrections[0].matched);
    assert_eq!(m.corrections[0].effect, "excluded ticket INC-1");
    assert!(!m.corrections[1].matched);
    assert!(m.corrections[1].effect.contains("nothing changed"));
}

/// Reclassify a call's result and set a ticket field; a bad value is listed as not applied.
#[test]
fn reclassify_and_set_field() {
    let mut k = Kit::new();
    k.call("2026-03-03 09:00", CallResult::Error, None, 1);
    k.ok("2026-03-03 09:01", 500, 1);
    let x = k.ticket(
        "INC-5",
        crate::inputs::TicketType::Incident,
        Some(1),
        "2026-03-03 09:00",
    );
    x.responded_at = Some(t("2026-03-03 09:10"));
    x.resolved_at = Some(t("2026-03-04 09:00")); // 9 h: breach of 8 h
    k.corrections.push(correction(
        "K-1",
        id("C000001"),
        CorrectionAction::Reclassify,
        "partial",
    ));
    k.corrections.push(correction(
        "K-2",
        id("INC-5"),
        CorrectionAction::SetField,
        "resolved_at=2026-03-03T16:00:00+01:00",
    ));
    k.corrections.push(correction(
        "K-3",
        id("INC-5"),
        CorrectionAction::SetField,
        "colour=blue",
    ));
    k.corrections.push(correction(
        "K-4",
        id("C000002"),
        CorrectionAction::Exclude,
        "",
    ));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis_as_measured.delivery_precision, Some(0.5));
    // After: the error call is partial, the ok call is gone: 1 of 1.
    assert_eq!(m.kpis.delivery_precision, Some(1.0));
    assert_eq!(m.kpis.calls_incoming, 1);
    assert_eq!(m.kpis_as_measured.incidents_resolution_breaches, 1);
    assert_eq!(m.kpis.incidents_resolution_breaches, 0);
    assert!(m.corrections.iter().take(2).all(|c| c.matched));
    assert!(!m.corrections[2].matched);
    assert!(
        m.corrections[2].effect.contains("not applied"),
        "{}",
        m.corrections[2].effect
    );
    assert_eq!(
        m.corrections[0].effect,
        "call C000001: result error → partial"
    );
}

/// An interval reclassified as `degraded`: INC-1's hour [09:00, 10:00) on Tue 3 March becomes
/// degraded time (3600 s), unavailable drops to INC-2's 1800 s. `set_field` on an interval is
/// listed as not applied.
#[test]
fn interval_reclassified_as_degraded() {
    let mut k = Kit::new();
    k.outage("INC-1", "2026-03-03 09:00", Some("2026-03-03 10:00"));
    k.outage("INC-2", "2026-03-03 13:00", Some("2026-03-03 13:30"));
    let span = AppliesTo::Interval {
        start: t("2026-03-03 08:00"),
        end: t("2026-03-03 12:00"),
    };
    k.corrections.push(correction(
        "K-1",
        span.clone(),
        CorrectionAction::Reclassify,
        "degraded",
    ));
    k.corrections
        .push(correction("K-2", span, CorrectionAction::SetField, "x=y"));
    let m = k.run(2026, 3);
    assert_eq!(m.kpis.unavailable_seconds, 1800);
    assert_eq!(m.kpis.degraded_seconds, 3600);
    assert_eq!(m.kpis.unplanned_outages, 1);
    assert_eq!(m.kpis_as_measured.degraded_seconds, 0);
    assert!(m.corrections[0].matched);
    assert!(!m.corrections[1].matched);
    assert!(m.corrections[1].effect.starts_with("not applied"));
}
