//! Audit: the manifest written beside every report (inputs with SHA-256 and row counts, config
//! hash, tool version and revision, tz database version), and `verify`, which makes the report
//! again from it and compares.

pub mod confine;
pub mod manifest;
pub mod verify;

pub use manifest::Manifest;
