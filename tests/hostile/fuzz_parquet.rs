//! Fuzz target (proptest-driven): a small Parquet call log from `slareport sample`
//! with random bytes changed or the tail cut, read by `slareport check` in a child process (so
//! that an abort is observed instead of killing the fuzzer).
//!
//! Oracle: exit 0 (read; every row used or rejected) or 1 (an error naming the file). Known and
//! counted, not failed, because they are aborts inside polars that cannot be caught in-process
//! (see `inputs::frames::guarded`): "memory allocation of N bytes failed" on a corrupt length,
//! and polars-stream's unchecked slice of a corrupt row-group range.
//!
//! Budget: `SLAREPORT_FUZZ_CASES` per round (default 8), `SLAREPORT_FUZZ_SECS` (default 0).

use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::fuzzkit;

static ALLOC_ABORTS: AtomicU64 = AtomicU64::new(0);
static POLARS_ABORTS: AtomicU64 = AtomicU64::new(0);
static ERRORS: AtomicU64 = AtomicU64::new(0);

/// The binary to run: `exe` is a copy made at the start of the run, so that a long run does
/// not see it vanish while cargo relinks it for another build in the same target dir.
fn bin(exe: &std::path::Path) -> Command {
    let mut c = Command::new(exe);
    c.env("RUST_BACKTRACE", "0").env_remove("SLAREPORT_CONFIG");
    c
}

#[test]
fn fuzz_parquet_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = dir.path().join("slareport");
    std::fs::copy(crate::binary::path(), &exe).expect("copy binary");
    let out = bin(&exe)
        .args([
            "sample", "--month", "2026-03", "--calls", "60", "--format", "parquet", "--quiet",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("sample");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = std::fs::read(dir.path().join("calls.parquet")).expect("parquet");
    let n = base.len();
    let strategy = (
        prop::collection::vec((0..n, any::<u8>()), 1..16),
        prop::option::weighted(0.2, 0..n),
    );
    let path = dir.path().join("m.parquet");
    let test = |(edits, cut): (Vec<(usize, u8)>, Option<usize>)| {
        let mut b = base.clone();
        for (i, v) in edits {
            b[i] = v;
        }
        if let Some(c) = cut {
            b.truncate(c);
            b.extend_from_slice(b"PAR1");
        }
        std::fs::write(&path, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = bin(&exe)
            .args(["check", "--calls"])
            .arg(&path)
            .output()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let err = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(1) => {
                ERRORS.fetch_add(1, Relaxed);
                prop_assert!(err.contains("m.parquet"), "error names the file: {}", err);
            }
            _ if err.contains("memory allocation of") => {
                ALLOC_ABORTS.fetch_add(1, Relaxed);
            }
            // polars-stream's Parquet row-group fetch indexes a corrupt file's byte ranges
            // unchecked: a debug build aborts on the precondition check (a release build reads
            // out of bounds). Upstream; counted and reported, not fixable from here.
            _ if err.contains("unsafe precondition(s) violated") && err.contains("polars") => {
                POLARS_ABORTS.fetch_add(1, Relaxed);
            }
            code => prop_assert!(false, "exit {:?}: {}", code, err),
        }
        Ok(())
    };
    let summary = fuzzkit::fuzz("parquet", 8, 0x9a2, strategy, test);
    eprintln!(
        "fuzz parquet: {summary} (errors {}, known aborts in polars: allocation {}, unchecked slice {})",
        ERRORS.load(Relaxed),
        ALLOC_ABORTS.load(Relaxed),
        POLARS_ABORTS.load(Relaxed),
    );
}
