//! Where `verify` finds a report's inputs: at their recorded paths below a root
//! ([`super::verify::resolve_base`]), or, with `--inputs DIR`, by content: every input is the
//! file below DIR (any name, any depth) whose size and SHA-256 are the recorded ones.
//!
//! Archived logs rarely keep the paths they had on the day of the report, but their bytes do
//! not change: the recorded SHA-256 identifies each input wherever it now lies. The files
//! found are staged (as symbolic links) at their recorded paths in a private temporary folder,
//! so that the report is made again from exactly the recorded path texts (which appear in the
//! manifest, the rejected rows and the PDF) while the bytes come from the files found.
//!
//! The search looks at sizes first and hashes only the files whose size is one an input has,
//! each file at most once. It does not follow symbolic links that lead out of DIR (a box of
//! logs is as untrusted as a report folder): they are listed, never read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use super::manifest::{Manifest, EMBEDDED_CONFIG};
use super::verify::{hash_file, resolve_base};
use crate::config::{LoadedConfig, SlaConfig};

/// How `verify` is told where the inputs are.
#[derive(Debug, Clone, Copy)]
pub enum Locate<'a> {
    /// At the recorded paths: below `--root` (default: the current directory, else the report
    /// folder), or anywhere with `--allow-outside-root`.
    Root {
        root: Option<&'a Path>,
        allow_outside: bool,
    },
    /// By SHA-256 among the files below this folder (`--inputs DIR`).
    Inputs(&'a Path),
}

/// Where the recorded paths are read: relative ones under `rel`, absolute ones where they
/// point, or under `abs` (root removed) when staged.
#[derive(Debug, Clone)]
pub struct Base {
    pub rel: PathBuf,
    pub abs: Option<PathBuf>,
}

impl Base {
    /// The file a recorded path is read from.
    pub fn path(&self, recorded: &str) -> PathBuf {
        match &self.abs {
            Some(a) if Path::new(recorded).is_absolute() => {
                a.join(recorded.trim_start_matches('/'))
            }
            _ => self.rel.join(recorded),
        }
    }
}

/// The inputs located: where to read them, what stood in for which recorded path, and the
/// staging folder (removed when this is dropped).
pub struct Located {
    pub base: Base,
    /// What the output shows as the place the inputs came from.
    pub shown: PathBuf,
    /// (recorded path, file found) for every input and mapping file found by content.
    pub stand_ins: Vec<(String, PathBuf)>,
    /// Symbolic links below `--inputs` that lead out of it, not followed.
    pub refused_links: Vec<(PathBuf, PathBuf)>,
    _stage: Option<Stage>,
}

/// Locate the files `m` needs (inputs, mapping file, config file; `dir` is the report folder).
pub fn locate(m: &Manifest, dir: &Path, how: Locate) -> anyhow::Result<Located> {
    match how {
        Locate::Root {
            root,
            allow_outside,
        } => {
            let rel = resolve_base(m, dir, root, allow_outside)?;
            Ok(Located {
                shown: rel.clone(),
                base: Base { rel, abs: None },
                stand_ins: Vec::new(),
                refused_links: Vec::new(),
                _stage: None,
            })
        }
        Locate::Inputs(inputs) => by_content(m, inputs),
    }
}

/// One file a manifest needs, found by size and SHA-256.
struct Wanted<'a> {
    recorded: &'a str,
    size: Option<u64>,
    sha256: &'a str,
}

fn by_content(m: &Manifest, inputs: &Path) -> anyhow::Result<Located> {
    let top = std::fs::canonicalize(inputs)
        .with_context(|| format!("--inputs {}: cannot read the folder", inputs.display()))?;
    if !top.is_dir() {
        anyhow::bail!("--inputs {}: not a folder", inputs.display());
    }
    let mut wanted: Vec<Wanted> = m
        .inputs
        .iter()
        .map(|i| Wanted {
            recorded: &i.path,
            size: Some(i.size_bytes),
            sha256: &i.sha256,
        })
        .collect();
    if let Some(map) = &m.mapping {
        wanted.push(Wanted {
            recorded: &map.path,
            size: None,
            sha256: &map.sha256,
        });
    }
    let sizes: BTreeSet<u64> = wanted.iter().filter_map(|w| w.size).collect();
    let any_size = wanted.iter().any(|w| w.size.is_none());
    let config_needed = m.config.origin != EMBEDDED_CONFIG;
    let walk = walk(&top, inputs)?;

    // Size first; each candidate hashed once; the first in path order wins (deterministic).
    let mut by_sha: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in &walk.files {
        if sizes.contains(&f.size) || any_size {
            let (_, sha) = hash_file(&f.real)?;
            by_sha.entry(sha).or_insert_with(|| f.shown.clone());
        }
    }
    let mut stand_ins = Vec::new();
    let mut missing = Vec::new();
    for w in &wanted {
        match by_sha.get(w.sha256) {
            Some(p) => stand_ins.push((w.recorded.to_string(), p.clone())),
            None => missing.push(format!(
                "  {} (SHA-256 {}{})",
                w.recorded,
                w.sha256,
                w.size.map_or(String::new(), |s| format!(", {s} bytes"))
            )),
        }
    }
    // The config file: any .toml below the folder whose resolved config has the recorded hash.
    let mut config_found = None;
    if config_needed {
        for f in walk.files.iter().filter(|f| has_ext(&f.shown, "toml")) {
            let Ok(text) = std::fs::read_to_string(&f.real) else {
                continue;
            };
            let Ok(cfg) = SlaConfig::from_toml(&text, &m.config.origin) else {
                continue;
            };
            if LoadedConfig::new(cfg, m.config.origin.clone()).sha256 == m.config.sha256 {
                config_found = Some(f.shown.clone());
                break;
            }
        }
        match &config_found {
            Some(p) => stand_ins.push((m.config.origin.clone(), p.clone())),
            None => missing.push(format!(
                "  config {} (a .toml whose resolved config has SHA-256 {})",
                m.config.origin, m.config.sha256
            )),
        }
    }
    if !missing.is_empty() {
        let links = walk
            .refused
            .iter()
            .map(|(l, t)| {
                format!(
                    "\n  not followed: {} is a symbolic link leading out of {} (to {})",
                    l.display(),
                    inputs.display(),
                    t.display()
                )
            })
            .collect::<String>();
        anyhow::bail!(
            "--inputs {}: no file below it has the size and SHA-256 the manifest records for:\n{}{links}\n\
             ({} files looked at, {} hashed)",
            inputs.display(),
            missing.join("\n"),
            walk.files.len(),
            by_sha.len()
        );
    }
    let stage = Stage::new()?;
    let depth = stand_ins
        .iter()
        .filter(|(r, _)| Path::new(r).is_relative())
        .map(|(r, _)| climb(Path::new(r)))
        .max()
        .unwrap_or(0);
    let mut rel = stage.dir.join("rel");
    for _ in 0..depth {
        rel.push("_");
    }
    let abs = stage.dir.join("abs");
    let base = Base {
        rel,
        abs: Some(abs),
    };
    for (recorded, found) in &stand_ins {
        let target = std::fs::canonicalize(found)
            .with_context(|| format!("cannot read {}", found.display()))?;
        place(&base, recorded, &target)?;
    }
    Ok(Located {
        base,
        shown: inputs.to_path_buf(),
        stand_ins,
        refused_links: walk.refused,
        _stage: Some(stage),
    })
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// How many levels above its start a relative path climbs (`../../x` climbs 2).
fn climb(p: &Path) -> usize {
    let (mut depth, mut lowest) = (0i64, 0i64);
    for c in p.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
        lowest = lowest.min(depth);
    }
    (-lowest) as usize
}

/// A symbolic link at `recorded` (read under `base`) to `target`, with its folders.
fn place(base: &Base, recorded: &str, target: &Path) -> anyhow::Result<()> {
    let at = base.path(recorded);
    let comps: Vec<Component> = Path::new(recorded).components().collect();
    let start = match &base.abs {
        Some(a) if Path::new(recorded).is_absolute() => a.clone(),
        _ => base.rel.clone(),
    };
    // Every folder the path passes through must exist for `..` to resolve physically.
    let mut cur = start;
    std::fs::create_dir_all(&cur).with_context(|| format!("cannot create {}", cur.display()))?;
    for c in comps.iter().take(comps.len().saturating_sub(1)) {
        match c {
            Component::Normal(n) => {
                cur.push(n);
                std::fs::create_dir_all(&cur)
                    .with_context(|| format!("cannot create {}", cur.display()))?;
            }
            Component::ParentDir => cur.push(".."),
            _ => {}
        }
    }
    if at.symlink_metadata().is_ok() {
        return Ok(()); // the same path recorded twice
    }
    std::os::unix::fs::symlink(target, &at)
        .with_context(|| format!("cannot stage {} at {}", target.display(), at.display()))
}

/// A file below `--inputs`: the path shown (under the folder as given) and the path read.
struct Seen {
    shown: PathBuf,
    real: PathBuf,
    size: u64,
}

struct Walk {
    files: Vec<Seen>,
    refused: Vec<(PathBuf, PathBuf)>,
}

/// Every regular file below `top` (canonical; shown under `given`), in path order. Symbolic
/// links to files inside `top` count as files; links to folders are not followed (what they
/// hold is below `top` and seen anyway); links leading out of `top` are refused.
fn walk(top: &Path, given: &Path) -> anyhow::Result<Walk> {
    let mut out = Walk {
        files: Vec::new(),
        refused: Vec::new(),
    };
    let mut stack = vec![(top.to_path_buf(), given.to_path_buf())];
    while let Some((dir, shown_dir)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot list {}", shown_dir.display()))?
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot list {}", shown_dir.display()))?;
        entries.sort_by_key(|e| e.file_name());
        let mut subdirs = Vec::new();
        for e in entries {
            let path = e.path();
            let shown = shown_dir.join(e.file_name());
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                subdirs.push((path, shown));
            } else if meta.is_file() {
                out.files.push(Seen {
                    shown,
                    real: path,
                    size: meta.len(),
                });
            } else if meta.file_type().is_symlink() {
                let Ok(real) = std::fs::canonicalize(&path) else {
                    continue;
                };
                if !real.starts_with(top) {
                    out.refused.push((shown, real));
                } else if let Ok(m) = std::fs::metadata(&real) {
                    if m.is_file() {
                        out.files.push(Seen {
                            shown,
                            real,
                            size: m.len(),
                        });
                    }
                }
            }
        }
        // Depth first, in name order.
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(out)
}

/// A private temporary folder, removed when dropped.
struct Stage {
    dir: PathBuf,
}

impl Stage {
    fn new() -> anyhow::Result<Stage> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let dir = base.join(format!("slareport-verify-{}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Stage { dir }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot create a folder in {}", base.display()))
                }
            }
        }
        anyhow::bail!("cannot create a staging folder in {}", base.display())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn climbing_paths_stay_inside_the_stage() {
        assert_eq!(climb(Path::new("a/b.csv")), 0);
        assert_eq!(climb(Path::new("../b.csv")), 1);
        assert_eq!(climb(Path::new("a/../../../b.csv")), 2);
        let t = tempfile::tempdir().unwrap();
        let target = t.path().join("real.csv");
        std::fs::write(&target, "x").unwrap();
        let base = Base {
            rel: t.path().join("s/rel/_/_"),
            abs: Some(t.path().join("s/abs")),
        };
        for r in ["in/x.csv", "../../y.csv", "a/../z.csv", "/w/calls.csv"] {
            place(&base, r, &target).unwrap();
            let p = base.path(r);
            assert_eq!(std::fs::read(&p).unwrap(), b"x", "{r}");
            let real = std::fs::canonicalize(p.parent().unwrap()).unwrap();
            assert!(
                real.starts_with(std::fs::canonicalize(t.path().join("s")).unwrap()),
                "{r}"
            );
        }
    }

    #[test]
    fn links_out_of_the_folder_are_not_followed() {
        let t = tempfile::tempdir().unwrap();
        let top = t.path().join("box");
        std::fs::create_dir_all(top.join("deep/er")).unwrap();
        std::fs::write(top.join("deep/er/a.csv"), "a").unwrap();
        std::fs::write(t.path().join("secret.csv"), "s").unwrap();
        std::os::unix::fs::symlink(t.path().join("secret.csv"), top.join("out.csv")).unwrap();
        std::os::unix::fs::symlink(top.join("deep/er/a.csv"), top.join("in.csv")).unwrap();
        let top = std::fs::canonicalize(&top).unwrap();
        let w = walk(&top, Path::new("box")).unwrap();
        let shown: Vec<_> = w.files.iter().map(|f| f.shown.clone()).collect();
        assert_eq!(
            shown,
            [
                PathBuf::from("box/in.csv"),
                PathBuf::from("box/deep/er/a.csv")
            ]
        );
        assert_eq!(w.refused.len(), 1);
        assert_eq!(w.refused[0].0, PathBuf::from("box/out.csv"));
    }
}
