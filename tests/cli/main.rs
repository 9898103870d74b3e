//! The command line: usage and exit codes, `calendar`, and the calendar against independent
//! holiday and business-hour oracles.
//!
//! One test binary per area (issue 16): each binary links polars and typst, so fewer binaries
//! build and link faster.

#![allow(clippy::disallowed_macros)] // tests print to the harness's captured stdout

mod absent;
mod architecture;
mod calendar_cli;
mod calendar_oracles;
mod usage;
