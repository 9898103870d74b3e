//! The archive PDF: which evidence report.pdf embeds (PDF/A-3 associated files), under which
//! name, MIME type and relationship, and how it is described to the reader. The attachments
//! themselves and their listing in the PDF are made by `render::archive`.
//!
//! The circularity is settled here: manifest.json records the SHA-256 of every output except
//! itself and report.pdf, and names report.pdf as the archive that embeds it
//! ([`crate::audit::manifest::Archive`]). The PDF embeds the manifest byte for byte, so the
//! manifest cannot hold the PDF's own hash; `verify` instead makes the PDF again and compares
//! it byte for byte.

/// The archive PDF's file name.
pub const PDF: &str = "report.pdf";

/// The SLA config in force, as canonical TOML: the bytes whose SHA-256 is the manifest's
/// `config.sha256`.
pub const CONFIG_FILE: &str = "sla-config.toml";

/// What report.pdf embeds, in the order the appendix lists them.
pub const EMBEDDED: [&str; 5] = [
    "manifest.json",
    "metrics.json",
    "breaches.csv",
    "rejected.csv",
    CONFIG_FILE,
];

/// MIME type, PDF/A-3 relationship (as typst spells it: `source`, `data`, `supplement`) and
/// description (sv, en) of an embedded file.
pub fn describe(name: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match name {
        "manifest.json" => (
            "application/json",
            "supplement",
            "Manifest: indatafiler med SHA-256 och radantal, regelverkets hash, verktygets version och övriga utfilers SHA-256",
            "Manifest: input files with SHA-256 and row counts, the config hash, the tool version and the other outputs' SHA-256",
        ),
        "metrics.json" => (
            "application/json",
            "data",
            "Alla månadens mätvärden, maskinläsbara (underlag för rapportens siffror)",
            "Every figure of the month, machine-readable (the source of the report's figures)",
        ),
        "breaches.csv" => (
            "text/csv",
            "data",
            "Varje avvikelse och avbrott, en rad vardera",
            "Every breach and outage, one row each",
        ),
        "rejected.csv" => (
            "text/csv",
            "supplement",
            "Varje avvisad indatarad med fil, rad och skäl",
            "Every rejected input row with file, line and reason",
        ),
        _ => (
            "application/toml",
            "source",
            "Regelverket (SLA-konfigurationen) som gällde, som kanonisk TOML",
            "The SLA config in force, as canonical TOML",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_is_described() {
        for name in EMBEDDED {
            let (mime, rel, sv, en) = describe(name);
            assert!(["application/json", "text/csv", "application/toml"].contains(&mime));
            assert!(["source", "data", "supplement"].contains(&rel));
            assert!(!sv.is_empty() && !en.is_empty() && sv != en, "{name}");
        }
        assert_eq!(describe(CONFIG_FILE).0, "application/toml");
        assert_eq!(describe("breaches.csv").0, "text/csv");
    }
}
