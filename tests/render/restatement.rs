//! `report --restate`: the sample month made with its early corrections, then restated twice
//! (a late correction, then a changed config). Each previous set moves whole into
//! `versions/N/` and stays verifiable from where the reports were made; page 1 says which
//! version the report replaces, of which date, and why; manifest.json and metrics.json record
//! the replaced version's manifest SHA-256, so the versions form a chain.

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    crate::binary::slareport()
        .current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs")
}

fn must(o: Output) -> Output {
    assert!(
        o.status.success(),
        "exit {:?}\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn sha(p: &Path) -> String {
    Sha256::digest(std::fs::read(p).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// `in/` holds the sample's inputs, its corrections split into an early file (the first two)
/// and a late one (the third, arriving after the report was sent).
fn inputs(dir: &Path) {
    let s = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for f in ["calls.csv", "tickets.csv", "changes.csv"] {
        std::fs::copy(s.join(f), dir.join("in").join(f)).unwrap();
    }
    let corr = std::fs::read_to_string(s.join("corrections.csv")).unwrap();
    let lines: Vec<&str> = corr.lines().collect();
    assert_eq!(lines.len(), 4, "the sample has three corrections");
    std::fs::write(dir.join("in/early.csv"), lines[..3].join("\n") + "\n").unwrap();
    std::fs::write(
        dir.join("in/late.csv"),
        [lines[0], lines[3]].join("\n") + "\n",
    )
    .unwrap();
}

fn report(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--month",
        "2026-03",
        "--format",
        "pdf,html,json,csv",
        "--calls",
        "in/calls.csv",
        "--tickets",
        "in/tickets.csv",
        "--changes",
        "in/changes.csv",
        "--out",
        "arkiv/2026-03",
        "--corrections",
        "in/early.csv",
    ];
    args.extend(extra);
    slareport(dir, &args)
}

#[test]
fn restatement_chain_keeps_every_version_verifiable() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    inputs(dir);
    must(report(dir, &[]));
    let out = dir.join("arkiv/2026-03");
    let v1_manifest = sha(&out.join("manifest.json"));
    assert!(json(&out.join("manifest.json")).get("restates").is_none());

    // A late correction: restated.
    must(report(dir, &["in/late.csv", "--restate"]));
    assert_eq!(sha(&out.join("versions/1/manifest.json")), v1_manifest);
    let m = json(&out.join("manifest.json"));
    let r = &m["restates"];
    assert_eq!(r["replaces"], 1);
    assert_eq!(r["folder"], "versions/1");
    assert_eq!(r["manifest_sha256"], v1_manifest.as_str());
    assert_eq!(r["report_date"], "2026-04-03");
    assert_eq!(r["corrections_new"], serde_json::json!(["COR-202603-03"]));
    assert_eq!(r["config_changed"], false);
    assert_eq!(json(&out.join("metrics.json"))["restates"], *r);
    let html = std::fs::read_to_string(out.join("report.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    let said = format!(
        "Denna rapport ersätter version 1 av den 2026-04-03, som finns kvar i versions/1/ \
         (manifestets SHA-256 {}). Skäl: rättelser som tillkommit sedan dess: COR-202603-03.",
        &v1_manifest[..16]
    );
    assert!(html.contains(&said), "page 1 does not say {said}");
    // Page 1 of the PDF says it too, before the month's summary.
    if let Ok(o) = Command::new("pdftotext")
        .args(["-l", "1"])
        .arg(out.join("report.pdf"))
        .arg("-")
        .output()
    {
        let text = String::from_utf8_lossy(&o.stdout).replace('\n', " ");
        let at = text.find("Denna rapport ersätter version 1 av den 2026-04-03");
        assert!(at.is_some(), "{text}");
        assert!(at < text.find("Månadens sammanfattning"), "{text}");
    }

    // A changed rule: restated again; version 2 is the first restatement, kept whole.
    let cfg = String::from_utf8_lossy(&must(slareport(dir, &["config", "--print"])).stdout)
        .replace("min_failed_calls = 3", "min_failed_calls = 4");
    std::fs::write(dir.join("sla.toml"), cfg).unwrap();
    let v2_manifest = sha(&out.join("manifest.json"));
    must(report(
        dir,
        &[
            "in/late.csv",
            "--config",
            "sla.toml",
            "--restate",
            "--lang",
            "en",
        ],
    ));
    let m = json(&out.join("manifest.json"));
    assert_eq!(m["restates"]["replaces"], 2);
    assert_eq!(m["restates"]["manifest_sha256"], v2_manifest.as_str());
    assert_eq!(m["restates"]["config_changed"], true);
    assert_eq!(m["restates"]["corrections_new"], serde_json::json!([]));
    // The chain: each manifest names its predecessor's.
    let v2 = json(&out.join("versions/2/manifest.json"));
    assert_eq!(v2["restates"]["manifest_sha256"], v1_manifest.as_str());
    let html = std::fs::read_to_string(out.join("report.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    assert!(
        html.contains("This report replaces version 2 of 2026-04-03, kept in versions/2/")
            && html.contains("Why: the SLA config changed."),
        "{html}"
    );

    // Every version verifies, from where the reports were made (their recorded paths are
    // relative to it), as folders and from their PDFs alone.
    for v in [
        "arkiv/2026-03",
        "arkiv/2026-03/versions/1",
        "arkiv/2026-03/versions/2",
        "arkiv/2026-03/versions/1/report.pdf",
        "arkiv/2026-03/report.pdf",
    ] {
        let o = must(slareport(dir, &["verify", v]));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("IDENTICAL"),
            "{v}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    // diff between the versions names the late correction.
    let o = slareport(
        dir,
        &[
            "diff",
            "arkiv/2026-03/versions/1",
            "arkiv/2026-03/versions/2",
        ],
    );
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stdout).contains("+ COR-202603-03"));
}
