//! Hostile input sizes end in a clear error (exit 1, naming file and line) or in rejects —
//! never a panic, an abort, a hang or memory far beyond the input:
//! a single line of 1 GiB (a sparse file), a header of a million columns, a million blank
//! lines, an enormous NDJSON value, a glob matching 100,000 files, a Parquet file whose footer
//! claims an absurd size, and a Parquet reader that dies.

use std::path::Path;
use std::process::Output;

fn check(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = crate::binary::slareport();
    c.env("RUST_BACKTRACE", "0")
        .env_remove("SLAREPORT_CONFIG")
        .env_remove("SLAREPORT_MAX_RECORD_BYTES")
        .env_remove("SLAREPORT_FAULT_KILL_AT")
        .arg("--quiet")
        .arg("check")
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run slareport")
}

fn fails_with(o: &Output, says: &[&str]) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    for s in says {
        assert!(err.contains(s), "expected `{s}` in: {err}");
    }
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

const CALLS_HEADER: &str = "call_id,received_at,responded_at,result,persons\n";
const TICKETS_HEADER: &str = "ticket_id,type,registered_at\n";

/// A file of `len` bytes: `head`, then zero bytes (a hole: no disk, no time to write).
fn sparse(path: &Path, head: &str, len: u64) {
    let f = std::fs::File::create(path).unwrap();
    std::io::Write::write_all(&mut &f, head.as_bytes()).unwrap();
    f.set_len(len).unwrap();
}

#[test]
fn a_line_of_one_gib_stops_at_the_record_limit() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, name, head) in [
        ("--calls", "calls.csv", CALLS_HEADER),
        ("--tickets", "tickets.csv", TICKETS_HEADER),
        ("--calls", "calls.ndjson", ""),
    ] {
        let p = dir.path().join(name);
        sparse(&p, head, 1 << 30);
        let line = if head.is_empty() { 1 } else { 2 };
        let o = check(&[flag, &s(&p)], &[]);
        fails_with(
            &o,
            &[&format!("{name}: line {line}: a record longer than 64 MiB")],
        );
    }
}

/// The same limit, lowered for a small file: a long row after good ones, in every reader.
#[test]
fn the_record_limit_names_the_long_row() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(3 << 20);
    let ok_call = "C1,2026-03-02T09:00:00Z,,ok,1\n";
    let cases = [
        (
            "--calls",
            "calls.csv",
            format!("{CALLS_HEADER}{ok_call}C2,{long},,ok,1\n"),
        ),
        (
            "--tickets",
            "tickets.csv",
            format!("{TICKETS_HEADER}T1,incident,2026-03-02T09:00:00Z\nT2,\"{long}\",x\n"),
        ),
        (
            "--calls",
            "calls.ndjson",
            format!(
                "{{\"call_id\":\"C1\",\"received_at\":\"2026-03-02T09:00:00Z\",\"result\":\"ok\",\"persons\":1}}\n\
                 {{\"call_id\":\"{long}\"}}\n"
            ),
        ),
    ];
    for (flag, name, text) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = check(
            &[flag, &s(&p)],
            &[("SLAREPORT_MAX_RECORD_BYTES", "1048576")],
        );
        let line = if name.ends_with("ndjson") { 2 } else { 3 };
        fails_with(
            &o,
            &[&format!("{name}: line {line}: a record longer than 1 MiB")],
        );
        // Under the default limit the same file reads (the long value is a reject, or a row):
        // exit 0, or 5 when that leaves a file with every row rejected (`check`'s code for an
        // input that cannot give a report).
        let o = check(&[flag, &s(&p)], &[]);
        assert!(
            matches!(o.status.code(), Some(0 | 5)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_header_of_a_million_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    let csv = format!("call_id,ticket_id,{}\n", names.join(","));
    let json = format!(
        "{{{}}}\n",
        names
            .iter()
            .map(|n| format!("\"{n}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for (flag, name, text, says) in [
        (
            "--calls",
            "calls.csv",
            &csv,
            "line 1: 1000002 columns (at most 10000 are read)",
        ),
        (
            "--tickets",
            "tickets.csv",
            &csv,
            "line 1: 1000002 columns (at most 10000 are read)",
        ),
        ("--calls", "calls.ndjson", &json, "line 1, column"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        #[allow(clippy::disallowed_methods)] // timing a hostile input, never in an output
        let start = std::time::Instant::now();
        let o = check(&[flag, &s(&p)], &[]);
        fails_with(&o, &[name, says]);
        assert!(
            start.elapsed().as_secs() < 60,
            "{name}: {:?}",
            start.elapsed()
        );
    }
    let o = check(&["--calls", &s(&dir.path().join("calls.ndjson"))], &[]);
    fails_with(&o, &["more than 10000 distinct keys"]);
}

/// A million blank lines (10⁸ in the issue: the same code, scaled to a test's time) are
/// skipped in linear time; the rows around them keep their lines.
#[test]
fn a_million_blank_lines_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let blank = "\n".repeat(1_000_000);
    let call = |id: &str| format!("{id},2026-03-02T09:00:00Z,,maybe,1\n");
    let calls = format!("{CALLS_HEADER}{blank}{}{blank}{}", call("C1"), call("C2"));
    let tickets = format!("{TICKETS_HEADER}{blank}T1,nope,2026-03-02T09:00:00Z\n");
    let nd = |id: &str| {
        format!("{{\"call_id\":\"{id}\",\"received_at\":\"2026-03-02T09:00:00Z\",\"result\":\"maybe\",\"persons\":1}}\n")
    };
    let ndjson = format!("{blank}{}{blank}{}", nd("C1"), nd("C2"));
    for (flag, name, text, lines) in [
        ("--calls", "calls.csv", &calls, vec![1_000_002, 2_000_003]),
        ("--tickets", "tickets.csv", &tickets, vec![1_000_002]),
        (
            "--calls",
            "calls.ndjson",
            &ndjson,
            vec![1_000_001, 2_000_002],
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let mut args = slareport::inputs::InputFiles::default();
        if flag == "--calls" {
            args.calls = vec![s(&p)];
        } else {
            args.tickets = vec![s(&p)];
        }
        let cfg = slareport::config::SlaConfig::ssbtek();
        let cals = slareport::calendar::Calendars::from_config(&cfg.calendar);
        #[allow(clippy::disallowed_methods)] // timing a hostile input, never in an output
        let start = std::time::Instant::now();
        let i = slareport::inputs::read_all(&args, &cfg, &cals).unwrap();
        let got: Vec<u64> = i.rejects.to_vec().unwrap().iter().map(|r| r.line).collect();
        assert_eq!(got, lines, "{name}");
        assert_eq!(i.files[0].rows_read, lines.len() as u64, "{name}");
        assert!(
            start.elapsed().as_secs() < 60,
            "{name}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn a_glob_matching_100000_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000 {
        std::fs::File::create(dir.path().join(format!("c{i:06}.csv"))).unwrap();
    }
    let pattern = format!("{}/*.csv", dir.path().display());
    #[allow(clippy::disallowed_methods)] // timing a hostile input, never in an output
    let start = std::time::Instant::now();
    let o = check(&["--calls", &pattern], &[]);
    fails_with(
        &o,
        &["--calls", "more than 10000 files (at most 10000 per input)"],
    );
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

/// A sample Parquet call log.
fn parquet(dir: &Path) -> Vec<u8> {
    let o = crate::binary::slareport()
        .args(["--quiet", "sample", "--month", "2026-03", "--calls", "50"])
        .args(["--format", "parquet", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(dir.join("calls.parquet")).unwrap()
}

#[test]
fn a_parquet_footer_claiming_absurd_sizes_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = parquet(dir.path());
    let n = good.len();
    let p = dir.path().join("bad.parquet");
    // The footer length: 4 GiB in a file of a few KiB.
    let mut b = good.clone();
    b[n - 8..n - 4].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(&p, &b).unwrap();
    fails_with(&check(&["--calls", &s(&p)], &[]), &["bad.parquet"]);
    // The footer length pointing before the file's start, and a file cut short.
    let mut b = good.clone();
    b[n - 8..n - 4].copy_from_slice(&((n as u32) + 100).to_le_bytes());
    std::fs::write(&p, &b).unwrap();
    fails_with(&check(&["--calls", &s(&p)], &[]), &["bad.parquet"]);
    std::fs::write(&p, &good[..n / 2]).unwrap();
    fails_with(&check(&["--calls", &s(&p)], &[]), &["bad.parquet"]);
}

/// polars aborts the process on some corrupt files (fuzz/README.md); the binary reads Parquet
/// in a child process, so a reader that dies is an error naming the file.
#[test]
fn a_parquet_reader_that_dies_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    parquet(dir.path());
    let p = dir.path().join("calls.parquet");
    let o = check(
        &["--calls", &s(&p)],
        &[("SLAREPORT_FAULT_KILL_AT", "parquet-child")],
    );
    fails_with(
        &o,
        &[
            "calls.parquet: cannot read: the file is corrupt",
            "the Parquet reader was killed by signal 9",
        ],
    );
    let o = check(&["--calls", &s(&p)], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A real one (found by mutating a sample file as fuzz_parquet does): polars asks for 2⁶¹ bytes
/// and the allocator aborts the process. The child reading it dies; the run ends with an error.
#[test]
fn a_parquet_file_that_aborts_polars_is_an_error() {
    let p = format!(
        "{}/tests/fixtures/bad/alloc_abort.parquet",
        env!("CARGO_MANIFEST_DIR")
    );
    // The reader on its own dies of it (what the run would do without the child).
    let child = crate::binary::slareport()
        .env("RUST_BACKTRACE", "0")
        .args([
            "__read-parquet",
            &p,
            "call_id",
            "received_at",
            "responded_at",
            "result",
        ])
        .args(["persons", "municipality", "failed_providers"])
        .output()
        .unwrap();
    assert_eq!(
        child.status.code(),
        None,
        "the reader was expected to abort"
    );
    let o = check(&["--calls", &p], &[]);
    fails_with(
        &o,
        &[
            "alloc_abort.parquet: cannot read: the file is corrupt",
            "killed by signal 6: memory allocation of",
        ],
    );
}
