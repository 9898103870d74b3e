//! Tests of the end of reading: the duplicate rule on disk against the one in memory, and
//! verdicts worked out by hand.

use super::*;
use crate::inputs::calls::CallRow;
use crate::inputs::model::CallResult;

/// One generated row: file, id, content, and what its own validation says (0 accepted, 1
/// rejected with its id, 2 rejected without an id, 3 rejected and read after the file's
/// other rows, as a CSV file's invalid UTF-8 records are).
type Row = (u32, u8, u8, u8);

/// Feed `rows` (grouped by file, in reading order) to `b` in parts of `part` rows, appended
/// as the reader does.
fn feed(b: &mut CallsBuilder, rows: &[Row], part: usize) {
    let mut p = CallsBuilder::new();
    let mut late: Vec<(u32, u64)> = Vec::new();
    let ids = ["c1", "c2", "c3", "c4", "c5", "c6"];
    for (i, &(file, id, content, own)) in rows.iter().enumerate() {
        let line = i as u64 + 2;
        let id = ids[id as usize % ids.len()];
        let fp = (u64::from(content), 0);
        match own {
            0 => {
                let row = CallRow {
                    id,
                    received: i64::from(content) * 1000 - i as i64,
                    responded: None,
                    result: CallResult::Ok,
                    persons: 1,
                    municipality: "K",
                    failed: "",
                };
                p.push(file, line, fp, &row);
            }
            1 => p.reject(
                file,
                line,
                id,
                fp,
                Bad::new("persons", "0", reasons::PERSONS),
            ),
            2 => p.reject(
                file,
                line,
                "",
                fp,
                Bad::new("call_id", "", reasons::MISSING),
            ),
            _ => late.push((file, line)),
        }
        let next_file = rows.get(i + 1).map(|r| r.0);
        if next_file != Some(file) {
            for (f, l) in late.drain(..) {
                p.reject(f, l, "", fp, Bad::new("", "", reasons::INVALID_UTF8));
            }
        }
        if (i + 1) % part == 0 || next_file != Some(file) {
            b.append(&mut p);
        }
    }
    b.append(&mut p);
}

/// Everything `finish` gives, comparable (rejected.csv's bytes follow from the rejects:
/// `render`'s tests write spilled rejects both ways).
fn outcome(mut b: CallsBuilder, rows: &[Row]) -> String {
    feed(&mut b, rows, 3);
    let mut files: Vec<FileStats> = (0..3)
        .map(|i| FileStats {
            path: format!("f{}.csv", 2 - i),
            ..FileStats::default()
        })
        .collect();
    let (c, mut rejects, _) = b.finish(&mut files).unwrap();
    rejects.sort().unwrap();
    let ids: Vec<&str> = (0..c.len()).map(|i| c.ids.get(i)).collect();
    let snap = format!(
        "{:?} {ids:?} {:?} {:?} {:?} {:?}",
        c.received,
        files,
        rejects.to_vec().unwrap(),
        rejects.head(),
        rejects.groups()
    );
    snap
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Forced onto disk after two rows (partitions, reject runs, spilled rejects), the
    /// rule gives the in-memory path's calls, verdicts, per-file counts (with the ids
    /// seen in other files), rejects in order, head, groups and rejected.csv bytes, with
    /// many duplicate, conflicting and identical ids across files and rejects between.
    #[test]
    fn the_spill_gives_what_memory_gives(
        mut rows in proptest::collection::vec((0u32..3, 0u8..6, 0u8..2, 0u8..4), 0..60),
        spill_rows in 0usize..4,
        partitions in 1usize..4,
    ) {
        rows.sort_by_key(|r| r.0);
        let held = CallsBuilder::with_spill(SpillAt {
            rows: usize::MAX,
            partitions: 1,
            reject_run: usize::MAX,
        });
        let spilled = CallsBuilder::with_spill(SpillAt {
            rows: spill_rows,
            partitions,
            reject_run: spill_rows,
        });
        // The rule in memory, its non-keep rows and the rejects on disk.
        let rejects_only = CallsBuilder::with_spill(SpillAt {
            rows: usize::MAX,
            partitions: 1,
            reject_run: spill_rows,
        });
        let a = outcome(held, &rows);
        proptest::prop_assert_eq!(&a, &outcome(spilled, &rows));
        proptest::prop_assert_eq!(a, outcome(rejects_only, &rows));
    }
}

/// Hand-computed: across two files, an identical pair keeps its first copy, a conflicting
/// pair rejects both (and counts for the restarting-ids warning), and a row rejected by
/// its own validation whose id is duplicated takes the rule's reason.
#[test]
fn spilled_verdicts_by_hand() {
    for spill in [usize::MAX, 0] {
        let mut b = CallsBuilder::with_spill(SpillAt {
            rows: spill,
            partitions: 2,
            reject_run: spill,
        });
        // file 0: c1 (a), c2 (a), c3 rejected (persons) ; file 1: c1 (a), c2 (b), c3 (a)
        feed(&mut b, &[(0, 0, 0, 0), (0, 1, 0, 0), (0, 2, 0, 1)], 1);
        let mut p = CallsBuilder::new();
        let row = |id| CallRow {
            id,
            received: 1,
            responded: None,
            result: CallResult::Ok,
            persons: 1,
            municipality: "",
            failed: "",
        };
        p.push(1, 2, (0, 0), &row("c1"));
        p.push(1, 3, (1, 0), &row("c2"));
        p.push(1, 4, (1, 0), &row("c3"));
        b.append(&mut p);
        let mut files = vec![FileStats::default(), FileStats::default()];
        files[1].path = "g.csv".into();
        let (c, rejects, _) = b.finish(&mut files).unwrap();
        assert_eq!(c.len(), 1, "only the first c1 is kept");
        let got: Vec<(u64, String, &str)> = rejects
            .to_vec()
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.value, r.reason))
            .collect();
        let (dup, conf) = (reasons::DUPLICATE, reasons::CONFLICTING_DUPLICATE);
        assert_eq!(
            got,
            [
                (3, "c2".to_string(), conf),
                (4, "c3".to_string(), conf),
                (2, "c1".to_string(), dup),
                (3, "c2".to_string(), conf),
                (4, "c3".to_string(), conf),
            ]
        );
        let counts: Vec<(u64, u64, u64, u64)> = files
            .iter()
            .map(|f| {
                (
                    f.rows_read,
                    f.rows_used,
                    f.rows_rejected,
                    f.ids_in_other_files,
                )
            })
            .collect();
        assert_eq!(counts, [(3, 1, 2, 2), (3, 0, 3, 2)]);
    }
}
