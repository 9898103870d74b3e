//! Hostile and malformed input: the bad-input corpus, nothing lost (rows read = used +
//! rejected), injection, regressions, and the proptest fuzz targets with their shared budget.
//!
//! One test binary per area: each binary links polars and typst, so fewer binaries
//! build and link faster.

#![allow(clippy::disallowed_macros)] // tests print to the harness's captured stdout

/// The one way the tests start the binary.
#[path = "../support/binary.rs"]
mod binary;

mod corpus;
mod fuzz_parquet;
mod fuzz_parsers;
mod fuzz_readers;
mod fuzz_render;
mod fuzzkit;
mod limits;
mod nothing_lost;
mod outputs_faults;
mod regressions;
mod schema;
mod security;
mod verify;
