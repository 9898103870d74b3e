//! `verify`: make a report again from its manifest and say what, if anything, changed — from
//! a report directory ([`verify_with`]) or from report.pdf alone ([`verify_pdf`]).
//!
//! 1. Read `DIR/manifest.json` (or the PDF's embedded manifest and config).
//! 2. Find the inputs: the recorded paths (as given when the report was made) are resolved
//!    against `--root` if given, else the current directory, else `DIR`: the first of these
//!    under which every input (and a config file, if one was used) exists
//!    ([`crate::audit::verify::resolve_base`]); or, with `--inputs`, each is the file of its
//!    recorded SHA-256 below that folder ([`crate::audit::locate`]).
//! 3. Hash every input and compare size and SHA-256 with the manifest; load the config (the
//!    embedded one, or the file at its recorded origin) and compare its hash.
//! 4. Recompute with [`super::produce`] — same month, language, formats, presets and config —
//!    reading the recorded relative paths under the base found in 2 (the process's working
//!    directory is never changed), so that the paths the new run records are byte for byte
//!    the recorded ones.
//! 5. Compare every output file byte by byte (and with the SHA-256 the manifest recorded for
//!    it, which catches a file edited after the fact), every kpi of metrics.json, and the
//!    manifest's own fields ([`crate::audit::compare`]). report.pdf, which embeds the manifest and so
//!    cannot be hashed in it, is compared byte for byte only; its attachments must be the
//!    files beside it ([`crate::audit::from_pdf::check_embedded`]). From the PDF alone, every
//!    embedded file is compared with a fresh run and with the recorded SHA-256, outputs not
//!    in the PDF (report.html, a rejected.csv too large to embed: M12.8) by the recorded hash.
//!    An output the fresh run spooled to disk (rejected.csv of many rejects, M2.7) is compared
//!    by SHA-256 as a stream, never held ([`compare_spooled`]).
//!
//! A different tool version or git revision is a note, not a difference: if it changed any
//! figure or byte, the output comparison says so. The report is re-made with the manifest's
//! recorded tool (the PDF embeds manifest.json, so the revision alone would change its bytes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;

use super::{produce_with, Produced, Request};
use crate::audit::archive::{EMBEDDED, PDF};
use crate::audit::compare::{compare_outputs, short, AtHand};
use crate::audit::from_pdf::{check_embedded, embedded_config, embedded_manifest, read_pdf};
use crate::audit::locate::{locate, Base, Locate, Located};
use crate::audit::manifest::{Manifest, EMBEDDED_CONFIG};
use crate::audit::verify::{hash_file, Verification};
use crate::config::{LoadedConfig, SlaConfig};
use crate::inputs::isolate::ParquetReader;
use crate::progress::Progress;
use crate::render::OutputFormat;
use crate::report::Lang;

/// Verify the report in `dir`, its inputs confined to the root (see
/// [`crate::audit::verify::confine`]). Errors
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
    let how = Locate::Root {
        root,
        allow_outside,
    };
    verify_dir(dir, how, &ParquetReader::InProcess, progress)
}

/// [`verify`], the inputs located as `how` says (at their recorded paths, or by content).
pub fn verify_dir(
    dir: &Path,
    how: Locate,
    parquet: &ParquetReader,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    let dir_abs = std::fs::canonicalize(dir)
        .with_context(|| format!("cannot read report directory {}", dir.display()))?;
    let manifest = Manifest::read(&dir_abs.join("manifest.json"))?;
    let located = locate(&manifest, &dir_abs, how)?;
    let mut v = started(dir, &located);
    let base = &located.base;
    let produced = recompute(&mut v, &manifest, base, None, parquet, progress)?;
    progress.stage("comparing");
    let streamed: BTreeSet<String> = produced.spooled.keys().cloned().collect();
    let mut files = BTreeMap::new();
    let archive = manifest.archive.iter().map(|a| a.file.as_str());
    for name in manifest
        .outputs
        .keys()
        .map(String::as_str)
        .chain(produced.files.keys().map(String::as_str))
        .chain(archive)
        .chain(["manifest.json"])
        .filter(|n| !streamed.contains(*n))
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
        streamed,
    };
    compare_outputs(&mut v, &manifest, &produced.files, &at_hand);
    compare_spooled(&mut v, &manifest, &produced, Some(&dir_abs))?;
    // The PDF's attachments must be the files beside it.
    if let Some(a) = &manifest.archive {
        if let Some(pdf) = at_hand.files.get(&a.file) {
            check_embedded(&mut v, &a.file, pdf, &a.embeds, &at_hand.files);
        }
    }
    Ok(v)
}

/// A verification of `dir` whose inputs were located as `located` says.
fn started(dir: &Path, located: &Located) -> Verification {
    let mut v = Verification {
        dir: dir.to_path_buf(),
        base: located.shown.clone(),
        stand_ins: located.stand_ins.clone(),
        ..Default::default()
    };
    for (link, to) in &located.refused_links {
        v.notes.push(format!(
            "not followed: {} is a symbolic link leading out of {} (to {})",
            link.display(),
            located.shown.display(),
            to.display()
        ));
    }
    v
}

/// Hash the inputs, load the config (`config`, or the recorded one), make the report again
/// from the recorded paths under `base`, and compare the row counts.
fn recompute(
    v: &mut Verification,
    manifest: &Manifest,
    base: &Base,
    config: Option<LoadedConfig>,
    parquet: &ParquetReader,
    progress: &Progress,
) -> anyhow::Result<Produced> {
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
        let (size, sha) = hash_file(&base.path(&input.path))?;
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
        let (_, sha) = hash_file(&base.path(&map.path))?;
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

    // Relative paths mean what they meant when the report was made: read under `base`,
    // recorded as given.
    let mut req_inputs = manifest.input_files()?;
    req_inputs.base = Some(base.rel.clone());
    req_inputs.absolute_base = base.abs.clone();
    req_inputs.parquet = parquet.clone();
    let formats = recorded_formats(manifest)?;
    let lang = recorded_lang(manifest)?;
    let config = match config {
        Some(c) => c,
        None if manifest.config.origin == EMBEDDED_CONFIG => LoadedConfig::load(None)?,
        None => {
            // Read where the base says, recorded with the origin as given.
            let origin = &manifest.config.origin;
            let at = base.path(origin);
            let text = std::fs::read_to_string(&at)
                .map_err(|e| anyhow::anyhow!("cannot read config {}: {e}", at.display()))?;
            LoadedConfig::new(SlaConfig::from_toml(&text, origin)?, origin.clone())
        }
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
        month: manifest.month,
        inputs: req_inputs,
        config,
        lang,
        formats,
        recorded_tool: Some(manifest.tool.clone()),
        restates: manifest.restates.clone(),
    };
    // The archived months the report took from `--history`: exactly those again, each
    // with the SHA-256 recorded (read under `base` like the inputs).
    let history = manifest.history.as_ref().map(|h| {
        v.notes.push(format!(
            "{} archived month(s) from {} checked against their recorded SHA-256",
            h.months.len(),
            h.dir
        ));
        super::history::HistoryRequest {
            dir: base.path(&h.dir),
            recorded: h.dir.clone(),
            strict: h.strict,
            only: Some(h.months.clone()),
        }
    });
    // Spooled outputs stay on disk: compared as streams (`compare_spooled`).
    let produced = produce_with(&req, history.as_ref(), progress)?;

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

/// Verify report.pdf on its own: see the module doc. Errors (exit 1) when the PDF, its
/// manifest or config, or an input cannot be read, or an input lies outside the root (unless
/// `allow_outside`, `--allow-outside-root`); differences are in the result.
pub fn verify_pdf(
    path: &Path,
    root: Option<&Path>,
    allow_outside: bool,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    let how = Locate::Root {
        root,
        allow_outside,
    };
    verify_pdf_at(path, how, &ParquetReader::InProcess, progress)
}

/// [`verify_pdf`], the inputs located as `how` says.
pub fn verify_pdf_at(
    path: &Path,
    how: Locate,
    parquet: &ParquetReader,
    progress: &Progress,
) -> anyhow::Result<Verification> {
    let pdf_abs =
        std::fs::canonicalize(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (bytes, contents) = read_pdf(&pdf_abs)?;
    let manifest = embedded_manifest(path, &contents)?;
    let config = embedded_config(path, &contents, &manifest)?;
    let dir = pdf_abs.parent().unwrap_or(Path::new("/"));
    // The config travels in the PDF: only the inputs need to be found.
    let mut inputs_only = manifest.clone();
    inputs_only.config.origin = EMBEDDED_CONFIG.into();
    let located = locate(&inputs_only, dir, how)
        .with_context(|| format!("{}: the inputs its embedded manifest names", path.display()))?;
    let mut v = started(path, &located);
    let base = &located.base;
    let produced = recompute(&mut v, &manifest, base, Some(config), parquet, progress)?;
    progress.stage("comparing");

    let file_name = pdf_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let archive_name = manifest
        .archive
        .as_ref()
        .map_or(PDF.to_string(), |a| a.file.clone());
    if file_name != archive_name {
        v.notes.push(format!(
            "the PDF is named {file_name}; the manifest calls it {archive_name}"
        ));
    }
    let mut files: BTreeMap<String, Vec<u8>> = contents
        .files
        .iter()
        .map(|(n, f)| (n.clone(), f.data.clone()))
        .collect();
    files.insert(archive_name.clone(), bytes);
    let embeds: BTreeSet<&str> = manifest.archive.as_ref().map_or_else(
        || EMBEDDED.into_iter().collect(),
        |a| a.embeds.iter().map(String::as_str).collect(),
    );
    let optional = manifest
        .outputs
        .keys()
        .chain(produced.files.keys())
        .filter(|n| !embeds.contains(n.as_str()) && **n != archive_name)
        .cloned()
        .collect();
    for extra in contents.files.keys() {
        if !embeds.contains(extra.as_str()) {
            v.differ(
                "output",
                extra.clone(),
                "embedded in the PDF but not listed in its manifest",
            );
        }
    }
    let at_hand = AtHand {
        files,
        place: "the PDF's attachments".into(),
        optional,
        streamed: produced.spooled.keys().cloned().collect(),
    };
    compare_outputs(&mut v, &manifest, &produced.files, &at_hand);
    compare_spooled(&mut v, &manifest, &produced, None)?;
    Ok(v)
}

/// The outputs the fresh run spooled to disk (rejected.csv of many rejects, M2.7, or too
/// large for the PDF to embed, M12.8), compared by SHA-256 as streams, never held: with the
/// file of that name in `dir` (a report directory) and the recorded SHA-256, or, from the PDF
/// alone (`dir` is `None`), the fresh run's SHA-256 with the recorded one.
fn compare_spooled(
    v: &mut Verification,
    manifest: &Manifest,
    produced: &Produced,
    dir: Option<&Path>,
) -> anyhow::Result<()> {
    let embeds = manifest.archive.as_ref().map(|a| &a.embeds);
    for (name, fresh) in &produced.spooled {
        v.files_compared += 1;
        let recorded = manifest.outputs.get(name);
        let Some(dir) = dir else {
            match recorded {
                Some(rec) if *rec == fresh.sha256 => {}
                Some(rec) => v.differ(
                    "output",
                    name,
                    format!(
                        "a fresh run's SHA-256 {} is not the recorded {}",
                        short(&fresh.sha256),
                        short(rec)
                    ),
                ),
                None => v.differ("output", name, "not listed in the manifest"),
            }
            if embeds.is_some_and(|e| !e.contains(name)) {
                v.notes.push(format!(
                    "{name} is not in the PDF (larger than the limit for an embedded file, M12.8; \
                     it is kept beside the PDF in its report folder): a fresh run's SHA-256 was \
                     compared with the recorded one"
                ));
            }
            continue;
        };
        let path = dir.join(name);
        if !path.is_file() {
            v.differ("output", name, "missing from the report directory");
            continue;
        }
        let (size, sha) = crate::audit::verify::hash_file(&path)?;
        match recorded {
            Some(rec) if *rec != sha => v.differ(
                "output",
                name,
                format!(
                    "SHA-256 {} does not match the manifest's {}: changed after the report was written",
                    short(&sha),
                    short(rec)
                ),
            ),
            Some(_) => {}
            None => v.differ("output", name, "not listed in the manifest"),
        }
        if sha != fresh.sha256 {
            v.differ(
                "output",
                name,
                format!(
                    "differs from a fresh run ({size} → {} bytes, SHA-256 {} → {})",
                    fresh.len,
                    short(&sha),
                    short(&fresh.sha256)
                ),
            );
        }
    }
    Ok(())
}

/// The recorded output formats.
fn recorded_formats(m: &Manifest) -> anyhow::Result<Vec<OutputFormat>> {
    m.formats
        .iter()
        .map(|f| {
            f.parse()
                .with_context(|| format!("manifest: unknown format `{f}`"))
        })
        .collect()
}

/// The recorded language.
fn recorded_lang(m: &Manifest) -> anyhow::Result<Lang> {
    m.lang
        .parse()
        .with_context(|| format!("manifest: unknown language `{}`", m.lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(formats: &[&str], lang: &str) -> Manifest {
        let config = LoadedConfig::load(None).unwrap();
        Manifest::new(
            &crate::inputs::Inputs::default(),
            &config,
            crate::calendar::Month::new(2026, 3).unwrap(),
            lang,
            formats.iter().map(|s| s.to_string()).collect(),
            vec![],
        )
    }

    #[test]
    fn recorded_formats_and_language_parse_back() {
        let m = manifest(&["html", "json"], "en");
        assert_eq!(
            recorded_formats(&m).unwrap(),
            [OutputFormat::Html, OutputFormat::Json]
        );
        assert_eq!(recorded_lang(&m).unwrap(), Lang::En);
        for f in [
            OutputFormat::Pdf,
            OutputFormat::Html,
            OutputFormat::Json,
            OutputFormat::Csv,
        ] {
            assert_eq!(f.as_str().parse::<OutputFormat>().unwrap(), f);
        }
    }

    #[test]
    fn unknown_recorded_values_are_errors() {
        let e = recorded_formats(&manifest(&["docx"], "sv")).unwrap_err();
        assert!(format!("{e:#}").contains("unknown format `docx`"), "{e:#}");
        let e = recorded_lang(&manifest(&[], "fi")).unwrap_err();
        assert!(format!("{e:#}").contains("unknown language `fi`"), "{e:#}");
    }
}
