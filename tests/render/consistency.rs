//! Every figure agrees with every other. A figure printed in more than one place (page 1, its
//! section, a chart's data table, an appendix, metrics.json, breaches.csv) has one value, and
//! every chart's categories add up to the figure they illustrate. The checks read the outputs
//! as a reader gets them (report.html's tables and label–value lists, metrics.json,
//! breaches.csv), so they run as well on a report written by an older version: set
//! `SLAREPORT_CONSISTENCY_DIR=reports/2026-03` to check a report directory on disk
//! (`committed_example_report_is_consistent`).
//!
//! Run on the example month (the sample data, regenerated) and on the fixture month
//! ([`crate::fixture`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::fixture::fixture;
use crate::htmltext::{count, duration_s, parse, text};
use slareport::report::{Lang, ReportModel};

fn kpi(m: &Value, key: &str) -> Option<i64> {
    m["kpis"][key].as_i64()
}

/// Records `what` unless `a` is a figure and equals `b`.
fn eq(bad: &mut Vec<String>, what: &str, a: Option<i64>, b: Option<i64>) {
    if a != b || a.is_none() {
        bad.push(format!("{what}: {a:?} ≠ {b:?}"));
    }
}

/// The contradictions between report.html, metrics.json and breaches.csv, one line each.
fn contradictions(html: &str, metrics: &Value, breaches: &str) -> Vec<String> {
    let h = parse(html);
    let mut bad = Vec::new();

    // Performance: the section's facts, metrics.json, the histogram's data table, the tables
    // per person count and per day, appendix B and breaches.csv.
    let over = kpi(metrics, "perf_over_tmax");
    let calls = kpi(metrics, "perf_calls");
    let section_over = h
        .facts
        .iter()
        .find(|(s, l, _)| s == "performance" && l.contains("12"))
        .map(|(_, _, v)| count(v));
    eq(
        &mut bad,
        "performance section, calls over Tmax vs kpis.perf_over_tmax",
        section_over.flatten(),
        over,
    );
    match h.table("performance-distribution-data") {
        None => bad.push(
            "performance histogram: no data table, its bars cannot be checked against \
             perf_over_tmax"
                .into(),
        ),
        Some(t) => {
            let sum = |head: &str| {
                t.col(head)
                    .map(|c| t.body().filter_map(|r| count(&r[c])).sum::<i64>())
            };
            eq(
                &mut bad,
                "histogram: calls over own Tmax(n) vs kpis.perf_over_tmax",
                sum("Över"),
                over,
            );
            eq(
                &mut bad,
                "histogram: every bar vs kpis.perf_calls",
                sum("Totalt"),
                calls,
            );
            eq(
                &mut bad,
                "histogram: calls within own T90(n) vs performance.within_t90",
                sum("Inom"),
                metrics["performance"]["within_t90"].as_i64(),
            );
        }
    }
    for (id, what) in [
        ("performance-per-persons", "table per person count"),
        ("performance-per-day", "table per day"),
    ] {
        let Some(t) = h.table(id) else {
            bad.push(format!("{what}: missing"));
            continue;
        };
        let sum = |head: &str| {
            t.col(head)
                .map(|c| t.body().filter_map(|r| count(&r[c])).sum::<i64>())
        };
        eq(
            &mut bad,
            &format!("{what}: calls vs kpis.perf_calls"),
            sum("Anrop"),
            calls,
        );
        eq(
            &mut bad,
            &format!("{what}: over Tmax vs kpis.perf_over_tmax"),
            sum("Över"),
            over,
        );
    }
    // breaches.csv lists every call over Tmax up to the evidence cap of 1000.
    let csv_calls = breaches.lines().filter(|l| l.starts_with("call,")).count() as i64;
    eq(
        &mut bad,
        "breaches.csv: rows of calls over Tmax vs kpis.perf_over_tmax (capped at 1000)",
        Some(csv_calls),
        over.map(|o| o.min(1000)),
    );
    for (label, key) in [
        (
            "Besvarade anrop utan svarstidpunkt",
            "answered_without_time",
        ),
        ("Anrop med fler än", "invalid_persons"),
        (
            "Besvarade anrop inom öppettid utan svarstidpunkt",
            "answered_without_time",
        ),
        (
            "Besvarade anrop inom öppettid med fler än",
            "invalid_persons",
        ),
    ] {
        let want = metrics["performance"][key].as_i64();
        for section in ["performance", "appendix-quality"] {
            if let Some(v) = h.fact(section, label) {
                eq(&mut bad, &format!("{section}: {label}"), count(v), want);
            }
        }
    }
    // A count of calls states its scope (the performance counts are of open time only).
    for (s, l, _) in &h.facts {
        if (l.contains("fler än") || l.contains("utan svarstidpunkt"))
            && !(l.contains("öppettid") || l.contains("hela dygnet"))
        {
            bad.push(format!("{s}: \"{l}\" does not say which calls it counts"));
        }
    }

    // Tickets: per-priority tables, facts, breach lists, metrics.json and breaches.csv.
    for area in ["incidents", "problems"] {
        for measure in ["response", "resolution"] {
            let key = format!("{area}_{measure}_breaches");
            let want = kpi(metrics, &key);
            if let Some(t) = h.table(&format!("{area}-{measure}-per-priority")) {
                let sum = |head: &str| {
                    t.col(head)
                        .map(|c| t.body().filter_map(|r| count(&r[c])).sum::<i64>())
                };
                eq(
                    &mut bad,
                    &format!("{area} {measure} per priority: outside vs {key}"),
                    sum("Utanför"),
                    want,
                );
                eq(
                    &mut bad,
                    &format!("{area} {measure} per priority: resolved vs kpis"),
                    sum("Åtgärdade"),
                    kpi(metrics, &format!("{area}_resolved")),
                );
                // The max of each priority is the largest time of that priority's tickets,
                // and says how many were never started.
                if let Some(cmax) = t.col("Max") {
                    for r in t.body() {
                        let p = count(&r[0]);
                        let ts: Vec<&Value> = metrics[area]["tickets"]
                            .as_array()
                            .map(|a| a.iter().filter(|x| x["priority"].as_i64() == p).collect())
                            .unwrap_or_default();
                        let field = format!("{measure}_ms");
                        let never = ts.iter().filter(|x| x[&field].is_null()).count();
                        let max_s = ts
                            .iter()
                            .filter_map(|x| x[&field].as_i64())
                            .max()
                            .map(|ms| ms / 1000);
                        // Only where the list is the complete evidence for the priority.
                        let complete =
                            t.col("Åtgärdade").and_then(|c| count(&r[c])) == Some(ts.len() as i64);
                        if let (Some(m), true) = (max_s, complete) {
                            eq(
                                &mut bad,
                                &format!(
                                    "{area} {measure} priority {p:?}: max vs the tickets listed"
                                ),
                                duration_s(&r[cmax]),
                                Some(m),
                            );
                        }
                        if never > 0 && !r[cmax].contains(&format!("+{never}")) {
                            bad.push(format!(
                                "{area} {measure} priority {p:?}: max \"{}\" leaves out {never} ticket(s) never started without saying so",
                                r[cmax]
                            ));
                        }
                    }
                }
            }
            let csv_rows = breaches
                .lines()
                .filter(|l| {
                    l.starts_with(&format!("{},", &area[..area.len() - 1]))
                        && l.split(',').nth(3) == Some(measure)
                })
                .count() as i64;
            eq(
                &mut bad,
                &format!("breaches.csv {area} {measure} rows vs {key}"),
                Some(csv_rows),
                want,
            );
        }
        // Every shown duration equals the difference of the shown times: the list of resolved
        // tickets shows each ticket's measured time to the second it was measured to.
        if let Some(t) = h.table(&format!("{area}-list")) {
            let (Some(cid), Some(cres)) = (t.col("Id"), t.col("Åtgärdstid")) else {
                continue;
            };
            for r in t.body() {
                let id = &r[cid];
                let ticket = metrics[area]["tickets"]
                    .as_array()
                    .and_then(|a| a.iter().find(|x| x["ticket_id"].as_str() == Some(id)));
                if let Some(ms) = ticket.and_then(|x| x["resolution_ms"].as_i64()) {
                    eq(
                        &mut bad,
                        &format!("{area} {id}: resolution time shown vs measured (seconds)"),
                        duration_s(&r[cres]),
                        Some(ms / 1000),
                    );
                }
            }
        }
    }

    // Page 1: each summary row with a target against metrics.json's targets, in order; the
    // verdict against the count of targets missed.
    match h.table("summary") {
        None => bad.push("page 1: no summary table".into()),
        Some(t) => {
            let (Some(ct), Some(ca)) = (t.col("Mål"), t.col("Utfall")) else {
                bad.push("page 1: summary without Mål/Utfall".into());
                return bad;
            };
            let rows: Vec<&Vec<String>> = t.body().filter(|r| r[ct] != "–").collect();
            let targets = metrics["targets"].as_array().cloned().unwrap_or_default();
            if rows.len() != targets.len() {
                bad.push(format!(
                    "page 1: {} rows with a target, metrics.json has {} targets",
                    rows.len(),
                    targets.len()
                ));
            }
            for (r, tg) in rows.iter().zip(&targets) {
                let key = tg["key"].as_str().unwrap_or("");
                let Some(actual) = tg["actual"].as_f64() else {
                    continue;
                };
                let shown = &r[ca];
                let ok = if shown.contains('%') {
                    // Truncated to two decimals.
                    let want = (actual * 10_000.0).floor() as i64;
                    count(&shown.replace([',', '.'], "")) == Some(want)
                } else if shown.contains(':') {
                    // Downtime in h:mm, rounded up.
                    duration_s(shown).map(|s| s / 60) == Some(((actual as i64) + 59) / 60)
                } else {
                    count(shown) == Some(actual as i64)
                };
                if !ok {
                    bad.push(format!(
                        "page 1: {key} shows \"{shown}\", metrics.json {actual}"
                    ));
                }
                let section_value = match key {
                    "perf_over_tmax" => section_over.flatten(),
                    _ => None,
                };
                if let Some(v) = section_value {
                    eq(
                        &mut bad,
                        &format!("page 1 vs section: {key}"),
                        count(shown),
                        Some(v),
                    );
                }
            }
            let missed = targets
                .iter()
                .filter(|t| t["met"] == Value::Bool(false))
                .count() as i64;
            let verdict = html
                .split("<p class=\"verdict")
                .nth(1)
                .map(|v| text(&v[v.find('>').unwrap_or(0) + 1..v.find("</p>").unwrap_or(0)]));
            match verdict {
                Some(v) if missed > 0 => eq(
                    &mut bad,
                    "page 1 verdict: targets missed",
                    count(&v),
                    Some(missed),
                ),
                Some(_) => {}
                None => bad.push("page 1: no verdict".into()),
            }
        }
    }

    // Coverage: the rule printed is the rule followed. "Ja" only when the span shown reaches
    // the month's first and last day; "Nej" exactly when metrics.json says the input does not
    // cover the month.
    if let Some(t) = h.table("sources") {
        let month = metrics["month"].as_str().unwrap_or("");
        let first = format!("{month}-01");
        for r in t.body() {
            let (Some(span), Some(covers)) = (r.get(2), r.get(3)) else {
                continue;
            };
            let mut dates = span.split(" – ");
            let (a, b) = (dates.next().unwrap_or(""), dates.next().unwrap_or(""));
            let whole =
                a <= first.as_str() && b.get(..7) >= Some(month) && b >= last_day(month).as_str();
            if covers.contains("Ja") && !whole {
                bad.push(format!(
                    "page 2 coverage: {} \"{covers}\" with span {span}, which does not hold the whole month",
                    r[0]
                ));
            }
        }
    }

    // Reconciliation: a discrepancy already excluded by a correction is not "to be investigated".
    if let Some(t) = h.table("reconciliation") {
        let open = t
            .body()
            .filter(|r| {
                !r.iter()
                    .any(|c| c.contains("undantaget") || c.contains("excluded"))
            })
            .count();
        let says_investigate = h.notes.iter().any(|n| {
            n.contains("avvikelserna ovan ska utredas")
                || n.contains("discrepancies above need follow-up")
        });
        if open == 0 && t.body().count() > 0 && says_investigate {
            bad.push("appendix D: says the discrepancies are to be investigated, but corrections excluded every one".into());
        }
    }
    bad
}

/// The last day of `YYYY-MM` as `YYYY-MM-DD`.
fn last_day(month: &str) -> String {
    let (y, m): (i32, u32) = (
        month.get(..4).and_then(|x| x.parse().ok()).unwrap_or(1970),
        month.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1),
    );
    let next = if m == 12 {
        chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|d| d.pred_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn check_dir(dir: &Path) -> Vec<String> {
    let read =
        |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let metrics: Value = serde_json::from_str(&read("metrics.json")).expect("metrics.json");
    contradictions(&read("report.html"), &metrics, &read("breaches.csv"))
}

fn example_report() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::binary::slareport()
        .args([
            "report",
            "--quiet",
            "--month",
            "2026-03",
            "--format",
            "html,json,csv",
        ])
        .arg("--calls")
        .arg(root.join("sample-data/calls.csv"))
        .arg("--tickets")
        .arg(root.join("sample-data/tickets.csv"))
        .arg("--changes")
        .arg(root.join("sample-data/changes.csv"))
        .arg("--corrections")
        .arg(root.join("sample-data/corrections.csv"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .expect("run slareport");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = dir.path().to_path_buf();
    (dir, p)
}

#[test]
fn example_month_figures_agree_everywhere() {
    let (_keep, dir) = example_report();
    let bad = check_dir(&dir);
    assert!(bad.is_empty(), "contradictions:\n{}", bad.join("\n"));
}

#[test]
fn fixture_month_figures_agree_everywhere() {
    let fx = fixture();
    let model =
        ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, Lang::Sv).unwrap();
    let html = String::from_utf8(slareport::render::html(&model).unwrap()).unwrap();
    let metrics: Value =
        serde_json::from_slice(&slareport::render::metrics_json(&fx.metrics).unwrap()).unwrap();
    let breaches = String::from_utf8(slareport::render::breaches_csv(&model).unwrap()).unwrap();
    let bad = contradictions(&html, &metrics, &breaches);
    assert!(bad.is_empty(), "contradictions:\n{}", bad.join("\n"));
}

/// The example report committed under reports/ (or the directory named by
/// `SLAREPORT_CONSISTENCY_DIR`): fails until it is regenerated by a version whose figures
/// agree.
#[test]
fn committed_example_report_is_consistent() {
    let dir = std::env::var_os("SLAREPORT_CONSISTENCY_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/2026-03"),
        PathBuf::from,
    );
    let bad = check_dir(&dir);
    assert!(
        bad.is_empty(),
        "{} contradiction(s) in {}:\n{}",
        bad.len(),
        dir.display(),
        bad.join("\n")
    );
}

/// Page 1 of the printed example month holds the summary of every service level and the
/// verdict, and names both the agreement document's revision and the rule set's version.
/// Uses `pdftotext` (poppler-utils); skipped with a message without it.
#[test]
fn page_one_holds_summary_verdict_and_both_versions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::binary::slareport()
        .args([
            "report", "--quiet", "--month", "2026-03", "--format", "pdf,json",
        ])
        .arg("--calls")
        .arg(root.join("sample-data/calls.csv"))
        .arg("--tickets")
        .arg(root.join("sample-data/tickets.csv"))
        .arg("--changes")
        .arg(root.join("sample-data/changes.csv"))
        .arg("--corrections")
        .arg(root.join("sample-data/corrections.csv"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .expect("run slareport");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page1 = match Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(dir.path().join("report.pdf"))
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => {
            crate::skip::because("page 1 check: pdftotext (poppler-utils) is not installed");
            return;
        }
    };
    let page1 = page1.split_whitespace().collect::<Vec<_>>().join(" ");
    let metrics: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("metrics.json")).expect("metrics.json"),
    )
    .expect("metrics.json");
    let targets = metrics["targets"].as_array().expect("targets");
    let missed = targets
        .iter()
        .filter(|t| t["met"] == Value::Bool(false))
        .count();
    // Targets not measured count neither as met nor as missed (M11.2).
    let measured = targets.iter().filter(|t| !t["met"].is_null()).count();
    let verdict = format!("{missed} av {measured} servicenivåer uppfylldes inte.");
    for want in [
        verdict.as_str(),
        "Sammanfattning: servicenivåer",
        "Leveransprecision",
        "Avtalets dokumentversion",
        "version 1.1 (2023-01-17)",
        "SSBTEK 2026.1 · SHA-256",
    ] {
        assert!(page1.contains(want), "page 1 lacks \"{want}\":\n{page1}");
    }
}
