//! Audit: the manifest written beside every report (inputs with SHA-256 and row counts, config
//! hash, tool version and revision, tz database version), the archive PDF's embedded evidence
//! ([`archive`], read back by [`pdfread`]), and `verify`, which makes the report again from a
//! report directory or from report.pdf alone ([`from_pdf`]) and compares.

pub mod archive;
pub mod compare;
pub mod confine;
pub mod from_pdf;
pub mod manifest;
pub mod pdfread;
pub mod verify;

pub use manifest::Manifest;
