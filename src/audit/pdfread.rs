//! Reading a PDF's embedded files and XMP metadata with `hayro-syntax` (the PDF reader typst
//! itself depends on), for `verify report.pdf` and `extract`.
//!
//! Only what the archive needs: the catalog's `/Names /EmbeddedFiles` name tree (file name →
//! file specification → `/EF /F` stream, decoded), each file's `/Desc`, `/AFRelationship` and
//! MIME `/Subtype`, and the catalog's `/Metadata` stream (XMP). The input is hostile: every
//! lookup may fail, name trees may be deep or cyclic, names may try to leave a directory; each
//! failure is a [`PdfReadError`] naming what was wrong, never a panic.

use std::collections::BTreeMap;

use hayro_syntax::object::{Dict, Object, Stream};
use hayro_syntax::Pdf;

/// One embedded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// The file name as stored (`/UF`, else `/F`).
    pub name: String,
    /// The MIME type (`/Subtype` of the stream), if given.
    pub mime: Option<String>,
    /// `/Desc`, if given.
    pub description: Option<String>,
    /// `/AFRelationship` (`Source`, `Data`, `Supplement`, …), if given.
    pub relationship: Option<String>,
    /// The decoded bytes.
    pub data: Vec<u8>,
}

/// What `read` found in a PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfContents {
    /// Embedded files by name.
    pub files: BTreeMap<String, EmbeddedFile>,
    /// The document's XMP metadata packet, if any.
    pub xmp: Option<String>,
    /// The catalog's `/Lang` (document language), if any.
    pub lang: Option<String>,
    /// `/ViewerPreferences /DisplayDocTitle`: the title, not the file name, is the window title.
    pub display_doc_title: bool,
    /// The alternative text of every `/Figure` structure element, in structure order (`None`
    /// for a figure without `/Alt`).
    pub figures: Vec<Option<String>>,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfReadError {
    #[error("not a PDF file (it does not start with %PDF-)")]
    NotPdf,
    #[error("the PDF is encrypted; slareport writes unencrypted archive PDFs")]
    Encrypted,
    #[error("the PDF's structure cannot be read (cross-reference table or catalog damaged)")]
    Damaged,
    #[error("embedded file {name:?}: {reason}")]
    BadFile { name: String, reason: String },
    #[error("the embedded-files name tree is malformed: {0}")]
    BadTree(String),
}

/// Deeper name trees than this are refused (a cycle or a hostile file).
const MAX_DEPTH: usize = 16;
/// More embedded files than this are refused.
const MAX_FILES: usize = 1000;

/// Read the embedded files and the XMP metadata of `bytes`.
pub fn read(bytes: &[u8]) -> Result<PdfContents, PdfReadError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfReadError::NotPdf);
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => PdfReadError::Encrypted,
        hayro_syntax::LoadPdfError::Invalid => PdfReadError::Damaged,
    })?;
    let xref = pdf.xref();
    let catalog: Dict<'_> = xref.get(xref.root_id()).ok_or(PdfReadError::Damaged)?;
    let mut out = PdfContents {
        lang: catalog
            .get::<hayro_syntax::object::String<'_>>(b"Lang")
            .map(|s| text_string(s.as_bytes())),
        display_doc_title: catalog
            .get::<Dict<'_>>(b"ViewerPreferences")
            .and_then(|v| v.get::<bool>(b"DisplayDocTitle"))
            .unwrap_or(false),
        xmp: catalog
            .get::<Stream<'_>>(b"Metadata")
            .and_then(|s| s.decoded().ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
        ..Default::default()
    };
    if let Some(tree) = catalog
        .get::<Dict<'_>>(b"Names")
        .and_then(|n| n.get::<Dict<'_>>(b"EmbeddedFiles"))
    {
        walk(&tree, 0, &mut out.files)?;
    }
    if let Some(root) = catalog.get::<Dict<'_>>(b"StructTreeRoot") {
        let mut budget = MAX_STRUCT_NODES;
        structure(&root, 0, &mut budget, &mut out.figures);
    }
    Ok(out)
}

/// Structure elements visited at most (a hostile tree may be huge or cyclic).
const MAX_STRUCT_NODES: usize = 200_000;

/// Collect the `/Alt` of every `/Figure` under a structure element (its `/K` kids).
fn structure(elem: &Dict<'_>, depth: usize, budget: &mut usize, figures: &mut Vec<Option<String>>) {
    if depth > 256 || *budget == 0 {
        return;
    }
    *budget -= 1;
    if elem
        .get::<hayro_syntax::object::Name<'_>>(b"S")
        .is_some_and(|n| n.as_str() == "Figure")
    {
        figures.push(
            elem.get::<hayro_syntax::object::String<'_>>(b"Alt")
                .map(|s| text_string(s.as_bytes())),
        );
    }
    match elem.get::<Object<'_>>(b"K") {
        Some(Object::Dict(kid)) => structure(&kid, depth + 1, budget, figures),
        Some(Object::Array(kids)) => {
            for kid in kids.iter::<Object<'_>>() {
                if let Object::Dict(kid) = kid {
                    structure(&kid, depth + 1, budget, figures);
                }
            }
        }
        _ => {}
    }
}

/// One node of the name tree: `/Names [key spec key spec …]` and/or `/Kids [node …]`.
fn walk(
    node: &Dict<'_>,
    depth: usize,
    out: &mut BTreeMap<String, EmbeddedFile>,
) -> Result<(), PdfReadError> {
    if depth > MAX_DEPTH {
        return Err(PdfReadError::BadTree(format!(
            "deeper than {MAX_DEPTH} levels"
        )));
    }
    if let Some(names) = node.get::<hayro_syntax::object::Array<'_>>(b"Names") {
        let items: Vec<Object<'_>> = names.iter::<Object<'_>>().collect();
        if items.len() % 2 != 0 {
            return Err(PdfReadError::BadTree("odd number of entries".into()));
        }
        for pair in items.chunks(2) {
            let (Object::String(key), Object::Dict(spec)) = (&pair[0], &pair[1]) else {
                return Err(PdfReadError::BadTree(
                    "an entry is not a name and a file specification".into(),
                ));
            };
            let file = file_spec(&text_string(key.as_bytes()), spec)?;
            if out.len() >= MAX_FILES {
                return Err(PdfReadError::BadTree(format!(
                    "more than {MAX_FILES} files"
                )));
            }
            if out.contains_key(&file.name) {
                return Err(PdfReadError::BadFile {
                    name: file.name,
                    reason: "embedded twice".into(),
                });
            }
            out.insert(file.name.clone(), file);
        }
    }
    if let Some(kids) = node.get::<hayro_syntax::object::Array<'_>>(b"Kids") {
        for kid in kids.iter::<Object<'_>>() {
            let Object::Dict(kid) = kid else {
                return Err(PdfReadError::BadTree("a child is not a dictionary".into()));
            };
            walk(&kid, depth + 1, out)?;
        }
    }
    Ok(())
}

/// A file specification dictionary: name, description, relationship and the decoded stream.
fn file_spec(key: &str, spec: &Dict<'_>) -> Result<EmbeddedFile, PdfReadError> {
    let name = spec
        .get::<hayro_syntax::object::String<'_>>(b"UF")
        .or_else(|| spec.get::<hayro_syntax::object::String<'_>>(b"F"))
        .map(|s| text_string(s.as_bytes()))
        .unwrap_or_else(|| key.to_string());
    let bad = |reason: &str| PdfReadError::BadFile {
        name: name.clone(),
        reason: reason.into(),
    };
    let ef = spec
        .get::<Dict<'_>>(b"EF")
        .ok_or_else(|| bad("no /EF entry (the file's data is missing)"))?;
    let stream = ef
        .get::<Stream<'_>>(b"F")
        .or_else(|| ef.get::<Stream<'_>>(b"UF"))
        .ok_or_else(|| bad("no embedded file stream"))?;
    let data = stream
        .decoded()
        .map_err(|e| {
            bad(&format!(
                "its data cannot be decoded ({e:?}): damaged or altered"
            ))
        })?
        .into_owned();
    Ok(EmbeddedFile {
        mime: stream
            .dict()
            .get::<hayro_syntax::object::Name<'_>>(b"Subtype")
            .map(|n| n.as_str().to_string()),
        description: spec
            .get::<hayro_syntax::object::String<'_>>(b"Desc")
            .map(|s| text_string(s.as_bytes())),
        relationship: spec
            .get::<hayro_syntax::object::Name<'_>>(b"AFRelationship")
            .map(|n| n.as_str().to_string()),
        data,
        name,
    })
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), else
/// PDFDocEncoding (ASCII-compatible; other bytes are read as Latin-1).
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// Whether `name` is safe to write as a file inside an output directory: a plain file name
/// of ASCII letters, digits, `.`, `_` and `-`, not starting with a dot, at most 100 bytes.
/// An embedded name comes from the PDF, which may be hostile (`../../x`, `/etc/x`, `C:x`).
pub fn safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The value of a simple XMP property (`<ns:prop>v</ns:prop>` or `ns:prop="v"`), if present.
pub fn xmp_property(xmp: &str, prop: &str) -> Option<String> {
    let open = format!("<{prop}>");
    if let Some(i) = xmp.find(&open) {
        let rest = &xmp[i + open.len()..];
        let end = rest.find(&format!("</{prop}>"))?;
        return Some(rest[..end].trim().to_string());
    }
    let attr = format!("{prop}=\"");
    let i = xmp.find(&attr)?;
    let rest = &xmp[i + attr.len()..];
    Some(rest[..rest.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_three_encodings() {
        assert_eq!(text_string(b"metrics.json"), "metrics.json");
        assert_eq!(
            text_string(&[0xFE, 0xFF, 0x00, b'a', 0x00, 0xE5]),
            "a\u{e5}"
        );
        assert_eq!(text_string("\u{feff}å".as_bytes()), "å");
        // An odd trailing byte does not panic.
        assert_eq!(text_string(&[0xFE, 0xFF, 0x00]), "\u{0}");
    }

    #[test]
    fn only_plain_names_are_safe() {
        for ok in ["metrics.json", "sla-config.toml", "rejected.csv", "a_b-1.x"] {
            assert!(safe_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "/etc/passwd",
            "a/b",
            "a\\b",
            ".hidden",
            "..",
            "C:x",
            "x\0y",
            "å.csv",
            &"x".repeat(101),
        ] {
            assert!(!safe_file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn xmp_properties_as_elements_or_attributes() {
        let x = r#"<rdf:Description pdfaid:part="3"><pdfuaid:part>1</pdfuaid:part>
            <pdfaid:conformance>A</pdfaid:conformance></rdf:Description>"#;
        assert_eq!(xmp_property(x, "pdfaid:part").as_deref(), Some("3"));
        assert_eq!(xmp_property(x, "pdfuaid:part").as_deref(), Some("1"));
        assert_eq!(xmp_property(x, "pdfaid:conformance").as_deref(), Some("A"));
        assert_eq!(xmp_property(x, "dc:title"), None);
    }

    #[test]
    fn non_pdfs_and_garbage_are_errors_not_panics() {
        assert_eq!(read(b"hello").unwrap_err(), PdfReadError::NotPdf);
        assert_eq!(read(b"").unwrap_err(), PdfReadError::NotPdf);
        assert!(read(b"%PDF-1.7\n garbage \x00\xff trailer <<>>\n%%EOF").is_err());
    }
}
