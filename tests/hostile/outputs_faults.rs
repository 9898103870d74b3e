//! Faults while `report` writes --out, injected into the binary:
//! - SIGKILL at named steps (`SLAREPORT_FAULT_KILL_AT`) and at timed points of a run on a
//!   generated month: --out holds the complete old set or the complete new set, `verify` passes
//!   on it, and the next run recovers;
//! - a file-size limit (`ulimit -f`, SIGXFSZ ignored): exit 1 naming the file, --out unchanged;
//! - --out that cannot be written (under a regular file; in /proc, which root cannot write);
//! - a second run while one holds the lock; files the run would leave stale; `--clean` (never
//!   a report) and `--restate`;
//! - an input file appended to while it is read: a clear error, --out unchanged.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = crate::binary::slareport();
    c.env("RUST_BACKTRACE", "0")
        .env_remove("SLAREPORT_CONFIG")
        .env_remove("SLAREPORT_FAULT_KILL_AT")
        .arg("--quiet");
    c
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A working folder with a generated month (`data/`), run from there with relative paths.
struct Month {
    _t: tempfile::TempDir,
    dir: PathBuf,
}

impl Month {
    fn new(calls: u32) -> Month {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().to_path_buf();
        let o = bin()
            .current_dir(&dir)
            .args([
                "sample",
                "--month",
                "2026-03",
                "--calls",
                &calls.to_string(),
            ])
            .args(["--out", "data"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o));
        Month { _t: t, dir }
    }

    fn report(&self, out: &str, lang: &str, extra: &[&str]) -> Command {
        let mut c = bin();
        c.current_dir(&self.dir)
            .args(["report", "--month", "2026-03", "--lang", lang])
            .args(["--calls", "data/calls.csv", "--tickets", "data/tickets.csv"])
            .args(["--changes", "data/changes.csv", "--out", out])
            .args(extra);
        c
    }

    fn verify(&self, out: &str) -> Output {
        bin()
            .current_dir(&self.dir)
            .args(["verify", out])
            .output()
            .unwrap()
    }
}

/// The files directly in `dir` (a restated report's `versions/` folder aside).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_file())
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".slareport-"))
        .collect();
    v.sort();
    v
}

fn ok(c: &mut Command) -> Output {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    o
}

/// Which complete set --out holds: "old" or "new"; anything else fails the test.
fn state(
    out: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) -> &'static str {
    let now = files(out);
    if now == *old {
        "old"
    } else if now == *new {
        "new"
    } else {
        panic!("--out holds a mix: {:?}", now.keys().collect::<Vec<_>>())
    }
}

#[test]
fn killed_at_any_point_out_is_the_old_or_the_new_set() {
    let m = Month::new(10_000);
    ok(&mut m.report("out", "sv", &[]));
    #[allow(clippy::disallowed_methods)] // timing a hostile input, never in an output
    let start = Instant::now();
    ok(&mut m.report("ref-en", "en", &[]));
    let full = start.elapsed();
    let out = m.dir.join("out");
    let old = files(&out);
    let new = files(&m.dir.join("ref-en"));
    assert_ne!(old, new);
    let mut verified = std::collections::BTreeSet::new();
    let mut seen = Vec::new();
    let mut check = |what: String, expect: Option<&str>| {
        let s = state(&out, &old, &new);
        if let Some(e) = expect {
            assert_eq!(s, e, "{what}");
        }
        if verified.insert(s) {
            let v = m.verify("out");
            assert!(
                v.status.success(),
                "verify on the {s} set after {what}: {}",
                text(&v)
            );
        }
        seen.push(format!("{what}: {s}"));
        s
    };
    // Named steps: the new set is complete only once swapped in.
    for (point, expect) in [
        ("write:breaches.csv", "old"),
        ("write:report.pdf", "old"),
        ("write:manifest.json", "old"),
        ("before-swap", "old"),
        ("after-swap", "new"),
    ] {
        let o = m
            .report("out", "en", &[])
            .env("SLAREPORT_FAULT_KILL_AT", point)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), None, "killed at {point}: {}", text(&o));
        check(format!("kill at {point}"), Some(expect));
        // The next run recovers what the killed one left, and puts the old set back.
        ok(&mut m.report("out", "sv", &[]));
        assert_eq!(siblings(&m.dir), Vec::<String>::new(), "after {point}");
        assert_eq!(files(&out), old);
    }
    // SIGKILL from outside at points spread over a whole run, alternating the language so
    // that every run replaces the other set; each run recovers what the one before left.
    for (k, pct) in [20u32, 50, 80, 95].into_iter().enumerate() {
        let lang = if k % 2 == 0 { "en" } else { "sv" };
        let mut child = m
            .report("out", lang, &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * pct / 100);
        let _ = child.kill();
        child.wait().unwrap();
        check(format!("SIGKILL at {pct}% of a run ({lang})"), None);
    }
    ok(&mut m.report("out", "sv", &[]));
    assert!(siblings(&m.dir).is_empty());
    assert_eq!(files(&out), old);
    eprintln!("full run {full:?}; {seen:#?}");
}

/// `sh -c`: SIGXFSZ ignored (so a write past the limit fails with EFBIG) and a file-size limit
/// of `blocks` × 512 bytes, then the command.
fn limited(blocks: u32, cmd: &Command) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
        ))
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(d) = cmd.get_current_dir() {
        c.current_dir(d);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c
}

#[test]
fn a_file_size_limit_fails_naming_the_file_and_leaves_out_unchanged() {
    let m = Month::new(2_000);
    ok(&mut m.report("out", "sv", &[]));
    let out = m.dir.join("out");
    let before = files(&out);
    let biggest = before.values().map(Vec::len).max().unwrap();
    // Room for the small files, not for the report itself.
    let blocks = (biggest / 512 / 2) as u32;
    let o = limited(blocks, &m.report("out", "en", &[]))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("cannot write report.") && err.contains("File too large"),
        "{err}"
    );
    assert!(err.contains("is unchanged"), "{err}");
    assert_eq!(files(&out), before);
    assert!(siblings(&m.dir).is_empty());
}

/// A tmpfs of a few hundred KiB, unmounted when dropped.
struct SmallFs(PathBuf);

impl SmallFs {
    fn mount(at: &Path, size: &str) -> Result<SmallFs, String> {
        std::fs::create_dir_all(at).unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(String::from_utf8_lossy(&o.stderr).into_owned());
        }
        Ok(SmallFs(at.to_path_buf()))
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_file_system_fails_naming_the_file_and_leaves_out_unchanged() {
    let m = Month::new(2_000);
    let fs = match SmallFs::mount(&m.dir.join("small"), "256k") {
        Ok(fs) => fs,
        Err(e) => {
            eprintln!("SKIPPED: cannot mount a small tmpfs here (needs root): {e}");
            return;
        }
    };
    // The figures fit; the report (PDF and HTML as well) does not.
    ok(&mut m.report("small/out", "sv", &["--format", "json"]));
    let out = fs.0.join("out");
    let before = files(&out);
    let o = m.report("small/out", "sv", &[]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("cannot write report.") && err.contains("No space left on device"),
        "{err}"
    );
    assert!(err.contains("small/out is unchanged"), "{err}");
    assert_eq!(files(&out), before);
    assert!(siblings(&fs.0).is_empty());
}

#[test]
fn out_that_cannot_be_written_is_an_error_before_reading_inputs() {
    let m = Month::new(200);
    std::fs::write(m.dir.join("plain"), "a file").unwrap();
    for (out, says) in [
        (
            "plain/out",
            "cannot create the parent folder of --out plain/out",
        ),
        ("plain", "exists and is not a folder"),
        ("/proc/slareport-out", "cannot create the lock file"),
    ] {
        let o = m.report(out, "sv", &[]).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{out}: {}", text(&o));
        assert!(err.contains(says), "{out}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(m.dir.join("plain")).unwrap(),
        "a file"
    );
}

#[test]
fn a_second_run_fails_clearly_while_one_holds_the_lock() {
    let m = Month::new(200);
    ok(&mut m.report("out", "sv", &[]));
    let before = files(&m.dir.join("out"));
    // Another process holds the lock (as a running report would).
    let lock = std::fs::File::create(m.dir.join(".out.slareport-lock")).unwrap();
    lock.lock().unwrap();
    let o = m.report("out", "en", &[]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("another slareport run is writing") && err.contains(".out.slareport-lock"),
        "{err}"
    );
    assert_eq!(files(&m.dir.join("out")), before);
    drop(lock);
    ok(&mut m.report("out", "en", &[]));
}

#[test]
fn two_concurrent_runs_never_interleave() {
    let m = Month::new(20_000);
    let first = m
        .report("out", "sv", &[])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let second = m.report("out", "en", &[]).output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", text(&first));
    assert_eq!(second.status.code(), Some(1), "{}", text(&second));
    assert!(String::from_utf8_lossy(&second.stderr).contains("another slareport run"));
    assert!(m.verify("out").status.success());
}

#[test]
fn stale_files_refuse_unless_clean() {
    let m = Month::new(200);
    ok(&mut m.report("out", "sv", &[]));
    let out = m.dir.join("out");
    let before = files(&out);
    let o = m
        .report("out", "sv", &["--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains(
            "holds 4 file(s) this run does not write: breaches.csv, report.html, report.pdf, sla-config.toml"
        ) && err.contains("--clean"),
        "{err}"
    );
    assert_eq!(files(&out), before);
    // --clean never discards a report: it says to restate.
    let o = m
        .report("out", "sv", &["--format", "json", "--clean"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("--clean would discard the report") && err.contains("use --restate"),
        "{err}"
    );
    assert_eq!(files(&out), before);
    ok(&mut m.report("out", "sv", &["--format", "json", "--restate"]));
    assert_eq!(
        files(&out).into_keys().collect::<Vec<_>>(),
        ["manifest.json", "metrics.json", "rejected.csv"]
    );
    assert_eq!(
        files(&out.join("versions/1")),
        before,
        "the previous set is kept whole"
    );
    assert!(m.verify("out").status.success());
}

#[test]
fn an_input_appended_to_while_read_is_an_error() {
    let m = Month::new(100_000);
    ok(&mut m.report("out", "sv", &["--format", "json"]));
    let before = files(&m.dir.join("out"));
    let calls = m.dir.join("data/calls.csv");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = done.clone();
    let writer = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(calls)
            .unwrap();
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            f.write_all(b"X1,2026-03-31T10:00:00+02:00,,no_response,1,,\n")
                .unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
    });
    let o = m
        .report("out", "en", &["--format", "json"])
        .output()
        .unwrap();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        err.contains("data/calls.csv: the file changed while it was being read"),
        "{err}"
    );
    assert_eq!(files(&m.dir.join("out")), before);
}
