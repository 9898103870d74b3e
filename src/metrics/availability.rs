//! Availability and reliability (M3, M3.3–M3.6, M3.9–M3.11): unavailable intervals from incidents,
//! change windows and the call log; their union clipped to open time; the unplanned-outage
//! count with `merge_gap`; degraded time; year-to-date budgets; reconciliation; the outage
//! table.
//!
//! The union is built over the *whole* input (a call-log run or an incident may start before
//! the month) and only then clipped, to the month's open time for the month's figures and to
//! January 1 → month end for the year-to-date ones. An outage group is counted in every period
//! whose open time it touches, so one spanning two months counts in each month but once in YTD.

use std::collections::BTreeSet;

use super::corrections::IntervalAdjust;
use super::intervals::{self, Span};
use super::model::{
    Availability, CallLog, DayAvailability, DegradedPeriod, Outage, OutageSource, SilentPeriod,
    SourcedInterval, SpanRun, YearToDate,
};
use super::reconcile::{explain_silences, incident_outage, reconcile};
use super::{Ctx, Ratio};
use crate::calendar::{month_bounds, Ms};
use crate::config::{AvailabilitySource, SilenceMode};
use crate::inputs::{Calls, Change, Inputs, OutageKind, TicketType};

/// The unavailable interval a change window contributes (M3.6), if any.
pub fn change_interval(c: &Change) -> Option<Span> {
    let (s, e) = (c.actual_start?, c.actual_end?);
    let without_notice = c.notified_at.is_none_or(|n| n > s);
    if without_notice {
        return (s < e).then_some((s, e));
    }
    if c.overrun_notified {
        return None;
    }
    let from = c.scheduled_end?.max(s);
    (from < e).then_some((from, e))
}

/// Every raw interval of the whole input, unfiltered by `availability.source`.
struct Raw {
    unavailable: Vec<SourcedInterval>,
    degraded: Vec<SourcedInterval>,
}

fn raw_intervals(inputs: &Inputs, log: CallLog, ctx: &Ctx) -> Raw {
    let a = &ctx.cfg.availability;
    let mut unavailable = Vec::new();
    let mut degraded = Vec::new();
    for t in &inputs.tickets {
        // M3.4: a planned incident never counts as unavailable; a degraded interval is
        // reported whether planned or not (M3.11 names no planned filter for degraded time).
        if t.kind != TicketType::Incident || (t.planned && t.outage_kind == OutageKind::Unavailable)
        {
            continue;
        }
        let Some((s, e)) = incident_outage(t, inputs.data_end) else {
            continue;
        };
        let iv = SourcedInterval {
            start: s,
            end: e,
            source: OutageSource::Incident,
            reference: t.ticket_id.clone(),
            failed_calls: 0,
            excluded_by: Vec::new(),
            excluded_ms: 0,
        };
        match t.outage_kind {
            OutageKind::Unavailable => unavailable.push(iv),
            OutageKind::Degraded => degraded.push(iv),
        }
    }
    for c in &inputs.changes {
        if let Some((s, e)) = change_interval(c) {
            unavailable.push(SourcedInterval {
                start: s,
                end: e,
                source: OutageSource::Change,
                reference: c.change_id.clone(),
                failed_calls: 0,
                excluded_by: Vec::new(),
                excluded_ms: 0,
            });
        }
    }
    // The failure runs of the whole log, in call order (M3.3), from the fold (M12.7).
    let as_interval = |r: &SpanRun| SourcedInterval {
        start: r.start,
        end: r.end,
        source: OutageSource::Calls,
        reference: r.reference.clone(),
        failed_calls: r.count,
        excluded_by: Vec::new(),
        excluded_ms: 0,
    };
    unavailable.extend(log.span.unavailable_runs.iter().map(as_interval));
    degraded.extend(log.span.degraded_runs.iter().map(as_interval));
    if a.silence == SilenceMode::Unavailable {
        // Every month of the year so far, each by its own month's rates: the year-to-date
        // figures count earlier months' silences as this month's.
        let earlier = (1..ctx.month).flat_map(|m| log.span.month(m).map(|x| &x.silences[..]));
        let this = month_silences(log.calls, ctx);
        for p in earlier.flatten().chain(&this) {
            unavailable.push(SourcedInterval {
                start: p.start,
                end: p.end,
                source: OutageSource::Silence,
                reference: String::new(),
                failed_calls: 0,
                excluded_by: Vec::new(),
                excluded_ms: 0,
            });
        }
    }
    Raw {
        unavailable,
        degraded,
    }
}

/// The silent periods of the month of `cm` (see [`super::silence`]).
pub(super) fn month_silences(calls: &Calls, cm: &Ctx) -> Vec<SilentPeriod> {
    let a = &cm.cfg.availability;
    let rule = super::silence::Rule {
        min_ms: a.silence_min_seconds * 1000,
        expected_calls: u64::from(a.silence_expected_calls),
    };
    let month = super::silence::Month {
        start: cm.start,
        end: cm.end,
        days: &cm.days,
        open: &cm.open,
        tz: cm.cals.tz,
    };
    super::silence::silent_periods(calls, &month, rule)
}

/// Whether `availability.source` uses intervals of `source` (silent periods are the call
/// log's).
fn in_source(setting: AvailabilitySource, source: OutageSource) -> bool {
    let from_calls = matches!(source, OutageSource::Calls | OutageSource::Silence);
    match setting {
        AvailabilitySource::Union => true,
        AvailabilitySource::Calls => from_calls,
        AvailabilitySource::Incidents => !from_calls,
    }
}

fn source_name(s: AvailabilitySource) -> &'static str {
    match s {
        AvailabilitySource::Union => "union",
        AvailabilitySource::Calls => "calls",
        AvailabilitySource::Incidents => "incidents",
    }
}

/// The union of the counted intervals, minus corrections' excluded intervals.
fn counted_union(
    raw: &[SourcedInterval],
    setting: AvailabilitySource,
    excluded: &[Span],
) -> Vec<Span> {
    let u = intervals::union(
        raw.iter()
            .filter(|iv| in_source(setting, iv.source))
            .map(|iv| (iv.start, iv.end))
            .collect(),
    );
    intervals::subtract(&u, excluded)
}

/// The union of every counted unavailable and degraded interval of the whole input, as
/// measured (what an interval correction can remove).
pub fn counted_spans(inputs: &Inputs, log: CallLog, ctx: &Ctx) -> Vec<Span> {
    let raw = raw_intervals(inputs, log, ctx);
    let setting = ctx.cfg.availability.source;
    let mut all = counted_union(&raw.unavailable, setting, &[]);
    all.extend(counted_union(&raw.degraded, setting, &[]));
    intervals::union(all)
}

/// Outage groups (merge_gap) of `union` that touch `open`.
fn count_outages(union: &[Span], gap_ms: i64, open: &[Span]) -> u64 {
    intervals::gap_groups(union, gap_ms)
        .into_iter()
        .filter(|g| {
            union[g.clone()]
                .iter()
                .any(|&s| intervals::overlap_len(s, open) > 0)
        })
        .count() as u64
}

/// Compute the month's availability, with the interval corrections of `adjust` (M9.1):
/// excluded time counts as neither unavailable nor degraded; time reclassified as degraded
/// moves from unavailable to degraded.
/// `calls` stands for `inputs.calls` (the corrected figures may use the uncorrected calls
/// without a copy when no correction touches a call).
pub fn compute(inputs: &Inputs, log: CallLog, ctx: &Ctx, adjust: &IntervalAdjust) -> Availability {
    let a = &ctx.cfg.availability;
    let setting = a.source;
    let raw = raw_intervals(inputs, log, ctx);
    let excluded = &adjust.excluded[..];
    let measured = counted_union(&raw.unavailable, setting, excluded);
    let union = intervals::subtract(&measured, &adjust.degraded);
    // With an archive: an earlier month's outage across the month start counts here too.
    let union = match ctx.history {
        Some(h) => {
            let cut = intervals::union([excluded, &adjust.degraded[..]].concat());
            h.carried_into(union, (ctx.start, ctx.end), &cut, adjust.as_measured)
        }
        None => union,
    };
    let open = &ctx.open;
    let open_ms = intervals::total(open);
    let unavail_open = intervals::intersect(&union, open);
    let unavailable_ms = intervals::total(&unavail_open);
    let gap_ms = a.merge_gap_seconds * 1000;
    let groups = intervals::gap_groups(&union, gap_ms);

    // Degraded: clipped to open time, minus what is already unavailable (M3.11).
    let mut degraded_union = counted_union(&raw.degraded, setting, excluded);
    degraded_union.extend(intervals::intersect(&measured, &adjust.degraded));
    let degraded_union = intervals::union(degraded_union);
    let degraded_open =
        intervals::subtract(&intervals::intersect(&degraded_union, open), &unavail_open);
    let degraded_ms = intervals::total(&degraded_open);

    // The outage table: each union span touching the month's open time.
    let mut outages = Vec::new();
    let mut outage_no = 0u32;
    for g in &groups {
        let touches = union[g.clone()]
            .iter()
            .any(|&s| intervals::overlap_len(s, open) > 0);
        if !touches {
            continue;
        }
        outage_no += 1;
        for &(s, e) in &union[g.clone()] {
            let open_part = intervals::overlap_len((s, e), open);
            if open_part == 0 {
                continue;
            }
            outages.push(outage_row(
                inputs,
                &raw.unavailable,
                setting,
                (s, e),
                open_part,
                outage_no,
            ));
        }
    }
    let unplanned_outages = u64::from(outage_no);

    let (ms, me) = (ctx.start, ctx.end);
    let in_month = |iv: &&SourcedInterval| iv.overlaps(ms, me);
    let mut listed: Vec<SourcedInterval> = raw
        .unavailable
        .iter()
        .filter(in_month)
        .filter(|iv| in_source(setting, iv.source))
        .cloned()
        .collect();
    listed.sort_by(|x, y| {
        (x.start, x.end, x.source, &x.reference).cmp(&(y.start, y.end, y.source, &y.reference))
    });
    let mut degraded_listed: Vec<SourcedInterval> = raw
        .degraded
        .iter()
        .filter(in_month)
        .filter(|iv| in_source(setting, iv.source))
        .cloned()
        .collect();
    degraded_listed.sort_by(|x, y| {
        (x.start, x.end, x.source, &x.reference).cmp(&(y.start, y.end, y.source, &y.reference))
    });

    let mut reconciliation = reconcile(inputs, log, &raw.unavailable, ms, me);
    let mut silent_periods = month_silences(log.calls, ctx);
    explain_silences(inputs, &mut silent_periods, &mut reconciliation);

    // Mark what the corrections' excluded intervals overlap, where it is listed.
    let by = &adjust.excluded_by;
    for iv in listed.iter_mut().chain(degraded_listed.iter_mut()) {
        (iv.excluded_by, iv.excluded_ms) = excluded_part(iv.start, iv.end, by);
    }
    for d in &mut reconciliation {
        (d.excluded_by, d.excluded_ms) = excluded_part(d.start, d.end, by);
    }
    let degraded_periods = merge_degraded(&degraded_listed, by);

    let per_day = (0..ctx.days.len())
        .map(|i| {
            let span = ctx.days.span(i);
            let day = [span];
            let open_ms = intervals::total(&intervals::intersect(open, &day));
            let unavailable_ms = intervals::total(&intervals::intersect(&unavail_open, &day));
            DayAvailability {
                date: ctx.days.date(i),
                open_ms,
                unavailable_ms,
                degraded_ms: intervals::total(&intervals::intersect(&degraded_open, &day)),
                span,
                open_intervals: ctx.cals.opening.open_intervals(span.0, span.1),
                availability: Ratio::new(open_ms - unavailable_ms, open_ms),
            }
        })
        .collect();

    let ytd = match ctx.history {
        Some(h) => {
            let year_union = h.year_union(&union, ctx.cals.tz, ctx.year, adjust.as_measured);
            year_to_date(inputs, log, ctx, &year_union, gap_ms)
        }
        None => year_to_date(inputs, log, ctx, &union, gap_ms),
    };

    Availability {
        source: source_name(setting).to_string(),
        open_ms,
        unavailable_ms,
        available_ms: open_ms - unavailable_ms,
        degraded_ms,
        availability: Ratio::new(open_ms - unavailable_ms, open_ms),
        unplanned_outages,
        intervals: listed,
        degraded_intervals: degraded_listed,
        degraded_periods,
        outages,
        reconciliation,
        silent_periods,
        per_day,
        ytd,
        union,
    }
}

/// The corrections (ids) whose excluded interval overlaps `[start, end)` (a zero-length
/// interval: contains its instant), and how much of it they exclude.
fn excluded_part(start: Ms, end: Ms, by: &[(Span, String)]) -> (Vec<String>, i64) {
    let hits: Vec<&(Span, String)> = by
        .iter()
        .filter(|((s, e), _)| {
            if start == end {
                *s <= start && start < *e
            } else {
                *s < end && *e > start
            }
        })
        .collect();
    let mut ids: Vec<String> = hits.iter().map(|(_, id)| id.clone()).collect();
    ids.sort();
    ids.dedup();
    let spans = intervals::union(hits.iter().map(|(span, _)| *span).collect());
    let ms = intervals::total(&intervals::intersect(&[(start, end)], &spans));
    (ids, ms)
}

/// Degraded intervals (sorted by start) merged where they overlap or touch: one period per
/// disturbance, whichever sources saw it.
fn merge_degraded(list: &[SourcedInterval], by: &[(Span, String)]) -> Vec<DegradedPeriod> {
    let mut out: Vec<DegradedPeriod> = Vec::new();
    for iv in list {
        match out.last_mut() {
            Some(p) if iv.start <= p.end => {
                p.end = p.end.max(iv.end);
                if !p.sources.contains(&iv.source) {
                    p.sources.push(iv.source);
                    p.sources.sort();
                }
                if !p.references.contains(&iv.reference) {
                    p.references.push(iv.reference.clone());
                }
                p.failed_calls += iv.failed_calls;
            }
            _ => out.push(DegradedPeriod {
                start: iv.start,
                end: iv.end,
                sources: vec![iv.source],
                references: vec![iv.reference.clone()],
                failed_calls: iv.failed_calls,
                excluded_by: Vec::new(),
                excluded_ms: 0,
            }),
        }
    }
    for p in &mut out {
        (p.excluded_by, p.excluded_ms) = excluded_part(p.start, p.end, by);
    }
    out
}

fn outage_row(
    inputs: &Inputs,
    raw: &[SourcedInterval],
    setting: AvailabilitySource,
    (s, e): Span,
    open_ms: i64,
    outage_no: u32,
) -> Outage {
    let mut sources = BTreeSet::new();
    let mut incident_ids = BTreeSet::new();
    let mut change_ids = BTreeSet::new();
    for iv in raw.iter().filter(|iv| in_source(setting, iv.source)) {
        // Members of this union span: overlapping it (a zero-length interval never counts).
        if iv.start < e && iv.end > s && iv.start < iv.end {
            sources.insert(iv.source);
            match iv.source {
                OutageSource::Incident => {
                    incident_ids.insert(iv.reference.clone());
                }
                OutageSource::Change => {
                    change_ids.insert(iv.reference.clone());
                }
                OutageSource::Calls | OutageSource::Silence => {}
            }
        }
    }
    let mut causes = Vec::new();
    let mut plans = Vec::new();
    for t in inputs
        .tickets
        .iter()
        .filter(|t| incident_ids.contains(&t.ticket_id))
    {
        if !t.cause.is_empty() && !causes.contains(&t.cause) {
            causes.push(t.cause.clone());
        }
        if !t.action_plan.is_empty() && !plans.contains(&t.action_plan) {
            plans.push(t.action_plan.clone());
        }
    }
    Outage {
        start: s,
        end: e,
        open_ms,
        wall_ms: e - s,
        sources: sources.into_iter().collect(),
        incident_ids: incident_ids.into_iter().collect(),
        change_ids: change_ids.into_iter().collect(),
        cause: causes.join("; "),
        action_plan: plans.join("; "),
        outage_no,
    }
}

/// Months of the report year (1..=month) that an availability source has data for (see
/// [`super::basis::availability_sources`]): the call log with rows in the month, incident
/// outages, change windows.
pub(crate) fn months_covered(inputs: &Inputs, log: CallLog, ctx: &Ctx) -> Vec<u32> {
    let anchors = super::coverage::Anchors::new(inputs, log.seen(ctx));
    (1..=ctx.month)
        .filter(|&m| {
            if let Some(c) = ctx.history.and_then(|h| h.get(m)) {
                return c.carry.availability_covered;
            }
            let (a, b) = month_bounds(ctx.cals.tz, ctx.year, m);
            let c = anchors.covered(a, b);
            !super::basis::availability_sources(inputs, ctx.cfg, c)
                .0
                .is_empty()
        })
        .collect()
}

/// The year to date over the months an availability source covers: a month no input covers
/// adds nothing (its figures are unknown, not zero), so the totals are lower bounds, and its
/// per-month entries are `None`.
fn year_to_date(
    inputs: &Inputs,
    log: CallLog,
    ctx: &Ctx,
    union: &[Span],
    gap_ms: i64,
) -> YearToDate {
    let a = &ctx.cfg.availability;
    let (jan1, _) = month_bounds(ctx.cals.tz, ctx.year, 1);
    let open_ytd = ctx.cals.opening.open_intervals(jan1, ctx.end);
    let months_covered = months_covered(inputs, log, ctx);
    let covered_spans: Vec<Span> = months_covered
        .iter()
        .map(|&m| month_bounds(ctx.cals.tz, ctx.year, m))
        .collect();
    let open_covered = intervals::intersect(&open_ytd, &covered_spans);
    let unavailable_ms = intervals::total(&intervals::intersect(union, &open_covered));
    let unplanned_outages = count_outages(union, gap_ms, &open_covered);
    let mut per_month = Vec::new();
    let mut per_month_open_ms = Vec::new();
    let mut per_month_ytd_outages = Vec::new();
    for m in 1..=ctx.month {
        let (s, e) = month_bounds(ctx.cals.tz, ctx.year, m);
        let open: Vec<Span> = intervals::intersect(&open_ytd, &[(s, e)]);
        per_month_open_ms.push(intervals::total(&open));
        if !months_covered.contains(&m) {
            per_month.push((m, None, None));
            per_month_ytd_outages.push(None);
            continue;
        }
        per_month.push((
            m,
            Some(intervals::total(&intervals::intersect(union, &open))),
            Some(count_outages(union, gap_ms, &open)),
        ));
        let so_far: Vec<Span> = intervals::intersect(&open_covered, &[(jan1, e)]);
        per_month_ytd_outages.push(Some(count_outages(union, gap_ms, &so_far)));
    }
    let budget_ms = a.max_downtime_per_year_seconds * 1000;
    YearToDate {
        year: ctx.year,
        unavailable_ms,
        unplanned_outages,
        budget_ms,
        budget_left_ms: budget_ms - unavailable_ms,
        max_outages: u64::from(a.max_outages_per_year),
        months_covered,
        per_month,
        per_month_open_ms,
        per_month_ytd_outages,
    }
}
