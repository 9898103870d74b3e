//! Tickets (M2.1): incidents, problems and orders, validated per M2.10. Event-log exports
//! are folded into one ticket per id first (see [`super::fold`]).

use super::catalog::{self, Spec};
use super::clocks::Clocks;
use super::fields::Row;
use super::model::{OutageKind, RowRef, Ticket, TicketType};
use super::reasons::{self, Bad};
use crate::calendar::Ms;

pub const SPEC: Spec = catalog::TICKETS;
pub const CANON: &[&str] = SPEC.canon;
pub const TIMESTAMPS: &[&str] = SPEC.timestamps;

/// The ticket types in the order of [`catalog::TICKET_TYPE`](super::catalog::TICKET_TYPE).
pub const TICKET_TYPES: [TicketType; 3] =
    [TicketType::Incident, TicketType::Problem, TicketType::Order];

pub fn parse_type(s: &str) -> Option<TicketType> {
    super::catalog::lookup(super::catalog::TICKET_TYPE, s).map(|i| TICKET_TYPES[i])
}

pub fn parse_outage_kind(s: &str) -> Option<OutageKind> {
    super::catalog::lookup(super::catalog::OUTAGE_KIND, s)
        .map(|i| [OutageKind::Unavailable, OutageKind::Degraded][i])
}

/// Times that replace the row's own (event-log folding): `Some(t)` overrides the column.
#[derive(Debug, Clone, Copy, Default)]
pub struct FoldTimes {
    pub registered_at: Option<Option<Ms>>,
    pub responded_at: Option<Option<Ms>>,
    pub resolved_at: Option<Option<Ms>>,
    pub closed_at: Option<Option<Ms>>,
}

/// Convert and validate one ticket row. Checks run in canonical column order; the first
/// failure is the row's reason.
pub fn convert(
    row: &Row,
    clocks: &mut Clocks,
    source: RowRef,
    fold: &FoldTimes,
) -> Result<Ticket, Bad> {
    let ticket_id = row.required("ticket_id")?.trim().to_string();
    let kind = row
        .enum_of("type", parse_type, reasons::TYPE)?
        .ok_or_else(|| Bad::new("type", "", reasons::MISSING))?;
    let priority = row.priority("priority")?;
    let mut time = |c: &'static str, o: Option<Option<Ms>>| match o {
        Some(t) => Ok(t),
        None => row.time(clocks, c),
    };
    let registered_at = time("registered_at", fold.registered_at)?
        .ok_or_else(|| Bad::new("registered_at", "", reasons::MISSING))?;
    let responded_at = time("responded_at", fold.responded_at)?;
    let resolved_at = time("resolved_at", fold.resolved_at)?;
    let closed_at = time("closed_at", fold.closed_at)?;
    let summary = row.text("summary").into_owned();
    let security = row.bool_of("security")?;
    let major = row.bool_of("major")?;
    let outage_start = time("outage_start", None)?;
    let outage_end = time("outage_end", None)?;
    let outage_kind = row
        .enum_of("outage_kind", parse_outage_kind, reasons::OUTAGE_KIND)?
        .unwrap_or(OutageKind::Unavailable);
    let planned = row.bool_of("planned")?;
    if priority.is_none() && kind != TicketType::Order {
        return Err(Bad::new("priority", "", reasons::MISSING_PRIORITY));
    }
    for (c, t, folded) in [
        ("responded_at", responded_at, fold.responded_at.is_some()),
        ("resolved_at", resolved_at, fold.resolved_at.is_some()),
        ("closed_at", closed_at, fold.closed_at.is_some()),
    ] {
        if let Some(t) = t {
            if t < registered_at {
                // A folded time has no cell of its own: show the instant (UTC).
                let shown = if folded {
                    chrono::DateTime::from_timestamp_millis(t)
                        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                        .unwrap_or_default()
                } else {
                    row.raw(c).to_string()
                };
                return Err(Bad::new(c, &shown, reasons::BEFORE_REGISTERED));
            }
        }
    }
    match (outage_start, outage_end) {
        (None, Some(_)) => {
            return Err(Bad::new(
                "outage_end",
                row.raw("outage_end"),
                reasons::OUTAGE_END_WITHOUT_START,
            ))
        }
        (Some(s), Some(e)) if e < s => {
            return Err(Bad::new(
                "outage_end",
                row.raw("outage_end"),
                reasons::OUTAGE_END_BEFORE_START,
            ))
        }
        _ => {}
    }
    Ok(Ticket {
        ticket_id,
        kind,
        priority,
        registered_at,
        responded_at,
        resolved_at,
        closed_at,
        summary,
        security,
        major,
        outage_start,
        outage_end,
        outage_kind,
        planned,
        cause: row.text("cause").into_owned(),
        action_plan: row.text("action_plan").into_owned(),
        provider: row.text("provider").trim().to_string(),
        source,
    })
}
