//! The import graph between the top-level modules of `src/` has no cycle, and the CLI stays at
//! the edge: nothing outside `cli.rs`, `main.rs` and `commands/` names `crate::cli`, and
//! nothing but `main.rs` names `crate::commands`.
//!
//! Read from the source text: every `crate::<module>` path (also inside `use crate::{…}`
//! groups) and every `super::` chain that climbs to the crate root, comments and unit-test
//! modules (`tests/`, `tests.rs`: test code, above every layer) left out. The
//! layer order this enforces is written down in README's Architecture section.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules it names → the files that name them.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules: `src/x.rs` and `src/x/`, without `main` and `lib`.
fn top_modules() -> BTreeSet<String> {
    std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            if p.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs").map(str::to_string)
            }
        })
        .filter(|n| n != "main" && n != "lib")
        .collect()
}

/// The text without `//` comments (doc comments included) and without string literals'
/// contents on the same line after a `//` (good enough for this code base's style).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment after each `crate::` (and each item of a `crate::{…}` group).
fn crate_refs(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `other_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group: split on commas at brace depth 0.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push(first_ident(&item));
        } else {
            out.push(first_ident(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first_ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// `super::…::name` chains that climb from a file at module depth `depth` (1 for `src/x.rs`
/// and `src/x/mod.rs`, 2 for `src/x/y.rs`, …) to the crate root: the module they name.
fn super_refs(code: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("super::") {
        let before = rest[..i].chars().last();
        rest = &rest[i..];
        let mut n = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            n += 1;
            rest = r;
        }
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if n >= depth {
            out.push(first_ident(rest));
        }
    }
    out
}

fn graph() -> Graph {
    let tops = top_modules();
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut g = Graph::new();
    for f in files {
        let rel = f.strip_prefix(&root).unwrap();
        let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap()).collect();
        let top = parts[0].trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        // Unit-test modules (`x/tests/…`, `x/tests.rs`) are test code, above every layer: a
        // metrics test may render a report to check that both count alike.
        if parts[1..].iter().any(|p| *p == "tests" || *p == "tests.rs") {
            continue;
        }
        // Module depth: src/x.rs and src/x/mod.rs are 1, src/x/y.rs is 2, …
        let depth = parts.len() - usize::from(parts.len() > 1 && parts.last() == Some(&"mod.rs"));
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        for to in crate_refs(&code)
            .into_iter()
            .chain(super_refs(&code, depth))
        {
            if to != top && tops.contains(&to) {
                g.entry(top.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(rel.display().to_string());
            }
        }
    }
    g
}

/// A cycle through `start`, if any: the modules in order, `start` first and last.
fn cycle_from(g: &Graph, start: &str) -> Option<Vec<String>> {
    fn dfs(
        g: &Graph,
        at: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in g.get(at).into_iter().flat_map(|m| m.keys()) {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if dfs(g, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    dfs(g, start, start, &mut path, &mut seen).then_some(path)
}

fn describe(g: &Graph, cycle: &[String]) -> String {
    cycle
        .windows(2)
        .map(|w| {
            let files: Vec<&str> = g[&w[0]][&w[1]].iter().map(String::as_str).collect();
            format!("  {} → {} ({})", w[0], w[1], files.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_top_level_modules_form_no_import_cycle() {
    let g = graph();
    // The scan sees the graph at all (a broken scan would pass vacuously).
    assert!(g["metrics"].contains_key("inputs"), "{g:#?}");
    assert!(g["pipeline"].contains_key("render"), "{g:#?}");
    let cycles: Vec<String> = top_modules()
        .iter()
        .filter_map(|m| cycle_from(&g, m))
        .map(|c| format!("{}:\n{}", c.join(" → "), describe(&g, &c)))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles between top-level modules:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_cli_stays_at_the_edge() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        if from != "commands" && tos.contains_key("cli") {
            wrong.push(format!("{from} → cli: {:?}", tos["cli"]));
        }
        if tos.contains_key("commands") {
            wrong.push(format!("{from} → commands: {:?}", tos["commands"]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_scan_reads_groups_and_super_chains() {
    let code = "use crate::{a::X, b, c::{d, e}};\nlet _ = other_crate::z; crate::f::g();";
    assert_eq!(crate_refs(code), ["a", "b", "c", "f"]);
    assert_eq!(
        super_refs("use super::super::x::Y; use super::z;", 2),
        ["x"]
    );
    assert_eq!(super_refs("use super::z;", 1), ["z"]);
    assert_eq!(
        code_only("use a; // crate::b\n/// crate::c\nuse d;"),
        "use a; \n\nuse d;"
    );
    let mut g = Graph::new();
    for (a, b) in [("x", "y"), ("y", "z"), ("z", "x")] {
        g.entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert(format!("{a}.rs"));
    }
    assert_eq!(cycle_from(&g, "x").unwrap(), ["x", "y", "z", "x"]);
    g.get_mut("z").unwrap().clear();
    assert_eq!(cycle_from(&g, "x"), None);
}
