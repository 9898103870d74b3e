//! Property tests: invariants that hold for any input (open time splits into available,
//! degraded and unavailable; the union never exceeds the sum of its sources; shares in 0..1).

use proptest::prelude::*;

use super::kit::*;
use crate::inputs::CallResult;

const RESULTS: [CallResult; 5] = CallResult::ALL;

fn arb_kit() -> impl Strategy<Value = Kit> {
    let month_start = t("2026-03-01 00:00");
    let span = 31 * 24 * H;
    let calls = prop::collection::vec(
        (0..span, 0usize..5, 0i64..30_000, 1u16..13, 0usize..4),
        0..200,
    );
    let outages = prop::collection::vec((-2 * 24 * H..span, 0..6 * H, any::<bool>()), 0..6);
    (calls, outages).prop_map(move |(calls, outages)| {
        let mut k = Kit::new();
        for (off, r, ms, persons, failed) in calls {
            let c = k.call_at(month_start + off, RESULTS[r], Some(ms), persons);
            c.failed = ["fk", "csn", "skv"][..failed.min(3)]
                .iter()
                .map(|s| s.to_string())
                .collect();
        }
        for (i, (off, len, degraded)) in outages.into_iter().enumerate() {
            let x = k.ticket(
                &format!("INC-{i}"),
                crate::inputs::TicketType::Incident,
                Some(2),
                "2026-03-01 00:00",
            );
            x.registered_at = month_start + off;
            x.outage_start = Some(month_start + off);
            x.outage_end = Some(month_start + off + len);
            if degraded {
                x.outage_kind = crate::inputs::OutageKind::Degraded;
            }
        }
        k
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn availability_invariants(k in arb_kit()) {
        let m = k.run(2026, 3);
        let a = &m.availability;
        prop_assert!(0 <= a.unavailable_ms && a.unavailable_ms <= a.open_ms);
        prop_assert!(a.degraded_ms >= 0 && a.unavailable_ms + a.degraded_ms <= a.open_ms);
        // The union never exceeds the sum of its sources clipped to open time.
        let open = crate::calendar::Calendars::from_config(&k.cfg.calendar);
        let sum: i64 = a.intervals.iter().map(|iv| open.opening.business_ms(iv.start.max(m.period_start), iv.end.min(m.period_end))).sum();
        prop_assert!(a.unavailable_ms <= sum);
        // Outages: never more than union spans, and the table adds up.
        prop_assert!(a.unplanned_outages as usize <= a.outages.len());
        prop_assert_eq!(a.outages.iter().map(|o| o.open_ms).sum::<i64>(), a.unavailable_ms);
        prop_assert_eq!(a.per_day.iter().map(|d| d.unavailable_ms).sum::<i64>(), a.unavailable_ms);
        prop_assert_eq!(a.per_day.iter().map(|d| d.open_ms).sum::<i64>(), a.open_ms);
        prop_assert!(a.ytd.unavailable_ms >= a.unavailable_ms);
        prop_assert!(a.ytd.unplanned_outages >= a.unplanned_outages);
        for share in [m.kpis.availability, m.kpis.delivery_precision, m.kpis.perf_within_t90_share].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&share));
        }
        prop_assert!(m.kpis.perf_calls <= m.kpis.calls_answered);
        prop_assert!(m.kpis.calls_answered <= m.kpis.calls_incoming);
        prop_assert!(m.kpis.perf_over_tmax <= m.kpis.perf_calls);
        if let (Some(p50), Some(p90), Some(max)) = (m.kpis.response_p50_ms, m.kpis.response_p90_ms, m.kpis.response_max_ms) {
            prop_assert!(p50 <= p90 && p90 <= max);
        }
        prop_assert_eq!(m.kpis.calls_incoming, m.capacity.per_day.iter().sum::<u64>());
        prop_assert_eq!(&m.kpis, &m.kpis_as_measured);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    /// A correction that matches nothing changes no figure, and is listed as unmatched.
    #[test]
    fn unmatched_correction_changes_nothing(k in arb_kit()) {
        let plain = k.run(2026, 3);
        let mut k = k;
        k.corrections.push(crate::inputs::Correction {
            correction_id: "K-0".into(),
            applies_to: crate::inputs::AppliesTo::Id { id: "NO-SUCH-ID".into() },
            action: crate::inputs::CorrectionAction::Exclude,
            value: String::new(),
            reason: String::new(),
            approved_by: String::new(),
            approved_at: None,
            source: crate::inputs::RowRef::default(),
        });
        let m = k.run(2026, 3);
        prop_assert_eq!(&m.kpis, &plain.kpis);
        prop_assert_eq!(&m.kpis_as_measured, &plain.kpis);
        prop_assert_eq!(&m.availability, &plain.availability);
        prop_assert!(!m.corrections[0].matched);
    }

    /// In January the year to date is the month.
    #[test]
    fn january_ytd_is_the_month(k in arb_kit()) {
        // Shift the March kit to January (59 days earlier; both +01:00).
        let shift = 59 * 24 * H;
        let mut j = k.clone();
        for c in &mut j.calls {
            c.received -= shift;
            c.responded = c.responded.map(|r| r - shift);
        }
        for t in &mut j.tickets {
            t.registered_at -= shift;
            t.outage_start = t.outage_start.map(|x| x - shift);
            t.outage_end = t.outage_end.map(|x| x - shift);
        }
        let m = j.run(2026, 1);
        prop_assert_eq!(m.kpis.ytd_unavailable_seconds, m.kpis.unavailable_seconds);
        prop_assert_eq!(m.kpis.ytd_unplanned_outages, m.kpis.unplanned_outages);
        prop_assert_eq!(m.availability.ytd.per_month.len(), 1);
    }
}
