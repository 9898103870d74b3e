//! The whole log folded month by month (M12.7) equals the log measured whole: the fold fed one
//! local month at a time gives the same [`CallSpan`] as the log fed at once, its failure runs
//! are those of a plain scan of the whole log (M3.3), and the month's figures measured on the
//! report month's calls plus the fold equal those measured on every call held in memory.

use proptest::prelude::*;

use super::kit::*;
use crate::calendar::{month_bounds, Calendars, Month, Ms};
use crate::inputs::{CallResult, Calls};
use crate::metrics::span::{self, SpanFold};
use crate::metrics::{compute_folded, CallSpan, Ctx, Metrics};

const RESULTS: [CallResult; 5] = CallResult::ALL;

/// The calls of `range`, as their own log (the interned tables shared).
fn slice(calls: &Calls, range: std::ops::Range<usize>) -> Calls {
    calls.gather(range)
}

/// The log cut at every local month start from `from` (months of any year).
fn by_month(calls: &Calls, cals: &Calendars, from: (i32, u32), months: u32) -> Vec<Calls> {
    let (mut y, mut m) = from;
    let mut cuts: Vec<Ms> = Vec::new();
    for _ in 0..=months {
        cuts.push(month_bounds(cals.tz, y, m).0);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let mut pieces = vec![slice(calls, calls.range(Ms::MIN, cuts[0]))];
    for w in cuts.windows(2) {
        pieces.push(slice(calls, calls.range(w[0], w[1])));
    }
    pieces.push(slice(calls, calls.range(*cuts.last().unwrap(), Ms::MAX)));
    pieces
}

/// Plain maximal runs of the whole log (the rule as written, M3.3): (start, end, first, count).
fn plain_runs(
    calls: &Calls,
    pred: impl Fn(usize) -> bool,
    min_ms: i64,
    min_calls: u64,
) -> Vec<(Ms, Ms, String, u64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < calls.len() {
        if !pred(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < calls.len() && pred(j) {
            j += 1;
        }
        let end = if j < calls.len() {
            calls.received[j]
        } else {
            calls.received[j - 1]
        };
        let (start, count) = (calls.received[i], (j - i) as u64);
        if end - start >= min_ms && count >= min_calls {
            out.push((start, end, calls.ids.get(i).to_string(), count));
        }
        i = j;
    }
    out
}

/// Calls over Nov 2025 – May 2026, bursts of failures, some crossing month ends.
fn arb_kit() -> impl Strategy<Value = Kit> {
    let from = t("2025-11-20 00:00");
    let span = 190 * 24 * H;
    let calls = prop::collection::vec(
        (
            0..span,
            0usize..5,
            0i64..15_000,
            1u16..4,
            0usize..3,
            0usize..3,
        ),
        0..160,
    );
    // Month ends with calls right around them, failing or not.
    let edges = prop::collection::vec((0usize..6, -3 * H..3 * H, 0usize..5), 0..40);
    let outages = prop::collection::vec((0..span, 0..3 * 24 * H), 0..4);
    (calls, edges, outages).prop_map(move |(calls, edges, outages)| {
        let mut k = Kit::new();
        k.cfg.availability.min_outage_seconds = 60;
        k.cfg.availability.min_failed_calls = 2;
        for (off, r, ms, persons, failed, muni) in calls {
            let c = k.call_at(from + off, RESULTS[r], Some(ms), persons);
            c.failed = ["fk", "csn", "skv"][..failed]
                .iter()
                .map(|s| s.to_string())
                .collect();
            c.municipality = Some(["Alingsås", "Borås", "Kiruna"][muni].to_string());
        }
        let ends = [
            "2025-12-01 00:00",
            "2026-01-01 00:00",
            "2026-02-01 00:00",
            "2026-03-01 00:00",
            "2026-03-29 02:00",
            "2026-04-01 00:00",
        ];
        for (e, off, r) in edges {
            k.call_at(t(ends[e]) + off, RESULTS[r], Some(900), 1);
        }
        for (i, (off, len)) in outages.into_iter().enumerate() {
            let x = k.ticket(
                &format!("INC-{i}"),
                crate::inputs::TicketType::Incident,
                Some(2),
                "2026-01-01 00:00",
            );
            x.registered_at = from + off;
            x.outage_start = Some(from + off);
            x.outage_end = Some(from + off + len);
        }
        k
    })
}

/// Metrics of `month` measured on the report month's calls and the fold of month pieces.
fn folded(k: &Kit, year: i32, month: u32) -> Metrics {
    let cals = Calendars::from_config(&k.cfg.calendar);
    let mut inputs = k.inputs();
    let ctx = Ctx::new(&k.cfg, &cals, year, month);
    let mut fold = SpanFold::new(&ctx);
    for piece in by_month(&inputs.calls, &cals, (2025, 11), 8) {
        fold.feed(&piece);
    }
    let span = fold.finish();
    let (s, e) = (ctx.start, ctx.end);
    inputs.calls = slice(&inputs.calls, inputs.calls.range(s, e));
    compute_folded(
        &inputs,
        &k.cfg,
        &cals,
        Month::new(year, month).unwrap(),
        None,
        Some(span),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn the_fold_by_month_is_the_fold_of_the_whole_log(k in arb_kit(), month in 1u32..=5) {
        let cals = Calendars::from_config(&k.cfg.calendar);
        let calls = k.inputs().calls;
        let ctx = Ctx::new(&k.cfg, &cals, 2026, month);
        let whole: CallSpan = span::of(&calls, &ctx);
        let mut fold = SpanFold::new(&ctx);
        for piece in by_month(&calls, &cals, (2025, 11), 8) {
            fold.feed(&piece);
        }
        prop_assert_eq!(&fold.finish(), &whole);
        let a = &k.cfg.availability;
        let (min_ms, min_calls) = (a.min_outage_seconds * 1000, u64::from(a.min_failed_calls));
        let runs = |r: &[crate::metrics::SpanRun]| r.iter().map(|r| (r.start, r.end, r.reference.clone(), r.count)).collect::<Vec<_>>();
        prop_assert_eq!(runs(&whole.unavailable_runs), plain_runs(&calls, |i| calls.result[i].is_outage_failure(), min_ms, min_calls));
        prop_assert_eq!(runs(&whole.degraded_runs), plain_runs(&calls, |i| calls.failed_count(i) >= 2, min_ms, min_calls));
    }

    #[test]
    fn the_month_on_its_own_calls_and_the_fold_is_the_month_on_every_call(k in arb_kit(), month in 1u32..=5) {
        let plain = k.run(2026, month);
        let by_fold = folded(&k, 2026, month);
        prop_assert_eq!(serde_json::to_string(&by_fold).unwrap(), serde_json::to_string(&plain).unwrap());
    }
}

/// A failure run from December 31 into January is one run, measured from its first call in
/// December, whether the log is fed whole or month by month.
#[test]
fn a_run_across_the_year_end_is_one_run() {
    let mut k = Kit::new();
    k.cfg.availability.min_outage_seconds = 60;
    k.cfg.availability.min_failed_calls = 2;
    k.call("2025-12-31 23:58", CallResult::Ok, Some(500), 1);
    for at in ["2025-12-31 23:59", "2026-01-01 00:00", "2026-01-01 00:30"] {
        k.call(at, CallResult::NoResponse, None, 1);
    }
    k.call("2026-01-01 01:00", CallResult::Ok, Some(500), 1);
    let cals = Calendars::from_config(&k.cfg.calendar);
    let calls = k.inputs().calls;
    let ctx = Ctx::new(&k.cfg, &cals, 2026, 1);
    let mut fold = SpanFold::new(&ctx);
    for piece in by_month(&calls, &cals, (2025, 12), 2) {
        fold.feed(&piece);
    }
    let span = fold.finish();
    assert_eq!(span, span::of(&calls, &ctx));
    assert_eq!(span.unavailable_runs.len(), 1);
    let r = &span.unavailable_runs[0];
    assert_eq!(
        (r.start, r.end, r.count),
        (t("2025-12-31 23:59"), t("2026-01-01 01:00"), 3)
    );
    assert_eq!(r.reference, calls.ids.get(1));
    assert_eq!(span.rows, 5);
    assert!(span.any_failing_in(t("2026-01-01 00:30"), t("2026-01-01 00:31")));
    assert!(!span.any_failing_in(t("2026-01-01 00:31"), t("2026-01-01 01:00")));
}
