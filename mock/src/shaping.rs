//! Records shaped as the record type of their store, generically from the spec: the keys of the
//! type that the input has, ids as strings, references as `{"name", "id"}`, request defaults,
//! and `null` for nullable keys responses always carry.

use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Api, Field, Presence, Ty};

use crate::catalog;
use crate::store::{display_name, id_text, Store};

/// Shapes `input` as a record of `table`. A table without a record type in the spec keeps every
/// key, with its `id` as a string.
pub(crate) fn shape(api: &Api, store: &Store, table: &str, input: &Map<String, Value>) -> Map<String, Value> {
    let Some(record_type) = catalog::record_type(api, table) else {
        let mut out = input.clone();
        if let Some(id) = input.get("id").and_then(id_text) {
            out.insert("id".into(), Value::String(id));
        }
        return out;
    };
    let request_fields = catalog::request_type(api, table).map_or(&[][..], |t| catalog::fields(api, t));
    let mut out = Map::new();
    for field in catalog::fields(api, record_type) {
        let request_field = request_fields.iter().find(|f| f.json_name == field.json_name);
        let value = match input.get(&field.json_name) {
            Some(v) => convert(api, store, &field.ty, request_field, v),
            None => match request_field.and_then(|f| f.default.clone()) {
                Some(default) => default,
                None if field.presence == Presence::Always && field.nullable => Value::Null,
                None => continue,
            },
        };
        out.insert(field.json_name.clone(), value);
    }
    out
}

/// `v` as a value of `ty`; `request_field` is the request key it came from, if any.
fn convert(api: &Api, store: &Store, ty: &Ty, request_field: Option<&Field>, v: &Value) -> Value {
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
                reference(api, store, request_field, v)
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

/// Whether a type is a reference: an object of an `id` and a `name`.
fn is_reference(fields: &[Field]) -> bool {
    let has = |name: &str, ty: Ty| fields.iter().any(|f| f.json_name == name && f.ty == ty);
    fields.len() == 2 && has("id", Ty::Id) && has("name", Ty::String)
}

/// A reference `{"name", "id"}` from an id, an `{"id"}` object or a full reference; the name is
/// the given one, else the referenced record's (found through the request key's `references`).
fn reference(api: &Api, store: &Store, request_field: Option<&Field>, v: &Value) -> Value {
    let Some(id) = id_text(v) else {
        return v.clone();
    };
    let name = v.get("name").and_then(Value::as_str).or_else(|| {
        let family = request_field?.constraints.references.as_deref()?;
        store
            .get(catalog::store_of_family(api, family), &id)
            .and_then(display_name)
    });
    match name {
        Some(name) => json!({"name": name, "id": id}),
        None => json!({"id": id}),
    }
}
