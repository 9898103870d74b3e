//! The rendered outputs: goldens (`UPDATE_GOLDEN=1 cargo nextest run --test render` rewrites
//! them), the example report, metric fixtures, byte-identical re-runs and `verify`, the sample.
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

mod archive_pdf;
mod audit;
mod ci_script;
mod consistency;
mod diff_reports;
mod embed_limit;
mod fixture;
mod golden;
mod history;
mod html_a11y;
mod html_nu;
mod html_reflow;
mod htmltext;
mod layout_charts;
mod layout_pdf;
mod method_doc;
mod metrics_fixtures;
mod moved_inputs;
mod report_content;
mod reports_example;
mod restatement;
mod sample;
mod silence_report;
mod site;
