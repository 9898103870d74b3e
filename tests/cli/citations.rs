//! Citations stay inside the repository: code, tests and the README cite the measurement rules
//! of `docs/method.md` by their numbers (`M3.3`), never a document the repository does not
//! hold (the product specification's sections, written with the section sign) or a tracker's
//! issue numbers. Every rule number cited exists in `docs/method.md`.
//!
//! The section sign stays allowed after "agreement" and "agreement's" (the SSBTEK agreement's
//! own clauses, which `docs/method.md` quotes) and after "RFC 3339".

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Text files of `dir` (recursively) that hold prose: sources, docs, configs, templates.
/// Golden outputs are generated, not written, and are left out.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "golden") {
                text_files(&p, out);
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["rs", "md", "toml", "j2", "typ"].contains(&e))
        {
            out.push(p);
        }
    }
}

fn scanned() -> Vec<PathBuf> {
    let mut files = Vec::new();
    text_files(&root().join("src"), &mut files);
    text_files(&root().join("tests"), &mut files);
    files.push(root().join("README.md"));
    files
}

/// Skip spaces, and a line break with the comment marker that continues a comment.
fn skip_gap(s: &str) -> &str {
    let t = s.trim_start_matches([' ', '\t']);
    match t.strip_prefix('\n') {
        Some(rest) => rest
            .trim_start()
            .trim_start_matches(['/', '!', '#'])
            .trim_start(),
        None => t,
    }
}

/// The outside citations in `text`: (line, what was found).
fn outside_citations(text: &str) -> Vec<(usize, String)> {
    let line_of = |i: usize| text[..i].matches('\n').count() + 1;
    let mut found = Vec::new();
    let spec = concat!("SPE", "C");
    for (i, _) in text.match_indices(spec) {
        let after = &text[i + spec.len()..];
        // A colon and prose after the name cite; a constant named so and typed is no citation.
        let prose_colon = after
            .strip_prefix(": ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()));
        if after.starts_with(" §") || prose_colon {
            found.push((
                line_of(i),
                format!("{spec}{}", &after[..after.len().min(8)]),
            ));
        }
    }
    for (i, _) in text.match_indices('§') {
        let after = &text[i + '§'.len_utf8()..];
        let before = &text[..i];
        let allowed = ["agreement ", "agreement's ", "RFC 3339 "]
            .iter()
            .any(|p| before.ends_with(p));
        if !allowed && after.starts_with(|c: char| c.is_ascii_digit()) {
            found.push((line_of(i), format!("§{}", &after[..after.len().min(6)])));
        }
    }
    let lower = text.to_lowercase();
    let word = concat!("iss", "ue");
    for (i, _) in lower.match_indices(word) {
        if lower[..i]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &lower[i + word.len()..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        let gap = skip_gap(rest);
        if gap.len() < rest.len() && gap.starts_with(|c: char| c.is_ascii_digit()) {
            found.push((line_of(i), format!("{word} {}", &gap[..gap.len().min(3)])));
        }
    }
    found
}

#[test]
fn code_tests_and_readme_cite_only_the_method() {
    let mut wrong = Vec::new();
    for path in scanned() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (line, what) in outside_citations(&text) {
            let rel = path.strip_prefix(root()).unwrap_or(&path);
            wrong.push(format!("{}:{line}: {what:?}", rel.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "cite the rule in docs/method.md (M<area>.<n>) or say it in words:\n{}",
        wrong.join("\n")
    );
}

/// The rule numbers `docs/method.md` defines: every `**M<a>.<n> ` at the start of a line.
fn defined_rules() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("docs/method.md")).unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("**M"))
        .filter_map(|l| l.split_once(' ').map(|(n, _)| format!("M{n}")))
        .collect()
}

/// `M<digits>.<digits>` tokens of `text`, not part of a longer word.
fn cited_rules(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices('M') {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
            continue;
        }
        let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let area = digits(i + 1);
        if area == 0 || b.get(i + 1 + area) != Some(&b'.') {
            continue;
        }
        let n = digits(i + 2 + area);
        if n == 0 {
            continue;
        }
        let end = i + 2 + area + n;
        if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        out.push(text[i..end].to_string());
    }
    out
}

#[test]
fn every_cited_rule_exists_in_the_method() {
    let defined = defined_rules();
    assert!(
        defined.contains("M1.1") && defined.len() > 50,
        "{defined:?}"
    );
    let mut wrong = Vec::new();
    for path in scanned() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for rule in cited_rules(&text) {
            if !defined.contains(&rule) {
                let rel = path.strip_prefix(root()).unwrap_or(&path);
                wrong.push(format!("{}: {rule}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "rules cited but not in docs/method.md:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scans_find_what_they_look_for() {
    let (spec, issue, s) = (concat!("SPE", "C"), concat!("iss", "ue"), '§');
    let text = format!(
        "// a ({spec} {s}9.6)\n// b {s}4.1.7 and agreement {s}4 and agreement's {s}4.1, RFC 3339 {s}5.6\n\
         // c ({issue} 12) tissue 3\n// d ({issue}\n// 14): x\n// e {issue}s of the day"
    );
    let found: BTreeSet<usize> = outside_citations(&text).iter().map(|f| f.0).collect();
    assert_eq!(found.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(
        cited_rules("(M3.3, M12.6) M1 xM2.3 M4.5a M7.2."),
        ["M3.3", "M12.6", "M7.2"]
    );
}
