//! Audit: the manifest written beside every report (inputs with SHA-256 and row counts, config
//! hash, tool version and revision, tz database version), what the archive PDF embeds
//! ([`archive`], read back by [`pdfread`] and [`from_pdf`]), and what `verify` finds when it
//! compares a fresh run with the recorded outputs ([`compare`], [`verify`]). The re-making
//! itself is `pipeline::verify`: the audit sits below the pipeline, never calls it.
//!
//! Layers (a module uses only those below it): `restate`, `locate` → `from_pdf` → `compare` →
//! `verify` → `manifest` (with the restatement record), `confine`, `archive`, `pdfread`.

pub mod archive;
pub mod compare;
pub mod confine;
pub mod from_pdf;
pub mod locate;
pub mod manifest;
pub mod pdfread;
pub mod restate;
pub mod verify;

pub use manifest::Manifest;
