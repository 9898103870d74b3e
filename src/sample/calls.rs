//! The call log: one row per call, generated hour by hour in time order and handed to a
//! [`CallSink`] at once, so memory stays constant however many calls are asked for (only one
//! hour's call times are held, to sort them).
//!
//! What a call looks like: persons mostly 1, some up to 10, a rare 11 or 12 (the >10 rule);
//! the caller one of 290 social boards (Zipf-like: big cities call most); log-normal response
//! times growing with persons and with load, with a tail (some over 7 s, a few over 12 s);
//! about 1 % failures across `partial` / `error` / `unreachable` / `no_response` with failed
//! provider codes; and inside the plan's windows, outages (every call fails) and degraded
//! periods (two providers failing on every call).

use super::month::{Window, WindowKind, PROVIDERS};
use super::plan::MonthPlan;
use super::rng::{cumulative, Rng};
use super::traffic::{allocate, Bucket};
use crate::calendar::Ms;
use crate::inputs::CallResult;

/// Number of social boards calling the service (agreement 3.6.1).
pub const MUNICIPALITIES: usize = 290;

/// One generated call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallRow {
    pub received: Ms,
    pub responded: Option<Ms>,
    pub result: CallResult,
    pub persons: u16,
    /// 0-based index of the social board (written as `SN001` …).
    pub municipality: u16,
    /// Bit mask over [`PROVIDERS`].
    pub failed: u8,
}

/// Where generated calls go, in order.
pub trait CallSink {
    /// `tag` is the month (`202603`), `seq` the 1-based number of the call in that month.
    fn push(&mut self, tag: &str, seq: u64, row: &CallRow) -> anyhow::Result<()>;
    fn finish(&mut self) -> anyhow::Result<()>;
}

/// How a scheduled call time came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// The healthy call that ends a window's run (sorts first among equal instants).
    ForcedHealthy,
    /// A call placed so that a window's run has calls throughout.
    ForcedInWindow,
    Random,
}

/// The call generator: one PRNG stream for the whole run, lookup tables built once.
pub struct CallGenerator {
    rng: Rng,
    municipality_cum: Vec<f64>,
    persons_cum: Vec<f64>,
}

/// Relative frequency of 1..=12 persons in a call.
const PERSONS_WEIGHTS: [f64; 12] = [
    70.0, 12.0, 6.0, 4.0, 2.5, 1.8, 1.2, 0.9, 0.6, 0.5, 0.03, 0.02,
];

/// Failures outside windows: cumulative probabilities of partial, error, unreachable,
/// no_response (about 1 % in all).
const P_PARTIAL: f64 = 0.0050;
const P_ERROR: f64 = 0.0075;
const P_UNREACHABLE: f64 = 0.0085;
const P_NO_RESPONSE: f64 = 0.0100;
/// An answered call whose `responded_at` is missing (M4.7).
const P_MISSING_RESPONSE: f64 = 0.00005;
/// Before a window starts, calls do not fail the same way, so that the detected run starts
/// exactly at the window (the incident's outage_start).
const GUARD_MS: i64 = 5 * 60_000;

impl CallGenerator {
    pub fn new(seed: u64) -> Self {
        let zipf: Vec<f64> = (1..=MUNICIPALITIES)
            .map(|k| 1.0 / (k as f64).powf(0.8))
            .collect();
        CallGenerator {
            rng: Rng::derive(seed, 0xCA11),
            municipality_cum: cumulative(&zipf),
            persons_cum: cumulative(&PERSONS_WEIGHTS),
        }
    }

    /// Generate `n_calls` calls for one month: its `buckets` (hours) and its `plan` (windows).
    /// Windows are only enacted when the month has calls enough to show them (≥ 20 calls per
    /// forced call); with fewer, the month is generated without them.
    pub fn month(
        &mut self,
        tag: &str,
        buckets: &[Bucket],
        plan: &MonthPlan,
        n_calls: u64,
        sink: &mut dyn CallSink,
        mut on_progress: impl FnMut(u64),
    ) -> anyhow::Result<()> {
        let mut forced: Vec<(Ms, Origin)> = plan
            .windows
            .iter()
            .flat_map(|w| {
                w.forced_times().map(move |t| {
                    let origin = if t == w.end {
                        Origin::ForcedHealthy
                    } else {
                        Origin::ForcedInWindow
                    };
                    (t, origin)
                })
            })
            .collect();
        let windows: &[Window] = if (forced.len() as u64) * 20 <= n_calls {
            &plan.windows
        } else {
            forced.clear();
            &[]
        };
        forced.sort_unstable();
        let random = n_calls - forced.len() as u64;
        let weights: Vec<f64> = buckets.iter().map(|b| b.weight).collect();
        let counts = allocate(random, &weights);

        let mut seq = 0u64;
        let mut forced_at = 0;
        let mut times: Vec<(Ms, Origin)> = Vec::new();
        for (bucket, &count) in buckets.iter().zip(&counts) {
            times.clear();
            let span = (bucket.end - bucket.start) as u64;
            for _ in 0..count {
                times.push((bucket.start + self.rng.below(span) as i64, Origin::Random));
            }
            while forced_at < forced.len() && forced[forced_at].0 < bucket.end {
                times.push(forced[forced_at]);
                forced_at += 1;
            }
            times.sort_unstable();
            for &(t, origin) in &times {
                seq += 1;
                let row = self.call(t, origin, windows, bucket.load);
                sink.push(tag, seq, &row)?;
            }
            on_progress(times.len() as u64);
        }
        Ok(())
    }

    fn call(&mut self, t: Ms, origin: Origin, windows: &[Window], load: f64) -> CallRow {
        let r = &mut self.rng;
        let persons = (r.pick_cum(&self.persons_cum) + 1) as u16;
        let municipality = r.pick_cum(&self.municipality_cum) as u16;
        let window = windows.iter().find(|w| w.start <= t && t < w.end);
        let guarded = windows
            .iter()
            .any(|w| t < w.start && w.start - t <= GUARD_MS);
        let mut row = CallRow {
            received: t,
            responded: None,
            result: CallResult::Ok,
            persons,
            municipality,
            failed: 0,
        };
        let base_ms = (1500.0 + 450.0 * f64::from(persons - 1)) * load.sqrt();
        match window {
            Some(w) if w.kind == WindowKind::Outage => {
                if r.chance(0.7) {
                    row.result = CallResult::NoResponse;
                } else {
                    row.result = CallResult::Unreachable;
                    row.responded = Some(t + r.range(150, 900));
                }
            }
            Some(w) => {
                // Degraded: the window's providers fail on every call; the answer is partial
                // (now and then an error answer), and slow.
                row.failed = w.providers | if r.chance(0.1) { 1 << 2 } else { 0 };
                row.result = if r.chance(0.9) {
                    CallResult::Partial
                } else {
                    CallResult::Error
                };
                row.responded = Some(t + response_ms(r, base_ms * 2.5, 0.4));
            }
            None => {
                let u = r.f64();
                let healthy = origin == Origin::ForcedHealthy;
                if healthy || u >= P_NO_RESPONSE {
                    row.result = CallResult::Ok;
                    if !r.chance(P_MISSING_RESPONSE) {
                        row.responded = Some(t + response_ms(r, base_ms, 0.5));
                    }
                } else if u < P_PARTIAL {
                    row.result = CallResult::Partial;
                    row.failed = one_provider(r);
                    if !guarded && r.chance(0.08) {
                        row.failed |= one_provider(r);
                    }
                    row.responded = Some(t + response_ms(r, base_ms + 1500.0, 0.5));
                } else if u < P_ERROR || guarded {
                    row.result = CallResult::Error;
                    if r.chance(0.5) {
                        row.failed = one_provider(r);
                    }
                    row.responded = Some(t + response_ms(r, 900.0, 0.5));
                } else if u < P_UNREACHABLE {
                    row.result = CallResult::Unreachable;
                    row.responded = Some(t + r.range(150, 900));
                } else {
                    row.result = CallResult::NoResponse;
                }
            }
        }
        row
    }
}

/// A log-normal response time (ms) with a tail: 0.3 % of calls wait on a slow provider and
/// take 2.5–5 times as long. Capped at the 60 s time-out.
fn response_ms(r: &mut Rng, median: f64, sigma: f64) -> i64 {
    let mut x = r.lognormal(median, sigma);
    if r.chance(0.003) {
        x *= 2.5 + 2.5 * r.f64();
    }
    (x.round() as i64).clamp(40, 60_000)
}

fn one_provider(r: &mut Rng) -> u8 {
    // Weighted: Försäkringskassan and Skatteverket are asked most.
    const CUM: [f64; 7] = [30.0, 45.0, 70.0, 80.0, 88.0, 95.0, 100.0];
    1 << r.pick_cum(&CUM)
}

/// The `;`-separated provider codes of a mask, in [`PROVIDERS`] order.
pub fn providers_text(mask: u8, out: &mut Vec<u8>) {
    let mut first = true;
    for (i, code) in PROVIDERS.iter().enumerate() {
        if mask & (1 << i) != 0 {
            if !first {
                out.push(b';');
            }
            out.extend_from_slice(code.as_bytes());
            first = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendars;
    use crate::config::SlaConfig;
    use crate::sample::plan::month_plan;
    use crate::sample::traffic::month_buckets;

    #[derive(Default)]
    struct Collect(Vec<CallRow>);
    impl CallSink for Collect {
        fn push(&mut self, _: &str, _: u64, row: &CallRow) -> anyhow::Result<()> {
            self.0.push(*row);
            Ok(())
        }
        fn finish(&mut self) -> anyhow::Result<()> {
            Ok(())
        }
    }

    fn march(n: u64) -> (MonthPlan, Vec<CallRow>) {
        let cals = Calendars::from_config(&SlaConfig::ssbtek().calendar);
        let plan = month_plan(&cals, 2026, 2026, 3, true);
        let buckets = month_buckets(&cals.opening, 2026, 3, 2026);
        let mut sink = Collect::default();
        CallGenerator::new(2026)
            .month("202603", &buckets, &plan, n, &mut sink, |_| {})
            .unwrap();
        (plan, sink.0)
    }

    #[test]
    fn exact_count_sorted_and_shaped() {
        let (plan, calls) = march(30_000);
        assert_eq!(calls.len(), 30_000);
        assert!(calls.windows(2).all(|w| w[0].received <= w[1].received));
        let failures =
            calls.iter().filter(|c| c.result != CallResult::Ok).count() as f64 / 30_000.0;
        assert!((0.008..0.03).contains(&failures), "{failures}");
        assert!(calls.iter().any(|c| c.persons > 10));
        assert!(calls.iter().filter(|c| c.persons == 1).count() > 18_000);
        let slow = |ms| {
            calls
                .iter()
                .filter(|c| c.responded.is_some_and(|r| r - c.received > ms))
                .count()
        };
        assert!(slow(7_000) > 30, "some over 7 s");
        assert!((1..300).contains(&slow(12_000)), "a few over 12 s");
        // Every window's calls fail, and the call at its end is healthy.
        for w in &plan.windows {
            let inside: Vec<&CallRow> = calls
                .iter()
                .filter(|c| w.start <= c.received && c.received < w.end)
                .collect();
            assert!(inside.len() >= 3);
            assert_eq!(inside[0].received, w.start);
            for c in &inside {
                match w.kind {
                    WindowKind::Outage => assert!(c.result.is_outage_failure()),
                    WindowKind::Degraded => assert!(c.failed.count_ones() >= 2),
                }
            }
            let after = calls.iter().find(|c| c.received >= w.end).unwrap();
            assert_eq!(after.received, w.end);
            assert_eq!(after.result, CallResult::Ok);
            let before = calls.iter().rev().find(|c| c.received < w.start).unwrap();
            assert!(!before.result.is_outage_failure() && before.failed.count_ones() < 2);
        }
    }

    #[test]
    fn tiny_months_skip_windows() {
        let (_, calls) = march(50);
        assert_eq!(calls.len(), 50);
    }

    #[test]
    fn provider_text() {
        let mut v = Vec::new();
        providers_text(0b101, &mut v);
        assert_eq!(v, b"FK;SKV");
    }
}
