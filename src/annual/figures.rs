//! The year's figures (metrics.json of the annual report), computed from the archived months'
//! metrics.json alone, so that `verify` can recompute them from the files embedded in the PDF.
//!
//! - Totals and quarter sums add the months' exact values: open, unavailable and degraded
//!   milliseconds, counts, and the numerators and denominators of the shares; a share of a
//!   period is its summed numerator over its summed denominator, never an average of rounded
//!   percentages.
//! - The year's (and a quarter's) unplanned outages: the months' carried unavailable spans
//!   (unclipped, exact ms) are grouped by `merge_gap`; a group counts once in a period when one
//!   of its spans is an outage of a month of the period. An outage across a month end counts
//!   in both months and once in the quarter and the year.
//! - A month without an archived report is "none": no figure, never zero. The yearly targets
//!   (downtime against the budget, outages against the maximum) are then lower bounds: missed
//!   when the covered months already break them, otherwise not measured ("covers N of 12
//!   months"); met only when every month is covered.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::calendar::Month;
use crate::config::SlaConfig;
use crate::metrics::history::{MonthSource, YearCarry};
use crate::metrics::intervals::{self, Span};
use crate::metrics::{Comparison, CorrectionEffect, Ratio, ReportArea, TargetStatus};

pub const SCHEMA_VERSION: u32 = 1;

/// One archived month as the year reads it.
#[derive(Debug, Clone)]
pub struct MonthInput {
    pub month: Month,
    /// Its metrics.json.
    pub metrics: Value,
    pub source: MonthProvenance,
}

/// Where a month came from (the annual report's provenance appendix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct MonthProvenance {
    pub month: Month,
    /// The folder (or PDF), relative to the archive.
    pub path: String,
    pub metrics_sha256: String,
    pub manifest_sha256: String,
    pub config_sha256: String,
    pub config_version: String,
    pub tool_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annual {
    pub schema_version: u32,
    pub kind: &'static str,
    pub year: i32,
    /// Months with an archived report.
    pub months_covered: Vec<u32>,
    /// January to December; `figures` is `None` for a month without data.
    pub months: Vec<MonthRow>,
    pub quarters: Vec<Period>,
    pub year_totals: Period,
    /// Downtime against the year's budget, outages against the year's maximum.
    pub year_targets: Vec<TargetStatus>,
    /// Every monthly target missed, by month.
    pub missed: Vec<Missed>,
    pub outages: Vec<YearOutage>,
    pub corrections: Vec<YearCorrection>,
    /// What the corrections changed over the year (as measured minus reported).
    pub corrections_effect: CorrectionsEffect,
    pub config_versions: Vec<ConfigVersion>,
    /// Every day of the covered months: open and unavailable ms.
    pub days: Vec<Day>,
    pub provenance: Vec<MonthProvenance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    pub month: u32,
    pub source: MonthSource,
    pub figures: Option<Period>,
    /// The month's page-1 targets, as archived.
    pub targets: Vec<TargetStatus>,
}

/// Summed figures of one or more months.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Period {
    /// The months with data that make it up.
    pub months: Vec<u32>,
    pub open_ms: i64,
    pub unavailable_ms: i64,
    pub degraded_ms: i64,
    /// (open − unavailable) / open.
    pub availability: Ratio,
    pub unplanned_outages: u64,
    pub calls_incoming: u64,
    pub calls_answered: u64,
    pub delivery_precision: Ratio,
    pub perf_within_t90_share: Ratio,
    pub perf_over_tmax: u64,
    pub incidents_resolved: u64,
    pub incidents_response_breaches: u64,
    pub incidents_resolution_breaches: u64,
    pub problems_resolved: u64,
    pub problems_response_breaches: u64,
    pub problems_resolution_breaches: u64,
    pub orders_closed: u64,
    pub changes_total: u64,
    pub changes_short_notice: u64,
    pub changes_overruns: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    pub month: u32,
    pub target: TargetStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearOutage {
    pub start: i64,
    pub end: i64,
    /// The months whose open time it touched.
    pub months: Vec<u32>,
    /// Open-time duration, summed over those months.
    pub open_ms: i64,
    pub sources: Vec<Value>,
    pub incident_ids: Vec<Value>,
    pub cause: String,
    pub action_plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCorrection {
    pub month: u32,
    pub correction_id: String,
    pub action: String,
    pub applies_to: String,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: Option<i64>,
    /// The month's English `effect` text, as archived.
    pub effect: String,
    /// The structured effects, said in the report's language; empty when the month was
    /// archived without them (the table then shows `effect`). Not in the annual metrics.json.
    #[serde(skip)]
    pub effects: Vec<CorrectionEffect>,
    /// The excluded interval (epoch ms), shown in local time like the monthly report's
    /// appendix C; `None` when the correction names a ticket or change. Not in metrics.json.
    #[serde(skip)]
    pub interval: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CorrectionsEffect {
    pub applied: u64,
    /// Unavailable seconds as measured minus as reported, summed over the months.
    pub unavailable_seconds_removed: i64,
    /// Outages as measured minus as reported, summed over the months.
    pub outages_removed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigVersion {
    pub name: String,
    pub version: String,
    pub sha256: String,
    pub months: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub open_ms: i64,
    pub unavailable_ms: i64,
}

fn u(v: &Value, path: &[&str]) -> u64 {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

fn i(v: &Value, path: &[&str]) -> i64 {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

fn ratio(v: &Value, key: &str) -> Ratio {
    let (n, d) = crate::archive::exact_ratio(v, key).unwrap_or((0, 0));
    Ratio::new(n, d)
}

fn add(r: &mut Ratio, x: Ratio) {
    r.numerator += x.numerator;
    r.denominator += x.denominator;
}

/// One month's figures.
fn month_period(m: &Value, month: u32) -> Period {
    let k = |key: &str| u(m, &["kpis", key]);
    let open_ms = i(m, &["availability", "open_ms"]);
    let unavailable_ms = i(m, &["availability", "unavailable_ms"]);
    Period {
        months: vec![month],
        open_ms,
        unavailable_ms,
        degraded_ms: i(m, &["availability", "degraded_ms"]),
        availability: Ratio::new(open_ms - unavailable_ms, open_ms),
        unplanned_outages: k("unplanned_outages"),
        calls_incoming: k("calls_incoming"),
        calls_answered: k("calls_answered"),
        delivery_precision: ratio(m, "delivery_precision"),
        perf_within_t90_share: ratio(m, "perf_within_t90_share"),
        perf_over_tmax: k("perf_over_tmax"),
        incidents_resolved: k("incidents_resolved"),
        incidents_response_breaches: k("incidents_response_breaches"),
        incidents_resolution_breaches: k("incidents_resolution_breaches"),
        problems_resolved: k("problems_resolved"),
        problems_response_breaches: k("problems_response_breaches"),
        problems_resolution_breaches: k("problems_resolution_breaches"),
        orders_closed: k("orders_closed"),
        changes_total: k("changes_total"),
        changes_short_notice: k("changes_short_notice"),
        changes_overruns: k("changes_overruns"),
    }
}

/// The sum of `parts`; `outages` is the period's own count (groups, not a sum).
fn sum(parts: &[&Period], outages: u64) -> Period {
    let mut p = Period::default();
    for x in parts {
        p.months.extend(&x.months);
        p.open_ms += x.open_ms;
        p.unavailable_ms += x.unavailable_ms;
        p.degraded_ms += x.degraded_ms;
        p.calls_incoming += x.calls_incoming;
        p.calls_answered += x.calls_answered;
        add(&mut p.delivery_precision, x.delivery_precision);
        add(&mut p.perf_within_t90_share, x.perf_within_t90_share);
        p.perf_over_tmax += x.perf_over_tmax;
        p.incidents_resolved += x.incidents_resolved;
        p.incidents_response_breaches += x.incidents_response_breaches;
        p.incidents_resolution_breaches += x.incidents_resolution_breaches;
        p.problems_resolved += x.problems_resolved;
        p.problems_response_breaches += x.problems_response_breaches;
        p.problems_resolution_breaches += x.problems_resolution_breaches;
        p.orders_closed += x.orders_closed;
        p.changes_total += x.changes_total;
        p.changes_short_notice += x.changes_short_notice;
        p.changes_overruns += x.changes_overruns;
    }
    p.availability = Ratio::new(p.open_ms - p.unavailable_ms, p.open_ms);
    p.unplanned_outages = outages;
    p
}

/// The outage groups of the year and, per month, the groups its outages belong to.
struct Groups {
    by_month: BTreeMap<u32, Vec<usize>>,
}

impl Groups {
    fn new(months: &[MonthInput]) -> anyhow::Result<Self> {
        let mut all: Vec<Span> = Vec::new();
        let mut gap = 0;
        for m in months {
            let carry: YearCarry = match m.metrics.get("year_carry") {
                Some(v) => serde_json::from_value(v.clone())?,
                None => anyhow::bail!(
                    "{}: metrics.json has no year_carry (made by an older slareport): report the month again",
                    m.source.path
                ),
            };
            gap = gap.max(carry.merge_gap_ms);
            all.extend(carry.unavailable_spans);
        }
        let union = intervals::union(all);
        let groups = intervals::gap_groups(&union, gap);
        let group_of = |t: i64| -> Option<usize> {
            let k = union.partition_point(|s| s.1 <= t);
            let span = union.get(k)?;
            (span.0 <= t).then(|| groups.iter().position(|g| g.contains(&k)))?
        };
        let mut by_month = BTreeMap::new();
        for m in months {
            let mut hit: Vec<usize> = outage_rows(&m.metrics)
                .iter()
                .filter_map(|o| group_of(i(o, &["start"])))
                .collect();
            hit.sort_unstable();
            hit.dedup();
            by_month.insert(m.month.month(), hit);
        }
        Ok(Groups { by_month })
    }

    /// Outage groups touching any of `months`.
    fn count(&self, months: &[u32]) -> u64 {
        let mut all: Vec<usize> = months
            .iter()
            .filter_map(|m| self.by_month.get(m))
            .flatten()
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all.len() as u64
    }
}

fn outage_rows(m: &Value) -> &[Value] {
    m.get("availability")
        .and_then(|a| a.get("outages"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The year's figures from its archived months (any order; months of other years ignored).
pub fn compute(year: i32, months: &[MonthInput], cfg: &SlaConfig) -> anyhow::Result<Annual> {
    let mut months: Vec<MonthInput> = months
        .iter()
        .filter(|m| m.month.year() == year)
        .cloned()
        .collect();
    months.sort_by_key(|m| m.month);
    let groups = Groups::new(&months)?;
    let by_no: BTreeMap<u32, &MonthInput> = months.iter().map(|m| (m.month.month(), m)).collect();
    let periods: BTreeMap<u32, Period> = months
        .iter()
        .map(|m| (m.month.month(), month_period(&m.metrics, m.month.month())))
        .collect();
    let rows: Vec<MonthRow> = (1..=12)
        .map(|no| match by_no.get(&no) {
            Some(m) => MonthRow {
                month: no,
                source: MonthSource::Archive,
                figures: periods.get(&no).cloned(),
                targets: targets_of(&m.metrics),
            },
            None => MonthRow {
                month: no,
                source: MonthSource::None,
                figures: None,
                targets: Vec::new(),
            },
        })
        .collect();
    let period_of = |nos: &[u32]| {
        let parts: Vec<&Period> = nos.iter().filter_map(|n| periods.get(n)).collect();
        let with: Vec<u32> = parts.iter().flat_map(|p| p.months.clone()).collect();
        sum(&parts, groups.count(&with))
    };
    let quarters = (0..4)
        .map(|q| period_of(&[q * 3 + 1, q * 3 + 2, q * 3 + 3]))
        .collect();
    let all: Vec<u32> = (1..=12).collect();
    let year_totals = period_of(&all);
    let covered: Vec<u32> = months
        .iter()
        .filter(|m| {
            m.metrics
                .get("year_carry")
                .and_then(|c| c.get("availability_covered"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
        .map(|m| m.month.month())
        .collect();
    let a = &cfg.availability;
    let year_targets = vec![
        year_target(
            "ytd_unavailable_seconds",
            a.max_downtime_per_year_seconds as f64,
            year_totals.unavailable_ms.div_euclid(1000) as f64,
            covered.len(),
        ),
        year_target(
            "ytd_unplanned_outages",
            f64::from(a.max_outages_per_year),
            year_totals.unplanned_outages as f64,
            covered.len(),
        ),
    ];
    let missed = rows
        .iter()
        .flat_map(|r| {
            r.targets
                .iter()
                .filter(|t| t.met == Some(false))
                .map(|t| Missed {
                    month: r.month,
                    target: t.clone(),
                })
        })
        .collect();
    let mut effect = CorrectionsEffect::default();
    let mut corrections: Vec<YearCorrection> = Vec::new();
    let mut outages: Vec<YearOutage> = Vec::new();
    let mut configs: Vec<ConfigVersion> = Vec::new();
    let mut days = Vec::new();
    for m in &months {
        let no = m.month.month();
        let v = &m.metrics;
        effect.unavailable_seconds_removed += i(v, &["kpis_as_measured", "unavailable_seconds"])
            - i(v, &["kpis", "unavailable_seconds"]);
        effect.outages_removed +=
            i(v, &["kpis_as_measured", "unplanned_outages"]) - i(v, &["kpis", "unplanned_outages"]);
        let (ps, pe) = (i(v, &["period_start"]), i(v, &["period_end"]));
        for c in v
            .get("corrections")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let matched = c.get("matched").and_then(Value::as_bool) == Some(true);
            let concerns = c
                .get("concerns")
                .and_then(Value::as_array)
                .and_then(|x| Some((x.first()?.as_i64()?, x.get(1)?.as_i64()?)));
            let in_month = concerns.is_some_and(|(s, e)| {
                if s == e {
                    s >= ps && s < pe
                } else {
                    s < pe && e > ps
                }
            });
            let id = text(c, "correction_id");
            if matched && in_month && !corrections.iter().any(|x| x.correction_id == id) {
                corrections.push(YearCorrection {
                    month: no,
                    correction_id: id,
                    action: text(c, "action"),
                    applies_to: text(c, "applies_to"),
                    reason: text(c, "reason"),
                    approved_by: text(c, "approved_by"),
                    approved_at: c.get("approved_at").and_then(Value::as_i64),
                    effect: text(c, "effect"),
                    effects: c
                        .get("effects")
                        .and_then(|e| serde_json::from_value(e.clone()).ok())
                        .unwrap_or_default(),
                    interval: c
                        .get("interval")
                        .and_then(|i| serde_json::from_value(i.clone()).ok()),
                });
            }
        }
        for o in outage_rows(v) {
            let (s, e) = (i(o, &["start"]), i(o, &["end"]));
            let arr = |k: &str| {
                o.get(k)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            match outages.iter_mut().find(|x| x.start == s && x.end == e) {
                Some(x) => {
                    if !x.months.contains(&no) {
                        x.months.push(no);
                        x.open_ms += i(o, &["open_ms"]);
                    }
                }
                None => outages.push(YearOutage {
                    start: s,
                    end: e,
                    months: vec![no],
                    open_ms: i(o, &["open_ms"]),
                    sources: arr("sources"),
                    incident_ids: arr("incident_ids"),
                    cause: text(o, "cause"),
                    action_plan: text(o, "action_plan"),
                }),
            }
        }
        match configs
            .iter_mut()
            .find(|c| c.sha256 == m.source.config_sha256)
        {
            Some(c) => c.months.push(no),
            None => configs.push(ConfigVersion {
                name: String::new(),
                version: m.source.config_version.clone(),
                sha256: m.source.config_sha256.clone(),
                months: vec![no],
            }),
        }
        for d in v
            .get("availability")
            .and_then(|a| a.get("per_day"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            days.push(Day {
                date: text(d, "date"),
                open_ms: i(d, &["open_ms"]),
                unavailable_ms: i(d, &["unavailable_ms"]),
            });
        }
    }
    effect.applied = corrections.len() as u64;
    outages.sort_by_key(|o| (o.start, o.end));
    for c in &mut configs {
        c.name = cfg.agreement.name.clone();
    }
    Ok(Annual {
        schema_version: SCHEMA_VERSION,
        kind: crate::archive::ANNUAL_KIND,
        year,
        months_covered: months.iter().map(|m| m.month.month()).collect(),
        months: rows,
        quarters,
        year_totals,
        year_targets,
        missed,
        outages,
        corrections,
        corrections_effect: effect,
        config_versions: configs,
        days,
        provenance: months.iter().map(|m| m.source.clone()).collect(),
    })
}

/// The month's page-1 targets, shares from their exact ratios.
fn targets_of(m: &Value) -> Vec<TargetStatus> {
    let mut t: Vec<TargetStatus> =
        serde_json::from_value(m.get("targets").cloned().unwrap_or_default()).unwrap_or_default();
    for x in &mut t {
        if let (Some(_), Some((n, d))) = (x.actual, crate::archive::exact_ratio(m, &x.key)) {
            x.actual = Ratio::new(n, d).value();
        }
    }
    t
}

/// A yearly target (at most `target`) over `covered` of 12 months: a lower bound until the
/// year is complete.
fn year_target(key: &str, target: f64, actual: f64, covered: usize) -> TargetStatus {
    let partial = covered < 12;
    let met = if !partial {
        Some(actual <= target)
    } else if actual > target {
        Some(false)
    } else {
        None
    };
    let undecided = met.is_none();
    TargetStatus {
        key: key.to_string(),
        section: ReportArea::Availability,
        comparison: Comparison::AtMost,
        target,
        // The lower bound is kept beside "not measured".
        actual: Some(actual),
        met,
        not_measured: undecided.then(|| "partial_year".to_string()),
        detail: if undecided {
            format!("{covered}/12")
        } else {
            String::new()
        },
        reason: undecided.then(|| format!("covers {covered} of 12 months")),
    }
}

#[cfg(test)]
mod tests;
