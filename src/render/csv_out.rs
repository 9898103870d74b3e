//! breaches.csv and rejected.csv. Both are opened in spreadsheets, so every cell that a
//! spreadsheet would read as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return — is neutralised with a leading `'` (OWASP CSV injection). Input text is untrusted.

use crate::inputs::Inputs;
use crate::report::ReportModel;

/// A cell made safe for spreadsheets.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn write_rows<I, R>(header: &[&str], rows: I) -> anyhow::Result<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| neutralise(&c).into_owned())
            .collect();
        w.write_record(&cells)?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))
}

/// Every breach and outage of the month, one row each.
pub fn breaches(model: &ReportModel) -> anyhow::Result<Vec<u8>> {
    write_rows(
        crate::report::BreachRecord::HEADER,
        model.breaches.iter().map(|b| b.cells()),
    )
}

/// Every rejected input row: input, file, line, column, value, reason.
pub fn rejected(inputs: &Inputs) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_rejected(inputs, &mut out)?;
    Ok(out)
}

/// rejected.csv written to `out` as the rows are read (a big call log's rejects stream from
/// their spill file: M2.7); the bytes of [`rejected`].
pub fn write_rejected(inputs: &Inputs, out: impl std::io::Write) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(["input", "file", "line", "column", "value", "reason"])?;
    let mut line = String::new();
    for r in inputs.rejects.iter() {
        let r = r.map_err(|e| anyhow::anyhow!("rejected rows: spill file: {e}"))?;
        line.clear();
        use std::fmt::Write as _;
        let _ = write!(line, "{}", r.line);
        w.write_record([
            neutralise(r.input.as_str()).as_ref(),
            neutralise(&r.file).as_ref(),
            neutralise(&line).as_ref(),
            neutralise(r.column).as_ref(),
            neutralise(&r.value).as_ref(),
            neutralise(r.reason).as_ref(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::calls::{CallsBuilder, SpillAt};
    use crate::inputs::reasons::{self, Bad};
    use crate::inputs::{FileStats, Inputs};

    proptest::proptest! {
        /// Rejects spilled to disk (sorted runs merged back) write the same rejected.csv as
        /// rejects held in memory, in memory or spooled to a file as they are written, with
        /// the same hash; hostile values included.
        #[test]
        fn spilled_rejects_write_the_same_rejected_csv(
            rows in proptest::collection::vec((0u32..2, 1u64..40, "(?s).{0,8}"), 0..40),
        ) {
            let write = |at: SpillAt| {
                let mut b = CallsBuilder::with_spill(at);
                for (f, line, value) in &rows {
                    b.reject(*f, *line, "", (0, 0), Bad::new("persons", value, reasons::PERSONS));
                }
                let mut files: Vec<FileStats> = (0..2)
                    .map(|i| FileStats { path: format!("=calls-{i}.csv"), ..FileStats::default() })
                    .collect();
                let (_, rejects, _) = b.finish(&mut files).unwrap();
                let inputs = Inputs { rejects, ..Inputs::default() };
                let csv = crate::render::rejected_csv(&inputs).unwrap();
                let spooled = crate::render::rejected_csv_spooled(&inputs).unwrap();
                proptest::prop_assert_eq!(&spooled.to_vec().unwrap(), &csv);
                use sha2::Digest;
                proptest::prop_assert_eq!(&spooled.sha256, &crate::config::hex(&sha2::Sha256::digest(&csv)));
                Ok(csv)
            };
            let held = write(SpillAt { rows: usize::MAX, partitions: 1, reject_run: usize::MAX })?;
            let spilled = write(SpillAt { rows: 1, partitions: 3, reject_run: 2 })?;
            proptest::prop_assert_eq!(held, spilled);
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for ok in ["", "INC-1", "1-2", " =x", "'x"] {
            assert_eq!(neutralise(ok), ok);
        }
    }

    proptest::proptest! {
        /// Whatever the input, no written cell starts like a formula, and a cell changes only by
        /// the one leading quote.
        #[test]
        fn no_cell_starts_like_a_formula(cell in "(?s).{0,12}") {
            let out = neutralise(&cell);
            proptest::prop_assert!(!out.starts_with(['=', '+', '-', '@', '\t', '\r']));
            let quoted = format!("'{}", cell);
            proptest::prop_assert!(out == cell || out == quoted);
        }
    }
}
