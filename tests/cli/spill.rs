//! A big call log's duplicate rule and rejects go to disk (M2.9, M2.7): forced onto that path
//! after a few rows (`SLAREPORT_SPILL_ROWS`), a report has the same bytes in every file as on
//! the in-memory path, with duplicates, conflicting copies and own rejects across two files.

use std::path::Path;

fn sample(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

/// Every file of a report folder, by name.
fn folder(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn forced_spill_gives_the_same_report() {
    let tmp = tempfile::tempdir().unwrap();
    let log = std::fs::read_to_string(sample("calls.csv")).unwrap();
    let mut lines = log.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    // A second file: identical copies, conflicting copies (another person count), rows
    // rejected by their own validation (with and without an id that occurs elsewhere).
    let mut second = vec![header.to_string()];
    for (i, r) in rows.iter().take(3000).enumerate() {
        let mut f: Vec<String> = r.split(',').map(str::to_string).collect();
        match i % 5 {
            0 => {}
            1 => f[4] = "3".into(),
            2 => f[4] = "0".into(),
            3 => f[0] = String::new(),
            _ => f[0] = format!("X{i}"),
        }
        second.push(f.join(","));
    }
    let b = tmp.path().join("calls-b.csv");
    std::fs::write(&b, second.join("\n") + "\n").unwrap();
    let run = |out: &str, spill: Option<&str>| {
        let out = tmp.path().join(out);
        let mut cmd = crate::binary::slareport();
        cmd.env_remove("SLAREPORT_SPILL_ROWS");
        if let Some(n) = spill {
            cmd.env("SLAREPORT_SPILL_ROWS", n);
        }
        let o = cmd
            .args(["--quiet", "report", "--month", "2026-03", "--calls"])
            .arg(sample("calls.csv"))
            .arg("--calls")
            .arg(&b)
            .args(["--tickets", &sample("tickets.csv")])
            .args(["--changes", &sample("changes.csv")])
            .args(["--format", "json", "--format", "csv", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        folder(&out)
    };
    let held = run("held", None);
    let rejected = String::from_utf8_lossy(&held["rejected.csv"]).into_owned();
    assert!(rejected.contains("conflicting duplicate") && rejected.contains(",duplicate\r\n"));
    assert!(rejected.lines().count() > 2000, "a few thousand rejects");
    for n in ["0", "7", "100"] {
        let spilled = run(&format!("spilled-{n}"), Some(n));
        assert_eq!(
            spilled.keys().collect::<Vec<_>>(),
            held.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &held {
            assert!(
                spilled[name] == *bytes,
                "{name} differs with the spill at {n} rows"
            );
        }
    }
}
