//! Tests start the binary one way only: through `tests/support/binary.rs`. A test file that
//! names the binary's path itself would start it another way, and a change to how the binary is
//! started (an environment variable, a working directory) would miss it.

use std::path::{Path, PathBuf};

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

#[test]
fn only_the_support_module_names_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("tests"), &mut files);
    let name = concat!("CARGO_BIN_", "EXE_slareport");
    let wrong: Vec<String> = files
        .iter()
        .filter(|p| !p.ends_with("support/binary.rs"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains(name)
        })
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        wrong.is_empty(),
        "start the binary with crate::binary::slareport() (tests/support/binary.rs), not by its \
         path: {wrong:?}"
    );
}
