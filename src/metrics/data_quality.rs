//! The data-quality figures of what was read: per input the rows read, used and rejected and
//! the naive local times resolved in a DST gap or fold, their totals, and the reject reasons
//! counted per input. One aggregation for the report's appendix B and for `check`.

use crate::inputs::{FileStats, InputKind, Inputs, Reject};

/// Row counts of one file, one input or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowCounts {
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    pub dst_gap_resolved: u64,
    pub dst_fold_resolved: u64,
}

impl RowCounts {
    fn add(&mut self, f: &FileStats) {
        self.rows_read += f.rows_read;
        self.rows_used += f.rows_used;
        self.rows_rejected += f.rows_rejected;
        self.dst_gap_resolved += f.dst_gap_resolved;
        self.dst_fold_resolved += f.dst_fold_resolved;
    }

    fn sum<'a>(files: impl IntoIterator<Item = &'a FileStats>) -> Self {
        let mut c = Self::default();
        files.into_iter().for_each(|f| c.add(f));
        c
    }
}

/// One input with files: its counts summed over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputCounts {
    pub input: InputKind,
    pub counts: RowCounts,
}

/// How many rows of one input were rejected for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub input: InputKind,
    /// The stable reason code of rejected.csv.
    pub reason: String,
    pub count: u64,
    /// The first rejected row with this reason (rejects are sorted by file and line).
    pub first: Reject,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataQuality {
    /// Every file's counts summed.
    pub total: RowCounts,
    /// The inputs that have files, in the order calls, tickets, changes, corrections.
    pub inputs: Vec<InputCounts>,
    /// Every (input, reason): most frequent first, ties by input name, then reason.
    pub reasons: Vec<ReasonCount>,
}

impl DataQuality {
    /// The reasons of one input, most frequent first, ties by reason.
    pub fn reasons_of(&self, input: InputKind) -> impl Iterator<Item = &ReasonCount> {
        self.reasons.iter().filter(move |r| r.input == input)
    }
}

const KINDS: [InputKind; 4] = [
    InputKind::Calls,
    InputKind::Tickets,
    InputKind::Changes,
    InputKind::Corrections,
];

/// The data-quality figures of `inputs`.
pub fn compute(inputs: &Inputs) -> DataQuality {
    let of = |kind: InputKind| {
        inputs
            .files
            .iter()
            .filter(move |f| f.input == kind.as_str())
    };
    let per_input = KINDS
        .into_iter()
        .filter(|k| of(*k).next().is_some())
        .map(|input| InputCounts {
            input,
            counts: RowCounts::sum(of(input)),
        })
        .collect();
    let mut reasons: Vec<ReasonCount> = Vec::new();
    let mut index: std::collections::BTreeMap<(InputKind, &str), usize> = Default::default();
    // The rejects' groups (input, file, reason, column: a count and the first row) summed per
    // (input, reason); the first of a reason is the first of its groups' firsts.
    for g in inputs.rejects.groups() {
        let r = &g.first;
        match index.get(&(r.input, r.reason)) {
            Some(&i) => {
                reasons[i].count += g.count;
                if *r < reasons[i].first {
                    reasons[i].first = r.clone();
                }
            }
            None => {
                index.insert((r.input, r.reason), reasons.len());
                reasons.push(ReasonCount {
                    input: r.input,
                    reason: r.reason.to_string(),
                    count: g.count,
                    first: r.clone(),
                });
            }
        }
    }
    reasons.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.input.as_str().cmp(b.input.as_str()))
            .then_with(|| a.reason.cmp(&b.reason))
    });
    DataQuality {
        total: RowCounts::sum(&inputs.files),
        inputs: per_input,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(input: InputKind, line: u64, reason: &'static str) -> Reject {
        Reject {
            input,
            file: "f.csv".into(),
            line,
            column: "c",
            value: "v".into(),
            reason,
        }
    }

    #[test]
    fn counts_add_up_and_reasons_are_ordered() {
        let file = |input: &str, read: u64, rejected: u64| FileStats {
            input: input.into(),
            rows_read: read,
            rows_used: read - rejected,
            rows_rejected: rejected,
            dst_gap_resolved: 1,
            ..FileStats::default()
        };
        let inputs = Inputs {
            files: vec![
                file("calls", 10, 3),
                file("calls", 5, 0),
                file("tickets", 4, 2),
            ],
            rejects: vec![
                reject(InputKind::Calls, 2, "duplicate"),
                reject(InputKind::Calls, 3, "bad time"),
                reject(InputKind::Calls, 7, "duplicate"),
                reject(InputKind::Tickets, 1, "bad time"),
                reject(InputKind::Tickets, 9, "bad time"),
            ]
            .into(),
            ..Inputs::default()
        };
        let q = compute(&inputs);
        assert_eq!(
            (q.total.rows_read, q.total.rows_used, q.total.rows_rejected),
            (19, 14, 5)
        );
        assert_eq!(q.total.dst_gap_resolved, 3);
        let per: Vec<(InputKind, u64)> = q
            .inputs
            .iter()
            .map(|i| (i.input, i.counts.rows_read))
            .collect();
        assert_eq!(per, vec![(InputKind::Calls, 15), (InputKind::Tickets, 4)]);
        let reasons: Vec<(&str, &str, u64, u64)> = q
            .reasons
            .iter()
            .map(|r| (r.input.as_str(), r.reason.as_str(), r.count, r.first.line))
            .collect();
        // Ties (2) by input name: calls before tickets.
        assert_eq!(
            reasons,
            vec![
                ("calls", "duplicate", 2, 2),
                ("tickets", "bad time", 2, 1),
                ("calls", "bad time", 1, 3),
            ]
        );
        let calls: Vec<&str> = q
            .reasons_of(InputKind::Calls)
            .map(|r| r.reason.as_str())
            .collect();
        assert_eq!(calls, vec!["duplicate", "bad time"]);
    }
}
