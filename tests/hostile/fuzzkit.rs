//! The budget loop shared by the proptest-driven fuzz targets, a module of the
//! `hostile` test binary.
//!
//! Budget from the environment: `SLAREPORT_FUZZ_CASES` cases per round (each target has its
//! own small default so `cargo test` stays fast) and `SLAREPORT_FUZZ_SECS` of further rounds
//! with fresh seeds (default 0 = one round). A round's seed is derived from its number and the
//! target's salt, so a failure names a round that replays.

use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Run `test` over `strategy` in rounds until the budget is spent; panics with the round and
/// proptest's minimal input on a failure. Returns "N cases in R rounds, T s" for the caller's
/// summary line.
pub fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    salt: u64,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> String
where
    S::Value: std::fmt::Debug,
{
    let cases = env_number("SLAREPORT_FUZZ_CASES").map_or(default_cases, |c| c as u32);
    let budget = Duration::from_secs(env_number("SLAREPORT_FUZZ_SECS").unwrap_or(0));
    #[allow(clippy::disallowed_methods)] // the fuzz budget is wall time by design
    let start = Instant::now();
    let (mut total, mut round) = (0u64, 0u64);
    loop {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&round.to_le_bytes());
        seed[8..16].copy_from_slice(&salt.to_le_bytes());
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
        );
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{name}: round {round}: {e}");
        }
        total += u64::from(cases);
        round += 1;
        if start.elapsed() >= budget {
            break;
        }
    }
    format!(
        "{total} cases in {round} rounds, {:.1} s",
        start.elapsed().as_secs_f64()
    )
}
