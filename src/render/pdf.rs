//! report.pdf: the model compiled by typst 0.15 in an in-memory [`World`] — the embedded
//! template `templates/report.typ`, the model as the virtual file `model.json` (read with
//! `json()`, so every input text is *data* and can never become markup), and each chart as a
//! virtual SVG. Fonts come only from typst-assets (no system lookup); the document date comes
//! from the model (the first day after the month), never the wall clock.
//!
//! The output claims and, at export, is validated against two standards at once: PDF/A-3a
//! (archival, tagged, with associated files) and PDF/UA-1 (accessible: title shown as the
//! window title, document language, alternative text on every figure, table header cells,
//! tagged reading order). The evidence files ([`Attachment`]) are embedded as PDF/A-3
//! associated files and listed in the last appendix. Byte-identical for the same input.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::archive::{listing, Attachment, Beside};
use crate::report::ReportModel;

const TEMPLATE: &str = include_str!("templates/report.typ");

/// The embedded fonts, loaded once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// Load the fonts and typst's standard library on a thread of their own, so that
/// the PDF stage finds them ready: started while the inputs are read. Loading is the same
/// whichever thread does it, so outputs do not depend on it.
pub fn prewarm() {
    std::thread::spawn(|| {
        fonts();
        library();
    });
}

fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::default()))
}

/// A file id in the project root.
fn file_id(path: &str) -> anyhow::Result<FileId> {
    let vpath =
        VirtualPath::new(path).map_err(|e| anyhow::anyhow!("virtual path {path}: {e:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

struct ReportWorld {
    main: FileId,
    source: Source,
    files: BTreeMap<FileIdKey, Bytes>,
    today: Datetime,
}

/// `FileId` is not `Ord`; key the map by its path text.
type FileIdKey = String;

fn key(id: FileId) -> FileIdKey {
    format!("{id:?}")
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.clone()));
        }
        self.files
            .get(&key(id))
            .cloned()
            .ok_or_else(|| FileError::NotFound(key(id).into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The document's own date: the template never asks for "now", and if it did it would
        // get the report's date rather than the wall clock.
        Some(self.today)
    }
}

/// The standards report.pdf claims; typst's exporter (krilla) validates the document against
/// both and refuses to write it if either is violated.
pub const STANDARDS: [PdfStandard; 2] = [PdfStandard::A_3a, PdfStandard::Ua_1];

/// Compile the model to PDF/A-3a + PDF/UA-1 bytes with `attachments` embedded (and the files
/// kept `beside` the PDF listed with them, M12.8).
pub fn render(
    model: &ReportModel,
    charts: &BTreeMap<String, String>,
    attachments: &[Attachment],
    beside: &[Beside],
) -> anyhow::Result<Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut value = serde_json::to_value(model)?;
    printable(&mut value);
    let json = serde_json::to_vec(&value)?;
    files.insert(key(file_id("model.json")?), Bytes::new(json));
    for (id, svg) in charts {
        // Chart labels carry input text (provider names): the same glyph rule as the model.
        files.insert(
            key(file_id(&format!("charts/{id}.svg"))?),
            Bytes::new(printable_str(svg).into_owned().into_bytes()),
        );
    }
    // The evidence: each file as bytes (read by the template with `read(…, encoding: none)`)
    // and the appendix's listing of them. Names are ours (audit::archive), never input text.
    let mut listed = serde_json::to_value(listing(attachments, beside, model.lang))?;
    printable(&mut listed);
    let files_meta: Vec<serde_json::Value> = attachments
        .iter()
        .map(|a| {
            serde_json::json!({
                "name": a.name,
                "mime": a.mime,
                "relationship": a.relationship,
                "description": printable_str(&a.description),
            })
        })
        .collect();
    listed["files"] = serde_json::Value::Array(files_meta);
    files.insert(
        key(file_id("attachments.json")?),
        Bytes::new(serde_json::to_vec(&listed)?),
    );
    for a in attachments {
        files.insert(
            key(file_id(&format!("attachments/{}", a.name))?),
            a.data.clone(),
        );
    }
    let d = &model.date;
    let today = Datetime::from_ymd(d.year, d.month as u8, d.day as u8)
        .ok_or_else(|| anyhow::anyhow!("invalid document date {}", d.iso))?;
    export(TEMPLATE, files, today, &model.title)
}

/// Compile `template` over `files` and export it under [`STANDARDS`]: a document that
/// violates PDF/A-3a or PDF/UA-1 is an error naming the violation, never a PDF.
fn export(
    template: &str,
    files: BTreeMap<FileIdKey, Bytes>,
    today: Datetime,
    ident: &str,
) -> anyhow::Result<Vec<u8>> {
    let main = file_id("report.typ")?;
    let world = ReportWorld {
        main,
        source: Source::new(main, template.to_string()),
        files,
        today,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let doc = warned
        .output
        .map_err(|diags| anyhow::anyhow!("typst: {}", describe(&diags)))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("slareport-{ident}")),
        creator: typst::foundations::Smart::Custom(Some(format!("slareport {}", crate::VERSION))),
        standards: PdfStandards::new(&STANDARDS)
            .map_err(|e| anyhow::anyhow!("PDF standards: {e:?}"))?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options)
        .map_err(|diags| anyhow::anyhow!("typst pdf: {}", describe(&diags)))
}

/// Make every text of the model displayable. PDF/A refuses a document with any character that
/// no font can show, so one NUL, control character or glyph outside the embedded fonts (an
/// emoji, a CJK name) in a ticket summary would fail the whole report. Such
/// characters are shown as U+FFFD (or `?` if no font has it); HTML, JSON and CSV keep the
/// original text. Line breaks stay; tabs and carriage returns become spaces.
fn printable(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(t) = printable_str(s) {
                *s = t;
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(printable),
        serde_json::Value::Object(o) => o.values_mut().for_each(printable),
        _ => {}
    }
}

/// `s` with every character no embedded font shows replaced (see [`printable`]).
fn printable_str(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars()
        .all(|c| shown(c) && !invisible(c) && !matches!(c, '\t' | '\r'))
    {
        s.into()
    } else {
        s.chars()
            .filter(|&c| !invisible(c))
            .map(|c| match c {
                // Typst can shape a tab or CR with no font (fuzz_render: "\r\t" in a change
                // title failed PDF/A); in running text both are white space.
                '\t' | '\r' => ' ',
                c if shown(c) => c,
                _ => replacement(),
            })
            .collect::<String>()
            .into()
    }
}

/// Invisible format characters (zero-width spaces and joiners, bidi controls, word joiners,
/// the BOM as U+FEFF): typst shapes them with the current font without falling back, and
/// PDF/A then refuses the missing glyph (fuzz_render: a U+FEFF in an action plan). They show
/// nothing, so the PDF leaves them out.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{061C}'
        | '\u{180E}')
}

/// Whether `c` is white space typst lays out, or a character some embedded font covers.
fn shown(c: char) -> bool {
    if matches!(c, '\n' | '\t' | '\r' | ' ') {
        return true;
    }
    if c.is_control() {
        return false;
    }
    if c.is_ascii() {
        return true;
    }
    fonts()
        .1
        .iter()
        .any(|f| f.info().coverage.contains(c as u32))
}

/// U+FFFD if an embedded font shows it, else `?`.
fn replacement() -> char {
    static R: OnceLock<char> = OnceLock::new();
    *R.get_or_init(|| {
        let fffd = '\u{FFFD}';
        if fonts()
            .1
            .iter()
            .any(|f| f.info().coverage.contains(fffd as u32))
        {
            fffd
        } else {
            '?'
        }
    })
}

fn describe(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let hints: Vec<String> = d.hints.iter().map(|h| format!("{:?}", h)).collect();
            if hints.is_empty() {
                d.message.to_string()
            } else {
                format!("{} ({})", d.message, hints.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;

    /// Export a small document under [`STANDARDS`].
    fn try_export(body: &str) -> anyhow::Result<Vec<u8>> {
        let mut files = BTreeMap::new();
        files.insert(
            key(file_id("c.svg").unwrap()),
            Bytes::new(SVG.as_bytes().to_vec()),
        );
        files.insert(key(file_id("a.csv").unwrap()), Bytes::new(b"x\n".to_vec()));
        let src = format!(
            "#set document(title: \"T\", date: datetime(year: 2026, month: 4, day: 1))\n\
             #set text(font: \"Libertinus Serif\", lang: \"sv\", region: \"SE\")\n{body}"
        );
        export(&src, files, Datetime::from_ymd(2026, 4, 1).unwrap(), "t")
    }

    #[test]
    fn export_validates_both_standards() {
        // Conforming: a figure with alternative text, a table with a header, an attachment.
        let ok = try_export(
            "= H\n#figure(image(\"c.svg\", alt: \"A black square, 10 by 10.\"))\n\
             #table(columns: 2, table.header[A][B], [1], [2])\n\
             #pdf.attach(\"a.csv\", read(\"a.csv\", encoding: none), relationship: \"data\", mime-type: \"text/csv\", description: \"x\")",
        );
        let pdf = ok.expect("a conforming document exports");
        let c = crate::audit::pdfread::read(&pdf).unwrap();
        assert_eq!(c.files["a.csv"].data, b"x\n");
        // PDF/UA-1: an image without alternative text is refused at export.
        let e = try_export("= H\n#image(\"c.svg\")")
            .unwrap_err()
            .to_string();
        assert!(e.to_lowercase().contains("alt"), "{e}");
        // PDF/A-3: an attached file needs a description.
        let e = try_export(
            "#pdf.attach(\"a.csv\", read(\"a.csv\", encoding: none), relationship: \"data\")",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("file description is missing"), "{e}");
    }
}
