//! The appendices (M10.6): A method (every rule in force, printed from the config),
//! B data quality, C corrections, D reconciliation discrepancies, E inputs and tool.
//!
//! Layers: `effects`, `method` and `quality` use none of each other, only this module.

mod effects;
mod method;
mod quality;

pub(crate) use effects::describe_in as describe_effects;
pub(crate) use quality::input_name;

use super::blocks::*;
use super::sections::{dash, excluded_note, fact, interval_text, note, start_end_label};
use super::words::{kpi_label, kpi_value, short_hash};
use super::Ctx;
use crate::metrics::DiscrepancyKind;

pub(crate) fn build_all(ctx: &Ctx<'_>) -> Vec<Section> {
    let parts: [(&str, &str, Vec<Block>); 5] = [
        ("appendix-method", "ap.method", method::blocks(ctx)),
        (
            "appendix-data-quality",
            "ap.data_quality",
            quality::blocks(ctx),
        ),
        ("appendix-corrections", "ap.corrections", corrections(ctx)),
        (
            "appendix-reconciliation",
            "ap.reconciliation",
            reconciliation(ctx),
        ),
        ("appendix-inputs", "ap.inputs", inputs(ctx)),
    ];
    parts
        .into_iter()
        .zip('A'..)
        .map(|((id, key, blocks), letter)| Section {
            id: id.into(),
            number: letter.to_string(),
            title: ctx.t(key).into(),
            blocks: super::sections::drop_repeated_captions(blocks),
        })
        .collect()
}

/// A correction's action (`exclude`, `reclassify`, `set_field`) in the report's language; an
/// action without words is shown as written.
pub(crate) fn action_name(lang: super::i18n::Lang, a: &str) -> String {
    let key = format!("cr.action.{a}");
    if super::i18n::has(&key) {
        super::i18n::t(lang, &key).into()
    } else {
        a.into()
    }
}

/// C: every correction applied, and the figures as measured beside the figures reported.
fn corrections(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let m = ctx.metrics;
    let mut t = Table::new("corrections", ctx.t("ap.corrections"), ctx.t("cr.none"))
        .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
        .col(ctx.t("cr.applies_to"), Align::Left, 3)
        .col(ctx.t("cr.action"), Align::Left, 3)
        .col(ctx.t("cr.reason"), Align::Left, 5)
        .col(ctx.t("cr.approved"), Align::Left, 4)
        .col(ctx.t("cr.effect"), Align::Left, 4)
        .compact();
    for c in &m.corrections {
        let action = if c.value.is_empty() {
            action_name(ctx.f.lang, &c.action)
        } else if c.action == "set_field" {
            format!(
                "{}: {}",
                action_name(ctx.f.lang, &c.action),
                effects::set_field_value(ctx, &c.value)
            )
        } else if c.action == "reclassify" {
            format!(
                "{}: {}",
                action_name(ctx.f.lang, &c.action),
                effects::reclassify_value(ctx, &c.value)
            )
        } else {
            format!("{}: {}", action_name(ctx.f.lang, &c.action), c.value)
        };
        let approved = match c.approved_at {
            Some(at) => format!("{}, {}", dash(&c.approved_by), f.local(at)),
            None => dash(&c.approved_by),
        };
        let text = effects::describe(ctx, &c.effects);
        let effect = if c.matched {
            Cell::new(dash(&text))
        } else {
            Cell::status(
                format!("{} ({})", ctx.t("cr.unmatched"), text),
                Status::Warn,
            )
        };
        // An interval in local time, like every other time of the report.
        let applies_to = match c.interval {
            Some((s, e)) => interval_text(f, s, e),
            None => c.applies_to.clone(),
        };
        t.push(vec![
            Cell::new(c.correction_id.clone()),
            Cell::new(applies_to),
            Cell::new(action),
            Cell::new(dash(&c.reason)),
            Cell::new(approved),
            effect,
        ]);
    }
    let mut out = vec![Block::Table(t)];

    // As measured vs after corrections: every kpi that differs.
    let before = serde_json::to_value(&m.kpis_as_measured).unwrap_or_default();
    let after = serde_json::to_value(&m.kpis).unwrap_or_default();
    let mut cmp = Table::new(
        "corrections-effect",
        ctx.t("cr.before_after"),
        ctx.t("cr.no_effect"),
    )
    .col(ctx.t("col.measure"), Align::Left, 6)
    .col(ctx.t("cover.as_measured"), Align::Right, 3)
    .col(ctx.t("cr.reported"), Align::Right, 3);
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (key, av) in a {
            let bv = b.get(key).cloned().unwrap_or_default();
            if &bv == av {
                continue;
            }
            if !kpi_shown(key) {
                continue;
            }
            let exact_after = (key == "availability").then_some(m.availability.availability);
            cmp.push(vec![
                Cell::new(kpi_label(ctx, key)),
                Cell::new(kpi_value(f, key, bv.as_f64(), None)),
                Cell::new(kpi_value(f, key, av.as_f64(), exact_after)).strong(),
            ]);
        }
    }
    out.push(Block::Table(cmp));
    out.push(note(ctx.t("cr.rule")));
    out
}

/// Whether a kpi is a figure of the report (its label is translated); row counts and other
/// bookkeeping keys are left out of the before/after table.
fn kpi_shown(key: &str) -> bool {
    super::i18n::has(&format!("kpi.{key}"))
}

/// D: detected outages without an incident, and incident outages without failing calls.
fn reconciliation(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    // What an empty table means depends on the sources present: only with both the call log
    // and the tickets does it confirm every outage.
    let cov = ctx.metrics.basis.cov;
    let empty = match (cov.calls, cov.tickets) {
        (true, true) => "av.no_discrepancies",
        (false, _) => "av.no_calls_to_reconcile",
        (true, false) => "av.no_tickets_to_reconcile",
    };
    let mut rc = Table::new("reconciliation", ctx.t("av.reconciliation"), ctx.t(empty))
        .col(ctx.t("col.kind"), Align::Left, 5)
        .col(start_end_label(ctx), Align::Left, 4)
        .col(ctx.t("col.reference"), Align::Left, 3);
    let with_note = a.reconciliation.iter().any(|d| !d.excluded_by.is_empty());
    if with_note {
        rc = rc.col(ctx.t("col.note"), Align::Left, 3);
    }
    for d in &a.reconciliation {
        let kind = match d.kind {
            DiscrepancyKind::DetectedWithoutIncident => ctx.t("av.detected_without_incident"),
            DiscrepancyKind::IncidentWithoutFailingCalls => {
                ctx.t("av.incident_without_failing_calls")
            }
            DiscrepancyKind::SilentPeriod => ctx.t("av.silent_period"),
        };
        let reference = match d.kind {
            DiscrepancyKind::SilentPeriod => {
                crate::report::sections::silence::discrepancy_reference(ctx, d)
            }
            _ => d.reference.clone(),
        };
        // A discrepancy a correction excludes in full is settled, not open.
        let settled = is_settled(d);
        let mut row = vec![
            if settled {
                Cell::new(kind)
            } else {
                Cell::status(format!("! {kind}"), Status::Warn)
            },
            Cell::new(interval_text(f, d.start, d.end)),
            Cell::new(reference),
        ];
        if with_note {
            let note = excluded_note(ctx, d.start, d.end, &d.excluded_by, d.excluded_ms);
            // Settled: the note is information, not a mark of something open.
            row.push(if settled {
                Cell::new(note.text.trim_start_matches("! ").to_string())
            } else {
                note
            });
        }
        rc.push(row);
    }
    vec![Block::Table(rc), note(reconciliation_rule(ctx))]
}

fn is_settled(d: &crate::metrics::Discrepancy) -> bool {
    !d.excluded_by.is_empty() && d.excluded_ms >= d.end - d.start
}

/// The rule under the reconciliation, following what the corrections settled: only the
/// discrepancies no correction excludes in full are still to be investigated.
fn reconciliation_rule(ctx: &Ctx<'_>) -> String {
    let all = &ctx.metrics.availability.reconciliation;
    let open = all.iter().filter(|d| !is_settled(d)).count() as u64;
    let settled = all.len() as u64 - open;
    let key = match (open, settled) {
        (0, 0) => "av.reconciliation_rule_none",
        (_, 0) => "av.reconciliation_rule",
        (0, _) => "av.reconciliation_rule_settled",
        _ => "av.reconciliation_rule_mixed",
    };
    ctx.t(key)
        .replace("{open}", &ctx.f.uint(open))
        .replace("{settled}", &ctx.f.uint(settled))
}

/// E: the input manifest, the config and the tool.
fn inputs(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let man = ctx.manifest;
    let mut t = Table::new("manifest-inputs", ctx.t("in.files"), ctx.t("none"))
        .col(ctx.t("in.input"), Align::Left, CONTENT_WIDTH)
        .col(ctx.t("in.file"), Align::Left, 4)
        .col(ctx.t("in.rows"), Align::Right, 2)
        .col(ctx.t("in.bytes"), Align::Right, 2)
        .col("SHA-256", Align::Left, 12)
        .compact();
    for i in &man.inputs {
        t.push(vec![
            Cell::new(input_name(ctx, &i.input)),
            Cell::new(i.path.clone()),
            Cell::new(f.uint(i.rows_read)),
            Cell::new(f.uint(i.size_bytes)),
            Cell::new(i.sha256.clone()).mono(),
        ]);
    }
    let mut tool = vec![
        fact(
            ctx.t("in.tool"),
            format!("{} {}", man.tool.name, man.tool.version),
        ),
        fact(ctx.t("in.tzdb"), man.tool.tzdb.clone()),
        fact(
            ctx.t("cover.config"),
            format!(
                "{} {} ({})",
                man.config.name, man.config.version, man.config.origin
            ),
        ),
        fact(ctx.t("in.config_hash"), man.config.sha256.clone()),
        fact(ctx.t("in.month"), man.month.to_string()),
        fact(
            ctx.t("in.presets"),
            if man.presets.is_empty() {
                "–".into()
            } else {
                man.presets.join(", ")
            },
        ),
    ];
    if let Some(m) = &man.mapping {
        tool.push(fact(
            ctx.t("in.mapping"),
            format!("{} (SHA-256 {})", m.path, m.sha256),
        ));
    }
    vec![
        Block::Table(t),
        Block::Facts { rows: tool },
        note(
            ctx.t("in.rule")
                .replace("{hash}", &short_hash(&man.config.sha256)),
        ),
    ]
}
