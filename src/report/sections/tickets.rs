//! Incidenter, Problem, Beställningar and Säkerhet (SPEC §4.5, §4.7): per priority counts within
//! and outside the response (Responstid) and resolution (Åtgärdstid) targets, every breach, the
//! tickets still open at month end, major-incident detail, orders' lead times, and the security
//! incidents against the incident targets.

use super::{dash, fact, fact_s, heading, interval_text, note, target_status, MAX_ROWS};
use crate::config::{PriorityTargets, Target, Unit};
use crate::metrics::{Breach, OpenTicket, PriorityRow, Ratio, TicketArea, TicketTimes};
use crate::report::blocks::*;
use crate::report::cover::status_of;
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
    match p {
        Some(p @ 1..=4) => format!("{p} – {}", ctx.t(&format!("prio.{p}"))),
        Some(p) => p.to_string(),
        None => "–".into(),
    }
}

/// A duration in a target's unit (the unit of `t`, or hours without a target).
fn dur(ctx: &Ctx<'_>, ms: Option<i64>, t: Option<&Target>) -> String {
    let unit = t.map_or(Unit::H, |t| t.unit);
    ctx.f.in_unit(ms, unit, ctx.cals.working_day_ms)
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
            fact(ctx.t("col.registered"), ctx.f.local(t.registered_at)),
            fact(ctx.t("col.responded"), ctx.f.local_opt(t.responded_at)),
            fact(ctx.t("col.resolved"), ctx.f.local_opt(t.resolved_at)),
            fact(ctx.t("col.closed"), ctx.f.local_opt(t.closed_at)),
        ];
        if let (Some(s), Some(e)) = (mi.outage_start, mi.outage_end) {
            rows.push(fact(
                ctx.t("tk.outage"),
                format!("{} ({} h)", interval_text(ctx.f, s, e), ctx.f.hmm_up(e - s)),
            ));
        } else if let Some(s) = mi.outage_start {
            rows.push(fact(ctx.t("tk.outage"), format!("{} –", ctx.f.local(s))));
        }
        if !mi.provider.is_empty() {
            rows.push(fact(ctx.t("tk.provider"), mi.provider.clone()));
        }
        rows.push(fact(ctx.t("col.cause"), dash(&mi.cause)));
        rows.push(fact(ctx.t("col.action_plan"), dash(&mi.action_plan)));
        rows.push(fact_s(
            ctx.t("tk.response"),
            format!(
                "{} ({} {})",
                dur(ctx, t.response_ms, targets.map(|x| &x.response)),
                ctx.t("col.target").to_lowercase(),
                targets.map_or("–".into(), |x| ctx.f.target(&x.response))
            ),
            status_of(t.response_met),
        ));
        rows.push(fact_s(
            ctx.t("tk.resolution"),
            format!(
                "{} ({} {})",
                dur(ctx, t.resolution_ms, targets.map(|x| &x.resolution)),
                ctx.t("col.target").to_lowercase(),
                targets.map_or("–".into(), |x| ctx.f.target(&x.resolution))
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
    area_blocks(ctx, Kind::Problem, &ctx.metrics.problems)
}

/// Facts, the per-priority chart and tables, the breaches, the open tickets and the list of
/// resolved tickets of one area.
fn area_blocks(ctx: &Ctx<'_>, kind: Kind, area: &TicketArea) -> Vec<Block> {
    let f = ctx.f;
    let k = kind.key();
    let mut out = vec![Block::Facts {
        rows: vec![
            fact(ctx.t("tk.resolved"), f.uint(area.resolved)),
            fact_s(
                ctx.t("tk.response_breaches"),
                f.uint(area.response_breaches),
                target_status(ctx, &format!("{k}_response_breaches")),
            ),
            fact_s(
                ctx.t("tk.resolution_breaches"),
                f.uint(area.resolution_breaches),
                target_status(ctx, &format!("{k}_resolution_breaches")),
            ),
            fact(
                ctx.t("tk.open_at_end"),
                f.uint(area.open_at_month_end.len() as u64),
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
        )));
    }
    out.push(note(ctx.t("tk.rule")));
    out.push(heading(ctx.t("tk.breaches")));
    out.push(Block::Table(breach_table(ctx, kind, &area.breaches)));
    out.push(heading(ctx.t("tk.open_at_end")));
    out.push(Block::Table(open_table(ctx, kind, &area.open_at_month_end)));
    out.push(heading(ctx.t(&format!("tk.list_{k}"))));
    out.push(Block::Table(ticket_list(ctx, kind, &area.tickets)));
    out
}

fn priority_chart(ctx: &Ctx<'_>, kind: Kind, rows: &[PriorityRow]) -> Chart {
    let labels: Vec<String> = rows
        .iter()
        .map(|r| priority_name(ctx, Some(r.priority)))
        .collect();
    let within: Vec<f64> = rows.iter().map(|r| r.resolution_within as f64).collect();
    let outside: Vec<f64> = rows.iter().map(|r| r.resolution_outside as f64).collect();
    Chart {
        id: format!("{}-per-priority", kind.key()),
        title: ctx.t("tk.per_priority_chart").into(),
        alt: ctx.t("tk.per_priority_alt").into(),
        // Four priorities: a narrow, low chart (sized to its content, not half a page).
        width: 0.6,
        spec: ChartSpec::Bars {
            x_labels: labels,
            series: vec![
                Series {
                    name: ctx.t("tk.within").into(),
                    tone: Tone::Good,
                    values: within,
                },
                Series {
                    name: ctx.t("tk.outside").into(),
                    tone: Tone::Bad,
                    values: outside,
                },
            ],
            y_label: ctx.t("col.count").into(),
            y_max: None,
            reference: None,
            markers: Vec::new(),
            value_labels: true,
            label_every: 1,
            decimal_comma: ctx.f.lang == crate::cli::Lang::Sv,
        },
    }
}

fn priority_table(ctx: &Ctx<'_>, kind: Kind, rows: &[PriorityRow], measure: &str) -> Table {
    let f = ctx.f;
    let title = measure_name(ctx, measure);
    let mut t = Table::new(
        &format!("{}-{measure}-per-priority", kind.key()),
        format!("{title} {}", ctx.t("tk.per_priority")),
        ctx.t("none"),
    )
    .col(ctx.t("col.priority"), Align::Left, 3)
    .col(ctx.t("col.target"), Align::Right, 3)
    .col(ctx.t("tk.resolved"), Align::Right, 2)
    .col(ctx.t("tk.within"), Align::Right, 2)
    .col(ctx.t("tk.outside"), Align::Right, 2)
    .col(ctx.t("tk.share_within"), Align::Right, 2)
    .col(ctx.t("tk.median"), Align::Right, 3)
    .col(ctx.t("tk.max"), Align::Right, 3);
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
        t.push(vec![
            Cell::new(priority_name(ctx, Some(r.priority))),
            Cell::new(target.map_or("–".into(), |x| f.target(x))),
            Cell::new(f.uint(r.resolved)),
            Cell::new(f.uint(within)),
            Cell::status(f.uint(outside), status),
            Cell::new(f.pct_ratio(share)),
            Cell::new(dur(ctx, median, target)),
            Cell::new(dur(ctx, max, target)),
        ]);
    }
    t
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
    .col(ctx.t("col.target"), Align::Right, 2)
    .col(ctx.t("col.actual"), Align::Right, 2)
    .col(ctx.t("col.excess"), Align::Right, 3)
    .col(ctx.t("col.summary"), Align::Left, 5)
    .compact();
    for b in breaches.iter().take(MAX_ROWS) {
        let target = Target::parse(&b.target).ok();
        let ended = match b.ended_at {
            Some(e) => format!("{} → {}", f.local(b.registered_at), f.local(e)),
            None => format!(
                "{} → {}",
                f.local(b.registered_at),
                ctx.t("tk.never_started")
            ),
        };
        t.push(vec![
            Cell::new(b.ticket_id.clone()),
            Cell::new(priority_name(ctx, b.priority)),
            Cell::new(measure_name(ctx, &b.measure)),
            Cell::new(ended),
            Cell::new(target.map_or_else(|| b.target.clone(), |x| f.target(&x))),
            Cell::status(dur(ctx, b.actual_ms, target.as_ref()), Status::NotMet),
            Cell::new(dur(ctx, b.excess_ms, target.as_ref())),
            Cell::new(dash(&b.summary)),
        ]);
    }
    if breaches.len() > MAX_ROWS {
        t.truncated_note = ctx.t("truncated").into();
    }
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
    .col(ctx.t("tk.resolution_target"), Align::Right, 2)
    .col(ctx.t("cover.status"), Align::Left, 2)
    .col(ctx.t("col.summary"), Align::Left, 5)
    .compact();
    for o in open.iter().take(MAX_ROWS) {
        let target = o
            .priority
            .and_then(|p| kind.targets(ctx, p))
            .map(|x| &x.resolution);
        let (status, text) = if o.already_breached {
            (Status::NotMet, ctx.t("tk.past_target"))
        } else {
            (Status::None, ctx.t("tk.within_so_far"))
        };
        t.push(vec![
            Cell::new(o.ticket_id.clone()),
            Cell::new(priority_name(ctx, o.priority)),
            Cell::new(f.local(o.registered_at)),
            Cell::new(f.local_opt(o.responded_at)),
            // Business time: in the target's unit, or hours for a calendar-day target.
            Cell::new(dur(
                ctx,
                Some(o.elapsed_ms),
                target.filter(|x| x.unit != Unit::D),
            )),
            Cell::new(target.map_or("–".into(), |x| f.target(x))),
            Cell::status(text, status),
            Cell::new(dash(&o.summary)),
        ]);
    }
    if open.len() > MAX_ROWS {
        t.truncated_note = ctx.t("truncated").into();
    }
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
    .col(ctx.t("tk.response"), Align::Right, 2)
    .col(ctx.t("tk.resolution"), Align::Right, 2)
    .col(ctx.t("col.summary"), Align::Left, 6)
    .compact();
    for x in tickets.iter().take(MAX_ROWS) {
        let targets = x.priority.and_then(|p| kind.targets(ctx, p));
        let mut id = x.ticket_id.clone();
        if x.major {
            id.push_str(" (!)");
        }
        t.push(vec![
            Cell::new(id),
            Cell::new(priority_name(ctx, x.priority)),
            Cell::new(f.local(x.registered_at)),
            Cell::new(f.local_opt(x.resolved_at)),
            met_cell(
                dur(ctx, x.response_ms, targets.map(|t| &t.response)),
                x.response_met,
            ),
            met_cell(
                dur(ctx, x.resolution_ms, targets.map(|t| &t.resolution)),
                x.resolution_met,
            ),
            Cell::new(dash(&x.summary)),
        ]);
    }
    if tickets.len() > MAX_ROWS {
        t.truncated_note = ctx.t("truncated_list").into();
    }
    t
}

pub(crate) fn orders(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let o = &ctx.metrics.orders;
    let target = ctx.config.config.tickets.order.lead_time.as_ref();
    // Lead time is shown in the target's unit, or in days (calendar time, SPEC §9.22).
    let lead = |ms: Option<i64>| match target {
        Some(t) => dur(ctx, ms, Some(t)),
        None => f.in_unit(ms, Unit::D, ctx.cals.working_day_ms),
    };
    let mut rows = vec![
        fact(ctx.t("or.closed"), f.uint(o.closed)),
        fact(ctx.t("or.median"), lead(o.lead_time_median_ms)),
        fact(ctx.t("or.p90"), lead(o.lead_time_p90_ms)),
        fact(ctx.t("or.max"), lead(o.lead_time_max_ms)),
    ];
    match (target, o.within_target) {
        (Some(t), Some(w)) => {
            let status = if w == o.closed {
                Status::Met
            } else {
                Status::NotMet
            };
            rows.push(fact(ctx.t("col.target"), f.target(t)));
            rows.push(fact_s(
                ctx.t("tk.within"),
                format!(
                    "{} ({})",
                    f.uint(w),
                    f.pct_ratio(Ratio::new(w as i64, o.closed as i64))
                ),
                status,
            ));
        }
        _ => rows.push(fact(ctx.t("col.target"), ctx.t("or.no_target"))),
    }
    let mut t = Table::new("orders", ctx.t("or.list"), ctx.t("or.none"))
        .col(ctx.t("col.id"), Align::Left, CONTENT_WIDTH)
        .col(ctx.t("col.registered"), Align::Left, 3)
        .col(ctx.t("col.closed"), Align::Left, 3)
        .col(ctx.t("or.lead_time"), Align::Right, 2)
        .col(ctx.t("col.summary"), Align::Left, 7)
        .compact();
    for x in o.orders.iter().take(MAX_ROWS) {
        let lt = x.closed_at.map(|c| c - x.registered_at);
        t.push(vec![
            Cell::new(x.ticket_id.clone()),
            Cell::new(f.local(x.registered_at)),
            Cell::new(f.local_opt(x.closed_at)),
            // The metrics give the lead time on its clock in `resolution_ms`.
            Cell::new(lead(x.resolution_ms.or(lt))),
            Cell::new(dash(&x.summary)),
        ]);
    }
    if o.orders.len() > MAX_ROWS {
        t.truncated_note = ctx.t("truncated_list").into();
    }
    vec![
        Block::Facts { rows },
        Block::Table(t),
        note(ctx.t("or.rule")),
    ]
}

pub(crate) fn security(ctx: &Ctx<'_>) -> Vec<Block> {
    let list = &ctx.metrics.security.incidents;
    let breaches = list
        .iter()
        .filter(|t| t.response_met == Some(false) || t.resolution_met == Some(false))
        .count() as u64;
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
