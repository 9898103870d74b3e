//! `slareport check`: read and validate the inputs, print the data-quality summary (per input:
//! rows read / used / rejected, the top reject reasons with what to do about them, the mapping
//! used, and the warnings of `inputs::warnings`), and write nothing else. Rejected rows are
//! not an error; an input that cannot be read at all is (exit 1), and an input that cannot
//! give a report — a required field no column fills, every row of a file rejected, or (with
//! `--month`) no call received in the month — exits 5; with `--strict` every warning does.

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use crate::cli::CheckArgs;
use crate::config::LoadedConfig;
use crate::inputs::mapfile::MappingRecord;
use crate::inputs::warnings::{self, InputWarning};
use crate::inputs::{FileStats, Inputs};

/// How many reasons the text output lists per input.
const TOP_REASONS: usize = 5;

/// The data-quality summary (the `--json` output).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub preset: String,
    /// The mapping file, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<MappingRecord>,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    /// The latest instant in any used row, RFC 3339 UTC (M2.14).
    pub data_end: Option<String>,
    pub inputs: Vec<InputSummary>,
    /// Misconfiguration warnings; any `unusable` one makes `check` exit 5.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<InputWarning>,
    /// With `--month`: the targets the inputs cannot give, `key: reason` (not warnings: a
    /// partial export is allowed, it is only told what it cannot show).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_measured: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputSummary {
    pub input: String,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    pub dst_gap_resolved: u64,
    pub dst_fold_resolved: u64,
    /// Every reason with its count: most frequent first, ties by reason.
    pub reasons: Vec<ReasonCount>,
    pub files: Vec<FileStats>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
    /// The first rejected row with this reason (rejects are sorted by file and line).
    pub first: Example,
    /// What to do about it (the formats tried, the accepted values, the mapping key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Example {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub value: String,
}

/// Summarise what was read (the metrics' data-quality figures, with the hints). Inputs
/// without files are left out.
pub fn summarise(inputs: &Inputs) -> Summary {
    let dq = crate::metrics::data_quality::compute(inputs);
    let mut out = Vec::new();
    for i in &dq.inputs {
        let kind = i.input;
        let files: Vec<FileStats> = inputs
            .files
            .iter()
            .filter(|f| f.input == kind.as_str())
            .cloned()
            .collect();
        let reasons: Vec<ReasonCount> = dq
            .reasons_of(kind)
            .map(|x| {
                let r = &x.first;
                ReasonCount {
                    hint: warnings::reason_hint(
                        &inputs.mapping.resolved,
                        kind,
                        r.column,
                        &x.reason,
                    ),
                    reason: x.reason.clone(),
                    count: x.count,
                    first: Example {
                        file: r.file.to_string(),
                        line: r.line,
                        column: r.column.to_string(),
                        value: r.value.clone(),
                    },
                }
            })
            .collect();
        let c = &i.counts;
        out.push(InputSummary {
            input: kind.as_str().to_string(),
            rows_read: c.rows_read,
            rows_used: c.rows_used,
            rows_rejected: c.rows_rejected,
            dst_gap_resolved: c.dst_gap_resolved,
            dst_fold_resolved: c.dst_fold_resolved,
            reasons,
            files,
        });
    }
    Summary {
        preset: inputs.preset.clone(),
        mapping: inputs.mapping.file.clone(),
        warnings: inputs.warnings.clone(),
        not_measured: Vec::new(),
        rows_read: out.iter().map(|i| i.rows_read).sum(),
        rows_used: out.iter().map(|i| i.rows_used).sum(),
        rows_rejected: out.iter().map(|i| i.rows_rejected).sum(),
        data_end: inputs.data_end.and_then(|t| {
            chrono::DateTime::from_timestamp_millis(t)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        }),
        inputs: out,
    }
}

/// The human-readable summary.
pub fn render_text(s: &Summary) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "preset: {}", s.preset);
    if let Some(m) = &s.mapping {
        let _ = writeln!(o, "mapping: {} (sha256 {})", m.path, m.sha256);
    }
    if s.inputs.is_empty() {
        let _ = writeln!(o, "no inputs given");
    }
    for i in &s.inputs {
        let _ = writeln!(
            o,
            "{}: {} file(s), rows read {}, used {}, rejected {}",
            i.input,
            i.files.len(),
            i.rows_read,
            i.rows_used,
            i.rows_rejected
        );
        for f in &i.files {
            let _ = writeln!(
                o,
                "  {}: read {}{}, used {}, rejected {}{}",
                f.path,
                f.rows_read,
                if f.events_read > 0 {
                    format!(" (folded from {} events)", f.events_read)
                } else {
                    String::new()
                },
                f.rows_used,
                f.rows_rejected,
                if f.dst_gap_resolved + f.dst_fold_resolved > 0 {
                    format!(
                        " (DST: {} in gap, {} in fold resolved)",
                        f.dst_gap_resolved, f.dst_fold_resolved
                    )
                } else {
                    String::new()
                }
            );
        }
        for r in i.reasons.iter().take(TOP_REASONS) {
            let f = &r.first;
            let at = if f.column.is_empty() {
                String::new()
            } else if f.value.is_empty() {
                format!(", column {}", f.column)
            } else {
                format!(", column {}, value `{}`", f.column, one_line(&f.value))
            };
            let _ = writeln!(
                o,
                "  reason: {} × {} (first: {}:{}{at})",
                r.reason, r.count, f.file, f.line
            );
            if let Some(h) = &r.hint {
                let _ = writeln!(o, "    hint: {h}");
            }
        }
        if i.reasons.len() > TOP_REASONS {
            let _ = writeln!(o, "  … and {} more reasons", i.reasons.len() - TOP_REASONS);
        }
    }
    let _ = writeln!(
        o,
        "total: rows read {}, used {}, rejected {}",
        s.rows_read, s.rows_used, s.rows_rejected
    );
    if let Some(e) = &s.data_end {
        let _ = writeln!(o, "data end: {e}");
    }
    for w in &s.warnings {
        let _ = writeln!(o, "warning: {}", w.message);
    }
    for n in &s.not_measured {
        let _ = writeln!(o, "not measured: {n}");
    }
    o
}

/// A value on one line, at most 60 characters, control characters escaped.
fn one_line(v: &str) -> String {
    crate::inputs::reasons::printable(v, 60)
}

pub fn run(
    args: &CheckArgs,
    quiet: bool,
    parquet: &crate::inputs::isolate::ParquetReader,
) -> anyhow::Result<Outcome> {
    let config = LoadedConfig::load(args.config.config.as_deref())?;
    let read = crate::inputs::read_all(
        &args.inputs.files(parquet),
        &config.config,
        &config.calendars,
    );
    let mut inputs = match read {
        Ok(i) => i,
        // A required field no column can fill: the inputs cannot give a report.
        Err(e)
            if e.downcast_ref::<crate::inputs::rows::MissingRequired>()
                .is_some() =>
        {
            eprintln!("error: {e:#}");
            return Ok(Outcome::InputsUnusable);
        }
        Err(e) => return Err(e),
    };
    let mut not_measured = Vec::new();
    if let Some(m) = args.month {
        let (start, end) = m.bounds(config.tz());
        let w = warnings::month_warnings(&inputs, start, end, m);
        inputs.warnings.extend(w);
        let metrics = crate::metrics::compute(&inputs, &config.config, &config.calendars, m)?;
        inputs
            .warnings
            .extend(crate::metrics::alerts::figure_warnings(&metrics));
        not_measured = crate::metrics::alerts::not_measured(&metrics);
    }
    let mut summary = summarise(&inputs);
    summary.not_measured = not_measured;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        out.write_all(render_text(&summary).as_bytes())?;
    }
    out.flush()?;
    let unusable = summary.warnings.iter().filter(|w| w.unusable).count();
    if unusable > 0 {
        if !quiet {
            eprintln!(
                "check: {unusable} input problem(s) leave nothing to report (see the warnings); \
                 exit {}",
                Outcome::InputsUnusable.code()
            );
        }
        return Ok(Outcome::InputsUnusable);
    }
    if args.strict && !summary.warnings.is_empty() {
        if !quiet {
            eprintln!(
                "check: --strict: {} warning(s); exit {}",
                summary.warnings.len(),
                Outcome::InputsUnusable.code()
            );
        }
        return Ok(Outcome::InputsUnusable);
    }
    Ok(Outcome::Success)
}
