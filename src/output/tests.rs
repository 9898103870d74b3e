//! Unit tests of the output folder: swap, stale files, --clean, the lock and recovery of what a
//! killed run leaves. (Killing the binary itself is in tests/hostile/outputs_faults.rs.)

use super::*;

fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    pairs
        .iter()
        .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
        .collect()
}

fn listing(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_a_new_folder_and_replaces_an_old_one_whole() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("a/out");
    let first = set(&[("metrics.json", "1"), ("manifest.json", "m1")]);
    {
        let d = OutDir::acquire(&out).unwrap();
        d.check_stale(first.keys().map(String::as_str), false)
            .unwrap();
        d.replace(&first).unwrap();
    }
    assert_eq!(
        listing(&out),
        BTreeMap::from([
            ("manifest.json".into(), "m1".into()),
            ("metrics.json".into(), "1".into())
        ])
    );
    let second = set(&[("metrics.json", "2"), ("manifest.json", "m2")]);
    {
        let d = OutDir::acquire(&out).unwrap();
        d.check_stale(second.keys().map(String::as_str), false)
            .unwrap();
        d.replace(&second).unwrap();
    }
    assert_eq!(listing(&out)["metrics.json"], "2");
    // Nothing is left beside it: no temporary folder, no lock file.
    assert_eq!(names(&t.path().join("a")), vec!["out".to_string()]);
}

#[test]
fn stale_files_refuse_and_a_report_is_kept_when_restated() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("report.pdf"), "old pdf").unwrap();
    std::fs::write(out.join("manifest.json"), "old").unwrap();
    let new = set(&[("metrics.json", "2"), ("manifest.json", "m2")]);
    let d = OutDir::acquire(&out).unwrap();
    let e = d
        .check_stale(new.keys().map(String::as_str), false)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("holds 1 file(s) this run does not write: report.pdf")
            && e.contains("--restate"),
        "{e}"
    );
    // --clean never discards a report.
    let e = d
        .check_stale(new.keys().map(String::as_str), true)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("--clean would discard the report")
            && e.contains("use --restate to keep it in versions/1/"),
        "{e}"
    );
    d.check_before_writing(new.keys().map(String::as_str), false, true)
        .unwrap();
    assert_eq!(d.next_version().unwrap(), 1);
    d.replace_keeping(&new, &BTreeMap::new(), Some(1)).unwrap();
    assert_eq!(
        names(&out),
        vec!["manifest.json", "metrics.json", "versions"]
    );
    assert_eq!(
        names(&out.join("versions/1")),
        vec!["manifest.json", "report.pdf"]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("versions/1/report.pdf")).unwrap(),
        "old pdf"
    );
    // The versions are carried into every later set; the next restatement is version 2.
    assert_eq!(d.next_version().unwrap(), 2);
    d.check_stale(new.keys().map(String::as_str), false)
        .unwrap();
    d.replace(&set(&[("metrics.json", "3"), ("manifest.json", "m3")]))
        .unwrap();
    assert_eq!(
        names(&out),
        vec!["manifest.json", "metrics.json", "versions"]
    );
    d.replace_keeping(&set(&[("manifest.json", "m4")]), &BTreeMap::new(), Some(2))
        .unwrap();
    assert_eq!(names(&out.join("versions")), vec!["1", "2"]);
    assert_eq!(
        std::fs::read_to_string(out.join("versions/2/metrics.json")).unwrap(),
        "3"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("versions/1/manifest.json")).unwrap(),
        "old"
    );
    // Nothing is left beside the folder once the run ends.
    drop(d);
    assert_eq!(names(t.path()), vec!["out".to_string()]);
}

#[test]
fn clean_never_empties_a_folder_that_is_not_a_report() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("home");
    std::fs::create_dir_all(out.join("sub")).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let new = set(&[("manifest.json", "m")]);
    let d = OutDir::acquire(&out).unwrap();
    let e = d
        .check_stale(new.keys().map(String::as_str), true)
        .unwrap_err()
        .to_string();
    assert!(e.contains("holds the folder(s) sub"), "{e}");
    std::fs::remove_dir(out.join("sub")).unwrap();
    let e = d
        .check_stale(new.keys().map(String::as_str), true)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("holds no manifest.json") && e.contains("notes.txt"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_second_run_fails_while_the_first_holds_the_lock() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let first = OutDir::acquire(&out).unwrap();
    // Another name for the same folder (relative to a symbolic link) takes the same lock.
    std::os::unix::fs::symlink(t.path(), t.path().join("link")).unwrap();
    for other in [out.clone(), t.path().join("link/out")] {
        let e = OutDir::acquire(&other).err().unwrap().to_string();
        assert!(e.contains("another slareport run is writing"), "{e}");
        assert!(e.contains(".out.slareport-lock"), "{e}");
    }
    drop(first);
    OutDir::acquire(&out).unwrap();
}

#[test]
fn recovery_removes_a_partial_new_set_and_restores_a_moved_old_one() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    // Killed while writing: a partial temporary folder beside an intact --out.
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "old").unwrap();
    let tmp = t.path().join(".out.slareport-tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(tmp.join("metrics.json"), "half").unwrap();
    drop(OutDir::acquire(&out).unwrap());
    assert!(!tmp.exists());
    assert_eq!(listing(&out)["manifest.json"], "old");
    // Killed between the fallback's two renames: --out missing, the old set aside.
    let old = t.path().join(".out.slareport-old");
    std::fs::rename(&out, &old).unwrap();
    drop(OutDir::acquire(&out).unwrap());
    assert!(!old.exists());
    assert_eq!(listing(&out)["manifest.json"], "old");
    // Killed after the fallback's second rename: the new set is in place, the old one goes.
    std::fs::create_dir(&old).unwrap();
    drop(OutDir::acquire(&out).unwrap());
    assert!(!old.exists() && out.is_dir());
}

#[test]
fn the_fallback_swap_gives_the_same_result() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "old").unwrap();
    let d = OutDir::acquire(&out).unwrap();
    let tmp = d.tmp();
    d.write_tmp(&tmp, &set(&[("manifest.json", "new")]), None)
        .unwrap();
    d.swap_by_renames(&tmp).unwrap();
    assert_eq!(listing(&out)["manifest.json"], "new");
    assert!(!tmp.exists() && !d.old().exists());
}

#[test]
fn out_must_be_a_folder_name() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("f");
    std::fs::write(&file, "x").unwrap();
    let e = OutDir::acquire(&file).err().unwrap().to_string();
    assert!(e.contains("exists and is not a folder"), "{e}");
    // Under a regular file nothing can be created, not even by root.
    let e = format!("{:#}", OutDir::acquire(&file.join("out")).err().unwrap());
    assert!(e.contains("cannot create the parent folder"), "{e}");
    let e = OutDir::acquire(Path::new("/")).err().unwrap().to_string();
    assert!(e.contains("expected a folder name"), "{e}");
}

#[test]
fn a_failed_write_leaves_the_folder_unchanged_and_names_the_file() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "old").unwrap();
    let d = OutDir::acquire(&out).unwrap();
    // A name that cannot be a file in the temporary folder makes its write fail.
    let e = format!(
        "{:#}",
        d.replace(&set(&[("manifest.json", "new"), ("no/such/x.csv", "y")]))
            .unwrap_err()
    );
    assert!(e.contains("cannot write no/such/x.csv of"), "{e}");
    assert!(e.contains("is unchanged"), "{e}");
    assert_eq!(listing(&out)["manifest.json"], "old");
    assert!(!d.tmp().exists());
}
