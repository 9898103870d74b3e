//! What `verify` finds: the [`Verification`] with its [`Difference`]s, the hash of an input
//! file, and where a manifest's recorded relative paths resolve ([`resolve_base`]). The
//! re-making and comparing is orchestrated by `pipeline::verify`, above both the audit and
//! the pipeline's stages.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;

pub use super::confine::confine;
use super::manifest::{Manifest, EMBEDDED_CONFIG};
pub use crate::inputs::digest::hash_file;

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
    /// With `--inputs`: (recorded path, file found by its SHA-256) for each file found.
    pub stand_ins: Vec<(String, PathBuf)>,
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

    pub fn differ(
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
        if self.stand_ins.is_empty() {
            writeln!(
                f,
                "verify {}: inputs resolved against {}",
                self.dir.display(),
                self.base.display()
            )?;
        } else {
            writeln!(
                f,
                "verify {}: inputs found by their SHA-256 below {}",
                self.dir.display(),
                self.base.display()
            )?;
            for (recorded, found) in &self.stand_ins {
                writeln!(f, "  {recorded}  <-  {}", found.display())?;
            }
        }
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
pub fn resolve_base(
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

#[cfg(test)]
mod tests {
    use super::*;

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
        v.stand_ins = vec![("sample-data/calls.csv".into(), "box/x/c.csv".into())];
        let s = v.to_string();
        assert!(
            s.starts_with("verify r: inputs found by their SHA-256 below /b\n  sample-data/calls.csv  <-  box/x/c.csv\n"),
            "{s}"
        );
    }
}
