//! Metrics: every measure of the agreement (M3–M8), computed from validated inputs on the
//! business calendar. One file per area; no formatting here (that is the report model's job).
//! The only source of every figure the report shows, per-day shares and counts included: the
//! report looks them up (fields it alone needs are `serde(skip)`, so metrics.json keeps its
//! bytes).
//!
//! [`compute`] measures the inputs twice when corrections are given: once as measured and
//! once on a corrected copy (M9.1); `kpis` are the corrected figures, every breakdown
//! follows them, and `kpis_as_measured` keeps the raw ones.
//!
//! Layers (a module uses only those below it, never one beside it; this module on top):
//! 1. `trend` (the year month by month: each area's computation again), `span` (the whole
//!    call log folded month by month, M12.7: every use of the calls outside the report month
//!    goes through its [`CallSpan`]);
//! 2. `changes` → `availability` → `corrections`, `reconcile`, `silence`; beside them
//!    `capacity`, `performance`, `tickets`, `precision`, `targets`, `summary`, `history`,
//!    `alerts`;
//! 3. `stats`;
//! 4. [`model`] (every type metrics.json holds, the summary's and the year's included) →
//!    `basis` → `coverage`, `intervals`, `kpis`, `data_quality`.
//!
//! Readings chosen here where the rules leave a detail open (the method appendix may quote
//! them):
//! - outage count: `merge_gap` groups the *unclipped* union spans (so an outage across a night
//!   or a weekend is one), and a group counts in every period whose open time it overlaps by
//!   more than zero (half-open: ending at 08:00 does not touch 08:00–17:00);
//! - reconciliation: a detected interval is covered by any incident outage interval that
//!   overlaps it (any kind, planned or not); an unplanned `unavailable` incident outage needs
//!   at least one `no_response`/`unreachable` call received inside it;
//! - degraded: incident intervals count whether planned or not (only unavailability has the
//!   planned filter of M3.4); call-log runs use the
//!   same `min_outage` / `min_failed_calls` thresholds; `availability.source` applies too;
//! - a change window needs both `actual_start` and `actual_end` to contribute unavailability;
//! - open at month end is "already breached" when its resolution target, or (not yet
//!   responded before month end) its response target, is past at month end;
//! - `months_covered`: months covered by an input the availability source uses ([`coverage`]);
//! - the summary targets treat every ticket breach and every short-notice change as a miss
//!   (target ≤ 0) and list only sections marked in `[report]`; a target whose input does not
//!   cover the month is not measured ([`targets`]);
//! - the report's date is the later of the day after the month and the latest approval of an
//!   applied correction ([`summary::report_date`]).

pub mod alerts;
pub mod availability;
pub mod basis;
pub mod capacity;
pub mod changes;
pub mod corrections;
pub mod coverage;
pub mod data_quality;
pub mod history;
pub mod intervals;
pub mod kpis;
pub mod model;
pub mod performance;
pub mod precision;
pub mod reconcile;
pub mod silence;
pub mod span;
pub mod stats;
pub mod summary;
pub mod targets;
pub mod tickets;
pub mod trend;

#[cfg(test)]
mod tests;

pub use kpis::{Kpis, Ratio};
pub use model::*;

use std::collections::BTreeMap;

use crate::calendar::{month_bounds, Calendars, Month, Ms};
use crate::config::SlaConfig;
use crate::inputs::{Inputs, TicketType};

/// What every area needs to know about the month being measured.
pub struct Ctx<'a> {
    pub cfg: &'a SlaConfig,
    pub cals: &'a Calendars,
    pub year: i32,
    pub month: u32,
    /// `[start, end)` of the month, UTC ms.
    pub start: Ms,
    pub end: Ms,
    /// The month's open intervals (opening hours), sorted and disjoint.
    pub open: Vec<intervals::Span>,
    pub days: stats::MonthDays,
    /// Earlier months of the year taken from an archive (the report month's context only).
    pub history: Option<&'a history::History>,
}

impl<'a> Ctx<'a> {
    pub fn new(cfg: &'a SlaConfig, cals: &'a Calendars, year: i32, month: u32) -> Self {
        let (start, end) = month_bounds(cals.tz, year, month);
        Ctx {
            cfg,
            cals,
            year,
            month,
            start,
            end,
            open: cals.opening.open_intervals(start, end),
            days: stats::MonthDays::new(cals.tz, year, month),
            history: None,
        }
    }
}

/// Compute `month` (M3–M8), with year-to-date figures from January 1.
pub fn compute(
    inputs: &Inputs,
    cfg: &SlaConfig,
    cals: &Calendars,
    month: Month,
) -> anyhow::Result<Metrics> {
    compute_with_history(inputs, cfg, cals, month, None)
}

/// [`compute`], with the earlier months an archive holds taken from it (year-to-date figures
/// and trend rows; see [`history`]). The month itself is always measured from the inputs.
pub fn compute_with_history(
    inputs: &Inputs,
    cfg: &SlaConfig,
    cals: &Calendars,
    month: Month,
    past: Option<&history::History>,
) -> anyhow::Result<Metrics> {
    compute_folded(inputs, cfg, cals, month, past, None)
}

/// [`compute_with_history`], with the whole call log already folded month by month (M12.7):
/// `inputs.calls` then holds at least every call of the report month, and `folded` is the
/// fold of the whole log ([`span::SpanFold`]). Without it the fold is made from
/// `inputs.calls`. A fold is only taken when no correction changes a call: the corrected
/// figures need the corrected calls.
pub fn compute_folded(
    inputs: &Inputs,
    cfg: &SlaConfig,
    cals: &Calendars,
    month: Month,
    past: Option<&history::History>,
    folded: Option<CallSpan>,
) -> anyhow::Result<Metrics> {
    let mut ctx = Ctx::new(cfg, cals, month.year(), month.month());
    ctx.history = past;
    let span = folded.unwrap_or_else(|| span::of(&inputs.calls, &ctx));
    let log = CallLog {
        calls: &inputs.calls,
        span: &span,
    };
    let basis = month_basis(inputs, log, &ctx);
    if inputs.corrections.is_empty() {
        let m = measure(inputs, log, &ctx, &Default::default(), &basis);
        return Ok(finish(m, None, Vec::new(), &ctx, inputs, log, basis));
    }
    // The two measurements are independent: the figures as measured on a second thread while
    // this one applies the corrections and measures again (halves the wall time).
    let raw = corrections::IntervalAdjust {
        as_measured: true,
        ..Default::default()
    };
    let (as_measured, m, mut corrected, corrected_span) = std::thread::scope(|s| {
        let first = s.spawn(|| measure(inputs, log, &ctx, &raw, &basis));
        let measured_spans = availability::counted_spans(inputs, log, &ctx);
        let overlap = |span: intervals::Span| {
            intervals::total(&intervals::intersect(&measured_spans, &[span]))
        };
        let corrected = corrections::apply(inputs, cals, &overlap);
        let corrected_span = corrected
            .own_calls
            .then(|| span::of(&corrected.inputs.calls, &ctx));
        let log = corrected_log(&corrected, log, corrected_span.as_ref());
        let m = measure(&corrected.inputs, log, &ctx, &corrected.adjust, &basis);
        let first = first
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (first, m, corrected, corrected_span)
    });
    let applied = std::mem::take(&mut corrected.applied);
    let log = corrected_log(&corrected, log, corrected_span.as_ref());
    Ok(finish(
        m,
        Some(as_measured),
        applied,
        &ctx,
        &corrected.inputs,
        log,
        basis,
    ))
}

/// The log the corrected figures measure on: the corrected calls and their fold when a
/// correction changed a call, else the log as read.
fn corrected_log<'a>(
    corrected: &'a corrections::Corrected,
    log: CallLog<'a>,
    span: Option<&'a CallSpan>,
) -> CallLog<'a> {
    match span {
        Some(span) if corrected.own_calls => CallLog {
            calls: &corrected.inputs.calls,
            span,
        },
        _ => log,
    }
}

/// What the inputs give for the month of `ctx` (the basis of every figure, [`basis`]).
pub(crate) fn month_basis(inputs: &Inputs, log: CallLog, ctx: &Ctx) -> basis::Basis {
    let cov = coverage::Anchors::new(inputs, log.seen(ctx)).covered(ctx.start, ctx.end);
    let ytd = availability::months_covered(inputs, log, ctx).len() as u32;
    basis::Basis::new(inputs, log.span.rows > 0, ctx.cfg, cov, ytd, ctx.month)
}

/// One measurement of every area (before the summary and corrections are attached).
struct Measured {
    kpis: Kpis,
    exact: BTreeMap<String, Ratio>,
    availability: Availability,
    performance: Performance,
    precision: Precision,
    capacity: Capacity,
    incidents: TicketArea,
    problems: TicketArea,
    orders: Orders,
    changes: Changes,
    security: Security,
}

fn seconds(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

/// `log.calls` stands for `inputs.calls` (see [`corrections::Corrected::own_calls`]).
fn measure(
    inputs: &Inputs,
    log: CallLog,
    ctx: &Ctx,
    adjust: &corrections::IntervalAdjust,
    basis: &basis::Basis,
) -> Measured {
    let availability = availability::compute(inputs, log, ctx, adjust);
    let performance = performance::compute(log.calls, ctx);
    let precision = precision::compute(log.calls, ctx);
    let capacity = capacity::compute(log.calls, ctx);
    let incidents = tickets::area(inputs, ctx, TicketType::Incident);
    let problems = tickets::area(inputs, ctx, TicketType::Problem);
    let orders = tickets::orders(inputs, ctx);
    let changes = changes::compute(inputs, ctx);
    let security_incidents = tickets::security(inputs, ctx);
    let security = Security {
        breaches: security_breaches(&security_incidents, ctx),
        incidents: security_incidents,
    };
    let pc = &performance.percentiles;
    let kpis = Kpis {
        open_seconds: seconds(availability.open_ms),
        unavailable_seconds: seconds(availability.unavailable_ms),
        availability: availability.availability.value(),
        unplanned_outages: availability.unplanned_outages,
        degraded_seconds: seconds(availability.degraded_ms),
        ytd_unavailable_seconds: seconds(availability.ytd.unavailable_ms),
        ytd_unplanned_outages: availability.ytd.unplanned_outages,
        calls_incoming: precision.incoming,
        calls_answered: precision.answered,
        delivery_precision: precision.precision.value(),
        perf_calls: performance.calls,
        perf_within_t90_share: performance.share_within_t90.value(),
        perf_over_tmax: performance.over_tmax,
        perf_invalid_persons: performance.invalid_persons,
        response_p50_ms: pc.p50,
        response_p90_ms: pc.p90,
        response_p95_ms: pc.p95,
        response_p99_ms: pc.p99,
        response_max_ms: pc.max,
        peak_calls_per_second: capacity.peak_per_second,
        peak_calls_per_minute: capacity.peak_per_minute,
        municipalities: capacity.municipalities,
        incidents_resolved: incidents.resolved,
        incidents_response_breaches: incidents.response_breaches,
        incidents_resolution_breaches: incidents.resolution_breaches,
        incidents_open_at_month_end: incidents.open_at_month_end.len() as u64,
        problems_resolved: problems.resolved,
        problems_response_breaches: problems.response_breaches,
        problems_resolution_breaches: problems.resolution_breaches,
        orders_closed: orders.closed,
        orders_lead_time_median_seconds: orders.lead_time_median_ms.map(seconds),
        changes_total: changes.total,
        changes_short_notice: changes.short_notice,
        changes_overruns: changes.overruns,
        rows_read: inputs.files.iter().map(|f| f.rows_read).sum(),
        rows_rejected: inputs.files.iter().map(|f| f.rows_rejected).sum(),
        absent: Kpis::KEYS
            .iter()
            .copied()
            .filter(|k| basis.absent(k).is_some())
            .collect(),
    };
    let mut exact = BTreeMap::new();
    for (key, r) in [
        ("availability", availability.availability),
        ("delivery_precision", precision.precision),
        ("perf_within_t90_share", performance.share_within_t90),
    ] {
        if kpis.measured(key) {
            exact.insert(key.to_string(), r);
        }
    }
    Measured {
        kpis,
        exact,
        availability,
        performance,
        precision,
        capacity,
        incidents,
        problems,
        orders,
        changes,
        security,
    }
}

/// Security incidents resolved in the month that missed a target.
pub(crate) fn security_breaches(incidents: &[TicketTimes], ctx: &Ctx) -> u64 {
    incidents
        .iter()
        .filter(|t| t.resolved_at.is_some_and(|r| r >= ctx.start && r < ctx.end))
        .filter(|t| t.response_met == Some(false) || t.resolution_met == Some(false))
        .count() as u64
}

/// The page-1 targets of one measurement.
fn month_targets(m: &Measured, ctx: &Ctx, basis: &basis::Basis) -> Vec<TargetStatus> {
    let orders_outside = m.orders.within_target.map(|w| m.orders.closed - w);
    targets::build(&m.kpis, ctx.cfg, orders_outside, m.security.breaches, basis)
}

/// Attach the targets, coverage, summary and trend. `inputs`/`calls` are what `m` was
/// measured on (the corrected inputs when there are corrections).
fn finish(
    m: Measured,
    as_measured: Option<Measured>,
    corrections: Vec<AppliedCorrection>,
    ctx: &Ctx,
    inputs: &Inputs,
    log: CallLog,
    basis: basis::Basis,
) -> Metrics {
    let anchors = coverage::Anchors::new(inputs, log.seen(ctx));
    let coverage = anchors.coverage(ctx.start, ctx.end);
    let targets = month_targets(&m, ctx, &basis);
    let targets0 = as_measured.as_ref().map(|a| month_targets(a, ctx, &basis));
    let trend = trend::compute(inputs, log, ctx, &anchors, &m.availability, &targets);
    let (start, end) = (ctx.start, ctx.end);
    let year_carry = history::YearCarry {
        merge_gap_ms: ctx.cfg.availability.merge_gap_seconds * 1000,
        unavailable_spans: history::spans_in(&m.availability.union, start, end),
        unavailable_spans_as_measured: history::spans_in(
            &as_measured.as_ref().unwrap_or(&m).availability.union,
            start,
            end,
        ),
        availability_covered: m.availability.ytd.months_covered.contains(&ctx.month),
        covered: coverage.covered(),
        calls_received: log.calls.range(start, end).len() as u64,
    };
    let provenance = ctx.history.map(|h| history_provenance(h, &trend));
    let summary = summary::build(
        ctx,
        &summary::Input {
            kpis: &m.kpis,
            targets: &targets,
            as_measured: as_measured
                .as_ref()
                .zip(targets0.as_deref())
                .map(|(a, t)| (&a.kpis, t)),
            outages: &m.availability.outages,
            incidents: &m.incidents,
            problems: &m.problems,
            corrections: &corrections,
        },
    );
    Metrics {
        schema_version: SCHEMA_VERSION,
        month: Month::new(ctx.year, ctx.month).expect("the month computed is a Month"),
        period_start: ctx.start,
        period_end: ctx.end,
        kpis_as_measured: as_measured.map_or_else(|| m.kpis.clone(), |a| a.kpis),
        kpis_not_measured: m
            .kpis
            .absent
            .iter()
            .filter_map(|k| Some((k.to_string(), basis.absent(k)?)))
            .collect(),
        basis,
        kpis: m.kpis,
        exact: m.exact,
        targets,
        availability: m.availability,
        performance: m.performance,
        precision: m.precision,
        capacity: m.capacity,
        incidents: m.incidents,
        problems: m.problems,
        orders: m.orders,
        changes: m.changes,
        security: m.security,
        corrections,
        coverage,
        summary,
        trend,
        year_carry,
        history: provenance,
        data_quality: data_quality::compute(inputs),
    }
}

/// Each month of the year so far: from the archive, from the inputs (they cover it), or none.
fn history_provenance(h: &history::History, trend: &trend::Trend) -> history::Provenance {
    use history::{MonthSource, ProvenanceMonth};
    let months: Vec<ProvenanceMonth> = trend
        .months
        .iter()
        .map(|t| match h.get(t.month) {
            Some(c) => ProvenanceMonth {
                month: t.month,
                source: MonthSource::Archive,
                archive: Some(c.source.clone()),
            },
            None => ProvenanceMonth {
                month: t.month,
                source: if t.covered.calls || t.covered.tickets || t.covered.changes {
                    MonthSource::Inputs
                } else {
                    MonthSource::None
                },
                archive: None,
            },
        })
        .collect();
    history::Provenance {
        config_differs: h
            .months
            .iter()
            .filter(|(_, c)| c.source.config_differs)
            .map(|(&m, _)| m)
            .collect(),
        months,
    }
}
