//! report.html on a phone: loaded at 390 CSS pixels wide (in an iframe of that width inside a
//! headless Chromium page, since a headless window cannot be narrower than 500 px), no element
//! reaches outside the viewport unless a box that scrolls inside itself (a wide table, a chart)
//! holds it, the page itself does not scroll sideways, and no chart's text is drawn smaller
//! than 9 px. Also at 1400 px. Needs Debian's `chromium` (`SLAREPORT_CHROMIUM` overrides);
//! without it the test skips locally and fails under CI (see `tests/support/skip.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run in the report's page: measures, then posts the result to the wrapper page.
const PROBE: &str = r#"<script>
window.addEventListener('load', function () {
  var vw = window.innerWidth;
  var wide = [];
  function clipped(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') {
        var r = p.getBoundingClientRect();
        if (r.right <= vw + 1 && r.left >= -1) return true;
      }
    }
    return false;
  }
  document.querySelectorAll('body *').forEach(function (el) {
    if (el.id === 'reflow-result') return;
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    if ((r.right > vw + 1 || r.left < -1) && !clipped(el)) {
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
    }
  });
  var small = [];
  document.querySelectorAll('.chart svg').forEach(function (svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : svg.width.baseVal.value;
    var scale = svg.getBoundingClientRect().width / vb;
    var min = 1e9;
    svg.querySelectorAll('text').forEach(function (t) {
      var fs = parseFloat(getComputedStyle(t).fontSize);
      if (fs * scale < min) min = fs * scale;
    });
    if (min < 1e9) small.push([svg.closest('figure') ? svg.closest('figure').id : '?', Math.round(min * 10) / 10]);
  });
  parent.postMessage(JSON.stringify({ viewport: vw, page: document.documentElement.scrollWidth, wide: wide.slice(0, 20), wide_count: wide.length, chart_text_px: small }), '*');
});
</script>
"#;

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

/// The measurement of `html` at `width` CSS pixels.
fn measure(chromium: &Path, html: &str, width: u32, dir: &Path) -> serde_json::Value {
    let page = html.replacen("</body>", &format!("{PROBE}</body>"), 1);
    assert_ne!(page, html, "report.html has no </body>");
    std::fs::write(dir.join("page.html"), page).expect("write page");
    let wrapper = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"page.html\" width=\"{width}\" \
         height=\"844\" style=\"border:0\"></iframe><script>window.addEventListener('message', \
         function (e) {{ var pre = document.createElement('pre'); pre.id = 'reflow-result'; \
         pre.textContent = e.data; document.body.appendChild(pre); }});</script></body></html>"
    );
    let file = dir.join("wrapper.html");
    std::fs::write(&file, wrapper).expect("write wrapper");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--window-size=1500,900",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let tag = "<pre id=\"reflow-result\">";
    let start = dom
        .find(tag)
        .unwrap_or_else(|| panic!("no reflow result: {}", String::from_utf8_lossy(&out.stderr)))
        + tag.len();
    let end = start + dom[start..].find("</pre>").expect("</pre>");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&json).expect("reflow JSON")
}

#[test]
fn every_value_fits_a_phone_and_chart_text_stays_legible() {
    let Some(chromium) = chromium() else {
        crate::skip::because("html_reflow: no chromium on PATH (apt-get install -y chromium)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::binary::slareport()
        .args([
            "report", "--quiet", "--month", "2026-03", "--format", "html",
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
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("report.html");
    for width in [390, 1400] {
        let r = measure(&chromium, &html, width, dir.path());
        eprintln!("html_reflow at {width} px: {r}");
        assert_eq!(r["viewport"].as_u64(), Some(u64::from(width)), "{r}");
        assert!(
            r["page"].as_u64().unwrap_or(u64::MAX) <= u64::from(width),
            "the page scrolls sideways at {width} px: {r}"
        );
        assert_eq!(
            r["wide_count"].as_u64(),
            Some(0),
            "elements wider than the viewport at {width} px: {}",
            r["wide"]
        );
        for c in r["chart_text_px"].as_array().expect("charts") {
            let px = c[1].as_f64().unwrap_or(0.0);
            assert!(px >= 9.0, "chart text {px} px at {width} px: {c}");
        }
    }
}
