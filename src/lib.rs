//! slareport: measure a service-level agreement from archived call logs and ticket exports, and
//! render the monthly service-level report.
//!
//! The data flows one way: [`inputs`] → [`calendar`] → [`metrics`] → [`report`] (the model) →
//! [`render`] (PDF, HTML, JSON, CSV), with [`audit`] recording what was done and comparing.
//! [`pipeline`] runs the whole way in memory and re-makes a report to verify it; [`commands`]
//! are the CLI's verbs, and only they and [`cli`] know the command line. The modules import
//! each other in one direction only (README, Architecture; `tests/cli/architecture.rs`).

pub mod annual;
pub mod archive;
pub mod audit;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diff;
pub mod fault;
pub mod inputs;
pub mod metrics;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod sample;
pub mod site;

/// The tool's version (Cargo package version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The git revision the binary was built from, or "unknown".
pub const GIT_REV: &str = env!("SLAREPORT_GIT_REV");
