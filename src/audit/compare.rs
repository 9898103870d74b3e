//! Comparing a fresh run with the recorded outputs, for `verify DIR` and `verify report.pdf`:
//! every output byte for byte and against the SHA-256 the manifest recorded, every kpi of
//! metrics.json, and the manifest's own fields (leaf by leaf).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::manifest::Manifest;
use super::verify::Verification;
use crate::config::hex;

/// The recorded outputs at hand: read from a report directory, or a PDF and its attachments.
pub struct AtHand {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Where they are, for messages ("the report directory").
    pub place: String,
    /// Outputs that need not be at hand (report.html beside a PDF verified alone): a fresh
    /// run's bytes are checked against the SHA-256 the manifest recorded instead.
    pub optional: BTreeSet<String>,
    /// Outputs the fresh run wrote to a temporary file instead of holding them (rejected.csv
    /// of many rejects, M2.7, or too large to embed, M12.8): the caller compares them by
    /// SHA-256 as streams; skipped here.
    pub streamed: BTreeSet<String>,
}

/// Compare every output file, the kpis and the manifest's fields.
pub fn compare_outputs(
    v: &mut Verification,
    manifest: &Manifest,
    fresh: &BTreeMap<String, Vec<u8>>,
    at_hand: &AtHand,
) {
    let archive = manifest.archive.as_ref().map(|a| a.file.as_str());
    let names: BTreeSet<&str> = manifest
        .outputs
        .keys()
        .map(String::as_str)
        .chain(fresh.keys().map(String::as_str))
        .chain(archive)
        .filter(|n| !at_hand.streamed.contains(*n))
        .collect();
    for name in names {
        let new = fresh.get(name);
        v.files_compared += 1;
        let Some(old) = at_hand.files.get(name) else {
            match (
                at_hand.optional.contains(name),
                new,
                manifest.outputs.get(name),
            ) {
                (true, Some(new), Some(rec)) if hex(&Sha256::digest(new)) == *rec => {}
                (true, Some(new), Some(rec)) => v.differ(
                    "output",
                    name,
                    format!(
                        "a fresh run's SHA-256 {} is not the recorded {}",
                        short(&hex(&Sha256::digest(new))),
                        short(rec)
                    ),
                ),
                _ => v.differ("output", name, format!("missing from {}", at_hand.place)),
            }
            continue;
        };
        let old_sha = hex(&Sha256::digest(old));
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
                // The archive PDF embeds the manifest, which therefore cannot hold its hash.
                None if Some(name) == archive => {}
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
            "manifest.json" => compare_manifests(v, old, new),
            _ if old != new => {
                v.differ(
                    "output",
                    name,
                    format!(
                        "differs from a fresh run ({} → {} bytes, SHA-256 {} → {}){}",
                        old.len(),
                        new.len(),
                        short(&old_sha),
                        short(&hex(&Sha256::digest(new))),
                        first_difference(old, new)
                    ),
                );
            }
            _ => {}
        }
        if name == "metrics.json" {
            compare_kpis(v, old, new);
        }
    }
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

pub fn short(sha: &str) -> &str {
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
            for k in ["tool", "inputs", "config", "outputs", "mapping"] {
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
}
