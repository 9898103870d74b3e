//! `slareport sample`: a deterministic generator of realistic sample data in M2.4's
//! canonical columns, for any month or a whole year, at any size.
//!
//! - [`plan`]: each month's story (outage and degraded windows), from (seed, year, month)
//!   only, with [`tickets`] and [`changes`] (and corrections) built on it;
//! - [`traffic`]: how the month's calls spread over its hours;
//! - [`calls`]: the call rows, generated in time order and streamed to a sink;
//! - [`write`]: CSV and Parquet writers ([`crate::calendar::timefmt`]: RFC 3339 with offsets);
//! - [`rng`]: the PRNG (SplitMix64), so that the same seed gives the same bytes everywhere.
//!
//! Layers (a module uses only those below it, never one beside it):
//! `write` → `calls` → `plan` → `changes` → `tickets` → `month`, `traffic`, `rng`.
//!
//! No wall clock, no hash-map order: the output is a function of the arguments alone.

pub mod calls;
pub mod changes;
pub mod month;
pub mod plan;
pub mod rng;
pub mod tickets;
pub mod traffic;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::calendar::timefmt::TimeFormatter;
use crate::calendar::{Calendars, Month};
use crate::config::SlaConfig;
use crate::progress::CountBar;
use calls::{CallGenerator, CallSink};

/// Calls per month when `--calls` is not given.
pub const DEFAULT_CALLS_PER_MONTH: u64 = 30_000;

/// The call log's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleFormat {
    #[default]
    Csv,
    Parquet,
}

impl SampleFormat {
    /// `csv` or `parquet`, as `sample --format` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SampleFormat::Csv => "csv",
            SampleFormat::Parquet => "parquet",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleRequest {
    /// The months, in order (one for `--month`, twelve for `--year`).
    pub months: Vec<Month>,
    /// Total calls over all months (default: [`DEFAULT_CALLS_PER_MONTH`] per month).
    pub calls: Option<u64>,
    pub format: SampleFormat,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSummary {
    pub calls: u64,
    pub tickets: usize,
    pub changes: usize,
    pub corrections: usize,
    pub files: Vec<PathBuf>,
}

/// Generate into `out` (created if missing): calls.csv or calls.parquet, tickets.csv,
/// changes.csv, corrections.csv.
pub fn generate(req: &SampleRequest, out: &Path, quiet: bool) -> anyhow::Result<SampleSummary> {
    anyhow::ensure!(!req.months.is_empty(), "no month to generate");
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory {}", out.display()))?;
    let config = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&config.calendar);
    let fmt = TimeFormatter::new(cals.tz);

    let buckets: Vec<Vec<traffic::Bucket>> = req
        .months
        .iter()
        .map(|m| traffic::month_buckets(&cals.opening, m.year(), m.month(), req.seed))
        .collect();
    let total = req
        .calls
        .unwrap_or(DEFAULT_CALLS_PER_MONTH * req.months.len() as u64);
    let month_weights: Vec<f64> = buckets
        .iter()
        .map(|b| b.iter().map(|x| x.weight).sum())
        .collect();
    let per_month = traffic::allocate(total, &month_weights);

    let (calls_path, mut sink): (PathBuf, Box<dyn CallSink>) = match req.format {
        SampleFormat::Csv => {
            let p = out.join("calls.csv");
            let s = write::CsvCalls::create(&p, fmt.clone())?;
            (p, Box::new(s))
        }
        SampleFormat::Parquet => {
            let p = out.join("calls.parquet");
            let s = write::ParquetCalls::create(&p, fmt.clone())?;
            (p, Box::new(s))
        }
    };
    let progress = CountBar::new(total, "calls", quiet);
    let mut generator = CallGenerator::new(req.seed);
    let mut plans = Vec::with_capacity(req.months.len());
    for (i, month) in req.months.iter().enumerate() {
        let (y, m) = (month.year(), month.month());
        let last = i + 1 == req.months.len();
        let plan = plan::month_plan(&cals, req.seed, y, m, last);
        let tag = format!("{y:04}{m:02}");
        generator.month(&tag, &buckets[i], &plan, per_month[i], sink.as_mut(), |n| {
            progress.inc(n)
        })?;
        plans.push(plan);
    }
    sink.finish()?;
    progress.finish();

    let mut fmt = fmt;
    let tickets: Vec<_> = plans.iter().flat_map(|p| p.tickets.clone()).collect();
    let changes: Vec<_> = plans.iter().flat_map(|p| p.changes.clone()).collect();
    let corrections: Vec<_> = plans.iter().flat_map(|p| p.corrections.clone()).collect();
    let paths = [
        out.join("tickets.csv"),
        out.join("changes.csv"),
        out.join("corrections.csv"),
    ];
    write::write_tickets(&paths[0], &tickets, &mut fmt)?;
    write::write_changes(&paths[1], &changes, &mut fmt)?;
    write::write_corrections(&paths[2], &corrections, &mut fmt)?;
    let mut files = vec![calls_path];
    files.extend(paths);
    Ok(SampleSummary {
        calls: total,
        tickets: tickets.len(),
        changes: changes.len(),
        corrections: corrections.len(),
        files,
    })
}
