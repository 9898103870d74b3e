//! Fuzz target (proptest-driven): hostile text in every text field of every input,
//! through the whole pipeline to HTML, CSV and (one case in four) PDF. Oracles:
//!
//! - HTML: the element names in the output are a subset of those a benign report uses (input
//!   text never becomes a tag), and no `<script`;
//! - breaches.csv, rejected.csv: parse, and no cell starts like a spreadsheet formula;
//! - PDF: typst compiles (markup in data is never evaluated, and PDF/A accepts every character);
//! - no panic anywhere.
//!
//! Budget: `SLAREPORT_FUZZ_CASES` per round (default 6: a PDF costs ~0.3 s in a debug build)
//! and `SLAREPORT_FUZZ_SECS` of rounds (default 0 = one round); see `fuzz/run.sh`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use slareport::config::{LoadedConfig, SlaConfig};
use slareport::inputs::InputFiles;
use slareport::render::OutputFormat;
use slareport::report::Lang;

/// Snippets hostile to HTML, minijinja, typst, CSV and PDF/A, and plain text.
fn text() -> impl Strategy<Value = String> {
    let parts = vec![
        "<script>alert(1)</script>",
        "</td></tr></table>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "</style>",
        "</svg>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "\"",
        "'",
        "&amp;",
        "&#60;",
        "{{ 7*7 }}",
        "{% if true %}",
        "{#",
        "#panic(\"x\")",
        "#let x = 1",
        "#include \"/etc/passwd\"",
        "$x^2$",
        "[",
        "]",
        "*",
        "_",
        "`",
        "\\",
        "@label",
        "<lbl>",
        "=HYPERLINK(\"x\")",
        "=",
        "+",
        "-",
        "@",
        "\n",
        "\r",
        "\t",
        "\r\n",
        "\u{0}",
        "\u{7}",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{85}",
        "\u{202e}",
        "\u{2028}",
        "\u{feff}",
        "🔥",
        "中文",
        "ö",
        "Å",
        " ",
        "a",
        "text",
        "javascript:",
        ";",
        ",",
    ];
    prop::collection::vec(prop::sample::select(parts), 0..6).prop_map(|v| v.concat())
}

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[derive(Debug, Clone)]
struct Case {
    /// summary, cause, action_plan, provider, title, outcome, municipality, failed provider,
    /// a rejected value, id suffix.
    texts: Vec<String>,
    pdf: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(text(), 10),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(texts, pdf)| Case { texts, pdf })
}

fn inputs(dir: &std::path::Path, c: &Case) -> InputFiles {
    let t = |i: usize| q(&c.texts[i]);
    // Ids: a fixed prefix keeps them unique and non-empty; the hostile part follows.
    let id = |p: &str| q(&format!("{p}{}", c.texts[9].trim()));
    let tickets = format!(
        "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary,security,major,outage_start,outage_end,cause,action_plan,provider\n\
         {},incident,1,2026-03-03T09:00:00+01:00,2026-03-03T11:00:00+01:00,2026-03-05T12:00:00+01:00,{},true,true,2026-03-03T09:00:00+01:00,2026-03-03T10:00:00+01:00,{},{},{}\n\
         {},problem,2,2026-03-04T09:00:00+01:00,,2026-03-30T12:00:00+02:00,{},false,false,,,{},{},{}\n",
        id("I"), t(0), t(1), t(2), t(3), id("P"), t(0), t(1), t(2), t(3),
    );
    let changes = format!(
        "change_id,title,status,in_release,notified_at,scheduled_start,scheduled_end,actual_start,actual_end,overrun_notified,outcome\n\
         {},{},completed,false,,2026-03-10T07:00:00+01:00,2026-03-10T08:00:00+01:00,2026-03-10T07:00:00+01:00,2026-03-10T09:00:00+01:00,false,{}\n",
        id("CH"), t(4), t(5),
    );
    let mut calls = String::from(
        "call_id,received_at,responded_at,result,persons,municipality,failed_providers\n",
    );
    for i in 0..4 {
        calls.push_str(&format!(
            "{},2026-03-04T09:0{i}:00+01:00,,unreachable,1,{},{}\n",
            q(&format!("C{i}{}", c.texts[9])),
            t(6),
            q(&format!("FK;{}", c.texts[7])),
        ));
    }
    calls.push_str(&format!(
        "R1,2026-03-04T10:00:00+01:00,,{},1,SN1,\n",
        q(&format!("x{}", c.texts[8]))
    ));
    calls.push_str(&format!("R2,2026-03-04T10:00:00+01:00,,ok,{},SN1,\n", t(8)));
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        vec![p.to_string_lossy().into_owned()]
    };
    InputFiles {
        calls: write("calls.csv", &calls),
        tickets: write("tickets.csv", &tickets),
        changes: write("changes.csv", &changes),
        ..InputFiles::default()
    }
}

fn config() -> LoadedConfig {
    let text = slareport::config::SSBTEK_TOML
        .replace("capacity = false", "capacity = true")
        .replace("security = false", "security = true")
        .replace("continuity = false", "continuity = true");
    LoadedConfig::new(
        SlaConfig::from_toml(&text, "all-sections").expect("config"),
        "all-sections".into(),
    )
}

fn produce(dir: &std::path::Path, c: &Case) -> anyhow::Result<slareport::pipeline::Produced> {
    let mut formats = vec![OutputFormat::Html, OutputFormat::Csv, OutputFormat::Json];
    if c.pdf {
        formats.push(OutputFormat::Pdf);
    }
    let req = slareport::pipeline::Request {
        month: slareport::calendar::Month::new(2026, 3).unwrap(),
        inputs: inputs(dir, c),
        config: config(),
        lang: Lang::Sv,
        formats,
        recorded_tool: None,
        restates: None,
    };
    slareport::pipeline::produce(&req, &slareport::progress::Progress::new(true))
}

/// Element names in an HTML text.
fn tags(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        out.insert(if name.is_empty() {
            html[i..(i + 2).min(html.len())].to_string()
        } else {
            name
        });
    }
    out
}

/// The element names of a benign report over the same shape of inputs.
fn allowed_tags() -> &'static BTreeSet<String> {
    static TAGS: OnceLock<BTreeSet<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Case {
            texts: vec!["text".into(); 10],
            pdf: false,
        };
        let p = produce(dir.path(), &c).expect("benign report");
        tags(&String::from_utf8_lossy(&p.files["report.html"]))
    })
}

fn no_formula(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    for r in rdr.records() {
        let r = r.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        for cell in r.iter() {
            prop_assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{}: formula cell {:?}",
                name,
                cell
            );
        }
    }
    Ok(())
}

fn check(c: Case) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let p = produce(dir.path(), &c).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    let html = String::from_utf8_lossy(&p.files["report.html"]);
    let extra: Vec<String> = tags(&html).difference(allowed_tags()).cloned().collect();
    prop_assert!(
        extra.is_empty(),
        "new elements from input text: {:?}",
        extra
    );
    prop_assert!(!html.to_ascii_lowercase().contains("<script"));
    no_formula("breaches.csv", &p.files["breaches.csv"])?;
    no_formula("rejected.csv", &p.files["rejected.csv"])?;
    if c.pdf {
        prop_assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
    }
    // Both bad call rows are listed (the value text is anything, the rows are not lost).
    prop_assert_eq!(p.metrics.kpis.rows_rejected, 2);
    Ok(())
}

use crate::fuzzkit;

#[test]
fn fuzz_render_hostile_text() {
    let summary = fuzzkit::fuzz("render", 6, 0x4e4d, case(), check);
    eprintln!("fuzz render: {summary}");
}
