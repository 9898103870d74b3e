//! report.html against the Nu HTML checker (the W3C validator, npm `vnu-jar`, run with Java):
//! 0 errors on the sample month in Swedish and English and on a hostile month (markup and
//! script in ticket summaries, causes and action plans). The checker reports what axe-core's
//! WCAG rules do not, such as a skipped heading level or invalid nesting.
//!
//! Needs `java` (Debian `default-jre-headless`) and `vnu.jar` from the npm package `vnu-jar` in
//! `$HOME/.cache/slareport-npm`, both installed by `.ci/run`; without them the test prints why
//! and skips, or fails under `CI=true` ([`crate::skip`]). Overrides: `SLAREPORT_JAVA` (the java
//! binary), `SLAREPORT_VNU` (path to vnu.jar).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::html_a11y::{hostile_tickets, html_report};

/// `java` and `vnu.jar`, or None after saying which is missing.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let java =
        std::env::var_os("SLAREPORT_JAVA").map_or_else(|| PathBuf::from("java"), PathBuf::from);
    if Command::new(&java).arg("-version").output().is_err() {
        crate::skip::because(
            "html_nu: no java (.ci/run installs it: apt-get install -y default-jre-headless)",
        );
        return None;
    }
    let jar = match std::env::var_os("SLAREPORT_VNU") {
        Some(p) => PathBuf::from(p),
        None => Path::new(&std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/slareport-npm/node_modules/vnu-jar/build/dist/vnu.jar"),
    };
    if !jar.is_file() {
        crate::skip::because(&format!(
            "html_nu: {} not found (.ci/run installs the npm package vnu-jar)",
            jar.display()
        ));
        return None;
    }
    Some((java, jar))
}

/// The checker's errors per file (one JVM for all of them), as "file:line: message".
fn errors(tools: &(PathBuf, PathBuf), files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let out = Command::new(&tools.0)
        .arg("-jar")
        .arg(&tools.1)
        .args(["--errors-only", "--format", "json"])
        .args(files)
        .output()
        .expect("run the Nu HTML checker");
    // The report goes to stderr; exit 1 means "errors found", anything else a broken run.
    let json = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "vnu exit {:?}: {json}",
        out.status.code()
    );
    let v: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("vnu output is not JSON ({e}): {json}"));
    let mut found = Vec::new();
    for m in v["messages"].as_array().expect("messages") {
        let kind = m["type"].as_str().unwrap_or_default();
        if kind == "info" {
            continue;
        }
        let url = m["url"].as_str().unwrap_or_default();
        let file = files
            .iter()
            .find(|f| url.ends_with(&*f.to_string_lossy()))
            .cloned()
            .unwrap_or_else(|| PathBuf::from(url));
        found.push((
            file,
            format!(
                "line {}: {kind}: {}",
                m["lastLine"].as_u64().unwrap_or_default(),
                m["message"].as_str().unwrap_or_default()
            ),
        ));
    }
    found
}

#[test]
fn reports_have_no_nu_html_checker_errors() {
    let Some(tools) = tools() else { return };
    let work = tempfile::tempdir().expect("tempdir");
    // The harness itself: a page that skips a heading level must be reported, else a broken
    // run would pass every report.
    let known_bad = work.path().join("known-bad.html");
    std::fs::write(
        &known_bad,
        "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head>\
         <body><h1>a</h1><h3>b</h3></body></html>",
    )
    .expect("write");
    let mut files = vec![known_bad.clone()];
    let mut dirs = Vec::new();
    for (name, lang, hostile) in [
        ("sample-sv", "sv", false),
        ("sample-en", "en", false),
        ("hostile-sv", "sv", true),
    ] {
        let tickets = hostile.then(|| hostile_tickets(work.path()));
        let (dir, html) = html_report(lang, tickets.as_deref());
        let file = work.path().join(format!("{name}.html"));
        std::fs::write(&file, html).expect("write");
        files.push(file);
        dirs.push(dir);
    }
    let found = errors(&tools, &files);
    assert!(
        found
            .iter()
            .any(|(f, m)| f == &known_bad && m.contains("heading")),
        "the checker did not report a skipped heading level: {found:?}"
    );
    let wrong: Vec<String> = found
        .iter()
        .filter(|(f, _)| f != &known_bad)
        .map(|(f, m)| {
            format!(
                "{}: {m}",
                f.file_name().unwrap_or_default().to_string_lossy()
            )
        })
        .collect();
    eprintln!(
        "Nu HTML checker on {} reports: {} errors",
        files.len() - 1,
        wrong.len()
    );
    assert!(
        wrong.is_empty(),
        "Nu HTML checker errors:\n{}",
        wrong.join("\n")
    );
}
