//! The archive PDF's attachments (PDF/A-3 associated files): the outputs already made, each
//! with the MIME type, relationship and description `audit::archive` gives it, and the
//! appendix's listing of them (file, content, size, SHA-256), including a file too large to
//! embed that is kept beside the PDF instead (M12.8).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
/// Shared bytes: a clone is a reference, and a `Vec<u8>` goes in and comes back out without a
/// copy while it is the only reference.
pub use typst::foundations::Bytes;

use crate::audit::archive::{describe, EMBEDDED, PDF};
use crate::config::hex;
use crate::report::blocks::{Align, CONTENT_WIDTH};
use crate::report::format::Fmt;
use crate::report::i18n::t;
use crate::report::{Cell, Lang, Table};

/// One file to embed.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub mime: &'static str,
    /// PDF/A-3 `AFRelationship`, as typst spells it (`source`, `data`, `supplement`).
    pub relationship: &'static str,
    pub description: String,
    /// The file's bytes, shared with the PDF's renderer (held once, however large).
    pub data: Bytes,
}

/// A file the PDF would embed but is too large to (M12.8): written beside the PDF only, and
/// listed with its size and SHA-256 so that a reader of the PDF alone can check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beside {
    pub name: String,
    pub len: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// The attachments of report.pdf, moved out of the outputs already made (so that each is byte
/// for byte the file written beside the PDF, and held once: rejected.csv may hold a row per
/// call), except those kept `beside` it. [`restore`] puts them back. Nothing is moved if one
/// is missing from both.
pub fn attachments(
    files: &mut BTreeMap<String, Vec<u8>>,
    beside: &[Beside],
    lang: Lang,
) -> anyhow::Result<Vec<Attachment>> {
    let kept = |n: &str| beside.iter().any(|b| b.name == n);
    if let Some(name) = EMBEDDED
        .iter()
        .find(|&&n| !files.contains_key(n) && !kept(n))
    {
        anyhow::bail!("{name} must be made before {PDF}");
    }
    Ok(EMBEDDED
        .iter()
        .filter(|&&name| !kept(name))
        .map(|&name| {
            let data = files.remove(name).unwrap_or_default();
            let (mime, relationship, sv, en) = describe(name);
            Attachment {
                name: name.into(),
                mime,
                relationship,
                description: match lang {
                    Lang::Sv => sv,
                    Lang::En => en,
                }
                .into(),
                data: Bytes::new(data),
            }
        })
        .collect())
}

/// Put the files [`attachments`] moved out back among the outputs. While the PDF is laid out
/// they are held once; typst still refers to them after export (even with its memo cache
/// emptied), so each is copied back here, once, after the layout's memory is gone.
pub fn restore(files: &mut BTreeMap<String, Vec<u8>>, attachments: Vec<Attachment>) {
    for a in attachments {
        files.insert(a.name, a.data.into_vec());
    }
}

/// The appendix's list of the embedded files: heading, note and a table (file, content,
/// size, SHA-256), so that a reader of the printed page can check an extracted file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listing {
    pub heading: String,
    pub note: String,
    pub table: Table,
}

/// The listing of `attachments` and of the files kept `beside` the PDF (each said to be
/// there, with why), in [`EMBEDDED`]'s order, in `lang`.
pub fn listing(attachments: &[Attachment], beside: &[Beside], lang: Lang) -> Listing {
    let (heading, note, [file, content, bytes, _]) = labels(lang);
    let f = Fmt::new(lang, chrono_tz::UTC);
    let mut table = Table::new("attachments", heading, "–")
        .col(file, Align::Left, CONTENT_WIDTH)
        .col(content, Align::Left, 4)
        .col(bytes, Align::Right, CONTENT_WIDTH)
        // A SHA-256 is one unbreakable token of 64 characters: room for it on one line.
        .col("SHA-256", Align::Left, 8)
        .compact();
    let limit = f.uint(crate::audit::archive::embed_limit());
    let order = |n: &str| {
        EMBEDDED
            .iter()
            .position(|&e| e == n)
            .unwrap_or(EMBEDDED.len())
    };
    let mut rows: Vec<(usize, Vec<Cell>)> = attachments
        .iter()
        .map(|a| {
            let row = vec![
                Cell::new(a.name.clone()).mono(),
                Cell::new(a.description.clone()),
                Cell::new(f.uint(a.data.len() as u64)),
                Cell::new(hex(&Sha256::digest(&a.data))).mono(),
            ];
            (order(&a.name), row)
        })
        .collect();
    for b in beside {
        let (_, _, sv, en) = describe(&b.name);
        let what = match lang {
            Lang::Sv => sv,
            Lang::En => en,
        };
        let why = t(lang, "archive.beside").replace("{limit}", &limit);
        let row = vec![
            Cell::new(b.name.clone()).mono(),
            Cell::new(format!("{what}. {why}")),
            Cell::new(f.uint(b.len)),
            Cell::new(b.sha256.clone()).mono(),
        ];
        rows.push((order(&b.name), row));
    }
    // Stable: an attachment and a file beside never share a name.
    rows.sort_by_key(|(i, _)| *i);
    for (_, row) in rows {
        table.push(row);
    }
    let mut note = note.to_string();
    if !beside.is_empty() {
        let names: Vec<&str> = beside.iter().map(|b| b.name.as_str()).collect();
        note.push(' ');
        note.push_str(
            &t(lang, "archive.beside_note")
                .replace("{files}", &names.join(", "))
                .replace("{limit}", &limit),
        );
    }
    Listing {
        heading: heading.into(),
        note,
        table,
    }
}

/// The appendix's words for the list of embedded files: (heading, note, column labels).
fn labels(lang: Lang) -> (&'static str, &'static str, [&'static str; 4]) {
    match lang {
        Lang::Sv => (
            "Bifogade filer",
            "Filerna är inbäddade i denna PDF (PDF/A-3) och är byte för byte desamma som filerna som skrevs bredvid den. En revisor tar fram dem med kommandot slareport extract report.pdf --out DIR och kör om månaden med slareport verify report.pdf.",
            ["Fil", "Innehåll", "Byte", "SHA-256"],
        ),
        Lang::En => (
            "Attached files",
            "These files are embedded in this PDF (PDF/A-3), byte for byte the files written beside it. An auditor takes them out with the command slareport extract report.pdf --out DIR and re-runs the month with slareport verify report.pdf.",
            ["File", "Content", "Bytes", "SHA-256"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_is_taken_from_the_outputs() {
        let files: BTreeMap<String, Vec<u8>> = EMBEDDED
            .iter()
            .map(|n| (n.to_string(), n.as_bytes().to_vec()))
            .collect();
        let mut taken = files.clone();
        taken.insert("report.html".into(), b"<html>".to_vec());
        let a = attachments(&mut taken, &[], Lang::En).unwrap();
        assert_eq!(a.len(), 5);
        for (att, name) in a.iter().zip(EMBEDDED) {
            assert_eq!(att.name, name);
            assert_eq!(att.data.as_slice(), name.as_bytes());
            assert!(!att.description.is_empty());
        }
        assert_eq!(a[4].mime, "application/toml");
        assert_eq!(a[2].mime, "text/csv");
        // Moved out, then back byte for byte; what is not embedded stays where it was.
        assert_eq!(taken.keys().collect::<Vec<_>>(), ["report.html"]);
        restore(&mut taken, a);
        taken.remove("report.html");
        assert_eq!(taken, files);
        let mut missing = files.clone();
        missing.remove("rejected.csv");
        let before = missing.clone();
        let e = attachments(&mut missing, &[], Lang::Sv)
            .unwrap_err()
            .to_string();
        assert!(e.contains("rejected.csv"), "{e}");
        assert_eq!(missing, before, "nothing moved when one is missing");
    }

    #[test]
    fn a_file_kept_beside_is_not_embedded_but_listed_with_its_size_hash_and_why() {
        let mut files: BTreeMap<String, Vec<u8>> = EMBEDDED
            .iter()
            .map(|n| (n.to_string(), n.as_bytes().to_vec()))
            .collect();
        files.remove("rejected.csv");
        let beside = [Beside {
            name: "rejected.csv".into(),
            len: 123_456_789,
            sha256: "ab".repeat(32),
        }];
        // Without the file beside, rejected.csv is missing; with it, the rest is embedded.
        assert!(attachments(&mut files.clone(), &[], Lang::En).is_err());
        let a = attachments(&mut files, &beside, Lang::En).unwrap();
        let names: Vec<&str> = a.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "manifest.json",
                "metrics.json",
                "breaches.csv",
                "sla-config.toml"
            ]
        );
        let limit = crate::audit::archive::embed_limit();
        for (lang, said) in [
            (Lang::En, "kept beside this PDF"),
            (Lang::Sv, "finns bredvid denna PDF"),
        ] {
            let f = Fmt::new(lang, chrono_tz::UTC);
            let l = listing(&a, &beside, lang);
            let json = serde_json::to_value(&l.table).unwrap();
            let rows = json["rows"].as_array().expect("rows");
            assert_eq!(rows.len(), 5);
            // In EMBEDDED's order: rejected.csv is the fourth row, with its size and hash.
            let row = serde_json::to_string(&rows[3]).unwrap();
            assert!(row.contains("rejected.csv"), "{row}");
            assert!(row.contains(&"ab".repeat(32)), "{row}");
            let size = serde_json::to_string(&f.uint(123_456_789)).unwrap();
            assert!(row.contains(size.trim_matches('"')), "{row}");
            assert!(row.contains(said), "{row}");
            assert!(l.note.contains("rejected.csv"), "{}", l.note);
            assert!(l.note.contains(&f.uint(limit)), "{}", l.note);
            assert!(row.contains(&f.uint(limit)), "{row}");
            // Without a file beside, the note is today's, word for word.
            let plain = listing(&a, &[], lang);
            assert_eq!(plain.note, labels(lang).1);
            assert!(l.note.starts_with(&plain.note) && l.note.len() > plain.note.len());
        }
    }
}
