//! The import graph between the top-level modules of `src/` has no cycle, and the CLI stays at
//! the edge: nothing outside `cli.rs`, `main.rs` and `commands/` names `crate::cli`, and
//! nothing but `main.rs` names `crate::commands`.
//!
//! Read from the source text: every `crate::<module>` path (also inside `use crate::{…}`
//! groups) and every `super::` chain that climbs to the crate root, comments and unit-test
//! modules (`tests/`, `tests.rs`: test code, above every layer) left out. The
//! layer order this enforces is written down in README's Architecture section.
//!
//! Inside every folder of `src/` (recursively, `inputs/` included), the graph between the
//! folder's direct child modules (`x.rs`, `x/`) has no cycle either. That scan resolves every
//! `crate::a::b::x` path, `super::…` chain and `self::` path to a full module path (groups
//! expanded, `#[cfg(test)]` items cut out), so `use super::{x, y}` in a sibling counts. Each
//! folder's module doc lists its layers.

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

/// The text without unit-test items: each `#[cfg(test)]` item (an inline `mod tests { … }`,
/// a `mod tests;` declaration, a test-only function) is cut out, braces matched.
fn without_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i + "#[cfg(test)]".len()..];
        let end = match (item.find(';'), item.find('{')) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (j, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// One path tree from `b[i..]` under `prefix` (`a::b`, `a::{b, c::{d, self}}`, `a::*`): the
/// full paths it names, and where it ends.
fn path_tree(b: &[u8], i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut i = skip_ws(b, i);
    if b.get(i) == Some(&b'{') {
        i += 1;
        loop {
            i = skip_ws(b, i);
            match b.get(i) {
                None => return i,
                Some(b'}') => return i + 1,
                Some(b',') => i += 1,
                _ => {
                    let end = path_tree(b, i, prefix, out);
                    // Skip what follows the item (`as name`) up to its `,` or `}`.
                    i = end.max(i + 1);
                    while i < b.len() && b[i] != b',' && b[i] != b'}' {
                        i += 1;
                    }
                }
            }
        }
    }
    let start = i;
    while i < b.len() && is_ident_byte(b[i]) {
        i += 1;
    }
    let ident = std::str::from_utf8(&b[start..i]).unwrap();
    let mut path = prefix.to_vec();
    if !ident.is_empty() && ident != "self" {
        path.push(ident.to_string());
    }
    if !ident.is_empty() && b[i..].starts_with(b"::") {
        return path_tree(b, i + 2, &path, out);
    }
    out.push(path);
    i
}

/// Every `crate::…`, `super::…` (any chain) and `self::…` path in `code`, groups expanded,
/// as full module paths from the crate root, read from a file whose module path is `module`.
fn module_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = i == 0 || !(is_ident_byte(b[i - 1]) || b[i - 1] == b':');
        let rest = &b[i..];
        if !starts
            || !(rest.starts_with(b"crate::")
                || rest.starts_with(b"super::")
                || rest.starts_with(b"self::"))
        {
            i += 1;
            continue;
        }
        let (base, j) = if rest.starts_with(b"crate::") {
            (Vec::new(), i + "crate::".len())
        } else if rest.starts_with(b"self::") {
            (module.to_vec(), i + "self::".len())
        } else {
            let mut j = i;
            let mut n = 0;
            while b[j..].starts_with(b"super::") {
                n += 1;
                j += "super::".len();
            }
            (module[..module.len().saturating_sub(n)].to_vec(), j)
        };
        i = path_tree(b, j, &base, &mut out).max(j);
    }
    out
}

/// Folder (its module path, e.g. `report/sections`) → the import graph between its direct
/// child modules (`x.rs` and `x/`), from every non-test file inside those children.
fn folder_graphs() -> BTreeMap<String, Graph> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut folders: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(d) = dirs.pop() {
        let module: Vec<String> = d
            .strip_prefix(&root)
            .unwrap()
            .iter()
            .map(|p| p.to_str().unwrap().to_string())
            .collect();
        let mut children = BTreeSet::new();
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            if p.is_dir() {
                dirs.push(p);
                children.insert(name);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                children.insert(stem.to_string());
            }
        }
        for skip in ["mod", "tests"] {
            children.remove(skip);
        }
        if !module.is_empty() {
            folders.insert(module, children);
        }
    }
    let mut graphs: BTreeMap<String, Graph> = folders
        .keys()
        .map(|f| (f.join("/"), Graph::new()))
        .collect();
    for f in files {
        let rel = f.strip_prefix(&root).unwrap();
        let mut module: Vec<String> = rel
            .iter()
            .map(|p| p.to_str().unwrap().trim_end_matches(".rs").to_string())
            .collect();
        if module.iter().any(|p| p == "tests") {
            continue;
        }
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        let code = without_test_items(&code_only(&std::fs::read_to_string(&f).unwrap()));
        let paths = module_paths(&code, &module);
        for (folder, children) in &folders {
            let n = folder.len();
            if module.len() <= n || module[..n] != folder[..] {
                continue;
            }
            let from = &module[n];
            for p in &paths {
                if p.len() > n && p[..n] == folder[..] && &p[n] != from && children.contains(&p[n])
                {
                    graphs
                        .get_mut(&folder.join("/"))
                        .unwrap()
                        .entry(from.clone())
                        .or_default()
                        .entry(p[n].clone())
                        .or_default()
                        .insert(rel.display().to_string());
                }
            }
        }
    }
    graphs
}

/// Each cycle in `g`, once (by its smallest module), described with the files that make it.
fn cycles(g: &Graph) -> Vec<String> {
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    g.keys()
        .filter_map(|m| cycle_from(g, m))
        .filter(|c| seen.insert(c.iter().cloned().collect()))
        .map(|c| format!("{}:\n{}", c.join(" → "), describe(g, &c)))
        .collect()
}

#[test]
fn no_folder_has_an_import_cycle_between_its_modules() {
    let graphs = folder_graphs();
    // The scan sees the graphs at all (a broken scan would pass vacuously).
    assert!(
        graphs["report"]
            .values()
            .any(|tos| tos.contains_key("format")),
        "{graphs:#?}"
    );
    assert!(
        graphs["metrics"]
            .values()
            .any(|tos| tos.contains_key("model")),
        "{graphs:#?}"
    );
    assert!(
        graphs["report/sections"]["availability"].contains_key("silence"),
        "{graphs:#?}"
    );
    let found: Vec<String> = graphs
        .iter()
        .flat_map(|(folder, g)| {
            cycles(g)
                .into_iter()
                .map(move |c| format!("src/{folder}: {c}"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import cycles inside folders (each folder's module doc lists its layers):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_folder_scan_resolves_paths_and_finds_a_made_up_cycle() {
    let module: Vec<String> = ["report", "sections", "orders"].map(String::from).to_vec();
    let paths = |code: &str| -> Vec<String> {
        module_paths(code, &module)
            .iter()
            .map(|p| p.join("::"))
            .collect()
    };
    assert_eq!(
        paths("use super::{cover::X, self, tickets::{a, b as c}};"),
        [
            "report::sections::cover::X",
            "report::sections",
            "report::sections::tickets::a",
            "report::sections::tickets::b"
        ]
    );
    assert_eq!(
        paths("use super::super::model::Chart; let x = self::inner::f(); crate::metrics::y();"),
        [
            "report::model::Chart",
            "report::sections::orders::inner::f",
            "metrics::y"
        ]
    );
    assert_eq!(
        paths("use crate::{a::{b, c::d}, e};"),
        ["a::b", "a::c::d", "e"]
    );
    assert_eq!(
        paths("let _ = my_crate::x; a::super::b;"),
        Vec::<String>::new()
    );
    assert_eq!(
        without_test_items("fn a() {}\n#[cfg(test)]\nmod tests { fn b() { {} } }\nfn c() {}"),
        "fn a() {}\n\nfn c() {}"
    );
    assert_eq!(
        without_test_items("#[cfg(test)]\nmod tests;\nuse x;"),
        "\nuse x;"
    );
    // A made-up folder whose modules import each other in a circle is caught, files named.
    let mut g = Graph::new();
    for (a, b) in [
        ("model", "trend"),
        ("trend", "summary"),
        ("summary", "model"),
        ("cover", "model"),
    ] {
        g.entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert(format!("src/metrics/{a}.rs"));
    }
    let found = cycles(&g);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("model → trend → summary → model:"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("summary → model (src/metrics/summary.rs)"),
        "{}",
        found[0]
    );
    g.get_mut("summary").unwrap().clear();
    assert!(cycles(&g).is_empty());
}
