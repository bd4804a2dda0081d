//! Reading spec files: bytes → UTF-8 → JSON → [`SpecFile`], with positions for later checks.
//!
//! Before serde reads a file, the loader refuses repeated keys (which JSON parsers drop) and
//! checks every value's JSON type against the format's schema, so that a problem is reported at
//! the value itself, in the spec's words, and an array is never read as an object.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Errors};
use crate::locate::{duplicate_keys, escape_segment, push_segment, Positions};
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

/// The spec format's JSON Schema, which the shape check follows.
fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(SpecFile).to_value())
}

// JSON types, as bits of a set.
const OBJECT: u8 = 1;
const ARRAY: u8 = 2;
const STRING: u8 = 4;
const BOOLEAN: u8 = 8;
const INTEGER: u8 = 16;
/// Any number, integers included.
const NUMBER: u8 = 32;
const NULL: u8 = 64;
const ANY: u8 = 127;

// The start of serde's messages that name a key or a value, up to the name.
const UNKNOWN_KEY: &str = "unknown field `";
const MISSING_KEY: &str = "missing field `";
const UNKNOWN_VALUE: &str = "unknown variant `";

/// What the schema says of a file's values.
#[derive(Debug, Default)]
struct Shape {
    /// Values of the wrong JSON type, as (pointer, message).
    problems: Vec<(String, String)>,
    /// Unknown keys, missing keys and strings outside a fixed set, as (pointer, the start of
    /// serde's message about it, name): where those messages belong, which serde does not know
    /// inside entries tagged with `kind`.
    places: Vec<(String, &'static str, String)>,
}

impl Shape {
    fn of(value: &Value) -> Shape {
        let mut shape = Shape::default();
        shape.walk(spec_schema(), value, &mut String::new());
        shape
    }

    /// Where serde's error (`pointer`, `message`) belongs, or `None` when a problem of the
    /// shape check already covers it.
    fn place(&self, pointer: String, message: String) -> Option<(String, String)> {
        let named = [UNKNOWN_KEY, MISSING_KEY, UNKNOWN_VALUE]
            .iter()
            .find_map(|prefix| {
                let name = message.strip_prefix(prefix)?.split('`').next()?;
                Some((*prefix, name))
            });
        if let Some((prefix, name)) = named {
            let exact = self.places.iter().find(|(at, p, n)| {
                *p == prefix && n == name && (at == &pointer || within(at, &pointer))
            });
            if let Some((at, _, _)) = exact {
                return Some((at.clone(), message));
            }
        }
        let covered = self
            .problems
            .iter()
            .any(|(at, _)| *at == pointer || within(at, &pointer) || within(&pointer, at));
        (!covered).then_some((pointer, message))
    }

    fn walk(&mut self, schema: &Value, value: &Value, pointer: &mut String) {
        let schema = resolve(schema);
        let allowed = types(schema);
        let actual = type_of(value);
        let fits = match actual {
            INTEGER if allowed & NUMBER == 0 => {
                let (low, high) = integer_range(schema);
                allowed & INTEGER != 0 && integer(value).is_some_and(|n| low <= n && n <= high)
            }
            INTEGER => true,
            _ => allowed & actual != 0,
        };
        if !fits {
            let message = if pointer.is_empty() {
                format!("a spec file is a JSON object, found {}", describe(value))
            } else {
                format!(
                    "expected {}, found {}",
                    expected(allowed, integer_range(schema)),
                    describe(value)
                )
            };
            self.problems.push((pointer.clone(), message));
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(object) = self.object_schema(schema, map, pointer) {
                    self.object(object, map, pointer);
                }
            }
            Value::Array(items) => {
                if let Some(each) = part(schema, ARRAY).and_then(|s| s.get("items")) {
                    for (i, item) in items.iter().enumerate() {
                        let len = pointer.len();
                        let _ = write!(pointer, "/{i}");
                        self.walk(each, item, pointer);
                        pointer.truncate(len);
                    }
                }
            }
            Value::String(s) => {
                if let Some(values) = fixed_strings(schema) {
                    if !values.contains(&s.as_str()) {
                        self.places
                            .push((pointer.clone(), UNKNOWN_VALUE, s.clone()));
                    }
                }
            }
            _ => {}
        }
    }

    /// The schema of the object `map`; for a union tagged by a key (`kind`), the variant it names.
    fn object_schema<'s>(
        &mut self,
        schema: &'s Value,
        map: &Map<String, Value>,
        pointer: &str,
    ) -> Option<&'s Value> {
        let variants: Vec<&Value> = alternatives(schema)
            .map(resolve)
            .filter(|s| types(s) & OBJECT != 0)
            .collect();
        match variants.as_slice() {
            [] => return Some(schema),
            [one] => return self.object_schema(one, map, pointer),
            _ => {}
        }
        let tag_of = |s: &'s Value, tag: &str| s.get("properties")?.get(tag)?.get("const");
        let tag = variants[0]
            .get("properties")
            .and_then(Value::as_object)?
            .keys()
            .find(|k| variants.iter().all(|v| tag_of(v, k).is_some()))?;
        let here = || format!("{pointer}/{}", escape_segment(tag));
        match map.get(tag) {
            None => {
                self.places
                    .push((pointer.to_owned(), MISSING_KEY, tag.clone()));
                None
            }
            Some(Value::String(kind)) => {
                let variant = variants
                    .iter()
                    .find(|v| tag_of(v, tag).and_then(Value::as_str) == Some(kind));
                if variant.is_none() {
                    self.places.push((here(), UNKNOWN_VALUE, kind.clone()));
                }
                variant.copied()
            }
            Some(other) => {
                let message = format!("expected a string, found {}", describe(other));
                self.problems.push((here(), message));
                None
            }
        }
    }

    fn object(&mut self, schema: &Value, map: &Map<String, Value>, pointer: &mut String) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let others = schema.get("additionalProperties");
        for (key, value) in map {
            let len = pointer.len();
            push_segment(pointer, key);
            match (properties.and_then(|p| p.get(key)), others) {
                (Some(property), _) => self.walk(property, value, pointer),
                (None, Some(Value::Bool(false))) => {
                    self.places
                        .push((pointer.clone(), UNKNOWN_KEY, key.clone()));
                }
                (None, Some(each)) if each.is_object() => self.walk(each, value, pointer),
                (None, _) => {}
            }
            pointer.truncate(len);
        }
        let required = schema.get("required").and_then(Value::as_array);
        for key in required.into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(key) {
                self.places
                    .push((pointer.clone(), MISSING_KEY, key.to_owned()));
            }
        }
    }
}

/// Whether `pointer` is strictly inside `ancestor`.
fn within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `schema` with `$ref`s to the schema's definitions followed.
fn resolve(mut schema: &Value) -> &Value {
    // A bound, in case a definition refers to itself.
    for _ in 0..16 {
        let target = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| spec_schema().get("$defs")?.get(name));
        match target {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// The alternatives of an `anyOf` or `oneOf` schema.
fn alternatives(schema: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf"]
        .into_iter()
        .filter_map(|k| schema.get(k).and_then(Value::as_array))
        .flatten()
}

/// The JSON types a schema allows.
fn types(schema: &Value) -> u8 {
    let schema = resolve(schema);
    let bit = |name: &str| match name {
        "object" => OBJECT,
        "array" => ARRAY,
        "string" => STRING,
        "boolean" => BOOLEAN,
        "integer" => INTEGER,
        "number" => NUMBER,
        "null" => NULL,
        _ => 0,
    };
    match schema.get("type") {
        Some(Value::String(name)) => bit(name),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(bit)
            .fold(0, |a, b| a | b),
        _ if schema.get("anyOf").is_some() || schema.get("oneOf").is_some() => {
            alternatives(schema).map(types).fold(0, |a, b| a | b)
        }
        _ => match schema.get("const") {
            Some(value) => type_of(value),
            None => ANY,
        },
    }
}

/// The part of `schema` that describes values of type `bit`.
fn part(schema: &Value, bit: u8) -> Option<&Value> {
    let schema = resolve(schema);
    if schema.get("type").is_some() {
        return (types(schema) & bit != 0).then_some(schema);
    }
    alternatives(schema).find_map(|s| part(s, bit))
}

/// The strings a schema allows, when it allows only a fixed set.
fn fixed_strings(schema: &Value) -> Option<Vec<&str>> {
    let schema = resolve(schema);
    if let Some(value) = schema.get("const") {
        return Some(vec![value.as_str()?]);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().map(Value::as_str).collect();
    }
    let mut all = Vec::new();
    for alternative in alternatives(schema).filter(|s| types(s) & STRING != 0) {
        all.extend(fixed_strings(alternative)?);
    }
    (!all.is_empty()).then_some(all)
}

/// The integers a schema allows: its `format`'s range, narrowed by `minimum` and `maximum`.
fn integer_range(schema: &Value) -> (i128, i128) {
    let Some(schema) = part(schema, INTEGER) else {
        return (i64::MIN.into(), u64::MAX.into());
    };
    let (low, high): (i128, i128) = match schema.get("format").and_then(Value::as_str) {
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64" | "uint") => (0, u64::MAX.into()),
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64" | "int") => (i64::MIN.into(), i64::MAX.into()),
        _ => (i64::MIN.into(), u64::MAX.into()),
    };
    let bound = |key| schema.get(key).and_then(integer);
    (
        bound("minimum").map_or(low, |m| m.max(low)),
        bound("maximum").map_or(high, |m| m.min(high)),
    )
}

fn integer(value: &Value) -> Option<i128> {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
}

fn type_of(value: &Value) -> u8 {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Number(n) if n.is_f64() => NUMBER,
        Value::Number(_) => INTEGER,
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}

/// The types of `allowed`, in words; `null` is left out where it stands for absence.
fn expected(allowed: u8, (low, high): (i128, i128)) -> String {
    let shown = if allowed == NULL {
        NULL
    } else {
        allowed & !NULL
    };
    let integers = if low == i128::from(i64::MIN) {
        "an integer".to_owned()
    } else if high >= i128::from(i64::MAX) {
        format!("an integer of at least {low}")
    } else {
        format!("an integer from {low} to {high}")
    };
    let words: Vec<String> = [
        (OBJECT, "a JSON object".to_owned()),
        (ARRAY, "an array".to_owned()),
        (STRING, "a string".to_owned()),
        (BOOLEAN, "a boolean".to_owned()),
        (INTEGER, integers),
        (NUMBER, "a number".to_owned()),
        (NULL, "null".to_owned()),
    ]
    .into_iter()
    .filter(|(bit, _)| shown & bit != 0)
    .map(|(_, word)| word)
    .collect();
    words.join(" or ")
}

/// A value in words, for "found …".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let mut shown: String = s.chars().take(40).collect();
            if shown.len() < s.len() {
                shown.push('…');
            }
            format!("the string {}", Value::String(shown))
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "a JSON object".into(),
    }
}
