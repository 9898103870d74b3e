//! Regression tests for bugs found by the hostile-input work, each named after the
//! bug it pins.

use slareport::config::SlaConfig;

fn ssbtek_with(from: &str, to: &str) -> String {
    let text = slareport::config::SSBTEK_TOML;
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// Fuzz (fuzz_config_parser): `max_downtime_per_year_seconds = i64::MAX` validated and then
/// overflowed `* 1000` in the year-to-date budget. Durations above a hundred years are refused.
#[test]
fn huge_config_duration_overflowed_ms_arithmetic() {
    for (from, to, key) in [
        (
            "max_downtime_per_year_seconds = 223200",
            "max_downtime_per_year_seconds = 9223372036854775807",
            "availability.max_downtime_per_year_seconds",
        ),
        (
            "merge_gap_seconds = 900",
            "merge_gap_seconds = 9223372036854775807",
            "availability.merge_gap_seconds",
        ),
        (
            "per_extra_person_ms = 1500",
            "per_extra_person_ms = 9223372036854775807",
            "performance.per_extra_person_ms",
        ),
    ] {
        let err = SlaConfig::from_toml(&ssbtek_with(from, to), "x.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(key), "{msg}");
        assert!(msg.contains("more than a hundred years"), "{msg}");
    }
    // A long but sane value still validates.
    SlaConfig::from_toml(
        &ssbtek_with(
            "max_downtime_per_year_seconds = 223200",
            "max_downtime_per_year_seconds = 31622400",
        ),
        "x.toml",
    )
    .expect("a year of downtime budget is valid");
}

/// Run the whole pipeline on the given files (a tempdir), in memory.
fn produce(
    files: &[(&str, &[u8])],
    formats: Vec<slareport::render::OutputFormat>,
) -> anyhow::Result<slareport::pipeline::Produced> {
    let dir = tempfile::tempdir()?;
    let mut inputs = slareport::inputs::InputFiles::default();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes)?;
        let p = p.to_string_lossy().into_owned();
        match name.split('.').next() {
            Some("calls") => inputs.calls.push(p),
            Some("tickets") => inputs.tickets.push(p),
            _ => inputs.changes.push(p),
        }
    }
    let req = slareport::pipeline::Request {
        month: slareport::calendar::Month::new(2026, 3).unwrap(),
        inputs,
        config: slareport::config::LoadedConfig::new(SlaConfig::ssbtek(), "embedded:ssbtek".into()),
        lang: slareport::report::Lang::Sv,
        formats,
        recorded_tool: None,
        restates: None,
    };
    slareport::pipeline::produce(&req, &slareport::progress::Progress::new(true))
}

/// A ticket summary with a NUL byte (or an emoji, CJK, a bell) failed the whole PDF: PDF/A
/// refuses characters no embedded font can show. They are now shown as U+FFFD in the PDF only.
#[test]
fn control_or_unknown_glyph_in_ticket_text_failed_pdfa() {
    let tickets = "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary,cause\n\
        I1,incident,2,2026-03-03T09:00:00+01:00,2026-03-03T09:10:00+01:00,2026-03-03T12:00:00+01:00,nul\u{0}here,bell\u{7}\n\
        I2,incident,2,2026-03-04T09:00:00+01:00,,2026-03-04T12:00:00+01:00,emoji 🔥 中文 \u{1b}[31m,x\n";
    let p = produce(
        &[("tickets.csv", tickets.as_bytes())],
        vec![
            slareport::render::OutputFormat::Pdf,
            slareport::render::OutputFormat::Html,
        ],
    )
    .expect("report with odd characters renders");
    assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
    // HTML keeps the text as written (escaped), the characters are not dropped there.
    let html = String::from_utf8_lossy(&p.files["report.html"]);
    assert!(html.contains("emoji 🔥 中文"), "html keeps the summary");
    assert_eq!(p.metrics.kpis.incidents_resolved, 2);
}

/// A header naming a column twice (`result,…,result`) was read from one copy silently.
#[test]
fn duplicated_header_name_was_read_silently() {
    for (name, text, col) in [
        (
            "calls.csv",
            "call_id,received_at,responded_at,result,persons,result\nC1,2026-03-02T09:00:00Z,,ok,1,error\n",
            "result",
        ),
        (
            "tickets.csv",
            "ticket_id,type,priority,registered_at,Type\nT1,incident,1,2026-03-02T09:00:00Z,problem\n",
            "type",
        ),
    ] {
        let err = produce(&[(name, text.as_bytes())], vec![]).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains(name)
                && msg.contains("line 1")
                && msg.contains(&format!("column `{col}` appears more than once in the header")),
            "{msg}"
        );
    }
    // Duplicated names of columns nobody reads are harmless.
    let ok = "call_id,received_at,responded_at,result,persons,note,note\nC1,2026-03-02T09:00:00Z,,ok,1,a,b\n";
    let p = produce(&[("calls.csv", ok.as_bytes())], vec![]).expect("unread duplicate is fine");
    assert_eq!(p.metrics.kpis.calls_incoming, 1);
}

/// NDJSON rejects named the row number, not the line: after a blank line every reject pointed
/// one line too early (found by the nothing-lost property test).
#[test]
fn ndjson_reject_line_ignored_blank_lines() {
    let row = |id: &str, status: &str| {
        format!(
            "{{\"change_id\":\"{id}\",\"title\":\"t\",\"status\":\"{status}\",\
             \"scheduled_start\":\"2026-03-02T08:00:00Z\",\"scheduled_end\":\"2026-03-02T09:00:00Z\"}}"
        )
    };
    let text = format!(
        "\n{}\r\n  \n\n{}\n{}\n",
        row("A", "completed"),
        row("B", "maybe"),
        row("C", "nope")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("changes.ndjson");
    std::fs::write(&path, text).expect("write");
    let args = slareport::inputs::InputFiles {
        changes: vec![path.to_string_lossy().into_owned()],
        ..Default::default()
    };
    let cfg = SlaConfig::ssbtek();
    let cals = slareport::calendar::Calendars::from_config(&cfg.calendar);
    let inputs = slareport::inputs::read_all(&args, &cfg, &cals).expect("read");
    let lines: Vec<(u64, &str)> = inputs
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .map(|r| (r.line, r.reason))
        .collect();
    assert_eq!(lines, [(5, "unknown status"), (6, "unknown status")]);
    assert_eq!(inputs.changes.len(), 1);
}

/// A NDJSON line nested 100,000 levels deep overflowed the stack inside polars' JSON parser
/// (a process abort, no error message, nothing written). Nesting is now checked first; the
/// deepest allowed nesting still reads (in a test thread's small stack).
#[test]
fn deeply_nested_ndjson_overflowed_the_stack() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = "{\"call_id\":\"C1\",\"received_at\":\"2026-03-02T09:00:00Z\",\"result\":\"ok\",\"persons\":1,\"x\":";
    let read = |depth: usize, name: &str| {
        let text = format!(
            "\n{head}\"[{{not nesting\\\"[\",\"y\":{}{}}}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let args = slareport::inputs::InputFiles {
            calls: vec![path.to_string_lossy().into_owned()],
            ..Default::default()
        };
        let cfg = SlaConfig::ssbtek();
        let cals = slareport::calendar::Calendars::from_config(&cfg.calendar);
        slareport::inputs::read_all(&args, &cfg, &cals).map_err(|e| format!("{e:#}"))
    };
    let err = read(100_000, "deep.ndjson").unwrap_err();
    assert!(
        err.contains("deep.ndjson: line 2: JSON nested deeper than 128 levels"),
        "{err}"
    );
    // The outer object is one level: 127 more are allowed. Brackets inside strings do not count.
    let ok = read(127, "ok.ndjson").expect("127 levels read");
    assert_eq!(ok.calls.len(), 1);
    assert!(read(128, "over.ndjson").is_err());
}

/// An input file whose name holds glob characters (`calls[1].csv`) was taken as a pattern and
/// not found ("no files match"). An existing file is now read as named; patterns still work.
#[test]
fn file_name_with_glob_characters_was_not_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let literal = dir.path().join("calls[1].csv");
    std::fs::write(
        &literal,
        "call_id,received_at,responded_at,result,persons\nC1,2026-03-02T09:00:00Z,,ok,1\n",
    )
    .expect("write");
    let lit = literal.to_string_lossy().into_owned();
    assert_eq!(
        slareport::inputs::expand(std::slice::from_ref(&lit), "--calls").expect("literal"),
        vec![lit.clone()]
    );
    let pattern = format!("{}/calls*.csv", dir.path().display());
    assert_eq!(
        slareport::inputs::expand(&[pattern], "--calls").expect("pattern"),
        vec![lit]
    );
    let none = format!("{}/other[0-9].csv", dir.path().display());
    let err = slareport::inputs::expand(&[none], "--calls").unwrap_err();
    assert!(
        err.to_string().contains("no files match the pattern"),
        "{err}"
    );
}

/// A Parquet call log with a corrupt footer (one byte changed in a sample file) made polars'
/// thrift decoder panic: the process died with exit 101 and a panic message. It is now an
/// error naming the file.
#[test]
fn corrupt_parquet_panicked_in_polars() {
    let path = format!(
        "{}/tests/fixtures/bad/corrupt_footer.parquet",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = crate::binary::slareport()
        .args(["check", "--calls", &path])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("corrupt_footer.parquet: cannot read: the file is corrupt"),
        "{err}"
    );
}

/// A NUL in a failed-provider code reached a chart label; typst refused the SVG ("a non-XML
/// character '\0'") and the whole PDF failed (found by fuzz_render).
#[test]
fn nul_in_provider_name_broke_chart_svg() {
    let mut calls =
        String::from("call_id,received_at,responded_at,result,persons,failed_providers\n");
    for i in 0..4 {
        calls.push_str(&format!(
            "C{i},2026-03-04T09:0{i}:00+01:00,,unreachable,1,\"FK;X\u{0}\u{1b}\"\n"
        ));
    }
    let p = produce(
        &[("calls.csv", calls.as_bytes())],
        vec![
            slareport::render::OutputFormat::Pdf,
            slareport::render::OutputFormat::Html,
        ],
    )
    .expect("report renders");
    assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
    let html = String::from_utf8_lossy(&p.files["report.html"]);
    let svgs: Vec<&str> = html
        .split("<svg")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap_or(""))
        .collect();
    assert!(!svgs.is_empty(), "charts inline");
    assert!(
        svgs.iter().all(|s| !s.contains('\u{0}')),
        "no NUL inside an SVG"
    );
}

/// An emoji in a failed-provider code reached a chart label; PDF/A refused the glyph no
/// embedded font has and the whole PDF failed (found by fuzz_render after the NUL fix).
#[test]
fn emoji_in_provider_name_failed_pdfa_chart() {
    let mut calls =
        String::from("call_id,received_at,responded_at,result,persons,failed_providers\n");
    for i in 0..4 {
        calls.push_str(&format!(
            "C{i},2026-03-04T09:0{i}:00+01:00,,unreachable,1,FK;🔥\n"
        ));
    }
    let p = produce(
        &[("calls.csv", calls.as_bytes())],
        vec![
            slareport::render::OutputFormat::Pdf,
            slareport::render::OutputFormat::Html,
        ],
    )
    .expect("report renders");
    assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&p.files["report.html"]).contains('🔥'));
}

/// Invisible format characters (U+FEFF, zero-width space, bidi overrides) in ticket text failed
/// PDF/A: typst does not fall back to another font for them (found by fuzz_render).
#[test]
fn invisible_format_characters_failed_pdfa() {
    let tickets = "ticket_id,type,priority,registered_at,responded_at,resolved_at,summary,action_plan\n\
        I1,incident,2,2026-03-03T09:00:00+01:00,2026-03-03T09:10:00+01:00,2026-03-03T12:00:00+01:00,a\u{200b}b\u{202e}c\u{2066}d,\u{feff}\u{2028}<script>\n";
    let p = produce(
        &[("tickets.csv", tickets.as_bytes())],
        vec![slareport::render::OutputFormat::Pdf],
    )
    .expect("report renders");
    assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
}

/// A change title with a carriage return followed by a tab failed PDF/A: typst shaped the tab
/// with no font (found by fuzz_render). Tabs and CRs are spaces in the PDF.
#[test]
fn tab_after_carriage_return_failed_pdfa() {
    let changes = "change_id,title,status,scheduled_start,scheduled_end,outcome\n\
        CH1,\"<b>x</b>\r\t<b>y</b>\",completed,2026-03-10T18:00:00+01:00,2026-03-10T20:00:00+01:00,\"a\tb\r\n\tc\"\n";
    let p = produce(
        &[("changes.csv", changes.as_bytes())],
        vec![slareport::render::OutputFormat::Pdf],
    )
    .expect("report renders");
    assert!(p.files["report.pdf"].starts_with(b"%PDF-"));
    assert_eq!(p.metrics.kpis.changes_total, 1);
}
