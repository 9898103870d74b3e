//! Corrections (M9.1): auditable after-the-fact decisions applied to a *copy* of the
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
//! - `set_field` on an id: `value` is `field=value` with a canonical column name (M2.4);
//!   an empty value clears an optional field.
//!
//! Every correction is listed with its effect in words and whether it matched anything; one
//! that did not match or could not be applied changes nothing and says why.

mod rows;

use std::collections::{BTreeSet, HashMap};

use rows::Apply;

use super::intervals::Span;
use super::model::{AppliedCorrection, CorrectionEffect};
use crate::calendar::timestamp::TimestampParser;
use crate::calendar::{Calendars, Ms};
use crate::inputs::{AppliesTo, Calls, Correction, CorrectionAction, Inputs};

/// Interval corrections for the availability measure.
#[derive(Debug, Clone, Default)]
pub struct IntervalAdjust {
    /// Excluded from unavailable and degraded time; sorted and merged.
    pub excluded: Vec<Span>,
    /// The excluded intervals as given, with the correction that excluded each (to mark the
    /// intervals they overlap where the report lists them).
    pub excluded_by: Vec<(Span, String)>,
    /// Unavailable time in these counts as degraded instead; sorted and merged.
    pub degraded: Vec<Span>,
    /// The measurement before corrections (the year-to-date figures then take archived
    /// months' spans as measured).
    pub as_measured: bool,
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
    // Calls hit by an id correction, found in one pass over the calls (a scan per
    // correction cost seconds on a year of calls). Ids never change below, so the hits stay
    // valid; the calls are copied only when one is hit (a year of calls is over a GiB).
    // A fast hash: the set holds the corrections' few ids, and a call id crafted to collide
    // costs one comparison more, not a degenerate table.
    let ids = id_targets(&inputs.corrections);
    let mut call_hits: HashMap<&str, Vec<usize>> = HashMap::new();
    if !ids.is_empty() {
        use rayon::prelude::*;
        let calls = &inputs.calls;
        // On every core; the hits come back in call order.
        let hits: Vec<usize> = (0..calls.len())
            .into_par_iter()
            .filter(|&i| ids.contains(calls.ids.get(i)))
            .collect();
        for i in hits {
            call_hits.entry(calls.ids.get(i)).or_default().push(i);
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
        spilled: inputs.spilled.clone(),
    };
    let mut parser = TimestampParser::new(cals.tz, cals.nonexistent, cals.ambiguous, vec![]);
    let mut drop_calls: BTreeSet<usize> = BTreeSet::new();
    let mut resort = false;
    let mut excluded = Vec::new();
    let mut excluded_by = Vec::new();
    let mut degraded = Vec::new();
    let mut applied = Vec::with_capacity(inputs.corrections.len());
    for c in &inputs.corrections {
        let (applies_to, effects, matched, concerns) = match &c.applies_to {
            AppliesTo::Interval { start, end } => {
                let span = (*start, *end);
                let found = unavailable_overlap(span);
                let name = format!("{}/{}", iso(*start), iso(*end));
                let v = c.value.trim();
                match c.action {
                    CorrectionAction::Exclude => {
                        excluded.push(span);
                        excluded_by.push((span, c.correction_id.clone()));
                        (
                            name,
                            vec![CorrectionEffect::IntervalExcluded { measured_ms: found }],
                            found > 0,
                            Some(span),
                        )
                    }
                    CorrectionAction::Reclassify if v.eq_ignore_ascii_case("degraded") => {
                        degraded.push(span);
                        (
                            name,
                            vec![CorrectionEffect::IntervalDegraded { measured_ms: found }],
                            found > 0,
                            Some(span),
                        )
                    }
                    _ => (
                        name,
                        vec![CorrectionEffect::IntervalNotApplied {
                            action: action_name(c.action).to_string(),
                            value: v.to_string(),
                        }],
                        false,
                        Some(span),
                    ),
                }
            }
            AppliesTo::Id { id } => {
                let mut effects = Vec::new();
                let mut ctx = Apply {
                    parser: &mut parser,
                    correction: c,
                };
                // The instants that place each matched row in a month, before and after.
                let mut at: Vec<Ms> = Vec::new();
                for t in out.tickets.iter_mut().filter(|t| &t.ticket_id == id) {
                    at.push(super::coverage::ticket_anchor(t));
                    effects.push(ctx.ticket(t));
                    at.push(super::coverage::ticket_anchor(t));
                }
                if c.action == CorrectionAction::Exclude {
                    let before = out.tickets.len();
                    out.tickets.retain(|t| &t.ticket_id != id);
                    debug_assert!(before >= out.tickets.len());
                }
                for ch in out.changes.iter_mut().filter(|x| &x.change_id == id) {
                    at.extend(super::coverage::change_anchor(ch));
                    effects.push(ctx.change(ch));
                    at.extend(super::coverage::change_anchor(ch));
                }
                if c.action == CorrectionAction::Exclude {
                    out.changes.retain(|x| &x.change_id != id);
                }
                for &i in call_hits.get(id.as_str()).map_or(&[][..], Vec::as_slice) {
                    at.push(out.calls.received[i]);
                    let (e, drop, moved) = ctx.call(&mut out.calls, i);
                    at.push(out.calls.received[i]);
                    effects.push(e);
                    if drop {
                        drop_calls.insert(i);
                    }
                    resort |= moved;
                }
                let matched = effects.iter().any(|e| e.is_ok());
                let effects = if effects.is_empty() {
                    vec![CorrectionEffect::NoSuchId { id: id.clone() }]
                } else {
                    effects
                        .into_iter()
                        .map(|e| {
                            e.unwrap_or_else(|(subject, why)| CorrectionEffect::NotApplied {
                                subject: subject.to_string(),
                                id: id.clone(),
                                code: why.code.to_string(),
                                field: why.field,
                                value: why.value,
                                reason: why.english,
                            })
                        })
                        .collect()
                };
                let concerns = at.iter().min().copied().zip(at.iter().max().copied());
                (id.clone(), effects, matched, concerns)
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
            effect: effects
                .iter()
                .map(effect_text)
                .collect::<Vec<_>>()
                .join("; "),
            effects,
            matched,
            interval: match &c.applies_to {
                AppliesTo::Interval { start, end } => Some((*start, *end)),
                AppliesTo::Id { .. } => None,
            },
            concerns,
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
            excluded_by,
            degraded: super::intervals::union(degraded),
            as_measured: false,
        },
        applied,
    }
}

/// A correction's effect in English words: the `effect` text of metrics.json.
pub fn effect_text(e: &CorrectionEffect) -> String {
    use CorrectionEffect as E;
    match e {
        E::IntervalExcluded { measured_ms } => format!(
            "excluded the interval from unavailable and degraded time ({} s of it as measured)",
            measured_ms / 1000
        ),
        E::IntervalDegraded { measured_ms } => format!(
            "unavailable time in the interval counts as degraded ({} s of unavailable or degraded time as measured)",
            measured_ms / 1000
        ),
        E::IntervalNotApplied { action, value } => format!(
            "not applied: an interval can only be excluded or reclassified as `degraded` (action {action}, value `{value}`)"
        ),
        E::NoSuchId { id } => format!("no call, ticket or change has id `{id}`: nothing changed"),
        E::Excluded { subject, id } => format!("excluded {subject} {id}"),
        E::TicketPriority { id, from, to } => format!(
            "ticket {id}: priority {} → {to}",
            from.map_or("none".to_string(), |p| p.to_string())
        ),
        E::TicketType { id, to } => format!("ticket {id}: type → {to}"),
        E::OutageKind { id, to } => format!("ticket {id}: outage kind → {to}"),
        E::Planned { id, planned } => format!(
            "ticket {id}: outage → {}",
            if *planned { "planned" } else { "unplanned" }
        ),
        E::ChangeStatus { id, to } => format!("change {id}: status → {to}"),
        E::CallResult { id, from, to } => format!("call {id}: result {from} → {to}"),
        E::FieldSet {
            subject,
            id,
            field,
            value,
        } => {
            if subject == "call" {
                format!("call {id}: {field} set")
            } else {
                format!("{subject} {id}: {field} set to `{value}`")
            }
        }
        E::NotApplied { reason, .. } => format!("not applied: {reason}"),
    }
}

fn action_name(a: CorrectionAction) -> &'static str {
    match a {
        CorrectionAction::Exclude => "exclude",
        CorrectionAction::Reclassify => "reclassify",
        CorrectionAction::SetField => "set_field",
    }
}

/// The ids the corrections name (a call, ticket or change id each; M9.1).
pub fn id_targets(corrections: &[Correction]) -> rustc_hash::FxHashSet<&str> {
    corrections
        .iter()
        .filter_map(|c| match &c.applies_to {
            AppliesTo::Id { id } => Some(id.as_str()),
            AppliesTo::Interval { .. } => None,
        })
        .collect()
}

/// RFC 3339 UTC text of an instant (an identifier for the corrections list, not a display).
fn iso(t: Ms) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// A copy of `calls` without the rows in `drop`, re-sorted by (received, call_id).
fn rebuild_calls(calls: &Calls, drop: &BTreeSet<usize>) -> Calls {
    let mut order: Vec<usize> = (0..calls.len()).filter(|i| !drop.contains(i)).collect();
    order.sort_by(|&a, &b| {
        (calls.received[a], calls.ids.get(a)).cmp(&(calls.received[b], calls.ids.get(b)))
    });
    calls.gather(order)
}
