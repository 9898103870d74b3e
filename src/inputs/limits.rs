//! Bounds on hostile input, and the check that a file did not change while it was
//! read.
//!
//! Every limit ends a read with an error naming the file (and line), never a panic, an abort,
//! a hang or memory far beyond the input's size:
//! - a record (CSV) or line (NDJSON) longer than [`max_record_bytes`] (64 MiB; a single line
//!   of 1 GiB stops after reading 64 MiB);
//! - a header (CSV), key set (NDJSON) or schema (Parquet) of more than [`MAX_COLUMNS`] columns;
//! - more than [`MAX_FILES`] files for one input flag (a glob matching 100,000 files);
//! - more than [`MAX_CALL_ROWS`] call rows (the duplicate rule indexes them with 32 bits).
//!
//! `SLAREPORT_MAX_RECORD_BYTES` lowers the record limit (tests use it to exercise the same
//! code with small files); it cannot raise it.
//!
//! A file that changes while it is read (appended to, rewritten, replaced, removed) would get
//! a manifest hash and row counts that describe no single version of it: [`Snapshot`] records
//! the file's identity, size and modification time before the read, and the read ends in an
//! error when they differ afterwards or when the bytes read are not the size seen.

use std::path::Path;
use std::time::SystemTime;

/// The largest record or line read, in bytes.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Columns of a header: real exports have tens, the widest known a few hundred.
pub const MAX_COLUMNS: usize = 10_000;

/// Files one input flag may name (after glob expansion).
pub const MAX_FILES: usize = 10_000;

/// Call rows with an id one run can hold: the duplicate rule indexes them with 32 bits
/// (4.3 billion rows, some 170 years of SSBTEK's calls).
pub const MAX_CALL_ROWS: usize = u32::MAX as usize;

/// Fail when the call files hold more rows than [`MAX_CALL_ROWS`].
pub fn check_call_rows(n: usize) -> anyhow::Result<()> {
    if n > MAX_CALL_ROWS {
        anyhow::bail!(
            "the call files hold {n} rows; one run reads at most {MAX_CALL_ROWS}: report from \
             the months the report needs"
        );
    }
    Ok(())
}

/// [`MAX_RECORD_BYTES`], or less when `SLAREPORT_MAX_RECORD_BYTES` says so.
pub fn max_record_bytes() -> usize {
    std::env::var("SLAREPORT_MAX_RECORD_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .map_or(MAX_RECORD_BYTES, |n| n.min(MAX_RECORD_BYTES))
}

/// The error for a record over the limit.
pub fn record_too_long(path: &str, line: u64, limit: usize) -> anyhow::Error {
    anyhow::anyhow!(
        "{path}: line {line}: a record longer than {} (no line break, or a quoted field never \
         closed): not an export this tool reads",
        show_bytes(limit)
    )
}

/// Fail when a header has more than [`MAX_COLUMNS`] columns; `place` names the file and
/// where (`x.csv: line 1`, `x.parquet: the schema`).
pub fn check_columns(place: &str, n: usize) -> anyhow::Result<()> {
    if n > MAX_COLUMNS {
        anyhow::bail!(
            "{place}: {n} columns (at most {MAX_COLUMNS} are read): not an export this tool \
             reads"
        );
    }
    Ok(())
}

fn show_bytes(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// What identifies a version of a file: device, inode, size and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    dev: u64,
    ino: u64,
    pub size: u64,
    modified: Option<SystemTime>,
}

impl Snapshot {
    /// The file at `path` now.
    pub fn of(path: &str) -> anyhow::Result<Snapshot> {
        let m = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
        Ok(Self::from_metadata(&m))
    }

    fn from_metadata(m: &std::fs::Metadata) -> Snapshot {
        use std::os::unix::fs::MetadataExt;
        Snapshot {
            dev: m.dev(),
            ino: m.ino(),
            size: m.len(),
            modified: m.modified().ok(),
        }
    }

    /// Fail unless the file at `path` is still this version and `bytes_read` of it were read.
    pub fn check_unchanged(&self, path: &str, bytes_read: u64) -> anyhow::Result<()> {
        let after = match std::fs::metadata(Path::new(path)) {
            Ok(m) => Self::from_metadata(&m),
            Err(e) => anyhow::bail!(
                "{path}: the file disappeared while it was being read ({e}); its rows and \
                 SHA-256 would describe no file: re-run when the input is in place"
            ),
        };
        let what = if (after.dev, after.ino) != (self.dev, self.ino) {
            "it was replaced by another file".to_string()
        } else if after.size != self.size || bytes_read != self.size {
            format!(
                "its size went from {} to {} bytes, {} were read",
                self.size, after.size, bytes_read
            )
        } else if after.modified != self.modified {
            "it was modified".to_string()
        } else {
            return Ok(());
        };
        anyhow::bail!(
            "{path}: the file changed while it was being read ({what}); its rows and SHA-256 \
             would not describe one version of it: re-run when the input is complete"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_replaced_or_removed_during_the_read_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("calls.csv");
        let path = p.to_str().unwrap();
        std::fs::write(&p, "a,b\n1,2\n").unwrap();
        let s = Snapshot::of(path).unwrap();
        s.check_unchanged(path, 8).unwrap();
        // Fewer bytes read than the file holds (it shrank and grew back, or a short read).
        let e = s.check_unchanged(path, 5).unwrap_err().to_string();
        assert!(
            e.contains("size went from 8 to 8 bytes, 5 were read"),
            "{e}"
        );
        // Appended to.
        std::fs::write(&p, "a,b\n1,2\n3,4\n").unwrap();
        let e = s.check_unchanged(path, 8).unwrap_err().to_string();
        assert!(
            e.contains("changed while it was being read") && e.contains("from 8 to 12 bytes"),
            "{e}"
        );
        // Replaced (renamed over).
        let s = Snapshot::of(path).unwrap();
        let q = t.path().join("new.csv");
        std::fs::write(&q, "a,b\n1,2\n3,4\n").unwrap();
        std::fs::rename(&q, &p).unwrap();
        let e = s.check_unchanged(path, 12).unwrap_err().to_string();
        assert!(e.contains("replaced by another file"), "{e}");
        // Rewritten in place with the same size: the modification time tells.
        let s = Snapshot::of(path).unwrap();
        let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.set_modified(SystemTime::UNIX_EPOCH).unwrap();
        let e = s.check_unchanged(path, 12).unwrap_err().to_string();
        assert!(e.contains("it was modified"), "{e}");
        // Removed.
        std::fs::remove_file(&p).unwrap();
        let e = s.check_unchanged(path, 12).unwrap_err().to_string();
        assert!(e.contains("disappeared while it was being read"), "{e}");
    }

    #[test]
    fn limits_name_the_file_and_line() {
        let e = record_too_long("x.csv", 3, 64 << 20).to_string();
        assert!(
            e.starts_with("x.csv: line 3: a record longer than 64 MiB"),
            "{e}"
        );
        assert!(check_columns("x.csv: line 1", MAX_COLUMNS).is_ok());
        let e = check_columns("x.csv: line 1", 1_000_000)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "x.csv: line 1: 1000000 columns (at most 10000 are read): not an export this tool reads"
        );
    }
}
