//! Applying one correction to one matched row (a ticket, a change or a call): the effect,
//! or why it could not apply (M9.1). Split from [`super`], which walks the corrections.

use super::super::model::CorrectionEffect;
use crate::calendar::timestamp::TimestampParser;
use crate::calendar::Ms;
use crate::inputs::{
    CallResult, Calls, Change, ChangeStatus, Correction, CorrectionAction, OutageKind, Ticket,
    TicketType, NO_ID, NO_TIME,
};

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "ja" => Some(true),
        "false" | "0" | "no" | "nej" | "" => Some(false),
        _ => None,
    }
}

fn parse_priority(s: &str) -> Option<u8> {
    match s.trim().to_lowercase().as_str() {
        "1" | "kritisk" | "critical" => Some(1),
        "2" | "hög" | "high" => Some(2),
        "3" | "medel" | "medium" => Some(3),
        "4" | "låg" | "low" => Some(4),
        _ => None,
    }
}

fn parse_type(s: &str) -> Option<TicketType> {
    match s.trim().to_lowercase().as_str() {
        "incident" => Some(TicketType::Incident),
        "problem" => Some(TicketType::Problem),
        "order" => Some(TicketType::Order),
        _ => None,
    }
}

fn parse_kind(s: &str) -> Option<OutageKind> {
    match s.trim().to_lowercase().as_str() {
        "unavailable" => Some(OutageKind::Unavailable),
        "degraded" => Some(OutageKind::Degraded),
        _ => None,
    }
}

pub(super) struct Apply<'a, 'p> {
    pub(super) parser: &'p mut TimestampParser,
    pub(super) correction: &'a Correction,
}

/// What a correction did to one matched row, or (the row's kind, why) it did not apply.
pub(super) type Effect = Result<CorrectionEffect, (&'static str, Why)>;

/// Why a correction did not apply to a row: a code for the report's words, the field and
/// value concerned, and the English text of metrics.json's `effect`.
#[derive(Debug, Clone)]
pub(super) struct Why {
    /// `bad_value` | `cannot_clear` | `unknown_field` | `not_field_value` | `bad_class`.
    pub(super) code: &'static str,
    pub(super) field: String,
    pub(super) value: String,
    pub(super) english: String,
}

impl Why {
    fn new(code: &'static str, field: &str, value: &str, english: String) -> Self {
        Why {
            code,
            field: field.to_string(),
            value: value.to_string(),
            english,
        }
    }
    /// `value` is not `what` (English, e.g. "a priority") for `field`.
    fn bad(field: &str, value: &str, what: &str) -> Self {
        Why::new(
            "bad_value",
            field,
            value,
            format!("`{value}` is not {what}"),
        )
    }
}

impl Apply<'_, '_> {
    fn field_value(&self) -> Result<(String, String), Why> {
        let v = &self.correction.value;
        let (f, x) = v.split_once('=').ok_or_else(|| {
            Why::new(
                "not_field_value",
                "",
                v,
                format!("set_field value `{v}` is not `field=value`"),
            )
        })?;
        Ok((f.trim().to_lowercase(), x.trim().to_string()))
    }

    fn time(&mut self, field: &str, s: &str) -> Result<Option<Ms>, Why> {
        if s.is_empty() {
            return Ok(None);
        }
        self.parser
            .parse(s)
            .map(|(t, _)| Some(t))
            .map_err(|e| Why::new("bad_value", field, s, e.0))
    }

    /// A time that cannot be cleared.
    fn required_time(&mut self, field: &str, s: &str) -> Result<Ms, Why> {
        self.time(field, s)?.ok_or_else(|| {
            Why::new(
                "cannot_clear",
                field,
                s,
                format!("{field} cannot be cleared"),
            )
        })
    }

    pub(super) fn ticket(&mut self, t: &mut Ticket) -> Effect {
        self.ticket_effect(t).map_err(|w| ("ticket", w))
    }

    fn ticket_effect(&mut self, t: &mut Ticket) -> Result<CorrectionEffect, Why> {
        use CorrectionEffect as E;
        let id = t.ticket_id.clone();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => Ok(E::Excluded {
                subject: "ticket".into(),
                id,
            }),
            CorrectionAction::Reclassify => {
                if let Some(p) = parse_priority(&v) {
                    let from = t.priority;
                    t.priority = Some(p);
                    Ok(E::TicketPriority { id, from, to: p })
                } else if let Some(k) = parse_type(&v) {
                    t.kind = k;
                    Ok(E::TicketType {
                        id,
                        to: k.as_str().to_string(),
                    })
                } else if let Some(k) = parse_kind(&v) {
                    t.outage_kind = k;
                    Ok(E::OutageKind { id, to: v })
                } else if v.eq_ignore_ascii_case("planned") || v.eq_ignore_ascii_case("unplanned") {
                    t.planned = v.eq_ignore_ascii_case("planned");
                    Ok(E::Planned {
                        id,
                        planned: t.planned,
                    })
                } else {
                    Err(Why::new(
                        "bad_class",
                        "",
                        &v,
                        format!(
                            "`{v}` is not a priority, ticket type, outage kind or planned/unplanned"
                        ),
                    ))
                }
            }
            CorrectionAction::SetField => {
                let (f, x) = self.field_value()?;
                let bad = |what: &str| Why::bad(&f, &x, what);
                match f.as_str() {
                    "registered_at" => t.registered_at = self.required_time(&f, &x)?,
                    "responded_at" => t.responded_at = self.time(&f, &x)?,
                    "resolved_at" => t.resolved_at = self.time(&f, &x)?,
                    "closed_at" => t.closed_at = self.time(&f, &x)?,
                    "outage_start" => t.outage_start = self.time(&f, &x)?,
                    "outage_end" => t.outage_end = self.time(&f, &x)?,
                    "priority" => {
                        t.priority = if x.is_empty() {
                            None
                        } else {
                            Some(parse_priority(&x).ok_or_else(|| bad("a priority"))?)
                        }
                    }
                    "type" => t.kind = parse_type(&x).ok_or_else(|| bad("a ticket type"))?,
                    "outage_kind" => {
                        t.outage_kind = parse_kind(&x).ok_or_else(|| bad("an outage kind"))?
                    }
                    "planned" => t.planned = parse_bool(&x).ok_or_else(|| bad("a boolean"))?,
                    "security" => t.security = parse_bool(&x).ok_or_else(|| bad("a boolean"))?,
                    "major" => t.major = parse_bool(&x).ok_or_else(|| bad("a boolean"))?,
                    "summary" => t.summary = x.clone(),
                    "cause" => t.cause = x.clone(),
                    "action_plan" => t.action_plan = x.clone(),
                    "provider" => t.provider = x.clone(),
                    other => {
                        return Err(Why::new(
                            "unknown_field",
                            other,
                            &x,
                            format!("tickets have no settable field `{other}`"),
                        ))
                    }
                }
                Ok(E::FieldSet {
                    subject: "ticket".into(),
                    id,
                    field: f,
                    value: x,
                })
            }
        }
    }

    pub(super) fn change(&mut self, c: &mut Change) -> Effect {
        self.change_effect(c).map_err(|w| ("change", w))
    }

    fn change_effect(&mut self, c: &mut Change) -> Result<CorrectionEffect, Why> {
        use CorrectionEffect as E;
        let id = c.change_id.clone();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => Ok(E::Excluded {
                subject: "change".into(),
                id,
            }),
            CorrectionAction::Reclassify => {
                let s = ChangeStatus::parse(&v).ok_or_else(|| {
                    Why::new(
                        "bad_class",
                        "status",
                        &v,
                        format!("`{v}` is not a change status"),
                    )
                })?;
                c.status = s;
                Ok(E::ChangeStatus {
                    id,
                    to: s.as_str().to_string(),
                })
            }
            CorrectionAction::SetField => {
                let (f, x) = self.field_value()?;
                let bad = |what: &str| Why::bad(&f, &x, what);
                match f.as_str() {
                    "notified_at" => c.notified_at = self.time(&f, &x)?,
                    "scheduled_start" => c.scheduled_start = self.time(&f, &x)?,
                    "scheduled_end" => c.scheduled_end = self.time(&f, &x)?,
                    "actual_start" => c.actual_start = self.time(&f, &x)?,
                    "actual_end" => c.actual_end = self.time(&f, &x)?,
                    "status" => {
                        c.status = ChangeStatus::parse(&x).ok_or_else(|| bad("a status"))?
                    }
                    "in_release" => {
                        c.in_release = parse_bool(&x).ok_or_else(|| bad("a boolean"))?
                    }
                    "overrun_notified" => {
                        c.overrun_notified = parse_bool(&x).ok_or_else(|| bad("a boolean"))?
                    }
                    "priority" => {
                        c.priority = if x.is_empty() {
                            None
                        } else {
                            Some(parse_priority(&x).ok_or_else(|| bad("a priority"))?)
                        }
                    }
                    "title" => c.title = x.clone(),
                    "outcome" => c.outcome = x.clone(),
                    other => {
                        return Err(Why::new(
                            "unknown_field",
                            other,
                            &x,
                            format!("changes have no settable field `{other}`"),
                        ))
                    }
                }
                Ok(E::FieldSet {
                    subject: "change".into(),
                    id,
                    field: f,
                    value: x,
                })
            }
        }
    }

    /// Returns (effect, drop the call, its received_at moved).
    pub(super) fn call(&mut self, calls: &mut Calls, i: usize) -> (Effect, bool, bool) {
        use CorrectionEffect as E;
        let id = calls.ids.get(i).to_string();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => (
                Ok(E::Excluded {
                    subject: "call".into(),
                    id,
                }),
                true,
                false,
            ),
            CorrectionAction::Reclassify => match CallResult::parse(&v) {
                Some(r) => {
                    let old = calls.result[i];
                    calls.result[i] = r;
                    (
                        Ok(E::CallResult {
                            id,
                            from: old.as_str().to_string(),
                            to: r.as_str().to_string(),
                        }),
                        false,
                        false,
                    )
                }
                None => (
                    Err((
                        "call",
                        Why::new(
                            "bad_class",
                            "result",
                            &v,
                            format!("`{v}` is not a call result"),
                        ),
                    )),
                    false,
                    false,
                ),
            },
            CorrectionAction::SetField => match self.call_field(calls, i) {
                Ok((f, x)) => {
                    let moved = f == "received_at";
                    (
                        Ok(E::FieldSet {
                            subject: "call".into(),
                            id,
                            field: f,
                            value: x,
                        }),
                        false,
                        moved,
                    )
                }
                Err(w) => (Err(("call", w)), false, false),
            },
        }
    }

    /// The field and value set.
    fn call_field(&mut self, calls: &mut Calls, i: usize) -> Result<(String, String), Why> {
        let (f, x) = self.field_value()?;
        let bad = |what: &str| Why::bad(&f, &x, what);
        match f.as_str() {
            "received_at" => calls.received[i] = self.required_time(&f, &x)?,
            "responded_at" => calls.responded[i] = self.time(&f, &x)?.unwrap_or(NO_TIME),
            "result" => calls.result[i] = CallResult::parse(&x).ok_or_else(|| bad("a result"))?,
            "persons" => {
                calls.persons[i] = x
                    .parse::<u16>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| bad("a person count ≥ 1"))?
            }
            "municipality" => {
                calls.municipality[i] = if x.is_empty() {
                    NO_ID
                } else {
                    match calls.municipalities.iter().position(|m| *m == x) {
                        Some(k) => k as u32,
                        None => {
                            calls.municipalities.push(x.clone());
                            (calls.municipalities.len() - 1) as u32
                        }
                    }
                }
            }
            "failed_providers" => {
                let mut set: Vec<String> = x
                    .split(';')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                set.sort();
                set.dedup();
                calls.failed[i] = match calls.failed_sets.iter().position(|s| *s == set) {
                    Some(k) => k as u32,
                    None => {
                        calls.failed_sets.push(set);
                        (calls.failed_sets.len() - 1) as u32
                    }
                }
            }
            other => {
                return Err(Why::new(
                    "unknown_field",
                    other,
                    &x,
                    format!("calls have no settable field `{other}`"),
                ))
            }
        }
        Ok((f, x))
    }
}
