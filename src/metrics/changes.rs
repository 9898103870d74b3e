//! Planned changes (M8, M3.4, M3.6, M8.1–M8.3): count by status, short notice, work inside open
//! time, overruns and whether they were notified, and the open time each change made
//! unavailable.

use super::availability::change_interval;
use super::intervals;
use super::model::{ChangeRow, Changes, PriorityStatus};
use super::Ctx;
use crate::calendar::{add_calendar_days, Ms};
use crate::inputs::{Change, ChangeStatus, Inputs};

/// The instant that places a change in a month: scheduled start, else actual start.
fn anchor(c: &Change) -> Option<Ms> {
    c.scheduled_start.or(c.actual_start)
}

/// M8.2: outside releases, notified less than `notice_days` `d`-days before the
/// scheduled start (else actual start), or never notified. Exactly the notice is enough.
pub fn short_notice(c: &Change, ctx: &Ctx) -> bool {
    if c.in_release {
        return false;
    }
    let Some(start) = anchor(c) else {
        return c.notified_at.is_none();
    };
    match c.notified_at {
        None => true,
        Some(n) => {
            add_calendar_days(ctx.cals.tz, n, i64::from(ctx.cfg.changes.notice_days)) > start
        }
    }
}

pub fn compute(inputs: &Inputs, ctx: &Ctx) -> Changes {
    let mut list: Vec<&Change> = inputs
        .changes
        .iter()
        .filter(|c| anchor(c).is_some_and(|t| t >= ctx.start && t < ctx.end))
        .collect();
    list.sort_by(|a, b| (anchor(a), &a.change_id).cmp(&(anchor(b), &b.change_id)));
    let rows: Vec<ChangeRow> = list
        .iter()
        .map(|c| {
            let actual = match (c.actual_start, c.actual_end) {
                (Some(s), Some(e)) => Some((s, e)),
                _ => None,
            };
            let overrun_ms = match (c.scheduled_end, c.actual_end) {
                (Some(se), Some(ae)) if ae > se => ae - se,
                _ => 0,
            };
            ChangeRow {
                change_id: c.change_id.clone(),
                title: c.title.clone(),
                priority: c.priority,
                status: c.status.as_str().to_string(),
                in_release: c.in_release,
                notified_at: c.notified_at,
                scheduled_start: c.scheduled_start,
                scheduled_end: c.scheduled_end,
                actual_start: c.actual_start,
                actual_end: c.actual_end,
                short_notice: short_notice(c, ctx),
                // Open time is taken over the whole window, even the part past month end.
                inside_open_time_ms: actual.map_or(0, |(s, e)| ctx.cals.opening.business_ms(s, e)),
                overrun_ms,
                overrun_notified: c.overrun_notified,
                unavailable_ms: change_interval(c)
                    .map_or(0, |span| intervals::overlap_len(span, &ctx.open)),
                outcome: c.outcome.clone(),
            }
        })
        .collect();
    let count = |f: &dyn Fn(&ChangeRow) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    // Priorities 1–4 always (a zero is information), then "none" only when a change has none.
    let mut priorities: Vec<Option<u8>> = (1..=4).map(Some).collect();
    if rows.iter().any(|r| !matches!(r.priority, Some(1..=4))) {
        priorities.push(None);
    }
    let by_priority = priorities
        .into_iter()
        .map(|p| {
            let of_p = |r: &ChangeRow| match p {
                Some(p) => r.priority == Some(p),
                None => !matches!(r.priority, Some(1..=4)),
            };
            PriorityStatus {
                priority: p,
                total: count(&|r| of_p(r)),
                by_status: ChangeStatus::ALL
                    .iter()
                    .map(|s| {
                        let name = s.as_str();
                        (name.to_string(), count(&|r| of_p(r) && r.status == name))
                    })
                    .collect(),
            }
        })
        .collect();
    Changes {
        by_priority,
        total: rows.len() as u64,
        by_status: ChangeStatus::ALL
            .iter()
            .map(|s| {
                let name = s.as_str();
                (name.to_string(), count(&|r| r.status == name))
            })
            .collect(),
        short_notice: count(&|r| r.short_notice),
        inside_open_time: count(&|r| r.inside_open_time_ms > 0),
        overruns: count(&|r| r.overrun_ms > 0),
        overruns_not_notified: count(&|r| r.overrun_ms > 0 && !r.overrun_notified),
        changes: rows,
    }
}
