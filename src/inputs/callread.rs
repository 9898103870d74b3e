//! Reading call-log files into the [`CallsBuilder`], memory-bounded: CSV is streamed in blocks
//! and cut into chunks of whole records ([`csvstream`]), each split into the mapped fields
//! plainly or by the csv crate ([`chunk`]); Parquet and NDJSON come as batches of text columns
//! ([`isolate::for_each_batch`]). Every row, whatever its format, then goes through the one
//! converter [`Conv::row`] (no allocation per row: fields are borrowed from the chunk or batch).
//!
//! Its files, bottom up: [`lines`] (the plain split, the header's column indexes) →
//! [`chunk`] (a chunk of records, the csv crate, the buffer [`Pool`]) → [`csvstream`] (the
//! producer that cuts a file into chunks) → this file.
//!
//! Lines: CSV rejects carry the exact line where the record starts (the splitter counts
//! newlines, including those inside quoted fields); Parquet and NDJSON the 1-based row number.

use super::calls::{self, CallsBuilder, SPEC};
use super::catalog::InputKind;
use super::clocks::{Clocks, TsField};
use super::dedup;
use super::fields::Resolved;
use super::frames::{TextBatch, Typed};
use super::isolate::{self, ParquetReader};
use super::limits::{self, Snapshot};
use super::mapping::InputMapping;
use super::model::{CallResult, Calls, FileStats};
use super::ordered;
use super::reasons::{self, Bad};
use super::rejects::Rejects;
use super::rows;
use super::source::{self, Format};
use crate::calendar::{Calendars, Ms};

/// The `bad_len` marker of a record that is not valid UTF-8.
const INVALID_UTF8: (usize, usize) = (usize::MAX, 0);

/// Bytes read from disk at a time.
const BLOCK: usize = 8 << 20;
/// Record bytes handed to a converter at a time.
const CHUNK: usize = 32 << 20;

/// Read every call file (in the given, canonical order).
pub fn read_calls(
    paths: &[String],
    m: &InputMapping,
    cals: &Calendars,
    parquet: &ParquetReader,
    hold: Option<(Ms, Ms)>,
    progress: &dyn super::ReadProgress,
) -> anyhow::Result<CallLogRead> {
    let extra: Vec<String> = m.responded_from_elapsed_ms.iter().cloned().collect();
    let r = Resolved::new(calls::CANON, m, &extra)?;
    let row_ids = m.id_from_row.unwrap_or(false);
    let mut spec = SPEC;
    if row_ids {
        spec.required = &["received_at", "result", "persons"];
    }
    let req = rows::required_sources(&spec, &r);
    let on_bytes = &|n| progress.advance(n);
    let mut files = Vec::new();
    let mut b = CallsBuilder::new();
    if let Some(h) = hold {
        b.hold(cals.tz, h)
            .map_err(|e| anyhow::anyhow!("call log: month spill: {e}"))?;
    }
    for (fi, path) in paths.iter().enumerate() {
        let format = source::format_of(path)?;
        let mut conv = Conv {
            r: &r,
            clocks: Clocks::new(r.canon, m, cals, calls::TIMESTAMPS, &[]),
            row_ids,
            has_elapsed: !extra.is_empty(),
            file: fi as u32,
            name: row_id_prefix(paths, fi),
            id_buf: String::new(),
        };
        // The canonical columns the file provides, known once its header is read.
        let columns: std::sync::Mutex<Vec<String>> = Default::default();
        let check = |header: &[String], present: &[bool]| {
            let extra_req: Vec<(&str, &str)> = extra
                .iter()
                .map(|e| ("elapsed milliseconds for responded_at", e.as_str()))
                .collect();
            rows::check_required(&spec, &r, header, present, path, &extra_req)?;
            let mut cols = rows::columns_present(&r, present);
            if !extra.is_empty() && !cols.iter().any(|c| c == "responded_at") {
                cols.push("responded_at".to_string());
            }
            if let Ok(mut c) = columns.lock() {
                *c = cols;
            }
            Ok(())
        };
        let before = Snapshot::of(path)?;
        // Each chunk or batch is converted by a copy of this file's converter into a builder
        // of its own; the parts are appended in file order.
        let proto = conv.clone();
        // Builders the merge has emptied, to convert the next chunks into.
        let spare: Pool<CallsBuilder> = Pool::default();
        let new_part = |rows| {
            let b = match spare.take() {
                Some(mut b) => {
                    b.reserve((rows, rows * 24));
                    b
                }
                None => CallsBuilder::with_capacity(rows),
            };
            (proto.clone(), b)
        };
        let give_back = |part: CallsBuilder| spare.give(part);
        let on_row = |p: &mut (Conv, CallsBuilder), line, bad, f: &[&str]| {
            p.0.row(&mut p.1, line, bad, f, (&[], 0))
        };
        let convert = Converter {
            new_part: &new_part,
            on_row: &on_row,
        };
        let (size, sha) = match format {
            Format::Csv => {
                let mut reserved = false;
                stream_csv(
                    path,
                    m,
                    &r.wanted,
                    &req,
                    check,
                    on_bytes,
                    &convert,
                    |(c, mut part): (Conv, CallsBuilder), bytes| {
                        conv.clocks.absorb(&c.clocks);
                        if !reserved && bytes > 0 {
                            // Room for the whole file at the first chunk's rows per byte:
                            // growing by doubling would hold up to twice the columns.
                            reserved = true;
                            let scale = before.size as f64 / bytes as f64 * 1.02;
                            let (rows, ids) = part.len_estimate(scale);
                            // A valid call record is longer than 16 bytes: a first chunk of
                            // short rows cannot make this reserve more than the file allows.
                            let most = (before.size / 16) as usize;
                            b.reserve((rows.min(most), ids.min(before.size as usize)));
                        }
                        b.append(&mut part);
                        give_back(part);
                    },
                )?
            }
            Format::Parquet | Format::Ndjson => {
                if let super::encoding::Declared::Other(e) =
                    super::encoding::Declared::of(InputKind::Calls, m)?
                {
                    anyhow::bail!(
                        "{path} (calls): `encoding = \"{}\"` applies to CSV call logs; \
                         NDJSON is UTF-8 by definition and Parquet is binary (convert the file \
                         to UTF-8, e.g. with iconv -f {} -t utf-8)",
                        e.name().to_ascii_lowercase(),
                        e.name()
                    );
                }
                // One thread reads batches and another hashes the file while the others
                // convert them, merged in row order.
                // Typed columns are rendered as text here, on the converting threads, a block
                // of rows at a time; their instants go to the converter as they are.
                // A converted batch goes back to the reader, which reads the next frame into
                // its buffers.
                let spare_batches: Pool<TextBatch> = Pool::default();
                let to_part = |(batch, first): (TextBatch, u64)| {
                    let mut part = new_part(batch.len);
                    let (p, typed) = (&mut part, &batch.typed);
                    batch.for_each_row(|i, row| {
                        p.0.row(&mut p.1, batch.line(first, i), None, row, (typed, i))
                    });
                    spare_batches.give(batch);
                    Ok((part, 0))
                };
                ordered::run(
                    |mut tx| {
                        std::thread::scope(|s| {
                            // The file is hashed beside the reading, not after it: the hash
                            // was the last step, with the converters done and a core idle.
                            let hashing = s.spawn(|| {
                                super::digest::hash_file_counting(
                                    std::path::Path::new(path),
                                    on_bytes,
                                )
                            });
                            let read = isolate::for_each_batch_reusing(
                                parquet,
                                path,
                                format,
                                &r.wanted,
                                check,
                                |b, i| {
                                    // The converters stopped (with an error they report): stop.
                                    tx.send((b, i))
                                        .then_some(())
                                        .ok_or_else(|| anyhow::anyhow!("{path}: reading stopped"))
                                },
                                || spare_batches.take(),
                            );
                            let hashed = hashing
                                .join()
                                .map_err(|_| anyhow::anyhow!("{path}: hashing failed"))?;
                            read?;
                            hashed
                        })
                    },
                    &to_part,
                    |(c, mut part): (Conv, CallsBuilder), _| {
                        conv.clocks.absorb(&c.clocks);
                        b.append(&mut part);
                        give_back(part);
                    },
                )
                .map_err(|e| ndjson_not_utf8(format, path, m, e))?
            }
        };
        // The hash and rows must describe one version of the file.
        before.check_unchanged(path, size)?;
        let mut stats = FileStats {
            input: InputKind::Calls.as_str().to_string(),
            path: path.clone(),
            size_bytes: size,
            sha256: sha,
            columns: columns.into_inner().unwrap_or_default(),
            encoding: super::encoding::Declared::of(InputKind::Calls, m)?.recorded(),
            ..FileStats::default()
        };
        conv.clocks.record(&mut stats);
        files.push(stats);
    }
    limits::check_call_rows(b.dedup_rows())?;
    progress.step("call log: duplicate rule and sort");
    let (calls, rejects, spilled) = b.finish(&mut files)?;
    Ok(CallLogRead {
        calls,
        files,
        rejects,
        spilled,
    })
}

/// The call log as read: the held calls, per-file counts, rejects, and the calls of other
/// months on disk when only one month is held (M12.7).
pub struct CallLogRead {
    pub calls: Calls,
    pub files: Vec<FileStats>,
    pub rejects: Rejects,
    pub spilled: Option<calls::SpilledMonths>,
}

/// An NDJSON call log that failed to read: when it is not UTF-8 (and the mapping names no
/// encoding), the error says so as for CSV, naming the likely encoding; the file is scanned
/// only on this error path.
fn ndjson_not_utf8(
    format: Format,
    path: &str,
    m: &InputMapping,
    e: anyhow::Error,
) -> anyhow::Error {
    if format != Format::Ndjson || m.encoding.is_some() {
        return e;
    }
    let found = std::fs::File::open(path).ok().and_then(|f| {
        super::encoding::scan(std::io::BufReader::new(f))
            .ok()
            .flatten()
    });
    match found {
        Some(f) => super::encoding::not_utf8(InputKind::Calls, path, &f),
        None => e,
    }
}

/// The prefix of synthesised call ids (`id_from_row`): the file name, or the whole path when
/// another file of the input has the same name (ids must stay unique across files).
fn row_id_prefix(paths: &[String], i: usize) -> String {
    let name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
    };
    let mine = name(&paths[i]);
    if paths.iter().filter(|p| name(p) == mine).count() > 1 {
        paths[i].clone()
    } else {
        mine
    }
}

/// The per-file row converter (cloned for each chunk converted in parallel).
#[derive(Clone)]
struct Conv<'r> {
    r: &'r Resolved,
    clocks: Clocks,
    row_ids: bool,
    has_elapsed: bool,
    file: u32,
    name: String,
    id_buf: String,
}

impl Conv<'_> {
    /// Convert one row (`f` aligned with `r.wanted`; the elapsed column, if any, first).
    /// `typed`: the batch's typed columns (aligned with `f`, or empty) and the row's index in
    /// them: a timestamp that came typed is taken as its instant, its text not parsed (M1.2).
    fn row(
        &mut self,
        b: &mut CallsBuilder,
        line: u64,
        bad_len: Option<(usize, usize)>,
        f: &[&str],
        typed: (&[Option<Typed>], usize),
    ) {
        let r = self.r;
        if self.row_ids {
            use std::fmt::Write;
            self.id_buf.clear();
            let _ = write!(self.id_buf, "{}:{line}", self.name);
        }
        let id_buf = &self.id_buf;
        let row_ids = self.row_ids;
        let elapsed = self.has_elapsed.then(|| f.first().copied().unwrap_or(""));
        // Each canonical column's raw text, looked up once (the fingerprint and the mapped
        // texts below both need it).
        let mut raw = [""; calls::CANON.len()];
        for (ci, v) in raw.iter_mut().enumerate() {
            *v = r.raw(f, ci);
        }
        let fp = dedup::fingerprint(
            raw.iter()
                .enumerate()
                .map(|(ci, &v)| {
                    if ci == calls::CALL_ID && row_ids {
                        id_buf.as_str()
                    } else {
                        v
                    }
                })
                .chain(elapsed),
        );
        let text = |ci: usize| r.map_value(ci, raw[ci]);
        // A typed timestamp whose text is the field's own (one source, no value map): a
        // blank or null text still reads as missing (`Clocks::parse_field` looks at it first).
        let instant = |ci: usize| {
            let fi = r.plain_source(ci)?;
            typed.0.get(fi)?.as_ref()?.instant(typed.1)
        };

        let id_text = text(calls::CALL_ID);
        let id: &str = if row_ids { id_buf } else { &id_text };
        let outcome = match bad_len {
            Some(INVALID_UTF8) => Err(Bad::new("", "", reasons::INVALID_UTF8)),
            Some((found, expected)) => Err(Bad::new(
                "",
                &format!("{found} fields, expected {expected}"),
                reasons::FIELD_COUNT,
            )),
            None => r.included(f).and_then(|()| {
                calls::validate(
                    &mut self.clocks,
                    id,
                    TsField {
                        text: &text(calls::RECEIVED),
                        typed: instant(calls::RECEIVED),
                    },
                    TsField {
                        text: &text(calls::RESPONDED),
                        typed: instant(calls::RESPONDED),
                    },
                    elapsed,
                    r.enum_value(f, calls::RESULT, CallResult::parse),
                    &text(calls::PERSONS),
                    &text(calls::MUNICIPALITY),
                    &text(calls::FAILED),
                )
                .map(|c| b.push(self.file, line, fp, &c))
            }),
        };
        if let Err(bad) = outcome {
            b.reject(self.file, line, id, fp, bad);
        }
    }
}

mod chunk;
mod csvstream;
mod lines;
use chunk::Pool;
use csvstream::{stream_csv, Converter};

#[cfg(test)]
mod tests;
