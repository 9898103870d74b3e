//! The annual report's later sections: the outages of the year, the targets missed by month,
//! the corrections applied, the configs in force, and the appendices (method, provenance).

use super::page::{join_values, para, section, C};
use crate::report::blocks::{Align, Block, Cell, Section, Status, Table, CONTENT_WIDTH};
use crate::report::words::{kpi_name, kpi_texts};

pub(super) fn outages_section(c: &C) -> Section {
    let mut t = Table::new("year-outages", c.t("yr.outages_table"), c.t("none"))
        .col(c.t("yr.start"), Align::Left, 3)
        .col(c.t("yr.end"), Align::Left, 3)
        .col(c.t("yr.duration"), Align::Right, 2)
        .col(c.t("yr.in_months"), Align::Left, 2)
        .col(c.t("yr.incident"), Align::Left, CONTENT_WIDTH)
        .col(c.t("yr.cause"), Align::Left, 5)
        .col(c.t("yr.action"), Align::Left, 5);
    for o in &c.a.outages {
        t.push(vec![
            Cell::new(c.f.local(o.start)),
            Cell::new(c.f.local(o.end)),
            Cell::new(c.f.hmm_up(o.open_ms)),
            Cell::new(c.months(&o.months)),
            Cell::new(join_values(&o.incident_ids)).mono(),
            Cell::new(o.cause.clone()),
            Cell::new(o.action_plan.clone()),
        ]);
    }
    section(
        "year-outages",
        3,
        c.t("yr.sec_outages"),
        vec![Block::Table(t)],
    )
}

pub(super) fn missed_section(c: &C) -> Section {
    let mut t = Table::new("year-missed", c.t("yr.sec_missed"), c.t("none"))
        .col(c.t("yr.month"), Align::Left, 2)
        .col(c.t("yr.measure"), Align::Left, 8)
        .col(c.t("yr.target"), Align::Right, 3)
        .col(c.t("yr.actual"), Align::Right, 3);
    for m in &c.a.missed {
        let (target, actual) = kpi_texts(c.f, &m.target, None);
        t.push(vec![
            Cell::new(c.month(m.month)),
            Cell::new(kpi_name(c.f, &c.cfg.config, &m.target.key)),
            Cell::new(target),
            Cell::status(actual, Status::NotMet),
        ]);
    }
    section(
        "year-missed",
        4,
        c.t("yr.sec_missed"),
        vec![Block::Table(t)],
    )
}

pub(super) fn corrections_section(c: &C) -> Section {
    let mut t = Table::new("year-corrections", c.t("yr.corrections_table"), c.t("none"))
        .col(c.t("yr.month"), Align::Left, 2)
        .col(c.t("yr.c_id"), Align::Left, CONTENT_WIDTH)
        .col(c.t("yr.c_action"), Align::Left, 2)
        .col(c.t("yr.c_applies"), Align::Left, 4)
        .col(c.t("yr.c_reason"), Align::Left, 5)
        .col(c.t("yr.c_approved"), Align::Left, 4)
        .col(c.t("yr.c_effect"), Align::Left, 5);
    for x in &c.a.corrections {
        t.push(vec![
            Cell::new(c.month(x.month)),
            Cell::new(x.correction_id.clone()).mono(),
            // The monthly report's words for the action and its local-time interval.
            Cell::new(crate::report::appendix::action_name(c.f.lang, &x.action)),
            Cell::new(match x.interval {
                Some((s, e)) => crate::report::sections::interval_text(c.f, s, e),
                None => x.applies_to.clone(),
            }),
            Cell::new(x.reason.clone()),
            Cell::new(format!(
                "{} {}",
                x.approved_by,
                c.f.local_opt(x.approved_at)
            )),
            // In the monthly report's words (its appendix C); as archived without them.
            Cell::new(if x.effects.is_empty() {
                x.effect.clone()
            } else {
                crate::report::appendix::describe_effects(c.f, &x.effects)
            }),
        ]);
    }
    section(
        "year-corrections",
        5,
        c.t("yr.sec_corrections"),
        vec![Block::Table(t)],
    )
}

pub(super) fn config_section(c: &C) -> Section {
    let mut t = Table::new("year-configs", c.t("yr.config_table"), c.t("none"))
        .col(c.t("yr.version"), Align::Left, 2)
        .col("SHA-256", Align::Left, 8)
        .col(c.t("yr.month"), Align::Left, 4);
    for x in &c.a.config_versions {
        t.push(vec![
            Cell::new(format!("{} {}", x.name, x.version)),
            Cell::new(x.sha256.clone()).mono(),
            Cell::new(c.months(&x.months)),
        ]);
    }
    section(
        "year-configs",
        6,
        c.t("yr.sec_config"),
        vec![Block::Table(t)],
    )
}

pub(super) fn method_appendix(c: &C) -> Section {
    Section {
        id: "appendix-method".into(),
        number: "A".into(),
        title: c.t("yr.sec_method").into(),
        blocks: ["yr.m1", "yr.m2", "yr.m3", "yr.m4", "yr.m5"]
            .iter()
            .map(|k| para(c.t(k)))
            .collect(),
    }
}

pub(super) fn provenance_appendix(c: &C) -> Section {
    let mut t = Table::new("year-provenance", c.t("yr.provenance_table"), c.t("none"))
        .col(c.t("yr.month"), Align::Left, CONTENT_WIDTH)
        .col(c.t("yr.path"), Align::Left, 3)
        .col("metrics.json SHA-256", Align::Left, 8)
        .col("manifest.json SHA-256", Align::Left, 8)
        .col(c.t("yr.tool"), Align::Left, CONTENT_WIDTH)
        .compact();
    for p in &c.a.provenance {
        t.push(vec![
            Cell::new(c.month(p.month.month())),
            Cell::new(p.path.clone()).mono(),
            Cell::new(p.metrics_sha256.clone()).mono(),
            Cell::new(p.manifest_sha256.clone()).mono(),
            Cell::new(p.tool_version.clone()),
        ]);
    }
    Section {
        id: "appendix-provenance".into(),
        number: "B".into(),
        title: c.t("yr.sec_provenance").into(),
        blocks: vec![Block::Table(t)],
    }
}
