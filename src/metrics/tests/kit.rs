//! A small builder of validated [`Inputs`] for hand-computed tests: local Stockholm times
//! written as text, calls pushed in any order and sorted as the readers sort them.

// Not every helper is used by every test file.
#![allow(dead_code)]

use crate::calendar::{resolve_local, Calendars, Ms};
use crate::config::{AmbiguousPolicy, NonexistentPolicy, SlaConfig};
use crate::inputs::{
    CallResult, Calls, Change, ChangeStatus, Inputs, OutageKind, RowRef, Ticket, TicketType, NO_ID,
    NO_TIME,
};
use crate::metrics::{compute, Metrics};

/// Local Stockholm time `YYYY-MM-DD HH:MM[:SS[.mmm]]` → UTC ms.
pub fn t(s: &str) -> Ms {
    let (main, frac) = match s.split_once('.') {
        Some((a, b)) => (a, b.parse::<i64>().unwrap()),
        None => (s, 0),
    };
    let ndt = crate::calendar::parse_local_datetime(main).expect("local time");
    let tz: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    resolve_local(
        tz,
        ndt,
        NonexistentPolicy::ShiftForward,
        AmbiguousPolicy::Earliest,
    )
    .unwrap()
    .0 + frac
}

pub const S: i64 = 1000;
pub const MIN: i64 = 60_000;
pub const H: i64 = 3_600_000;

/// One call row before sorting.
#[derive(Debug, Clone)]
pub struct CallRow {
    pub id: String,
    pub received: Ms,
    pub responded: Option<Ms>,
    pub result: CallResult,
    pub persons: u16,
    pub municipality: Option<String>,
    pub failed: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Kit {
    pub cfg: SlaConfig,
    pub calls: Vec<CallRow>,
    pub tickets: Vec<Ticket>,
    pub changes: Vec<Change>,
    pub corrections: Vec<crate::inputs::Correction>,
    pub data_end: Option<Ms>,
}

impl Default for Kit {
    fn default() -> Self {
        Kit {
            cfg: SlaConfig::ssbtek(),
            calls: Vec::new(),
            tickets: Vec::new(),
            changes: Vec::new(),
            corrections: Vec::new(),
            data_end: None,
        }
    }
}

impl Kit {
    pub fn new() -> Self {
        Self::default()
    }

    /// An answered call (`ok`) at local time `at` taking `ms`, for `persons` persons.
    pub fn ok(&mut self, at: &str, ms: i64, persons: u16) -> &mut CallRow {
        self.call(at, CallResult::Ok, Some(ms), persons)
    }

    /// A call with a result and an optional response time.
    pub fn call(
        &mut self,
        at: &str,
        result: CallResult,
        ms: Option<i64>,
        persons: u16,
    ) -> &mut CallRow {
        let received = t(at);
        self.call_at(received, result, ms, persons)
    }

    pub fn call_at(
        &mut self,
        received: Ms,
        result: CallResult,
        ms: Option<i64>,
        persons: u16,
    ) -> &mut CallRow {
        let id = format!("C{:06}", self.calls.len() + 1);
        self.calls.push(CallRow {
            id,
            received,
            responded: ms.map(|m| received + m),
            result,
            persons,
            municipality: None,
            failed: Vec::new(),
        });
        self.calls.last_mut().unwrap()
    }

    /// A ticket registered at `registered` (local time).
    pub fn ticket(
        &mut self,
        id: &str,
        kind: TicketType,
        priority: Option<u8>,
        registered: &str,
    ) -> &mut Ticket {
        self.tickets.push(Ticket {
            ticket_id: id.to_string(),
            kind,
            priority,
            registered_at: t(registered),
            responded_at: None,
            resolved_at: None,
            closed_at: None,
            summary: String::new(),
            security: false,
            major: false,
            outage_start: None,
            outage_end: None,
            outage_kind: OutageKind::Unavailable,
            planned: false,
            cause: String::new(),
            action_plan: String::new(),
            provider: String::new(),
            source: RowRef::default(),
        });
        self.tickets.last_mut().unwrap()
    }

    /// An incident with an outage `[from, to)` (local times; `to` None = ongoing).
    pub fn outage(&mut self, id: &str, from: &str, to: Option<&str>) -> &mut Ticket {
        let tk = self.ticket(id, TicketType::Incident, Some(1), from);
        tk.outage_start = Some(t(from));
        tk.outage_end = to.map(t);
        tk
    }

    pub fn change(&mut self, id: &str) -> &mut Change {
        self.changes.push(Change {
            change_id: id.to_string(),
            title: String::new(),
            priority: None,
            status: ChangeStatus::Completed,
            in_release: false,
            notified_at: None,
            scheduled_start: None,
            scheduled_end: None,
            actual_start: None,
            actual_end: None,
            overrun_notified: false,
            outcome: String::new(),
            source: RowRef::default(),
        });
        self.changes.last_mut().unwrap()
    }

    /// The validated inputs, calls sorted by (received, call_id); `data_end` as the readers
    /// compute it (the latest instant of any row) unless set.
    pub fn inputs(&self) -> Inputs {
        let mut rows = self.calls.clone();
        rows.sort_by(|a, b| (a.received, &a.id).cmp(&(b.received, &b.id)));
        let mut calls = Calls {
            failed_sets: vec![Vec::new()],
            ..Calls::default()
        };
        let mut latest: Option<Ms> = None;
        let mut see = |x: Ms| latest = Some(latest.map_or(x, |l: Ms| l.max(x)));
        for r in &rows {
            calls.received.push(r.received);
            calls.responded.push(r.responded.unwrap_or(NO_TIME));
            calls.result.push(r.result);
            calls.persons.push(r.persons);
            calls.municipality.push(match &r.municipality {
                None => NO_ID,
                Some(m) => match calls.municipalities.iter().position(|x| x == m) {
                    Some(k) => k as u32,
                    None => {
                        calls.municipalities.push(m.clone());
                        (calls.municipalities.len() - 1) as u32
                    }
                },
            });
            let mut set = r.failed.clone();
            set.sort();
            set.dedup();
            let k = match calls.failed_sets.iter().position(|s| *s == set) {
                Some(k) => k,
                None => {
                    calls.failed_sets.push(set);
                    calls.failed_sets.len() - 1
                }
            };
            calls.failed.push(k as u32);
            calls.ids.push(&r.id);
            see(r.received);
            if let Some(x) = r.responded {
                see(x);
            }
        }
        for tk in &self.tickets {
            for x in [
                Some(tk.registered_at),
                tk.responded_at,
                tk.resolved_at,
                tk.closed_at,
                tk.outage_start,
                tk.outage_end,
            ]
            .into_iter()
            .flatten()
            {
                see(x);
            }
        }
        for c in &self.changes {
            for x in [
                c.notified_at,
                c.scheduled_start,
                c.scheduled_end,
                c.actual_start,
                c.actual_end,
            ]
            .into_iter()
            .flatten()
            {
                see(x);
            }
        }
        Inputs {
            calls,
            tickets: self.tickets.clone(),
            changes: self.changes.clone(),
            corrections: self.corrections.clone(),
            data_end: self.data_end.or(latest),
            ..Inputs::default()
        }
    }

    /// Compute `year-month` with the kit's config.
    pub fn run(&self, year: i32, month: u32) -> Metrics {
        let cals = Calendars::from_config(&self.cfg.calendar);
        compute(
            &self.inputs(),
            &self.cfg,
            &cals,
            crate::calendar::Month::new(year, month).expect("a month"),
        )
        .expect("metrics")
    }
}
