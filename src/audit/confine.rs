//! Confinement of the paths an untrusted manifest names: `verify` reads a
//! manifest's inputs and config only under the verification root, so a report folder cannot
//! make it open (and print the hash, size and row counts of) any other file. Used by
//! [`super::verify`] for `manifest.json`, and for any manifest a report carries.

use std::path::{Path, PathBuf};

/// Where a path named by a manifest may be read: `base.join(recorded)`, only when it stays
/// under `base` (the verification root). A report folder is untrusted: its manifest could name
/// `/etc/passwd` or `../../secret`, and `verify` would read it and print its hash, size and row
/// counts. Refused: an absolute path, a `..` component, and (once the file exists) a path that
/// resolves through a symbolic link to somewhere outside `base`. `allow_outside`
/// (`--allow-outside-root`) lifts the rule for a manifest the auditor trusts.
pub fn confine(base: &Path, recorded: &str, allow_outside: bool) -> anyhow::Result<PathBuf> {
    use std::path::Component;
    let joined = base.join(recorded);
    if allow_outside {
        return Ok(joined);
    }
    let refuse = |why: &str| {
        anyhow::anyhow!(
            "the manifest names `{recorded}`, {why}, outside the verification root {}: refused \
             (a report folder must not make verify read other files); run verify from the \
             folder the report was made in, give it with --root, or pass --allow-outside-root \
             if you trust this manifest",
            base.display()
        )
    };
    let p = Path::new(recorded);
    if recorded.is_empty() {
        return Err(refuse("an empty path"));
    }
    if p.components()
        .any(|c| matches!(c, Component::RootDir | Component::Prefix(_)))
    {
        return Err(refuse("an absolute path"));
    }
    if p.components().any(|c| c == Component::ParentDir) {
        return Err(refuse("a path with `..`"));
    }
    if let (Ok(real), Ok(root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(base)) {
        if !real.starts_with(&root) {
            return Err(refuse(&format!(
                "which resolves through a symbolic link to {}",
                real.display()
            )));
        }
    }
    Ok(joined)
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
        assert_eq!(
            confine(&root, "/etc/passwd", true).unwrap(),
            Path::new("/etc/passwd")
        );
    }
}
