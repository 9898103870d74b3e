//! Event-log ticket exports folded into one ticket per id (ServiceNow audit logs, BPI 2013).
//!
//! Every event row is read; rows are grouped by the mapped `ticket_id` across all files; a
//! group's events are ordered by (event time, file, line). The ticket then takes: for
//! `registered_at` / `responded_at` / `resolved_at` / `closed_at` with states configured, the
//! time of the first event in one of those states (none: empty); `registered_at` with neither
//! states nor a mapped column, the first event's time; every other column, the value on the
//! last event where it is non-empty. The ticket is validated like any ticket row and reported
//! at the line of its first event. Counting: one row per ticket, in the file of its first
//! event; the events are counted in [`FileStats::events_read`].
//!
//! An event whose id is empty or whose time cannot be parsed makes its own reject row (the
//! event cannot be placed in a ticket); such rows count as rows of their file.

use indexmap::IndexMap;

use super::clocks::Clocks;
use super::fields::{Resolved, Row};
use super::isolate::ParquetReader;
use super::mapping::{FoldConfig, InputMapping};
use super::model::{FileStats, RowRef, Ticket};
use super::reasons::{self, Bad};
use super::rows::{self, Converted, Pending};
use super::tickets::{self, FoldTimes};
use crate::calendar::{Calendars, Ms};

struct Event {
    file: u32,
    line: u64,
    time: Ms,
    state: String,
    fields: Vec<String>,
}

/// Read and fold event-log files into tickets.
pub fn read_folded(
    paths: &[String],
    m: &InputMapping,
    fold: &FoldConfig,
    cals: &Calendars,
    parquet: &ParquetReader,
) -> anyhow::Result<Converted<Ticket>> {
    let spec = tickets::SPEC;
    let (Some(event_time), Some(state)) = (&fold.event_time, &fold.state) else {
        anyhow::bail!(
            "[inputs.tickets.fold] needs `event_time` (the column with each event's time) and \
             `state` (the column or columns with the state after it); see the bpi2013 preset"
        );
    };
    let states = state.names();
    let mut extra = vec![event_time.clone()];
    extra.extend(states.iter().cloned());
    let r = Resolved::new(tickets::CANON, m, &extra)?;
    let registered_from_first = fold.registered_states.is_empty()
        && !m.columns.contains_key("registered_at")
        && !m.constants.contains_key("registered_at");
    let mut fspec = spec;
    fspec.required = if registered_from_first {
        &["ticket_id", "type"]
    } else {
        &["ticket_id", "type", "registered_at"]
    };
    let req = rows::required_sources(&fspec, &r);
    let mut files: Vec<FileStats> = Vec::new();
    let mut clocks: Vec<Clocks> = Vec::new();
    let mut pending: Vec<Pending<Ticket>> = Vec::new();
    // Rows by id, the ids in first-seen order.
    let mut groups: IndexMap<String, Vec<Event>> = IndexMap::new();
    let id_pos = r.pos("ticket_id");
    for (fi, path) in paths.iter().enumerate() {
        let (table, mut stats) = rows::load_table(spec.kind, path, &r.wanted, &req, m, parquet)?;
        let extra_req: Vec<(&str, &str)> = std::iter::once(("event time", event_time.as_str()))
            .chain(states.iter().map(|s| ("event state", s.as_str())))
            .collect();
        rows::check_required(&fspec, &r, &table.header, &table.present, path, &extra_req)?;
        stats.columns = rows::columns_present(&r, &table.present);
        // Times taken from the events' states are columns of the folded ticket.
        for (col, from_states) in [
            (
                "registered_at",
                registered_from_first || !fold.registered_states.is_empty(),
            ),
            ("responded_at", !fold.responded_states.is_empty()),
            ("resolved_at", !fold.resolved_states.is_empty()),
            ("closed_at", !fold.closed_states.is_empty()),
        ] {
            if from_states && !stats.columns.iter().any(|c| c == col) {
                stats.columns.push(col.to_string());
            }
        }
        let mut ck = Clocks::new(r.canon, m, cals, tickets::TIMESTAMPS, &["event_time"]);
        let slot = tickets::CANON.len();
        let mut events = 0u64;
        for rec in table.records {
            events += 1;
            let reject = |bad: Bad| Pending {
                file: fi as u32,
                line: rec.line,
                id: String::new(),
                fp: (0, 0),
                outcome: Err(bad),
            };
            if let Some(bad) = rec.issue() {
                pending.push(reject(bad));
                continue;
            }
            if let Err(bad) = r.included(&rec.fields) {
                pending.push(reject(bad));
                continue;
            }
            let id = r.text(&rec.fields, id_pos).trim().to_string();
            if id.is_empty() {
                pending.push(reject(Bad::new("ticket_id", "", reasons::MISSING)));
                continue;
            }
            let time = match ck.parse(slot, "event_time", &rec.fields[0]) {
                Ok(Some(t)) => t,
                Ok(None) => {
                    pending.push(reject(Bad::new("event_time", "", reasons::MISSING)));
                    continue;
                }
                Err(bad) => {
                    pending.push(reject(bad));
                    continue;
                }
            };
            let state = (1..=states.len())
                .map(|i| rec.fields[i].trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let ev = Event {
                file: fi as u32,
                line: rec.line,
                time,
                state,
                fields: rec.fields,
            };
            groups.entry(id).or_default().push(ev);
        }
        stats.events_read = events;
        files.push(stats);
        clocks.push(ck);
    }
    let matches = |list: &[String], s: &str| list.iter().any(|x| x.trim().eq_ignore_ascii_case(s));
    for (id, mut evs) in groups {
        evs.sort_by_key(|e| (e.time, e.file, e.line));
        let first = evs
            .iter()
            .min_by_key(|e| (e.file, e.line))
            .expect("non-empty group");
        let (file, line) = (first.file, first.line);
        // Last non-empty value of every projected field.
        let width = r.wanted.len();
        let folded: Vec<String> = (0..width)
            .map(|j| {
                evs.iter()
                    .rev()
                    .map(|e| e.fields[j].as_str())
                    .find(|v| !r.non_null(v).is_empty())
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        let at = |list: &[String]| -> Option<Option<Ms>> {
            if list.is_empty() {
                None
            } else {
                Some(evs.iter().find(|e| matches(list, &e.state)).map(|e| e.time))
            }
        };
        let times = FoldTimes {
            registered_at: if registered_from_first {
                Some(Some(evs[0].time))
            } else {
                at(&fold.registered_states)
            },
            responded_at: at(&fold.responded_states),
            resolved_at: at(&fold.resolved_states),
            closed_at: at(&fold.closed_states),
        };
        let row = Row {
            r: &r,
            fields: &folded,
        };
        let outcome = tickets::convert(
            &row,
            &mut clocks[file as usize],
            RowRef { file, line },
            &times,
        );
        pending.push(Pending {
            file,
            line,
            id,
            fp: (0, 0),
            outcome,
        });
    }
    for (st, ck) in files.iter_mut().zip(&mut clocks) {
        ck.record(st);
    }
    pending.sort_by_key(|p| (p.file, p.line));
    let mut out = rows::finish(spec.kind, pending, files, false);
    out.rows.sort_by_key(|r| (r.source.file, r.source.line));
    Ok(out)
}
