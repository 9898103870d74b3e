//! Text inputs in another encoding than UTF-8: the shipped sample tickets saved as Excel's
//! Swedish "CSV (semikolonavgränsad)" does (Windows-1252) and as UTF-16LE with a BOM. Without
//! `encoding` in the mapping: one error naming the file, the first bad line and column, the
//! likely encoding and the mapping line; with it: every row used, the same tickets as UTF-8.

use std::path::{Path, PathBuf};
use std::process::Command;

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::{read_all, InputFiles, Inputs};

fn bin() -> Command {
    crate::binary::slareport()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// The sample tickets in Windows-1252 (every character of the sample has a code there).
fn windows_1252() -> Vec<u8> {
    let text = std::fs::read_to_string(sample("tickets.csv")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The sample tickets in UTF-16LE with a byte-order mark.
fn utf16le() -> Vec<u8> {
    let text = std::fs::read_to_string(sample("tickets.csv")).unwrap();
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn read(tickets: &Path, mapping: Option<&Path>) -> anyhow::Result<Inputs> {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = InputFiles {
        tickets: vec![tickets.to_string_lossy().into_owned()],
        mapping: mapping.map(Path::to_path_buf),
        ..InputFiles::default()
    };
    read_all(&args, &cfg, &cals)
}

fn mapping(dir: &Path, input: &str, encoding: &str) -> PathBuf {
    let p = dir.join(format!("{input}-{encoding}.toml"));
    std::fs::write(&p, format!("[inputs.{input}]\nencoding = \"{encoding}\"\n")).unwrap();
    p
}

#[test]
fn windows_1252_tickets_are_an_error_naming_the_encoding_then_read_with_the_mapping_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tickets.csv");
    std::fs::write(&file, windows_1252()).unwrap();
    // `check`: exit 1, one message, nothing rejected row by row.
    let out = bin()
        .arg("check")
        .arg("--tickets")
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // The first non-ASCII character of the sample is the `å` of "från" on line 2, column 142.
    for part in [
        "tickets.csv (tickets): line 2, column 142: not UTF-8 text: byte 0xE5 (`å` in Windows-1252)",
        "Windows-1252",
        "encoding = \"windows-1252\"",
        "[inputs.tickets]",
    ] {
        assert!(err.contains(part), "`{part}` not in: {err}");
    }
    assert_eq!(err.matches("not UTF-8").count(), 1, "{err}");
    // With the mapping line: all 27 rows used, the same tickets as the UTF-8 sample.
    let map = mapping(dir.path(), "tickets", "windows-1252");
    let i = read(&file, Some(&map)).unwrap();
    let utf8 = read(&sample("tickets.csv"), None).unwrap();
    assert_eq!(i.files[0].rows_read, 27);
    assert_eq!(i.files[0].rows_used, 27);
    assert_eq!(i.tickets, utf8.tickets);
    assert_eq!(i.files[0].encoding.as_deref(), Some("windows-1252"));
    assert_eq!(utf8.files[0].encoding, None);
    // The hash is of the file as stored.
    assert_ne!(i.files[0].sha256, utf8.files[0].sha256);
    // ISO-8859-1 is read the same way (WHATWG reads the label as Windows-1252).
    let latin1 = mapping(dir.path(), "tickets", "iso-8859-1");
    assert_eq!(read(&file, Some(&latin1)).unwrap().tickets, utf8.tickets);
}

#[test]
fn utf16le_with_a_bom_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tickets.csv");
    std::fs::write(&file, utf16le()).unwrap();
    let e = format!("{:#}", read(&file, None).unwrap_err());
    assert!(e.contains("line 1, column 1"), "{e}");
    assert!(e.contains("UTF-16 little-endian"), "{e}");
    assert!(e.contains("encoding = \"utf-16le\""), "{e}");
    let map = mapping(dir.path(), "tickets", "utf-16le");
    let i = read(&file, Some(&map)).unwrap();
    assert_eq!(i.files[0].rows_used, 27);
    assert_eq!(
        i.tickets,
        read(&sample("tickets.csv"), None).unwrap().tickets
    );
    // A UTF-16 file cut in the middle of a character is not valid UTF-16.
    let mut cut = utf16le();
    cut.pop();
    std::fs::write(&file, cut).unwrap();
    let e = read(&file, Some(&map)).unwrap_err().to_string();
    assert!(e.contains("not valid UTF-16LE text"), "{e}");
}

#[test]
fn explicit_utf8_rejects_damaged_records_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tickets.csv");
    std::fs::write(&file, windows_1252()).unwrap();
    let map = mapping(dir.path(), "tickets", "utf-8");
    let i = read(&file, Some(&map)).unwrap();
    assert_eq!(i.files[0].rows_read, 27);
    assert_eq!(
        i.files[0].rows_read,
        i.files[0].rows_used + i.files[0].rows_rejected
    );
    assert!(i
        .rejects
        .to_vec()
        .unwrap()
        .iter()
        .all(|r| r.reason == "invalid UTF-8"));
    assert!(!i.rejects.is_empty());
}

#[test]
fn a_legacy_encoding_on_a_utf8_file_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let map = mapping(dir.path(), "tickets", "windows-1252");
    let i = read(&sample("tickets.csv"), Some(&map)).unwrap();
    let w: Vec<_> = i.warnings.iter().map(|w| w.code).collect();
    assert_eq!(w, ["encoding doubt"]);
    assert!(
        i.warnings[0].message.contains("`Ã¥`"),
        "{}",
        i.warnings[0].message
    );
}

#[test]
fn an_unknown_encoding_name_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let map = mapping(dir.path(), "tickets", "ebcdic-sv");
    let e = read(&sample("tickets.csv"), Some(&map))
        .unwrap_err()
        .to_string();
    assert!(e.contains("is not an encoding name"), "{e}");
}

const CALLS: &str =
    "call_id;received_at;responded_at;result;persons;municipality;failed_providers\n\
    C1;2026-03-02T09:00:00+01:00;2026-03-02T09:00:01+01:00;ok;1;Malmö;\n\
    C2;2026-03-02T09:01:00+01:00;2026-03-02T09:01:01+01:00;ok;2;Västerås;\n";

#[test]
fn call_logs_in_windows_1252_error_then_read_with_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.csv");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(CALLS);
    std::fs::write(&file, &bytes).unwrap();
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = |mapping: Option<PathBuf>, path: &Path| InputFiles {
        calls: vec![path.to_string_lossy().into_owned()],
        mapping,
        ..InputFiles::default()
    };
    let e = read_all(&args(None, &file), &cfg, &cals)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("calls.csv (calls): line 2, column 65: not UTF-8 text: byte 0xF6"),
        "{e}"
    );
    assert!(e.contains("encoding = \"windows-1252\""), "{e}");
    let map = mapping(dir.path(), "calls", "windows-1252");
    let i = read_all(&args(Some(map), &file), &cfg, &cals).unwrap();
    let utf8_file = dir.path().join("calls-utf8.csv");
    std::fs::write(&utf8_file, CALLS).unwrap();
    let u = read_all(&args(None, &utf8_file), &cfg, &cals).unwrap();
    assert_eq!(i.files[0].rows_used, 2);
    assert_eq!(i.calls.received, u.calls.received);
    assert_eq!(i.calls.persons, u.calls.persons);
    assert_eq!(i.files[0].encoding.as_deref(), Some("windows-1252"));
    assert_eq!(i.files[0].size_bytes, bytes.len() as u64);
    // Explicit UTF-8: the two records are rejected, the read goes on.
    let map = mapping(dir.path(), "calls", "utf-8");
    let i = read_all(&args(Some(map), &file), &cfg, &cals).unwrap();
    assert_eq!((i.files[0].rows_used, i.files[0].rows_rejected), (0, 2));
    // UTF-16 with a BOM, named before anything is read.
    let mut u16 = vec![0xFF, 0xFE];
    for u in CALLS.encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&file, u16).unwrap();
    let e = read_all(&args(None, &file), &cfg, &cals)
        .unwrap_err()
        .to_string();
    assert!(e.contains("UTF-16 little-endian"), "{e}");
    let map = mapping(dir.path(), "calls", "utf-16le");
    let i = read_all(&args(Some(map), &file), &cfg, &cals).unwrap();
    assert_eq!(i.calls.received, u.calls.received);
}

/// The manifest records the encoding, and `verify` re-reads the file in it.
#[test]
fn the_manifest_records_the_encoding_and_verify_applies_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tickets.csv");
    std::fs::write(&file, windows_1252()).unwrap();
    let map = mapping(dir.path(), "tickets", "windows-1252");
    let out = dir.path().join("out");
    let o = bin()
        .current_dir(dir.path())
        .args([
            "report", "--month", "2026-03", "--quiet", "--format", "json",
        ])
        .args(["--tickets", "tickets.csv", "--mapping"])
        .arg(map.file_name().unwrap())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["inputs"][0]["encoding"], "windows-1252");
    let v = bin()
        .current_dir(dir.path())
        .arg("verify")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        v.status.success(),
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}

/// An NDJSON call log that is not UTF-8 is named like a CSV one.
#[test]
fn an_ndjson_call_log_in_latin1_names_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.ndjson");
    let mut bytes = br#"{"call_id":"C1","received_at":"2026-03-02T09:00:00+01:00","responded_at":"2026-03-02T09:00:01+01:00","result":"ok","persons":1,"municipality":"Malm"#.to_vec();
    bytes.extend_from_slice(b"\xf6\"}\n");
    std::fs::write(&file, bytes).unwrap();
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    let args = InputFiles {
        calls: vec![file.to_string_lossy().into_owned()],
        ..InputFiles::default()
    };
    let e = read_all(&args, &cfg, &cals).unwrap_err().to_string();
    assert!(
        e.contains("calls.ndjson (calls): line 1, column 148: not UTF-8 text"),
        "{e}"
    );
    assert!(e.contains("encoding = \"windows-1252\""), "{e}");
}
