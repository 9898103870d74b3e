//! Duplicates across files, counted for the warning about call ids that restart per file
//! (`inputs::restart`). The duplicate rule (M2.9) tells [`Tally::group`] each group of rows
//! sharing one id: the files of its rows in reading order and whether their contents are
//! identical. A row counts when its group is conflicting (the contents differ: two calls under
//! one id) and spans two files or more: then every row of the group has a copy in another
//! file. Kept apart from the warning so that the call reader depends on nothing above it.

use super::model::FileStats;

/// Per call file (the duplicate rule's file index): rows rejected as conflicting duplicates
/// whose id also occurs in another file.
#[derive(Debug, Default)]
pub struct Tally {
    per_file: Vec<u64>,
}

impl Tally {
    /// A tally over `files` call files.
    pub fn new(files: usize) -> Self {
        Tally {
            per_file: vec![0; files],
        }
    }

    /// One group of two or more rows with the same id: the file of each row in reading order,
    /// and whether their contents are identical (then none counts).
    pub fn group(&mut self, files: impl Iterator<Item = u32> + Clone, identical: bool) {
        let mut all = files.clone();
        let Some(first) = all.next() else { return };
        if identical || all.all(|f| f == first) {
            return;
        }
        for f in files {
            if let Some(n) = self.per_file.get_mut(f as usize) {
                *n += 1;
            }
        }
    }

    /// Adds the counts to the call files' statistics (`files` indexed as the tally).
    pub fn record(self, files: &mut [FileStats]) {
        for (st, n) in files.iter_mut().zip(self.per_file) {
            st.ids_in_other_files += n;
        }
    }
}
