//! Incidents, problems and orders (M7, M7.2–M7.4, M7.6).
//!
//! A ticket's outcome belongs to the month in which it is resolved (orders: closed). Response
//! = registered → responded, resolution = registered → resolved, each on its own target's
//! clock (support hours for `min`/`h`/`wd`, wall time for `d`). A resolved ticket without a
//! response is a response breach. Tickets registered before the month end and not resolved
//! before it are listed as open, with time elapsed so far and an already-breached flag.

use super::model::{
    Breach, MajorIncident, Measure, OpenTicket, Orders, PriorityRow, TicketArea, TicketTimes,
};
use super::stats::{lower_median, nearest_rank_permille};
use super::{Ctx, Ratio};
use crate::calendar::{Calendars, Ms};
use crate::config::{PriorityTargets, Target};
use crate::inputs::{Inputs, Ticket, TicketType};

fn targets_for<'a>(ctx: &Ctx<'a>, t: &Ticket) -> Option<&'a PriorityTargets> {
    let p = t.priority?;
    match t.kind {
        TicketType::Incident => ctx.cfg.tickets.incident_targets(p),
        TicketType::Problem => ctx.cfg.tickets.problem_targets(p),
        TicketType::Order => None,
    }
}

/// Elapsed `start → end` on `target`'s clock, or on support hours when there is no target.
fn elapsed(cals: &Calendars, target: Option<&Target>, start: Ms, end: Ms) -> i64 {
    match target {
        Some(t) => cals.elapsed(t, start, end),
        None => cals.support.business_ms(start, end),
    }
}

/// One ticket's response and resolution measured against its targets.
pub fn ticket_times(
    t: &Ticket,
    targets: Option<&PriorityTargets>,
    cals: &Calendars,
) -> TicketTimes {
    let resp_t = targets.map(|x| &x.response);
    let res_t = targets.map(|x| &x.resolution);
    let measure = |target: Option<&Target>, end: Ms| match target {
        Some(tg) => {
            let m = cals.measure(tg, t.registered_at, end);
            (m.elapsed_ms, Some(m.target_ms), Some(m.met))
        }
        None => (elapsed(cals, None, t.registered_at, end), None, None),
    };
    let (response_ms, response_target_ms, mut response_met) = match t.responded_at {
        Some(r) => {
            let (e, tg, m) = measure(resp_t, r);
            (Some(e), tg, m)
        }
        None => (
            None,
            resp_t.map(|tg| cals.measure(tg, t.registered_at, t.registered_at).target_ms),
            None,
        ),
    };
    // M7.3: resolved without a response is a response breach.
    if t.responded_at.is_none() && t.resolved_at.is_some() && resp_t.is_some() {
        response_met = Some(false);
    }
    let (resolution_ms, resolution_target_ms, resolution_met) = match t.resolved_at {
        Some(r) => {
            let (e, tg, m) = measure(res_t, r);
            (Some(e), tg, m)
        }
        None => (
            None,
            res_t.map(|tg| cals.measure(tg, t.registered_at, t.registered_at).target_ms),
            None,
        ),
    };
    TicketTimes {
        ticket_id: t.ticket_id.clone(),
        priority: t.priority,
        registered_at: t.registered_at,
        responded_at: t.responded_at,
        resolved_at: t.resolved_at,
        closed_at: t.closed_at,
        response_ms,
        resolution_ms,
        response_target_ms,
        resolution_target_ms,
        response_met,
        resolution_met,
        summary: t.summary.clone(),
        security: t.security,
        major: t.major,
        cause: t.cause.clone(),
        action_plan: t.action_plan.clone(),
    }
}

/// Whether the tickets have a `responded_at` column: without it no ticket's response can be
/// judged (a resolved ticket without a response is a breach only when the column exists), so
/// no response is met or missed.
fn response_known(inputs: &Inputs) -> bool {
    inputs.has_column(crate::inputs::InputKind::Tickets, "responded_at")
}

/// `tt` with its response unjudged when the tickets have no `responded_at` column.
fn judge_response(mut tt: TicketTimes, known: bool) -> TicketTimes {
    if !known {
        tt.response_met = None;
    }
    tt
}

fn in_month(ctx: &Ctx, t: Option<Ms>) -> bool {
    t.is_some_and(|t| t >= ctx.start && t < ctx.end)
}

/// M7.4: registered before month end and not resolved before it.
pub fn open_at_month_end(ctx: &Ctx, t: &Ticket) -> bool {
    t.registered_at < ctx.end && t.resolved_at.is_none_or(|r| r >= ctx.end)
}

fn open_ticket(ctx: &Ctx, t: &Ticket) -> OpenTicket {
    let targets = targets_for(ctx, t);
    let cals = ctx.cals;
    let end = ctx.end;
    let res_t = targets.map(|x| &x.resolution);
    // M7: open tickets are listed with the *business* time elapsed so far (support
    // hours), whatever the clock of their target; `already_breached` uses the target's clock.
    let elapsed_ms = cals.support.business_ms(t.registered_at, end);
    let resolution = res_t.map(|tg| cals.measure(tg, t.registered_at, end));
    let resolution_late = resolution.as_ref().is_some_and(|m| !m.met);
    // The response target is past too when no response came in time, before month end.
    let responded = t.responded_at.filter(|&r| r < end);
    let response =
        targets.map(|x| cals.measure(&x.response, t.registered_at, responded.unwrap_or(end)));
    let response_late = response.as_ref().is_some_and(|m| !m.met);
    OpenTicket {
        ticket_id: t.ticket_id.clone(),
        priority: t.priority,
        registered_at: t.registered_at,
        responded_at: t.responded_at,
        elapsed_ms,
        resolution_target_ms: resolution.as_ref().map(|m| m.target_ms),
        resolution_ms: resolution.as_ref().map(|m| m.elapsed_ms),
        already_breached: resolution_late || response_late,
        response_ms: response.as_ref().map(|m| m.elapsed_ms),
        response_target_ms: response.as_ref().map(|m| m.target_ms),
        response_breached: response_late,
        resolution_breached: resolution_late,
        summary: t.summary.clone(),
        cause: t.cause.clone(),
        action_plan: t.action_plan.clone(),
    }
}

fn breach(t: &Ticket, tt: &TicketTimes, measure: Measure, target: &Target) -> Breach {
    let (ended_at, actual_ms, target_ms) = if measure == Measure::Response {
        (t.responded_at, tt.response_ms, tt.response_target_ms)
    } else {
        (t.resolved_at, tt.resolution_ms, tt.resolution_target_ms)
    };
    let target_ms = target_ms.unwrap_or(0);
    Breach {
        ticket_id: t.ticket_id.clone(),
        kind: t.kind.as_str().to_string(),
        priority: t.priority,
        measure,
        registered_at: t.registered_at,
        ended_at,
        target: *target,
        target_ms,
        actual_ms,
        excess_ms: actual_ms.map(|a| a - target_ms),
        summary: t.summary.clone(),
    }
}

/// Incidents or problems of the month.
pub fn area(inputs: &Inputs, ctx: &Ctx, kind: TicketType) -> TicketArea {
    let mut tickets: Vec<&Ticket> = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == kind && in_month(ctx, t.resolved_at))
        .collect();
    tickets.sort_by(|a, b| (a.resolved_at, &a.ticket_id).cmp(&(b.resolved_at, &b.ticket_id)));
    let mut times = Vec::with_capacity(tickets.len());
    let mut breaches = Vec::new();
    let known = response_known(inputs);
    for t in &tickets {
        let targets = targets_for(ctx, t);
        let tt = judge_response(ticket_times(t, targets, ctx.cals), known);
        if let Some(x) = targets {
            if tt.response_met == Some(false) {
                breaches.push(breach(t, &tt, Measure::Response, &x.response));
            }
            if tt.resolution_met == Some(false) {
                breaches.push(breach(t, &tt, Measure::Resolution, &x.resolution));
            }
        }
        times.push(tt);
    }
    let per_priority = (1..=4u8)
        .map(|p| {
            let rows: Vec<&TicketTimes> = times.iter().filter(|x| x.priority == Some(p)).collect();
            let count = |f: &dyn Fn(&TicketTimes) -> Option<bool>, v: bool| {
                rows.iter().filter(|x| f(x) == Some(v)).count() as u64
            };
            let rw = count(&|x| x.response_met, true);
            let ro = count(&|x| x.response_met, false);
            let sw = count(&|x| x.resolution_met, true);
            let so = count(&|x| x.resolution_met, false);
            let mut resp: Vec<i64> = rows.iter().filter_map(|x| x.response_ms).collect();
            let mut reso: Vec<i64> = rows.iter().filter_map(|x| x.resolution_ms).collect();
            resp.sort_unstable();
            reso.sort_unstable();
            PriorityRow {
                priority: p,
                resolved: rows.len() as u64,
                response_within: rw,
                response_outside: ro,
                resolution_within: sw,
                resolution_outside: so,
                response_share: Ratio::new(rw as i64, (rw + ro) as i64),
                resolution_share: Ratio::new(sw as i64, (sw + so) as i64),
                response_median_ms: lower_median(&resp),
                response_max_ms: resp.last().copied(),
                resolution_median_ms: lower_median(&reso),
                resolution_max_ms: reso.last().copied(),
            }
        })
        .collect();
    let mut open: Vec<&Ticket> = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == kind && open_at_month_end(ctx, t))
        .collect();
    open.sort_by(|a, b| (a.registered_at, &a.ticket_id).cmp(&(b.registered_at, &b.ticket_id)));
    let major = tickets
        .iter()
        .chain(open.iter())
        .filter(|t| t.major)
        .map(|t| MajorIncident {
            ticket: ticket_times(t, targets_for(ctx, t), ctx.cals),
            outage_start: t.outage_start,
            outage_end: t.outage_end,
            cause: t.cause.clone(),
            action_plan: t.action_plan.clone(),
            provider: t.provider.clone(),
        })
        .collect();
    TicketArea {
        resolved: times.len() as u64,
        response_breaches: breaches
            .iter()
            .filter(|b| b.measure == Measure::Response)
            .count() as u64,
        resolution_breaches: breaches
            .iter()
            .filter(|b| b.measure == Measure::Resolution)
            .count() as u64,
        per_priority,
        tickets: times,
        breaches,
        open_at_month_end: open
            .iter()
            .map(|t| {
                let mut o = open_ticket(ctx, t);
                if !known && o.response_breached {
                    o.response_breached = false;
                    o.already_breached = o.resolution_breached;
                }
                o
            })
            .collect(),
        major,
    }
}

/// Security incidents: resolved in the month or open at its end (M7.7).
pub fn security(inputs: &Inputs, ctx: &Ctx) -> Vec<TicketTimes> {
    let mut v: Vec<&Ticket> = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == TicketType::Incident && t.security)
        .filter(|t| in_month(ctx, t.resolved_at) || open_at_month_end(ctx, t))
        .collect();
    v.sort_by(|a, b| (a.registered_at, &a.ticket_id).cmp(&(b.registered_at, &b.ticket_id)));
    let known = response_known(inputs);
    v.into_iter()
        .map(|t| judge_response(ticket_times(t, targets_for(ctx, t), ctx.cals), known))
        .collect()
}

/// Orders closed in the month; lead time registered → closed, calendar time unless the
/// configured target names a clock (M7.6).
pub fn orders(inputs: &Inputs, ctx: &Ctx) -> Orders {
    let target = ctx.cfg.tickets.order.lead_time.as_ref();
    let mut orders: Vec<&Ticket> = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == TicketType::Order && in_month(ctx, t.closed_at))
        .collect();
    orders.sort_by(|a, b| (a.closed_at, &a.ticket_id).cmp(&(b.closed_at, &b.ticket_id)));
    let mut lead = Vec::with_capacity(orders.len());
    let mut within = 0u64;
    let mut rows = Vec::with_capacity(orders.len());
    for t in orders {
        let closed = t.closed_at.unwrap_or(t.registered_at);
        let mut tt = ticket_times(t, None, ctx.cals);
        let ms = match target {
            Some(tg) => {
                let m = ctx.cals.measure(tg, t.registered_at, closed);
                within += u64::from(m.met);
                tt.resolution_target_ms = Some(m.target_ms);
                tt.resolution_met = Some(m.met);
                m.elapsed_ms
            }
            None => (closed - t.registered_at).max(0),
        };
        tt.resolution_ms = Some(ms);
        lead.push(ms);
        rows.push(tt);
    }
    lead.sort_unstable();
    Orders {
        closed: rows.len() as u64,
        lead_time_median_ms: lower_median(&lead),
        lead_time_p90_ms: nearest_rank_permille(&lead, 900),
        lead_time_max_ms: lead.last().copied(),
        target: target.map(|t| t.to_string()),
        within_target: target.map(|_| within),
        within_target_share: target.map(|_| Ratio::new(within as i64, rows.len() as i64)),
        orders: rows,
    }
}
