//! The archive PDF's attachments (PDF/A-3 associated files): the outputs already made, each
//! with the MIME type, relationship and description `audit::archive` gives it, and the
//! appendix's listing of them (file, content, size, SHA-256).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::audit::archive::{describe, EMBEDDED, PDF};
use crate::config::hex;
use crate::report::blocks::{Align, CONTENT_WIDTH};
use crate::report::format::Fmt;
use crate::report::{Cell, Lang, Table};

/// One file to embed.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub mime: &'static str,
    /// PDF/A-3 `AFRelationship`, as typst spells it (`source`, `data`, `supplement`).
    pub relationship: &'static str,
    pub description: String,
    pub data: Vec<u8>,
}

/// The attachments of report.pdf, taken from the outputs already made (so that each is byte
/// for byte the file written beside the PDF).
pub fn attachments(
    files: &BTreeMap<String, Vec<u8>>,
    lang: Lang,
) -> anyhow::Result<Vec<Attachment>> {
    EMBEDDED
        .iter()
        .map(|&name| {
            let data = files
                .get(name)
                .ok_or_else(|| anyhow::anyhow!("{name} must be made before {PDF}"))?;
            let (mime, relationship, sv, en) = describe(name);
            Ok(Attachment {
                name: name.into(),
                mime,
                relationship,
                description: match lang {
                    Lang::Sv => sv,
                    Lang::En => en,
                }
                .into(),
                data: data.clone(),
            })
        })
        .collect()
}

/// The appendix's list of the embedded files: heading, note and a table (file, content,
/// size, SHA-256), so that a reader of the printed page can check an extracted file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listing {
    pub heading: String,
    pub note: String,
    pub table: Table,
}

/// The listing of `attachments` in `lang`.
pub fn listing(attachments: &[Attachment], lang: Lang) -> Listing {
    let (heading, note, [file, content, bytes, _]) = labels(lang);
    let f = Fmt::new(lang, chrono_tz::UTC);
    let mut table = Table::new("attachments", heading, "–")
        .col(file, Align::Left, CONTENT_WIDTH)
        .col(content, Align::Left, 4)
        .col(bytes, Align::Right, CONTENT_WIDTH)
        // A SHA-256 is one unbreakable token of 64 characters: room for it on one line.
        .col("SHA-256", Align::Left, 8)
        .compact();
    for a in attachments {
        table.push(vec![
            Cell::new(a.name.clone()).mono(),
            Cell::new(a.description.clone()),
            Cell::new(f.uint(a.data.len() as u64)),
            Cell::new(hex(&Sha256::digest(&a.data))).mono(),
        ]);
    }
    Listing {
        heading: heading.into(),
        note: note.into(),
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
        let a = attachments(&files, Lang::En).unwrap();
        assert_eq!(a.len(), 5);
        for (att, name) in a.iter().zip(EMBEDDED) {
            assert_eq!(att.name, name);
            assert_eq!(att.data, name.as_bytes());
            assert!(!att.description.is_empty());
        }
        assert_eq!(a[4].mime, "application/toml");
        assert_eq!(a[2].mime, "text/csv");
        let mut missing = files.clone();
        missing.remove("rejected.csv");
        let e = attachments(&missing, Lang::Sv).unwrap_err().to_string();
        assert!(e.contains("rejected.csv"), "{e}");
    }
}
