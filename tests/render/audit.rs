//! Auditability, driving the binary on the committed sample month:
//! - byte-identical outputs when run twice, from another working directory, with TZ, LANG and
//!   LC_ALL changed, and with the input files listed in another order;
//! - the PDF's date comes from the data, not the wall clock or the environment;
//! - manifest.json records every input (path as given, size, rows, SHA-256), the config, the
//!   tool and the outputs' hashes;
//! - `verify` says IDENTICAL (exit 0) on an untouched report, from anywhere with --root, and
//!   DIFFERENT (exit 4) naming what changed after an output, a kpi or an input was tampered with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use sha2::{Digest, Sha256};

const SAMPLE: [&str; 4] = ["calls.csv", "tickets.csv", "changes.csv", "corrections.csv"];

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// A working directory holding a copy of sample-data/ (as `sample-data/`).
fn workdir(parent: &Path, name: &str) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(dir.join("sample-data")).unwrap();
    for f in SAMPLE {
        std::fs::copy(sample_dir().join(f), dir.join("sample-data").join(f)).unwrap();
    }
    dir
}

fn slareport(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = crate::binary::slareport();
    cmd.current_dir(cwd).arg("--quiet").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("slareport runs")
}

fn must(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const INPUTS: [&str; 8] = [
    "--calls",
    "sample-data/calls.csv",
    "--tickets",
    "sample-data/tickets.csv",
    "--changes",
    "sample-data/changes.csv",
    "--corrections",
    "sample-data/corrections.csv",
];

/// `report` for 2026-03 on the sample copy in `cwd`, into `cwd/out`.
fn report(cwd: &Path, out: &str, env: &[(&str, &str)]) -> PathBuf {
    let mut args = vec!["report", "--month", "2026-03"];
    args.extend(INPUTS);
    args.extend(["--out", out]);
    must(slareport(cwd, &args, env));
    cwd.join(out)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn assert_same(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{what}: {name} differs");
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn outputs_are_byte_identical_across_runs_directories_and_environments() {
    let tmp = tempfile::tempdir().unwrap();
    let a = workdir(tmp.path(), "a");
    let base = report(&a, "out", &[]);
    for want in ["manifest.json", "metrics.json", "report.html", "report.pdf"] {
        assert!(base.join(want).is_file(), "{want} not written");
    }

    let again = report(&a, "again", &[]);
    assert_same(&base, &again, "second run");

    let b = workdir(tmp.path(), "elsewhere/b");
    let other = report(&b, "out", &[]);
    assert_same(&base, &other, "another working directory");

    let env = report(
        &a,
        "env",
        &[
            ("TZ", "America/New_York"),
            ("LANG", "de_DE.UTF-8"),
            ("LC_ALL", "sv_SE.UTF-8"),
            ("LC_NUMERIC", "de_DE.UTF-8"),
        ],
    );
    assert_same(&base, &env, "TZ / LANG / LC_ALL changed");

    // The data fixes the PDF's date (the later of the first day after the month and the day
    // the latest applied correction was approved), so neither the wall clock nor
    // SOURCE_DATE_EPOCH moves it.
    let epoch = report(&a, "epoch", &[("SOURCE_DATE_EPOCH", "0")]);
    assert_same(&base, &epoch, "SOURCE_DATE_EPOCH set");
    let pdf = std::fs::read(base.join("report.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("2026-04-03") || text.contains("D:20260403"),
        "the PDF's date should be 2026-04-03 (the sample's corrections were approved then)"
    );
}

#[test]
fn input_files_in_another_order_give_the_same_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The call log split into two files (each with its header).
    let calls = std::fs::read_to_string(sample_dir().join("calls.csv")).unwrap();
    let mut lines = calls.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let (first, second) = rows.split_at(rows.len() / 2);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for (name, part) in [("in/part1.csv", first), ("in/part2.csv", second)] {
        std::fs::write(dir.join(name), format!("{header}\n{}\n", part.join("\n"))).unwrap();
    }
    for f in &SAMPLE[1..] {
        std::fs::copy(sample_dir().join(f), dir.join("in").join(f)).unwrap();
    }
    let run = |calls: [&str; 2], tickets_first: bool, out: &str| {
        let mut args = vec![
            "report", "--month", "2026-03", "--calls", calls[0], calls[1],
        ];
        let rest = [
            "--tickets",
            "in/tickets.csv",
            "--changes",
            "in/changes.csv",
            "--corrections",
            "in/corrections.csv",
        ];
        if tickets_first {
            args.truncate(3);
            args.extend(rest);
            args.extend(["--calls", calls[0], calls[1]]);
        } else {
            args.extend(rest);
        }
        args.extend(["--out", out]);
        must(slareport(dir, &args, &[]));
        dir.join(out)
    };
    let x = run(["in/part1.csv", "in/part2.csv"], false, "x");
    let y = run(["in/part2.csv", "in/part1.csv"], true, "y");
    assert_same(&x, &y, "inputs listed in another order");

    // And the figures are those of the single-file call log.
    let single = report(&workdir(dir, "single"), "out", &[]);
    assert_eq!(
        json(&x.join("metrics.json"))["kpis"],
        json(&single.join("metrics.json"))["kpis"]
    );
}

#[test]
fn manifest_records_inputs_config_tool_and_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let a = workdir(tmp.path(), "a");
    let out = report(&a, "out", &[]);
    let m = json(&out.join("manifest.json"));
    assert_eq!(m["month"], "2026-03");
    assert_eq!(m["lang"], "sv");
    assert_eq!(m["tool"]["name"], "slareport");
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(m["tool"]["tzdb"]
        .as_str()
        .unwrap()
        .starts_with("chrono-tz 20"));
    assert!(!m["tool"]["git_revision"].as_str().unwrap().is_empty());
    assert_eq!(m["config"]["origin"], "embedded:ssbtek");
    assert_eq!(m["config"]["name"], "SSBTEK");
    assert_eq!(m["config"]["sha256"].as_str().unwrap().len(), 64);

    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 4);
    let expected_rows = [
        ("calls", "calls.csv", 30_000),
        ("tickets", "tickets.csv", 27),
        ("changes", "changes.csv", 7),
        ("corrections", "corrections.csv", 3),
    ];
    for (i, (kind, file, rows)) in expected_rows.iter().enumerate() {
        let rec = &inputs[i];
        let bytes = std::fs::read(sample_dir().join(file)).unwrap();
        assert_eq!(rec["input"], *kind);
        assert_eq!(
            rec["path"],
            format!("sample-data/{file}"),
            "the path as given"
        );
        assert_eq!(rec["size_bytes"], bytes.len() as u64);
        assert_eq!(rec["sha256"], sha256(&bytes));
        assert_eq!(rec["rows_read"], *rows);
        assert_eq!(
            rec["rows_used"].as_u64().unwrap() + rec["rows_rejected"].as_u64().unwrap(),
            *rows
        );
    }

    // Every other output file is listed with its hash; manifest.json itself is not, nor is
    // report.pdf, which embeds the manifest: the manifest names it as the archive.
    let outputs = m["outputs"].as_object().unwrap();
    assert_eq!(m["archive"]["file"], "report.pdf");
    for (name, bytes) in files(&out) {
        if name == "manifest.json" || name == "report.pdf" {
            assert!(!outputs.contains_key(&name));
        } else {
            assert_eq!(outputs[&name], sha256(&bytes), "{name}");
        }
    }
}

fn verify(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["verify"];
    all.extend(args);
    let out = slareport(cwd, &all, &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn verify_confirms_an_untouched_report_and_finds_every_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let a = workdir(tmp.path(), "a");
    let out = report(&a, "out", &[]);

    // From the directory the report was made in.
    let (code, stdout, stderr) = verify(&a, &["out"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("IDENTICAL: 4 input hashes confirmed"),
        "{stdout}"
    );

    // From anywhere else, with --root; without it the inputs are not found (exit 1, a hint).
    let dir = out.to_str().unwrap();
    let (code, stdout, _) = verify(tmp.path(), &[dir, "--root", a.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}");
    let (code, _, stderr) = verify(tmp.path(), &[dir]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("sample-data/calls.csv") && stderr.contains("--root"),
        "{stderr}"
    );

    // An output edited after the fact.
    let html = out.join("report.html");
    let original_html = std::fs::read(&html).unwrap();
    let mut edited = original_html.clone();
    edited.extend_from_slice(b"<!-- edited -->\n");
    std::fs::write(&html, &edited).unwrap();
    let (code, stdout, _) = verify(&a, &["out"]);
    assert_eq!(code, Some(4), "{stdout}");
    assert!(stdout.contains("DIFFERENT"), "{stdout}");
    assert!(stdout.contains("report.html"), "{stdout}");
    assert!(
        stdout.contains("changed after the report was written"),
        "{stdout}"
    );
    std::fs::write(&html, &original_html).unwrap();

    // A kpi edited in metrics.json: named with old → new.
    let metrics = out.join("metrics.json");
    let original_metrics = std::fs::read(&metrics).unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&original_metrics).unwrap();
    let incoming = m["kpis"]["calls_incoming"].as_u64().unwrap();
    m["kpis"]["calls_incoming"] = (incoming + 1).into();
    std::fs::write(&metrics, serde_json::to_string_pretty(&m).unwrap() + "\n").unwrap();
    let (code, stdout, _) = verify(&a, &["out"]);
    assert_eq!(code, Some(4), "{stdout}");
    assert!(
        stdout.contains(&format!("calls_incoming: {} → {incoming}", incoming + 1)),
        "{stdout}"
    );
    std::fs::write(&metrics, &original_metrics).unwrap();
    assert_eq!(verify(&a, &["out"]).0, Some(0), "restored");

    // An input changed: a successful call turned into a failure.
    let calls = a.join("sample-data/calls.csv");
    let text = std::fs::read_to_string(&calls).unwrap();
    let changed = text.replacen(",ok,", ",error,", 1);
    assert_ne!(changed, text);
    std::fs::write(&calls, changed).unwrap();
    let (code, stdout, _) = verify(&a, &["out"]);
    assert_eq!(code, Some(4), "{stdout}");
    assert!(
        stdout.contains("calls sample-data/calls.csv: SHA-256"),
        "{stdout}"
    );
    assert!(stdout.contains("calls_answered"), "{stdout}");
}

#[test]
fn verify_without_a_manifest_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = verify(tmp.path(), &["."]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("manifest.json"), "{stderr}");
}

#[test]
fn verify_reloads_a_config_file_by_its_origin_and_checks_its_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let a = workdir(tmp.path(), "a");
    let printed = must(slareport(&a, &["config", "--print"], &[])).stdout;
    std::fs::create_dir_all(a.join("conf")).unwrap();
    std::fs::write(a.join("conf/sla.toml"), &printed).unwrap();
    let mut args = vec!["report", "--month", "2026-03", "--lang", "en"];
    args.extend(INPUTS);
    args.extend([
        "--config",
        "conf/sla.toml",
        "--format",
        "json",
        "--out",
        "out",
    ]);
    must(slareport(&a, &args, &[]));
    let m = json(&a.join("out/manifest.json"));
    assert_eq!(m["config"]["origin"], "conf/sla.toml");
    assert_eq!(m["lang"], "en");

    let (code, stdout, _) = verify(&a, &["out"]);
    assert_eq!(code, Some(0), "{stdout}");

    // The same agreement with a stricter availability target: a different config.
    let text = String::from_utf8(printed).unwrap();
    let stricter = text.replacen("target = 0.9", "target = 0.999", 1);
    assert_ne!(stricter, text);
    std::fs::write(a.join("conf/sla.toml"), stricter).unwrap();
    let (code, stdout, _) = verify(&a, &["out"]);
    assert_eq!(code, Some(4), "{stdout}");
    assert!(
        stdout.contains("config") && stdout.contains("conf/sla.toml: SHA-256"),
        "{stdout}"
    );

    // A config that no longer parses: an error naming it (exit 1).
    std::fs::write(a.join("conf/sla.toml"), "[agreement\n").unwrap();
    let (code, _, stderr) = verify(&a, &["out"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("sla.toml"), "{stderr}");
}
