//! Checks the spec in `spec` (in the repository, a link to the workspace's `../spec`; in the
//! packaged crate, a copy) and embeds its files: writes `OUT_DIR/spec_files.rs` with a
//! `SPEC_FILES` table of `(name, include_str!(path))`, so a broken spec fails the mock's build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quote::quote;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            for line in message.lines() {
                println!("cargo::error={line}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;
    let spec_dir = std::fs::canonicalize(manifest_dir.join("spec"))
        .map_err(|e| format!("cannot find the spec folder next to the mock: {e}"))?;
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let paths = spec_paths(&spec_dir)?;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| not_utf8(path))?;
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push((
            format!("spec/{file_name}"),
            path.to_str().ok_or_else(|| not_utf8(path))?,
            bytes,
        ));
    }
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, _, b)| (n.as_str(), b.as_slice()))
        .collect();
    zohocrm_build::load_files(&named).map_err(|e| e.to_string())?;

    let entries = files
        .iter()
        .map(|(name, path, _)| quote! { (#name, include_str!(#path)) });
    let tokens = quote! {
        /// The spec files, as `(name, content)`, checked when the mock was built.
        const SPEC_FILES: &[(&str, &str)] = &[#(#entries),*];
    };
    let target = out_dir.join("spec_files.rs");
    let text = tokens.to_string();
    if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}

/// Every `*.json` file of `dir` but `schema.json`, in name order.
fn spec_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        let is_spec = path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "schema.json");
        if is_spec {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("cargo did not set {name}"))
}

fn not_utf8(path: &Path) -> String {
    format!("the spec path {} is not UTF-8", path.display())
}
