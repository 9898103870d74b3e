//! months.csv of the annual report: the months, the quarters and the year as exact values.

use super::figures::{Annual, Period};
use crate::metrics::history::MonthSource;
use crate::report::Lang;

/// months.csv: one row per month (no data: empty cells and source `none`), then the quarters
/// and the year; exact values (ms, counts, numerators and denominators).
pub fn months_csv(a: &Annual, _lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        "period",
        "source",
        "open_ms",
        "unavailable_ms",
        "degraded_ms",
        "availability_numerator",
        "availability_denominator",
        "unplanned_outages",
        "calls_incoming",
        "calls_answered",
        "perf_within_t90_numerator",
        "perf_within_t90_denominator",
        "perf_over_tmax",
        "incidents_response_breaches",
        "incidents_resolution_breaches",
        "problems_response_breaches",
        "problems_resolution_breaches",
        "changes_short_notice",
        "targets_missed",
    ])?;
    let row = |label: String, source: &str, p: Option<&Period>, missed: Option<usize>| {
        let mut r = vec![label, source.to_string()];
        match p {
            Some(p) => r.extend([
                p.open_ms.to_string(),
                p.unavailable_ms.to_string(),
                p.degraded_ms.to_string(),
                p.availability.numerator.to_string(),
                p.availability.denominator.to_string(),
                p.unplanned_outages.to_string(),
                p.calls_incoming.to_string(),
                p.calls_answered.to_string(),
                p.perf_within_t90_share.numerator.to_string(),
                p.perf_within_t90_share.denominator.to_string(),
                p.perf_over_tmax.to_string(),
                p.incidents_response_breaches.to_string(),
                p.incidents_resolution_breaches.to_string(),
                p.problems_response_breaches.to_string(),
                p.problems_resolution_breaches.to_string(),
                p.changes_short_notice.to_string(),
            ]),
            None => r.extend((0..16).map(|_| String::new())),
        }
        r.push(missed.map_or_else(String::new, |n| n.to_string()));
        r
    };
    for m in &a.months {
        let source = match m.source {
            MonthSource::Archive => "archive",
            MonthSource::Inputs => "inputs",
            MonthSource::None => "none",
        };
        let missed = m
            .figures
            .as_ref()
            .map(|_| m.targets.iter().filter(|t| t.met == Some(false)).count());
        w.write_record(row(
            format!("{}-{:02}", a.year, m.month),
            source,
            m.figures.as_ref(),
            missed,
        ))?;
    }
    for (i, q) in a.quarters.iter().enumerate() {
        let p = (!q.months.is_empty()).then_some(q);
        w.write_record(row(format!("{}-Q{}", a.year, i + 1), "sum", p, None))?;
    }
    w.write_record(row(a.year.to_string(), "sum", Some(&a.year_totals), None))?;
    w.flush()?;
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))
}
