//! Writers for the generated files, in the canonical columns (M2.4): the call log as CSV
//! (hand-formatted, every value is ours and needs no quoting) or Parquet (row groups of
//! [`PARQUET_BATCH`] rows through polars' batched writer), and tickets, changes and corrections
//! as CSV through the `csv` crate (their free text has commas and quotes).
//!
//! Timestamps are RFC 3339 with the calendar zone's offset; calls keep milliseconds.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use polars::prelude::{
    DataFrame, DataType, Field, Int32Chunked, IntoColumn, ParquetCompression, ParquetWriter,
    Schema, StringChunkedBuilder,
};

use super::calls::{providers_text, CallRow, CallSink};
use super::changes::{ChangeRow, CorrectionRow, Target};
use super::tickets::TicketRow;
use crate::calendar::timefmt::{push_num, TimeFormatter};
use crate::calendar::Ms;

/// The call log's columns, in the reader's canonical order (one list: the reader's).
pub const CALL_COLUMNS: &[&str] = crate::inputs::calls::CANON;

/// `call_id` of call `seq` of month `tag`: `C202603-00000001`.
fn push_call_id(out: &mut Vec<u8>, tag: &str, seq: u64) {
    out.push(b'C');
    out.extend_from_slice(tag.as_bytes());
    out.push(b'-');
    push_num(out, seq as i64, 8);
}

fn push_municipality(out: &mut Vec<u8>, index: u16) {
    out.extend_from_slice(b"SN");
    push_num(out, i64::from(index) + 1, 3);
}

/// The call log as CSV, buffered.
pub struct CsvCalls {
    out: BufWriter<File>,
    line: Vec<u8>,
    fmt: TimeFormatter,
    path: String,
}

impl CsvCalls {
    pub fn create(path: &Path, fmt: TimeFormatter) -> anyhow::Result<Self> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(CALL_COLUMNS.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(CsvCalls {
            out,
            line: Vec::with_capacity(128),
            fmt,
            path: path.display().to_string(),
        })
    }
}

impl CallSink for CsvCalls {
    fn push(&mut self, tag: &str, seq: u64, row: &CallRow) -> anyhow::Result<()> {
        let l = &mut self.line;
        l.clear();
        push_call_id(l, tag, seq);
        l.push(b',');
        self.fmt.push_ms(l, row.received);
        l.push(b',');
        if let Some(r) = row.responded {
            self.fmt.push_ms(l, r);
        }
        l.push(b',');
        l.extend_from_slice(row.result.as_str().as_bytes());
        l.push(b',');
        push_num(l, i64::from(row.persons), 1);
        l.push(b',');
        push_municipality(l, row.municipality);
        l.push(b',');
        providers_text(row.failed, l);
        l.push(b'\n');
        self.out
            .write_all(l)
            .with_context(|| format!("cannot write {}", self.path))
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.path))
    }
}

/// Rows per Parquet row group (and per in-memory batch).
pub const PARQUET_BATCH: usize = 256 * 1024;

/// The call log as Parquet: timestamps as RFC 3339 strings (like the CSV, so that both
/// formats carry the same offsets), `persons` as Int32, empty values as nulls.
pub struct ParquetCalls {
    writer: Option<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>,
    fmt: TimeFormatter,
    path: String,
    scratch: Vec<u8>,
    ids: StringChunkedBuilder,
    received: StringChunkedBuilder,
    responded: StringChunkedBuilder,
    result: StringChunkedBuilder,
    persons: Vec<i32>,
    municipality: StringChunkedBuilder,
    failed: StringChunkedBuilder,
}

fn builder(name: &str) -> StringChunkedBuilder {
    StringChunkedBuilder::new(name.into(), PARQUET_BATCH)
}

impl ParquetCalls {
    pub fn create(path: &Path, fmt: TimeFormatter) -> anyhow::Result<Self> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let schema = Schema::from_iter(CALL_COLUMNS.iter().map(|c| {
            let dtype = if *c == "persons" {
                DataType::Int32
            } else {
                DataType::String
            };
            Field::new((*c).into(), dtype)
        }));
        let writer = ParquetWriter::new(BufWriter::with_capacity(1 << 20, file))
            .with_compression(ParquetCompression::Snappy)
            .batched(&schema)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(ParquetCalls {
            writer: Some(writer),
            fmt,
            path: path.display().to_string(),
            scratch: Vec::with_capacity(64),
            ids: builder(CALL_COLUMNS[0]),
            received: builder(CALL_COLUMNS[1]),
            responded: builder(CALL_COLUMNS[2]),
            result: builder(CALL_COLUMNS[3]),
            persons: Vec::with_capacity(PARQUET_BATCH),
            municipality: builder(CALL_COLUMNS[5]),
            failed: builder(CALL_COLUMNS[6]),
        })
    }

    fn flush_batch(&mut self) -> anyhow::Result<()> {
        if self.persons.is_empty() {
            return Ok(());
        }
        let take = |b: &mut StringChunkedBuilder, name: &str| {
            std::mem::replace(b, builder(name)).finish().into_column()
        };
        let persons = std::mem::replace(&mut self.persons, Vec::with_capacity(PARQUET_BATCH));
        let height = persons.len();
        let columns = vec![
            take(&mut self.ids, CALL_COLUMNS[0]),
            take(&mut self.received, CALL_COLUMNS[1]),
            take(&mut self.responded, CALL_COLUMNS[2]),
            take(&mut self.result, CALL_COLUMNS[3]),
            Int32Chunked::from_vec(CALL_COLUMNS[4].into(), persons).into_column(),
            take(&mut self.municipality, CALL_COLUMNS[5]),
            take(&mut self.failed, CALL_COLUMNS[6]),
        ];
        let df = DataFrame::new(height, columns)?;
        self.writer
            .as_mut()
            .expect("not finished")
            .write_batch(&df)
            .with_context(|| format!("cannot write {}", self.path))
    }
}

impl CallSink for ParquetCalls {
    fn push(&mut self, tag: &str, seq: u64, row: &CallRow) -> anyhow::Result<()> {
        self.scratch.clear();
        push_call_id(&mut self.scratch, tag, seq);
        self.ids.append_value(std::str::from_utf8(&self.scratch)?);
        self.scratch.clear();
        self.fmt.push_ms(&mut self.scratch, row.received);
        self.received
            .append_value(std::str::from_utf8(&self.scratch)?);
        match row.responded {
            Some(r) => {
                self.scratch.clear();
                self.fmt.push_ms(&mut self.scratch, r);
                self.responded
                    .append_value(std::str::from_utf8(&self.scratch)?);
            }
            None => self.responded.append_null(),
        }
        self.result.append_value(row.result.as_str());
        self.persons.push(i32::from(row.persons));
        self.scratch.clear();
        push_municipality(&mut self.scratch, row.municipality);
        self.municipality
            .append_value(std::str::from_utf8(&self.scratch)?);
        if row.failed == 0 {
            self.failed.append_null();
        } else {
            self.scratch.clear();
            providers_text(row.failed, &mut self.scratch);
            self.failed
                .append_value(std::str::from_utf8(&self.scratch)?);
        }
        if self.persons.len() >= PARQUET_BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.flush_batch()?;
        if let Some(w) = self.writer.take() {
            w.finish()
                .with_context(|| format!("cannot write {}", self.path))?;
        }
        Ok(())
    }
}

fn opt_time(fmt: &mut TimeFormatter, t: Option<Ms>) -> String {
    t.map(|t| fmt.string_s(t)).unwrap_or_default()
}

fn opt_prio(p: Option<u8>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn csv_writer(path: &Path) -> anyhow::Result<csv::Writer<File>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

/// tickets.csv.
pub fn write_tickets(
    path: &Path,
    rows: &[TicketRow],
    fmt: &mut TimeFormatter,
) -> anyhow::Result<()> {
    let mut w = csv_writer(path)?;
    w.write_record(crate::inputs::tickets::CANON)?;
    for t in rows {
        w.write_record([
            t.ticket_id.as_str(),
            t.kind,
            &opt_prio(t.priority),
            &fmt.string_s(t.registered_at),
            &opt_time(fmt, t.responded_at),
            &opt_time(fmt, t.resolved_at),
            &opt_time(fmt, t.closed_at),
            &t.summary,
            bool_text(t.security),
            bool_text(t.major),
            &opt_time(fmt, t.outage_start),
            &opt_time(fmt, t.outage_end),
            t.outage_kind,
            bool_text(t.planned),
            &t.cause,
            &t.action_plan,
            t.provider,
        ])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// changes.csv.
pub fn write_changes(
    path: &Path,
    rows: &[ChangeRow],
    fmt: &mut TimeFormatter,
) -> anyhow::Result<()> {
    let mut w = csv_writer(path)?;
    w.write_record(crate::inputs::changes::CANON)?;
    for c in rows {
        w.write_record([
            c.change_id.as_str(),
            &c.title,
            &opt_prio(c.priority),
            c.status,
            bool_text(c.in_release),
            &opt_time(fmt, c.notified_at),
            &fmt.string_s(c.scheduled_start),
            &fmt.string_s(c.scheduled_end),
            &opt_time(fmt, c.actual_start),
            &opt_time(fmt, c.actual_end),
            bool_text(c.overrun_notified),
            &c.outcome,
        ])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// corrections.csv. An interval is written `start/end` (ISO 8601).
pub fn write_corrections(
    path: &Path,
    rows: &[CorrectionRow],
    fmt: &mut TimeFormatter,
) -> anyhow::Result<()> {
    let mut w = csv_writer(path)?;
    w.write_record(crate::inputs::corrections::CANON)?;
    for c in rows {
        let applies_to = match &c.applies_to {
            Target::Id(id) => id.clone(),
            Target::Interval(a, b) => format!("{}/{}", fmt.string_s(*a), fmt.string_s(*b)),
        };
        w.write_record([
            c.correction_id.as_str(),
            &applies_to,
            c.action,
            &c.value,
            &c.reason,
            &c.approved_by,
            &fmt.string_s(c.approved_at),
        ])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}
