//! A rich synthetic month (SSBTEK, March 2026) for rendering tests and the golden files:
//! every list non-empty — outages, degraded periods, breaches, open tickets, a major incident,
//! changes, corrections, reconciliation discrepancies, rejects — and figures that make some
//! targets met and some not.
//!
//! Test support only (public so integration tests can use it; hidden from the docs). Every
//! free-text field goes through a caller-given function, so the injection tests can put hostile
//! text (`<script>`, `#set page(…)`, `=cmd`) into every one of them.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::audit::Manifest;
use crate::calendar::{local_midnight, Ms};
use crate::config::{LoadedConfig, SlaConfig};
use crate::inputs::{FileStats, InputKind, Inputs, Reject};
use crate::metrics::*;

const TZ: chrono_tz::Tz = chrono_tz::Europe::Stockholm;
const H: i64 = 3_600_000;
const MIN: i64 = 60_000;

/// Local `YYYY-MM-DD HH:MM` in Stockholm → UTC ms.
pub fn at(s: &str) -> Ms {
    let ndt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("fixture time");
    crate::calendar::resolve_local(
        TZ,
        ndt,
        crate::config::NonexistentPolicy::ShiftForward,
        crate::config::AmbiguousPolicy::Earliest,
    )
    .expect("fixture time resolves")
    .0
}

/// Everything a report is built from.
pub struct Fixture {
    pub metrics: Metrics,
    pub inputs: Inputs,
    pub config: LoadedConfig,
    pub manifest: Manifest,
}

/// The fixture with its own texts.
pub fn fixture() -> Fixture {
    fixture_with_text(&|s: &str| s.to_string())
}

/// The fixture with every free-text field passed through `tx`.
pub fn fixture_with_text(tx: &dyn Fn(&str) -> String) -> Fixture {
    let config = LoadedConfig::new(SlaConfig::ssbtek(), "embedded:ssbtek".into());
    let inputs = inputs(tx);
    let manifest = Manifest::new(
        &inputs,
        &config,
        "2026-03",
        "sv",
        vec!["csv".into(), "html".into(), "json".into(), "pdf".into()],
        vec!["canonical".into()],
    );
    Fixture {
        metrics: metrics(tx),
        inputs,
        config,
        manifest,
    }
}

fn inputs(tx: &dyn Fn(&str) -> String) -> Inputs {
    let file = |input: &str, path: &str, read: u64, rejected: u64, gap: u64, fold: u64| FileStats {
        input: input.into(),
        path: tx(path),
        size_bytes: read * 97,
        sha256: format!("{:0>64}", format!("{:x}", read * 7919 + rejected)),
        rows_read: read,
        rows_used: read - rejected,
        rows_rejected: rejected,
        dst_gap_resolved: gap,
        dst_fold_resolved: fold,
    };
    let reject = |input, file: &str, line, column: &str, value: &str, reason: &str| Reject {
        input,
        file: tx(file),
        line,
        column: column.into(),
        value: tx(value),
        reason: reason.into(),
    };
    Inputs {
        files: vec![
            file("calls", "logs/calls-2026-03.csv", 430_115, 3, 2, 0),
            file("tickets", "tickets.csv", 61, 1, 0, 0),
            file("changes", "changes.csv", 6, 0, 0, 0),
            file("corrections", "corrections.csv", 2, 0, 0, 0),
        ],
        rejects: vec![
            reject(
                InputKind::Calls,
                "logs/calls-2026-03.csv",
                1_204,
                "persons",
                "0",
                "persons < 1",
            ),
            reject(
                InputKind::Calls,
                "logs/calls-2026-03.csv",
                88_310,
                "received_at",
                "2026-03-32T10:00:00",
                "unparseable timestamp",
            ),
            reject(
                InputKind::Calls,
                "logs/calls-2026-03.csv",
                301_877,
                "call_id",
                "=HYPERLINK(\"http://x\")",
                "duplicate",
            ),
            reject(
                InputKind::Tickets,
                "tickets.csv",
                44,
                "resolved_at",
                "2026-03-01T09:00:00+01:00",
                "resolved_at before registered_at",
            ),
        ],
        data_end: Some(at("2026-03-31 23:59")),
        preset: "canonical".into(),
        ..Inputs::default()
    }
}

/// Weekdays of March 2026 (no public holiday falls on one).
fn open_days() -> Vec<NaiveDate> {
    let mut d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut out = Vec::new();
    while d.month() == 3 {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

fn pct(calls: u64, share_bp: u64) -> u64 {
    calls * share_bp / 10_000
}

fn ticket(
    tx: &dyn Fn(&str) -> String,
    id: &str,
    p: u8,
    reg: &str,
    resp: Option<&str>,
    res: Option<&str>,
    (resp_ms, res_ms): (Option<i64>, Option<i64>),
    (resp_t, res_t): (i64, i64),
    summary: &str,
) -> TicketTimes {
    TicketTimes {
        ticket_id: tx(id),
        priority: Some(p),
        registered_at: at(reg),
        responded_at: resp.map(at),
        resolved_at: res.map(at),
        closed_at: res.map(|r| at(r) + 2 * H),
        response_ms: resp_ms,
        resolution_ms: res_ms,
        response_target_ms: Some(resp_t),
        resolution_target_ms: Some(res_t),
        response_met: resp_ms.map(|x| x <= resp_t).or(Some(false)),
        resolution_met: res_ms.map(|x| x <= res_t),
        summary: tx(summary),
        security: false,
        major: false,
    }
}

fn metrics(tx: &dyn Fn(&str) -> String) -> Metrics {
    let (period_start, period_end) = crate::calendar::month_bounds(TZ, 2026, 3);
    let days = open_days();
    let open_ms = days.len() as i64 * 9 * H; // 22 × 9 h = 198 h
    let out1 = (at("2026-03-10 09:12"), at("2026-03-10 10:47")); // 95 min
    let out2 = (at("2026-03-24 16:20"), at("2026-03-24 17:45")); // 40 min within open time
    let unavailable_ms = 95 * MIN + 40 * MIN;
    let degraded = (at("2026-03-18 13:05"), at("2026-03-18 13:40"));
    let degraded_ms = 35 * MIN;
    let availability = Ratio::new(open_ms - unavailable_ms, open_ms);

    let intervals = vec![
        SourcedInterval {
            start: out1.0,
            end: out1.1,
            source: OutageSource::Incident,
            reference: tx("INC-1042"),
            failed_calls: 0,
        },
        SourcedInterval {
            start: out1.0 + 2 * MIN,
            end: out1.1 - 5 * MIN,
            source: OutageSource::Calls,
            reference: tx("c-2026031009140001"),
            failed_calls: 1_873,
        },
        SourcedInterval {
            start: out2.0,
            end: out2.1,
            source: OutageSource::Change,
            reference: tx("CHG-88"),
            failed_calls: 0,
        },
    ];
    let outages = vec![
        Outage {
            start: out1.0,
            end: out1.1,
            open_ms: 95 * MIN,
            wall_ms: 95 * MIN,
            sources: vec![OutageSource::Incident, OutageSource::Calls],
            incident_ids: vec![tx("INC-1042")],
            change_ids: vec![],
            cause: tx("Certifikat för SHS-anslutningen hade gått ut hos Försäkringskassan."),
            action_plan: tx(
                "Certifikat förnyat; bevakning av utgångsdatum införd i övervakningen.",
            ),
            outage_no: 1,
        },
        Outage {
            start: out2.0,
            end: out2.1,
            open_ms: 40 * MIN,
            wall_ms: 85 * MIN,
            sources: vec![OutageSource::Change],
            incident_ids: vec![],
            change_ids: vec![tx("CHG-88")],
            cause: tx("Databasuppgradering drog över servicefönstret utan avisering."),
            action_plan: tx("Rutin för avisering vid överdrag skärps; längre fönster planeras."),
            outage_no: 2,
        },
    ];
    let per_day: Vec<DayAvailability> = {
        let mut d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut v = Vec::new();
        while d.month() == 3 {
            let open = if days.contains(&d) { 9 * H } else { 0 };
            let (un, dg) = match d.day() {
                10 => (95 * MIN, 0),
                24 => (40 * MIN, 0),
                18 => (0, 35 * MIN),
                _ => (0, 0),
            };
            v.push(DayAvailability {
                date: d.format("%Y-%m-%d").to_string(),
                open_ms: open,
                unavailable_ms: un,
                degraded_ms: dg,
            });
            d += Duration::days(1);
        }
        v
    };
    let ytd = YearToDate {
        year: 2026,
        unavailable_ms: 50 * MIN + unavailable_ms,
        unplanned_outages: 3,
        budget_ms: 62 * H,
        budget_left_ms: 62 * H - (50 * MIN + unavailable_ms),
        max_outages: 4,
        months_covered: vec![1, 2, 3],
        per_month: vec![(1, 50 * MIN, 1), (2, 0, 0), (3, unavailable_ms, 2)],
    };

    // Performance: 412 345 calls in scope, 96,97 % within T90, 12 over Tmax.
    let perf_calls = 412_345_u64;
    let within = 399_876_u64;
    let per_persons: Vec<PersonsRow> = [
        (1_u16, 301_002_u64, 9_720_u64, 7_u64),
        (2, 71_220, 9_690, 3),
        (3, 25_331, 9_655, 1),
        (4, 9_870, 9_600, 1),
        (5, 3_102, 9_540, 0),
        (7, 1_408, 9_480, 0),
        (10, 412, 9_300, 0),
    ]
    .iter()
    .map(|&(n, calls, bp, over)| {
        let t90 = 7_000 + 1_500 * (i64::from(n) - 1);
        let w = pct(calls, bp);
        PersonsRow {
            persons: n,
            t90_ms: t90,
            tmax_ms: t90 + 5_000,
            calls,
            within_t90: w,
            over_tmax: over,
            share_within_t90: Ratio::new(w as i64, calls as i64),
            percentiles: Percentiles {
                count: calls,
                p50: Some(2_100 + 700 * i64::from(n)),
                p90: Some(5_800 + 1_300 * i64::from(n)),
                p95: Some(7_200 + 1_400 * i64::from(n)),
                p99: Some(10_100 + 1_500 * i64::from(n)),
                max: Some(if over > 0 {
                    19_870
                } else {
                    11_000 + 1_500 * i64::from(n)
                }),
            },
        }
    })
    .collect();
    let perf_days: Vec<PerformanceDay> = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let late = d.day() >= 20;
            let calls = 16_000 + (i as u64 * 331) % 3_000 + if late { 4_000 } else { 0 };
            let p90 = 5_900 + ((i as i64 * 137) % 900) + if late { 700 } else { 0 };
            PerformanceDay {
                date: d.format("%Y-%m-%d").to_string(),
                calls,
                within_t90: pct(calls, 9_700),
                over_tmax: u64::from(d.day() == 10) * 9 + u64::from(d.day() == 26) * 3,
                percentiles: Percentiles {
                    count: calls,
                    p50: Some(2_600 + (i as i64 * 31) % 400),
                    p90: Some(p90),
                    p95: Some(p90 + 1_100),
                    p99: Some(p90 + 4_000),
                    max: Some(if d.day() == 10 { 19_870 } else { p90 + 5_500 }),
                },
            }
        })
        .collect();
    let histogram: Vec<(i64, u64)> = vec![
        (1_000, 8_210),
        (2_000, 61_877),
        (3_000, 118_402),
        (4_000, 96_315),
        (5_000, 52_118),
        (6_000, 31_005),
        (7_000, 19_760),
        (8_000, 11_002),
        (9_000, 6_411),
        (10_000, 3_870),
        (12_000, 2_611),
        (15_000, 640),
        (i64::MAX, 324),
    ];
    let over_tmax_calls = vec![
        SlowCall {
            call_id: tx("c-2026031010040017"),
            received_at: at("2026-03-10 10:04"),
            persons: 1,
            response_ms: 19_870,
            tmax_ms: 12_000,
        },
        SlowCall {
            call_id: tx("c-2026032614220003"),
            received_at: at("2026-03-26 14:22"),
            persons: 2,
            response_ms: 14_012,
            tmax_ms: 13_500,
        },
    ];
    let performance = Performance {
        scope: "open_hours".into(),
        calls: perf_calls,
        within_t90: within,
        share_within_t90: Ratio::new(within as i64, perf_calls as i64),
        over_tmax: 12,
        invalid_persons: 17,
        answered_without_time: 4,
        percentiles: Percentiles {
            count: perf_calls,
            p50: Some(2_840),
            p90: Some(6_420),
            p95: Some(7_610),
            p99: Some(10_980),
            max: Some(19_870),
        },
        per_persons,
        per_day: perf_days,
        histogram,
        over_tmax_calls,
    };

    // Delivery precision: 430 112 incoming, 429 001 answered.
    let precision_days: Vec<PrecisionDay> = (1..=31)
        .map(|day| {
            let d = NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let incoming = if weekend {
                1_200 + u64::from(day) * 7
            } else {
                18_500
            };
            let failed = match day {
                10 => 1_873,
                24 => 640,
                _ => u64::from(day % 5) * 3,
            };
            PrecisionDay {
                date: d.format("%Y-%m-%d").to_string(),
                incoming,
                answered: incoming - failed.min(incoming),
                ok: incoming - failed.min(incoming) - 20,
            }
        })
        .collect();
    let precision = Precision {
        incoming: 430_112,
        answered: 429_001,
        precision: Ratio::new(429_001, 430_112),
        complete: Ratio::new(427_950, 430_112),
        by_result: vec![
            ("ok".into(), 427_950),
            ("partial".into(), 1_051),
            ("error".into(), 160),
            ("unreachable".into(), 410),
            ("no_response".into(), 541),
        ],
        by_provider: vec![
            (tx("forsakringskassan"), 1_402),
            (tx("csn"), 311),
            (tx("transportstyrelsen"), 97),
        ],
        per_day: precision_days,
    };

    let heat: Vec<Vec<u64>> = (1..=31_u64)
        .map(|day| {
            (0..24_u64)
                .map(|h| {
                    let d = NaiveDate::from_ymd_opt(2026, 3, day as u32).unwrap();
                    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                    let base = if (8..17).contains(&h) { 1_900 } else { 40 };
                    let base = if weekend { base / 12 } else { base };
                    base + (day * 13 + h * 7) % 90 + if day >= 20 { base / 4 } else { 0 }
                })
                .collect()
        })
        .collect();
    let capacity = Capacity {
        calls: 430_112,
        municipalities: 287,
        municipalities_agreed: 290,
        peak_per_second: 4,
        peak_second_at: Some(at("2026-03-25 09:14") + 33_000),
        peak_per_minute: 161,
        peak_minute_at: Some(at("2026-03-25 09:14")),
        per_hour: (0..24)
            .map(|h| heat.iter().map(|row| row[h]).sum())
            .collect(),
        per_day: heat.iter().map(|row| row.iter().sum()).collect(),
        heat,
    };

    // Incidents.
    let t30m = 30 * MIN;
    let t8h = 8 * H;
    let mut major_ticket = ticket(
        tx,
        "INC-1042",
        1,
        "2026-03-10 09:20",
        Some("2026-03-10 09:41"),
        Some("2026-03-10 11:05"),
        (Some(21 * MIN), Some(105 * MIN)),
        (t30m, t8h),
        "Inga svar från Försäkringskassan; flödet bröts för alla anrop.",
    );
    major_ticket.major = true;
    let mut sec_ticket = ticket(
        tx,
        "INC-1057",
        2,
        "2026-03-16 13:00",
        Some("2026-03-16 14:12"),
        Some("2026-03-18 10:30"),
        (Some(72 * MIN), Some(9 * H + 30 * MIN)),
        (60 * MIN, 2 * 9 * H),
        "Misstänkt obehörig åtkomst till testmiljöns loggar.",
    );
    sec_ticket.security = true;
    sec_ticket.response_met = Some(false);
    let tickets = vec![
        major_ticket.clone(),
        sec_ticket.clone(),
        ticket(
            tx,
            "INC-1061",
            3,
            "2026-03-19 10:00",
            Some("2026-03-19 15:00"),
            Some("2026-03-27 16:00"),
            (Some(5 * H), Some(6 * 9 * H + H)),
            (8 * H, 5 * 9 * H),
            "Felaktig inkomstuppgift i svar från CSN för enstaka personnummer.",
        ),
        ticket(
            tx,
            "INC-1063",
            4,
            "2026-03-20 08:30",
            None,
            Some("2026-03-25 12:00"),
            (None, Some(3 * 9 * H)),
            (24 * H, 7 * 9 * H),
            "Enstaka anrop utan svar från Transportstyrelsen efter 16:30.",
        ),
    ];
    let breach = |t: &TicketTimes, measure: &str, target: &str| {
        let (ended, actual, target_ms) = if measure == "response" {
            (t.responded_at, t.response_ms, t.response_target_ms.unwrap())
        } else {
            (
                t.resolved_at,
                t.resolution_ms,
                t.resolution_target_ms.unwrap(),
            )
        };
        Breach {
            ticket_id: t.ticket_id.clone(),
            kind: "incident".into(),
            priority: t.priority,
            measure: measure.into(),
            registered_at: t.registered_at,
            ended_at: ended,
            target: target.into(),
            target_ms,
            actual_ms: actual,
            excess_ms: actual.map(|a| a - target_ms),
            summary: t.summary.clone(),
        }
    };
    let incident_breaches = vec![
        breach(&tickets[1], "response", "60 min"),
        breach(&tickets[2], "resolution", "5 wd"),
        breach(&tickets[3], "response", "24 h"),
    ];
    let prio_row =
        |p: u8, n: u64, rw: u64, resw: u64, med: (i64, i64), max: (i64, i64)| PriorityRow {
            priority: p,
            resolved: n,
            response_within: rw,
            response_outside: n - rw,
            resolution_within: resw,
            resolution_outside: n - resw,
            response_share: Ratio::new(rw as i64, n as i64),
            resolution_share: Ratio::new(resw as i64, n as i64),
            response_median_ms: (n > 0).then_some(med.0),
            response_max_ms: (n > 0).then_some(max.0),
            resolution_median_ms: (n > 0).then_some(med.1),
            resolution_max_ms: (n > 0).then_some(max.1),
        };
    let incidents = TicketArea {
        resolved: 14,
        response_breaches: 2,
        resolution_breaches: 1,
        per_priority: vec![
            prio_row(1, 1, 1, 1, (21 * MIN, 105 * MIN), (21 * MIN, 105 * MIN)),
            prio_row(2, 3, 2, 3, (35 * MIN, 6 * H), (72 * MIN, 9 * H + 30 * MIN)),
            prio_row(3, 6, 6, 5, (2 * H, 20 * H), (5 * H, 55 * H)),
            prio_row(4, 4, 3, 4, (6 * H, 27 * H), (30 * H, 40 * H)),
        ],
        tickets,
        breaches: incident_breaches,
        open_at_month_end: vec![
            OpenTicket {
                ticket_id: tx("INC-1070"),
                priority: Some(2),
                registered_at: at("2026-03-26 09:00"),
                responded_at: Some(at("2026-03-26 09:25")),
                elapsed_ms: 4 * 9 * H,
                resolution_target_ms: Some(2 * 9 * H),
                already_breached: true,
                summary: tx("Långa svarstider mot Skatteverket vid hög last."),
            },
            OpenTicket {
                ticket_id: tx("INC-1074"),
                priority: Some(3),
                registered_at: at("2026-03-31 15:10"),
                responded_at: None,
                elapsed_ms: 110 * MIN,
                resolution_target_ms: Some(5 * 9 * H),
                already_breached: false,
                summary: tx("Fel kommunkod i svar för en handläggare."),
            },
        ],
        major: vec![MajorIncident {
            ticket: major_ticket,
            outage_start: Some(out1.0),
            outage_end: Some(out1.1),
            cause: tx("Certifikat för SHS-anslutningen hade gått ut hos Försäkringskassan."),
            action_plan: tx(
                "Certifikat förnyat; bevakning av utgångsdatum införd i övervakningen.",
            ),
            provider: tx("forsakringskassan"),
        }],
    };

    // Problems.
    let mut prb = ticket(
        tx,
        "PRB-311",
        2,
        "2026-02-20 10:00",
        Some("2026-02-24 11:00"),
        Some("2026-03-17 15:00"),
        (Some(27 * H + H), Some(16 * 9 * H)),
        (3 * 9 * H, 15 * 9 * H),
        "Återkommande tidsgränsöverskridanden mot CSN vid månadsskifte.",
    );
    prb.response_met = Some(false);
    prb.resolution_met = Some(false);
    let problem_breach = |measure: &str, target: &str| {
        let mut b = breach(&prb, measure, target);
        b.kind = "problem".into();
        b
    };
    let problems = TicketArea {
        resolved: 3,
        response_breaches: 1,
        resolution_breaches: 1,
        per_priority: vec![
            prio_row(1, 0, 0, 0, (0, 0), (0, 0)),
            prio_row(2, 2, 1, 1, (9 * H, 100 * H), (28 * H, 144 * H)),
            prio_row(3, 1, 1, 1, (10 * H, 120 * H), (10 * H, 120 * H)),
            prio_row(4, 0, 0, 0, (0, 0), (0, 0)),
        ],
        tickets: vec![prb.clone()],
        breaches: vec![
            problem_breach("response", "3 wd"),
            problem_breach("resolution", "15 wd"),
        ],
        open_at_month_end: vec![OpenTicket {
            ticket_id: tx("PRB-320"),
            priority: Some(3),
            registered_at: at("2026-03-11 10:00"),
            responded_at: Some(at("2026-03-12 09:00")),
            elapsed_ms: 14 * 9 * H,
            resolution_target_ms: Some(25 * 9 * H),
            already_breached: false,
            summary: tx("Rotorsak till certifikatsincidenten utreds."),
        }],
        major: vec![],
    };

    // Orders.
    let order = |id: &str, reg: &str, closed: &str, summary: &str| {
        let mut t = ticket(tx, id, 4, reg, None, None, (None, None), (0, 0), summary);
        t.priority = None;
        t.closed_at = Some(at(closed));
        t.response_target_ms = None;
        t.resolution_target_ms = None;
        t.response_met = None;
        t.resolution_met = None;
        t
    };
    let orders = Orders {
        closed: 3,
        lead_time_median_ms: Some(4 * 24 * H),
        lead_time_p90_ms: Some(9 * 24 * H + 5 * H),
        lead_time_max_ms: Some(9 * 24 * H + 5 * H),
        target: None,
        within_target: None,
        orders: vec![
            order(
                "ORD-201",
                "2026-03-02 09:00",
                "2026-03-04 15:00",
                "Ny kommun ansluts: Ydre.",
            ),
            order(
                "ORD-204",
                "2026-03-09 10:00",
                "2026-03-13 10:00",
                "Nytt certifikat för testmiljö.",
            ),
            order(
                "ORD-207",
                "2026-03-16 08:00",
                "2026-03-25 13:00",
                "Behörighet för ny handläggargrupp.",
            ),
        ],
    };

    // Changes.
    let change = |id: &str,
                  title: &str,
                  status: &str,
                  in_release: bool,
                  notified: Option<&str>,
                  sched: (&str, &str),
                  actual: Option<(&str, &str)>,
                  outcome: &str| ChangeRow {
        change_id: tx(id),
        title: tx(title),
        priority: Some(3),
        status: status.into(),
        in_release,
        notified_at: notified.map(at),
        scheduled_start: Some(at(sched.0)),
        scheduled_end: Some(at(sched.1)),
        actual_start: actual.map(|a| at(a.0)),
        actual_end: actual.map(|a| at(a.1)),
        short_notice: false,
        inside_open_time_ms: 0,
        overrun_ms: 0,
        overrun_notified: false,
        unavailable_ms: 0,
        outcome: tx(outcome),
    };
    let mut chg88 = change(
        "CHG-88",
        "Uppgradering av databas till ny huvudversion",
        "completed",
        false,
        Some("2026-03-02 10:00"),
        ("2026-03-24 15:00", "2026-03-24 16:20"),
        Some(("2026-03-24 15:00", "2026-03-24 17:45")),
        "Genomförd; överdrag 85 min utan avisering.",
    );
    chg88.short_notice = true;
    chg88.inside_open_time_ms = 2 * H;
    chg88.overrun_ms = 85 * MIN;
    chg88.unavailable_ms = 40 * MIN;
    let changes = Changes {
        total: 4,
        by_status: vec![
            ("planned".into(), 1),
            ("in_progress".into(), 0),
            ("completed".into(), 2),
            ("failed".into(), 0),
            ("cancelled".into(), 1),
        ],
        short_notice: 1,
        inside_open_time: 1,
        overruns: 1,
        overruns_not_notified: 1,
        changes: vec![
            change(
                "CHG-85",
                "Release 2026.3",
                "completed",
                true,
                Some("2026-02-02 09:00"),
                ("2026-03-07 08:00", "2026-03-07 14:00"),
                Some(("2026-03-07 08:00", "2026-03-07 12:30")),
                "Genomförd enligt plan.",
            ),
            chg88,
            change(
                "CHG-90",
                "Byte av lastbalanserare",
                "cancelled",
                false,
                Some("2026-02-20 09:00"),
                ("2026-03-28 06:00", "2026-03-28 10:00"),
                None,
                "Inställd: leverantören sköt upp leveransen.",
            ),
            change(
                "CHG-93",
                "Release 2026.4",
                "planned",
                true,
                Some("2026-03-02 09:00"),
                ("2026-03-31 18:00", "2026-03-31 22:00"),
                None,
                "",
            ),
        ],
    };

    let corrections = vec![
        AppliedCorrection {
            correction_id: tx("COR-7"),
            applies_to: tx("INC-1033"),
            action: "exclude".into(),
            value: String::new(),
            reason: tx("Avbrottet orsakades av kundens brandvägg (utanför avtalet)."),
            approved_by: tx("Anna Andersson, förvaltningsledare"),
            approved_at: Some(at("2026-04-01 10:00") - 24 * H),
            effect: tx("excluded incident INC-1033 outage (0:25 within open time)"),
            matched: true,
        },
        AppliedCorrection {
            correction_id: tx("COR-8"),
            applies_to: tx("2026-03-05T08:00/2026-03-05T08:20"),
            action: "set_field".into(),
            value: tx("planned=true"),
            reason: tx("Planerat och aviserat underhåll; felaktigt registrerat som oplanerat."),
            approved_by: tx("Bertil Berg"),
            approved_at: Some(at("2026-03-30 16:00")),
            effect: tx("no matching row"),
            matched: false,
        },
    ];

    let reconciliation = vec![
        Discrepancy {
            kind: "detected_without_incident".into(),
            start: at("2026-03-26 14:02"),
            end: at("2026-03-26 14:09"),
            reference: tx("c-2026032614020001"),
        },
        Discrepancy {
            kind: "incident_without_failing_calls".into(),
            start: out2.0,
            end: out2.1,
            reference: tx("CHG-88"),
        },
    ];

    let kpis = Kpis {
        open_seconds: open_ms / 1000,
        unavailable_seconds: unavailable_ms / 1000,
        availability: availability.value(),
        unplanned_outages: 2,
        degraded_seconds: degraded_ms / 1000,
        ytd_unavailable_seconds: ytd.unavailable_ms / 1000,
        ytd_unplanned_outages: 3,
        calls_incoming: 430_112,
        calls_answered: 429_001,
        delivery_precision: precision.precision.value(),
        perf_calls,
        perf_within_t90_share: performance.share_within_t90.value(),
        perf_over_tmax: 12,
        perf_invalid_persons: 17,
        response_p50_ms: Some(2_840),
        response_p90_ms: Some(6_420),
        response_p95_ms: Some(7_610),
        response_p99_ms: Some(10_980),
        response_max_ms: Some(19_870),
        peak_calls_per_second: 4,
        peak_calls_per_minute: 161,
        municipalities: 287,
        incidents_resolved: 14,
        incidents_response_breaches: 2,
        incidents_resolution_breaches: 1,
        incidents_open_at_month_end: 2,
        problems_resolved: 3,
        problems_response_breaches: 1,
        problems_resolution_breaches: 1,
        orders_closed: 3,
        orders_lead_time_median_seconds: Some(4 * 24 * 3600),
        changes_total: 4,
        changes_short_notice: 1,
        changes_overruns: 1,
        rows_read: 430_184,
        rows_rejected: 4,
    };
    let mut kpis_as_measured = kpis.clone();
    kpis_as_measured.unavailable_seconds += 25 * 60;
    kpis_as_measured.unplanned_outages += 1;
    kpis_as_measured.availability =
        Ratio::new(open_ms - unavailable_ms - 25 * MIN, open_ms).value();

    let target = |key: &str, section: &str, cmp: &str, target: f64, actual: Option<f64>| {
        let met = actual.map(|a| {
            if cmp == ">=" {
                a >= target
            } else {
                a <= target
            }
        });
        TargetStatus {
            key: key.into(),
            section: section.into(),
            comparison: cmp.into(),
            target,
            actual,
            met,
        }
    };
    let targets = vec![
        target(
            "availability",
            "availability",
            ">=",
            0.90,
            kpis.availability,
        ),
        target("unplanned_outages", "availability", "<=", 1.0, Some(2.0)),
        target(
            "ytd_unplanned_outages",
            "availability",
            "<=",
            4.0,
            Some(3.0),
        ),
        target(
            "ytd_unavailable_seconds",
            "availability",
            "<=",
            223_200.0,
            Some(kpis.ytd_unavailable_seconds as f64),
        ),
        target(
            "perf_within_t90_share",
            "performance",
            ">=",
            0.90,
            kpis.perf_within_t90_share,
        ),
        target("perf_over_tmax", "performance", "<=", 0.0, Some(12.0)),
        target(
            "delivery_precision",
            "quality",
            ">=",
            0.95,
            kpis.delivery_precision,
        ),
        target(
            "incidents_response_breaches",
            "incidents",
            "<=",
            0.0,
            Some(2.0),
        ),
        target(
            "incidents_resolution_breaches",
            "incidents",
            "<=",
            0.0,
            Some(1.0),
        ),
        target(
            "problems_response_breaches",
            "problems",
            "<=",
            0.0,
            Some(1.0),
        ),
        target(
            "problems_resolution_breaches",
            "problems",
            "<=",
            0.0,
            Some(1.0),
        ),
        target("changes_short_notice", "changes", "<=", 0.0, Some(1.0)),
    ];
    let mut exact = std::collections::BTreeMap::new();
    exact.insert("availability".to_string(), availability);
    exact.insert("delivery_precision".to_string(), precision.precision);
    exact.insert(
        "perf_within_t90_share".to_string(),
        performance.share_within_t90,
    );

    Metrics {
        schema_version: SCHEMA_VERSION,
        month: "2026-03".into(),
        period_start,
        period_end,
        kpis,
        kpis_as_measured,
        exact,
        targets,
        availability: Availability {
            source: "union".into(),
            open_ms,
            unavailable_ms,
            degraded_ms,
            availability,
            unplanned_outages: 2,
            intervals,
            degraded_intervals: vec![SourcedInterval {
                start: degraded.0,
                end: degraded.1,
                source: OutageSource::Calls,
                reference: tx("c-2026031813050002"),
                failed_calls: 412,
            }],
            outages,
            reconciliation,
            per_day,
            ytd,
        },
        performance,
        precision,
        capacity,
        incidents,
        problems,
        orders,
        changes,
        security: Security {
            incidents: vec![sec_ticket],
        },
        corrections,
    }
}

/// The local midnight of a day of March 2026 (for tests).
pub fn march(day: u32) -> Ms {
    local_midnight(TZ, NaiveDate::from_ymd_opt(2026, 3, day).unwrap())
}
