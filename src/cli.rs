//! The command-line interface: clap derive types only. Doc comments are the help text.
//!
//! Values are parsed here, once: `--month` into a [`Month`], the enums into the library's own
//! types (`From` conversions below). The library never sees these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::calendar::Month;
use crate::inputs::isolate::ParquetReader;
use crate::inputs::InputFiles;
use crate::render::OutputFormat;
use crate::report::Lang;
use crate::sample::SampleFormat;

/// Measure a service-level agreement from archived call logs and ticket exports, and render
/// the monthly service-level report (PDF/A, HTML, JSON, CSV).
///
/// Exit codes: 0 success; 1 error (unreadable input, invalid config); 2 usage;
/// 3 a target was missed and --fail-on-breach was given; 4 `verify` or `diff` found a difference;
/// 5 `check` found an input that cannot give a report (every row of a file rejected, or no
/// call received in --month).
#[derive(Debug, Parser)]
#[command(
    name = "slareport",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// No progress output on stderr.
    // FalseyValueParser: SLAREPORT_QUIET=1 / yes / true all mean quiet ("0", "false", "no",
    // "off" and empty do not); clap's default bool parser rejects "1".
    #[arg(long, short, global = true, env = "SLAREPORT_QUIET", value_parser = clap::builder::FalseyValueParser::new())]
    pub quiet: bool,
    /// Print the wall time of each stage (reading, computing, rendering) on stderr.
    #[arg(long, global = true, hide = true)]
    pub timings: bool,
    #[command(subcommand)]
    pub command: Command,
    /// How Parquet inputs are read: not an argument; `main` asks for the child process.
    #[arg(skip)]
    pub parquet: ParquetReader,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the month's figures and write the report (PDF, HTML, JSON, CSV) into --out.
    Report(ReportArgs),
    /// Write the annual report (årsrapport) of a year from an archive of its monthly report
    /// folders: PDF, HTML, metrics.json, the monthly table as CSV, manifest.json.
    Annual(AnnualArgs),
    /// Validate inputs and print the data-quality summary; writes nothing else.
    Check(CheckArgs),
    /// Generate a realistic, deterministic sample data set (calls, tickets, changes).
    Sample(SampleArgs),
    /// Re-run a report from its manifest and compare every output byte by byte: from a report
    /// directory, or from report.pdf alone (its embedded manifest and config).
    Verify(VerifyArgs),
    /// What differs between two reports (folders or PDFs): every kpi old → new, target status
    /// changes, breaches and corrections added or removed, inputs, config and tool. Two
    /// different months are compared as this month against the previous (deltas).
    /// Exit 0 same, 4 different, 1 error.
    Diff(DiffArgs),
    /// A static website over an archive of report folders: every month with its key figures,
    /// status, files and their SHA-256, restated versions, and trend charts. No script; relative
    /// links only.
    Site(SiteArgs),
    /// Write the files embedded in report.pdf (manifest, metrics, breaches, rejected rows,
    /// the SLA config in force) into --out.
    Extract(ExtractArgs),
    /// Print or validate an SLA config (default: print the embedded SSBTEK config).
    Config(ConfigArgs),
    /// Show the business calendar: holidays, closed days, open intervals and open time.
    Calendar(CalendarArgs),
    /// Input mapping files: print an annotated template, or validate one.
    Mapping(MappingArgs),
    /// List each input's canonical columns: type, required or optional, accepted values.
    Columns,
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// The input files of a run.
#[derive(Debug, Clone, Args, Default)]
pub struct InputArgs {
    /// Call log: files or globs (CSV, Parquet, NDJSON by extension). Repeatable.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub calls: Vec<String>,
    /// Tickets (incidents, problems, orders): files or globs. Repeatable.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub tickets: Vec<String>,
    /// Planned changes and service windows: files or globs. Repeatable.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub changes: Vec<String>,
    /// Corrections (append-only after-the-fact decisions): files or globs.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub corrections: Vec<String>,
    /// Input mapping preset(s) shipped in the binary. Repeatable; each maps the inputs it
    /// knows.
    #[arg(long, value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(crate::inputs::mapping::preset_names()))]
    pub preset: Vec<String>,
    /// Mapping file: a TOML file with only `[inputs]` (your export's column names, values and
    /// timestamp formats), laid over the presets and the config's own `[inputs]`. Template:
    /// `slareport mapping --example`.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
}

impl InputArgs {
    /// The library's request: the files as given (globs are expanded when read), Parquet
    /// read as `parquet` says.
    pub fn files(&self, parquet: &ParquetReader) -> InputFiles {
        InputFiles {
            calls: self.calls.clone(),
            tickets: self.tickets.clone(),
            changes: self.changes.clone(),
            corrections: self.corrections.clone(),
            preset: self.preset.clone(),
            mapping: self.mapping.clone(),
            base: None,
            absolute_base: None,
            parquet: parquet.clone(),
            hold: None,
        }
    }
}

/// The SLA config to use.
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArg {
    /// SLA config (TOML). Default: the embedded SSBTEK agreement.
    #[arg(long, value_name = "FILE", env = "SLAREPORT_CONFIG")]
    pub config: Option<PathBuf>,
}

/// `--lang`: the report's [`Lang`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LangArg {
    /// Swedish (the agreement's own terms).
    #[default]
    Sv,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// `--format`: an [`OutputFormat`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Html,
    Json,
    Csv,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pdf => OutputFormat::Pdf,
            FormatArg::Html => OutputFormat::Html,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Csv => OutputFormat::Csv,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The report month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Month,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Report language.
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
    /// Output formats (comma-separated). metrics.json, manifest.json and rejected.csv are
    /// always written.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Pdf, FormatArg::Html, FormatArg::Json, FormatArg::Csv])]
    pub format: Vec<FormatArg>,
    /// Output directory (created if missing). Written atomically: it holds the previous
    /// complete set of files or the new one, never a mix; a second run on it fails while one
    /// is writing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace the whole contents of --out, also files this run does not write; never a
    /// report (a folder holding manifest.json: use --restate). Without it such files make the
    /// run refuse.
    #[arg(long, conflicts_with = "restate")]
    pub clean: bool,
    /// Restate the month: the report now in --out (of the same month) moves into
    /// --out/versions/N/, where it stays verifiable, and the new report says on page 1 which
    /// version it replaces, of which date, and why; metrics.json and manifest.json record the
    /// replaced version's manifest SHA-256. On an empty or new folder: an ordinary report.
    #[arg(long)]
    pub restate: bool,
    /// Exit with code 3 when any target of the month was missed (a target that could not be
    /// measured is not missed).
    #[arg(long)]
    pub fail_on_breach: bool,
    /// Treat every warning about the inputs as an error: the report is written, and the run
    /// exits with code 5 (for CI).
    #[arg(long)]
    pub strict: bool,
    /// An archive of earlier report folders (any layout below DIR; a folder with only
    /// report.pdf counts too): the year's earlier months are taken from it, verified, instead
    /// of from the logs.
    #[arg(long, value_name = "DIR")]
    pub history: Option<PathBuf>,
    /// Refuse an archived month made under another SLA config (without it: flagged).
    #[arg(long, requires = "history")]
    pub strict_history: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AnnualArgs {
    /// The year, YYYY.
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// The archive of the year's monthly report folders (any layout below DIR; a folder with
    /// only report.pdf counts too). Each month is verified before use.
    #[arg(long, value_name = "DIR")]
    pub history: PathBuf,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Report language.
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
    /// Output formats (comma-separated). metrics.json, months.csv and manifest.json are
    /// always written.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Pdf, FormatArg::Html, FormatArg::Json, FormatArg::Csv])]
    pub format: Vec<FormatArg>,
    /// Output directory (created if missing), written atomically like `report`'s.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Print the data-quality summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// The report month, YYYY-MM: also check that the calls fall in it, and warn about the
    /// month's figures (availability from change windows alone, most of the open time
    /// unavailable).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<Month>,
    /// Treat every warning as an error: exit with code 5 (for CI).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct MappingArgs {
    /// Print an annotated mapping file to copy and edit.
    #[arg(long)]
    pub example: bool,
    /// Validate a mapping file: keys, timestamp formats, value maps (exit 1 on an error).
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

/// `sample --format`: a [`SampleFormat`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SampleFormatArg {
    #[default]
    Csv,
    Parquet,
}

impl From<SampleFormatArg> for SampleFormat {
    fn from(f: SampleFormatArg) -> Self {
        match f {
            SampleFormatArg::Csv => SampleFormat::Csv,
            SampleFormatArg::Parquet => SampleFormat::Parquet,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct SampleArgs {
    /// Generate one month, YYYY-MM.
    #[arg(
        long,
        value_name = "YYYY-MM",
        conflicts_with = "year",
        required_unless_present = "year"
    )]
    pub month: Option<Month>,
    /// Generate a whole year (one call file for the year).
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Number of calls (default: about 30,000 a month).
    #[arg(long, value_name = "N")]
    pub calls: Option<u64>,
    /// Call-log file format.
    #[arg(long, value_enum, default_value_t = SampleFormatArg::Csv)]
    pub format: SampleFormatArg,
    /// Seed of the deterministic generator.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// A report directory holding manifest.json, or a report.pdf (verified on its own).
    pub dir: PathBuf,
    /// Resolve the manifest's relative input (and config) paths against this directory.
    /// Default: the current directory if every input is found there, else the report directory.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Read inputs the manifest names outside the root (absolute paths, `..`, symbolic links
    /// leading out). Off by default: a report folder is untrusted and must not make verify
    /// read (and print hashes of) other files.
    #[arg(long)]
    pub allow_outside_root: bool,
    /// Find each input by its SHA-256 among the files below this folder, whatever their names
    /// and depth (archived logs rarely keep their paths); the output says which file stood in
    /// for which recorded path. Symbolic links leading out of the folder are not followed.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["root", "allow_outside_root"])]
    pub inputs: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The archive: report folders (or report.pdf files) at any depth, with their versions/.
    pub archive: PathBuf,
    /// The site's folder: new, empty, or a site made by this command (replaced whole).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Site language.
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The old report (or the previous month): a report folder or a report.pdf.
    pub a: PathBuf,
    /// The new report (or this month).
    pub b: PathBuf,
    /// Print the differences as JSON (for CI).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// A report.pdf made by slareport.
    pub pdf: PathBuf,
    /// Directory to write the embedded files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Validate this SLA config; errors name the key.
    #[arg(long, value_name = "FILE", conflicts_with = "print")]
    pub check: Option<PathBuf>,
    /// Print the resolved config (of --config, or the embedded default).
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TextOrJson {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct CalendarArgs {
    /// The year.
    #[arg(long)]
    pub year: i32,
    /// Only this month (1-12).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub month: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Which calendar: opening hours (availability), support hours (tickets) or a provider's.
    #[arg(
        long,
        default_value = "opening",
        value_name = "opening|support|PROVIDER"
    )]
    pub hours: String,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// `--month` is parsed while parsing the arguments, so a malformed month is a usage error
    /// (exit 2) with the expected form in the message.
    #[test]
    fn month_is_parsed_by_clap() {
        let ok = Cli::try_parse_from(["slareport", "check", "--month", "2026-03"]).unwrap();
        match ok.command {
            Command::Check(a) => assert_eq!(a.month, Month::new(2026, 3)),
            other => panic!("{other:?}"),
        }
        let err = Cli::try_parse_from(["slareport", "check", "--month", "2026-3"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(
            err.to_string()
                .contains("expected YYYY-MM (1900-01 … 2200-12)"),
            "{err}"
        );
    }

    #[test]
    fn value_enums_map_to_the_library_types() {
        for (a, l) in [(LangArg::Sv, Lang::Sv), (LangArg::En, Lang::En)] {
            assert_eq!(Lang::from(a), l);
            assert_eq!(a.to_possible_value().unwrap().get_name(), l.as_str());
        }
        for f in FormatArg::value_variants() {
            let name = f.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(OutputFormat::from(*f).as_str(), name);
        }
        for f in SampleFormatArg::value_variants() {
            let name = f.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(SampleFormat::from(*f).as_str(), name);
        }
    }
}
