//! Reading spec files: bytes → UTF-8 → JSON → [`SpecFile`], with positions for later checks.
//!
//! Before serde reads a file, the loader refuses repeated keys (which JSON parsers drop) and runs
//! the shape check (module `shape`).

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::spec::diagnostics::{Diagnostic, Errors};
use crate::spec::locate::{duplicate_keys, escape_segment, Positions};
use crate::spec::shape::Shape;
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
    let at = |(line, column), message: String| Diagnostic {
        file: name.to_owned(),
        line,
        column,
        pointer: String::new(),
        message,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let position = position_of(bytes, e.valid_up_to());
            errors.push(at(position, "the file is not valid UTF-8".into()));
            return None;
        }
    };
    if text.starts_with('\u{FEFF}') {
        errors.push(at(
            (1, 1),
            "the file starts with a UTF-8 byte order mark (U+FEFF); remove it".into(),
        ));
        return None;
    }
    if text.trim().is_empty() {
        errors.push(at(
            (1, 1),
            "the file is empty: expected a JSON object".into(),
        ));
        return None;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let (position, message) = json_error(text, &e);
            errors.push(at(position, message));
            return None;
        }
    };
    let mut failed = false;
    for repeat in duplicate_keys(text) {
        let first = if repeat.first.0 == repeat.at.0 {
            format!("column {}", repeat.first.1)
        } else {
            format!("line {}", repeat.first.0)
        };
        errors.push(Diagnostic {
            file: name.to_owned(),
            line: repeat.at.0,
            column: repeat.at.1,
            pointer: repeat.pointer,
            message: format!("duplicate key `{}`: the first is at {first}", repeat.key),
        });
        failed = true;
    }
    let positions = OnceLock::new();
    let mut report = |pointer: String, message: String| {
        let (line, column) = positions
            .get_or_init(|| Positions::index(text))
            .find(&pointer);
        errors.push(Diagnostic {
            file: name.to_owned(),
            line,
            column,
            pointer,
            message,
        });
        failed = true;
    };
    let shape = Shape::of(&value);
    for (pointer, message) in &shape.problems {
        report(pointer.clone(), message.clone());
    }
    let spec = match serde_path_to_error::deserialize::<_, SpecFile>(&value) {
        Ok(spec) => Some(spec),
        Err(e) => {
            let first = pointer_of(e.path());
            let mut found = vec![(first.clone(), e.inner().to_string())];
            found.extend(other_entries(&value, &first));
            for (pointer, message) in found {
                if let Some((pointer, message)) = shape.place(pointer, message) {
                    report(pointer, message);
                }
            }
            None
        }
    };
    match spec {
        Some(spec) if !failed => Some(Source {
            name: name.to_owned(),
            text: text.to_owned(),
            positions,
            spec,
        }),
        _ => None,
    }
}

/// Line and column (1-based, in characters) of byte `offset` of `bytes`.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // A UTF-8 continuation byte belongs to the character before it.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (line, column + 1)
}

/// Where and what a JSON syntax error is, in the spec's words.
fn json_error(text: &str, e: &serde_json::Error) -> ((usize, usize), String) {
    let message = strip_position(e);
    let bytes = text.as_bytes();
    // serde_json counts the line's bytes up to and including the character at fault.
    let line_start = match e.line() {
        0 | 1 => 0,
        line => bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1),
    };
    let end = (line_start + e.column()).min(bytes.len());
    let fault = end.saturating_sub(1);
    let end_of_line =
        message.starts_with("control character") && matches!(bytes.get(fault), Some(b'\n' | b'\r'));
    let end_of_file = message == "EOF while parsing a string";
    if end_of_line || end_of_file {
        let stop = if end_of_line { fault } else { bytes.len() };
        if let Some(quote) = unclosed_quote(bytes, stop) {
            let before = if end_of_line { "its line" } else { "the file" };
            let message = format!(
                "invalid JSON: the string that starts here has no closing quote before the end of {before}"
            );
            return (position_of(bytes, quote), message);
        }
    }
    let (line, column) = position_of(bytes, end);
    let position = (line, column.saturating_sub(1).max(1));
    if message == "recursion limit exceeded" {
        let message = format!(
            "arrays and objects are nested more than {MAX_NESTING} levels deep; the loader reads at most {MAX_NESTING}"
        );
        return (position, message);
    }
    (position, format!("invalid JSON: {message}"))
}

/// The deepest nesting of arrays and objects serde_json reads.
const MAX_NESTING: usize = 127;

/// The opening quote of a string still open at byte `stop`, which ends a line or the file.
///
/// JSON strings cannot hold a line break, so the string starts on the same line.
fn unclosed_quote(bytes: &[u8], stop: usize) -> Option<usize> {
    let start = bytes[..stop]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut open = None;
    let mut i = start;
    while i < stop {
        match bytes[i] {
            b'"' => open = if open.is_some() { None } else { Some(i) },
            b'\\' if open.is_some() => i += 1,
            _ => {}
        }
        i += 1;
    }
    open
}

/// After serde's first error, checks every other operation and type on its own so that one run
/// reports all of them.
fn other_entries(value: &Value, first: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
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
                found.push((format!("{prefix}{pointer}"), message));
            }
        }
    }
    found
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
