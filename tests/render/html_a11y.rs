//! report.html against WCAG 2.1 AA in a real browser: headless Chromium loads a
//! copy of the report with axe-core injected, runs the rules tagged wcag2a, wcag2aa, wcag21a
//! and wcag21aa, and writes the results into the DOM, which `--dump-dom` prints. Any
//! violation fails the test. Runs on the sample month in Swedish and English and on a hostile
//! month (HTML and script in ticket summaries, which must stay text).
//!
//! Needs Debian's `chromium` and the npm package `axe-core` (installed by `.ci/run` into
//! `$HOME/.cache/slareport-npm`); without them the test prints why and skips, or fails under
//! `CI=true` ([`crate::skip`]). Overrides:
//! `SLAREPORT_CHROMIUM` (browser binary), `SLAREPORT_AXE` (path to axe.min.js).

use std::path::{Path, PathBuf};
use std::process::Command;

const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SLAREPORT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|b| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(b))
                    .find(|p| p.is_file())
            })
        })
}

fn axe() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SLAREPORT_AXE") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME")?;
    let p = Path::new(&home).join(".cache/slareport-npm/node_modules/axe-core/axe.min.js");
    p.is_file().then_some(p)
}

/// The tools, or None after saying what is missing ([`crate::skip`]: fails under `CI=true`).
pub(crate) fn tools() -> Option<(PathBuf, String)> {
    let Some(chromium) = chromium() else {
        crate::skip::because(
            "html_a11y: no chromium on PATH (.ci/run installs it: apt-get install -y chromium)",
        );
        return None;
    };
    let Some(axe) = axe() else {
        crate::skip::because(
            "html_a11y: axe-core not found in $HOME/.cache/slareport-npm (.ci/run installs it)",
        );
        return None;
    };
    Some((
        chromium,
        std::fs::read_to_string(axe).expect("read axe.min.js"),
    ))
}

/// `report --format html` on the sample data (tickets optionally replaced) into a temp dir.
pub(crate) fn html_report(lang: &str, tickets: Option<&Path>) -> (tempfile::TempDir, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let tickets = tickets.map_or(root.join("sample-data/tickets.csv"), Path::to_path_buf);
    let out = crate::binary::slareport()
        .args([
            "report", "--quiet", "--month", "2026-03", "--format", "html",
        ])
        .args(["--lang", lang, "--calls"])
        .arg(root.join("sample-data/calls.csv"))
        .arg("--tickets")
        .arg(tickets)
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
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("report.html");
    (dir, html)
}

/// What axe found.
pub(crate) struct AxeRun {
    pub(crate) rules_run: usize,
    /// Rules axe could not decide (printed for a human to review, not a failure).
    incomplete: Vec<String>,
    pub(crate) violations: Vec<String>,
    /// `<script` elements in the page after it ran (ours: 2).
    pub(crate) scripts: usize,
}

/// Load `html` with axe injected in headless Chromium and read the results from the DOM.
pub(crate) fn run_axe(chromium: &Path, axe: &str, html: &str, dir: &Path) -> AxeRun {
    let runner = format!(
        "<script>{axe}</script><script>
axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }} }}).then(function (r) {{
  var out = {{
    rules_run: r.passes.length + r.violations.length + r.incomplete.length,
    incomplete: r.incomplete.map(function (v) {{ return v.id; }}),
    violations: r.violations.map(function (v) {{
      return v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' ') + ' ' + n.failureSummary; }}).join(' | ');
    }}),
    scripts: document.querySelectorAll('script').length
  }};
  var pre = document.createElement('pre');
  pre.id = 'axe-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}}, function (e) {{
  var pre = document.createElement('pre');
  pre.id = 'axe-result';
  pre.textContent = JSON.stringify({{ error: String(e) }});
  document.body.appendChild(pre);
}});
</script>"
    );
    let page = html.replacen("</body>", &format!("{runner}</body>"), 1);
    assert_ne!(page, html, "report.html has no </body>");
    let file = dir.join("a11y.html");
    std::fs::write(&file, page).expect("write page");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--virtual-time-budget=60000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| {
        panic!(
            "no axe result in the DOM (chromium exit {:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"axe-result\">".len();
    let end = start + dom[start..].find("</pre>").expect("</pre>");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let v: serde_json::Value = serde_json::from_str(&json).expect("axe JSON");
    assert!(v.get("error").is_none(), "axe failed: {}", v["error"]);
    AxeRun {
        rules_run: v["rules_run"].as_u64().expect("rules_run") as usize,
        violations: v["violations"]
            .as_array()
            .expect("violations")
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect(),
        scripts: v["scripts"].as_u64().expect("scripts") as usize,
        incomplete: v["incomplete"]
            .as_array()
            .expect("incomplete")
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect(),
    }
}

pub(crate) fn check(name: &str, html: &str, dir: &Path, tools: &(PathBuf, String)) -> AxeRun {
    let r = run_axe(&tools.0, &tools.1, html, dir);
    eprintln!(
        "axe-core on {name}: {} rules run (wcag2a, wcag2aa, wcag21a, wcag21aa), {} violations; needs review: {:?}",
        r.rules_run,
        r.violations.len(),
        r.incomplete
    );
    assert!(r.rules_run >= 20, "{name}: only {} rules ran", r.rules_run);
    assert!(
        r.violations.is_empty(),
        "{name}: WCAG 2.1 AA violations:\n{}",
        r.violations.join("\n")
    );
    r
}

/// The harness itself: a page with known violations must report them (else a broken
/// injection would pass every report).
#[test]
fn the_harness_reports_known_violations() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let page = "<!DOCTYPE html><html><head><title>t</title></head><body><main>\
        <img src=\"x.png\"><p style=\"color:#bbb;background:#fff\">low contrast</p></main></body></html>";
    let r = run_axe(&tools.0, &tools.1, page, dir.path());
    let ids: Vec<&str> = r
        .violations
        .iter()
        .map(|v| v.split(' ').next().unwrap_or_default())
        .collect();
    for want in ["html-has-lang", "image-alt", "color-contrast"] {
        assert!(ids.contains(&want), "{want} not reported: {ids:?}");
    }
}

#[test]
fn sample_month_in_swedish_and_english_has_no_wcag_violations() {
    let Some(tools) = tools() else { return };
    for lang in ["sv", "en"] {
        let (dir, html) = html_report(lang, None);
        let expected = if lang == "sv" { "sv-SE" } else { "en-GB" };
        assert!(
            html.contains(&format!("<html lang=\"{expected}\">")),
            "{lang}"
        );
        check(&format!("sample month ({lang})"), &html, dir.path(), &tools);
    }
}

/// Ticket summaries, causes and action plans carrying markup and script.
pub(crate) fn hostile_tickets(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut r = csv::Reader::from_path(root.join("sample-data/tickets.csv")).expect("tickets");
    let headers = r.headers().expect("headers").clone();
    let path = dir.join("hostile-tickets.csv");
    let mut w = csv::Writer::from_path(&path).expect("write");
    w.write_record(&headers).expect("write");
    for (i, rec) in r.records().enumerate() {
        let rec = rec.expect("record");
        let row: Vec<String> = headers
            .iter()
            .zip(rec.iter())
            .map(|(h, v)| match h {
                "summary" => format!(
                    "<script>document.title='x{i}'</script><img src=x onerror=alert({i})>{v}</td></tr></table><h1>"
                ),
                "cause" | "action_plan" if !v.is_empty() => {
                    format!("<a href=\"javascript:alert(1)\">{v}</a><style>*{{color:#fff}}</style>")
                }
                _ => v.to_string(),
            })
            .collect();
        w.write_record(&row).expect("write");
    }
    w.flush().expect("flush");
    path
}

#[test]
fn hostile_month_stays_text_and_has_no_wcag_violations() {
    let Some(tools) = tools() else { return };
    let inputs = tempfile::tempdir().expect("tempdir");
    let tickets = hostile_tickets(inputs.path());
    for lang in ["sv", "en"] {
        let (dir, html) = html_report(lang, Some(&tickets));
        assert!(!html.contains("<script"), "a summary became markup");
        assert!(html.contains("&lt;script&gt;"), "the summary is not shown");
        let r = check(
            &format!("hostile month ({lang})"),
            &html,
            dir.path(),
            &tools,
        );
        assert_eq!(r.scripts, 2, "only the two injected test scripts run");
    }
}

#[test]
fn the_annual_report_meets_wcag_in_both_languages() {
    let Some(tools) = tools() else { return };
    let t = tempfile::tempdir().expect("tempdir");
    for lang in ["sv", "en"] {
        let out = crate::history::small_annual(t.path(), lang, "html");
        let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        check(&format!("annual report ({lang})"), &html, t.path(), &tools);
    }
}
