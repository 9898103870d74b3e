//! Input readers, mappings, presets and validation rules, and the real public exports of
//! ../shared/realdata (skipped, saying why, when absent; a failure under `CI=true`).
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
mod canonical;
mod check;
mod encodings;
mod fold_changes;
mod formats;
mod mapping;
mod mapping_presets;
mod months;
mod presets;
mod properties;
mod realdata_common;
mod realdata_jmeter;
mod realdata_tickets;
mod restart;
mod rules;
