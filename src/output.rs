//! Writing a report folder so that it never mixes two runs.
//!
//! `--out DIR` holds either the complete previous set of files or the complete new set, never a
//! mix, also when the process is killed at any point:
//!
//! 1. **Lock.** `PARENT/.NAME.slareport-lock` (beside `DIR`, which itself is swapped) is locked
//!    exclusively with `File::try_lock` for the whole run, before any input is read. A second
//!    run on the same `DIR` fails at once with a message naming the lock; the lock is released
//!    by the kernel when the holder exits or is killed. The holder removes the (empty) lock
//!    file when it ends; one left by a killed run is reused.
//! 2. **Recovery** (under the lock) of a run killed during step 5: a leftover temporary folder
//!    `PARENT/.NAME.slareport-tmp` (a partial new set, or the complete old set after the swap)
//!    is removed; a leftover `PARENT/.NAME.slareport-old` (the fallback swap below, killed
//!    between its two renames) is renamed back to `DIR` if `DIR` is missing, else removed.
//! 3. **Stale files.** A file in `DIR` that the new run does not write (not listed in its
//!    manifest) makes the run refuse, naming it. `--restate` keeps the previous complete set
//!    instead: it moves into `DIR/versions/N/` (see [`versions`]). `--clean` replaces the
//!    folder's whole contents, but never a report (a folder holding `manifest.json`: it says to
//!    use `--restate`) and never a folder with subfolders other than `versions/`, so neither a
//!    report already sent nor a mistyped `--out $HOME` is ever emptied.
//! 4. **Write** into `PARENT/.NAME.slareport-tmp` (same file system as `DIR`): the kept
//!    versions first (hard links), then every file, `manifest.json` last, `fsync` each file and
//!    then the folder.
//! 5. **Swap.** `renameat2(RENAME_EXCHANGE)` swaps the temporary folder and `DIR` in one atomic
//!    step (or a plain `rename` when `DIR` does not exist yet), the parent is fsynced, and the
//!    temporary name, which now holds the old set, is removed. Where the file system cannot
//!    exchange (`EINVAL`/`ENOSYS`/`EOPNOTSUPP`), `DIR` is renamed to `.NAME.slareport-old`, the
//!    new folder to `DIR`, and the old one removed: a kill between these two renames leaves no
//!    `DIR` until the next run restores the old set (step 2).
//!
//! Any error before the swap (a full disk, a file-size limit) removes the temporary folder and
//! leaves `DIR` untouched; the message names the file that could not be written.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::render::spool::Spooled;

/// The manifest's file name: written last, and the mark of a report folder.
const MANIFEST: &str = "manifest.json";

/// An output folder, locked for this process until dropped.
pub struct OutDir {
    /// `--out` (its target, when it is a symbolic link to a directory).
    dir: PathBuf,
    parent: PathBuf,
    name: OsString,
    lock_path: PathBuf,
    _lock: File,
}

impl OutDir {
    /// Lock `out` and recover what a killed run left (steps 1 and 2 of the module doc).
    pub fn acquire(out: &Path) -> anyhow::Result<OutDir> {
        let out = match std::fs::canonicalize(out) {
            Ok(real) if real.is_dir() => real,
            _ => out.to_path_buf(),
        };
        let name = out
            .file_name()
            .filter(|n| !n.is_empty())
            .map(|n| n.to_os_string())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--out {}: expected a folder name (not `.`, `..` or `/`)",
                    out.display()
                )
            })?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_context(|| {
            format!(
                "cannot create the parent folder of --out {}: {}",
                out.display(),
                parent.display()
            )
        })?;
        // One lock per folder, whichever path (relative, through a symbolic link) names it.
        let parent = std::fs::canonicalize(&parent)
            .with_context(|| format!("cannot resolve {}", parent.display()))?;
        let out = parent.join(&name);
        if out.exists() && !out.is_dir() {
            anyhow::bail!(
                "--out {} exists and is not a folder (expected a folder, or no file of that name)",
                out.display()
            );
        }
        let lock_path = sibling(&parent, &name, "lock");
        let lock = take_lock(&lock_path, &out)?;
        let d = OutDir {
            dir: out,
            parent,
            name,
            lock_path,
            _lock: lock,
        };
        d.recover()?;
        Ok(d)
    }

    /// The folder written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn tmp(&self) -> PathBuf {
        sibling(&self.parent, &self.name, "tmp")
    }

    fn old(&self) -> PathBuf {
        sibling(&self.parent, &self.name, "old")
    }

    /// Step 2: undo or finish what a killed run left.
    fn recover(&self) -> anyhow::Result<()> {
        let old = self.old();
        if old.is_dir() {
            if self.dir.exists() {
                remove_dir(&old)?;
            } else {
                std::fs::rename(&old, &self.dir).with_context(|| {
                    format!(
                        "cannot restore {} from {} (left by a run killed while replacing it)",
                        self.dir.display(),
                        old.display()
                    )
                })?;
                sync_dir(&self.parent)?;
            }
        }
        let tmp = self.tmp();
        if tmp.symlink_metadata().is_ok() {
            remove_dir(&tmp)?;
        }
        Ok(())
    }

    /// Step 3: refuse to leave files the new run does not write, unless `clean`.
    pub fn check_stale<'a>(
        &self,
        new: impl IntoIterator<Item = &'a str>,
        clean: bool,
    ) -> anyhow::Result<()> {
        self.check_before_writing(new, clean, false)
    }

    /// The number the set now in the folder gets when `--restate` replaces it.
    pub fn next_version(&self) -> anyhow::Result<u32> {
        versions::next_version(&self.dir)
    }

    /// Step 3, with `restate`: the previous set is kept (in `versions/N/`), so no file of it
    /// is stale.
    pub fn check_before_writing<'a>(
        &self,
        new: impl IntoIterator<Item = &'a str>,
        clean: bool,
        restate: bool,
    ) -> anyhow::Result<()> {
        let new: std::collections::BTreeSet<&str> = new.into_iter().collect();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot list --out {}", self.dir.display()))
            }
        };
        let (mut stale, mut dirs, mut has_manifest) = (Vec::new(), Vec::new(), false);
        for e in entries {
            let e = e.with_context(|| format!("cannot list --out {}", self.dir.display()))?;
            let name = e.file_name().to_string_lossy().into_owned();
            has_manifest |= name == MANIFEST;
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                if name != versions::VERSIONS {
                    dirs.push(name);
                }
            } else if !new.contains(name.as_str()) {
                stale.push(name);
            }
        }
        stale.sort();
        dirs.sort();
        if !dirs.is_empty() {
            anyhow::bail!(
                "--out {} holds the folder(s) {}: not a report folder (a report is files \
                 only); give an empty or new folder",
                self.dir.display(),
                dirs.join(", ")
            );
        }
        if stale.is_empty() || (restate && has_manifest) {
            return Ok(());
        }
        if clean && has_manifest {
            anyhow::bail!(
                "--clean would discard the report in --out {} (it holds manifest.json and {} \
                 file(s) this run does not write: {}): a report may already have been sent; \
                 use --restate to keep it in {}/{}/ and write the new one beside it",
                self.dir.display(),
                stale.len(),
                stale.join(", "),
                versions::VERSIONS,
                self.next_version()?
            );
        }
        if !clean {
            anyhow::bail!(
                "--out {} holds {} file(s) this run does not write: {} (they would sit beside a \
                 manifest.json that does not list them); remove them, or pass --restate to keep \
                 the previous report in {}/N/ and write the new one (--clean does not discard \
                 a report)",
                self.dir.display(),
                stale.len(),
                stale.join(", "),
                versions::VERSIONS
            );
        }
        if !has_manifest {
            anyhow::bail!(
                "--clean replaces a report folder (one holding manifest.json); --out {} holds \
                 no manifest.json, so its {} file(s) ({}) may not be a report's: refusing to \
                 delete them",
                self.dir.display(),
                stale.len(),
                stale.join(", ")
            );
        }
        Ok(())
    }

    /// Steps 4 and 5: write `files` beside the folder, then swap them into place.
    pub fn replace(&self, files: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<()> {
        self.replace_keeping(files, &BTreeMap::new(), None)
    }

    /// [`OutDir::replace`], the set now in the folder kept as `versions/{keep_as}/`.
    pub fn replace_keeping(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        spooled: &BTreeMap<String, Spooled>,
        keep_as: Option<u32>,
    ) -> anyhow::Result<()> {
        let tmp = self.tmp();
        let written = self.write_tmp_with(&tmp, files, spooled, keep_as);
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(anyhow::anyhow!(
                "{e:#}; {} is unchanged",
                self.dir.display()
            ));
        }
        fault_point("before-swap");
        if self.dir.exists() {
            self.swap(&tmp)?;
        } else {
            std::fs::rename(&tmp, &self.dir).with_context(|| {
                format!(
                    "cannot move {} into place as {}",
                    tmp.display(),
                    self.dir.display()
                )
            })?;
            sync_dir(&self.parent)?;
        }
        Ok(())
    }

    #[cfg(test)]
    fn write_tmp(
        &self,
        tmp: &Path,
        files: &BTreeMap<String, Vec<u8>>,
        keep_as: Option<u32>,
    ) -> anyhow::Result<()> {
        self.write_tmp_with(tmp, files, &BTreeMap::new(), keep_as)
    }

    /// Write `files` and the `spooled` ones (copied from their temporary files) into `tmp`.
    fn write_tmp_with(
        &self,
        tmp: &Path,
        files: &BTreeMap<String, Vec<u8>>,
        spooled: &BTreeMap<String, Spooled>,
        keep_as: Option<u32>,
    ) -> anyhow::Result<()> {
        std::fs::create_dir(tmp)
            .with_context(|| format!("cannot create the temporary folder {}", tmp.display()))?;
        if self.dir.is_dir() {
            versions::carry(&self.dir, tmp, keep_as)?;
        }
        for (name, s) in spooled {
            self.write_one(tmp, name, |f| s.copy_to(f).map(|_| ()))?;
        }
        // manifest.json last: a folder with a manifest is complete.
        let order = files
            .iter()
            .filter(|(n, _)| *n != MANIFEST)
            .chain(files.iter().filter(|(n, _)| *n == MANIFEST));
        for (name, bytes) in order {
            self.write_one(tmp, name, |f| f.write_all(bytes))?;
        }
        sync_dir(tmp)
    }

    /// Create `name` in `tmp`, fill it with `fill` and sync it (a fault point before each).
    fn write_one(
        &self,
        tmp: &Path,
        name: &str,
        fill: impl FnOnce(&mut File) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        fault_point(&format!("write:{name}"));
        let fail = |e: std::io::Error| {
            anyhow::Error::new(e).context(format!(
                "cannot write {name} of {} (in the temporary folder {})",
                self.dir.display(),
                tmp.display()
            ))
        };
        let mut f = File::create_new(tmp.join(name)).map_err(fail)?;
        fill(&mut f).map_err(fail)?;
        f.sync_all().map_err(fail)
    }

    /// Exchange `tmp` and the folder atomically, then remove the old set.
    fn swap(&self, tmp: &Path) -> anyhow::Result<()> {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, tmp, CWD, &self.dir, RenameFlags::EXCHANGE) {
            Ok(()) => {
                sync_dir(&self.parent)?;
                fault_point("after-swap");
                remove_dir(tmp)?;
                sync_dir(&self.parent)
            }
            Err(e)
                if e == rustix::io::Errno::INVAL
                    || e == rustix::io::Errno::NOSYS
                    || e == rustix::io::Errno::OPNOTSUPP =>
            {
                self.swap_by_renames(tmp)
            }
            Err(e) => Err(std::io::Error::from(e)).with_context(|| {
                format!(
                    "cannot swap {} into place as {}",
                    tmp.display(),
                    self.dir.display()
                )
            }),
        }
    }

    /// The fallback of [`OutDir::swap`]: two renames, recovered by [`OutDir::recover`].
    fn swap_by_renames(&self, tmp: &Path) -> anyhow::Result<()> {
        let old = self.old();
        std::fs::rename(&self.dir, &old)
            .with_context(|| format!("cannot move {} aside", self.dir.display()))?;
        sync_dir(&self.parent)?;
        fault_point("between-renames");
        std::fs::rename(tmp, &self.dir).with_context(|| {
            format!(
                "cannot move {} into place as {} (the previous set is in {}; the next run \
                 restores it)",
                tmp.display(),
                self.dir.display(),
                old.display()
            )
        })?;
        sync_dir(&self.parent)?;
        fault_point("after-swap");
        remove_dir(&old)?;
        sync_dir(&self.parent)
    }

    /// The lock file's path.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }
}

/// Open and lock `lock_path` without waiting. The holder removes the lock file when it ends,
/// so a lock taken on a file removed meanwhile locks nothing another run can see: then the
/// file is opened and locked again (a few times).
// `File::try_lock` is std since 1.89 (the toolchain here is 1.95); rust-version still says
// 1.85 so that raising it is one change for the whole crate (it enables newer lints elsewhere).
#[allow(clippy::incompatible_msrv)]
fn take_lock(lock_path: &Path, out: &Path) -> anyhow::Result<File> {
    for _ in 0..3 {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path)
            .with_context(|| {
                format!(
                    "cannot create the lock file {} for --out {}",
                    lock_path.display(),
                    out.display()
                )
            })?;
        match lock.try_lock() {
            Ok(()) if same_file(&lock, lock_path) => return Ok(lock),
            Ok(()) => continue,
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another slareport run is writing {} (it holds the lock {}); wait until it \
                 ends, or give another --out",
                out.display(),
                lock_path.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", lock_path.display()))
            }
        }
    }
    anyhow::bail!(
        "another slareport run is writing {} (its lock {} keeps changing); try again",
        out.display(),
        lock_path.display()
    )
}

impl Drop for OutDir {
    /// Remove the lock file while still holding the lock (see [`OutDir::acquire`]); a killed
    /// run leaves it, and the next run reuses it.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// Whether the open `file` is the file at `path` (same device and inode).
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// `PARENT/.NAME.slareport-WHAT`.
fn sibling(parent: &Path, name: &std::ffi::OsStr, what: &str) -> PathBuf {
    let mut s = OsString::from(".");
    s.push(name);
    s.push(format!(".slareport-{what}"));
    parent.join(s)
}

fn remove_dir(p: &Path) -> anyhow::Result<()> {
    std::fs::remove_dir_all(p).with_context(|| format!("cannot remove {}", p.display()))
}

fn sync_dir(p: &Path) -> anyhow::Result<()> {
    File::open(p)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync the folder {}", p.display()))
}

pub use crate::fault::fault_point;

#[cfg(test)]
mod tests;
mod versions;
