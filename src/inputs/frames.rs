//! polars frames: Parquet files read in this process with an explicit projection and turned
//! into text columns for the field mapping ([`TextBatch`]). NDJSON is read by
//! [`super::ndjson`] into the same batches; [`super::isolate`] chooses the way.
//!
//! Typed columns are rendered as text the timestamp and field parsers accept: a `Datetime`
//! with a time zone as RFC 3339 UTC (`…Z`), a naive `Datetime` without offset (so it is local
//! time in the calendar's zone, M1), a `Date` as `YYYY-MM-DD`, anything else by polars'
//! cast to string. A `Datetime` and an integer column travel as their values ([`Typed`]:
//! epoch milliseconds, integers) and become that same text only where a row is converted
//! ([`TextBatch::for_each_row`], on the converting thread); a timestamp's instant is then
//! taken as it is, never parsed back from its text (M1.2, [`Typed::instant`]). Parquet is read
//! lazily in row slices ([`PARQUET_BATCH`] rows) so a year file never sits in memory as text
//! at once.

use polars::prelude::*;

use super::model::StrArena;
use crate::calendar::timefmt::{push_utc_ms, UtcTexts, FOUR_DIGIT_YEARS};
use crate::calendar::Ms;

/// Rows per Parquet slice.
pub const PARQUET_BATCH: usize = 1 << 20;

/// A batch of rows of a Parquet or NDJSON file: text columns aligned with the wanted names
/// (`None` = the file lacks it), each column's values in one buffer. A null reads as empty,
/// as an empty CSV field does.
pub struct TextBatch {
    pub columns: Vec<Option<StrArena>>,
    /// Aligned with `columns` (or empty: no typed column): the values of a column that came
    /// typed. Its text column is `None`: [`TextBatch::for_each_row`] renders it.
    pub typed: Vec<Option<Typed>>,
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

    /// Render every typed column whole as the text it stands for (see [`Typed::push_text`]):
    /// the reference the block rendering of [`TextBatch::for_each_row`] is tested against.
    #[cfg(test)]
    pub fn ensure_text(&mut self) {
        for (c, t) in self.columns.iter_mut().zip(&self.typed) {
            if let (None, Some(t)) = (&c, t) {
                *c = Some(t.text());
            }
        }
    }

    /// Iterate rows, filling `row` with the fields of each (empty for absent columns). A
    /// typed column without its text column is rendered a block of [`ROW_BLOCK`] rows at a
    /// time into a buffer reused for the next block (the same text as rendering the whole
    /// column first, without holding the whole batch's text at once; M2.1).
    pub fn for_each_row(&self, mut f: impl FnMut(usize, &[&str])) {
        // The typed columns to render here, each with its block buffer.
        let mut rendered: Vec<(usize, &Typed, StrArena, UtcTexts)> = self
            .columns
            .iter()
            .zip(&self.typed)
            .enumerate()
            .filter_map(|(k, (c, t))| match (c, t) {
                (None, Some(t)) => Some((k, t, StrArena::default(), UtcTexts::default())),
                _ => None,
            })
            .collect();
        for start in (0..self.len).step_by(ROW_BLOCK) {
            let end = (start + ROW_BLOCK).min(self.len);
            for (_, t, text, dates) in &mut rendered {
                text.bytes.clear();
                text.ends.clear();
                t.push_rows(start..end, text, dates);
            }
            let mut row: Vec<&str> = Vec::with_capacity(self.columns.len());
            for i in start..end {
                row.clear();
                row.extend(
                    self.columns
                        .iter()
                        .map(|c| c.as_ref().map_or("", |c| c.get(i))),
                );
                for (k, _, text, _) in &rendered {
                    row[*k] = text.get(i - start);
                }
                f(i, &row);
            }
        }
    }
}

/// Rows a typed column is rendered for at a time by [`TextBatch::for_each_row`]: a block's
/// text stays in the cache while its rows are converted.
const ROW_BLOCK: usize = 1024;

/// What a typed column holds (see [`Typed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Integers, as polars' cast to string writes them (plain decimal).
    Int,
    /// Epoch milliseconds of a `Datetime` with a time zone: text RFC 3339 UTC (`…Z`).
    Zoned,
    /// Epoch milliseconds of a naive `Datetime` (wall-clock time): text without offset.
    Naive,
}

/// A column of typed values, one i64 a row (`valid[i]` false: a null, which reads as empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub kind: Kind,
    pub values: Vec<i64>,
    pub valid: Vec<bool>,
}

impl Typed {
    /// Append row `i`'s text, exactly as the text conversion of this column always wrote it
    /// (a null: nothing); `dates` remembers the last row's date (rows one after another).
    pub fn push_text(&self, out: &mut Vec<u8>, i: usize, dates: &mut UtcTexts) {
        if !self.valid[i] {
            return;
        }
        let v = self.values[i];
        match self.kind {
            Kind::Int => push_int(out, v),
            Kind::Zoned | Kind::Naive => {
                let zoned = self.kind == Kind::Zoned;
                if !dates.push(out, v, zoned) {
                    push_datetime(out, v, zoned);
                }
            }
        }
    }

    /// Append the texts of `rows` to `out`.
    fn push_rows(&self, rows: std::ops::Range<usize>, out: &mut StrArena, dates: &mut UtcTexts) {
        let mut bytes = std::mem::take(&mut out.bytes).into_bytes();
        for i in rows {
            self.push_text(&mut bytes, i, dates);
            out.ends.push(bytes.len());
        }
        // Every piece is ASCII (digits, `-`, `:`, `.`, `T`, `Z`) or chrono's UTF-8 text.
        out.bytes = String::from_utf8(bytes).unwrap_or_default();
    }

    /// Every row as text.
    pub fn text(&self) -> StrArena {
        let per_row = if self.kind == Kind::Int { 4 } else { 24 };
        let mut out = StrArena {
            bytes: String::with_capacity(self.values.len() * per_row),
            ends: Vec::with_capacity(self.values.len()),
        };
        self.push_rows(0..self.values.len(), &mut out, &mut UtcTexts::default());
        out
    }

    /// Row `i`'s instant and whether it is zoned, for a timestamp whose text the RFC 3339
    /// parser reads back as exactly this instant (a four-digit year, M1.2): the parser may
    /// take it as it is ([`crate::calendar::timestamp::TimestampParser::typed`]).
    pub fn instant(&self, i: usize) -> Option<(Ms, bool)> {
        let zoned = match self.kind {
            Kind::Int => return None,
            Kind::Zoned => true,
            Kind::Naive => false,
        };
        let t = *self.values.get(i)?;
        (self.valid[i] && FOUR_DIGIT_YEARS.contains(&t)).then_some((t, zoned))
    }
}

/// An integer as polars' cast to string writes it: plain decimal, `-` for a negative.
fn push_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// A datetime's epoch milliseconds as text: RFC 3339 UTC with `Z` when `zoned`, without an
/// offset (wall-clock time) when not; chrono's formatter beyond four-digit years.
fn push_datetime(out: &mut Vec<u8>, t: Ms, zoned: bool) {
    if FOUR_DIGIT_YEARS.contains(&t) {
        push_utc_ms(out, t, zoned);
    } else {
        let pattern = if zoned {
            "%Y-%m-%dT%H:%M:%S%.3fZ"
        } else {
            "%Y-%m-%dT%H:%M:%S%.3f"
        };
        if let Some(d) = chrono::DateTime::from_timestamp_millis(t) {
            use std::io::Write;
            let _ = write!(out, "{}", d.format(pattern));
        }
    }
}

/// A column's values when it is typed (`Datetime`, an integer that fits i64), else `None`.
pub fn typed_column(c: &Column) -> PolarsResult<Option<Typed>> {
    let (kind, per_ms) = match c.dtype() {
        DataType::Datetime(unit, tz) => {
            let per_ms: i64 = match unit {
                TimeUnit::Nanoseconds => 1_000_000,
                TimeUnit::Microseconds => 1_000,
                TimeUnit::Milliseconds => 1,
            };
            let kind = if tz.is_some() {
                Kind::Zoned
            } else {
                Kind::Naive
            };
            (kind, per_ms)
        }
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => (Kind::Int, 1),
        _ => return Ok(None),
    };
    let phys = c.cast(&DataType::Int64)?;
    let phys = phys.i64()?;
    let mut values = Vec::with_capacity(phys.len());
    let mut valid = Vec::with_capacity(phys.len());
    // Straight from the arrow buffers: a null's value is 0 (as `Typed` says).
    for a in phys.downcast_iter() {
        let start = values.len();
        match a.validity() {
            Some(bits) => {
                valid.extend(bits.iter());
                let bits = &valid[start..];
                values.extend(a.values().iter().zip(bits).map(|(&v, &ok)| {
                    if ok {
                        v.div_euclid(per_ms)
                    } else {
                        0
                    }
                }));
            }
            None => {
                valid.resize(start + a.len(), true);
                if per_ms == 1 {
                    values.extend_from_slice(a.values());
                } else {
                    values.extend(a.values().iter().map(|v| v.div_euclid(per_ms)));
                }
            }
        }
    }
    Ok(Some(Typed {
        kind,
        values,
        valid,
    }))
}

/// A column as text (see the module doc for typed columns).
pub fn text_column(c: &Column) -> PolarsResult<StrArena> {
    if let Some(t) = typed_column(c)? {
        return Ok(t.text());
    }
    let mut out = StrArena::default();
    push_all(&mut out, &strings(c)?);
    Ok(out)
}

/// An untyped column's values as polars' strings (a string column as it is, any other type
/// by polars' cast to string).
pub fn strings(c: &Column) -> PolarsResult<StringChunked> {
    match c.dtype() {
        DataType::String => Ok(c.str()?.clone()),
        _ => Ok(c.cast(&DataType::String)?.str()?.clone()),
    }
}

/// Every value of a text column (null as empty).
fn push_all(out: &mut StrArena, c: &StringChunked) {
    out.ends.reserve(c.len());
    for v in c.iter() {
        out.push(v.unwrap_or(""));
    }
}

/// Select `wanted` (those present) from a frame: typed columns as their values, the others
/// as text.
pub fn text_batch(df: &DataFrame, wanted: &[String]) -> anyhow::Result<TextBatch> {
    let mut columns = Vec::with_capacity(wanted.len());
    let mut typed = Vec::with_capacity(wanted.len());
    for c in wanted_columns(df, wanted) {
        let t = c.map(typed_column).transpose()?.flatten();
        let text = match (c, &t) {
            (Some(c), None) => Some(text_column(c)?),
            _ => None,
        };
        columns.push(text);
        typed.push(t);
    }
    Ok(TextBatch {
        columns,
        typed,
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
    for_each_slice(path, wanted, on_header, |df, first| {
        f(text_batch(df, wanted)?, first)
    })
}

/// The wanted columns of a slice (`None`: the file lacks it).
pub fn wanted_columns<'a>(df: &'a DataFrame, wanted: &[String]) -> Vec<Option<&'a Column>> {
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    wanted
        .iter()
        .map(|w| find(&names, w).map(|i| &df.columns()[i]))
        .collect()
}

/// [`for_each_batch`] with each slice of [`PARQUET_BATCH`] rows as polars read it (its
/// columns: the wanted ones the file has).
pub fn for_each_slice(
    path: &str,
    wanted: &[String],
    on_header: impl FnOnce(&[String], &[bool]) -> anyhow::Result<()>,
    mut f: impl FnMut(&DataFrame, u64) -> anyhow::Result<()>,
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
        f(&df, offset as u64 + 1)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Rows read with their typed columns rendered a block at a time are the rows read
        /// after the whole batch was rendered at once, across block edges, nulls and kinds.
        #[test]
        fn block_rendering_is_whole_batch_rendering(
            rows in proptest::collection::vec(
                (proptest::option::of(FOUR_DIGIT_YEARS), proptest::option::of(-99_999i64..99_999)),
                0..2 * ROW_BLOCK + 3,
            ),
            naive in proptest::bool::ANY,
        ) {
            let column = |kind, values: Vec<Option<i64>>| Typed {
                kind,
                valid: values.iter().map(Option::is_some).collect(),
                values: values.iter().map(|v| v.unwrap_or(0)).collect(),
            };
            let len = rows.len();
            let mut text = StrArena::default();
            (0..len).for_each(|i| text.push(&format!("id{i}")));
            let time = if naive { Kind::Naive } else { Kind::Zoned };
            let batch = TextBatch {
                columns: vec![None, Some(text), None, None],
                typed: vec![
                    Some(column(time, rows.iter().map(|r| r.0).collect())),
                    None,
                    Some(column(Kind::Int, rows.iter().map(|r| r.1).collect())),
                    None,
                ],
                len,
                lines: None,
            };
            let read = |b: &TextBatch| {
                let mut out = Vec::new();
                b.for_each_row(|i, r| out.push((i, r.join("|"))));
                out
            };
            let blockwise = read(&batch);
            let mut whole = batch;
            whole.ensure_text();
            proptest::prop_assert_eq!(blockwise.len(), len);
            proptest::prop_assert_eq!(blockwise, read(&whole));
        }
    }
}
