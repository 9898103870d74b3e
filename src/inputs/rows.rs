//! The row-wise reading driver shared by the small inputs (tickets, changes, corrections):
//! files in canonical order → projected records → typed rows or rejects → the duplicate rule →
//! per-file statistics. `rows_read = rows_used + rows_rejected` holds per file by construction:
//! every record read ends in exactly one of the two lists.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::catalog::{InputKind, Spec};
use super::clocks::Clocks;
use super::dedup::{self, Verdict};
use super::fields::{Resolved, Row};
use super::isolate::{self, ParquetReader};
use super::limits::Snapshot;
use super::mapping::InputMapping;
use super::model::{FileStats, Reject, RowRef};
use super::reasons::{self, Bad};
use super::source::{self, Format, Table};
use crate::calendar::Calendars;
use crate::config::hex;

/// What a reader produced for one input.
#[derive(Debug, Clone)]
pub struct Converted<T> {
    pub rows: Vec<T>,
    pub files: Vec<FileStats>,
    pub rejects: Vec<Reject>,
}

/// Read a file's bytes and start its statistics: the hash is of the bytes read, and the file
/// must not change while it is read. A CSV line longer than the record limit stops the read
/// there (a 1 GiB line is not loaded whole).
pub fn load(kind: InputKind, path: &str) -> anyhow::Result<(Vec<u8>, FileStats)> {
    use std::io::Read;
    let fail = |e: std::io::Error| anyhow::anyhow!("cannot read {path} ({}): {e}", kind.as_str());
    let before = Snapshot::of(path)?;
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let limit = super::limits::max_record_bytes();
    // CSV records and NDJSON rows are lines (a CSV quoted field may span lines).
    let check_lines = source::format_of(path).is_ok_and(|f| f != Format::Parquet);
    let mut bytes = Vec::with_capacity(before.size.min(limit as u64) as usize);
    let (mut run, mut line) = (0usize, 1u64);
    let mut block = vec![0u8; 8 << 20];
    loop {
        let n = file.read(&mut block).map_err(fail)?;
        if n == 0 {
            break;
        }
        if check_lines {
            for (k, s) in block[..n].split(|&b| b == b'\n').enumerate() {
                if k == 0 {
                    run += s.len();
                } else {
                    line += 1;
                    run = s.len();
                }
                if run > limit {
                    return Err(super::limits::record_too_long(path, line, limit));
                }
            }
        }
        bytes.extend_from_slice(&block[..n]);
    }
    before.check_unchanged(path, bytes.len() as u64)?;
    let stats = FileStats {
        input: kind.as_str().to_string(),
        path: path.to_string(),
        size_bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(&bytes)),
        ..FileStats::default()
    };
    Ok((bytes, stats))
}

/// Read one file of a small input ([`load`], decoded to UTF-8) into a projected table, with
/// the file's statistics begun.
pub fn load_table(
    kind: InputKind,
    path: &str,
    wanted: &[String],
    required_sources: &[String],
    m: &InputMapping,
    parquet: &ParquetReader,
) -> anyhow::Result<(Table, FileStats)> {
    let (bytes, mut stats) = load(kind, path)?;
    let bytes = super::encoding::decode(kind, path, bytes, m, &mut stats)?;
    let table = read_table(path, &bytes, wanted, required_sources, m, parquet)?;
    Ok((table, stats))
}

/// Read one file into a projected table, by its extension.
fn read_table(
    path: &str,
    bytes: &[u8],
    wanted: &[String],
    required_sources: &[String],
    m: &InputMapping,
    parquet: &ParquetReader,
) -> anyhow::Result<Table> {
    match source::format_of(path)? {
        Format::Csv => source::read_csv(path, bytes, wanted, required_sources, m),
        // Parsed from the bytes that were hashed.
        Format::Ndjson => super::ndjson::read_from(bytes, path, wanted).map(|n| {
            let mut records = Vec::with_capacity(n.batch.len);
            isolate::push_records(&n.batch, 1, &mut records);
            Table {
                header: n.header,
                wanted: wanted.to_vec(),
                present: n.present,
                records,
            }
        }),
        // polars reads the file again: it must be the version that was hashed, unchanged.
        f @ Format::Parquet => {
            let s = Snapshot::of(path)?;
            let t = isolate::read_table(parquet, path, f, wanted)?;
            s.check_unchanged(path, bytes.len() as u64)?;
            Ok(t)
        }
    }
}

/// The file's columns for an error message (at most 60 names).
fn found_columns(header: &[String]) -> String {
    const MAX: usize = 60;
    if header.is_empty() {
        return "none (empty file)".to_string();
    }
    let mut s = header
        .iter()
        .take(MAX)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if header.len() > MAX {
        s.push_str(&format!(" … and {} more", header.len() - MAX));
    }
    s
}

/// ` (did you mean \`Name\`?)` when the header has `name` up to case, spaces and punctuation.
fn did_you_mean(header: &[String], name: &str) -> String {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = norm(name);
    match header.iter().find(|h| !want.is_empty() && norm(h) == want) {
        Some(h) => format!(" (did you mean `{h}`?)"),
        None => String::new(),
    }
}

/// A required canonical column has no source in a file: the input cannot give a report
/// (`check` exits 5 on it; every other command fails with it).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MissingRequired(pub String);

/// Fail unless every required canonical column is available, every column the user mapped
/// exists, and every row-filter column exists; the errors name the file, the mapping key,
/// the columns found and the fix.
pub fn check_required(
    spec: &Spec,
    r: &Resolved,
    header: &[String],
    present: &[bool],
    path: &str,
    extra_required: &[(&str, &str)],
) -> anyhow::Result<()> {
    let kind = spec.kind.as_str();
    for &c in spec.required {
        if !r.available(c, present) {
            let srcs = r.sources_of(c);
            let from = if srcs.len() == 1 && srcs[0] == c {
                String::new()
            } else {
                format!(" (mapped from `{}`)", srcs.join("` or `"))
            };
            let presets = super::mapping::presets_for(spec.kind);
            let presets = if presets.is_empty() {
                format!(" (no shipped preset reads {kind})")
            } else {
                format!(
                    ", or read a known export with --preset NAME ({})",
                    presets.join(", ")
                )
            };
            return Err(MissingRequired(format!(
                "missing required column `{c}`{from} in {path} ({kind}): found columns {}.\n\
                 hint: name your export's column in a mapping file (--mapping FILE) as \
                 [inputs.{kind}.columns] {c} = \"<your column>\"{}, or give every row one \
                 value as [inputs.{kind}.constants] {c} = \"<value>\"{presets}; \
                 `slareport mapping --example` prints a template and `slareport columns` the \
                 canonical columns",
                found_columns(header),
                did_you_mean(header, c),
            ))
            .into());
        }
    }
    for (i, (what, name)) in extra_required.iter().enumerate() {
        if !present.get(i).copied().unwrap_or(false) {
            anyhow::bail!(
                "missing column `{name}` ({what}) in {path} ({kind}): found columns {}{}",
                found_columns(header),
                did_you_mean(header, name),
            );
        }
    }
    for (ci, &c) in r.canon.iter().enumerate() {
        if r.strict[ci] && !r.available(c, present) {
            let srcs = r.sources_of(c);
            let shown = if srcs.len() == 1 {
                format!("\"{}\"", srcs[0])
            } else {
                format!(
                    "[{}]",
                    srcs.iter()
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let hint = srcs
                .iter()
                .map(|s| did_you_mean(header, s))
                .find(|h| !h.is_empty())
                .unwrap_or_default();
            anyhow::bail!(
                "{path} ({kind}): the mapping [inputs.{kind}.columns] {c} = {shown} names no \
                 column of this file{hint}; found columns {}.\n\
                 hint: source names match after trimming, ignoring ASCII case; fix the name, \
                 or remove the key to read `{c}` under its own name",
                found_columns(header),
            );
        }
    }
    for (i, src) in r.include_sources() {
        if !present.get(i).copied().unwrap_or(false) {
            anyhow::bail!(
                "{path} ({kind}): the row filter [inputs.{kind}.include] names column `{src}`, \
                 which this file does not have{}; found columns {}",
                did_you_mean(header, src),
                found_columns(header),
            );
        }
    }
    Ok(())
}

/// The canonical columns a file provides: fed by a constant or by a column the file has.
pub fn columns_present(r: &Resolved, present: &[bool]) -> Vec<String> {
    r.canon
        .iter()
        .filter(|c| r.available(c, present))
        .map(|c| c.to_string())
        .collect()
}

/// The source names whose presence marks a header row (for headerless detection).
pub fn required_sources(spec: &Spec, r: &Resolved) -> Vec<String> {
    spec.required
        .iter()
        .flat_map(|c| r.sources_of(c))
        .map(str::to_string)
        .collect()
}

/// A row on its way: where it came from, its id and content, and its own outcome.
pub struct Pending<T> {
    pub file: u32,
    pub line: u64,
    pub id: String,
    pub fp: (u64, u64),
    pub outcome: Result<T, Bad>,
}

/// Apply the duplicate rule and split into used rows and rejects; fill the file counts.
pub fn finish<T: Sync>(
    kind: InputKind,
    pending: Vec<Pending<T>>,
    mut files: Vec<FileStats>,
    apply_dedup: bool,
) -> Converted<T> {
    let verdicts = if apply_dedup {
        dedup::verdicts(
            |i| (pending[i].id.as_str(), pending[i].fp, i as u64),
            pending.len(),
        )
    } else {
        vec![Verdict::Keep; pending.len()]
    };
    let paths: Vec<Arc<str>> = files.iter().map(|st| Arc::from(st.path.as_str())).collect();
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    for (p, v) in pending.into_iter().zip(verdicts) {
        let st = &mut files[p.file as usize];
        st.rows_read += 1;
        let outcome = match v {
            Verdict::Keep => p.outcome,
            Verdict::Duplicate => Err(Bad::new(id_column(kind), &p.id, reasons::DUPLICATE)),
            Verdict::Conflicting => Err(Bad::new(
                id_column(kind),
                &p.id,
                reasons::CONFLICTING_DUPLICATE,
            )),
        };
        match outcome {
            Ok(t) => {
                st.rows_used += 1;
                rows.push(t);
            }
            Err(b) => {
                st.rows_rejected += 1;
                rejects.push(Reject {
                    input: kind,
                    file: Arc::clone(&paths[p.file as usize]),
                    line: p.line,
                    column: b.column,
                    value: b.value,
                    reason: b.reason,
                });
            }
        }
    }
    Converted {
        rows,
        files,
        rejects,
    }
}

/// The id column of an input.
pub fn id_column(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Calls => "call_id",
        InputKind::Tickets => "ticket_id",
        InputKind::Changes => "change_id",
        InputKind::Corrections => "correction_id",
    }
}

/// Read every file of a small input row by row with `convert`.
pub fn read_simple<T: Sync>(
    spec: &Spec,
    paths: &[String],
    m: &InputMapping,
    cals: &Calendars,
    parquet: &ParquetReader,
    mut convert: impl FnMut(&Row, &mut Clocks, RowRef) -> Result<T, Bad>,
) -> anyhow::Result<Converted<T>> {
    let r = Resolved::new(spec.canon, m, &[])?;
    let req = required_sources(spec, &r);
    let mut files = Vec::new();
    let mut pending = Vec::new();
    for (fi, path) in paths.iter().enumerate() {
        let (table, mut stats) = load_table(spec.kind, path, &r.wanted, &req, m, parquet)?;
        check_required(spec, &r, &table.header, &table.present, path, &[])?;
        stats.columns = columns_present(&r, &table.present);
        let mut clocks = Clocks::new(r.canon, m, cals, spec.timestamps, &[]);
        let id_pos = r.pos(spec.id);
        for rec in &table.records {
            let rr = RowRef {
                file: fi as u32,
                line: rec.line,
            };
            let row = Row {
                r: &r,
                fields: &rec.fields,
            };
            let outcome = match rec.issue() {
                Some(bad) => Err(bad),
                None => r
                    .included(&rec.fields)
                    .and_then(|()| convert(&row, &mut clocks, rr)),
            };
            pending.push(Pending {
                file: fi as u32,
                line: rec.line,
                id: r.text(&rec.fields, id_pos).trim().to_string(),
                fp: dedup::fingerprint((0..spec.canon.len()).map(|ci| r.raw(&rec.fields, ci))),
                outcome,
            });
        }
        clocks.record(&mut stats);
        files.push(stats);
    }
    Ok(finish(spec.kind, pending, files, true))
}
