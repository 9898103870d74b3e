//! The appendices (SPEC §5): A method (every rule in force, printed from the config),
//! B data quality, C corrections, D reconciliation discrepancies, E inputs and tool.

mod method;
mod quality;

use super::blocks::*;
use super::cover::{kpi_label, kpi_value, short_hash};
use super::sections::{dash, fact, interval_text, note, start_end_label};
use super::Ctx;

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

/// The letter of an appendix by id (for cross references).
pub(crate) fn letter(id: &str) -> char {
    match id {
        "appendix-method" => 'A',
        "appendix-data-quality" => 'B',
        "appendix-corrections" => 'C',
        "appendix-reconciliation" => 'D',
        _ => 'E',
    }
}

fn action_name(ctx: &Ctx<'_>, a: &str) -> String {
    let key = format!("cr.action.{a}");
    if super::i18n::has(&key) {
        ctx.t(&key).into()
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
            action_name(ctx, &c.action)
        } else {
            format!("{}: {}", action_name(ctx, &c.action), c.value)
        };
        let approved = match c.approved_at {
            Some(at) => format!("{}, {}", dash(&c.approved_by), f.local(at)),
            None => dash(&c.approved_by),
        };
        let effect = if c.matched {
            Cell::new(dash(&c.effect))
        } else {
            Cell::status(
                format!("{} ({})", ctx.t("cr.unmatched"), c.effect),
                Status::Warn,
            )
        };
        t.push(vec![
            Cell::new(c.correction_id.clone()),
            // An interval `start/end` gets room to break between its ends.
            Cell::new(c.applies_to.replace('/', " / ")),
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
    .col(ctx.t("cover.measure"), Align::Left, 6)
    .col(ctx.t("cover.as_measured"), Align::Right, 3)
    .col(ctx.t("cr.reported"), Align::Right, 3);
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (key, av) in a {
            let bv = b.get(key).cloned().unwrap_or_default();
            if &bv == av {
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

/// D: detected outages without an incident, and incident outages without failing calls.
fn reconciliation(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let a = &ctx.metrics.availability;
    let mut rc = Table::new(
        "reconciliation",
        ctx.t("av.reconciliation"),
        ctx.t("av.no_discrepancies"),
    )
    .col(ctx.t("col.kind"), Align::Left, 5)
    .col(start_end_label(ctx), Align::Left, 4)
    .col(ctx.t("col.reference"), Align::Left, 3);
    for d in &a.reconciliation {
        let kind = match d.kind.as_str() {
            "detected_without_incident" => ctx.t("av.detected_without_incident").to_string(),
            "incident_without_failing_calls" => {
                ctx.t("av.incident_without_failing_calls").to_string()
            }
            other => other.to_string(),
        };
        rc.push(vec![
            Cell::status(kind, Status::Warn),
            Cell::new(interval_text(f, d.start, d.end)),
            Cell::new(d.reference.clone()),
        ]);
    }
    vec![Block::Table(rc), note(ctx.t("av.reconciliation_rule"))]
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
            Cell::new(super::appendix::quality::input_name(ctx, &i.input)),
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
        fact(ctx.t("in.month"), man.month.clone()),
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
