//! Reading spec files: bytes → UTF-8 → JSON → [`SpecFile`], with positions for later checks.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Errors};
use crate::locate::{escape_segment, Positions};
use crate::spec::SpecFile;

/// A spec file that parsed, with what is needed to point at its parts.
#[derive(Debug)]
pub struct Source {
    /// The file's name as reported in diagnostics.
    pub name: String,
    /// Its text.
    text: String,
    /// Positions of its values, indexed when a diagnostic first needs one: a spec without
    /// problems never pays for them.
    positions: OnceLock<Positions>,
    /// Its content.
    pub spec: SpecFile,
}

impl Source {
    /// A diagnostic at the value that `pointer` names.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let positions = self.positions.get_or_init(|| Positions::index(&self.text));
        let (line, column) = positions.find(pointer);
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }
}

/// Reads every `*.json` file of `dir` except `schema.json`, in name order.
///
/// Returns the files as `(name, bytes)`, named `dir/file.json`.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Errors> {
    let mut errors = Errors::default();
    let whole_dir = |message: String| Diagnostic {
        file: dir.display().to_string(),
        line: 1,
        column: 1,
        pointer: String::new(),
        message,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(whole_dir(format!("cannot read the spec folder: {e}")));
            return Err(errors);
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_spec = path.extension().is_some_and(|e| e == "json")
                    && path.file_name().is_some_and(|n| n != "schema.json");
                if is_spec {
                    paths.push(path);
                }
            }
            Err(e) => errors.push(whole_dir(format!("cannot list the spec folder: {e}"))),
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => files.push((name, bytes)),
            Err(e) => errors.push(Diagnostic {
                file: name,
                line: 1,
                column: 1,
                pointer: String::new(),
                message: format!("cannot read the file: {e}"),
            }),
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(whole_dir(
            "no spec files: expected `api.json` and one `*.json` file per family".into(),
        ));
    }
    errors.finish().map(|()| files)
}

/// Parses one file, adding its problems to `errors`.
pub fn parse(name: &str, bytes: &[u8], errors: &mut Errors) -> Option<Source> {
    let at = |line, column, message: String| Diagnostic {
        file: name.to_owned(),
        line,
        column,
        pointer: String::new(),
        message,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            errors.push(at(line, column, "the file is not valid UTF-8".into()));
            return None;
        }
    };
    if text.trim().is_empty() {
        errors.push(at(1, 1, "the file is empty: expected a JSON object".into()));
        return None;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            errors.push(at(
                e.line().max(1),
                e.column().max(1),
                format!("invalid JSON: {}", strip_position(&e)),
            ));
            return None;
        }
    };
    let positions = OnceLock::new();
    let located = |pointer: String, message: String| {
        let (line, column) = positions
            .get_or_init(|| Positions::index(text))
            .find(&pointer);
        Diagnostic {
            file: name.to_owned(),
            line,
            column,
            pointer,
            message,
        }
    };
    match serde_path_to_error::deserialize::<_, SpecFile>(&value) {
        Ok(spec) => Some(Source {
            name: name.to_owned(),
            text: text.to_owned(),
            positions,
            spec,
        }),
        Err(e) => {
            let first = pointer_of(e.path());
            errors.push(located(first.clone(), e.inner().to_string()));
            report_other_entries(&value, &first, &located, errors);
            None
        }
    }
}

/// After the first structural error, checks every other operation and type on its own so that
/// one run reports all of them.
fn report_other_entries(
    value: &Value,
    first: &str,
    located: &dyn Fn(String, String) -> Diagnostic,
    errors: &mut Errors,
) {
    for (section, check) in [
        ("operations", check_one::<crate::spec::Operation> as CheckFn),
        ("types", check_one::<crate::spec::TypeDef> as CheckFn),
    ] {
        let Some(Value::Object(entries)) = value.get(section) else {
            continue;
        };
        for (key, entry) in entries {
            let prefix = format!("/{section}/{}", escape_segment(key));
            if first == prefix || first.starts_with(&format!("{prefix}/")) {
                continue;
            }
            if let Err((pointer, message)) = check(entry) {
                errors.push(located(format!("{prefix}{pointer}"), message));
            }
        }
    }
}

type CheckFn = fn(&Value) -> Result<(), (String, String)>;

fn check_one<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|e| (pointer_of(e.path()), e.inner().to_string()))
}

/// The JSON pointer of a serde path.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_segment(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// serde_json's message without its trailing `at line L column C`, which the diagnostic shows.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
