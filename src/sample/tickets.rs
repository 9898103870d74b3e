//! One month's service-desk tickets (M2.1): incidents of every priority (the major one
//! matching outage A, the degraded one, a security one, breaches of response and resolution
//! targets, one registered the month before, one still open at month end, everyday ones),
//! problems (one resolved exactly on the kritisk 6-calendar-day target) and orders.
//! Business time comes from the agreement's own calendar, so a breach is one by construction.

use super::month::{MonthCtx, Window, HOUR, MIN};
use super::rng::Rng;
use crate::calendar::Ms;

/// One ticket row (M2.1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketRow {
    pub ticket_id: String,
    pub kind: &'static str,
    pub priority: Option<u8>,
    pub registered_at: Ms,
    pub responded_at: Option<Ms>,
    pub resolved_at: Option<Ms>,
    pub closed_at: Option<Ms>,
    pub summary: String,
    pub security: bool,
    pub major: bool,
    pub outage_start: Option<Ms>,
    pub outage_end: Option<Ms>,
    pub outage_kind: &'static str,
    pub planned: bool,
    pub cause: String,
    pub action_plan: String,
    pub provider: &'static str,
}

/// The tickets of the month (`outage`: the window with the major incident; `degraded`: the
/// degraded window; `b_day`: the index of the open day of the outage without incident).
pub(super) fn month_tickets(
    m: &MonthCtx,
    rng: &mut Rng,
    outage: &Window,
    degraded: &Window,
    b_day: usize,
) -> Vec<TicketRow> {
    let (c, days, prev, tag, last) = (&m.c, &m.days[..], &m.prev[..], &m.tag, m.last);
    let n = days.len();
    let a = outage;
    let mut tickets = Vec::new();
    // Ids per kind: INC-202603-01, PRB-202603-01, ORD-202603-01.
    let mut counters = std::collections::BTreeMap::<&str, u32>::new();
    let mut next_id = |prefix: &'static str| {
        let seq = counters.entry(prefix).or_insert(0);
        *seq += 1;
        format!("{prefix}-{tag}-{seq:02}")
    };
    let incident = |id: String, prio: u8, reg: Ms, resp: Option<Ms>, res: Option<Ms>| TicketRow {
        ticket_id: id,
        kind: "incident",
        priority: Some(prio),
        registered_at: reg,
        responded_at: resp,
        resolved_at: res,
        closed_at: res.map(|r| r + 26 * HOUR),
        outage_kind: "",
        ..TicketRow::default()
    };

    // Priority 1, major: the outage the call log shows (response 15 min, resolved 20 min
    // after the service came back: both within 30 min / 8 h).
    let reg = a.start + 3 * MIN;
    tickets.push(TicketRow {
        summary: "Inga svar från SSBTEK – anrop från kommunerna tidsöverskrids".into(),
        major: true,
        outage_start: Some(a.start),
        outage_end: Some(a.end),
        outage_kind: "unavailable",
        cause: "Certifikatet för SHS-anslutningen hade löpt ut; anslutningspunkten avvisade alla anrop.".into(),
        action_plan: "Certifikatet förnyat. Bevakning av certifikatens giltighetstid införs, larm 30 dagar före utgång.".into(),
        ..incident(next_id("INC"), 1, reg, Some(c.biz(reg, 15 * MIN)), Some(c.biz(a.end, 20 * MIN)))
    });
    // Priority 1, response breach (50 min > 30 min), resolved within 8 h.
    let reg = c.at(days[(b_day + 2).min(n - 1)], 9, 10) + rng.range(0, 60) * MIN;
    tickets.push(TicketRow {
        summary: "Försäkringskassan svarar inte, alla anrop med FK-uppgifter saknar svar".into(),
        provider: "FK",
        cause: "Driftstörning hos Försäkringskassan.".into(),
        ..incident(
            next_id("INC"),
            1,
            reg,
            Some(c.biz(reg, 50 * MIN)),
            Some(c.biz(reg, 5 * HOUR)),
        )
    });
    // Priority 2, the degraded period.
    let reg = degraded.start + 5 * MIN;
    tickets.push(TicketRow {
        summary: "Svar saknar uppgifter från FK och CSN (störd drift)".into(),
        outage_start: Some(degraded.start),
        outage_end: Some(degraded.end),
        outage_kind: "degraded",
        provider: "FK",
        cause: "Överbelastning i FK:s och CSN:s gemensamma meddelandeväxel.".into(),
        action_plan: "Kapaciteten utökad; gemensam övervakning av växeln.".into(),
        ..incident(
            next_id("INC"),
            2,
            reg,
            Some(c.biz(reg, 40 * MIN)),
            Some(c.wd(reg, 1.0)),
        )
    });
    // Priority 2, security incident, within targets.
    let reg = c.at(days[n / 3], 14, 5) + rng.range(0, 40) * MIN;
    tickets.push(TicketRow {
        summary: "Misstänkt obehörig åtkomst: upprepade anrop med ogiltigt certifikat".into(),
        security: true,
        cause: "Felkonfigurerat testsystem hos en kommun.".into(),
        action_plan: "Certifikatet spärrat; kommunen informerad.".into(),
        ..incident(
            next_id("INC"),
            2,
            reg,
            Some(c.biz(reg, 30 * MIN)),
            Some(c.wd(reg, 1.5)),
        )
    });
    // Priority 2, resolution breach (3 wd > 2 wd). Free text with markup: must be escaped.
    let reg = c.at(days[n / 4], 11, 0) + rng.range(0, 120) * MIN;
    tickets.push(TicketRow {
        summary: "Långa svarstider, \"<b>Tjänsten otillgänglig</b>\" i verksamhetssystemet; flera kommuner".into(),
        provider: "SKV",
        ..incident(next_id("INC"), 2, reg, Some(c.biz(reg, 45 * MIN)), Some(c.wd(reg, 3.0)))
    });
    // Priority 3: within; response breach (10 h > 8 h); registered the month before.
    let reg = c.at(days[1], 10, 30) + rng.range(0, 200) * MIN;
    tickets.push(TicketRow {
        summary: "Felaktig adress i svar från Skatteverket".into(),
        provider: "SKV",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, 2 * HOUR)),
            Some(c.wd(reg, 2.0)),
        )
    });
    let reg = c.at(days[n / 3 + 1], 15, 20);
    tickets.push(TicketRow {
        summary: "CSN-uppgifter visar fel studieperiod".into(),
        provider: "CSN",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, 10 * HOUR)),
            Some(c.wd(reg, 4.0)),
        )
    });
    let prev_day = prev
        .get(prev.len().saturating_sub(2))
        .copied()
        .unwrap_or(days[0]);
    let reg = c.at(prev_day, 15, 0);
    tickets.push(TicketRow {
        summary: "Pensionsuppgifter saknas för personer födda före 1938".into(),
        provider: "PM",
        ..incident(
            next_id("INC"),
            3,
            reg,
            Some(c.biz(reg, HOUR)),
            Some(c.wd(reg, 4.0)),
        )
    });
    // Priority 3, still open at month end.
    let reg = c.at(days[n.saturating_sub(2)], 10, 0);
    let resolved = (!last).then(|| c.wd(reg, 4.0));
    tickets.push(TicketRow {
        summary: "Transportstyrelsens uppgifter saknas efter 16:30".into(),
        provider: "TS",
        ..incident(next_id("INC"), 3, reg, Some(c.biz(reg, 3 * HOUR)), resolved)
    });
    // Priority 4: within; resolved without being marked started (response breach, M7.3);
    // resolution breach (8 wd > 7 wd).
    let reg = c.at(days[2], 13, 0) + rng.range(0, 180) * MIN;
    tickets.push(TicketRow {
        summary: "Enstaka anrop från Malmö besvaras inte".into(),
        ..incident(
            next_id("INC"),
            4,
            reg,
            Some(c.biz(reg, 5 * HOUR)),
            Some(c.wd(reg, 3.0)),
        )
    });
    let reg = c.at(days[n / 2], 9, 0) + rng.range(0, 300) * MIN;
    tickets.push(TicketRow {
        summary: "Enstaka tidsöverskridanden mot Arbetsförmedlingen".into(),
        provider: "AF",
        ..incident(next_id("INC"), 4, reg, None, Some(c.wd(reg, 2.0)))
    });
    let reg = c.at(days[1], 16, 0);
    tickets.push(TicketRow {
        summary: "Migrationsverkets svar saknar ärendenummer i enstaka fall".into(),
        provider: "MV",
        ..incident(
            next_id("INC"),
            4,
            reg,
            Some(c.biz(reg, 4 * HOUR)),
            Some(c.wd(reg, 8.0)),
        )
    });
    // Everyday incidents, priority 3 and 4, well within target.
    for _ in 0..6 {
        let prio = 3 + rng.below(2) as u8;
        let day = days[rng.below(n.saturating_sub(6).max(1) as u64) as usize];
        let reg = c.at(day, 8, 15) + rng.range(0, 480) * MIN;
        let resp = c.biz(reg, rng.range(10, 300) * MIN);
        let res = c.wd(reg, 0.3 + 3.0 * rng.f64());
        let what = *rng.pick(&[
            "Fråga om svarskod 3017 från Skatteverket",
            "Kommun får dubbla svar på samma anrop",
            "Teckenfel (å, ä, ö) i namn från CSN",
            "Anrop med samordningsnummer avvisas",
            "Tidsöverskridande vid många personer i samma anrop",
        ]);
        tickets.push(TicketRow {
            summary: what.into(),
            ..incident(next_id("INC"), prio, reg, Some(resp), Some(res))
        });
    }

    // Problems: kritisk resolved exactly 6 calendar days later (within, ≤); one registered the
    // month before and resolved this month; one with a response breach (4 wd > 3 wd), open.
    let problem = |id: String, prio: u8, reg: Ms, resp: Option<Ms>, res: Option<Ms>| TicketRow {
        kind: "problem",
        ..incident(id, prio, reg, resp, res)
    };
    let reg = c.at(days[1], 9, 30) + rng.range(0, 120) * MIN;
    tickets.push(TicketRow {
        summary: "Återkommande tidsöverskridanden mot Försäkringskassan".into(),
        provider: "FK",
        cause: "Anslutningspoolen mot FK var för liten vid hög last.".into(),
        action_plan: "Poolen utökad från 50 till 200 anslutningar; lasttest före varje release."
            .into(),
        ..problem(
            next_id("PRB"),
            1,
            reg,
            Some(c.biz(reg, 3 * HOUR)),
            Some(c.days(reg, 6)),
        )
    });
    let reg = c.at(
        prev[prev.len().saturating_sub(20).min(prev.len() - 1)],
        10,
        0,
    );
    tickets.push(TicketRow {
        summary: "Certifikat förnyas manuellt".into(),
        cause: "Ingen automatisk bevakning av certifikat.".into(),
        action_plan: "Bevakning och automatisk förnyelse införs.".into(),
        ..problem(
            next_id("PRB"),
            3,
            reg,
            Some(c.wd(reg, 3.0)),
            Some(c.wd(reg, 22.0)),
        )
    });
    let reg = c.at(days[n / 2], 11, 0);
    tickets.push(TicketRow {
        summary: "Degraderad drift vid samtidiga fel hos FK och CSN".into(),
        ..problem(next_id("PRB"), 2, reg, Some(c.wd(reg, 4.0)), None)
    });

    // Orders: lead times of a few calendar days.
    for k in 0..6 {
        let day = days[(k * 3 + rng.below(3) as usize).min(n - 1)];
        let reg = c.at(day, 9, 0) + rng.range(0, 420) * MIN;
        let closed = reg + rng.range(20, 200) * HOUR;
        let what = *rng.pick(&[
            "Ny anslutning för socialnämnd",
            "Utökad behörighet: ytterligare handläggarsystem",
            "Nytt certifikat för testmiljö",
            "Avslut av anslutning efter kommunsammanslagning",
        ]);
        tickets.push(TicketRow {
            ticket_id: next_id("ORD"),
            kind: "order",
            priority: None,
            registered_at: reg,
            responded_at: Some(c.biz(reg, rng.range(30, 480) * MIN)),
            resolved_at: Some(closed - HOUR),
            closed_at: Some(closed),
            summary: what.into(),
            ..TicketRow::default()
        });
    }

    tickets
}
