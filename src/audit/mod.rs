//! Audit: the manifest written beside every report (inputs with SHA-256 and row counts, config
//! hash, tool version and revision, tz database version), and what `verify` compares.

pub mod manifest;

pub use manifest::Manifest;
