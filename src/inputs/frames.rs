//! polars frames: Parquet files read in this process with an explicit projection and turned
//! into text columns for the field mapping ([`TextBatch`]). NDJSON is read by
//! [`super::ndjson`] into the same batches; [`super::isolate`] chooses the way.
//!
//! Typed columns are rendered as text the timestamp and field parsers accept: a `Datetime`
//! with a time zone as RFC 3339 UTC (`…Z`), a naive `Datetime` without offset (so it is local
//! time in the calendar's zone, M1), a `Date` as `YYYY-MM-DD`, anything else by polars'
//! cast to string. Parquet is read lazily in row slices ([`PARQUET_BATCH`] rows) so a year
//! file never sits in memory as text at once.

use polars::prelude::*;

use super::model::StrArena;
use crate::calendar::timefmt::{push_utc_ms, FOUR_DIGIT_YEARS};

/// Rows per Parquet slice.
pub const PARQUET_BATCH: usize = 1 << 20;

/// A batch of rows of a Parquet or NDJSON file: text columns aligned with the wanted names
/// (`None` = the file lacks it), each column's values in one buffer. A null reads as empty,
/// as an empty CSV field does.
pub struct TextBatch {
    pub columns: Vec<Option<StrArena>>,
    pub len: usize,
    /// NDJSON: the physical line of every row of the file (blank lines are no rows, so the
    /// row number alone would name the wrong line after one). `None`: rows are lines/rows.
    pub lines: Option<Vec<u64>>,
}

impl TextBatch {
    /// The line (NDJSON) or 1-based row number (Parquet) of row `i` of a batch starting at
    /// row `first`.
    pub fn line(&self, first: u64, i: usize) -> u64 {
        let row = first + i as u64;
        self.lines
            .as_ref()
            .and_then(|l| l.get(row as usize - 1).copied())
            .unwrap_or(row)
    }

    /// Iterate rows, filling `row` with the fields of each (empty for absent columns).
    pub fn for_each_row(&self, mut f: impl FnMut(usize, &[&str])) {
        let mut row: Vec<&str> = Vec::with_capacity(self.columns.len());
        for i in 0..self.len {
            row.clear();
            row.extend(
                self.columns
                    .iter()
                    .map(|c| c.as_ref().map_or("", |c| c.get(i))),
            );
            f(i, &row);
        }
    }
}

/// A column as text (see the module doc for typed columns).
pub fn text_column(c: &Column) -> PolarsResult<StrArena> {
    let mut out = StrArena::default();
    match c.dtype() {
        DataType::Datetime(unit, tz) => {
            let per_ms: i64 = match unit {
                TimeUnit::Nanoseconds => 1_000_000,
                TimeUnit::Microseconds => 1_000,
                TimeUnit::Milliseconds => 1,
            };
            let zoned = tz.is_some();
            let phys = c.cast(&DataType::Int64)?;
            let phys = phys.i64()?;
            out.ends.reserve(phys.len());
            let mut text = Vec::with_capacity(24);
            for v in phys.iter() {
                let Some(t) = v.map(|v| v.div_euclid(per_ms)) else {
                    out.push("");
                    continue;
                };
                if FOUR_DIGIT_YEARS.contains(&t) {
                    text.clear();
                    push_utc_ms(&mut text, t, zoned);
                    out.push(std::str::from_utf8(&text).unwrap_or_default());
                } else {
                    let pattern = if zoned {
                        "%Y-%m-%dT%H:%M:%S%.3fZ"
                    } else {
                        "%Y-%m-%dT%H:%M:%S%.3f"
                    };
                    let d = chrono::DateTime::from_timestamp_millis(t);
                    out.push(&d.map(|d| d.format(pattern).to_string()).unwrap_or_default());
                }
            }
        }
        DataType::String => push_all(&mut out, c.str()?),
        _ => push_all(&mut out, c.cast(&DataType::String)?.str()?),
    }
    Ok(out)
}

/// Every value of a text column (null as empty).
fn push_all(out: &mut StrArena, c: &StringChunked) {
    out.ends.reserve(c.len());
    for v in c.iter() {
        out.push(v.unwrap_or(""));
    }
}

/// Select `wanted` (those present) from a frame as text columns.
pub fn text_batch(df: &DataFrame, wanted: &[String]) -> anyhow::Result<TextBatch> {
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    let mut columns = Vec::with_capacity(wanted.len());
    for w in wanted {
        let c = find(&names, w)
            .map(|i| text_column(&df.columns()[i]))
            .transpose()?;
        columns.push(c);
    }
    Ok(TextBatch {
        columns,
        len: df.height(),
        lines: None,
    })
}

fn find(names: &[&str], w: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| *n == w)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(w)))
}

/// A lazy scan of a Parquet file (nothing is read until collected).
fn lazy_frame(path: &str) -> anyhow::Result<LazyFrame> {
    LazyFrame::scan_parquet(PlRefPath::new(path), ScanArgsParquet::default())
        .map_err(|e| anyhow::anyhow!("{path}: cannot read: {e}"))
}

/// The header (all column names) of a lazy frame.
pub fn header(lf: &mut LazyFrame, path: &str) -> anyhow::Result<Vec<String>> {
    let schema = lf
        .collect_schema()
        .map_err(|e| anyhow::anyhow!("{path}: cannot read the schema: {e}"))?;
    Ok(schema.iter_names().map(|n| n.to_string()).collect())
}

/// Read `wanted` columns of a Parquet file in this process, in batches of text: `on_header`
/// sees the file's columns and which wanted ones it has, then `f` each batch with the 1-based
/// row number of its first row (see [`super::isolate::for_each_batch`] for the other ways).
pub fn for_each_batch(
    path: &str,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(TextBatch, u64) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    let mut lf = guarded(path, || lazy_frame(path))?;
    let header = guarded(path, || header(&mut lf, path))?;
    super::limits::check_columns(&format!("{path}: the schema"), header.len())?;
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let present: Vec<bool> = wanted.iter().map(|w| find(&names, w).is_some()).collect();
    on_header(&header, &present)?;
    let present: Vec<Expr> = wanted
        .iter()
        .filter_map(|w| find(&names, w).map(|i| col(names[i])))
        .collect();
    let batch = PARQUET_BATCH;
    let mut offset = 0usize;
    loop {
        let q = lf
            .clone()
            .select(present.clone())
            .slice(offset as i64, batch as u32);
        let df = guarded(path, || {
            q.collect()
                .map_err(|e| anyhow::anyhow!("{path}: cannot read rows: {e}"))
        })?;
        let n = df.height();
        if n == 0 && offset > 0 {
            break;
        }
        f(text_batch(&df, wanted)?, offset as u64 + 1)?;
        offset += n;
        if n < batch {
            break;
        }
    }
    Ok(header)
}

/// Run a polars read, turning a panic inside polars into an error naming the file: a corrupt
/// Parquet footer makes its thrift decoder panic (`thrift bool field`; regression
/// `corrupt_parquet_panicked_in_polars`). The panic message itself still reaches stderr through
/// the default hook. (A corrupt length can also make polars attempt a huge allocation, which
/// aborts the process; that cannot be caught here: the binary reads Parquet in a child process,
/// see [`super::isolate`].)
fn guarded<T>(path: &str, read: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(anyhow::anyhow!(
            "{path}: cannot read: the file is corrupt (the reader failed: {why})"
        ))
    })
}
