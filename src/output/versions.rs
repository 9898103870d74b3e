//! The replaced versions a report folder keeps (`versions/1/`, `versions/2/`, …): carried
//! into every new set, and with `--restate` joined by the set being replaced.
//!
//! The new set is built beside the folder (see the parent module), so the versions are
//! *hard-linked* into it: no byte is copied, the swap stays one atomic step, and removing the
//! old set after the swap leaves the linked files in place. Where a hard link cannot be made,
//! the file is copied (and synced).

use std::fs::File;
use std::path::Path;

use anyhow::Context;

/// The folder of the kept versions (the audit's restatement record names the same folder).
pub const VERSIONS: &str = "versions";

/// The number the set now in `dir` gets when it is replaced: one more than the highest
/// `versions/N` (1 when there is none).
pub fn next_version(dir: &Path) -> anyhow::Result<u32> {
    let v = dir.join(VERSIONS);
    let entries = match std::fs::read_dir(&v) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(1),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", v.display())),
    };
    let mut max = 0u32;
    for e in entries {
        let e = e.with_context(|| format!("cannot list {}", v.display()))?;
        if let Some(n) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) {
            max = max.max(n);
        }
    }
    Ok(max + 1)
}

/// Into `tmp`: `dir/versions/` as it is, and with `keep_as` the files of `dir` itself as
/// `versions/{keep_as}/`. Folders are synced as they are made.
pub fn carry(dir: &Path, tmp: &Path, keep_as: Option<u32>) -> anyhow::Result<()> {
    let src = dir.join(VERSIONS);
    let has_versions = src.is_dir();
    if !has_versions && keep_as.is_none() {
        return Ok(());
    }
    let dst = tmp.join(VERSIONS);
    std::fs::create_dir(&dst).with_context(|| format!("cannot create {}", dst.display()))?;
    if has_versions {
        link_tree(&src, &dst)?;
    }
    if let Some(n) = keep_as {
        let to = dst.join(n.to_string());
        std::fs::create_dir(&to).with_context(|| format!("cannot create {}", to.display()))?;
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot list {}", dir.display()))?;
        names.sort_by_key(|e| e.file_name());
        for e in names {
            if e.file_type().is_ok_and(|t| t.is_file()) {
                link_or_copy(&e.path(), &to.join(e.file_name()))?;
            }
        }
        sync(&to)?;
    }
    sync(&dst)
}

fn link_tree(src: &Path, dst: &Path) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .with_context(|| format!("cannot list {}", src.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot list {}", src.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (from, to) = (e.path(), dst.join(e.file_name()));
        let t = e
            .file_type()
            .with_context(|| format!("cannot read {}", from.display()))?;
        if t.is_dir() {
            std::fs::create_dir(&to).with_context(|| format!("cannot create {}", to.display()))?;
            link_tree(&from, &to)?;
            sync(&to)?;
        } else if t.is_file() {
            link_or_copy(&from, &to)?;
        }
        // Anything else (a symbolic link, a socket) is not part of a report and not carried.
    }
    Ok(())
}

fn link_or_copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .and_then(|_| File::open(to)?.sync_all())
        .with_context(|| format!("cannot keep {} as {}", from.display(), to.display()))?;
    Ok(())
}

fn sync(p: &Path) -> anyhow::Result<()> {
    File::open(p)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync the folder {}", p.display()))
}
