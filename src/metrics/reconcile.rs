//! Reconciliation (M3.12): every interval the call log detects without an incident to cover
//! it, every incident outage with no failing call in it (only when the call log has rows in
//! the month), and every silent period no incident explains (M3.14) is a discrepancy that the
//! agreement requires an incident or an explanation for. Listed in appendix D.

use super::intervals::Span;
use super::model::{
    CallLog, Discrepancy, DiscrepancyKind, OutageSource, SilentPeriod, SourcedInterval,
};
use crate::calendar::Ms;
use crate::inputs::{Inputs, Ticket, TicketType};

/// M3.12: detected intervals without an incident, incident outages without failing calls
/// (only when the call log has rows in the month: otherwise nothing can confirm them).
pub(super) fn reconcile(
    inputs: &Inputs,
    log: CallLog,
    raw: &[SourcedInterval],
    ms: Ms,
    me: Ms,
) -> Vec<Discrepancy> {
    // Any incident with an outage interval (any kind, planned or not) covers a detection.
    let incident_spans: Vec<Span> = inputs
        .tickets
        .iter()
        .filter(|t| t.kind == TicketType::Incident)
        .filter_map(|t| incident_outage(t, inputs.data_end))
        .collect();
    let mut out = Vec::new();
    for iv in raw.iter().filter(|iv| iv.overlaps(ms, me)) {
        match iv.source {
            OutageSource::Calls => {
                let covered = incident_spans
                    .iter()
                    .any(|&(s, e)| s < iv.end.max(iv.start + 1) && e > iv.start);
                if !covered {
                    out.push(Discrepancy::new(
                        DiscrepancyKind::DetectedWithoutIncident,
                        (iv.start, iv.end),
                        iv.reference.clone(),
                    ));
                }
            }
            // Without a call row in the month there is nothing to confirm an incident with:
            // its absence of failing calls is no finding.
            OutageSource::Incident if log.calls.range(ms, me).is_empty() => {}
            OutageSource::Incident => {
                // The interval may reach back before the month: the whole log's failing
                // calls (M12.7).
                if !log.span.any_failing_in(iv.start, iv.end) {
                    out.push(Discrepancy::new(
                        DiscrepancyKind::IncidentWithoutFailingCalls,
                        (iv.start, iv.end),
                        iv.reference.clone(),
                    ));
                }
            }
            // Silent periods are reconciled by `explain_silences`, counted or not.
            OutageSource::Change | OutageSource::Silence => {}
        }
    }
    out.sort_by(|x, y| {
        (x.start, x.end, &x.kind, &x.reference).cmp(&(y.start, y.end, &y.kind, &y.reference))
    });
    out
}

/// Name the incidents whose outage interval overlaps each silent period; a silent period no
/// incident explains is a reconciliation discrepancy (needing an incident or an explanation).
pub(super) fn explain_silences(
    inputs: &Inputs,
    silent: &mut [SilentPeriod],
    reconciliation: &mut Vec<Discrepancy>,
) {
    for p in silent.iter_mut() {
        let mut ids: Vec<String> = inputs
            .tickets
            .iter()
            .filter(|t| t.kind == TicketType::Incident)
            .filter(|t| {
                incident_outage(t, inputs.data_end).is_some_and(|(s, e)| s < p.end && e > p.start)
            })
            .map(|t| t.ticket_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        p.incident_ids = ids;
        if p.incident_ids.is_empty() {
            reconciliation.push(Discrepancy {
                expected_calls: Some(p.expected_calls),
                ..Discrepancy::new(
                    DiscrepancyKind::SilentPeriod,
                    (p.start, p.end),
                    String::new(),
                )
            });
        }
    }
    reconciliation.sort_by(|x, y| {
        (x.start, x.end, &x.kind, &x.reference).cmp(&(y.start, y.end, &y.kind, &y.reference))
    });
}

/// An incident's outage interval: an outage with no end is ongoing until the latest instant of
/// any used input row (M3.5), and never ends before it starts.
pub(super) fn incident_outage(t: &Ticket, data_end: Option<Ms>) -> Option<Span> {
    let s = t.outage_start?;
    Some((s, t.outage_end.unwrap_or(data_end.unwrap_or(s)).max(s)))
}
