//! Parquet and NDJSON files through polars, as projected text tables for the row readers.

use super::source::Table;

/// Read a Parquet or NDJSON file into a projected table.
pub fn read_table(path: &str, bytes: &[u8], wanted: &[String]) -> anyhow::Result<Table> {
    let _ = (bytes, wanted);
    anyhow::bail!("{path}: Parquet/NDJSON input is not supported yet")
}
