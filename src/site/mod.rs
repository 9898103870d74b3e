//! `slareport site ARCHIVE --out SITE`: a static website over an archive of monthly reports,
//! built from what each report folder carries (metrics.json, manifest.json), never the logs.
//!
//! The archive is read and verified by [`crate::archive`] (every listed file has its recorded
//! SHA-256, the PDF embeds byte-identical copies). A month that does not check is still listed
//! on the index, marked as failing verification with the reason (naming the file), and nothing
//! is read or copied from it; the build then ends with exit 4 ([`Built::unverified`]). The site copies each month's files (and those of its restated versions)
//! into `SITE/m/YYYY-MM/`, so it works from `file://` and on any static host with relative
//! links only, and shows each file's SHA-256 beside its link. Pages: `index.html` (months by
//! year with key figures and met / missed / not measured marks, then trend charts with their
//! data tables: [`trend`]) and one page per month (`m/YYYY-MM.html`: targets, files, versions).
//! No JavaScript; Swedish or English. The same archive gives byte-identical pages: no clock,
//! months and files in a fixed order.
//!
//! SITE is replaced whole on each build, only when it is new, empty, or a site this command
//! made (it holds the mark file `.slareport-site`).
//!
//! Layers (a module uses only those below it): `pages` (index and month pages) → `trend`
//! (the trend charts) → this module (the site's types, `esc`, `kpi`).

mod pages;
mod trend;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::archive::{scan_showing_failures, ArchivedMonth, Form, Unverified};
use crate::audit::archive::PDF;
use crate::report::Lang;

/// The mark of a folder this command wrote (so a rebuild may replace it).
const MARK: &str = ".slareport-site";

/// The files of a report folder the site links, in this order.
const FILES: [&str; 6] = [
    PDF,
    "report.html",
    "metrics.json",
    "breaches.csv",
    "rejected.csv",
    "manifest.json",
];

/// One report file as the site shows it.
#[derive(Debug, Clone)]
pub struct SiteFile {
    pub name: String,
    /// Relative to the site's root.
    pub href: String,
    pub sha256: String,
    pub check: Check,
}

/// What a file's hash was checked against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// The SHA-256 the manifest records.
    Manifest,
    /// The PDF: its embedded files are the files beside it (or its embedded records).
    Pdf,
    /// manifest.json: not recorded anywhere but in a restatement's chain.
    Itself,
}

/// One version of a month (the current one, or a restated earlier one).
#[derive(Debug, Clone)]
pub struct Version {
    pub label: Option<u32>,
    pub files: Vec<SiteFile>,
}

/// One archived month as the site shows it.
pub struct SiteMonth<'a> {
    pub m: &'a ArchivedMonth,
    pub versions: Vec<Version>,
}

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct Built {
    /// The months shown with their figures and files.
    pub months: usize,
    /// The reports that fail verification, shown with the reason only (their folder relative
    /// to the archive).
    pub unverified: Vec<Unverified>,
}

/// Build the site over `archive` into `out`.
pub fn build(archive: &Path, out: &Path, lang: Lang) -> anyhow::Result<Built> {
    let mut scan = scan_showing_failures(archive)?;
    // Paths as from the archive's root, so the same archive gives the same pages wherever it is.
    let root = format!("{}{}", archive.display(), std::path::MAIN_SEPARATOR);
    for u in &mut scan.unverified {
        u.reason = u.reason.replace(&root, "");
        u.path = PathBuf::from(crate::archive::relative(&u.path, archive));
    }
    prepare(out)?;
    let mut months = Vec::with_capacity(scan.months.len());
    for m in &scan.months {
        let key = m.month.to_string();
        let mut versions = vec![Version {
            label: None,
            files: copy_files(m, out, &format!("m/{key}"))?,
        }];
        for (i, v) in m.versions.iter().enumerate() {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            versions.push(Version {
                label: Some(n),
                files: copy_files(v, out, &format!("m/{key}/versions/{n}"))?,
            });
        }
        months.push(SiteMonth { m, versions });
    }
    let mut annual = Vec::new();
    for (i, a) in scan.annual.iter().enumerate() {
        let dir = format!("a/{}", i + 1);
        let mut files = Vec::new();
        let src_dir = if a.is_dir() {
            a.clone()
        } else {
            a.parent().unwrap_or(Path::new(".")).to_path_buf()
        };
        for name in FILES {
            let src = src_dir.join(name);
            if src.is_file() {
                files.push(copy(&src, out, &dir, name, Check::Itself)?);
            }
        }
        let label = a
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        annual.push((label, files));
    }
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    pages.insert(
        "index.html".into(),
        pages::index(&months, &scan.unverified, &annual, lang)?,
    );
    for sm in &months {
        pages.insert(format!("m/{}.html", sm.m.month), pages::month(sm, lang));
    }
    for (name, text) in &pages {
        let p = out.join(name);
        std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(Built {
        months: months.len(),
        unverified: scan.unverified.clone(),
    })
}

/// Make `out` an empty folder holding the mark: new, empty, or a site made here before.
fn prepare(out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot list --out {}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARK).is_file() {
            anyhow::bail!(
                "--out {} is not empty and not a site made by slareport site (no {MARK}): \
                 give a new or empty folder",
                out.display()
            );
        }
        std::fs::remove_dir_all(out)
            .with_context(|| format!("cannot replace --out {}", out.display()))?;
    }
    std::fs::create_dir_all(out.join("m"))
        .with_context(|| format!("cannot create --out {}", out.display()))?;
    std::fs::write(
        out.join(MARK),
        "made by slareport site; replaced whole on each build\n",
    )
    .with_context(|| format!("cannot write into {}", out.display()))?;
    Ok(())
}

/// Copy a month's files into `out/dir`, each with its SHA-256 and what it was checked against.
fn copy_files(m: &ArchivedMonth, out: &Path, dir: &str) -> anyhow::Result<Vec<SiteFile>> {
    let mut files = Vec::new();
    match m.form {
        Form::Pdf => {
            // The PDF alone: its embedded files were checked against its embedded manifest.
            let name = m
                .path
                .file_name()
                .map_or(PDF.to_string(), |n| n.to_string_lossy().into_owned());
            files.push(copy(&m.path, out, dir, &name, Check::Pdf)?);
        }
        Form::Folder => {
            for name in FILES {
                let src = m.path.join(name);
                if !src.is_file() {
                    continue;
                }
                let check = if name == PDF {
                    Check::Pdf
                } else if m.manifest.outputs.contains_key(name) {
                    Check::Manifest
                } else {
                    Check::Itself
                };
                files.push(copy(&src, out, dir, name, check)?);
            }
        }
    }
    Ok(files)
}

fn copy(src: &Path, out: &Path, dir: &str, name: &str, check: Check) -> anyhow::Result<SiteFile> {
    let to: PathBuf = out.join(dir);
    std::fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
    let dst = to.join(name);
    // Copied and hashed in one pass, a block at a time: an archived rejected.csv may be
    // gigabytes (M12.8).
    let mut from =
        std::fs::File::open(src).with_context(|| format!("cannot read {}", src.display()))?;
    let mut into = std::io::BufWriter::new(
        std::fs::File::create(&dst).with_context(|| format!("cannot write {}", dst.display()))?,
    );
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = std::io::Read::read(&mut from, &mut buf)
            .with_context(|| format!("cannot read {}", src.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        std::io::Write::write_all(&mut into, &buf[..n])
            .with_context(|| format!("cannot write {}", dst.display()))?;
    }
    std::io::Write::flush(&mut into).with_context(|| format!("cannot write {}", dst.display()))?;
    Ok(SiteFile {
        name: name.to_string(),
        href: format!("{dir}/{name}"),
        sha256: crate::config::hex(&hasher.finalize()),
        check,
    })
}

/// HTML-escape text (element content and attribute values).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A kpi value as the report shows it.
pub fn kpi(f: crate::report::format::Fmt, key: &str, v: &serde_json::Value) -> String {
    crate::diff::text::shown(f, key, v)
}
