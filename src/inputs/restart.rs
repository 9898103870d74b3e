//! Call ids that restart in each file: an export numbered per file (1, 2, … in every yearly
//! log) makes the duplicate rule (M2.9) reject nearly every call after the first file as a
//! conflicting duplicate. The rule is right to do so (an id names one call across the whole
//! input), but a report whose calls are mostly rejected for that reason needs a warning that
//! names the cause and the files.
//!
//! The duplicate rule counts, per file, the conflicting duplicates whose copies are in other
//! files (`inputs::crossfile`, kept in `FileStats::ids_in_other_files`); [`warning`] warns
//! when they are more than 1 % of the call rows read (exactly 1 % does not warn). Not counted:
//! duplicates within one file, and identical copies in several files (overlapping exports,
//! the ordinary case the rule is for: the first copy is kept).

use super::catalog::InputKind;
use super::model::FileStats;
use super::warnings::InputWarning;

/// The warning's stable code.
pub const IDS_RESTART: &str = "ids restart per file";

/// The files named in the warning, at most; further files are counted, not named.
pub const MAX_NAMED: usize = 8;

/// Ids that seem to restart per file: the counted rows, the call rows read, and the files
/// with counted rows (in file order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restart {
    pub rows: u64,
    pub total: u64,
    pub files: Vec<String>,
}

impl Restart {
    /// The files as a list: at most [`MAX_NAMED`] names, then `…` and how many there are.
    pub fn file_list(&self) -> String {
        let mut s = self
            .files
            .iter()
            .take(MAX_NAMED)
            .map(|f| super::reasons::printable(f, 200))
            .collect::<Vec<_>>()
            .join(", ");
        if self.files.len() > MAX_NAMED {
            s.push_str(&format!(", … ({})", self.files.len()));
        }
        s
    }
}

/// The call files' restarted ids, when the counted rows are more than 1 % of the call rows
/// read.
pub fn detect(files: &[FileStats]) -> Option<Restart> {
    let calls = || {
        files
            .iter()
            .filter(|f| f.input == InputKind::Calls.as_str())
    };
    let total: u64 = calls().map(|f| f.rows_read).sum();
    let rows: u64 = calls().map(|f| f.ids_in_other_files).sum();
    // More than 1 %: rows / total > 1 / 100, in integers (u128: no overflow).
    if u128::from(rows) * 100 <= u128::from(total) {
        return None;
    }
    Some(Restart {
        rows,
        total,
        files: calls()
            .filter(|f| f.ids_in_other_files > 0)
            .map(|f| f.path.clone())
            .collect(),
    })
}

/// The warning on stderr and in `check --json` (English; the report's appendix words it in the
/// report's language from the same [`detect`]).
pub fn warning(files: &[FileStats]) -> Option<InputWarning> {
    let r = detect(files)?;
    Some(InputWarning {
        input: InputKind::Calls.as_str().to_string(),
        code: IDS_RESTART,
        message: format!(
            "calls: {} of the {} call rows are rejected as conflicting duplicates of an id in \
             another file: the call ids seem to restart in each file ({}); give every call an id \
             unique across the files (e.g. prefix the file's year or month)",
            r.rows,
            r.total,
            r.file_list()
        ),
        unusable: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::crossfile::Tally;

    fn call_file(path: &str, read: u64) -> FileStats {
        FileStats {
            input: "calls".into(),
            path: path.into(),
            rows_read: read,
            ..FileStats::default()
        }
    }

    /// `files` call files of `read` rows each after the groups' tally.
    fn tallied(read: &[u64], groups: &[(&[u32], bool)]) -> Vec<FileStats> {
        let mut t = Tally::new(read.len());
        for (g, identical) in groups {
            t.group(g.iter().copied(), *identical);
        }
        let mut files: Vec<FileStats> = read
            .iter()
            .enumerate()
            .map(|(i, &n)| call_file(&format!("f{i}.csv"), n))
            .collect();
        t.record(&mut files);
        files
    }

    #[test]
    fn counts_conflicting_rows_of_groups_that_span_files() {
        let files = tallied(
            &[10, 10, 10],
            &[
                // Conflicting across files 0 and 1: both rows.
                (&[0, 1], false),
                // Conflicting across 0, 0, 2: all three.
                (&[0, 0, 2], false),
                // Identical copies across files (overlapping exports): none.
                (&[0, 1, 2], true),
                // Within one file: never counted, identical or not.
                (&[1, 1, 1], false),
                (&[2, 2], true),
            ],
        );
        let n: Vec<u64> = files.iter().map(|f| f.ids_in_other_files).collect();
        assert_eq!(n, [3, 1, 1]);
    }

    #[test]
    fn exactly_one_percent_does_not_warn_just_above_does() {
        // 200 call rows in two files; 2 conflicting cross-file rows are exactly 1 %.
        let two = tallied(&[100, 100], &[(&[0, 1], false)]);
        assert_eq!(two[0].ids_in_other_files + two[1].ids_in_other_files, 2);
        assert_eq!(detect(&two), None);
        assert!(warning(&two).is_none());
        // 3 of 200 (1.5 %) warns and names both files.
        let three = tallied(&[100, 100], &[(&[0, 1, 1], false)]);
        let r = detect(&three).unwrap();
        assert_eq!((r.rows, r.total), (3, 200));
        assert_eq!(r.files, ["f0.csv", "f1.csv"]);
        // 10,000 rows: 50 conflicting pairs are 100 rows, exactly 1 %.
        let pairs = vec![(&[0u32, 1][..], false); 50];
        assert_eq!(detect(&tallied(&[5_000, 5_000], &pairs)), None);
        // A third copy in one group: 101, just above.
        let mut g = pairs.clone();
        g[0] = (&[0, 1, 1], false);
        assert_eq!(detect(&tallied(&[5_000, 5_000], &g)).unwrap().rows, 101);
        // An identical pair across the files, or a conflicting pair within one file, instead:
        // still exactly 1 %.
        for extra in [(&[0u32, 1][..], true), (&[1, 1][..], false)] {
            let mut g = pairs.clone();
            g.push(extra);
            assert_eq!(detect(&tallied(&[5_000, 5_000], &g)), None);
        }
    }

    #[test]
    fn duplicates_within_one_file_never_warn() {
        // Every row of both files a duplicate, but each id only within its own file.
        let groups: Vec<(&[u32], bool)> = [(&[0u32, 0][..], false), (&[1u32, 1][..], false)]
            .into_iter()
            .cycle()
            .take(10)
            .collect();
        let files = tallied(&[10, 10], &groups);
        assert!(files.iter().all(|f| f.ids_in_other_files == 0));
        assert_eq!(detect(&files), None);
    }

    #[test]
    fn other_inputs_do_not_count_and_names_are_capped() {
        let mut files = tallied(&[10; 10], &[(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], false)]);
        // A ticket file's rows are not call rows.
        files.push(FileStats {
            input: "tickets".into(),
            path: "t.csv".into(),
            rows_read: 1_000_000,
            ..FileStats::default()
        });
        let r = detect(&files).unwrap();
        assert_eq!((r.rows, r.total), (10, 100));
        assert_eq!(
            r.file_list(),
            "f0.csv, f1.csv, f2.csv, f3.csv, f4.csv, f5.csv, f6.csv, f7.csv, … (10)"
        );
        let w = warning(&files).unwrap();
        assert_eq!(w.code, IDS_RESTART);
        assert!(!w.unusable);
        assert!(
            w.message.starts_with("calls: 10 of the 100 call rows"),
            "{}",
            w.message
        );
    }

    /// The count written plainly: per file, the rows whose id has a copy with other contents
    /// somewhere and a copy in another file.
    fn reference(rows: &[(u8, u32, u8)], files: usize) -> Vec<u64> {
        let mut out = vec![0; files];
        for &(id, file, content) in rows {
            let same_id = || rows.iter().filter(|r| r.0 == id);
            let conflicting = same_id().any(|r| r.2 != content);
            let elsewhere = same_id().any(|r| r.1 != file);
            if conflicting && elsewhere {
                out[file as usize] += 1;
            }
        }
        out
    }

    proptest::proptest! {
        /// Fed by the duplicate rule's groups, the tally counts what the plain definition
        /// counts, whatever the ids, files, contents and reading order.
        #[test]
        fn tally_through_the_duplicate_rule_equals_the_plain_count(
            rows in proptest::collection::vec((0u8..6, 0u32..3, 0u8..2), 0..40),
            order in proptest::collection::vec(0u64..1000, 40),
        ) {
            let ids: Vec<String> = rows.iter().map(|r| format!("c{}", r.0)).collect();
            let fps: Vec<(u64, u64)> =
                rows.iter().map(|r| (u64::from(r.2), 0)).collect();
            // Reading order: by file, then an arbitrary line.
            let at = |i: usize| (u64::from(rows[i].1) << 32) | order[i];
            let mut t = Tally::new(3);
            crate::inputs::dedup::verdicts_observed(
                |i| (ids[i].as_str(), fps[i], at(i)),
                rows.len(),
                |g, same| t.group(g.iter().map(|&i| rows[i].1), same),
            );
            let mut files: Vec<FileStats> = (0..3).map(|i| call_file(&format!("f{i}"), 0)).collect();
            t.record(&mut files);
            let got: Vec<u64> = files.iter().map(|f| f.ids_in_other_files).collect();
            proptest::prop_assert_eq!(got, reference(&rows, 3));
        }
    }
}
