//! The annual figures against hand-computed ones: sums of exact months, quarters, lower bounds.

use super::*;
use serde_json::json;

fn month(no: u32, metrics: Value) -> MonthInput {
    let month = Month::new(2026, no).unwrap();
    MonthInput {
        month,
        metrics,
        source: MonthProvenance {
            month,
            path: format!("2026-{no:02}"),
            metrics_sha256: "m".into(),
            manifest_sha256: "f".into(),
            config_sha256: "c".into(),
            config_version: "1".into(),
            tool_version: "0".into(),
        },
    }
}

fn outage(s: i64, e: i64, open: i64) -> Value {
    json!({"start": s, "end": e, "open_ms": open, "sources": ["calls"], "incident_ids": [], "cause": "", "action_plan": ""})
}

/// Two months by hand: January ends at 6000 ms; an outage [5000, 7000) spans the month end
/// and a second interval 30 ms after it (merge_gap 50 ms) joins its group in February.
fn two_months() -> Vec<MonthInput> {
    let carry = |spans: Value| {
        json!({"merge_gap_ms": 50, "unavailable_spans": spans, "unavailable_spans_as_measured": spans,
               "availability_covered": true, "covered": {"calls": true, "tickets": true, "changes": true},
               "calls_received": 10})
    };
    let jan = json!({
        "period_start": 0, "period_end": 6000,
        "kpis": {"unplanned_outages": 2, "calls_incoming": 10, "calls_answered": 9, "unavailable_seconds": 1},
        "kpis_as_measured": {"unplanned_outages": 3, "unavailable_seconds": 2},
        "exact": {"delivery_precision": {"numerator": 9, "denominator": 10},
                  "perf_within_t90_share": {"numerator": 7, "denominator": 8}},
        "availability": {"open_ms": 10000, "unavailable_ms": 1500, "degraded_ms": 0,
                         "outages": [outage(100, 1100, 1000), outage(5000, 7000, 500)], "per_day": []},
        "targets": [], "corrections": [],
        "year_carry": carry(json!([[100, 1100], [5000, 7000]])),
    });
    let feb = json!({
        "period_start": 6000, "period_end": 12000,
        "kpis": {"unplanned_outages": 2, "calls_incoming": 20, "calls_answered": 20, "unavailable_seconds": 1},
        "kpis_as_measured": {"unplanned_outages": 2, "unavailable_seconds": 1},
        "exact": {"delivery_precision": {"numerator": 20, "denominator": 20},
                  "perf_within_t90_share": {"numerator": 1, "denominator": 2}},
        "availability": {"open_ms": 9000, "unavailable_ms": 1870, "degraded_ms": 0,
                         "outages": [outage(5000, 7000, 400), outage(7030, 8000, 970), outage(9000, 9500, 500)],
                         "per_day": []},
        "targets": [{"key": "availability", "section": "availability", "comparison": ">=",
                     "target": 0.9, "actual": 0.5, "met": false}],
        "corrections": [],
        "year_carry": carry(json!([[5000, 7000], [7030, 8000], [9000, 9500]])),
    });
    vec![month(2, feb), month(1, jan)]
}

#[test]
fn the_year_sums_exact_values_and_counts_a_boundary_outage_once() {
    let cfg = crate::config::LoadedConfig::load(None).unwrap().config;
    let a = compute(2026, &two_months(), &cfg).unwrap();
    let y = &a.year_totals;
    assert_eq!((y.open_ms, y.unavailable_ms), (19000, 3370));
    assert_eq!(y.availability, Ratio::new(15630, 19000));
    // Groups: {100–1100}, {5000–7000, 7030–8000}, {9000–9500}: 3, not 2 + 2.
    assert_eq!(y.unplanned_outages, 3);
    assert_eq!(a.quarters[0].unplanned_outages, 3);
    assert_eq!(a.quarters[1], Period::default());
    assert_eq!(y.delivery_precision, Ratio::new(29, 30));
    assert_eq!(y.perf_within_t90_share, Ratio::new(8, 10));
    assert_eq!((y.calls_incoming, y.calls_answered), (30, 29));
    assert_eq!(a.months_covered, vec![1, 2]);
    assert_eq!(a.months[2].source, MonthSource::None);
    assert!(a.months[2].figures.is_none());
    // The boundary outage is listed once, in both months, its open time summed.
    let o = a.outages.iter().find(|o| o.start == 5000).unwrap();
    assert_eq!((o.months.clone(), o.open_ms), (vec![1, 2], 900));
    assert_eq!(a.outages.len(), 4);
    // Two of twelve months: the yearly targets are lower bounds, not yet decided.
    assert!(a.year_targets.iter().all(|t| t.met.is_none()));
    assert_eq!(
        a.year_targets[0].reason.as_deref(),
        Some("covers 2 of 12 months")
    );
    assert_eq!(
        a.year_targets[0].not_measured.as_deref(),
        Some("partial_year")
    );
    assert_eq!(a.missed.len(), 1);
    assert_eq!(a.corrections_effect.outages_removed, 1);
    assert_eq!(a.corrections_effect.unavailable_seconds_removed, 1);
}

#[test]
fn a_lower_bound_that_breaks_a_yearly_target_is_missed() {
    let mut cfg = crate::config::LoadedConfig::load(None).unwrap().config;
    cfg.availability.max_outages_per_year = 2;
    let a = compute(2026, &two_months(), &cfg).unwrap();
    assert_eq!(a.year_targets[1].met, Some(false));
    assert_eq!(a.year_targets[1].actual, Some(3.0));
    assert_eq!(a.year_targets[0].met, None);
}

#[test]
fn a_month_without_year_data_is_refused() {
    let cfg = crate::config::LoadedConfig::load(None).unwrap().config;
    let mut m = two_months();
    m[0].metrics.as_object_mut().unwrap().remove("year_carry");
    let e = compute(2026, &m, &cfg).unwrap_err().to_string();
    assert!(e.contains("year_carry") && e.contains("2026-02"), "{e}");
}

/// The corrections table says each effect in the report's language, in the monthly report's
/// words (its appendix C): a priority change and an excluded interval of 660 s, from their
/// structured `effects`; a month archived without them keeps its stored text.
/// The annual report's corrections table, as built for `lang`.
fn corrections_table(
    a: &super::Annual,
    cfg: &crate::config::LoadedConfig,
    lang: crate::report::Lang,
) -> crate::report::Table {
    let m = crate::annual::model::build(a, cfg, lang).unwrap();
    m.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            crate::report::Block::Table(t) if t.id == "year-corrections" => Some(t.clone()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn the_corrections_table_says_effects_in_the_reports_language() {
    let cfg = crate::config::LoadedConfig::load(None).unwrap();
    let mut months = two_months();
    let cor = |id: &str, effect: &str, effects: Value| {
        json!({"correction_id": id, "action": "reclassify", "applies_to": "INC-7", "value": "4",
               "reason": "r", "approved_by": "a", "approved_at": 0, "matched": true,
               "concerns": [7000, 7000], "effect": effect, "effects": effects})
    };
    months[0].metrics["corrections"] = json!([
        cor(
            "C1",
            "ticket INC-7: priority 3 → 4",
            json!([{"kind": "ticket_priority", "id": "INC-7", "from": 3, "to": 4}])
        ),
        cor(
            "C2",
            "excluded the interval (660 s of it as measured)",
            json!([{"kind": "interval_excluded", "measured_ms": 660_000}])
        ),
    ]);
    let mut old = cor(
        "C3",
        "ticket INC-8 is left out of every figure",
        json!(null),
    );
    old.as_object_mut().unwrap().remove("effects");
    months[0].metrics["corrections"]
        .as_array_mut()
        .unwrap()
        .push(old);
    let a = compute(2026, &months, &cfg.config).unwrap();
    let effects = |lang| {
        corrections_table(&a, &cfg, lang)
            .rows
            .iter()
            .map(|r| r.last().unwrap().text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        effects(crate::report::Lang::Sv),
        [
            "Ärende INC-7: prioritet 3 – medel → 4 – låg.",
            "Intervallet räknas varken som otillgängligt eller som störning (0:11 h sådan tid \
             enligt mätningen).",
            "ticket INC-8 is left out of every figure",
        ]
    );
    assert_eq!(
        effects(crate::report::Lang::En)[..2],
        [
            "Ticket INC-7: priority 3 – medium → 4 – low.",
            "The interval counts neither as unavailable nor as disturbance (0:11 h of such \
             time as measured).",
        ]
    );
}

#[test]
fn the_corrections_table_says_actions_and_intervals_as_the_monthly_report_does() {
    let cfg = crate::config::LoadedConfig::load(None).unwrap();
    let mut months = two_months();
    // 2026-03-03 08:24–08:35 UTC, 09:24–09:35 in Stockholm (CET, before the DST switch).
    months[0].metrics["corrections"] = json!([
        {"correction_id": "C1", "action": "exclude",
         "applies_to": "2026-03-03T08:24:00.000Z/2026-03-03T08:35:00.000Z",
         "interval": [1_772_526_240_000_i64, 1_772_526_900_000_i64],
         "reason": "r", "approved_by": "a", "approved_at": 0, "matched": true, "concerns": [7000, 7000], "effect": "e"},
        {"correction_id": "C2", "action": "reclassify", "applies_to": "INC-7", "value": "4",
         "reason": "r", "approved_by": "a", "approved_at": 0, "matched": true, "concerns": [7000, 7000], "effect": "e"},
        {"correction_id": "C3", "action": "made_up", "applies_to": "X",
         "reason": "r", "approved_by": "a", "approved_at": 0, "matched": true, "concerns": [7000, 7000], "effect": "e"},
    ]);
    let a = compute(2026, &months, &cfg.config).unwrap();
    let columns = |lang| {
        corrections_table(&a, &cfg, lang)
            .rows
            .iter()
            .map(|r| (r[2].text.clone(), r[3].text.clone()))
            .collect::<Vec<_>>()
    };
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        columns(crate::report::Lang::Sv),
        [
            s("Undanta", "2026-03-03 09:24 – 09:35"),
            s("Omklassificera", "INC-7"),
            s("made_up", "X"),
        ]
    );
    assert_eq!(columns(crate::report::Lang::En)[0].0, "Exclude");
}
