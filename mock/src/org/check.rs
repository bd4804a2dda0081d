//! Checks of one record of a write against its module's fields, each problem answered with
//! the per-item error the record pages document.

use serde_json::{Map, Value};

use super::meta::{Field, Kind, Module};
use super::time::{parse_date, parse_datetime};
use super::{Org, AUDIT_FIELDS, INVALID_DATA, MANDATORY_NOT_FOUND};
use crate::store::id_text;
use crate::zoho_error::ZohoError;

/// The pages' `DUPLICATE_DATA` message.
const DUPLICATE_DATA: &str = "duplicate data";

/// An error about `api_name` of item `index`: `details` with `api_name` and `json_path`.
pub(super) fn field_error(code: &str, message: &str, api_name: &str, index: usize) -> ZohoError {
    ZohoError::new(400, code, message)
        .detail("api_name", api_name)
        .detail("json_path", format!("$.data[{index}].{api_name}"))
}

/// What a write changes: the values to store, by field.
pub(super) type Changes = Vec<(String, Value)>;

/// Checks `item` (item `index` of the body) for `module`: for an insert (`record` `None`) every
/// mandatory field must be given, for an update (`record` the id) a mandatory field must not be
/// cleared; then each given field's value (a read-only field only unchanged, type, length,
/// lookup target), then unique
/// fields against the other records. Keys that name no field, `$` keys, `id` and the audit
/// fields the org sets are left out. Lookups are kept as `{"name", "id"}`, users as
/// `{"name", "id", "email"}`; other values exactly as sent.
pub(super) fn check(
    org: &Org,
    module: &Module,
    item: &Map<String, Value>,
    index: usize,
    record: Option<u64>,
) -> Result<Changes, ZohoError> {
    for field in module.fields.iter().filter(|f| f.mandatory) {
        let value = item.get(&field.api_name);
        let missing = match value {
            None => record.is_none(),
            Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if missing {
            let message = "required field not found";
            return Err(field_error(
                MANDATORY_NOT_FOUND,
                message,
                &field.api_name,
                index,
            ));
        }
    }
    let mut changes = Vec::new();
    for field in &module.fields {
        let name = field.api_name.as_str();
        let Some(value) = item.get(name) else {
            continue;
        };
        if name == "id" || AUDIT_FIELDS.contains(&name) {
            continue;
        }
        if field.read_only {
            // The update page takes a record as Get Records gives it: a read-only field
            // sent back unchanged (or `null` where it has no value) is left alone.
            let held = record.and_then(|id| org.held(&module.api_name, id, name));
            if value.is_null() && held.is_none() || held == Some(value) {
                continue;
            }
            return Err(field_error(INVALID_DATA, "invalid data", name, index));
        }
        let stored = if value.is_null() {
            Value::Null
        } else {
            checked_value(org, field, value, index)?
        };
        changes.push((name.to_owned(), stored));
    }
    for (name, value) in &changes {
        let Some(field) = module.field(name) else {
            continue;
        };
        let (Some(case_sensitive), Some(text)) = (field.unique, value.as_str()) else {
            continue;
        };
        if let Some((id, owner)) = org.holder(module, field, text, case_sensitive, record) {
            let duplicate = serde_json::json!({
                "Owner": owner,
                "module": {"api_name": module.api_name, "id": module.id},
                "id": id.to_string(),
            });
            let error = field_error("DUPLICATE_DATA", DUPLICATE_DATA, name, index);
            return Err(error.detail("duplicate_record", duplicate));
        }
    }
    Ok(changes)
}

/// The value to store for `field`, or the error for a value it does not take.
fn checked_value(
    org: &Org,
    field: &Field,
    value: &Value,
    index: usize,
) -> Result<Value, ZohoError> {
    let name = field.api_name.as_str();
    let wrong_type = || {
        field_error(INVALID_DATA, "invalid data", name, index)
            .detail("expected_data_type", field.expected_type())
    };
    let too_long = |max: u64| {
        field_error(INVALID_DATA, "invalid data", name, index).detail("maximum_length", max)
    };
    let fits = |len: usize| {
        field
            .length
            .is_none_or(|max| u64::try_from(len).is_ok_and(|len| len <= max))
    };
    let max = field.length.unwrap_or(0);
    match field.kind {
        Kind::Text | Kind::Picklist | Kind::Phone | Kind::Email => {
            let text = value.as_str().ok_or_else(wrong_type)?;
            if !fits(text.chars().count()) {
                return Err(too_long(max));
            }
            if field.kind == Kind::Email && !is_email(text) {
                return Err(field_error(INVALID_DATA, "invalid data", name, index));
            }
        }
        Kind::Integer => {
            let Some(number) = value.as_i64() else {
                return Err(wrong_type());
            };
            if !fits(number.unsigned_abs().to_string().len()) {
                return Err(too_long(max));
            }
        }
        Kind::BigInt => {
            let digits = match value {
                Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                Value::String(s) if is_whole(s) => s.clone(),
                _ => return Err(wrong_type()),
            };
            if !fits(digits.trim_start_matches('-').len()) {
                return Err(too_long(max));
            }
        }
        Kind::Decimal => {
            let Value::Number(number) = value else {
                return Err(wrong_type());
            };
            let text = number.to_string();
            let whole = text.trim_start_matches('-').split(['.', 'e', 'E']).next();
            if !fits(whole.map_or(0, str::len)) {
                return Err(too_long(max));
            }
        }
        Kind::Boolean => {
            value.as_bool().ok_or_else(wrong_type)?;
        }
        Kind::Date => {
            value.as_str().and_then(parse_date).ok_or_else(wrong_type)?;
        }
        Kind::DateTime => {
            value
                .as_str()
                .and_then(parse_datetime)
                .ok_or_else(wrong_type)?;
        }
        Kind::Lookup => {
            let id = id_text(value).ok_or_else(wrong_type)?;
            let target = field.lookup_module.as_deref().unwrap_or_default();
            let Some(name_value) = org.record_name(target, &id) else {
                return Err(field_error(INVALID_DATA, "invalid data", name, index).detail("id", id));
            };
            return Ok(serde_json::json!({"name": name_value, "id": id}));
        }
        Kind::User => {
            let id = id_text(value).ok_or_else(wrong_type)?;
            return org.user(&id).ok_or_else(|| {
                field_error(INVALID_DATA, "invalid data", name, index).detail("id", id)
            });
        }
        Kind::MultiPicklist => {
            let items = value.as_array().ok_or_else(wrong_type)?;
            if !items.iter().all(Value::is_string) {
                return Err(wrong_type());
            }
        }
        Kind::Array => {
            value.as_array().ok_or_else(wrong_type)?;
        }
        Kind::Object => {
            value.as_object().ok_or_else(wrong_type)?;
        }
    }
    Ok(value.clone())
}

/// A whole number in text: digits with an optional leading `-`.
fn is_whole(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A plain check of the shape the insert page's regex asks for: a local part, `@`, and a
/// domain of dot-separated labels ending in a label of two or more letters.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}
