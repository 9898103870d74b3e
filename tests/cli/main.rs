//! The command line: usage and exit codes, `calendar`, and the calendar against independent
//! holiday and business-hour oracles.
//!
//! One test binary per area: each binary links polars and typst, so fewer binaries
//! build and link faster.

#![allow(clippy::disallowed_macros)] // tests print to the harness's captured stdout

/// The one way the tests start the binary.
#[path = "../support/binary.rs"]
mod binary;

/// Skip locally, fail under `CI=true`: tests that need a tool or data the machine may lack.
#[path = "../support/skip.rs"]
mod skip;

mod absent;
mod architecture;
mod calendar_cli;
mod calendar_oracles;
mod citations;
mod one_runner;
mod spill;
mod usage;
