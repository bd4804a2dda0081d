//! Checks of one item of a request body: the problems the spec's types find (a `null` only
//! where the key is nullable), then the item's top-level keys against the spec (a mandatory
//! string that is empty, a string outside its documented `values`) and its constraints
//! (`forbidden_chars`, `max_length`, `unique`, `references`), each answered with the endpoint's
//! documented error for its trigger.

use serde_json::{Map, Value};
use zohocrm_build::check::validate::{Problem, Violation};
use zohocrm_build::model::{Api, Operation, Trigger, Ty};

use crate::catalog;
use crate::store::{id_text, Store};
use crate::zoho_error::ZohoError;

/// The JSON path of item `index` of `wrapper`, e.g. `$.roles[0]`.
pub(crate) fn item_path(wrapper: &str, index: usize) -> String {
    format!("$.{wrapper}[{index}]")
}

/// Which item of a request is checked, and against which store.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// The store the item writes to.
    pub(crate) table: &'a str,
    /// The body's wrapper key.
    pub(crate) wrapper: &'a str,
    /// The item's index in the wrapper array.
    pub(crate) index: usize,
    /// The record the item changes, for an update: its own values are no duplicates.
    pub(crate) record_id: Option<&'a str>,
}

/// Checks one item of a request body; `violations` are those of the whole body, from
/// [`zohocrm_build::check::validate::stored_request_body`] (unknown keys are ignored, as Zoho ignores them).
pub(crate) fn check<'a>(
    api: &Api,
    op: &Operation,
    store: &mut Store,
    target: Target<'_>,
    item: &'a Value,
    violations: &[Violation],
) -> Result<&'a Map<String, Value>, ZohoError> {
    let prefix = format!("/{}/{}", target.wrapper, target.index);
    let json_path = item_path(target.wrapper, target.index);
    let first = violations.iter().find(|v| {
        v.problem != Problem::UnknownKey
            && (v.pointer == prefix || v.pointer.starts_with(&format!("{prefix}/")))
    });
    if let Some(violation) = first {
        return Err(violation_error(op, &prefix, &json_path, violation));
    }
    let Some(object) = item.as_object() else {
        let message = "invalid data: an item is not an object";
        return Err(
            ZohoError::coded(op, "INVALID_DATA", 400, message).detail("json_path", json_path)
        );
    };
    constraints(api, op, store, target, &json_path, object)?;
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
    for segment in relative
        .iter()
        .chain((v.problem == Problem::Missing).then_some(&v.key))
    {
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
        _ => ZohoError::documented(op, &Trigger::InvalidValue { key: top_key }).unwrap_or_else(
            || {
                let message = format!("invalid data: {}", v.problem_text());
                ZohoError::coded(op, "INVALID_DATA", 400, message)
            },
        ),
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

/// Checks the item's top-level keys: mandatory strings must not be empty (or blank), strings
/// with documented `values` must be one of them (ignoring case), then the constraints, against
/// the stored records.
fn constraints(
    api: &Api,
    op: &Operation,
    store: &mut Store,
    target: Target<'_>,
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
        if field.required && text.is_some_and(|t| t.trim().is_empty()) {
            let trigger = Trigger::MissingKey { key: key.into() };
            let message = format!("required field `{key}` is empty");
            return Err(fail(trigger, "MANDATORY_NOT_FOUND", message));
        }
        let allowed: Vec<&str> = field
            .values
            .iter()
            .filter_map(|v| v.value.as_str())
            .collect();
        if let (Ty::String, false, Some(text)) = (&field.ty, allowed.is_empty(), text) {
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(text)) {
                let trigger = Trigger::InvalidValue { key: key.into() };
                let message = format!("`{key}` must be one of {}", allowed.join(", "));
                let error = fail(trigger, "INVALID_DATA", message);
                return Err(error.detail("supported_values", allowed));
            }
        }
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
            if store.taken(target.table, key, text, target.record_id) {
                let trigger = Trigger::Duplicate { key: key.into() };
                let message = format!("a record with this `{key}` already exists");
                return Err(fail(trigger, "DUPLICATE_DATA", message));
            }
        }
        let single = !matches!(field.ty, Ty::List(_));
        if let Some(family) = catalog::references(api, field).filter(|_| single) {
            if !id_text(value).is_some_and(|id| store.contains(family, &id)) {
                let trigger = Trigger::UnknownReference { key: key.into() };
                let message = format!("`{key}` names no existing record of {family}");
                return Err(fail(trigger, "INVALID_DATA", message));
            }
        }
    }
    Ok(())
}
