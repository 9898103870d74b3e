//! The archive PDF: which evidence report.pdf embeds (PDF/A-3 associated files), under which
//! name, MIME type and relationship, and how it is described to the reader. The attachments
//! themselves and their listing in the PDF are made by `render::archive`.
//!
//! The circularity is settled here: manifest.json records the SHA-256 of every output except
//! itself and report.pdf, and names report.pdf as the archive that embeds it
//! ([`crate::audit::manifest::Archive`]). The PDF embeds the manifest byte for byte, so the
//! manifest cannot hold the PDF's own hash; `verify` instead makes the PDF again and compares
//! it byte for byte.
//!
//! One output grows with the inputs: rejected.csv holds a row per rejected input row. Above
//! [`EMBED_LIMIT`] it is not embedded but kept beside the PDF, and the PDF's listing gives its
//! size and SHA-256 (M12.8): typst lays the whole document out in memory, embedded files
//! included.

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

/// The one embedded file that may stay beside the PDF instead (M12.8): it grows with the
/// inputs; every other embedded file is bounded by the month.
pub const MAY_STAY_BESIDE: &str = "rejected.csv";

/// The largest rejected.csv, in bytes, that report.pdf embeds (M12.8). The decision is on its
/// final byte size, so the same inputs always give the same PDF; a larger one is written
/// beside the PDF only, its SHA-256 in the manifest's outputs and the PDF's listing.
pub const EMBED_LIMIT: u64 = 64 << 20;

/// [`EMBED_LIMIT`], unless `SLAREPORT_EMBED_LIMIT` sets another number of bytes: the tests
/// cross the limit with small inputs (as `SLAREPORT_SPILL_ROWS` forces the spill). `report`
/// and the `verify` of its report must run under the same limit.
pub fn embed_limit() -> u64 {
    std::env::var("SLAREPORT_EMBED_LIMIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(EMBED_LIMIT)
}

/// Whether a rejected.csv of `len` bytes is embedded (M12.8): at most the limit.
pub fn embeds_rejected(len: u64) -> bool {
    len <= embed_limit()
}

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

    #[test]
    fn the_limit_is_64_mib_and_inclusive() {
        assert_eq!(EMBED_LIMIT, 67_108_864);
        assert!(EMBEDDED.contains(&MAY_STAY_BESIDE));
        if std::env::var_os("SLAREPORT_EMBED_LIMIT").is_none() {
            assert!(embeds_rejected(EMBED_LIMIT));
            assert!(!embeds_rejected(EMBED_LIMIT + 1));
            assert!(embeds_rejected(0));
        }
    }
}
