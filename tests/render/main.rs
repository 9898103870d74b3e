//! The rendered outputs: goldens (`UPDATE_GOLDEN=1 cargo nextest run --test render` rewrites
//! them), the example report, metric fixtures, byte-identical re-runs and `verify`, the sample.
//!
//! One test binary per area (issue 16): each binary links polars and typst, so fewer binaries
//! build and link faster.

#![allow(clippy::disallowed_macros)] // tests print to the harness's captured stdout

mod archive_pdf;
mod audit;
mod ci_script;
mod diff_reports;
mod fixture;
mod golden;
mod history;
mod html_a11y;
mod layout_charts;
mod layout_pdf;
mod metrics_fixtures;
mod moved_inputs;
mod report_content;
mod reports_example;
mod restatement;
mod sample;
mod site;
