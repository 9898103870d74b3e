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
//!    manifest's own fields.
//!
//! A different tool version or git revision is a note, not a difference: if it changed any
//! figure or byte, the output comparison says so.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub use super::confine::confine;
use super::manifest::{Manifest, EMBEDDED_CONFIG};
use crate::config::{hex, LoadedConfig};
use crate::pipeline::{produce, Request};
use crate::progress::Progress;

/// One thing that is not as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `input`, `config`, `output`, `kpi` or `manifest`.
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

    fn differ(
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

/// Size and SHA-256 (hex) of a file, streamed.
pub fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
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
    v
}

/// The first base directory under which every needed path exists.
fn resolve_base(
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

    let (year, month) = crate::commands::parse_month(&manifest.month)
        .with_context(|| format!("manifest: month `{}`", manifest.month))?;
    let req_inputs = manifest.input_args()?;
    let formats = manifest.output_formats()?;
    let lang = manifest.language()?;

    // From here on, relative paths mean what they meant when the report was made.
    let restore = CwdGuard(std::env::current_dir()?);
    std::env::set_current_dir(&base)
        .with_context(|| format!("cannot change directory to {}", base.display()))?;
    let config = if manifest.config.origin == EMBEDDED_CONFIG {
        LoadedConfig::load(None)?
    } else {
        LoadedConfig::load(Some(Path::new(&manifest.config.origin)))?
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
    };
    let produced = produce(&req, progress)?;
    drop(restore);
    progress.stage("comparing");

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

    compare_outputs(&mut v, &dir_abs, &manifest, &produced.files)?;
    Ok(v)
}

/// Compare every output file, the kpis and the manifest's fields.
fn compare_outputs(
    v: &mut Verification,
    dir: &Path,
    manifest: &Manifest,
    fresh: &std::collections::BTreeMap<String, Vec<u8>>,
) -> anyhow::Result<()> {
    let names: BTreeSet<&str> = manifest
        .outputs
        .keys()
        .map(String::as_str)
        .chain(fresh.keys().map(String::as_str))
        .collect();
    for name in names {
        let path = dir.join(name);
        let on_disk = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let new = fresh.get(name);
        v.files_compared += 1;
        let Some(old) = on_disk else {
            v.differ("output", name, "missing from the report directory");
            continue;
        };
        let old_sha = hex(&Sha256::digest(&old));
        if name != "manifest.json" {
            match manifest.outputs.get(name) {
                Some(rec) if *rec != old_sha => v.differ(
                    "output",
                    name,
                    format!(
                        "SHA-256 {} does not match the manifest's {}: changed after the report was written",
                        short(&old_sha),
                        short(rec)
                    ),
                ),
                None => v.differ("output", name, "not listed in the manifest"),
                _ => {}
            }
        }
        let Some(new) = new else {
            v.differ(
                "output",
                name,
                "listed in the manifest but not produced by this run",
            );
            continue;
        };
        match name {
            "manifest.json" => compare_manifests(v, &old, new),
            _ if old != *new => {
                v.differ(
                    "output",
                    name,
                    format!(
                        "differs from a fresh run ({} → {} bytes, SHA-256 {} → {}){}",
                        old.len(),
                        new.len(),
                        short(&old_sha),
                        short(&hex(&Sha256::digest(new))),
                        first_difference(&old, new)
                    ),
                );
            }
            _ => {}
        }
        if name == "metrics.json" {
            compare_kpis(v, &old, new);
        }
    }
    Ok(())
}

/// `, first at line L` for text, `, first at byte B` otherwise.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    match std::str::from_utf8(&a[..at]) {
        Ok(prefix) if !a.starts_with(b"%PDF") => {
            format!(", first at line {}", prefix.matches('\n').count() + 1)
        }
        _ => format!(", first at byte {at}"),
    }
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Every kpi of metrics.json, old → new.
fn compare_kpis(v: &mut Verification, old: &[u8], new: &[u8]) {
    let parse = |b: &[u8]| serde_json::from_slice::<Value>(b).ok();
    let (Some(old), Some(new)) = (parse(old), parse(new)) else {
        v.differ("kpi", "metrics.json", "not valid JSON");
        return;
    };
    let empty = serde_json::Map::new();
    let kpis = |x: &Value| x.get("kpis").and_then(Value::as_object).cloned();
    let (ko, kn) = (
        kpis(&old).unwrap_or(empty.clone()),
        kpis(&new).unwrap_or(empty),
    );
    let keys: BTreeSet<&String> = ko.keys().chain(kn.keys()).collect();
    for k in keys {
        v.kpis_compared += 1;
        let (a, b) = (ko.get(k), kn.get(k));
        if a != b {
            v.differ("kpi", k.clone(), format!("{} → {}", show(a), show(b)));
        }
    }
}

fn show(x: Option<&Value>) -> String {
    x.map_or_else(|| "(absent)".to_string(), Value::to_string)
}

/// The manifest's own fields, except the tool (a note) and what is compared elsewhere
/// (inputs, config, outputs).
fn compare_manifests(v: &mut Verification, old: &[u8], new: &[u8]) {
    let parse = |b: &[u8]| serde_json::from_slice::<Value>(b).ok();
    let (Some(mut old), Some(mut new)) = (parse(old), parse(new)) else {
        v.differ("manifest", "manifest.json", "not valid JSON");
        return;
    };
    for x in [&mut old, &mut new] {
        if let Some(o) = x.as_object_mut() {
            for k in ["tool", "inputs", "config", "outputs"] {
                o.remove(k);
            }
        }
    }
    let mut out = Vec::new();
    diff_json("", &old, &new, &mut out);
    for (path, a, b) in out {
        v.differ("manifest", path, format!("{a} → {b}"));
    }
}

/// Leaf-level differences between two JSON values: (path, old, new).
pub fn diff_json(path: &str, a: &Value, b: &Value, out: &mut Vec<(String, String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (x.get(k), y.get(k)) {
                    (Some(a), Some(b)) => diff_json(&p, a, b, out),
                    (a, b) => out.push((p, show(a), show(b))),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (a, b)) in x.iter().zip(y).enumerate() {
                diff_json(&format!("{path}[{i}]"), a, b, out);
            }
        }
        _ if a != b => out.push((path.to_string(), a.to_string(), b.to_string())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_diff_names_leaf_paths() {
        let a = json!({"month": "2026-03", "formats": ["pdf", "html"], "x": {"y": 1}});
        let b = json!({"month": "2026-04", "formats": ["pdf", "csv"], "x": {"y": 1, "z": null}});
        let mut out = Vec::new();
        diff_json("", &a, &b, &mut out);
        assert_eq!(
            out,
            vec![
                ("formats[1]".into(), "\"html\"".into(), "\"csv\"".into()),
                ("month".into(), "\"2026-03\"".into(), "\"2026-04\"".into()),
                ("x.z".into(), "(absent)".into(), "null".into()),
            ]
        );
    }

    #[test]
    fn kpi_diff_lists_every_changed_key() {
        let mut v = Verification::default();
        let old = br#"{"kpis": {"availability": 0.99, "calls_incoming": 10, "gone": 1}}"#;
        let new = br#"{"kpis": {"availability": 0.98, "calls_incoming": 10, "new": null}}"#;
        compare_kpis(&mut v, old, new);
        assert_eq!(v.kpis_compared, 4);
        let got: Vec<(String, String)> = v
            .differences
            .iter()
            .map(|d| (d.subject.clone(), d.detail.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("availability".into(), "0.99 → 0.98".into()),
                ("gone".into(), "1 → (absent)".into()),
                ("new".into(), "(absent) → null".into()),
            ]
        );
    }

    #[test]
    fn first_difference_in_lines_or_bytes() {
        assert_eq!(
            first_difference(b"a\nb\nc", b"a\nb\nx"),
            ", first at line 3"
        );
        assert_eq!(
            first_difference(b"%PDF-1.7 a", b"%PDF-1.7 b"),
            ", first at byte 9"
        );
        assert_eq!(first_difference(b"abc", b"abcd"), ", first at line 1");
    }

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
