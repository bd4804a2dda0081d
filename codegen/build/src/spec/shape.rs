//! The shape check: every value of a spec file against the JSON types the format's schema
//! allows at its place, so that a problem is reported at the value itself, in the spec's words,
//! and an array is never read as an object (serde would read a struct from one).
//!
//! The schema is compiled once into nodes with `$ref`s followed, so the check is one pass over
//! the file.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::spec::locate::{escape_segment, push_segment};

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
pub(crate) struct Shape {
    /// Values of the wrong JSON type, as (pointer, message).
    pub(crate) problems: Vec<(String, String)>,
    /// Unknown keys, missing keys and strings outside a fixed set, as (pointer, the start of
    /// serde's message about it, name): where those messages belong, which serde does not know
    /// inside entries tagged with `kind`.
    places: Vec<(String, &'static str, String)>,
}

impl Shape {
    /// Checks a whole spec file.
    pub(crate) fn of(value: &Value) -> Shape {
        let mut shape = Shape::default();
        let schema = Schema::get();
        shape.walk(schema, schema.root, value, &mut String::new());
        shape
    }

    /// Where serde's error (`pointer`, `message`) belongs, or `None` when a problem of the
    /// shape check already covers it.
    pub(crate) fn place(&self, pointer: String, message: String) -> Option<(String, String)> {
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

    fn walk(&mut self, schema: &Schema, node: usize, value: &Value, pointer: &mut String) {
        let node = &schema.nodes[node];
        let actual = type_of(value);
        let fits = match actual {
            INTEGER if node.allowed & NUMBER == 0 => {
                let (low, high) = node.range;
                node.allowed & INTEGER != 0 && integer(value).is_some_and(|n| low <= n && n <= high)
            }
            INTEGER => true,
            _ => node.allowed & actual != 0,
        };
        if !fits {
            let message = if pointer.is_empty() {
                format!("a spec file is a JSON object, found {}", describe(value))
            } else {
                format!(
                    "expected {}, found {}",
                    expected(node.allowed, node.range),
                    describe(value)
                )
            };
            self.problems.push((pointer.clone(), message));
            return;
        }
        match value {
            Value::Object(map) => match &node.object {
                Object::Fields(fields) => self.object(schema, fields, map, pointer),
                Object::Tagged { tag, variants } => {
                    self.tagged(schema, tag, variants, map, pointer)
                }
                Object::Opaque => {}
            },
            Value::Array(items) => {
                if let Some(each) = node.items {
                    for (i, item) in items.iter().enumerate() {
                        let len = pointer.len();
                        let _ = write!(pointer, "/{i}");
                        self.walk(schema, each, item, pointer);
                        pointer.truncate(len);
                    }
                }
            }
            Value::String(s) => {
                if let Some(values) = &node.fixed {
                    if !values.contains(&s.as_str()) {
                        self.places
                            .push((pointer.clone(), UNKNOWN_VALUE, s.clone()));
                    }
                }
            }
            _ => {}
        }
    }

    /// An object of a union tagged by the key `tag` (`kind`): the fields of the variant it names.
    fn tagged(
        &mut self,
        schema: &Schema,
        tag: &str,
        variants: &[(&'static str, Fields)],
        map: &Map<String, Value>,
        pointer: &mut String,
    ) {
        let here = || format!("{pointer}/{}", escape_segment(tag));
        match map.get(tag) {
            None => self
                .places
                .push((pointer.clone(), MISSING_KEY, tag.to_owned())),
            Some(Value::String(kind)) => match variants.iter().find(|(k, _)| k == kind) {
                Some((_, fields)) => self.object(schema, fields, map, pointer),
                None => self.places.push((here(), UNKNOWN_VALUE, kind.clone())),
            },
            Some(other) => {
                let message = format!("expected a string, found {}", describe(other));
                self.problems.push((here(), message));
            }
        }
    }

    fn object(
        &mut self,
        schema: &Schema,
        fields: &Fields,
        map: &Map<String, Value>,
        pointer: &mut String,
    ) {
        for (key, value) in map {
            let len = pointer.len();
            push_segment(pointer, key);
            match (fields.properties.get(key.as_str()), fields.others) {
                (Some(&property), _) => self.walk(schema, property, value, pointer),
                (None, Others::Refused) => {
                    self.places
                        .push((pointer.clone(), UNKNOWN_KEY, key.clone()));
                }
                (None, Others::Each(each)) => self.walk(schema, each, value, pointer),
                (None, Others::Any) => {}
            }
            pointer.truncate(len);
        }
        for key in &fields.required {
            if !map.contains_key(*key) {
                self.places
                    .push((pointer.clone(), MISSING_KEY, (*key).to_owned()));
            }
        }
    }
}

/// The format's schema compiled for the check.
struct Schema {
    nodes: Vec<Node>,
    root: usize,
}

/// What one schema allows.
struct Node {
    /// The JSON types, as bits.
    allowed: u8,
    /// The integers allowed, where integers are.
    range: (i128, i128),
    /// The strings allowed, when only a fixed set is.
    fixed: Option<Vec<&'static str>>,
    /// The node of an array's items.
    items: Option<usize>,
    object: Object,
}

/// What an object may hold.
enum Object {
    Fields(Fields),
    /// A union of objects told apart by the string value of `tag`.
    Tagged {
        tag: &'static str,
        variants: Vec<(&'static str, Fields)>,
    },
    /// A union the check cannot tell apart; serde checks it alone.
    Opaque,
}

struct Fields {
    properties: BTreeMap<&'static str, usize>,
    others: Others,
    required: Vec<&'static str>,
}

/// What keys outside `properties` may be.
#[derive(Clone, Copy)]
enum Others {
    Refused,
    Each(usize),
    Any,
}

impl Schema {
    fn get() -> &'static Schema {
        static COMPILED: OnceLock<Schema> = OnceLock::new();
        COMPILED.get_or_init(|| {
            let mut compiler = Compiler::default();
            let root = compiler.node(spec_schema());
            Schema {
                nodes: compiler.nodes,
                root,
            }
        })
    }
}

/// Builds the nodes of the schema, one per schema object after `$ref`s, so a definition that
/// refers to itself is compiled once.
#[derive(Default)]
struct Compiler {
    nodes: Vec<Node>,
    done: HashMap<*const Value, usize>,
}

impl Compiler {
    fn node(&mut self, schema: &'static Value) -> usize {
        let schema = resolve(schema);
        if let Some(&index) = self.done.get(&(schema as *const Value)) {
            return index;
        }
        let index = self.nodes.len();
        self.done.insert(schema, index);
        self.nodes.push(Node {
            allowed: types(schema),
            range: integer_range(schema),
            fixed: fixed_strings(schema),
            items: None,
            object: Object::Opaque,
        });
        let items = part(schema, ARRAY)
            .and_then(|s| s.get("items"))
            .map(|each| self.node(each));
        let object = self.object(schema);
        let node = &mut self.nodes[index];
        node.items = items;
        node.object = object;
        index
    }

    fn object(&mut self, schema: &'static Value) -> Object {
        let variants: Vec<&'static Value> = alternatives(schema)
            .map(resolve)
            .filter(|s| types(s) & OBJECT != 0)
            .collect();
        match variants.as_slice() {
            [] => return Object::Fields(self.fields(schema)),
            [one] => return self.object(one),
            _ => {}
        }
        let tag_of = |s: &'static Value, tag: &str| s.get("properties")?.get(tag)?.get("const");
        let tag = variants[0]
            .get("properties")
            .and_then(Value::as_object)
            .and_then(|p| {
                p.keys()
                    .find(|k| variants.iter().all(|v| tag_of(v, k).is_some()))
            });
        let Some(tag) = tag else {
            return Object::Opaque;
        };
        let variants = variants
            .iter()
            .filter_map(|v| {
                let kind = tag_of(v, tag)?.as_str()?;
                Some((kind, self.fields(v)))
            })
            .collect();
        Object::Tagged {
            tag: tag.as_str(),
            variants,
        }
    }

    fn fields(&mut self, schema: &'static Value) -> Fields {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(key, property)| (key.as_str(), self.node(property)))
            .collect();
        let others = match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => Others::Refused,
            Some(each) if each.is_object() => Others::Each(self.node(each)),
            _ => Others::Any,
        };
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        Fields {
            properties,
            others,
            required,
        }
    }
}

/// The spec format's JSON Schema.
fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    // The committed schema of the format, kept equal to the one schemars derives from the spec
    // types by a test of zohocrm-codegen; it is valid JSON, so the fallback is never taken.
    SCHEMA.get_or_init(|| serde_json::from_str(include_str!("schema.json")).unwrap_or_default())
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
