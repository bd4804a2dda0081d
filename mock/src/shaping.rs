//! Records shaped as their record type, generically from the spec: the keys of the type that the
//! input has, ids as strings, references as `{"name", "id"}` (the name looked up in the store the
//! request key references), documented values spelt as the request key documents them, and for
//! new records the request defaults and `null` for nullable keys responses always carry. Also a
//! stored record as another response type shows it.

use serde_json::{json, Map, Value};
use zohocrm_build::model::{Api, Field, Presence, Ty};

use crate::catalog;
use crate::store::{display_name, id_text, Store};

/// The types a record is shaped between.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape<'a> {
    /// The record type, e.g. `Role`; `None` for a store the spec has no type for.
    pub(crate) record_type: Option<&'a str>,
    /// The request item type the input follows, e.g. `NewRole`, for reference lookups and
    /// defaults.
    pub(crate) request_type: Option<&'a str>,
}

/// A new record from `input`: [`changes`], then request defaults and `null` for absent nullable
/// keys that responses always carry.
pub(crate) fn new(
    api: &Api,
    store: &Store,
    shape: Shape<'_>,
    input: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = changes(api, store, shape, input);
    let Some(record_type) = shape.record_type else {
        return out;
    };
    let request_fields = shape
        .request_type
        .map_or(&[][..], |t| catalog::fields(api, t));
    for field in catalog::fields(api, record_type) {
        if out.contains_key(&field.json_name) {
            continue;
        }
        let default = request_fields
            .iter()
            .find(|f| f.json_name == field.json_name)
            .and_then(|f| f.default.clone());
        match default {
            Some(default) => out.insert(field.json_name.clone(), default),
            None if field.presence == Presence::Always && field.nullable => {
                out.insert(field.json_name.clone(), Value::Null)
            }
            None => None,
        };
    }
    out
}

/// The keys of `input` that the record type has, converted to it. Without a record type, every
/// key, with an `id` as a string.
pub(crate) fn changes(
    api: &Api,
    store: &Store,
    shape: Shape<'_>,
    input: &Map<String, Value>,
) -> Map<String, Value> {
    let Some(record_type) = shape.record_type else {
        let mut out = input.clone();
        if let Some(id) = input.get("id").and_then(id_text) {
            out.insert("id".into(), Value::String(id));
        }
        return out;
    };
    let request_fields = shape
        .request_type
        .map_or(&[][..], |t| catalog::fields(api, t));
    catalog::fields(api, record_type)
        .iter()
        .filter_map(|field| {
            let value = input.get(&field.json_name)?;
            let request_field = request_fields
                .iter()
                .find(|f| f.json_name == field.json_name);
            let references = request_field.and_then(|f| catalog::references(api, f));
            let value = convert(api, store, &field.ty, references, value);
            Some((
                field.json_name.clone(),
                documented_spelling(request_field, value),
            ))
        })
        .collect()
}

/// `v` as a value of `ty`; `references` is the family a reference's id names, if known.
fn convert(api: &Api, store: &Store, ty: &Ty, references: Option<&str>, v: &Value) -> Value {
    match (ty, v) {
        (_, Value::Null) => Value::Null,
        (Ty::Id, _) => id_text(v).map_or_else(|| v.clone(), Value::String),
        (Ty::List(inner), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| convert(api, store, inner, None, item))
                .collect(),
        ),
        (Ty::Named(name), _) => {
            let fields = catalog::fields(api, name);
            if is_reference(fields) {
                reference(store, references, v)
            } else if let Value::Object(object) = v {
                Value::Object(
                    fields
                        .iter()
                        .filter_map(|f| {
                            let value = object.get(&f.json_name)?;
                            Some((f.json_name.clone(), convert(api, store, &f.ty, None, value)))
                        })
                        .collect(),
                )
            } else {
                v.clone()
            }
        }
        _ => v.clone(),
    }
}

/// A string that is one of the request key's documented values ignoring case, as the spec
/// spells it (`comma` becomes `Comma`); any other value as it is.
fn documented_spelling(field: Option<&Field>, value: Value) -> Value {
    let spelt = value.as_str().and_then(|text| {
        field?
            .values
            .iter()
            .filter_map(|v| v.value.as_str())
            .find(|v| v.eq_ignore_ascii_case(text))
    });
    match spelt {
        Some(spelt) => Value::String(spelt.to_owned()),
        None => value,
    }
}

/// Whether a type is a reference: an object of an `id` and a `name`.
fn is_reference(fields: &[Field]) -> bool {
    let has = |name: &str, ty: Ty| fields.iter().any(|f| f.json_name == name && f.ty == ty);
    fields.len() == 2 && has("id", Ty::Id) && has("name", Ty::String)
}

/// A reference `{"name", "id"}` from an id, an `{"id"}` object or a full reference; the name is
/// the given one, else that of the record of the store `references` names.
fn reference(store: &Store, references: Option<&str>, v: &Value) -> Value {
    let Some(id) = id_text(v) else {
        return v.clone();
    };
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .or_else(|| store.get(references?, &id).and_then(display_name));
    match name {
        Some(name) => json!({"name": name, "id": id}),
        None => json!({"id": id}),
    }
}

/// The keys of `record` that the object type `name` has, e.g. a user as a `TerritoryUser`.
pub(crate) fn project(api: &Api, name: &str, record: &Value) -> Map<String, Value> {
    catalog::fields(api, name)
        .iter()
        .filter_map(|f| Some((f.json_name.clone(), record.get(&f.json_name)?.clone())))
        .collect()
}
