//! The generator's own small PRNG: SplitMix64 (Steele, Lea & Flood 2014), with the few
//! distributions the sample needs. No `rand` crate: the output must be identical on every
//! platform and every version, which only code we own can promise.

/// SplitMix64: 64 bits of state, passes BigCrush, trivially seedable from any `u64`.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent stream for a sub-task named by `tag` (e.g. one month's plan), so that
    /// adding draws to one part of the generator never shifts another part's values.
    pub fn derive(seed: u64, tag: u64) -> Self {
        let mut r = Rng::new(seed ^ tag.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[0, n)`; `n > 0`. Lemire's multiply-shift (bias < 2^-64·n, irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `[lo, hi]` (inclusive).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal (Box–Muller; one value per call, simplicity over speed).
    pub fn normal(&mut self) -> f64 {
        // 1 - f64() is in (0, 1], so ln never sees 0.
        let u = 1.0 - self.f64();
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Log-normal with the given median and shape `sigma`.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// An index drawn from a cumulative weight table (`cum` ascending, last = total).
    pub fn pick_cum(&mut self, cum: &[f64]) -> usize {
        let total = *cum.last().expect("non-empty table");
        let x = self.f64() * total;
        cum.partition_point(|&c| c <= x).min(cum.len() - 1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Cumulative sums of `weights`.
pub fn cumulative(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs of SplitMix64 seeded with 1234567 (the reference C implementation).
        let mut r = Rng::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn distributions_stay_in_range() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            let x = r.f64();
            assert!((0.0..1.0).contains(&x));
            assert!(r.below(10) < 10);
            let y = r.range(-3, 3);
            assert!((-3..=3).contains(&y));
            assert!(r.lognormal(2.0, 0.7) > 0.0);
        }
        let cum = cumulative(&[1.0, 0.0, 3.0]);
        assert_eq!(cum, vec![1.0, 1.0, 4.0]);
        let mut hits = [0u32; 3];
        for _ in 0..4000 {
            hits[r.pick_cum(&cum)] += 1;
        }
        assert_eq!(hits[1], 0, "a zero weight is never picked");
        assert!(hits[2] > 2 * hits[0]);
    }

    #[test]
    fn derived_streams_differ() {
        let a = Rng::derive(1, 202603).next_u64();
        let b = Rng::derive(1, 202604).next_u64();
        assert_ne!(a, b);
    }
}
