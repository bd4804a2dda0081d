//! Broken specs: each case under `bad_specs/` must fail with exactly the diagnostics in its
//! `expected.txt`, and never panic.
//!
//! A case is a folder of spec files; `_base/api.json` is added unless the case has its own.
//! Run with `BLESS=1` to rewrite the expected files after a deliberate change, then review them.

use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    cases
}

fn files_of(case: &Path) -> Vec<(String, Vec<u8>)> {
    let base = case.parent().unwrap().join("_base");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    if !case.join("api.json").exists() {
        paths.push(base.join("api.json"));
    }
    paths.sort_by_key(|p| p.file_name().unwrap().to_owned());
    for path in paths {
        let name = format!("spec/{}", path.file_name().unwrap().to_string_lossy());
        files.push((name, fs::read(&path).unwrap()));
    }
    files
}

#[test]
fn every_bad_spec_gives_its_expected_diagnostics() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 70, "the corpus shrank to {}", cases.len());
    println!("bad specs: {} cases", cases.len());
    for case in &cases {
        let files = files_of(case);
        let outcome = std::panic::catch_unwind(|| zohocrm_build::load_files(&files));
        let actual = match outcome {
            Err(_) => format!("PANIC in {}", case.display()),
            Ok(Ok(_)) => "the spec was accepted".to_owned(),
            Ok(Err(errors)) => format!("{errors}\n"),
        };
        let expected_path = case.join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn several_problems_are_reported_in_one_run() {
    let case = cases()
        .into_iter()
        .find(|c| c.ends_with("several_problems_at_once"))
        .unwrap();
    let errors = zohocrm_build::load_files(&files_of(&case)).unwrap_err();
    assert!(errors.diagnostics().len() >= 3, "{errors}");
    let files: Vec<&str> = errors
        .diagnostics()
        .iter()
        .map(|d| d.file.as_str())
        .collect();
    assert!(files.iter().all(|f| *f == "spec/things.json"), "{files:?}");
}
