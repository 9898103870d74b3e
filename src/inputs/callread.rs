//! Reading call-log files into the [`CallsBuilder`]: mapping, timestamps, validation.

use super::calls::{self, CallsBuilder, SPEC};
use super::dedup;
use super::fields::{Bad, Clocks, Resolved};
use super::mapping::InputMapping;
use super::model::{Calls, FileStats, Reject};
use super::reasons;
use super::rows;
use crate::calendar::Calendars;

/// Read every call file (in the given, canonical order).
pub fn read_calls(
    paths: &[String],
    m: &InputMapping,
    cals: &Calendars,
) -> anyhow::Result<(Calls, Vec<FileStats>, Vec<Reject>)> {
    let extra: Vec<String> = m.responded_from_elapsed_ms.iter().cloned().collect();
    let r = Resolved::new(calls::CANON, m, &extra)?;
    let req = rows::required_sources(&SPEC, &r);
    let row_ids = m.id_from_row.unwrap_or(false);
    let mut files = Vec::new();
    let mut b = CallsBuilder::new();
    let mut id_buf = String::new();
    for (fi, path) in paths.iter().enumerate() {
        let (bytes, mut stats) = rows::load(SPEC.kind, path)?;
        let table = rows::read_table(path, &bytes, &r.wanted, &req, m)?;
        drop(bytes);
        let mut spec = SPEC;
        if row_ids {
            spec.required = &["received_at", "result", "persons"];
        }
        let extra_req: Vec<(&str, &str)> = extra
            .iter()
            .map(|e| ("elapsed milliseconds for responded_at", e.as_str()))
            .collect();
        rows::check_required(&spec, &r, &table, path, &extra_req)?;
        let mut clocks = Clocks::new(&r, m, cals, calls::TIMESTAMPS, &[]);
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        for rec in &table.records {
            let f = &rec.fields;
            if row_ids {
                id_buf.clear();
                id_buf.push_str(&name);
                id_buf.push(':');
                id_buf.push_str(&rec.line.to_string());
            }
            let fp = dedup::fingerprint(
                (0..calls::CANON.len())
                    .map(|ci| {
                        if ci == calls::CALL_ID && row_ids {
                            id_buf.as_str()
                        } else {
                            r.raw(f, ci)
                        }
                    })
                    .chain(extra.iter().enumerate().map(|(i, _)| f[i].as_str())),
            );
            let id_text = r.text(f, calls::CALL_ID);
            let id: &str = if row_ids { &id_buf } else { &id_text };
            let outcome: Result<(), Bad> = match rec.bad_len {
                Some((found, expected)) => Err(Bad::new(
                    "",
                    &format!("{found} fields, expected {expected}"),
                    reasons::FIELD_COUNT,
                )),
                None => {
                    let received = r.text(f, calls::RECEIVED);
                    let responded = r.text(f, calls::RESPONDED);
                    let persons = r.text(f, calls::PERSONS);
                    let muni = r.text(f, calls::MUNICIPALITY);
                    let failed = r.text(f, calls::FAILED);
                    let elapsed = extra.first().map(|_| f[0].as_str());
                    calls::validate(
                        &mut clocks,
                        id,
                        &received,
                        &responded,
                        elapsed,
                        r.enum_value(f, calls::RESULT, super::CallResult::parse),
                        &persons,
                        &muni,
                        &failed,
                    )
                    .map(|c| b.push(fi as u32, rec.line, fp, &c))
                }
            };
            if let Err(bad) = outcome {
                b.reject(fi as u32, rec.line, id, fp, bad);
            }
        }
        stats.dst_gap_resolved = clocks.gap;
        stats.dst_fold_resolved = clocks.fold;
        files.push(stats);
    }
    let (calls, rejects) = b.finish(&mut files);
    Ok((calls, files, rejects))
}
