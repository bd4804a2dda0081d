//! The generator behind the `zohocrm` crate's build script: reads the JSON spec of the Zoho CRM
//! API, checks it and emits Rust bindings. Only what generation needs is here; the doc-page tools
//! and the command are in `zohocrm-codegen`.
//!
//! The pipeline, one module a stage, each using only those before it:
//! [`spec`] (the file format and its loading) → [`model`] (the checked form) → [`check`]
//! (cross-file checks that lower the spec to the model) → [`emit`] (Rust source).
//! [`load_dir`] or [`load_files`] run the first three and give a [`model::Api`]; [`Config`]
//! runs them all and writes the files, touching only those whose content changed.
//!
//! In a build script:
//!
//! ```no_run
//! let out = std::env::var("OUT_DIR").unwrap();
//! let config = zohocrm_build::Config::new("spec").out_dir(out).cargo_metadata(true);
//! if let Err(e) = config.generate() {
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! Features: `format` formats the output with prettyplease; `schema` derives the JSON Schema of
//! the spec format (schemars); `test-files` emits the repository's generated tests. A build
//! script needs none of them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod emit;
pub mod model;
mod parallel;
pub mod spec;

use std::path::{Path, PathBuf};

pub use emit::{GeneratedFile, Options};
pub use spec::diagnostics::{Diagnostic, Errors};

/// Loads and checks every spec file in `dir` (all `*.json` but `schema.json`).
pub fn load_dir(dir: impl AsRef<Path>) -> Result<model::Api, Errors> {
    let files = spec::load::read_dir(dir.as_ref())?;
    load_files(&files)
}

/// Loads and checks spec files given as `(name, content)`; names appear in diagnostics.
pub fn load_files<N: AsRef<str>, B: AsRef<[u8]>>(files: &[(N, B)]) -> Result<model::Api, Errors> {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_ref(), bytes.as_ref()))
        .collect();
    let parsed = parallel::map(
        &files,
        |(_, bytes)| bytes.len(),
        |(name, bytes)| {
            let mut errors = Errors::default();
            let source = spec::load::parse(name, bytes, &mut errors);
            (source, errors)
        },
    );
    let mut errors = Errors::default();
    let mut sources: Vec<spec::load::Source> = Vec::with_capacity(parsed.len());
    for (source, found) in parsed {
        sources.extend(source);
        for diagnostic in found.diagnostics() {
            errors.push(diagnostic.clone());
        }
    }
    if files.is_empty() {
        errors.push(Diagnostic {
            file: "spec".into(),
            line: 1,
            column: 1,
            pointer: String::new(),
            message: "no spec files given".into(),
        });
    }
    // Cross-file checks on a partial spec would report names the unparsed files define.
    let api = if errors.is_empty() {
        check::lower::lower(&sources, &mut errors)
    } else {
        None
    };
    errors.finish()?;
    // Lowering reports a problem whenever it gives no model, so this is always `Some` here.
    api.ok_or_else(Errors::default)
}

/// The JSON Schema of a spec file, as committed in `spec/schema.json` (the loader checks files
/// against the copy embedded from `src/spec/schema.json`).
#[cfg(feature = "schema")]
pub fn schema() -> String {
    let schema = schemars::schema_for!(spec::SpecFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A failure of [`Config::generate`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec has problems.
    #[error("{0}")]
    Spec(#[from] Errors),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What [`Config::generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file generated, in emit order.
    pub files: Vec<PathBuf>,
    /// The files whose content changed (and so were written).
    pub written: Vec<PathBuf>,
    /// Stale generated files that were removed.
    pub removed: Vec<PathBuf>,
    /// The cargo feature of each family, which gates its module.
    pub features: Vec<String>,
}

/// Settings for one generation run: where the spec is, where the Rust goes.
#[derive(Debug, Clone)]
pub struct Config {
    spec_dir: PathBuf,
    out_dir: PathBuf,
    cargo_metadata: bool,
    options: Options,
}

impl Config {
    /// Generates from the spec in `spec_dir` into the current directory unless
    /// [`out_dir`](Self::out_dir) says otherwise.
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        Config {
            spec_dir: spec_dir.into(),
            out_dir: PathBuf::from("."),
            cargo_metadata: false,
            options: Options::default(),
        }
    }

    /// Where to write the files.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines for the spec folder and each file, as a
    /// build script must.
    pub fn cargo_metadata(mut self, on: bool) -> Self {
        self.cargo_metadata = on;
        self
    }

    /// Whether to format the files with prettyplease, for people to read (the committed copy
    /// is); otherwise each item is one line, which the compiler reads as well. Off by default.
    #[cfg(feature = "format")]
    pub fn format(mut self, on: bool) -> Self {
        self.options = self.options.format(on);
        self
    }

    /// Whether to write the files of tests generated from the spec, which only the zohocrm
    /// repository's own tests use. Off by default.
    #[cfg(feature = "test-files")]
    pub fn test_files(mut self, on: bool) -> Self {
        self.options = self.options.test_files(on);
        self
    }

    /// Loads, checks and emits, then writes each file whose content differs from what is on
    /// disk and removes generated files the spec no longer produces.
    pub fn generate(&self) -> Result<Generated, Error> {
        if self.cargo_metadata {
            println!("cargo:rerun-if-changed={}", self.spec_dir.display());
            if let Ok(entries) = std::fs::read_dir(&self.spec_dir) {
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                paths.sort();
                for path in paths {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        let api = load_dir(&self.spec_dir)?;
        let files = emit::emit(&api, self.options);
        let mut generated = write_files(&self.out_dir, &files)?;
        generated.features = api.families.iter().map(|f| f.feature()).collect();
        Ok(generated)
    }
}

/// Writes `files` into `dir`, only where content changed, and removes other `*.rs` files in `dir`
/// that carry the generated header.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<Generated, Error> {
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let mut generated = Generated {
        files: Vec::new(),
        written: Vec::new(),
        removed: Vec::new(),
        features: Vec::new(),
    };
    for file in files {
        let path = dir.join(&file.name);
        if std::fs::read(&path).ok().as_deref() != Some(file.contents.as_bytes()) {
            std::fs::write(&path, &file.contents).map_err(write_err(&path))?;
            generated.written.push(path.clone());
        }
        generated.files.push(path);
    }
    let entries = std::fs::read_dir(dir).map_err(write_err(dir))?;
    let mut stale: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !generated.files.contains(p))
        .filter(|p| {
            std::fs::read_to_string(p)
                .is_ok_and(|t| t.starts_with("// @generated by zohocrm-codegen"))
        })
        .collect();
    stale.sort();
    for path in stale {
        std::fs::remove_file(&path).map_err(write_err(&path))?;
        generated.removed.push(path);
    }
    Ok(generated)
}
