//! Benchmark: one million business-duration computations on realistic ticket spans (minutes to
//! weeks), on the SSBTEK support calendar, plus one million deadlines — the metrics call both
//! for every ticket. Also times the plain day-by-day reference implementation (the calendar's
//! first version) on a sample, for the before/after figure.
//!
//! Run: `cargo bench --bench business_time`. Plain `std::time::Instant`, no harness; the
//! inputs come from a fixed-seed generator, so every run measures the same work, and a
//! checksum guards against the optimiser removing it (and shows the fast path and the
//! reference agree on the sample).
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)] // a benchmark reads the clock and prints

use std::hint::black_box;
use std::time::Instant;

use slareport::calendar::{reference, Calendars, Ms};
use slareport::config::SlaConfig;

const N: usize = 1_000_000;
/// The reference costs microseconds per call; a sample is enough for its ns/op.
const N_REFERENCE: usize = 20_000;

const MIN: i64 = 60_000;

/// A small deterministic generator (SplitMix64), so the bench needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

/// Ticket-like (start, end) pairs: starts anywhere in 2025–2027 (a third of them inside
/// office hours, as tickets mostly are), spans log-uniform from 1 minute to 4 weeks.
fn spans(n: usize) -> Vec<(Ms, Ms)> {
    let (lo, hi) = (1_735_689_600_000, 1_830_297_600_000); // 2025-01-01Z .. 2028-01-01Z
    let mut rng = Rng(0x5EED_2026);
    (0..n)
        .map(|_| {
            let mut start = rng.range(lo, hi);
            if rng.next() % 3 == 0 {
                // Snap into a weekday morning: 08:00–12:00 local, roughly.
                start =
                    start - start.rem_euclid(86_400_000) + 7 * 3_600_000 + rng.range(0, 240) * MIN;
            }
            // log-uniform: 2^(0..15) minutes × (1..2) → 1 min .. ~4.5 weeks
            let exp = rng.range(0, 15);
            let span = (1i64 << exp) * MIN + rng.range(0, (1i64 << exp) * MIN);
            (start, start + span.min(28 * 24 * 60 * MIN))
        })
        .collect()
}

fn ns_per_op(elapsed: std::time::Duration, n: usize) -> f64 {
    elapsed.as_nanos() as f64 / n as f64
}

fn main() {
    let cals = Calendars::from_config(&SlaConfig::ssbtek().calendar);
    let cal = &cals.support;
    let work = spans(N);

    // Cold: the first query of a year lays out its table (holidays, time zone), once.
    let t = Instant::now();
    let _ = black_box(cal.business_ms(work[0].0, work[0].1));
    let first = t.elapsed();
    let t = Instant::now();
    let _ = black_box(cal.business_ms(1_735_689_600_000, 1_830_297_600_000));
    let rest = t.elapsed();
    println!(
        "cold: first query {:.1} µs (lays out its year), the rest of 2025–2027 {:.1} µs",
        first.as_nanos() as f64 / 1e3,
        rest.as_nanos() as f64 / 1e3
    );

    // 1 M business durations.
    let t = Instant::now();
    let mut sum = 0i64;
    for &(a, b) in &work {
        sum = sum.wrapping_add(cal.business_ms(black_box(a), black_box(b)));
    }
    let e = t.elapsed();
    println!(
        "business_ms   fast: {N} spans (1 min – 4 weeks) in {:.1} ms = {:.1} ns/op (checksum {})",
        e.as_secs_f64() * 1e3,
        ns_per_op(e, N),
        black_box(sum)
    );

    // 1 M deadlines: the business time of each span added back to its start.
    let amounts: Vec<i64> = work.iter().map(|&(a, b)| cal.business_ms(a, b)).collect();
    let t = Instant::now();
    let mut sum = 0i64;
    for (&(a, _), &x) in work.iter().zip(&amounts) {
        sum = sum.wrapping_add(cal.add_business(black_box(a), black_box(x)).unwrap_or(0));
    }
    let e = t.elapsed();
    println!(
        "add_business  fast: {N} deadlines in {:.1} ms = {:.1} ns/op (checksum {})",
        e.as_secs_f64() * 1e3,
        ns_per_op(e, N),
        black_box(sum)
    );

    // The reference (first version) on a sample, and agreement on it.
    let sample = &work[..N_REFERENCE];
    let t = Instant::now();
    let mut sum_ref = 0i64;
    for &(a, b) in sample {
        sum_ref = sum_ref.wrapping_add(reference::business_ms(cal, black_box(a), black_box(b)));
    }
    let e_ref = t.elapsed();
    let sum_fast: i64 = sample
        .iter()
        .map(|&(a, b)| cal.business_ms(a, b))
        .fold(0i64, i64::wrapping_add);
    println!(
        "business_ms   reference (day by day): {N_REFERENCE} spans in {:.1} ms = {:.1} ns/op; \
         agrees with fast: {}",
        e_ref.as_secs_f64() * 1e3,
        ns_per_op(e_ref, N_REFERENCE),
        sum_ref == sum_fast
    );
    let t = Instant::now();
    let mut sum_ref = 0i64;
    for (&(a, _), &x) in sample.iter().zip(&amounts) {
        sum_ref = sum_ref.wrapping_add(reference::add_business(cal, black_box(a), x).unwrap_or(0));
    }
    let e_ref_add = t.elapsed();
    println!(
        "add_business  reference (day by day): {N_REFERENCE} deadlines in {:.1} ms = {:.1} ns/op (checksum {})",
        e_ref_add.as_secs_f64() * 1e3,
        ns_per_op(e_ref_add, N_REFERENCE),
        black_box(sum_ref)
    );
}
