//! Metrics: every measure of the agreement (SPEC §4), computed from validated inputs on the
//! business calendar. One file per area; no formatting here (that is the report model's job).

pub mod kpis;
pub mod model;

pub use kpis::{Kpis, Ratio};
pub use model::*;

use crate::calendar::Calendars;
use crate::config::SlaConfig;
use crate::inputs::Inputs;

/// Compute the month `year-month` (SPEC §4), with year-to-date figures from January 1.
pub fn compute(
    inputs: &Inputs,
    cfg: &SlaConfig,
    cals: &Calendars,
    year: i32,
    month: u32,
) -> anyhow::Result<Metrics> {
    let _ = (inputs, cfg, cals, year, month);
    anyhow::bail!("metrics: not implemented yet")
}
