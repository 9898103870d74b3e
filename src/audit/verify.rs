//! `verify`: make a report again from its manifest and say what, if anything, changed.
//!
//! 1. Read `DIR/manifest.json`.
//! 2. Find the inputs: the recorded paths (as given when the report was made) are resolved
//!    against `--root` if given, else the current directory, else `DIR`: the first of these
//!    under which every input (and a config file, if one was used) exists.
//! 3. Hash every input and compare size and SHA-256 with the manifest; load the config (the
//!    embedded one, or the file at its recorded origin) and compare its hash.
//! 4. Recompute with [`crate::pipeline::produce`] — same month, language, formats, presets and
//!    config — with the working directory set to the base found in 2, so that the paths the
//!    new run records are byte for byte the recorded ones.
//! 5. Compare every output file byte by byte (and with the SHA-256 the manifest recorded for
//!    it, which catches a file edited after the fact), every kpi of metrics.json, and the
//!    manifest's own fields ([`super::compare`]). report.pdf, which embeds the manifest and so
//!    cannot be hashed in it, is compared byte for byte only; its attachments must be the
//!    files beside it ([`super::from_pdf::check_embedded`]).
//!
//! A different tool version or git revision is a note, not a difference: if it changed any
//! figure or byte, the output comparison says so. The report is re-made with the manifest's
//! recorded tool (the PDF embeds manifest.json, so the revision alone would change its bytes).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::compare::{compare_outputs, short, AtHand};
pub use super::confine::confine;
use super::manifest::{Manifest, EMBEDDED_CONFIG};
use crate::config::LoadedConfig;
use crate::inputs::digest::hash_file;
use crate::pipeline::{produce, Request};
use crate::progress::Progress;

/// One thing that is not as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `input`, `mapping`, `config`, `output`, `kpi` or `manifest`.
    pub kind: &'static str,
    /// What: a path, a file name, a kpi key, a JSON path.
    pub subject: String,
    /// How, in words (`old → new` for values).
    pub detail: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub dir: PathBuf,
    /// Where the recorded relative paths were resolved.
    pub base: PathBuf,
    pub inputs_checked: usize,
    pub files_compared: usize,
    pub kpis_compared: usize,
    pub notes: Vec<String>,
    pub differences: Vec<Difference>,
}

impl Verification {
    pub fn identical(&self) -> bool {
        self.differences.is_empty()
    }

    pub(super) fn differ(
        &mut self,
        kind: &'static str,
        subject: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.differences.push(Difference {
            kind,
            subject: subject.into(),
            detail: detail.into(),
        });
    }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "verify {}: inputs resolved against {}",
            self.dir.display(),
            self.base.display()
        )?;
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        if self.identical() {
            writeln!(
                f,
                "IDENTICAL: {} input hashes confirmed, {} output files byte-identical, {} kpis equal",
                self.inputs_checked, self.files_compared, self.kpis_compared
            )
        } else {
            let n = self.differences.len();
            writeln!(
                f,
                "DIFFERENT: {n} difference{}",
                if n == 1 { "" } else { "s" }
            )?;
            for d in &self.differences {
                writeln!(f, "  {:<8} {}: {}", d.kind, d.subject, d.detail)?;
            }
            Ok(())
        }
    }
}

/// Restores the working directory when dropped.
struct CwdGuard(PathBuf);

impl Drop for CwdGuard {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.0);
    }
}

/// The files a manifest needs: inputs, and the config file unless embedded.
fn needed_paths(m: &Manifest) -> Vec<&str> {
    let mut v: Vec<&str> = m.inputs.iter().map(|i| i.path.as_str()).collect();
    if m.config.origin != EMBEDDED_CONFIG {
        v.push(&m.config.origin);
    }
    if let Some(map) = &m.mapping {
        v.push(&map.path);
    }
    v
}

/// The first base directory under which every needed path exists.
pub(super) fn resolve_base(
    m: &Manifest,
    dir: &Path,
    root: Option<&Path>,
    allow_outside: bool,
) -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let candidates: Vec<PathBuf> = match root {
        Some(r) => vec![cwd.join(r)],
        None => vec![cwd, dir.to_path_buf()],
    };
    let needed = needed_paths(m);
    // Nothing outside the root is even looked at: absolute and `..` paths are refused first.
    for p in &needed {
        confine(&candidates[0], p, allow_outside)?;
    }
    for base in &candidates {
        if needed.iter().all(|p| base.join(p).is_file()) {
            for p in &needed {
                confine(base, p, allow_outside)?;
            }
            return Ok(base.clone());
        }
    }
    let base = &candidates[0];
    let missing: Vec<String> = needed
        .iter()
        .filter(|p| !base.join(p).is_file())
        .map(|p| format!("  {p}"))
        .collect();
    anyhow::bail!(
        "inputs of {} not found under {}{}:\n{}\nhint: give the directory the report was made from with --root",
        dir.join("manifest.json").display(),
        candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect::<Vec<_>>()
            .join(" or "),
        if root.is_some() { " (--root)" } else { "" },
        missing.join("\n")
    )
}

/// Verify the report in `dir`, its inputs confined to the root (see [`confine`]). Errors
/// (exit 1) when the manifest or an input cannot be read, an input lies outside the root, or
/// the config is invalid; differences are in the result.
pub fn verify(
    dir: &Path,
    root: Option<&Path>,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    verify_with(dir, root, false, progress)
}

/// [`verify`], with `allow_outside` (`--allow-outside-root`) reading inputs anywhere.
pub fn verify_with(
    dir: &Path,
    root: Option<&Path>,
    allow_outside: bool,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    let dir_abs = std::fs::canonicalize(dir)
        .with_context(|| format!("cannot read report directory {}", dir.display()))?;
    let manifest = Manifest::read(&dir_abs.join("manifest.json"))?;
    let base = resolve_base(&manifest, &dir_abs, root, allow_outside)?;
    let mut v = Verification {
        dir: dir.to_path_buf(),
        base: base.clone(),
        ..Default::default()
    };
    let produced = recompute(&mut v, &manifest, &base, None, progress)?;
    progress.stage("comparing");
    let mut files = BTreeMap::new();
    let archive = manifest.archive.iter().map(|a| a.file.as_str());
    for name in manifest
        .outputs
        .keys()
        .map(String::as_str)
        .chain(produced.files.keys().map(String::as_str))
        .chain(archive)
        .chain(["manifest.json"])
    {
        let path = dir_abs.join(name);
        match std::fs::read(&path) {
            Ok(b) => {
                files.insert(name.to_string(), b);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
    let at_hand = AtHand {
        files,
        place: "the report directory".into(),
        optional: BTreeSet::new(),
    };
    compare_outputs(&mut v, &manifest, &produced.files, &at_hand);
    // The PDF's attachments must be the files beside it.
    if let Some(a) = &manifest.archive {
        if let Some(pdf) = at_hand.files.get(&a.file) {
            super::from_pdf::check_embedded(&mut v, &a.file, pdf, &at_hand.files);
        }
    }
    Ok(v)
}

/// Hash the inputs, load the config (`config`, or the recorded one), make the report again
/// with the working directory at `base`, and compare the row counts.
pub(super) fn recompute(
    v: &mut Verification,
    manifest: &Manifest,
    base: &Path,
    config: Option<LoadedConfig>,
    progress: &Progress,
) -> anyhow::Result<crate::pipeline::Produced> {
    let here = &manifest.tool;
    if here.version != crate::VERSION || here.git_revision != crate::GIT_REV {
        v.notes.push(format!(
            "the report was made by slareport {} (revision {}); this is slareport {} (revision {})",
            here.version,
            here.git_revision,
            crate::VERSION,
            crate::GIT_REV
        ));
    }
    let tzdb = format!("chrono-tz {}", chrono_tz::IANA_TZDB_VERSION);
    if here.tzdb != tzdb {
        v.notes.push(format!(
            "time-zone database: the report used {}, this run uses {tzdb}",
            here.tzdb
        ));
    }

    progress.stage("hashing inputs");
    for input in &manifest.inputs {
        let (size, sha) = hash_file(&base.join(&input.path))?;
        v.inputs_checked += 1;
        if sha != input.sha256 {
            v.differ(
                "input",
                format!("{} {}", input.input, input.path),
                format!(
                    "SHA-256 {} → {} (size {} → {} bytes): the file is not the one the report was made from",
                    short(&input.sha256),
                    short(&sha),
                    input.size_bytes,
                    size
                ),
            );
        }
    }

    if let Some(map) = &manifest.mapping {
        let (_, sha) = hash_file(&base.join(&map.path))?;
        if sha != map.sha256 {
            v.differ(
                "mapping",
                map.path.clone(),
                format!(
                    "SHA-256 {} → {}: the mapping file is not the one the report was made from",
                    short(&map.sha256),
                    short(&sha)
                ),
            );
        }
    }

    let (year, month) = crate::commands::parse_month(&manifest.month)
        .with_context(|| format!("manifest: month `{}`", manifest.month))?;
    let req_inputs = manifest.input_args()?;
    let formats = manifest.output_formats()?;
    let lang = manifest.language()?;

    // From here on, relative paths mean what they meant when the report was made.
    let restore = CwdGuard(std::env::current_dir()?);
    std::env::set_current_dir(base)
        .with_context(|| format!("cannot change directory to {}", base.display()))?;
    let config = match config {
        Some(c) => c,
        None if manifest.config.origin == EMBEDDED_CONFIG => LoadedConfig::load(None)?,
        None => LoadedConfig::load(Some(Path::new(&manifest.config.origin)))?,
    };
    if config.sha256 != manifest.config.sha256 {
        v.differ(
            "config",
            manifest.config.origin.clone(),
            format!(
                "SHA-256 {} → {} ({} {} → {} {})",
                short(&manifest.config.sha256),
                short(&config.sha256),
                manifest.config.name,
                manifest.config.version,
                config.config.agreement.name,
                config.config.agreement.version
            ),
        );
    }
    let req = Request {
        year,
        month,
        inputs: req_inputs,
        config,
        lang,
        formats,
        recorded_tool: Some(manifest.tool.clone()),
    };
    let produced = produce(&req, progress)?;
    drop(restore);

    // Row counts per input file, as recomputed.
    for (old, new) in manifest.inputs.iter().zip(&produced.manifest.inputs) {
        for (what, a, b) in [
            ("rows read", old.rows_read, new.rows_read),
            ("rows used", old.rows_used, new.rows_used),
            ("rows rejected", old.rows_rejected, new.rows_rejected),
        ] {
            if a != b {
                v.differ(
                    "input",
                    format!("{} {}", old.input, old.path),
                    format!("{what} {a} → {b}"),
                );
            }
        }
    }
    if manifest.inputs.len() != produced.manifest.inputs.len() {
        v.differ(
            "input",
            "files",
            format!(
                "{} → {} input files",
                manifest.inputs.len(),
                produced.manifest.inputs.len()
            ),
        );
    }
    Ok(produced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, b"abc").unwrap();
        let (size, sha) = hash_file(&p).unwrap();
        assert_eq!(size, 3);
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn display_lists_differences() {
        let mut v = Verification {
            dir: "r".into(),
            base: "/b".into(),
            inputs_checked: 4,
            files_compared: 3,
            kpis_compared: 40,
            ..Default::default()
        };
        assert!(v.to_string().contains(
            "IDENTICAL: 4 input hashes confirmed, 3 output files byte-identical, 40 kpis equal"
        ));
        v.differ("kpi", "availability", "0.99 → 0.98");
        let s = v.to_string();
        assert!(s.contains("DIFFERENT: 1 difference\n"), "{s}");
        assert!(s.contains("kpi      availability: 0.99 → 0.98"), "{s}");
    }
}
