//! The CLI's verbs. Each command orchestrates stages; none does arithmetic of its own.
//!
//! Layers: no verb uses another; shared steps live in the stages (`pipeline`, `output`, …).

pub mod annual;
pub mod calendar;
pub mod check;
pub mod columns;
pub mod config;
pub mod diff;
pub mod extract;
pub mod mapping;
pub mod report;
pub mod sample;
pub mod site;
pub mod verify;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// How a successful run ended, mapped to the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 3: a target was missed and `--fail-on-breach` was given.
    TargetMissed,
    /// Exit 4: `verify` found a difference, `diff` two reports that differ, or `site` an
    /// archived report that fails verification (the site is still written).
    VerifyDiffers,
    /// Exit 5: `check` found an input that cannot give a report (every row of a file
    /// rejected, or no call received in `--month`).
    InputsUnusable,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::TargetMissed => 3,
            Outcome::VerifyDiffers => 4,
            Outcome::InputsUnusable => 5,
        }
    }

    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

/// Run one command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let quiet = cli.quiet;
    let parquet = &cli.parquet;
    match cli.command {
        Command::Report(a) => report::run(&a, quiet, cli.timings, parquet),
        Command::Annual(a) => annual::run(&a, quiet),
        Command::Check(a) => check::run(&a, quiet, parquet),
        Command::Sample(a) => sample::run(&a, quiet),
        Command::Verify(a) => verify::run(&a, quiet, parquet),
        Command::Diff(a) => diff::run(&a),
        Command::Site(a) => site::run(&a, quiet),
        Command::Extract(a) => extract::run(&a),
        Command::Config(a) => config::run(&a),
        Command::Calendar(a) => calendar::run(&a),
        Command::Mapping(a) => mapping::run(&a),
        Command::Columns => columns::run(),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "slareport", &mut std::io::stdout());
            Ok(Outcome::Success)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(Outcome::Success)
        }
    }
}
