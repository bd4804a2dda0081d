//! Records to write: each field set, cleared or left out, and the request body around them.

use std::fmt::Write as _;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;

use super::{Date, DateTime, Decimal, Lookup, Record};
use crate::id::Id;

/// A field's value to write, as JSON text in the form Zoho expects.
///
/// Made with `From`: strings, `bool`, integers, [`Decimal`] (the exact number), [`Date`] and
/// [`DateTime`] (Zoho's formats), [`Id`] (a string), [`Lookup`] (`{"id": "…"}`), lists of any of
/// these (multi-select picklists, subform rows), a [`Record`] or [`RecordBuilder`] (a nested
/// object, e.g. a subform row), a `serde_json::Value`, and `Option`s of them (`None` is `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldValue(String);

impl FieldValue {
    /// `null`: clears the field.
    pub fn null() -> Self {
        FieldValue("null".to_owned())
    }

    /// The JSON text.
    pub fn as_json(&self) -> &str {
        &self.0
    }
}

/// Writes `text` as a JSON string literal, escaped as serde_json escapes it.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn string_value(text: &str) -> FieldValue {
    let mut out = String::with_capacity(text.len() + 2);
    json_string(&mut out, text);
    FieldValue(out)
}

/// A JSON object of keys and JSON texts.
fn object<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> FieldValue {
    let mut out = String::from("{");
    for (i, (key, json)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(&mut out, key);
        out.push(':');
        out.push_str(json);
    }
    out.push('}');
    FieldValue(out)
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Every constructor writes valid JSON; reading it back as a raw value checks that.
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl From<&str> for FieldValue {
    fn from(value: &str) -> Self {
        string_value(value)
    }
}

impl From<String> for FieldValue {
    fn from(value: String) -> Self {
        string_value(&value)
    }
}

impl From<&String> for FieldValue {
    fn from(value: &String) -> Self {
        string_value(value)
    }
}

impl From<bool> for FieldValue {
    fn from(value: bool) -> Self {
        FieldValue(value.to_string())
    }
}

impl From<i64> for FieldValue {
    fn from(value: i64) -> Self {
        FieldValue(value.to_string())
    }
}

impl From<i32> for FieldValue {
    fn from(value: i32) -> Self {
        FieldValue(value.to_string())
    }
}

impl From<Decimal> for FieldValue {
    fn from(value: Decimal) -> Self {
        FieldValue(value.as_str().to_owned())
    }
}

impl From<&Decimal> for FieldValue {
    fn from(value: &Decimal) -> Self {
        FieldValue(value.as_str().to_owned())
    }
}

impl From<Date> for FieldValue {
    fn from(value: Date) -> Self {
        string_value(&value.to_string())
    }
}

impl From<DateTime> for FieldValue {
    fn from(value: DateTime) -> Self {
        string_value(&value.to_string())
    }
}

impl From<Id> for FieldValue {
    fn from(value: Id) -> Self {
        string_value(value.as_str())
    }
}

impl From<&Id> for FieldValue {
    fn from(value: &Id) -> Self {
        string_value(value.as_str())
    }
}

impl From<Lookup> for FieldValue {
    fn from(value: Lookup) -> Self {
        FieldValue::from(&value)
    }
}

/// `{"id": "…"}`.
impl From<&Lookup> for FieldValue {
    fn from(value: &Lookup) -> Self {
        object([("id", string_value(value.id().as_str()).as_json())])
    }
}

/// The object with every field's JSON text as read.
impl From<&Record> for FieldValue {
    fn from(value: &Record) -> Self {
        object(value.iter())
    }
}

impl From<Record> for FieldValue {
    fn from(value: Record) -> Self {
        FieldValue::from(&value)
    }
}

impl From<RecordBuilder> for FieldValue {
    fn from(value: RecordBuilder) -> Self {
        object(value.iter())
    }
}

impl From<serde_json::Value> for FieldValue {
    fn from(value: serde_json::Value) -> Self {
        FieldValue(value.to_string())
    }
}

impl<T: Into<FieldValue>> From<Option<T>> for FieldValue {
    fn from(value: Option<T>) -> Self {
        value.map_or_else(FieldValue::null, Into::into)
    }
}

impl<T: Into<FieldValue>> From<Vec<T>> for FieldValue {
    fn from(values: Vec<T>) -> Self {
        let mut out = String::from("[");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(value.into().as_json());
        }
        out.push(']');
        FieldValue(out)
    }
}

impl<T: Into<FieldValue>, const N: usize> From<[T; N]> for FieldValue {
    fn from(values: [T; N]) -> Self {
        FieldValue::from(Vec::from(values))
    }
}

/// One record to insert, update or upsert: each field is set, cleared (`null`) or, when never
/// mentioned, left out of the body.
///
/// Serializes to the record's JSON object, fields in the order first mentioned; setting a field
/// again replaces its value in place.
///
/// ```
/// use zohocrm::record::{Lookup, RecordBuilder};
///
/// let lead = RecordBuilder::new()
///     .set("Last_Name", "Daly")
///     .set("Owner", Lookup::new("4150868000000225001"))
///     .append("Languages", ["Korean"])
///     .set("Skills", vec![
///         RecordBuilder::new().set("Skill", "Rust"),
///         RecordBuilder::deleted_row("554023000000480721"),
///     ])
///     .clear("Phone");
/// assert_eq!(
///     serde_json::to_string(&lead)?,
///     r#"{"Last_Name":"Daly","Owner":{"id":"4150868000000225001"},"Languages":["Korean"],"$append_values":{"Languages":true},"Skills":[{"Skill":"Rust"},{"id":"554023000000480721","_delete":null}],"Phone":null}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordBuilder {
    fields: Vec<(String, FieldValue)>,
    appended: Vec<String>,
}

impl RecordBuilder {
    /// A record with no field yet.
    pub fn new() -> Self {
        RecordBuilder::default()
    }

    /// An update of the record (or of the subform row) with this id: `{"id": "…"}` to add
    /// fields to.
    pub fn update(id: impl Into<Id>) -> Self {
        RecordBuilder::new().set("id", id.into())
    }

    /// A subform row to delete: `{"id": "…", "_delete": null}`.
    pub fn deleted_row(id: impl Into<Id>) -> Self {
        RecordBuilder::update(id).clear("_delete")
    }

    /// Sets the field to the value.
    pub fn set(mut self, field: impl Into<String>, value: impl Into<FieldValue>) -> Self {
        let field = field.into();
        let value = value.into();
        match self.fields.iter_mut().find(|(key, _)| *key == field) {
            Some((_, slot)) => *slot = value,
            None => self.fields.push((field, value)),
        }
        self
    }

    /// Sets the field to `null`, which clears it.
    pub fn clear(self, field: impl Into<String>) -> Self {
        self.set(field, FieldValue::null())
    }

    /// Sets a multi-select picklist to values Zoho adds to those the record has, instead of
    /// replacing them: the field plus `"$append_values": {"<field>": true}`.
    pub fn append(mut self, field: impl Into<String>, values: impl Into<FieldValue>) -> Self {
        let field = field.into();
        if !self.appended.contains(&field) {
            self.appended.push(field.clone());
        }
        self = self.set(field, values);
        let flags = object(self.appended.iter().map(|name| (name.as_str(), "true")));
        self.set("$append_values", flags)
    }

    /// The JSON text the field will be sent with, if it was mentioned.
    pub fn raw(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key == field)
            .map(|(_, value)| value.as_json())
    }

    /// The fields mentioned, with their JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_json()))
    }

    /// How many fields are mentioned.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether no field is mentioned.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A record as read, to write back (Zoho takes a response's record as input), with every field
/// as it came.
impl From<Record> for RecordBuilder {
    fn from(record: Record) -> Self {
        let fields = record
            .into_fields()
            .into_iter()
            .map(|(key, value)| (key.into(), FieldValue(String::from(value.get()))))
            .collect();
        RecordBuilder {
            fields,
            appended: Vec::new(),
        }
    }
}

impl Serialize for RecordBuilder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// An automation a write may run; see [`WriteOptions::triggers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// Workflow rules.
    Workflow,
    /// Approval processes.
    Approval,
    /// Blueprints.
    Blueprint,
    /// Pathfinder.
    Pathfinder,
    /// Journey Builder orchestrations.
    Orchestration,
}

/// Options of an insert, update or upsert call, sent beside `data` in the body.
///
/// ```
/// use zohocrm::record::{RecordBuilder, Trigger, WriteOptions};
///
/// let leads = [RecordBuilder::new().set("Last_Name", "Daly")];
/// let options = WriteOptions::new().triggers([Trigger::Workflow]).lar_id("4150868000000623001");
/// assert_eq!(
///     serde_json::to_string(&options.body(&leads))?,
///     r#"{"data":[{"Last_Name":"Daly"}],"trigger":["workflow"],"lar_id":"4150868000000623001"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    trigger: Option<Vec<Trigger>>,
    lar_id: Option<Id>,
}

impl WriteOptions {
    /// No option: Zoho runs every automation the call would set off.
    pub fn new() -> Self {
        WriteOptions::default()
    }

    /// Runs only these automations; an empty list runs none (`"trigger": []`).
    pub fn triggers(mut self, triggers: impl IntoIterator<Item = Trigger>) -> Self {
        self.trigger = Some(triggers.into_iter().collect());
        self
    }

    /// The lead assignment rule to apply to inserted leads.
    pub fn lar_id(mut self, id: impl Into<Id>) -> Self {
        self.lar_id = Some(id.into());
        self
    }

    /// The body of a call writing these records: `{"data": [...], ...options}`.
    pub fn body<'a>(&'a self, records: &'a [RecordBuilder]) -> WriteBody<'a> {
        WriteBody {
            records,
            options: self,
        }
    }
}

/// The body of a write call, from [`WriteOptions::body`].
#[derive(Debug, Clone, Copy)]
pub struct WriteBody<'a> {
    records: &'a [RecordBuilder],
    options: &'a WriteOptions,
}

impl Serialize for WriteBody<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("data", self.records)?;
        if let Some(trigger) = &self.options.trigger {
            map.serialize_entry("trigger", trigger)?;
        }
        if let Some(lar_id) = &self.options.lar_id {
            map.serialize_entry("lar_id", lar_id)?;
        }
        map.end()
    }
}
