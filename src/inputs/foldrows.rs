//! Exports with several rows per record folded into one record per id: changes (one row per
//! change and affected configuration item, e.g. a bank's change export) and corrections.
//!
//! Every row is read and converted on its own ([`changes::parse`](super::changes::parse),
//! [`corrections::convert`](super::corrections::convert)); rows are grouped by the id across
//! all files, a group's rows ordered by (the fold's `event_time` if given, file, line), and
//! merged by the input's own rule. The record is reported at the line of its first row.
//!
//! Counting, as for folded tickets: one row per record, in the file of its first row; a row
//! that cannot be converted (or has no id) is a reject row of its own file; the source rows
//! are counted in [`FileStats::events_read`]. So `rows_read = rows_used + rows_rejected` per
//! file, and the duplicate rule does not apply (a group is one record).

use indexmap::IndexMap;

use super::catalog::Spec;
use super::clocks::Clocks;
use super::fields::{Resolved, Row};
use super::isolate::ParquetReader;
use super::mapping::{FoldConfig, InputMapping};
use super::model::{FileStats, RowRef};
use super::reasons::{self, Bad};
use super::rows::{self, Converted, Pending};
use crate::calendar::{Calendars, Ms};

/// One converted row waiting for its group.
struct Member<P> {
    time: Ms,
    file: u32,
    line: u64,
    row: P,
}

/// Read every file of `spec`'s input, convert each row with `parse`, group by id and `merge`
/// each group (rows in order) into one record; `merge` also says whether the rows disagreed
/// (counted per file in [`FileStats::fold_conflicts`]).
#[allow(clippy::too_many_arguments)]
pub fn read_grouped<P, T: Sync>(
    spec: &Spec,
    paths: &[String],
    m: &InputMapping,
    fold: &FoldConfig,
    cals: &Calendars,
    parquet: &ParquetReader,
    mut parse: impl FnMut(&Row, &mut Clocks, RowRef) -> Result<P, Bad>,
    mut merge: impl FnMut(Vec<P>) -> (Result<T, Bad>, bool),
) -> anyhow::Result<Converted<T>> {
    let kind = spec.kind.as_str();
    if fold.has_states() {
        anyhow::bail!(
            "[inputs.{kind}.fold]: `state` and the `*_states` keys fold ticket event logs; a \
             {kind} fold groups rows by `{}` and takes only `event_time` (optional)",
            spec.id
        );
    }
    let extra: Vec<String> = fold.event_time.iter().cloned().collect();
    let r = Resolved::new(spec.canon, m, &extra)?;
    let req = rows::required_sources(spec, &r);
    let id_pos = r.pos(spec.id);
    let mut files: Vec<FileStats> = Vec::new();
    let mut pending: Vec<Pending<T>> = Vec::new();
    // Rows by id, the ids in first-seen order.
    let mut groups: IndexMap<String, Vec<Member<P>>> = IndexMap::new();
    for (fi, path) in paths.iter().enumerate() {
        let (table, mut stats) = rows::load_table(spec.kind, path, &r.wanted, &req, m, parquet)?;
        let extra_req: Vec<(&str, &str)> =
            extra.iter().map(|e| ("event time", e.as_str())).collect();
        rows::check_required(spec, &r, &table.header, &table.present, path, &extra_req)?;
        stats.columns = rows::columns_present(&r, &table.present);
        let ev: &[&str] = if extra.is_empty() {
            &[]
        } else {
            &["event_time"]
        };
        let mut ck = Clocks::new(r.canon, m, cals, spec.timestamps, ev);
        let mut read = 0u64;
        for rec in &table.records {
            read += 1;
            let (file, line) = (fi as u32, rec.line);
            let reject = |id: &str, bad: Bad| Pending {
                file,
                line,
                id: id.to_string(),
                fp: (0, 0),
                outcome: Err(bad),
            };
            if let Some(bad) = rec.issue() {
                pending.push(reject("", bad));
                continue;
            }
            if let Err(bad) = r.included(&rec.fields) {
                pending.push(reject("", bad));
                continue;
            }
            let id = r.text(&rec.fields, id_pos).trim().to_string();
            if id.is_empty() {
                pending.push(reject("", Bad::new(spec.id, "", reasons::MISSING)));
                continue;
            }
            let time = if extra.is_empty() {
                0
            } else {
                match ck.parse(spec.canon.len(), "event_time", &rec.fields[0]) {
                    Ok(Some(t)) => t,
                    Ok(None) => {
                        pending.push(reject(&id, Bad::new("event_time", "", reasons::MISSING)));
                        continue;
                    }
                    Err(bad) => {
                        pending.push(reject(&id, bad));
                        continue;
                    }
                }
            };
            let row = Row {
                r: &r,
                fields: &rec.fields,
            };
            match parse(&row, &mut ck, RowRef { file, line }) {
                Err(bad) => pending.push(reject(&id, bad)),
                Ok(p) => {
                    let member = Member {
                        time,
                        file,
                        line,
                        row: p,
                    };
                    groups.entry(id).or_default().push(member);
                }
            }
        }
        stats.events_read = read;
        ck.record(&mut stats);
        files.push(stats);
    }
    for (id, mut g) in groups {
        let (file, line) = g
            .iter()
            .map(|e| (e.file, e.line))
            .min()
            .expect("a group has a row");
        g.sort_by_key(|e| (e.time, e.file, e.line));
        let (outcome, disagreed) = merge(g.into_iter().map(|e| e.row).collect());
        if disagreed {
            files[file as usize].fold_conflicts += 1;
        }
        pending.push(Pending {
            file,
            line,
            id,
            fp: (0, 0),
            outcome,
        });
    }
    pending.sort_by_key(|p| (p.file, p.line));
    Ok(rows::finish(spec.kind, pending, files, false))
}
