//! `slareport diff A B`: what differs between two reports, each a report folder or a
//! report.pdf, read from what they carry (manifest.json, metrics.json, breaches.csv and the SLA
//! config the PDF embeds), never from the logs.
//!
//! Two reports of the same month are a restatement or a re-run: every difference is listed and
//! the reports are the same only when none is found in what they were made from (inputs,
//! config, tool, language) or what they say (kpis, targets, breaches, corrections). Output
//! hashes are listed too; alone they differ only by a provenance record (a restatement). Two different months are "this month
//! against the previous": every figure with its delta. When the configs differ, the rules that
//! changed come first, because the figures are then not comparable.
//!
//! [`load`] reads a report, [`compare`] builds the [`Diff`], [`text`] prints it for people;
//! the JSON form is the `Diff` itself.

pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;

use crate::audit::archive::CONFIG_FILE;
use crate::audit::from_pdf::{embedded_manifest, is_pdf, read_pdf};
use crate::audit::manifest::{Manifest, EMBEDDED_CONFIG};
use crate::config::LoadedConfig;

/// A report as read back: its manifest, metrics, breach rows and (when known) its config.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub manifest: Manifest,
    pub metrics: Value,
    /// breaches.csv: the header, then one row per breach or outage (empty when absent).
    pub breaches: Vec<Vec<String>>,
    /// The SLA config in force as canonical TOML, when the report carries it (the PDF embeds
    /// it; the embedded default is known by its hash).
    pub config_toml: Option<String>,
}

/// Read a report folder or a report.pdf.
pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let manifest;
    if is_pdf(path) {
        let (_, contents) = read_pdf(path)?;
        manifest = embedded_manifest(path, &contents)?;
        for (n, f) in contents.files {
            files.insert(n, f.data);
        }
    } else {
        manifest = Manifest::read(&path.join("manifest.json"))?;
        for name in ["metrics.json", "breaches.csv", CONFIG_FILE] {
            match std::fs::read(path.join(name)) {
                Ok(b) => {
                    files.insert(name.into(), b);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot read {}", path.join(name).display()))
                }
            }
        }
        // The PDF beside the files carries the config in force.
        let pdf = path.join(crate::audit::archive::PDF);
        if !files.contains_key(CONFIG_FILE) && pdf.is_file() {
            if let Ok((_, c)) = read_pdf(&pdf) {
                if let Some(f) = c.files.get(CONFIG_FILE) {
                    files.insert(CONFIG_FILE.into(), f.data.clone());
                }
            }
        }
    }
    let metrics_bytes = files.get("metrics.json").ok_or_else(|| {
        anyhow::anyhow!(
            "{}: no metrics.json (made without --format json?): nothing to compare",
            path.display()
        )
    })?;
    let metrics: Value = serde_json::from_slice(metrics_bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: metrics.json: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let breaches = match files.get("breaches.csv") {
        Some(b) => read_csv(b).with_context(|| format!("{}: breaches.csv", path.display()))?,
        None => Vec::new(),
    };
    let config_toml = match files.get(CONFIG_FILE) {
        Some(b) => Some(String::from_utf8_lossy(b).into_owned()),
        None if manifest.config.origin == EMBEDDED_CONFIG => {
            let c = LoadedConfig::load(None)?;
            (c.sha256 == manifest.config.sha256).then(|| c.config.to_canonical_toml())
        }
        None => None,
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        manifest,
        metrics,
        breaches,
        config_toml,
    })
}

fn read_csv(bytes: &[u8]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for rec in r.records() {
        rows.push(rec?.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// Everything that differs between two reports.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub a: Side,
    pub b: Side,
    /// Different months: B is "this month", A "the previous"; figures carry deltas.
    pub months_differ: bool,
    pub same: bool,
    pub config: ConfigDiff,
    pub tool: Option<Change<String>>,
    pub language: Option<Change<String>>,
    pub inputs: Vec<InputChange>,
    pub kpis: Vec<KpiChange>,
    pub targets: Vec<TargetChange>,
    pub breaches_added: Vec<Breach>,
    pub breaches_removed: Vec<Breach>,
    pub breaches_changed: Vec<Change<Breach>>,
    pub corrections_added: Vec<Correction>,
    pub corrections_removed: Vec<Correction>,
    /// Output files whose recorded SHA-256 differs (name, A, B; `null` when absent). Listed,
    /// but not a difference of their own: with the same inputs, config, tool and language the
    /// bytes differ only by a record of provenance (a restatement, the archive used).
    pub outputs: Vec<OutputChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub path: String,
    pub month: String,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConfigDiff {
    pub sha256_old: String,
    pub sha256_new: String,
    pub changed: bool,
    /// The dotted keys whose values differ (`null` when a side does not have the key); `None`
    /// when a side's config is not in the report.
    pub keys: Option<Vec<KeyChange>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyChange {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputChange {
    /// `added`, `removed` or `changed` (same input and path, other bytes).
    pub change: &'static str,
    pub input: String,
    pub path: String,
    pub sha256_old: Option<String>,
    pub sha256_new: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiChange {
    pub key: String,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetChange {
    pub key: String,
    pub comparison: String,
    pub target: Value,
    pub actual_old: Value,
    pub actual_new: Value,
    /// `true` met, `false` missed, `null` not measured (or no such target on that side).
    pub met_old: Option<bool>,
    pub met_new: Option<bool>,
    pub status_changed: bool,
}

/// One row of breaches.csv, by column name.
pub type Breach = BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize)]
pub struct Correction {
    pub correction_id: String,
    pub action: String,
    pub applies_to: String,
    pub reason: String,
    pub effect: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutputChange {
    pub file: String,
    pub sha256_old: Option<String>,
    pub sha256_new: Option<String>,
}

/// Compare report `a` (the old one, or the previous month) with `b`.
pub fn compare(a: &Loaded, b: &Loaded) -> Diff {
    let (ma, mb) = (&a.manifest, &b.manifest);
    let side = |l: &Loaded| Side {
        path: l.path.display().to_string(),
        month: l.manifest.month.to_string(),
        lang: l.manifest.lang.clone(),
    };
    let tool = |m: &Manifest| {
        format!(
            "{} {} (revision {}, {})",
            m.tool.name, m.tool.version, m.tool.git_revision, m.tool.tzdb
        )
    };
    let config_changed = ma.config.sha256 != mb.config.sha256;
    let config = ConfigDiff {
        sha256_old: ma.config.sha256.clone(),
        sha256_new: mb.config.sha256.clone(),
        changed: config_changed,
        keys: match (&a.config_toml, &b.config_toml) {
            (Some(x), Some(y)) => Some(changed_keys(x, y)),
            _ if !config_changed => Some(Vec::new()),
            _ => None,
        },
    };
    let mut d = Diff {
        a: side(a),
        b: side(b),
        months_differ: ma.month != mb.month,
        same: false,
        config,
        tool: changed(tool(ma), tool(mb)),
        language: changed(ma.lang.clone(), mb.lang.clone()),
        inputs: inputs(ma, mb),
        kpis: kpis(&a.metrics, &b.metrics),
        targets: targets(&a.metrics, &b.metrics),
        breaches_added: Vec::new(),
        breaches_removed: Vec::new(),
        breaches_changed: Vec::new(),
        corrections_added: Vec::new(),
        corrections_removed: Vec::new(),
        outputs: outputs(ma, mb),
    };
    breaches(&a.breaches, &b.breaches, &mut d);
    let (ca, cb) = (corrections(&a.metrics), corrections(&b.metrics));
    let ids = |v: &[Correction]| -> BTreeSet<String> {
        v.iter().map(|c| c.correction_id.clone()).collect()
    };
    let (ia, ib) = (ids(&ca), ids(&cb));
    d.corrections_added = cb
        .into_iter()
        .filter(|c| !ia.contains(&c.correction_id))
        .collect();
    d.corrections_removed = ca
        .into_iter()
        .filter(|c| !ib.contains(&c.correction_id))
        .collect();
    d.same = !d.months_differ
        && !d.config.changed
        && d.tool.is_none()
        && d.language.is_none()
        && d.inputs.is_empty()
        && d.kpis.is_empty()
        && d.targets.is_empty()
        && d.breaches_added.is_empty()
        && d.breaches_removed.is_empty()
        && d.breaches_changed.is_empty()
        && d.corrections_added.is_empty()
        && d.corrections_removed.is_empty();
    d
}

fn changed<T: PartialEq>(old: T, new: T) -> Option<Change<T>> {
    (old != new).then_some(Change { old, new })
}

/// The dotted keys of two TOML documents whose values differ.
pub fn changed_keys(a: &str, b: &str) -> Vec<KeyChange> {
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    if let Ok(v) = a.parse::<toml::Table>() {
        flatten("", &toml::Value::Table(v), &mut fa);
    }
    if let Ok(v) = b.parse::<toml::Table>() {
        flatten("", &toml::Value::Table(v), &mut fb);
    }
    let keys: BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    keys.into_iter()
        .filter(|k| fa.get(*k) != fb.get(*k))
        .map(|k| KeyChange {
            key: k.clone(),
            old: fa.get(k).cloned(),
            new: fb.get(k).cloned(),
        })
        .collect()
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn inputs(a: &Manifest, b: &Manifest) -> Vec<InputChange> {
    let key = |m: &Manifest| -> BTreeMap<(String, String), String> {
        m.inputs
            .iter()
            .map(|i| ((i.input.clone(), i.path.clone()), i.sha256.clone()))
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    let all: BTreeSet<&(String, String)> = ka.keys().chain(kb.keys()).collect();
    let mut out = Vec::new();
    for k in all {
        let (old, new) = (ka.get(k), kb.get(k));
        let change = match (old, new) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(_), Some(_)) => "changed",
            (None, _) => "added",
            (_, None) => "removed",
        };
        out.push(InputChange {
            change,
            input: k.0.clone(),
            path: k.1.clone(),
            sha256_old: old.cloned(),
            sha256_new: new.cloned(),
        });
    }
    out
}

fn kpis(a: &Value, b: &Value) -> Vec<KpiChange> {
    let (ka, kb) = (&a["kpis"], &b["kpis"]);
    let empty = serde_json::Map::new();
    let (oa, ob) = (
        ka.as_object().unwrap_or(&empty),
        kb.as_object().unwrap_or(&empty),
    );
    // B's order (the stable order metrics.json writes), then keys only A has.
    let mut keys: Vec<&String> = ob.keys().collect();
    keys.extend(oa.keys().filter(|k| !ob.contains_key(*k)));
    keys.into_iter()
        .filter(|k| oa.get(*k) != ob.get(*k))
        .map(|k| KpiChange {
            key: k.clone(),
            old: oa.get(k).cloned().unwrap_or(Value::Null),
            new: ob.get(k).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

fn targets(a: &Value, b: &Value) -> Vec<TargetChange> {
    let list = |v: &Value| -> Vec<Value> { v["targets"].as_array().cloned().unwrap_or_default() };
    let (la, lb) = (list(a), list(b));
    let find = |l: &[Value], key: &str| l.iter().find(|t| t["key"] == key).cloned();
    let mut keys: Vec<String> = lb
        .iter()
        .filter_map(|t| t["key"].as_str().map(str::to_string))
        .collect();
    for t in &la {
        if let Some(k) = t["key"].as_str() {
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for k in keys {
        let (ta, tb) = (find(&la, &k), find(&lb, &k));
        let get = |t: &Option<Value>, f: &str| t.as_ref().map_or(Value::Null, |t| t[f].clone());
        let (aa, ab) = (get(&ta, "actual"), get(&tb, "actual"));
        let (ma, mb) = (get(&ta, "met").as_bool(), get(&tb, "met").as_bool());
        let (ga, gb) = (get(&ta, "target"), get(&tb, "target"));
        if aa == ab && ma == mb && ga == gb && ta.is_some() == tb.is_some() {
            continue;
        }
        let basis = tb.as_ref().or(ta.as_ref());
        out.push(TargetChange {
            key: k,
            comparison: basis
                .and_then(|t| t["comparison"].as_str())
                .unwrap_or("")
                .to_string(),
            target: if gb.is_null() { ga } else { gb },
            actual_old: aa,
            actual_new: ab,
            met_old: ma,
            met_new: mb,
            status_changed: ma != mb,
        });
    }
    out
}

/// A breach row's identity: kind, id (an outage's running number left out: it shifts when
/// an earlier outage goes), measure.
fn breach_key(r: &Breach) -> (String, String, String) {
    let get = |k: &str| r.get(k).cloned().unwrap_or_default();
    let mut id = get("id");
    if get("kind") == "outage" {
        if let Some((n, rest)) = id.split_once(' ') {
            if n.bytes().all(|b| b.is_ascii_digit()) {
                id = rest.to_string();
            }
        }
        id = format!("{id} {}", get("start"));
    }
    (get("kind"), id, get("measure"))
}

fn breaches(a: &[Vec<String>], b: &[Vec<String>], d: &mut Diff) {
    let rows = |t: &[Vec<String>]| -> BTreeMap<(String, String, String), Breach> {
        let Some((head, body)) = t.split_first() else {
            return BTreeMap::new();
        };
        body.iter()
            .map(|r| {
                let m: Breach = head.iter().cloned().zip(r.iter().cloned()).collect();
                (breach_key(&m), m)
            })
            .collect()
    };
    let (ra, rb) = (rows(a), rows(b));
    // The running number of an outage is not a difference of its own.
    let without_no = |r: &Breach| {
        let mut r = r.clone();
        r.remove("id");
        r
    };
    for (k, r) in &rb {
        match ra.get(k) {
            None => d.breaches_added.push(r.clone()),
            Some(o) if without_no(o) != without_no(r) || (k.0 != "outage" && o != r) => {
                d.breaches_changed.push(Change {
                    old: o.clone(),
                    new: r.clone(),
                })
            }
            Some(_) => {}
        }
    }
    for (k, r) in &ra {
        if !rb.contains_key(k) {
            d.breaches_removed.push(r.clone());
        }
    }
}

fn corrections(m: &Value) -> Vec<Correction> {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    m["corrections"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|c| Correction {
                    correction_id: s(c, "correction_id"),
                    action: s(c, "action"),
                    applies_to: s(c, "applies_to"),
                    reason: s(c, "reason"),
                    effect: s(c, "effect"),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn outputs(a: &Manifest, b: &Manifest) -> Vec<OutputChange> {
    let names: BTreeSet<&String> = a.outputs.keys().chain(b.outputs.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.outputs.get(*n) != b.outputs.get(*n))
        .map(|n| OutputChange {
            file: n.clone(),
            sha256_old: a.outputs.get(n).cloned(),
            sha256_new: b.outputs.get(n).cloned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_are_compared_by_dotted_path() {
        let a = "[availability]\nmin_outage = \"5min\"\nmerge_gap = \"15min\"\n[x]\ny = [1, 2]\n";
        let b = "[availability]\nmin_outage = \"10min\"\nmerge_gap = \"15min\"\n[x]\ny = [1, 3]\nz = 1\n";
        let k = changed_keys(a, b);
        let names: Vec<&str> = k.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(names, ["availability.min_outage", "x.y", "x.z"]);
        assert_eq!(k[0].old.as_deref(), Some("\"5min\""));
        assert_eq!(k[2].old, None);
    }

    #[test]
    fn an_outage_renumbered_is_not_a_change() {
        let head: Vec<String> = ["kind", "id", "measure", "start", "actual_ms"]
            .map(String::from)
            .to_vec();
        let row = |id: &str, start: &str, ms: &str| -> Vec<String> {
            vec![
                "outage".into(),
                id.into(),
                "unavailable".into(),
                start.into(),
                ms.into(),
            ]
        };
        let a = vec![
            head.clone(),
            row("1 C1", "t1", "60"),
            row("2 INC-1", "t2", "90"),
        ];
        let b = vec![head, row("1 INC-1", "t2", "90")];
        let mut d = empty_diff();
        breaches(&a, &b, &mut d);
        assert!(d.breaches_added.is_empty(), "{:?}", d.breaches_added);
        assert!(d.breaches_changed.is_empty(), "{:?}", d.breaches_changed);
        assert_eq!(d.breaches_removed.len(), 1);
        assert_eq!(d.breaches_removed[0]["id"], "1 C1");
    }

    fn empty_diff() -> Diff {
        let side = Side {
            path: String::new(),
            month: String::new(),
            lang: String::new(),
        };
        Diff {
            a: side.clone(),
            b: side,
            months_differ: false,
            same: false,
            config: ConfigDiff {
                sha256_old: String::new(),
                sha256_new: String::new(),
                changed: false,
                keys: None,
            },
            tool: None,
            language: None,
            inputs: vec![],
            kpis: vec![],
            targets: vec![],
            breaches_added: vec![],
            breaches_removed: vec![],
            breaches_changed: vec![],
            corrections_added: vec![],
            corrections_removed: vec![],
            outputs: vec![],
        }
    }
}
