//! `slareport site`: a static site over an archive of sample months (one restated). Every
//! relative link resolves to a file of the site; no script; the same archive gives a
//! byte-identical site; the index and a month page pass axe-core (WCAG 2.1 AA) in Chromium and
//! the Nu HTML checker (`.ci/run` installs both; without them the check skips locally, saying
//! why, and fails under CI=true).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn slareport(cwd: &Path, args: &[&str]) -> Output {
    let o = crate::binary::slareport()
        .current_dir(cwd)
        .env_remove("SLAREPORT_CONFIG")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("slareport runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Three small sample months in `arkiv/2026/`, March restated once.
fn archive(dir: &Path) {
    for m in ["2026-01", "2026-02", "2026-03"] {
        let input = format!("in-{m}");
        slareport(
            dir,
            &["sample", "--month", m, "--calls", "1500", "--out", &input],
        );
        let p = |f: &str| format!("{input}/{f}");
        let out = format!("arkiv/2026/{m}");
        let (c, t, ch, co) = (
            p("calls.csv"),
            p("tickets.csv"),
            p("changes.csv"),
            p("corrections.csv"),
        );
        let base = [
            "report",
            "--month",
            m,
            "--calls",
            &c,
            "--tickets",
            &t,
            "--changes",
            &ch,
            "--out",
            &out,
        ];
        slareport(dir, &base);
        if m == "2026-03" {
            let mut again = base.to_vec();
            again.extend(["--corrections", &co, "--restate"]);
            slareport(dir, &again);
        }
    }
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Every `href="…"` and `src="…"` of a page.
fn links(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            v.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    v
}

#[test]
fn the_site_links_resolve_and_rebuilds_byte_identical() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    archive(dir);
    slareport(dir, &["site", "arkiv", "--out", "site"]);
    let first = tree(&dir.join("site"));
    slareport(dir, &["site", "arkiv", "--out", "site"]);
    assert_eq!(
        tree(&dir.join("site")),
        first,
        "a rebuild is byte-identical"
    );

    let pages: Vec<&PathBuf> = first
        .keys()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "html")
                && !p.starts_with("m/2026-01")
                && !p.starts_with("m/2026-02")
                && !p.starts_with("m/2026-03")
        })
        .collect();
    assert_eq!(pages.len(), 4, "{pages:?}");
    let mut checked = 0;
    for page in &pages {
        let html = String::from_utf8(first[*page].clone()).unwrap();
        assert!(!html.contains("<script"), "{page:?} has a script");
        for l in links(&html) {
            if let Some(frag) = l.strip_prefix('#') {
                assert!(
                    html.contains(&format!("id=\"{frag}\"")),
                    "{page:?}: #{frag}"
                );
                continue;
            }
            assert!(
                !l.contains("://") && !l.starts_with('/'),
                "{page:?}: {l} is not relative"
            );
            let target = page.parent().unwrap().join(&l);
            let target: PathBuf = normalise(&target);
            assert!(
                first.contains_key(&target),
                "{page:?}: {l} does not resolve"
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} links");
    let index = String::from_utf8(first[Path::new("index.html")].clone()).unwrap();
    for s in [
        "<html lang=\"sv\">",
        "mars 2026",
        "omräknad, 1 tidigare version(er)",
        "2026-03/versions/1/report.pdf",
    ] {
        assert!(
            index.contains(s)
                || String::from_utf8_lossy(&first[Path::new("m/2026-03.html")]).contains(s),
            "{s}"
        );
    }
    let march = String::from_utf8(first[Path::new("m/2026-03.html")].clone()).unwrap();
    assert!(
        march.contains("Version 1") && march.contains("Denna rapport ersätter version 1"),
        "{march}"
    );
    // Each file's SHA-256 is shown beside it.
    let pdf = &first[Path::new("m/2026-03/report.pdf")];
    let sha: String = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(pdf))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(march.contains(&sha), "the PDF's SHA-256 on its month page");

    // English; a folder that is not a site is refused.
    slareport(dir, &["site", "arkiv", "--out", "site-en", "--lang", "en"]);
    let en = std::fs::read_to_string(dir.join("site-en/index.html")).unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Report archive"));
    std::fs::create_dir(dir.join("mine")).unwrap();
    std::fs::write(dir.join("mine/notes.txt"), "x").unwrap();
    let o = crate::binary::slareport()
        .current_dir(dir)
        .args(["site", "arkiv", "--out", "mine"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.join("mine/notes.txt").is_file());

    // WCAG 2.1 AA (axe-core) and the Nu HTML checker on the index and a month page.
    for page in ["index.html", "m/2026-03.html"] {
        let html = String::from_utf8(first[Path::new(page)].clone()).unwrap();
        if let Some((chromium, axe)) = super::html_a11y::tools() {
            let r = super::html_a11y::run_axe(&chromium, &axe, &html, &dir.join("site"));
            eprintln!(
                "axe-core on the site's {page}: {} rules run, {} violations",
                r.rules_run,
                r.violations.len()
            );
            assert!(r.rules_run >= 15, "{page}: only {} rules ran", r.rules_run);
            assert!(
                r.violations.is_empty(),
                "{page}:\n{}",
                r.violations.join("\n")
            );
            // The harness's own two scripts only: the page has none.
            assert_eq!(r.scripts, 2, "{page}");
        }
        nu_check(&dir.join("site").join(page));
    }
}

/// An auditor's site shows every month: February's breaches.csv altered after it was written
/// (its SHA-256 no longer the manifest's) and March's metrics.json gone are each listed on the
/// index in their place, marked "✗ Klarar inte kontrollen: <reason>" naming the file, with no
/// figures, page or files; January is shown as usual. The site is written and the build exits
/// 4 (like `verify` finding a difference), naming both on stderr; a rebuild, also from another
/// working folder, is byte-identical; the index passes axe-core and the Nu checker.
#[test]
fn a_month_that_fails_verification_is_listed_marked_and_the_build_exits_4() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    for m in ["2026-01", "2026-02", "2026-03"] {
        let input = format!("in-{m}");
        slareport(
            dir,
            &["sample", "--month", m, "--calls", "800", "--out", &input],
        );
        let p = |f: &str| format!("{input}/{f}");
        let (c, tk, ch) = (p("calls.csv"), p("tickets.csv"), p("changes.csv"));
        let out = format!("arkiv/2026/{m}");
        slareport(
            dir,
            &[
                "report",
                "--month",
                m,
                "--calls",
                &c,
                "--tickets",
                &tk,
                "--changes",
                &ch,
                "--out",
                &out,
            ],
        );
    }
    let feb = dir.join("arkiv/2026/2026-02/breaches.csv");
    let mut bytes = std::fs::read(&feb).unwrap();
    bytes.extend_from_slice(b"x\n");
    std::fs::write(&feb, bytes).unwrap();
    std::fs::remove_file(dir.join("arkiv/2026/2026-03/metrics.json")).unwrap();

    let site = |cwd: &Path, archive: &str, out: &str, lang: &str| {
        let o = crate::binary::slareport()
            .current_dir(cwd)
            .env_remove("SLAREPORT_CONFIG")
            .args(["--quiet", "site", archive, "--out", out, "--lang", lang])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = site(dir, "arkiv", "site", "sv");
    assert_eq!(code, Some(4), "{err}");
    assert!(
        err.contains("fails verification: 2026/2026-02/breaches.csv: SHA-256")
            && err.contains("fails verification: 2026/2026-03/metrics.json: missing"),
        "{err}"
    );
    let first = tree(&dir.join("site"));
    let index = String::from_utf8(first[Path::new("index.html")].clone()).unwrap();
    let row = |month: &str| {
        let i = index
            .find(&format!("<th scope=\"row\">{month}</th>"))
            .unwrap_or_else(|| {
                panic!("no plain row for {month}:\n{index}");
            });
        index[i..i + index[i..].find("</tr>").unwrap()].to_string()
    };
    let feb_row = row("februari 2026");
    assert!(
        feb_row.contains(
            "✗ Klarar inte kontrollen: <span lang=\"en\">2026/2026-02/breaches.csv: SHA-256 "
        ) && !feb_row.contains("class=\"n\"")
            && !feb_row.contains("href"),
        "{feb_row}"
    );
    assert!(
        row("mars 2026").contains(
            "✗ Klarar inte kontrollen: <span lang=\"en\">2026/2026-03/metrics.json: missing"
        ),
        "{index}"
    );
    // In month order, January with its figures and page.
    let (jan, feb, mar) = (
        index.find("januari 2026").unwrap(),
        index.find("februari 2026").unwrap(),
        index.find("mars 2026").unwrap(),
    );
    assert!(jan < feb && feb < mar);
    assert!(index.contains("<a href=\"m/2026-01.html\">januari 2026</a>"));
    assert!(index.contains("Arkiverade rapporter som inte klarar kontrollen: 2."));
    assert!(first.contains_key(Path::new("m/2026-01.html")));
    for gone in ["m/2026-02.html", "m/2026-03.html", "m/2026-02/breaches.csv"] {
        assert!(!first.contains_key(Path::new(gone)), "{gone}");
    }
    // Deterministic, wherever the archive is named from.
    assert_eq!(site(dir, "arkiv", "site", "sv").0, Some(4));
    assert_eq!(tree(&dir.join("site")), first);
    let abs = dir.join("arkiv");
    assert_eq!(
        site(
            &dir.join("in-2026-01"),
            abs.to_str().unwrap(),
            "../site2",
            "sv"
        )
        .0,
        Some(4)
    );
    assert_eq!(tree(&dir.join("site2")), first);
    let (code, _) = site(dir, "arkiv", "site-en", "en");
    assert_eq!(code, Some(4));
    let en = std::fs::read_to_string(dir.join("site-en/index.html")).unwrap();
    assert!(
        en.contains("✗ Fails verification: <span lang=\"en\">2026/2026-02/breaches.csv: SHA-256 "),
        "{en}"
    );

    if let Some((chromium, axe)) = super::html_a11y::tools() {
        let r = super::html_a11y::run_axe(&chromium, &axe, &index, &dir.join("site"));
        assert!(r.rules_run >= 15, "only {} rules ran", r.rules_run);
        assert!(r.violations.is_empty(), "{}", r.violations.join("\n"));
    }
    nu_check(&dir.join("site/index.html"));
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// The Nu HTML checker (npm `vnu-jar`, run with Java): no error.
fn nu_check(page: &Path) {
    let jar = std::env::var("SLAREPORT_VNU")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(&std::env::var("HOME").unwrap_or_default())
                .join(".cache/slareport-npm/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    if !jar.is_file() {
        crate::skip::because(&format!(
            "site: the Nu HTML checker {} not found (.ci/run installs vnu-jar)",
            jar.display()
        ));
        return;
    }
    let Ok(o) = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "text"])
        .arg(page)
        .output()
    else {
        crate::skip::because(
            "site: no java for the Nu HTML checker (.ci/run installs default-jre-headless)",
        );
        return;
    };
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success() && !said.contains("error:"),
        "Nu HTML checker on {}:\n{said}",
        page.display()
    );
}
