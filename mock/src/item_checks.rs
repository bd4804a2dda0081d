//! Checks of one item of a request body: the problems the spec's types find, then the spec's
//! constraints (`forbidden_chars`, `max_length`, `unique`, `references`), each answered with the
//! endpoint's documented error for its trigger.

use serde_json::{Map, Value};
use zohocrm_codegen::model::{Api, Operation, Trigger};
use zohocrm_codegen::validate::{Problem, Violation};

use crate::catalog;
use crate::store::{id_text, Store};
use crate::zoho_error::ZohoError;

/// The JSON path of item `index` of `wrapper`, e.g. `$.roles[0]`.
pub(crate) fn item_path(wrapper: &str, index: usize) -> String {
    format!("$.{wrapper}[{index}]")
}

/// Checks item `index` of the body's `wrapper` array: `violations` are those of the whole body
/// (unknown keys are ignored, as Zoho ignores them); `table` is the store the item goes to.
pub(crate) fn check<'a>(
    api: &Api,
    op: &Operation,
    store: &Store,
    table: &str,
    (wrapper, index): (&str, usize),
    item: &'a Value,
    violations: &[Violation],
) -> Result<&'a Map<String, Value>, ZohoError> {
    let prefix = format!("/{wrapper}/{index}");
    let json_path = item_path(wrapper, index);
    let first = violations.iter().find(|v| {
        v.problem != Problem::UnknownKey
            && (v.pointer == prefix || v.pointer.starts_with(&format!("{prefix}/")))
    });
    if let Some(violation) = first {
        return Err(violation_error(op, &prefix, &json_path, violation));
    }
    let Some(object) = item.as_object() else {
        return Err(ZohoError::coded(op, "INVALID_DATA", 400, "invalid data: an item is not an object")
            .detail("json_path", json_path));
    };
    constraints(api, op, store, table, &json_path, object)?;
    Ok(object)
}

/// The error for a problem the spec's types find in an item.
fn violation_error(op: &Operation, prefix: &str, item_path: &str, v: &Violation) -> ZohoError {
    let relative: Vec<String> = v
        .pointer
        .strip_prefix(prefix)
        .unwrap_or_default()
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut json_path = item_path.to_owned();
    for segment in relative.iter().chain((v.problem == Problem::Missing).then_some(&v.key)) {
        if segment.parse::<usize>().is_ok() {
            json_path.push_str(&format!("[{segment}]"));
        } else {
            json_path.push('.');
            json_path.push_str(segment);
        }
    }
    let top_key = relative.first().unwrap_or(&v.key).clone();
    let error = match &v.problem {
        Problem::Missing => relative
            .is_empty()
            .then(|| {
                let trigger = Trigger::MissingKey { key: v.key.clone() };
                ZohoError::documented(op, &trigger)
            })
            .flatten()
            .unwrap_or_else(|| {
                let message = format!("required field `{}` not found", v.key);
                ZohoError::coded(op, "MANDATORY_NOT_FOUND", 400, message)
            }),
        _ => ZohoError::documented(op, &Trigger::InvalidValue { key: top_key }).unwrap_or_else(|| {
            let message = format!("invalid data: {}", v.problem_text());
            ZohoError::coded(op, "INVALID_DATA", 400, message)
        }),
    };
    let error = error
        .detail("api_name", v.key.as_str())
        .detail("json_path", json_path);
    match &v.problem {
        Problem::WrongType { expected } => error.detail("expected_data_type", expected.as_str()),
        Problem::NotAllowed { allowed } => error.detail("supported_values", allowed.clone()),
        _ => error,
    }
}

/// Checks the constraints of the item's keys against the stored records of `table`.
fn constraints(
    api: &Api,
    op: &Operation,
    store: &Store,
    table: &str,
    json_path: &str,
    item: &Map<String, Value>,
) -> Result<(), ZohoError> {
    let item_type = op.request.as_ref().map_or("", |r| r.item.as_str());
    for field in catalog::fields(api, item_type) {
        let key = field.json_name.as_str();
        let Some(value) = item.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        let fail = |trigger: Trigger, code: &str, message: String| {
            ZohoError::documented(op, &trigger)
                .unwrap_or_else(|| ZohoError::coded(op, code, 400, message))
                .detail("api_name", key)
                .detail("json_path", format!("{json_path}.{key}"))
        };
        let constraints = &field.constraints;
        let text = value.as_str();
        if let (Some(chars), Some(text)) = (&constraints.forbidden_chars, text) {
            if text.chars().any(|c| chars.contains(c)) {
                let trigger = Trigger::ForbiddenCharacters { key: key.into() };
                let message = format!("`{key}` must not contain any of the characters {chars}");
                return Err(fail(trigger, "INVALID_DATA", message));
            }
        }
        if let (Some(max), Some(text)) = (constraints.max_length, text) {
            if text.chars().count() > max as usize {
                let trigger = Trigger::InvalidValue { key: key.into() };
                let message = format!("`{key}` is longer than {max} characters");
                return Err(fail(trigger, "INVALID_DATA", message).detail("maximum_length", max));
            }
        }
        if let (true, Some(text)) = (constraints.unique, text) {
            let taken = store.all(table).iter().any(|record| {
                record
                    .get(key)
                    .and_then(Value::as_str)
                    .is_some_and(|other| other.to_lowercase() == text.to_lowercase())
            });
            if taken {
                let trigger = Trigger::Duplicate { key: key.into() };
                let message = format!("a record with this `{key}` already exists");
                return Err(fail(trigger, "DUPLICATE_DATA", message));
            }
        }
        if let Some(family) = &constraints.references {
            let target = catalog::store_of_family(api, family);
            if !id_text(value).is_some_and(|id| store.contains(target, &id)) {
                let trigger = Trigger::UnknownReference { key: key.into() };
                let message = format!("`{key}` names no existing record of {family}");
                return Err(fail(trigger, "INVALID_DATA", message));
            }
        }
    }
    Ok(())
}
