//! Records of any module, as Zoho sends them, and records to write.
//!
//! A [`Record`] keeps every field of a record exactly as it came: each value's JSON text, in
//! the order received, `$`-keys (`$approval_state`, …) included. Fields are read with a type
//! chosen at the call ([`Record::get`]), so a field added to the org after this crate was built
//! is read like any other. [`RecordBuilder`] writes one: a field is set, cleared (`null`) or
//! left out.
//!
//! ```
//! use zohocrm::record::{Decimal, Lookup, Record, RecordBuilder};
//!
//! let lead: Record = serde_json::from_str(
//!     r#"{"id":"4150868000000225013","Owner":{"name":"Patricia Boyle","id":"4150868000000225001"},
//!         "Annual_Revenue":1234567.890000001,"Email":null}"#,
//! )?;
//! let revenue: Decimal = lead.get("Annual_Revenue")?;
//! assert_eq!(revenue.as_str(), "1234567.890000001");
//! let owner: Lookup = lead.get("Owner")?;
//! assert_eq!(owner.name(), Some("Patricia Boyle"));
//! assert_eq!(lead.get::<Option<String>>("Email")?, None);
//!
//! let update = RecordBuilder::update(lead.id().unwrap())
//!     .set("Annual_Revenue", "1300000.00".parse::<Decimal>()?)
//!     .clear("Phone");
//! assert_eq!(
//!     serde_json::to_string(&update)?,
//!     r#"{"id":"4150868000000225013","Annual_Revenue":1300000.00,"Phone":null}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod values;

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::id::Id;

pub use builder::{FieldValue, RecordBuilder, Trigger, WriteBody, WriteOptions};
pub use values::{Date, DateTime, Decimal, ParseError};

/// A record of any module, every field kept as the JSON text Zoho sent.
///
/// Deserializing reads the object once, capturing each value's text without building a tree;
/// serializing writes the fields back in the order received with their values byte for byte.
/// Keys are written with serde_json's escaping, so a key that used an escape it did not need
/// (`\u0041`) comes back plain, and whitespace between keys and values is not kept (whitespace
/// inside a value is). A key sent twice is kept twice; reads see its first value.
#[derive(Clone, Default)]
pub struct Record {
    fields: Vec<(Box<str>, Box<RawValue>)>,
}

/// Records are equal when they have the same keys in the same order with the same JSON text.
impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Record {}

impl Record {
    /// The record's `id`, when it has one that reads as an [`Id`].
    pub fn id(&self) -> Option<Id> {
        self.get("id").ok()
    }

    /// The field's value read as `T`: see [`FromField`] for the types and what each accepts.
    ///
    /// An absent field is [`FieldError::Missing`], unless `T` is an `Option`.
    pub fn get<T: FromField>(&self, field: &str) -> Result<T, FieldError> {
        match self.raw(field) {
            Some(json) => T::from_json(json).ok_or_else(|| FieldError::Mismatch {
                field: field.to_owned(),
                expected: T::expected(),
                found: Found::of(json),
            }),
            None => T::absent().ok_or_else(|| FieldError::Missing {
                field: field.to_owned(),
            }),
        }
    }

    /// The field's JSON text as Zoho sent it (`null` for a null).
    pub fn raw(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| &**key == field)
            .map(|(_, value)| value.get())
    }

    /// Whether the record has the field (a null counts).
    pub fn contains(&self, field: &str) -> bool {
        self.raw(field).is_some()
    }

    /// The field names, in the order received.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(key, _)| &**key)
    }

    /// The fields with their JSON text, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(key, value)| (&**key, value.get()))
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether it has no field.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub(crate) fn into_fields(self) -> Vec<(Box<str>, Box<RawValue>)> {
        self.fields
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordVisitor;

        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = Record;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record (a JSON object)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(key) = map.next_key::<crate::wire::Key<'de>>()? {
                    let value = map.next_value::<Box<RawValue>>()?;
                    fields.push((Box::from(key.as_str()), value));
                }
                Ok(Record { fields })
            }
        }

        deserializer.deserialize_map(RecordVisitor)
    }
}

/// A lookup (reference) field's value: `{"id", "name", …}`, e.g. `Owner`, `Account_Name`.
///
/// The `id` is mandatory and `name` optional; every key (an owner's `email`, …) stays readable
/// through [`Lookup::fields`]. Written in a [`RecordBuilder`] it is `{"id": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    id: Id,
    name: Option<String>,
    fields: Record,
}

impl Lookup {
    /// A reference to the record with this id, to write.
    pub fn new(id: impl Into<Id>) -> Self {
        Lookup {
            id: id.into(),
            name: None,
            fields: Record::default(),
        }
    }

    /// The referenced record's id.
    pub fn id(&self) -> &Id {
        &self.id
    }

    /// Its name, when Zoho gave one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The whole object as read (empty for a lookup made with [`Lookup::new`]).
    pub fn fields(&self) -> &Record {
        &self.fields
    }
}

/// A field's value that does not read as the type asked for, or a field that is not there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// The record has no such field.
    #[error("field {field}: missing")]
    Missing {
        /// The field's API name.
        field: String,
    },
    /// The value is not of the type asked for.
    #[error("field {field}: expected {expected}, found {found}")]
    Mismatch {
        /// The field's API name.
        field: String,
        /// What the type reads, e.g. `a decimal number`.
        expected: Cow<'static, str>,
        /// The value's JSON kind and an excerpt of its text.
        found: Found,
    },
}

/// What a field held: its JSON kind and the start of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    kind: &'static str,
    excerpt: String,
}

impl Found {
    fn of(json: &str) -> Found {
        let kind = match json.as_bytes().first() {
            Some(b'"') => "string",
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b't' | b'f') => "boolean",
            Some(b'n') => "null",
            _ => "number",
        };
        Found {
            kind,
            excerpt: excerpt(json),
        }
    }

    /// The JSON kind: `string`, `number`, `boolean`, `null`, `array` or `object`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The value's JSON text, cut after 40 characters.
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == "null" {
            f.write_str("null")
        } else {
            write!(f, "{} {}", self.kind, self.excerpt)
        }
    }
}

/// The first 40 characters of `text`, with `…` when it was longer.
fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A type a field's value reads as, with [`Record::get`].
///
/// | type | reads |
/// |---|---|
/// | `String` | a JSON string |
/// | `bool` | `true` or `false` |
/// | `i64` | an integer number (no fraction or exponent) |
/// | `f64` | any number, rounded to the nearest `f64` |
/// | [`Decimal`] | a number, or a string holding one, exactly |
/// | [`Id`] | a string of digits or an integer number (not `1.23e18`) |
/// | [`Date`], [`DateTime`] | a string in Zoho's format |
/// | [`Lookup`] | an object with an `id` |
/// | [`Record`] | an object |
/// | `Vec<T>` | an array of `T` (multi-select picklists, subform rows) |
/// | `Option<T>` | `null` or an absent field as `None`, else `T` |
/// | `serde_json::Value` | any value nested at most 128 deep |
pub trait FromField: Sized {
    /// What the type reads, for errors: `a decimal number`.
    fn expected() -> Cow<'static, str>;

    /// The value of a field with this JSON text, or `None` if it is not of the type.
    fn from_json(json: &str) -> Option<Self>;

    /// The value of an absent field, if the type has one.
    fn absent() -> Option<Self> {
        None
    }
}

impl FromField for String {
    fn expected() -> Cow<'static, str> {
        "a string".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        json.starts_with('"')
            .then(|| serde_json::from_str(json).ok())
            .flatten()
    }
}

impl FromField for bool {
    fn expected() -> Cow<'static, str> {
        "a boolean".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        match json {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

impl FromField for i64 {
    fn expected() -> Cow<'static, str> {
        "an integer".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        json.parse().ok().filter(|_| values::is_json_number(json))
    }
}

impl FromField for f64 {
    fn expected() -> Cow<'static, str> {
        "a number".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        values::is_json_number(json)
            .then(|| json.parse().ok())
            .flatten()
    }
}

impl FromField for Decimal {
    fn expected() -> Cow<'static, str> {
        "a decimal number".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        match String::from_json(json) {
            Some(text) => text.parse().ok(),
            None => json.parse().ok(),
        }
    }
}

impl FromField for Id {
    fn expected() -> Cow<'static, str> {
        "a record id (digits)".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        match String::from_json(json) {
            Some(text) => digits(&text).then(|| Id::from(text)),
            None => digits(json).then(|| Id::from(json)),
        }
    }
}

impl FromField for Date {
    fn expected() -> Cow<'static, str> {
        "a date (yyyy-MM-dd)".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        String::from_json(json)?.parse().ok()
    }
}

impl FromField for DateTime {
    fn expected() -> Cow<'static, str> {
        "a datetime (yyyy-MM-ddTHH:mm:ss±HH:mm)".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        String::from_json(json)?.parse().ok()
    }
}

impl FromField for Record {
    fn expected() -> Cow<'static, str> {
        "an object".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        json.starts_with('{')
            .then(|| serde_json::from_str(json).ok())
            .flatten()
    }
}

impl FromField for Lookup {
    fn expected() -> Cow<'static, str> {
        "a lookup (an object with an id)".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        let fields = Record::from_json(json)?;
        let name = match fields.raw("name") {
            None | Some("null") => None,
            Some(name) => Some(String::from_json(name)?),
        };
        Some(Lookup {
            id: fields.get("id").ok()?,
            name,
            fields,
        })
    }
}

impl<T: FromField> FromField for Vec<T> {
    fn expected() -> Cow<'static, str> {
        format!("a list of ({})", T::expected()).into()
    }

    fn from_json(json: &str) -> Option<Self> {
        if !json.starts_with('[') {
            return None;
        }
        let items: Vec<&RawValue> = serde_json::from_str(json).ok()?;
        items
            .into_iter()
            .map(|item| T::from_json(item.get()))
            .collect()
    }
}

impl<T: FromField> FromField for Option<T> {
    fn expected() -> Cow<'static, str> {
        format!("{} or null", T::expected()).into()
    }

    fn from_json(json: &str) -> Option<Self> {
        if json == "null" {
            Some(None)
        } else {
            T::from_json(json).map(Some)
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl FromField for serde_json::Value {
    fn expected() -> Cow<'static, str> {
        "a JSON value nested at most 128 deep".into()
    }

    fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }
}

#[cfg(test)]
mod tests;
