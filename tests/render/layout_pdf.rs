//! The PDF's layout, checked on the words as a reader sees them: every word's box
//! from `pdftotext -bbox-layout` (poppler-utils), and the check fails when
//! - two words' boxes on a page intersect (one cell's text printed over another's),
//! - two cells' texts ran together into one token (`arb.dagar3,00`, `Genomförd2026-02-06`),
//! - a word leaves the text area (a long id pushed past the right margin).
//!
//! Run on the synthetic fixture month in Swedish and English and on a hostile month made from
//! it: ids of 40 characters and more without a break, free text four times as long with an
//! unbreakable 60-character token, and many times the breaches, tickets, changes, slow calls and
//! rejected rows. Skipped, with the reason printed (failed under `CI=true`), when `pdftotext` is not installed
//! (`.ci/run` installs poppler-utils).

use std::process::Command;

use crate::fixture::{fixture, fixture_with_text, Fixture};
use slareport::report::Lang;
use slareport::report::ReportModel;

/// One word of a page, in PDF points from the top-left corner.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// A page's size and its words.
struct Page {
    width: f64,
    words: Vec<Word>,
}

fn pdftotext_missing() -> Option<String> {
    match Command::new("pdftotext").arg("-v").output() {
        Ok(_) => None,
        Err(e) => Some(format!(
            "layout_pdf: pdftotext (poppler-utils) not available ({e}; .ci/run installs it)"
        )),
    }
}

/// The value of attribute `name` in an XML start tag.
fn attr(tag: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    tag[at..end].parse().ok()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every page and word of `pdf`, read with `pdftotext -bbox-layout`.
fn pages(pdf: &[u8]) -> Vec<Page> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    let out = dir.path().join("words.html");
    std::fs::write(&path, pdf).unwrap();
    let status = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(&path)
        .arg(&out)
        .status()
        .expect("run pdftotext");
    assert!(status.success(), "pdftotext failed: {status}");
    let html = std::fs::read_to_string(&out).unwrap();
    let mut result: Vec<Page> = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..=close];
        if tag.starts_with("<page ") {
            result.push(Page {
                width: attr(tag, "width").unwrap_or(595.0),
                words: Vec::new(),
            });
        } else if tag.starts_with("<word ") {
            let body_end = rest[close..].find("</word>").map_or(close, |e| e + close);
            let text = unescape(&rest[close + 1..body_end]);
            let page = result.len().max(1);
            let w = Word {
                page,
                x0: attr(tag, "xMin").unwrap_or(0.0),
                y0: attr(tag, "yMin").unwrap_or(0.0),
                x1: attr(tag, "xMax").unwrap_or(0.0),
                y1: attr(tag, "yMax").unwrap_or(0.0),
                text,
            };
            if let Some(p) = result.last_mut() {
                p.words.push(w);
            }
        }
        rest = &rest[close + 1..];
    }
    result
}

/// Two words collide when their boxes share height (over a fifth of the smaller word's:
/// lines of one paragraph do not, their boxes are a line pitch apart) and are closer than
/// 1 pt across, or overlap: one cell's text printed over, or run into, the next cell's.
/// Within a line words are a space apart (about 2 pt at the smallest size); cells are 8 pt
/// apart.
fn overprint(a: &Word, b: &Word) -> bool {
    let gap = (b.x0 - a.x1).max(a.x0 - b.x1);
    let h = a.y1.min(b.y1) - a.y0.max(b.y0);
    let hmin = (a.y1 - a.y0).min(b.y1 - b.y0);
    gap < 1.0 && h > 0.2 * hmin
}

/// Whether a token is two cells' texts run together: a unit or word glued to a decimal number
/// (`arb.dagar3,00`, `min50`), a percent sign or closing parenthesis glued to a digit
/// (`%99,5`), a word glued to a date (`Genomförd2026-02-06`) or a time glued to digits
/// (`10:502026`).
fn glued(t: &str) -> Option<&'static str> {
    let c: Vec<char> = t.chars().collect();
    let n = c.len();
    let digits_from = |i: usize| c[i..].iter().take_while(|x| x.is_ascii_digit()).count();
    for i in 0..n {
        // A letter run of 2+ (an optional dot after it) directly followed by a number.
        if c[i].is_alphabetic() && (i + 1 < n) {
            let letters_before = c[..=i]
                .iter()
                .rev()
                .take_while(|x| x.is_alphabetic() || **x == '.')
                .filter(|x| x.is_alphabetic())
                .count();
            let mut j = i + 1;
            if j < n && c[j] == '.' {
                j += 1;
            }
            if letters_before >= 2 && j < n && c[j].is_ascii_digit() {
                let d = digits_from(j);
                let k = j + d;
                // A decimal number: digits, a separator, a digit.
                if k + 1 < n && (c[k] == ',' || c[k] == '.') && c[k + 1].is_ascii_digit() {
                    return Some("a word glued to a decimal number");
                }
                // A date: four digits and a dash.
                if d == 4 && k < n && c[k] == '-' && c[i].is_lowercase() {
                    return Some("a word glued to a date");
                }
            }
        }
        if (c[i] == '%' || c[i] == ')') && i + 1 < n && c[i + 1].is_ascii_digit() {
            return Some("a sign glued to a number");
        }
        if c[i] == ':'
            && i >= 2
            && i + 3 < n
            && c[i - 1].is_ascii_digit()
            && c[i - 2].is_ascii_digit()
            && digits_from(i + 1) >= 3
        {
            return Some("a time glued to digits");
        }
    }
    None
}

/// Every layout defect of `pdf`, described.
fn defects(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for p in pages(pdf) {
        // The template's 18 mm margins, less a little for italic overhang.
        let right_edge = p.width - 18.0 / 25.4 * 72.0 + 2.0;
        for (i, a) in p.words.iter().enumerate() {
            for b in &p.words[i + 1..] {
                if overprint(a, b) {
                    out.push(format!(
                        "page {}: {:?} ({:.1},{:.1}) overprints {:?} ({:.1},{:.1})",
                        a.page, a.text, a.x0, a.y0, b.text, b.x0, b.y0
                    ));
                }
            }
            if let Some(why) = glued(&a.text) {
                out.push(format!("page {}: {:?}: {why}", a.page, a.text));
            }
            if a.x1 > right_edge {
                out.push(format!(
                    "page {}: {:?} ends at {:.1} pt, past the text area ({right_edge:.1})",
                    a.page, a.text, a.x1
                ));
            }
        }
    }
    out
}

fn pdf(fx: &Fixture, lang: Lang) -> Vec<u8> {
    let model =
        ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, lang).unwrap();
    slareport::render::pdf(&model).unwrap()
}

fn assert_clean(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("RENDER_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).unwrap();
    }
    let d = defects(pdf);
    assert!(
        d.is_empty(),
        "{name}: {} layout defects:\n{}",
        d.len(),
        d.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// A hostile text: ids (no space) grow to 40+ characters without a break; free text is
/// repeated four times with a 60-character token in it.
fn hostile_text(s: &str) -> String {
    if s.contains(' ') {
        let long = "Överlångtextutanmellanslag".repeat(2) + "ÅÄÖ1234567890";
        format!("{s} {long} {s} {s} {s}")
    } else {
        format!("{s}-ÖVERLÅNG-IDENTITET-0123456789ABCDEFGHIJ")
    }
}

/// The fixture with hostile texts and `k` times its evidence rows, each copy with its own id.
fn hostile(k: usize) -> Fixture {
    let mut fx = fixture_with_text(&hostile_text);
    let copies = |n: usize, id: &str| format!("{id}-KOPIA{n:03}");
    let m = &mut fx.metrics;
    for area in [&mut m.incidents, &mut m.problems] {
        let b = area.breaches.clone();
        let t = area.tickets.clone();
        for n in 1..k {
            area.breaches.extend(b.iter().cloned().map(|mut x| {
                x.ticket_id = copies(n, &x.ticket_id);
                x
            }));
            area.tickets.extend(t.iter().cloned().map(|mut x| {
                x.ticket_id = copies(n, &x.ticket_id);
                x
            }));
        }
    }
    let ch = m.changes.changes.clone();
    let slow = m.performance.over_tmax_calls.clone();
    let rejects = fx.inputs.rejects.clone();
    for n in 1..k {
        m.changes.changes.extend(ch.iter().cloned().map(|mut x| {
            x.change_id = copies(n, &x.change_id);
            x
        }));
        m.performance
            .over_tmax_calls
            .extend(slow.iter().cloned().map(|mut x| {
                x.call_id = copies(n, &x.call_id);
                x
            }));
        fx.inputs.rejects.extend(rejects.iter().map(|x| {
            let mut x = x.unwrap();
            x.line += n as u64 * 100_000;
            x
        }));
    }
    fx.inputs.rejects.sort().unwrap();
    fx
}

#[test]
fn the_checker_finds_overprinting_and_run_together_cells() {
    // The defects the example report once had.
    assert!(glued("arb.dagar3,00").is_some());
    assert!(
        glued("min50").is_none(),
        "no decimal: a legitimate id could look so"
    );
    assert!(
        glued("h3,37").is_none(),
        "one letter: too short to tell from a unit"
    );
    assert!(glued("Genomförd2026-02-06").is_some());
    assert!(glued("%99,5").is_some());
    assert!(glued("10:502026").is_some());
    for ok in [
        "INC-202603-02",
        "2026-03-05",
        "10:50",
        "99,68",
        "T90(n)",
        "p90",
        "C202603-00026501",
        "SHA-256",
        "0.1.0",
        "4f06efdac1ce",
        "(mål",
    ] {
        assert_eq!(glued(ok), None, "{ok}");
    }
    let w = |x0: f64, x1: f64, y0: f64| Word {
        page: 1,
        x0,
        y0,
        x1,
        y1: y0 + 10.0,
        text: String::new(),
    };
    // Same line, the first cell's text running into the next.
    assert!(overprint(&w(10.0, 60.0, 100.0), &w(55.0, 90.0, 100.0)));
    // The example report's p14: a two-line cell's first line crossing the next cell's word
    // half a line lower.
    assert!(overprint(&w(112.4, 194.1, 107.1), &w(181.2, 208.4, 111.8)));
    // Its p5: "Genomförd" touching "2026-01-31" (0.2 pt overlap, half a line apart).
    assert!(overprint(&w(185.9, 222.3, 83.7), &w(222.1, 256.4, 79.0)));
    // Adjacent words a space apart, and consecutive lines of one cell.
    assert!(!overprint(&w(10.0, 60.0, 100.0), &w(62.0, 90.0, 100.0)));
    assert!(!overprint(&w(10.0, 60.0, 100.0), &w(10.0, 60.0, 109.4)));
}

#[test]
fn fixture_month_lays_out_cleanly() {
    if let Some(why) = pdftotext_missing() {
        crate::skip::because(&why);
        return;
    }
    // Every list of the synthetic month is non-empty; English is checked on the example month.
    assert_clean("fixture-sv", &pdf(&fixture(), Lang::Sv));
}

#[test]
fn hostile_month_lays_out_cleanly_in_both_languages() {
    if let Some(why) = pdftotext_missing() {
        crate::skip::because(&why);
        return;
    }
    let fx = hostile(3);
    assert_clean("hostile-sv", &pdf(&fx, Lang::Sv));
    assert_clean("hostile-en", &pdf(&fx, Lang::En));
}

/// The committed sample data's month (the example report), made by the binary.
#[test]
fn example_month_lays_out_cleanly_in_both_languages() {
    if let Some(why) = pdftotext_missing() {
        crate::skip::because(&why);
        return;
    }
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for lang in ["sv", "en"] {
        let out = tempfile::tempdir().unwrap();
        let status = crate::binary::slareport()
            .current_dir(&root)
            .args(["--quiet", "report", "--month", "2026-03"])
            .args(["--calls", "sample-data/calls.csv"])
            .args(["--tickets", "sample-data/tickets.csv"])
            .args(["--changes", "sample-data/changes.csv"])
            .args(["--corrections", "sample-data/corrections.csv"])
            .args(["--format", "pdf", "--lang", lang, "--out"])
            .arg(out.path())
            .status()
            .expect("run slareport");
        assert!(status.success(), "slareport report --lang {lang}: {status}");
        let pdf = std::fs::read(out.path().join("report.pdf")).unwrap();
        assert_clean(&format!("example-{lang}"), &pdf);
    }
}

/// Any PDF named by `LAYOUT_PDF` (a report to look at before sending it); nothing without it.
#[test]
fn given_pdf_lays_out_cleanly() {
    let Some(path) = std::env::var_os("LAYOUT_PDF") else {
        eprintln!("skipped: set LAYOUT_PDF=report.pdf to check a report");
        return;
    };
    if let Some(why) = pdftotext_missing() {
        crate::skip::because(&why);
        return;
    }
    let pdf = std::fs::read(&path).unwrap();
    assert_clean(&path.to_string_lossy(), &pdf);
}

#[test]
fn the_annual_report_lays_out_cleanly_in_both_languages() {
    if let Some(why) = pdftotext_missing() {
        crate::skip::because(&format!("layout of the annual report: {why}"));
        return;
    }
    let t = tempfile::tempdir().unwrap();
    for lang in ["sv", "en"] {
        let out = crate::history::small_annual(t.path(), lang, "pdf");
        let pdf = std::fs::read(out.join("report.pdf")).unwrap();
        assert_clean(&format!("annual-{lang}"), &pdf);
    }
}
