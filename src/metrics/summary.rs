//! The facts page 1 opens with ("Månadens sammanfattning"), computed from the
//! figures only so the text is deterministic: every missed target and by how much, every
//! outage with its date and length, every open ticket already past a target, every page-1
//! figure a correction changed (as measured → after corrections), the targets that could not be
//! measured, and the report's date. The report model only phrases them.

use super::model::{AppliedCorrection, OpenTicket, Outage, TargetStatus, TicketArea};
pub use super::model::{
    CorrectedFigure, MissedTarget, NotMeasured, OpenPastTarget, OutageFact, Summary,
};
use super::{Ctx, Kpis};

/// What the summary is built from: the reported figures, and the figures as measured when
/// corrections were given.
pub struct Input<'a> {
    pub kpis: &'a Kpis,
    pub targets: &'a [TargetStatus],
    pub as_measured: Option<(&'a Kpis, &'a [TargetStatus])>,
    pub outages: &'a [Outage],
    pub incidents: &'a TicketArea,
    pub problems: &'a TicketArea,
    pub corrections: &'a [AppliedCorrection],
}

pub fn build(ctx: &Ctx, x: &Input<'_>) -> Summary {
    let missed = x
        .targets
        .iter()
        .filter(|t| t.met == Some(false))
        .filter_map(|t| {
            let a = t.actual?;
            let by = t.comparison.shortfall(a, t.target);
            Some(MissedTarget {
                key: t.key.clone(),
                comparison: t.comparison,
                target: t.target,
                actual: a,
                by,
            })
        })
        .collect();
    let not_measured = x
        .targets
        .iter()
        .filter(|t| t.met.is_none())
        .map(|t| NotMeasured {
            key: t.key.clone(),
            reason: t.not_measured.clone().unwrap_or_else(|| "no_data".into()),
            detail: t.detail.clone(),
        })
        .collect();

    let mut outages: Vec<OutageFact> = Vec::new();
    for o in x.outages {
        match outages.last_mut() {
            Some(f) if f.outage_no == o.outage_no => {
                f.end = f.end.max(o.end);
                f.open_ms += o.open_ms;
                f.wall_ms += o.wall_ms;
                for s in &o.sources {
                    if !f.sources.contains(s) {
                        f.sources.push(*s);
                    }
                }
                f.sources.sort();
                extend_unique(&mut f.incident_ids, &o.incident_ids);
                extend_unique(&mut f.change_ids, &o.change_ids);
            }
            _ => outages.push(OutageFact {
                outage_no: o.outage_no,
                start: o.start,
                end: o.end,
                open_ms: o.open_ms,
                wall_ms: o.wall_ms,
                sources: o.sources.clone(),
                incident_ids: o.incident_ids.clone(),
                change_ids: o.change_ids.clone(),
            }),
        }
    }

    let mut open_past_target = Vec::new();
    for (kind, area) in [("incident", x.incidents), ("problem", x.problems)] {
        for o in &area.open_at_month_end {
            push_open(&mut open_past_target, kind, o);
        }
    }

    let mut corrected = Vec::new();
    if let Some((kpis0, targets0)) = x.as_measured {
        let secs = |k: &Kpis| {
            [
                ("unavailable_seconds", k.unavailable_seconds),
                ("available_seconds", k.open_seconds - k.unavailable_seconds),
            ]
        };
        for ((key, before), (_, after)) in secs(kpis0).into_iter().zip(secs(x.kpis)) {
            if before != after {
                corrected.push(CorrectedFigure {
                    key: key.into(),
                    as_measured: Some(before as f64),
                    corrected: Some(after as f64),
                });
            }
        }
        for t in x.targets {
            let before = targets0.iter().find(|b| b.key == t.key);
            if let Some(b) = before {
                if b.actual != t.actual {
                    corrected.push(CorrectedFigure {
                        key: t.key.clone(),
                        as_measured: b.actual,
                        corrected: t.actual,
                    });
                }
            }
        }
    }

    Summary {
        report_date: report_date(ctx, x.corrections)
            .format("%Y-%m-%d")
            .to_string(),
        met: x.targets.iter().filter(|t| t.met == Some(true)).count() as u64,
        missed,
        not_measured,
        outages,
        open_past_target,
        corrected,
    }
}

fn extend_unique(to: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !to.contains(s) {
            to.push(s.clone());
        }
    }
}

fn push_open(out: &mut Vec<OpenPastTarget>, kind: &str, o: &OpenTicket) {
    if o.response_breached {
        out.push(OpenPastTarget {
            ticket_id: o.ticket_id.clone(),
            kind: kind.into(),
            priority: o.priority,
            measure: "response".into(),
            actual_ms: o.response_ms,
            target_ms: o.response_target_ms,
        });
    }
    if o.resolution_breached {
        out.push(OpenPastTarget {
            ticket_id: o.ticket_id.clone(),
            kind: kind.into(),
            priority: o.priority,
            measure: "resolution".into(),
            actual_ms: o.resolution_ms,
            target_ms: o.resolution_target_ms,
        });
    }
}

/// The later of the first day after the month and the local date of the latest approval of an
/// applied correction that concerns the report's year up to the month's end (its figures and
/// the year-to-date ones); one concerning only later months does not date the report.
pub fn report_date(ctx: &Ctx, corrections: &[AppliedCorrection]) -> chrono::NaiveDate {
    let day_after = crate::calendar::local_date(ctx.cals.tz, ctx.end);
    let (jan1, _) = crate::calendar::month_bounds(ctx.cals.tz, ctx.year, 1);
    corrections
        .iter()
        .filter(|c| c.matched)
        .filter(|c| c.concerns.is_none_or(|(a, b)| a < ctx.end && b >= jan1))
        .filter_map(|c| c.approved_at)
        .map(|t| crate::calendar::local_date(ctx.cals.tz, t))
        .fold(day_after, std::cmp::max)
}
