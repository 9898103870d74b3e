//! Confinement of the paths an untrusted manifest names: `verify` reads a
//! manifest's inputs and config only under the verification root, so a report folder cannot
//! make it open (and print the hash, size and row counts of) any other file. Used by
//! [`super::verify`] for `manifest.json`, and for any manifest a report carries.

use std::path::{Path, PathBuf};

/// Where a path named by a manifest may be read: `base.join(recorded)`, only when it stays
/// under `base` (the verification root). A report folder is untrusted: its manifest could name
/// `/etc/passwd` or `../../secret`, and `verify` would read it and print its hash, size and row
/// counts. Refused: an absolute path that lies outside `base` (one below it is read where it
/// points), a `..` component, and (once the file exists) a path that resolves through a
/// symbolic link to somewhere outside `base`. `allow_outside`
/// (`--allow-outside-root`) lifts the rule for a manifest the auditor trusts.
pub fn confine(base: &Path, recorded: &str, allow_outside: bool) -> anyhow::Result<PathBuf> {
    use std::path::Component;
    let joined = base.join(recorded);
    if allow_outside {
        return Ok(joined);
    }
    let refuse = |why: &str| {
        anyhow::anyhow!(
            "the manifest names `{recorded}`, {why} the verification root {}: refused \
             (a report folder must not make verify read other files); give the folder that \
             holds it with --root, let verify find the file by its SHA-256 with --inputs DIR, \
             or pass --allow-outside-root if you trust this manifest",
            base.display()
        )
    };
    let p = Path::new(recorded);
    if recorded.is_empty() {
        return Err(refuse("an empty path, outside"));
    }
    if p.components()
        .any(|c| matches!(c, Component::RootDir | Component::Prefix(_)))
    {
        // An absolute path is read where it points, when that lies below the root (a CI
        // job records absolute paths; the auditor names the folder that holds them).
        return match inside(base, p) {
            Some(true) => Ok(p.to_path_buf()),
            Some(false) => Err(refuse("an absolute path, which lies outside")),
            None => Err(refuse("an absolute path that cannot be resolved against")),
        };
    }
    if p.components().any(|c| c == Component::ParentDir) {
        return Err(refuse("a path with `..`, outside"));
    }
    if let (Ok(real), Ok(root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(base)) {
        if !real.starts_with(&root) {
            return Err(refuse(&format!(
                "which resolves through a symbolic link to {}, outside",
                real.display()
            )));
        }
    }
    Ok(joined)
}

/// Whether the absolute path `p` lies below `base`: compared after resolving symbolic links
/// (of `p` itself when it exists, else of its folder). `None` when `base` cannot be resolved.
fn inside(base: &Path, p: &Path) -> Option<bool> {
    use std::path::Component;
    let root = std::fs::canonicalize(base).ok()?;
    if p.components().any(|c| c == Component::ParentDir) {
        return Some(false);
    }
    let real = std::fs::canonicalize(p).or_else(|_| {
        let parent = std::fs::canonicalize(p.parent().unwrap_or(Path::new("/")))?;
        Ok::<_, std::io::Error>(parent.join(p.file_name().unwrap_or_default()))
    });
    Some(real.is_ok_and(|r| r.starts_with(&root)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_stay_under_the_root() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("root");
        std::fs::create_dir_all(root.join("in")).unwrap();
        std::fs::write(root.join("in/calls.csv"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("in/link.csv")).unwrap();
        assert_eq!(
            confine(&root, "in/calls.csv", false).unwrap(),
            root.join("in/calls.csv")
        );
        for (bad, why) in [
            ("/etc/passwd", "an absolute path"),
            ("../secret.csv", "a path with `..`"),
            ("in/../../secret.csv", "a path with `..`"),
            (
                "in/link.csv",
                "resolves through a symbolic link to /etc/passwd",
            ),
            ("", "an empty path"),
        ] {
            let e = confine(&root, bad, false).unwrap_err().to_string();
            assert!(
                e.contains(why) && e.contains("--allow-outside-root"),
                "{bad}: {e}"
            );
        }
        // An absolute path below the root is read where it points.
        let abs = root.join("in/calls.csv");
        assert_eq!(confine(&root, abs.to_str().unwrap(), false).unwrap(), abs);
        let e = confine(&root, root.join("in/../../x").to_str().unwrap(), false).unwrap_err();
        assert!(
            e.to_string()
                .contains("an absolute path, which lies outside the verification root"),
            "{e}"
        );
        assert_eq!(
            confine(&root, "/etc/passwd", true).unwrap(),
            Path::new("/etc/passwd")
        );
    }
}
