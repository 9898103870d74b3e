//! Inputs: readers for calls, tickets, changes and corrections (M2.4), column and value
//! mapping with presets, validation, and rejects with reasons. Every row read is either used
//! or rejected: `rows_read = rows_used + rows_rejected` per file.
//!
//! One call-log row, file to column: [`read_all`] → `callread::read_calls` → a CSV block is
//! split into records (`callread::csvstream`, [`csvsplit`]) and each record into fields, by
//! the plain split (`callread::lines`) or the csv crate (`callread::chunk`); Parquet and
//! NDJSON rows come as batches from [`isolate::for_each_batch`] (text, and a Parquet file's
//! datetimes and integers as values, [`frames::Typed`]: a timestamp's instant is taken as it
//! is, M1.2) → the same converter,
//! `callread::Conv::row` → [`calls::validate`] (typed fields via [`fields`], [`clocks`]) →
//! [`calls::CallsBuilder`] (interned, the duplicate rule) → the columns of [`Calls`].
//! Tickets, changes and corrections: [`rows::read_simple`] (or [`fold`] / [`foldrows`]) →
//! [`rows::load_table`] → one `convert` per input ([`tickets`], [`changes`], [`corrections`]).
//!
//! Layers, bottom up: a module uses only modules of its own or a lower layer (no import
//! circle inside the folder).
//! 1. Base, using nothing else here: [`reasons`] (reject reasons, [`reasons::Bad`]),
//!    [`limits`], [`digest`], [`dedup`], [`ordered`], [`csvsplit`], and [`catalog`] (the
//!    inputs, their canonical columns and enum values).
//! 2. [`model`]: the validated, typed rows; [`crossfile`] (duplicates whose copies are in
//!    other files, counted per file while the duplicate rule runs).
//! 3. Mapping: [`mapping`] (config types, presets) → [`clocks`] (timestamp parsers) →
//!    [`fields`] (a mapping resolved against a file; typed field access).
//! 4. Records, files to text fields: [`source`] (formats; the small inputs' CSV through the
//!    csv crate), [`encoding`], [`frames`] (polars, Parquet in this process), [`ndjson`],
//!    [`isolate`] (Parquet in a child process, its stream in `isolate::wire`; the one entry
//!    for Parquet and NDJSON).
//! 5. Converters, text fields to typed rows or rejects: [`calls`], [`tickets`], [`changes`],
//!    [`corrections`].
//! 6. Readers, files to converted rows: [`rows`] → [`fold`], [`foldrows`], `callread`.
//! 7. After reading: [`mapfile`] (the mapping file and its lint), [`warnings`], [`gaps`],
//!    [`restart`] (call ids that seem to restart in each file);
//!    this file ([`read_all`]).
//!
//! Line numbers: CSV rejects carry the exact line where the record starts (quoted fields may
//! span lines); Parquet rejects the 1-based row number; NDJSON the line number.

mod callread;
pub mod calls;
pub mod catalog;
pub mod changes;
pub mod clocks;
pub mod corrections;
pub mod crossfile;
pub(crate) mod csvsplit;
pub mod dedup;
pub mod digest;
pub mod encoding;
pub mod fields;
pub mod fold;
pub mod foldrows;
pub mod frames;
pub mod gaps;
pub mod isolate;
pub mod limits;
pub mod mapfile;
pub mod mapping;
pub mod model;
pub mod ndjson;
pub mod ordered;
pub mod reasons;
pub mod rejects;
pub mod restart;
pub mod rows;
pub mod source;
pub mod spill;
pub mod tickets;
pub mod warnings;

pub use catalog::InputKind;
pub use model::*;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::calendar::{Calendars, Ms};
use crate::config::SlaConfig;

use mapping::Mappings;

/// The input files of a run: files or globs per input, presets, a mapping file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputFiles {
    pub calls: Vec<String>,
    pub tickets: Vec<String>,
    pub changes: Vec<String>,
    pub corrections: Vec<String>,
    /// Mapping presets shipped in the binary, by name.
    pub preset: Vec<String>,
    /// A mapping file (`[inputs]` only).
    pub mapping: Option<PathBuf>,
    /// Relative paths (and globs) are resolved against this directory instead of the
    /// current one, and recorded as given (`verify` re-reads the recorded relative paths
    /// under the report's root without changing the process's working directory).
    pub base: Option<PathBuf>,
    /// Absolute paths are read under this directory (their root removed) and recorded as
    /// given: `verify --inputs` stages the files it found by their hash at the recorded paths.
    pub absolute_base: Option<PathBuf>,
    /// How Parquet files are read: in this process (the default) or by a child process
    /// (what the binary asks for, so that a polars abort on a corrupt file is an error).
    pub parquet: isolate::ParquetReader,
    /// Only the calls received in `[start, end)` are held in memory; those of other months
    /// go to disk, month by month ([`Inputs::spilled`], M12.7). `None` holds every call.
    pub hold: Option<(Ms, Ms)>,
}

/// Everything read, validated and typed.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub calls: Calls,
    pub tickets: Vec<Ticket>,
    pub changes: Vec<Change>,
    pub corrections: Vec<Correction>,
    /// Per file, inputs in the order calls, tickets, changes, corrections; files in canonical
    /// (sorted path) order.
    pub files: Vec<FileStats>,
    /// Sorted by (input, file, line, column, value, reason); a big call log's on disk.
    pub rejects: rejects::Rejects,
    /// The latest instant in any used input row (M2.14), if any.
    pub data_end: Option<Ms>,
    /// The preset used for reading.
    pub preset: String,
    /// The mapping file (if any) and the resolved mappings the inputs were read with.
    pub mapping: mapfile::MappingUsed,
    /// Data-quality warnings (see `inputs::warnings`); the month-dependent ones are added
    /// once the month is known.
    pub warnings: Vec<warnings::InputWarning>,
    /// The calls outside [`InputFiles::hold`], on disk by month (M12.7); `calls` then holds
    /// the held period's calls only.
    pub spilled: Option<calls::SpilledMonths>,
}

impl Inputs {
    /// Calls used in the whole log, held or spilled.
    pub fn call_rows(&self) -> u64 {
        self.calls.len() as u64 + self.spilled.as_ref().map_or(0, |s| s.rows())
    }

    /// The first and last `received_at` of the whole log, held or spilled.
    pub fn call_span(&self) -> (Option<Ms>, Option<Ms>) {
        let held = (
            self.calls.received.first().copied(),
            self.calls.received.last().copied(),
        );
        let (a, b) = self
            .spilled
            .as_ref()
            .map_or((None, None), |s| s.first_last());
        let min = |x: Option<Ms>, y: Option<Ms>| match (x, y) {
            (Some(x), Some(y)) => Some(x.min(y)),
            _ => x.or(y),
        };
        (min(held.0, a), held.1.max(b))
    }

    /// Whether any file of input `kind` was given.
    pub fn given(&self, kind: InputKind) -> bool {
        self.files.iter().any(|f| f.input == kind.as_str())
    }

    /// Whether canonical column `column` of input `kind` has a source: every file of the input
    /// provides it (a column, a constant or an event state). A column only some files have
    /// leaves the rows of the others without it, so it counts as absent. Vacuously true when
    /// no file of the input was read ([`Inputs::given`] tells that case apart).
    pub fn has_column(&self, kind: InputKind, column: &str) -> bool {
        self.files
            .iter()
            .filter(|f| f.input == kind.as_str())
            .all(|f| f.columns.iter().any(|c| c == column))
    }

    /// The canonical columns of input `kind` that have a source in every file (see
    /// [`Inputs::has_column`]), in canonical order.
    pub fn columns_of(&self, kind: InputKind) -> Vec<&'static str> {
        catalog::spec(kind)
            .canon
            .iter()
            .copied()
            .filter(|c| self.has_column(kind, c))
            .collect()
    }
}

/// What reading tells the user as it goes: a progress bar on a terminal, nothing otherwise.
/// Called from the reading threads.
pub trait ReadProgress: Sync {
    /// A step of reading begins (for `--timings`).
    fn step(&self, _what: &str) {}
    /// The call files' total size in bytes, once their paths are known.
    fn start(&self, total_bytes: u64);
    /// `bytes` more of the call files have been read.
    fn advance(&self, bytes: u64);
}

/// No progress to show.
impl ReadProgress for () {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Read, map and validate every input named in `args`.
pub fn read_all(args: &InputFiles, cfg: &SlaConfig, cals: &Calendars) -> anyhow::Result<Inputs> {
    read_all_showing(args, cfg, cals, &())
}

/// [`read_all`], telling `progress` how much of the call log has been read.
pub fn read_all_showing(
    args: &InputFiles,
    cfg: &SlaConfig,
    cals: &Calendars,
    progress: &dyn ReadProgress,
) -> anyhow::Result<Inputs> {
    let bases = Bases {
        rel: args.base.as_deref(),
        abs: args.absolute_base.as_deref(),
    };
    let base = &bases;
    let file = match &args.mapping {
        Some(p) => {
            let given = p.to_string_lossy();
            let mut f = mapfile::MappingFile::load(&resolve(base, &given))?;
            f.record.path = given.into_owned();
            Some(f)
        }
        None => None,
    };
    let maps = Mappings::resolve(
        &args.preset,
        cfg.inputs.as_ref(),
        file.as_ref().map(|f| &f.inputs),
    )?;
    let mut inputs = Inputs {
        preset: maps.presets.join(","),
        mapping: mapfile::MappingUsed {
            file: file.map(|f| f.record),
            resolved: maps.clone(),
        },
        ..Inputs::default()
    };

    let paths = expand_under(base, &args.calls, "--calls")?;
    progress.start(
        paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum(),
    );
    progress.step("call log");
    let log = callread::read_calls(
        &paths,
        &maps.calls,
        cals,
        &args.parquet,
        args.hold,
        progress,
    )?;
    progress.step("tickets, changes, corrections");
    inputs.calls = log.calls;
    inputs.files.extend(log.files);
    inputs.rejects.append(log.rejects);
    inputs.spilled = log.spilled;

    let parquet = &args.parquet;
    let paths = expand_under(base, &args.tickets, "--tickets")?;
    let t = match &maps.tickets.fold {
        Some(f) => fold::read_folded(&paths, &maps.tickets, f, cals, parquet)?,
        None => rows::read_simple(
            &tickets::SPEC,
            &paths,
            &maps.tickets,
            cals,
            parquet,
            |row, c, rr| tickets::convert(row, c, rr, &tickets::FoldTimes::default()),
        )?,
    };
    inputs.tickets = t.rows;
    inputs.files.extend(t.files);
    inputs.rejects.extend(t.rejects);

    let paths = expand_under(base, &args.changes, "--changes")?;
    let c = read_changes(&paths, &maps.changes, cals, parquet)?;
    inputs.changes = c.rows;
    inputs.files.extend(c.files);
    inputs.rejects.extend(c.rejects);

    let paths = expand_under(base, &args.corrections, "--corrections")?;
    let c = match &maps.corrections.fold {
        Some(f) => foldrows::read_grouped(
            &corrections::SPEC,
            &paths,
            &maps.corrections,
            f,
            cals,
            parquet,
            corrections::convert,
            |g| {
                let merged = corrections::merge(g);
                let disagreed = merged.is_err();
                (merged, disagreed)
            },
        )?,
        None => rows::read_simple(
            &corrections::SPEC,
            &paths,
            &maps.corrections,
            cals,
            parquet,
            corrections::convert,
        )?,
    };
    inputs.corrections = c.rows;
    inputs.files.extend(c.files);
    inputs.rejects.extend(c.rejects);

    if bases.rel.is_some() || bases.abs.is_some() {
        let given: Vec<&String> = [&args.calls, &args.tickets, &args.changes, &args.corrections]
            .into_iter()
            .flatten()
            .collect();
        as_given(&mut inputs, &bases, &given);
    }
    inputs
        .rejects
        .sort()
        .map_err(|e| anyhow::anyhow!("rejected rows: spill file: {e}"))?;
    inputs.data_end = data_end(&inputs);
    inputs.warnings = warnings::read_warnings(&inputs);
    inputs.warnings.extend(restart::warning(&inputs.files));
    inputs.warnings.extend(gaps::column_warnings(&inputs));
    inputs
        .warnings
        .extend(warnings::fold_and_encoding_warnings(&inputs));
    Ok(inputs)
}

/// Read the change files: row by row, or folded into one change per id (`fold`); a status
/// from the rows' own column, else from the mapping's `status_rules`.
fn read_changes(
    paths: &[String],
    m: &mapping::InputMapping,
    cals: &Calendars,
    parquet: &isolate::ParquetReader,
) -> anyhow::Result<rows::Converted<Change>> {
    let rules = changes::StatusRules::new(m)?;
    let mut spec = changes::SPEC;
    if rules.any() {
        // The rules give every change a status: the column is optional.
        spec.required = &["change_id"];
    }
    let settle = |d| changes::finish(d, &rules);
    let mut read = match &m.fold {
        Some(f) => foldrows::read_grouped(&spec, paths, m, f, cals, parquet, changes::parse, |g| {
            let (d, disagreed) = changes::merge(g);
            (settle(d), disagreed)
        }),
        None => rows::read_simple(&spec, paths, m, cals, parquet, |row, c, rr| {
            changes::parse(row, c, rr).and_then(settle)
        }),
    }?;
    if rules.any() {
        // A status the rules derive is a column the change input provides (M2.13).
        for file in &mut read.files {
            if !file.columns.iter().any(|c| c == "status") {
                file.columns.push("status".to_string());
            }
        }
    }
    Ok(read)
}

/// Where paths are read: relative ones under `rel`, absolute ones under `abs` (root removed).
struct Bases<'a> {
    rel: Option<&'a Path>,
    abs: Option<&'a Path>,
}

/// `path` under its base (unchanged without one).
fn resolve(base: &Bases, path: &str) -> String {
    let p = Path::new(path);
    match (base.rel, base.abs) {
        (Some(b), _) if p.is_relative() => b.join(path).to_string_lossy().into_owned(),
        (_, Some(a)) if p.is_absolute() => a
            .join(path.trim_start_matches('/'))
            .to_string_lossy()
            .into_owned(),
        _ => path.to_string(),
    }
}

/// [`expand`] with arguments resolved under their base.
fn expand_under(base: &Bases, args: &[String], flag: &str) -> anyhow::Result<Vec<String>> {
    if base.rel.is_none() && base.abs.is_none() {
        return expand(args, flag);
    }
    let resolved: Vec<String> = args.iter().map(|a| resolve(base, a)).collect();
    expand(&resolved, flag)
}

/// The text `resolve` puts in front of a path read under `dir` (paths are compared as text:
/// `./x` stays `./x`).
fn prefix_of(dir: &Path) -> String {
    let joined = dir.join("x").to_string_lossy().into_owned();
    joined[..joined.len() - 1].to_string()
}

/// The recorded paths of files read under a base, as they were given: relative to it, or
/// absolute again when read under the absolute base.
fn as_given(inputs: &mut Inputs, base: &Bases, given: &[&String]) {
    let rel = base.rel.map(prefix_of);
    let abs = base.abs.map(prefix_of);
    let absolute = |p: &str| Path::new(p).is_absolute() && given.iter().any(|g| *g == p);
    let strip = |p: &mut String| {
        if let Some(rest) = abs.as_deref().and_then(|a| p.strip_prefix(a)) {
            *p = format!("/{rest}");
            return;
        }
        if absolute(p) {
            return;
        }
        if let Some(rest) = rel.as_deref().and_then(|r| p.strip_prefix(r)) {
            *p = rest.to_string();
        }
    };
    inputs.files.iter_mut().for_each(|f| strip(&mut f.path));
    // One stripped path per shared original: rejects of one file keep sharing it.
    inputs.rejects.map_files(|from| {
        let mut p = from.to_string();
        strip(&mut p);
        Arc::from(p)
    });
}

/// Expand files and globs, then sort and deduplicate the paths so that results never depend
/// on argument order. A glob that matches nothing is an error (a silently empty input would
/// look like a month without data).
pub fn expand(args: &[String], flag: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for a in args {
        // An existing file is taken as named, even when its name holds glob characters
        // (`calls[1].csv` would otherwise be a pattern matching `calls1.csv`).
        if a.contains(['*', '?', '[']) && !std::path::Path::new(a).is_file() {
            let before = out.len();
            let entries = glob::glob(a)
                .map_err(|e| anyhow::anyhow!("{flag} `{a}`: invalid glob pattern: {e}"))?;
            for e in entries {
                let p = e.map_err(|e| anyhow::anyhow!("{flag} `{a}`: {e}"))?;
                if p.is_file() {
                    out.push(p.to_string_lossy().into_owned());
                    too_many(out.len(), flag, a)?;
                }
            }
            if out.len() == before {
                anyhow::bail!("{flag} `{a}`: no files match the pattern");
            }
        } else {
            out.push(a.clone());
            too_many(out.len(), flag, a)?;
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Stop a glob (or a list of files) past [`limits::MAX_FILES`] files, before it is all listed.
fn too_many(n: usize, flag: &str, arg: &str) -> anyhow::Result<()> {
    if n > limits::MAX_FILES {
        anyhow::bail!(
            "{flag} `{arg}`: more than {} files (at most {} per input): name fewer files, e.g. \
             a narrower pattern or one month's files",
            limits::MAX_FILES,
            limits::MAX_FILES
        );
    }
    Ok(())
}

/// The latest instant in any used input row (M2.14): calls, tickets and changes.
///
/// Corrections are left out: they are after-the-fact decisions, approved days or weeks after
/// the data (the sample's are approved in the next month), and an outage that is still open in
/// the data must not run on until the day someone approved a correction.
pub fn data_end(i: &Inputs) -> Option<Ms> {
    let mut end: Option<Ms> = None;
    let mut see = |t: Option<Ms>| {
        if let Some(t) = t {
            end = Some(end.map_or(t, |e| e.max(t)));
        }
    };
    // Calls are sorted by received; responded may be later than the last received.
    see(i.call_span().1);
    see(i
        .calls
        .responded
        .iter()
        .copied()
        .filter(|&t| t != NO_TIME)
        .max());
    see(i.spilled.as_ref().and_then(|s| s.latest_response()));
    for t in &i.tickets {
        for x in [
            Some(t.registered_at),
            t.responded_at,
            t.resolved_at,
            t.closed_at,
            t.outage_start,
            t.outage_end,
        ] {
            see(x);
        }
    }
    for c in &i.changes {
        for x in [
            c.notified_at,
            c.scheduled_start,
            c.scheduled_end,
            c.actual_start,
            c.actual_end,
        ] {
            see(x);
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative paths are read under `base` and recorded as given (what `verify` needs
    /// without changing the process's working directory); absolute ones are kept.
    #[test]
    fn relative_paths_are_read_under_the_base_and_recorded_as_given() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("in")).unwrap();
        let calls =
            "call_id,received_at,responded_at,result,persons,municipality,failed_providers\n\
                     C1,2026-03-02T09:00:00+01:00,2026-03-02T09:00:01+01:00,ok,1,SN001,\n\
                     C2,not a time,,ok,1,SN001,\n";
        std::fs::write(dir.path().join("in/calls.csv"), calls).unwrap();
        let tickets_abs = dir.path().join("tickets.csv");
        std::fs::write(&tickets_abs, "ticket_id,type,priority,registered_at\n").unwrap();
        let cfg = SlaConfig::ssbtek();
        let cals = Calendars::from_config(&cfg.calendar);
        let files = InputFiles {
            calls: vec!["./in/calls.csv".into()],
            tickets: vec![tickets_abs.to_string_lossy().into_owned()],
            base: Some(dir.path().to_path_buf()),
            ..InputFiles::default()
        };
        let inputs = read_all(&files, &cfg, &cals).unwrap();
        let paths: Vec<&str> = inputs.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["./in/calls.csv", tickets_abs.to_str().unwrap()]);
        assert_eq!(inputs.files[0].rows_read, 2);
        assert_eq!(inputs.rejects.len(), 1);
        assert_eq!(&*inputs.rejects.to_vec().unwrap()[0].file, "./in/calls.csv");
        // Without a base the same relative path is looked up in the working directory.
        let elsewhere = InputFiles {
            base: None,
            ..files
        };
        assert!(read_all(&elsewhere, &cfg, &cals).is_err());
    }
}
