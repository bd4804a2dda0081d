//! The committed `generated/` folder is exactly what `cargo build` generates.

use std::path::Path;

#[test]
fn committed_generated_files_match_the_build_output() {
    let out_dir = Path::new(env!("OUT_DIR"));
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let mut stale = Vec::new();
    let mut built: Vec<String> = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    built.sort();
    for name in &built {
        let fresh = std::fs::read_to_string(out_dir.join(name)).unwrap();
        if std::fs::read_to_string(committed.join(name))
            .ok()
            .as_deref()
            != Some(fresh.as_str())
        {
            stale.push(name.clone());
        }
    }
    for entry in std::fs::read_dir(&committed).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !built.contains(&name) {
            stale.push(format!("{name} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ differs from what the build generates for {stale:?}; refresh it with `cargo run -p zohocrm-codegen -- generate spec --out generated`"
    );
}
