//! Corrections (SPEC §3.4): auditable after-the-fact decisions applied to a *copy* of the
//! inputs, so the month can be measured twice (as measured, after corrections).
//!
//! Actions, by what they apply to:
//! - `exclude` on an id: the call, ticket or change is left out of every figure;
//! - `exclude` on an interval `[start, end)`: that time is removed from unavailable and
//!   degraded time (e.g. an outage agreed not to count); calls in it still count elsewhere;
//! - `reclassify` on an interval with value `degraded`: unavailable time in it becomes
//!   degraded (available with disturbance, agreement 3.8); other values are not applied;
//! - `set_field` on an interval: not applied (listed, unmatched);
//! - `reclassify` on an id: `value` is the new class: for a call its result (`ok`, …); for a
//!   ticket a priority (`1`–`4` or an alias), a type (`incident`/`problem`/`order`), an
//!   outage kind (`unavailable`/`degraded`) or `planned`/`unplanned`; for a change its status;
//! - `set_field` on an id: `value` is `field=value` with a canonical column name (SPEC §3);
//!   an empty value clears an optional field.
//!
//! Every correction is listed with its effect in words and whether it matched anything; one
//! that did not match or could not be applied changes nothing and says why.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::intervals::Span;
use super::model::AppliedCorrection;
use crate::calendar::timestamp::TimestampParser;
use crate::calendar::{Calendars, Ms};
use crate::inputs::{
    AppliesTo, CallResult, Calls, Change, ChangeStatus, Correction, CorrectionAction, Inputs,
    OutageKind, Ticket, TicketType, NO_ID, NO_TIME,
};

/// Interval corrections for the availability measure.
#[derive(Debug, Clone, Default)]
pub struct IntervalAdjust {
    /// Excluded from unavailable and degraded time; sorted and merged.
    pub excluded: Vec<Span>,
    /// Unavailable time in these counts as degraded instead; sorted and merged.
    pub degraded: Vec<Span>,
}

/// The corrected copy of the inputs and what was done.
pub struct Corrected {
    /// The corrected inputs. Their `calls` are a corrected copy only when `own_calls`;
    /// otherwise empty, and the calls as read stand (no correction touched a call).
    pub inputs: Inputs,
    pub own_calls: bool,
    pub adjust: IntervalAdjust,
    pub applied: Vec<AppliedCorrection>,
}

/// Apply every correction in input order. `unavailable_overlap(span)` tells how much
/// unavailable or degraded time (ms, as measured) lies in an interval.
pub fn apply(
    inputs: &Inputs,
    cals: &Calendars,
    unavailable_overlap: &dyn Fn(Span) -> i64,
) -> Corrected {
    // Calls hit by an id correction, found in one pass over the calls (issue 8: a scan per
    // correction cost seconds on a year of calls). Ids never change below, so the hits stay
    // valid; the calls are copied only when one is hit (a year of calls is over a GiB).
    let ids: HashSet<&str> = inputs
        .corrections
        .iter()
        .filter_map(|c| match &c.applies_to {
            AppliesTo::Id { id } => Some(id.as_str()),
            AppliesTo::Interval { .. } => None,
        })
        .collect();
    let mut call_hits: HashMap<&str, Vec<usize>> = HashMap::new();
    if !ids.is_empty() {
        for i in 0..inputs.calls.len() {
            let id = inputs.calls.ids.get(i);
            if ids.contains(id) {
                call_hits.entry(id).or_default().push(i);
            }
        }
    }
    let own_calls = !call_hits.is_empty();
    let mut out = Inputs {
        calls: if own_calls {
            inputs.calls.clone()
        } else {
            Calls::default()
        },
        tickets: inputs.tickets.clone(),
        changes: inputs.changes.clone(),
        corrections: inputs.corrections.clone(),
        files: inputs.files.clone(),
        rejects: inputs.rejects.clone(),
        data_end: inputs.data_end,
        preset: inputs.preset.clone(),
        mapping: inputs.mapping.clone(),
        warnings: inputs.warnings.clone(),
    };
    let mut parser = TimestampParser::new(cals.tz, cals.nonexistent, cals.ambiguous, vec![]);
    let mut drop_calls: BTreeSet<usize> = BTreeSet::new();
    let mut resort = false;
    let mut excluded = Vec::new();
    let mut degraded = Vec::new();
    let mut applied = Vec::with_capacity(inputs.corrections.len());
    for c in &inputs.corrections {
        let (applies_to, effect, matched) = match &c.applies_to {
            AppliesTo::Interval { start, end } => {
                let span = (*start, *end);
                let found = unavailable_overlap(span);
                let name = format!("{}/{}", iso(*start), iso(*end));
                let v = c.value.trim();
                match c.action {
                    CorrectionAction::Exclude => {
                        excluded.push(span);
                        (
                            name,
                            format!(
                                "excluded the interval from unavailable and degraded time ({} s of it as measured)",
                                found / 1000
                            ),
                            found > 0,
                        )
                    }
                    CorrectionAction::Reclassify if v.eq_ignore_ascii_case("degraded") => {
                        degraded.push(span);
                        (
                            name,
                            format!(
                                "unavailable time in the interval counts as degraded ({} s of unavailable or degraded time as measured)",
                                found / 1000
                            ),
                            found > 0,
                        )
                    }
                    _ => (
                        name,
                        format!(
                            "not applied: an interval can only be excluded or reclassified as `degraded` (action {}, value `{v}`)",
                            action_name(c.action)
                        ),
                        false,
                    ),
                }
            }
            AppliesTo::Id { id } => {
                let mut effects = Vec::new();
                let mut ctx = Apply {
                    parser: &mut parser,
                    correction: c,
                };
                for t in out.tickets.iter_mut().filter(|t| &t.ticket_id == id) {
                    effects.push(ctx.ticket(t));
                }
                if c.action == CorrectionAction::Exclude {
                    let before = out.tickets.len();
                    out.tickets.retain(|t| &t.ticket_id != id);
                    debug_assert!(before >= out.tickets.len());
                }
                for ch in out.changes.iter_mut().filter(|x| &x.change_id == id) {
                    effects.push(ctx.change(ch));
                }
                if c.action == CorrectionAction::Exclude {
                    out.changes.retain(|x| &x.change_id != id);
                }
                for &i in call_hits.get(id.as_str()).map_or(&[][..], Vec::as_slice) {
                    let (e, drop, moved) = ctx.call(&mut out.calls, i);
                    effects.push(e);
                    if drop {
                        drop_calls.insert(i);
                    }
                    resort |= moved;
                }
                let matched = effects.iter().any(|e| e.is_ok());
                let effect = if effects.is_empty() {
                    format!("no call, ticket or change has id `{id}`: nothing changed")
                } else {
                    effects
                        .into_iter()
                        .map(|e| e.unwrap_or_else(|why| format!("not applied: {why}")))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                (id.clone(), effect, matched)
            }
        };
        applied.push(AppliedCorrection {
            correction_id: c.correction_id.clone(),
            applies_to,
            action: action_name(c.action).to_string(),
            value: c.value.clone(),
            reason: c.reason.clone(),
            approved_by: c.approved_by.clone(),
            approved_at: c.approved_at,
            effect,
            matched,
        });
    }
    if !drop_calls.is_empty() || resort {
        out.calls = rebuild_calls(&out.calls, &drop_calls);
    }
    Corrected {
        inputs: out,
        own_calls,
        adjust: IntervalAdjust {
            excluded: super::intervals::union(excluded),
            degraded: super::intervals::union(degraded),
        },
        applied,
    }
}

fn action_name(a: CorrectionAction) -> &'static str {
    match a {
        CorrectionAction::Exclude => "exclude",
        CorrectionAction::Reclassify => "reclassify",
        CorrectionAction::SetField => "set_field",
    }
}

/// RFC 3339 UTC text of an instant (an identifier for the corrections list, not a display).
fn iso(t: Ms) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| t.to_string())
}

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

struct Apply<'a, 'p> {
    parser: &'p mut TimestampParser,
    correction: &'a Correction,
}

type Effect = Result<String, String>;

impl Apply<'_, '_> {
    fn field_value(&self) -> Result<(String, String), String> {
        let v = &self.correction.value;
        let (f, x) = v
            .split_once('=')
            .ok_or_else(|| format!("set_field value `{v}` is not `field=value`"))?;
        Ok((f.trim().to_lowercase(), x.trim().to_string()))
    }

    fn time(&mut self, s: &str) -> Result<Option<Ms>, String> {
        if s.is_empty() {
            return Ok(None);
        }
        self.parser.parse(s).map(|(t, _)| Some(t)).map_err(|e| e.0)
    }

    fn ticket(&mut self, t: &mut Ticket) -> Effect {
        let id = t.ticket_id.clone();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => Ok(format!("excluded ticket {id}")),
            CorrectionAction::Reclassify => {
                if let Some(p) = parse_priority(&v) {
                    let old = t.priority.map_or("none".to_string(), |p| p.to_string());
                    t.priority = Some(p);
                    Ok(format!("ticket {id}: priority {old} → {p}"))
                } else if let Some(k) = parse_type(&v) {
                    t.kind = k;
                    Ok(format!("ticket {id}: type → {}", k.as_str()))
                } else if let Some(k) = parse_kind(&v) {
                    t.outage_kind = k;
                    Ok(format!("ticket {id}: outage kind → {v}"))
                } else if v.eq_ignore_ascii_case("planned") || v.eq_ignore_ascii_case("unplanned") {
                    t.planned = v.eq_ignore_ascii_case("planned");
                    Ok(format!("ticket {id}: outage → {}", v.to_lowercase()))
                } else {
                    Err(format!(
                        "`{v}` is not a priority, ticket type, outage kind or planned/unplanned"
                    ))
                }
            }
            CorrectionAction::SetField => {
                let (f, x) = self.field_value()?;
                let bad = |what: &str| format!("`{x}` is not {what}");
                match f.as_str() {
                    "registered_at" => {
                        t.registered_at = self.time(&x)?.ok_or("registered_at cannot be cleared")?
                    }
                    "responded_at" => t.responded_at = self.time(&x)?,
                    "resolved_at" => t.resolved_at = self.time(&x)?,
                    "closed_at" => t.closed_at = self.time(&x)?,
                    "outage_start" => t.outage_start = self.time(&x)?,
                    "outage_end" => t.outage_end = self.time(&x)?,
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
                    other => return Err(format!("tickets have no settable field `{other}`")),
                }
                Ok(format!("ticket {id}: {f} set to `{x}`"))
            }
        }
    }

    fn change(&mut self, c: &mut Change) -> Effect {
        let id = c.change_id.clone();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => Ok(format!("excluded change {id}")),
            CorrectionAction::Reclassify => {
                let s = ChangeStatus::parse(&v)
                    .ok_or_else(|| format!("`{v}` is not a change status"))?;
                c.status = s;
                Ok(format!("change {id}: status → {}", s.as_str()))
            }
            CorrectionAction::SetField => {
                let (f, x) = self.field_value()?;
                let bad = |what: &str| format!("`{x}` is not {what}");
                match f.as_str() {
                    "notified_at" => c.notified_at = self.time(&x)?,
                    "scheduled_start" => c.scheduled_start = self.time(&x)?,
                    "scheduled_end" => c.scheduled_end = self.time(&x)?,
                    "actual_start" => c.actual_start = self.time(&x)?,
                    "actual_end" => c.actual_end = self.time(&x)?,
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
                    other => return Err(format!("changes have no settable field `{other}`")),
                }
                Ok(format!("change {id}: {f} set to `{x}`"))
            }
        }
    }

    /// Returns (effect, drop the call, its received_at moved).
    fn call(&mut self, calls: &mut Calls, i: usize) -> (Effect, bool, bool) {
        let id = calls.ids.get(i).to_string();
        let v = self.correction.value.trim().to_string();
        match self.correction.action {
            CorrectionAction::Exclude => (Ok(format!("excluded call {id}")), true, false),
            CorrectionAction::Reclassify => match CallResult::parse(&v) {
                Some(r) => {
                    let old = calls.result[i];
                    calls.result[i] = r;
                    (
                        Ok(format!(
                            "call {id}: result {} → {}",
                            old.as_str(),
                            r.as_str()
                        )),
                        false,
                        false,
                    )
                }
                None => (Err(format!("`{v}` is not a call result")), false, false),
            },
            CorrectionAction::SetField => {
                let r = self.call_field(calls, i);
                let moved = matches!(&r, Ok(f) if f == "received_at");
                (r.map(|f| format!("call {id}: {f} set")), false, moved)
            }
        }
    }

    fn call_field(&mut self, calls: &mut Calls, i: usize) -> Result<String, String> {
        let (f, x) = self.field_value()?;
        let bad = |what: &str| format!("`{x}` is not {what}");
        match f.as_str() {
            "received_at" => {
                calls.received[i] = self.time(&x)?.ok_or("received_at cannot be cleared")?
            }
            "responded_at" => calls.responded[i] = self.time(&x)?.unwrap_or(NO_TIME),
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
            other => return Err(format!("calls have no settable field `{other}`")),
        }
        Ok(f)
    }
}

/// A copy of `calls` without the rows in `drop`, re-sorted by (received, call_id).
fn rebuild_calls(calls: &Calls, drop: &BTreeSet<usize>) -> Calls {
    let mut order: Vec<usize> = (0..calls.len()).filter(|i| !drop.contains(i)).collect();
    order.sort_by(|&a, &b| {
        (calls.received[a], calls.ids.get(a)).cmp(&(calls.received[b], calls.ids.get(b)))
    });
    let mut out = Calls {
        municipalities: calls.municipalities.clone(),
        failed_sets: calls.failed_sets.clone(),
        ..Calls::default()
    };
    for i in order {
        out.received.push(calls.received[i]);
        out.responded.push(calls.responded[i]);
        out.result.push(calls.result[i]);
        out.persons.push(calls.persons[i]);
        out.municipality.push(calls.municipality[i]);
        out.failed.push(calls.failed[i]);
        out.ids.push(calls.ids.get(i));
    }
    out
}
