//! The rows of breaches.csv: every outage, every ticket breach (resolved, and open tickets
//! already past their target), every call over Tmax that the metrics list as evidence, and
//! every change breaking the notice or overrun rules — one row each. Times are local RFC 3339
//! with their offset; durations exact integer milliseconds (as the metrics measured them).

use chrono::{SecondsFormat, TimeZone};
use serde::Serialize;

use super::Ctx;
use crate::calendar::Ms;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreachRecord {
    /// outage | incident | problem | call | change
    pub kind: String,
    /// Ticket, call or change id; for an outage its number and references.
    pub id: String,
    pub priority: String,
    /// unavailable | response | resolution | resolution_open (open, past its resolution target)
    /// | open_past_target (open, past its response target: target and actual are the response's)
    /// | over_tmax | short_notice | overrun_not_notified
    pub measure: String,
    pub start: String,
    pub end: String,
    /// The target as written in the config (empty when the row is evidence, e.g. an outage).
    pub target: String,
    pub target_ms: String,
    pub actual_ms: String,
    pub excess_ms: String,
    pub sources: String,
    pub text: String,
}

impl BreachRecord {
    pub const HEADER: &'static [&'static str] = &[
        "kind",
        "id",
        "priority",
        "measure",
        "start",
        "end",
        "target",
        "target_ms",
        "actual_ms",
        "excess_ms",
        "sources",
        "text",
    ];

    pub fn cells(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.id.clone(),
            self.priority.clone(),
            self.measure.clone(),
            self.start.clone(),
            self.end.clone(),
            self.target.clone(),
            self.target_ms.clone(),
            self.actual_ms.clone(),
            self.excess_ms.clone(),
            self.sources.clone(),
            self.text.clone(),
        ]
    }
}

fn ts(tz: chrono_tz::Tz, t: Option<Ms>) -> String {
    t.and_then(|t| tz.timestamp_millis_opt(t).single())
        .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, false))
        .unwrap_or_default()
}

fn ms(ms: Option<i64>) -> String {
    ms.map(|ms| ms.to_string()).unwrap_or_default()
}

fn prio(p: Option<u8>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

pub(crate) fn collect(ctx: &Ctx<'_>) -> Vec<BreachRecord> {
    let tz = ctx.f.tz;
    let m = ctx.metrics;
    let mut out = Vec::new();
    for o in &m.availability.outages {
        let mut refs = o.incident_ids.clone();
        refs.extend(o.change_ids.iter().cloned());
        let sources: Vec<String> = o
            .sources
            .iter()
            .map(|s| {
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect();
        let mut text = o.cause.clone();
        if !o.action_plan.is_empty() {
            if !text.is_empty() {
                text.push_str(" | ");
            }
            text.push_str(&o.action_plan);
        }
        out.push(BreachRecord {
            kind: "outage".into(),
            id: if refs.is_empty() {
                o.outage_no.to_string()
            } else {
                format!("{} {}", o.outage_no, refs.join(";"))
            },
            priority: String::new(),
            measure: "unavailable".into(),
            start: ts(tz, Some(o.start)),
            end: ts(tz, Some(o.end)),
            target: String::new(),
            target_ms: String::new(),
            actual_ms: ms(Some(o.open_ms)),
            excess_ms: String::new(),
            sources: sources.join(";"),
            text,
        });
    }
    for area in [&m.incidents, &m.problems] {
        for b in &area.breaches {
            out.push(BreachRecord {
                kind: b.kind.clone(),
                id: b.ticket_id.clone(),
                priority: prio(b.priority),
                measure: b.measure.as_str().to_string(),
                start: ts(tz, Some(b.registered_at)),
                end: ts(tz, b.ended_at),
                target: b.target.to_string(),
                target_ms: ms(Some(b.target_ms)),
                actual_ms: ms(b.actual_ms),
                excess_ms: ms(b.excess_ms),
                sources: String::new(),
                text: b.summary.clone(),
            });
        }
    }
    for (kind, area) in [("incident", &m.incidents), ("problem", &m.problems)] {
        for t in area.open_at_month_end.iter().filter(|t| t.already_breached) {
            // One row per target already past, each against that target: the resolution target
            // (elapsed on its clock to month end) and the response target (to the response, or
            // to month end without one). Metrics without the per-target flags: the resolution
            // target when the elapsed time shows it, otherwise an earlier one.
            let flagged = t.response_breached || t.resolution_breached;
            let over = t
                .resolution_target_ms
                .map(|x| t.resolution_ms.unwrap_or(t.elapsed_ms) - x)
                .filter(|x| *x > 0);
            let resolution = t.resolution_breached || (!flagged && over.is_some());
            let row = |measure: &str, end: Option<Ms>, target: Option<i64>, actual: Option<i64>| {
                BreachRecord {
                    kind: kind.into(),
                    id: t.ticket_id.clone(),
                    priority: prio(t.priority),
                    measure: measure.into(),
                    start: ts(tz, Some(t.registered_at)),
                    end: ts(tz, end),
                    target: String::new(),
                    target_ms: ms(target),
                    actual_ms: ms(actual),
                    excess_ms: ms(target.zip(actual).map(|(x, a)| a - x).filter(|x| *x > 0)),
                    sources: String::new(),
                    text: t.summary.clone(),
                }
            };
            if resolution {
                out.push(row(
                    "resolution_open",
                    Some(m.period_end),
                    t.resolution_target_ms,
                    Some(t.resolution_ms.unwrap_or(t.elapsed_ms)),
                ));
            }
            if t.response_breached {
                out.push(row(
                    "open_past_target",
                    Some(
                        t.responded_at
                            .filter(|&r| r < m.period_end)
                            .unwrap_or(m.period_end),
                    ),
                    t.response_target_ms,
                    t.response_ms,
                ));
            } else if !flagged && !resolution {
                out.push(row(
                    "open_past_target",
                    Some(m.period_end),
                    t.resolution_target_ms,
                    Some(t.elapsed_ms),
                ));
            }
        }
    }
    for c in &m.performance.over_tmax_calls {
        out.push(BreachRecord {
            kind: "call".into(),
            id: c.call_id.clone(),
            priority: String::new(),
            measure: "over_tmax".into(),
            start: ts(tz, Some(c.received_at)),
            end: ts(tz, Some(c.received_at + c.response_ms)),
            target: format!("Tmax({} p)", c.persons),
            target_ms: ms(Some(c.tmax_ms)),
            actual_ms: ms(Some(c.response_ms)),
            excess_ms: ms(Some(c.response_ms - c.tmax_ms)),
            sources: String::new(),
            text: String::new(),
        });
    }
    for c in &m.changes.changes {
        if c.short_notice {
            let notice = match (c.notified_at, c.scheduled_start) {
                (Some(n), Some(s)) => Some(s - n),
                _ => None,
            };
            out.push(BreachRecord {
                kind: "change".into(),
                id: c.change_id.clone(),
                priority: prio(c.priority),
                measure: "short_notice".into(),
                start: ts(tz, c.notified_at),
                end: ts(tz, c.scheduled_start),
                target: format!("{} d", ctx.config.config.changes.notice_days),
                target_ms: String::new(),
                actual_ms: ms(notice),
                excess_ms: String::new(),
                sources: String::new(),
                text: c.title.clone(),
            });
        }
        if c.overrun_ms > 0 && !c.overrun_notified {
            out.push(BreachRecord {
                kind: "change".into(),
                id: c.change_id.clone(),
                priority: prio(c.priority),
                measure: "overrun_not_notified".into(),
                start: ts(tz, c.scheduled_end),
                end: ts(tz, c.actual_end),
                target: String::new(),
                target_ms: String::new(),
                actual_ms: ms(Some(c.overrun_ms)),
                excess_ms: String::new(),
                sources: String::new(),
                text: c.title.clone(),
            });
        }
    }
    out
}
