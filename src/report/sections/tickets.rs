//! Incidenter, Problem and Säkerhet (M7, M7.7; Beställningar are in `orders`): per priority
//! counts within and outside the response (Responstid) and resolution (Åtgärdstid) targets,
//! every breach, the tickets still open at month end (past which target), major-incident
//! detail, problems' root cause and action (agreement §4: "grundorsak och åtgärd"), and the
//! security incidents against the incident targets. Every duration is h:mm (agreement 3.8's
//! reporting unit), one unit per column; targets keep the agreement's words.

use super::{
    against_target, dash, fact, fact_s, heading, interval_text, note, target_status, MAX_ROWS,
};
use crate::config::{PriorityTargets, Target};
use crate::metrics::{Breach, OpenTicket, PriorityRow, TicketArea, TicketTimes};
use crate::report::blocks::*;
use crate::report::words::status_of;
use crate::report::Ctx;

/// Incidents or problems.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Incident,
    Problem,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Incident => "incidents",
            Kind::Problem => "problems",
        }
    }
    fn targets<'a>(self, ctx: &'a Ctx<'_>, p: u8) -> Option<&'a PriorityTargets> {
        let t = &ctx.config.config.tickets;
        match self {
            Kind::Incident => t.incident_targets(p),
            Kind::Problem => t.problem_targets(p),
        }
    }
}

/// "1 – kritisk".
pub(crate) fn priority_name(ctx: &Ctx<'_>, p: Option<u8>) -> String {
    priority_name_in(ctx.f.lang, p)
}

/// [`priority_name`] with the language alone.
pub(crate) fn priority_name_in(lang: crate::report::Lang, p: Option<u8>) -> String {
    match p {
        Some(p @ 1..=4) => format!(
            "{p} – {}",
            crate::report::i18n::t(lang, &format!("prio.{p}"))
        ),
        Some(p) => p.to_string(),
        None => "–".into(),
    }
}

/// A measured duration as h:mm, with seconds when not whole minutes (it then equals the
/// difference of the times shown, which carry their seconds too).
pub(super) fn dur(ctx: &Ctx<'_>, ms: Option<i64>) -> String {
    ctx.f.hmm_exact_opt(ms)
}

/// A target in the agreement's words, with its h:mm when the words do not show it.
pub(super) fn target_text(ctx: &Ctx<'_>, t: Option<&Target>) -> String {
    t.map_or_else(
        || "–".into(),
        |t| ctx.f.target_hmm(t, ctx.cals.working_day_ms),
    )
}

/// A column label with the h:mm unit: "Responstid (h:mm)".
fn hmm_col(ctx: &Ctx<'_>, key: &str) -> String {
    format!("{} {}", ctx.t(key), ctx.t("hmm"))
}

fn measure_name(ctx: &Ctx<'_>, measure: &str) -> String {
    match measure {
        "response" => ctx.t("tk.response").into(),
        "resolution" => ctx.t("tk.resolution").into(),
        other => other.into(),
    }
}

pub(crate) fn incidents(ctx: &Ctx<'_>) -> Vec<Block> {
    let area = &ctx.metrics.incidents;
    let mut out = area_blocks(ctx, Kind::Incident, area);
    // Major incidents in detail.
    out.push(heading(ctx.t("tk.major")));
    if area.major.is_empty() {
        out.push(note(ctx.t("tk.no_major")));
    }
    for mi in &area.major {
        let t = &mi.ticket;
        let targets = t.priority.and_then(|p| Kind::Incident.targets(ctx, p));
        let mut rows = vec![
            fact(ctx.t("col.id"), t.ticket_id.clone()),
            fact(ctx.t("col.priority"), priority_name(ctx, t.priority)),
            fact(ctx.t("col.summary"), dash(&t.summary)),
            fact(ctx.t("col.registered"), ctx.f.local_exact(t.registered_at)),
            fact(
                ctx.t("col.responded"),
                ctx.f.local_exact_opt(t.responded_at),
            ),
            fact(ctx.t("col.resolved"), ctx.f.local_exact_opt(t.resolved_at)),
            fact(ctx.t("col.closed"), ctx.f.local_exact_opt(t.closed_at)),
        ];
        if let (Some(s), Some(e)) = (mi.outage_start, mi.outage_end) {
            rows.push(fact(
                ctx.t("tk.outage"),
                format!(
                    "{} ({}\u{a0}h)",
                    interval_text(ctx.f, s, e),
                    ctx.f.hmm_up(e - s)
                ),
            ));
        } else if let Some(s) = mi.outage_start {
            rows.push(fact(
                ctx.t("tk.outage"),
                format!("{} –", ctx.f.local_exact(s)),
            ));
        }
        if !mi.provider.is_empty() {
            rows.push(fact(
                ctx.t("tk.provider"),
                ctx.config.config.provider_label(&mi.provider),
            ));
        }
        rows.push(fact(ctx.t("col.cause"), dash(&mi.cause)));
        rows.push(fact(ctx.t("col.action_plan"), dash(&mi.action_plan)));
        rows.push(fact_s(
            ctx.t("tk.response"),
            against_target(
                ctx,
                format!("{}\u{a0}h", dur(ctx, t.response_ms)),
                target_text(ctx, targets.map(|x| &x.response)),
            ),
            status_of(t.response_met),
        ));
        rows.push(fact_s(
            ctx.t("tk.resolution"),
            against_target(
                ctx,
                format!("{}\u{a0}h", dur(ctx, t.resolution_ms)),
                target_text(ctx, targets.map(|x| &x.resolution)),
            ),
            status_of(t.resolution_met),
        ));
        out.push(heading(&format!(
            "{} {}",
            ctx.t("tk.major_one"),
            t.ticket_id
        )));
        out.push(Block::Facts { rows });
    }
    if !ctx.config.config.report.security {
        let n = ctx.metrics.security.incidents.len() as u64;
        if n > 0 {
            out.push(note(format!(
                "{}: {}",
                ctx.t("tk.security_count"),
                ctx.f.uint(n)
            )));
        }
    }
    out
}

pub(crate) fn problems(ctx: &Ctx<'_>) -> Vec<Block> {
    let area = &ctx.metrics.problems;
    let mut out = area_blocks(ctx, Kind::Problem, area);
    out.push(heading(ctx.t("tk.cause_action")));
    out.push(Block::Table(cause_action(ctx, area)));
    out
}

/// Problems' root cause and action (agreement §4: "Problem – grundorsak och åtgärd"): every
/// problem resolved in the month and every one still open.
fn cause_action(ctx: &Ctx<'_>, area: &TicketArea) -> Table {
    let mut t = Table::new(
        "problems-cause-action",
        ctx.t("tk.cause_action"),
        ctx.t("tk.no_cause_action"),
    )
    .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("col.priority"), Align::Left, 2)
    .col(ctx.t("tk.state"), Align::Left, 2)
    .col(ctx.t("col.summary"), Align::Left, 4)
    .col(ctx.t("tk.root_cause"), Align::Left, 5)
    .col(ctx.t("tk.action"), Align::Left, 5)
    .compact();
    let resolved = area.tickets.iter().map(|x| {
        (
            &x.ticket_id,
            x.priority,
            "tk.state_resolved",
            &x.summary,
            &x.cause,
            &x.action_plan,
        )
    });
    let open = area.open_at_month_end.iter().map(|x| {
        (
            &x.ticket_id,
            x.priority,
            "tk.state_open",
            &x.summary,
            &x.cause,
            &x.action_plan,
        )
    });
    t.push_capped(
        resolved
            .chain(open)
            .map(|(id, prio, state, summary, cause, action)| {
                vec![
                    Cell::new(id.clone()),
                    Cell::new(priority_name(ctx, prio)),
                    Cell::new(ctx.t(state)),
                    Cell::new(dash(summary)),
                    Cell::new(dash(cause)),
                    Cell::new(dash(action)),
                ]
            }),
        area.tickets.len() + area.open_at_month_end.len(),
        MAX_ROWS,
        ctx.t("truncated_list"),
    );
    t
}

/// Facts, the per-priority chart and tables, the breaches, the open tickets and the list of
/// resolved tickets of one area.
fn area_blocks(ctx: &Ctx<'_>, kind: Kind, area: &TicketArea) -> Vec<Block> {
    let f = ctx.f;
    let k = kind.key();
    // A figure the inputs cannot give reads "ingen data (reason)", never 0.
    let value = |key: &str, n: u64| match super::not_measured_reason(ctx, key) {
        Some(why) => format!("{} ({why})", ctx.t("no_data")),
        None => f.uint(n),
    };
    let resolution_key = format!("{k}_resolution_breaches");
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("tk.resolved"), value(&resolution_key, area.resolved)),
            fact_s(
                ctx.t("tk.response_breaches"),
                value(&format!("{k}_response_breaches"), area.response_breaches),
                target_status(ctx, &format!("{k}_response_breaches")),
            ),
            fact_s(
                ctx.t("tk.resolution_breaches"),
                value(&resolution_key, area.resolution_breaches),
                target_status(ctx, &resolution_key),
            ),
            fact(
                ctx.t("tk.open_at_end"),
                value(&resolution_key, area.open_at_month_end.len() as u64),
            ),
        ],
    }];
    out.push(Block::Chart(priority_chart(ctx, kind, &area.per_priority)));
    for measure in ["response", "resolution"] {
        out.push(Block::Table(priority_table(
            ctx,
            kind,
            &area.per_priority,
            measure,
            &area.breaches,
        )));
    }
    out.push(note(ctx.t("tk.rule")));
    out.push(heading(ctx.t("tk.breaches")));
    out.push(Block::Table(breach_table(ctx, kind, &area.breaches)));
    out.push(heading(ctx.t("tk.open_at_end")));
    out.push(Block::Table(open_table(ctx, kind, &area.open_at_month_end)));
    out.push(heading(ctx.t(&format!("tk.list_{k}"))));
    out.push(Block::Table(ticket_list(ctx, kind, &area.tickets)));
    let major: Vec<&str> = area
        .tickets
        .iter()
        .filter(|x| x.major)
        .map(|x| x.ticket_id.as_str())
        .collect();
    if kind == Kind::Incident && !major.is_empty() {
        out.push(note(
            ctx.t("tk.major_note").replace("{ids}", &major.join(", ")),
        ));
    }
    out
}

fn priority_chart(ctx: &Ctx<'_>, kind: Kind, rows: &[PriorityRow]) -> Chart {
    let labels: Vec<String> = rows
        .iter()
        .map(|r| priority_name(ctx, Some(r.priority)))
        .collect();
    let within: Vec<f64> = rows.iter().map(|r| r.resolution_within as f64).collect();
    let outside: Vec<f64> = rows.iter().map(|r| r.resolution_outside as f64).collect();
    let series = vec![
        Series::new(ctx.t("tk.within"), Tone::Good, within),
        Series::new(ctx.t("tk.outside"), Tone::Bad, outside),
    ];
    Chart::bars(
        format!("{}-per-priority", kind.key()),
        ctx.t("tk.per_priority_chart"),
        ctx.t("tk.per_priority_alt"),
        labels,
        series,
        ctx.t("col.count"),
        ctx.f.lang,
    )
    .value_labels()
    // Four priorities: a narrow, low chart (sized to its content, not half a page).
    .width(0.6)
}

fn priority_table(
    ctx: &Ctx<'_>,
    kind: Kind,
    rows: &[PriorityRow],
    measure: &str,
    breaches: &[Breach],
) -> Table {
    let f = ctx.f;
    let title = measure_name(ctx, measure);
    let mut t = Table::new(
        &format!("{}-{measure}-per-priority", kind.key()),
        format!("{title} {}", ctx.t("tk.per_priority")),
        ctx.t("none"),
    )
    .col(ctx.t("col.priority"), Align::Left, 3)
    .col(ctx.t("col.target"), Align::Right, 4)
    .col(ctx.t("tk.resolved"), Align::Right, 2)
    .col(ctx.t("tk.within"), Align::Right, 2)
    .col(ctx.t("tk.outside"), Align::Right, 2)
    .col(ctx.t("tk.share_within"), Align::Right, 2)
    .col(hmm_col(ctx, "tk.median"), Align::Right, 2)
    .col(hmm_col(ctx, "tk.max"), Align::Right, 2);
    for r in rows {
        let targets = kind.targets(ctx, r.priority);
        let target = targets.map(|x| {
            if measure == "response" {
                &x.response
            } else {
                &x.resolution
            }
        });
        let (within, outside, share, median, max) = if measure == "response" {
            (
                r.response_within,
                r.response_outside,
                r.response_share,
                r.response_median_ms,
                r.response_max_ms,
            )
        } else {
            (
                r.resolution_within,
                r.resolution_outside,
                r.resolution_share,
                r.resolution_median_ms,
                r.resolution_max_ms,
            )
        };
        let status = if outside > 0 {
            Status::NotMet
        } else {
            Status::None
        };
        // A ticket never started has no response time: it is outside the target but in
        // neither the median nor the max, and the max says so.
        let never = if measure == "response" {
            breaches
                .iter()
                .filter(|b| {
                    b.measure == crate::metrics::Measure::Response
                        && b.ended_at.is_none()
                        && b.priority == Some(r.priority)
                })
                .count() as u64
        } else {
            0
        };
        t.push(vec![
            Cell::new(priority_name(ctx, Some(r.priority))),
            Cell::new(target_text(ctx, target)),
            Cell::new(f.uint(r.resolved)),
            Cell::new(f.uint(within)),
            Cell::status(f.uint(outside), status),
            Cell::new(f.pct_ratio(share)),
            Cell::new(dur(ctx, median)),
            Cell::new(max_text(ctx, dur(ctx, max), never)),
        ]);
    }
    t
}

/// The max of a priority row, with the tickets never started that it leaves out:
/// `10:00 (+1 aldrig påbörjat)`.
fn max_text(ctx: &Ctx<'_>, max: String, never: u64) -> String {
    if never == 0 {
        return max;
    }
    format!(
        "{max} (+{} {})",
        ctx.f.uint(never),
        ctx.t("tk.never_started_short")
    )
}

fn breach_table(ctx: &Ctx<'_>, kind: Kind, breaches: &[Breach]) -> Table {
    let f = ctx.f;
    let mut t = Table::new(
        &format!("{}-breaches", kind.key()),
        ctx.t("tk.breaches"),
        ctx.t("tk.no_breaches"),
    )
    .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("col.priority"), Align::Left, 2)
    .col(ctx.t("col.measure"), Align::Left, 2)
    .col(ctx.t("tk.from_to"), Align::Left, 4)
    .col(ctx.t("col.target"), Align::Right, 3)
    .col(hmm_col(ctx, "col.actual"), Align::Right, 2)
    .col(hmm_col(ctx, "col.excess"), Align::Right, 3)
    .col(ctx.t("col.summary"), Align::Left, 5)
    .compact();
    t.push_capped(
        breaches.iter().map(|b| {
            let ended = match b.ended_at {
                Some(e) => format!("{} → {}", f.local_exact(b.registered_at), f.local_exact(e)),
                None => format!(
                    "{} → {}",
                    f.local_exact(b.registered_at),
                    ctx.t("tk.never_started")
                ),
            };
            vec![
                Cell::new(b.ticket_id.clone()),
                Cell::new(priority_name(ctx, b.priority)),
                Cell::new(measure_name(ctx, b.measure.as_str())),
                Cell::new(ended),
                Cell::new(f.target_hmm(&b.target, ctx.cals.working_day_ms)),
                Cell::status(dur(ctx, b.actual_ms), Status::NotMet),
                Cell::new(dur(ctx, b.excess_ms)),
                Cell::new(dash(&b.summary)),
            ]
        }),
        breaches.len(),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    t
}

fn open_table(ctx: &Ctx<'_>, kind: Kind, open: &[OpenTicket]) -> Table {
    let f = ctx.f;
    let mut t = Table::new(
        &format!("{}-open", kind.key()),
        ctx.t("tk.open_at_end"),
        ctx.t("tk.no_open"),
    )
    .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("col.priority"), Align::Left, 2)
    .col(ctx.t("col.registered"), Align::Left, 3)
    .col(ctx.t("col.responded"), Align::Left, 3)
    .col(ctx.t("tk.elapsed"), Align::Right, 2)
    .col(ctx.t("tk.targets"), Align::Right, 4)
    .col(ctx.t("cover.status"), Align::Left, 3)
    .col(ctx.t("col.summary"), Align::Left, 4)
    .compact();
    t.push_capped(
        open.iter().map(|o| {
            let targets = o.priority.and_then(|p| kind.targets(ctx, p));
            // Which target is already past, against that target (a late response is not a late
            // resolution).
            let (status, text) = match (o.response_breached, o.resolution_breached) {
                (true, true) => (Status::NotMet, ctx.t("tk.both_past")),
                (true, false) => (Status::NotMet, ctx.t("tk.response_past")),
                (false, true) => (Status::NotMet, ctx.t("tk.resolution_past")),
                (false, false) => (Status::None, ctx.t("tk.within_so_far")),
            };
            let responded = if o.response_breached {
                Cell::status(f.local_exact_opt(o.responded_at), Status::NotMet)
            } else {
                Cell::new(f.local_exact_opt(o.responded_at))
            };
            vec![
                Cell::new(o.ticket_id.clone()),
                Cell::new(priority_name(ctx, o.priority)),
                Cell::new(f.local_exact(o.registered_at)),
                responded,
                // Business time (support hours), whatever the target's clock (M7).
                Cell::new(f.hmm_exact(o.elapsed_ms)),
                Cell::new(format!(
                    "{} / {}",
                    target_text(ctx, targets.map(|x| &x.response)),
                    target_text(ctx, targets.map(|x| &x.resolution))
                )),
                Cell::status(text, status),
                Cell::new(dash(&o.summary)),
            ]
        }),
        open.len(),
        MAX_ROWS,
        ctx.t("truncated"),
    );
    t
}

/// A measured time, red when it missed its target.
fn met_cell(text: String, met: Option<bool>) -> Cell {
    match met {
        Some(false) => Cell::status(text, Status::NotMet),
        _ => Cell::new(text),
    }
}

fn ticket_list(ctx: &Ctx<'_>, kind: Kind, tickets: &[TicketTimes]) -> Table {
    let f = ctx.f;
    let mut t = Table::new(
        &format!("{}-list", kind.key()),
        ctx.t(&format!("tk.list_{}", kind.key())),
        ctx.t("none"),
    )
    .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("col.priority"), Align::Left, 2)
    .col(ctx.t("col.registered"), Align::Left, 3)
    .col(ctx.t("col.resolved"), Align::Left, 3)
    .col(hmm_col(ctx, "tk.response"), Align::Right, 2)
    .col(hmm_col(ctx, "tk.resolution"), Align::Right, 2)
    .col(ctx.t("col.summary"), Align::Left, 6)
    .compact();
    t.push_capped(
        tickets.iter().map(|x| {
            vec![
                Cell::new(x.ticket_id.clone()),
                Cell::new(priority_name(ctx, x.priority)),
                Cell::new(f.local_exact(x.registered_at)),
                Cell::new(f.local_exact_opt(x.resolved_at)),
                met_cell(dur(ctx, x.response_ms), x.response_met),
                met_cell(dur(ctx, x.resolution_ms), x.resolution_met),
                Cell::new(dash(&x.summary)),
            ]
        }),
        tickets.len(),
        MAX_ROWS,
        ctx.t("truncated_list"),
    );
    t
}

pub(crate) fn security(ctx: &Ctx<'_>) -> Vec<Block> {
    let list = &ctx.metrics.security.incidents;
    // The metrics' count (resolved in the month), the same figure as the summary row's.
    let breaches = ctx.metrics.security.breaches;
    vec![
        Block::Facts {
            rows: vec![
                fact(ctx.t("se.count"), ctx.f.uint(list.len() as u64)),
                fact_s(
                    ctx.t("se.outside"),
                    ctx.f.uint(breaches),
                    if breaches > 0 {
                        Status::NotMet
                    } else {
                        Status::None
                    },
                ),
            ],
        },
        Block::Table({
            let mut t = ticket_list(ctx, Kind::Incident, list);
            t.id = "security-incidents".into();
            t.caption = ctx.t("se.list").into();
            t.empty = ctx.t("se.none").into();
            t
        }),
        note(ctx.t("se.rule")),
    ]
}
