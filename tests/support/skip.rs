//! The one rule for tests that need something the machine may lack (a browser, axe-core,
//! poppler's `pdftotext`, Java for the Nu HTML checker, the real data in `../shared/realdata`):
//! locally such a test skips, printing what is missing; in CI (`CI=true`, as GitHub Actions,
//! GitLab CI and `.ci/run` set it) it fails with the same words, so a CI run cannot pass by not
//! running. `.ci/run` installs every tool these tests need.
//!
//! Included by each test binary (`#[path = "../support/skip.rs"] mod skip;`).

/// Whether this run is CI: `CI` is `true` (any case) or `1`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The calling test cannot run because `missing` (say what, and how to get it). Under CI this
/// panics, failing the test; locally it prints `SKIP: …` and returns, and the caller returns.
#[track_caller]
pub fn because(missing: &str) {
    if in_ci() {
        panic!("CI=true, and this test cannot run: {missing}");
    }
    eprintln!("SKIP: {missing}");
}
