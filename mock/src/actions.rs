//! Action operations, answered per item as
//! `{"<wrapper>": [{"code", "details", "message", "status"}, ...]}`: creating and updating a
//! family's records from a body's items, deleting them by path id or by a list of ids, and the
//! steps hand-written actions (`semantics`) share.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use zohocrm_build::check::validate;
use zohocrm_build::model::{Operation, Request, Response as OpResponse};

use crate::call::Call;
use crate::catalog;
use crate::item_checks::{self, item_path, Target};
use crate::records;
use crate::semantics;
use crate::shaping::Shape;
use crate::store::{id_text, Store};
use crate::timestamp;
use crate::zoho_error::{malformed_body, ZohoError};

/// What a write call does with its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Write<'a> {
    /// Each item is a new record.
    Create,
    /// Each item changes the record its `id` names.
    UpdateMany,
    /// The item changes the record with this path id.
    UpdateOne(&'a str),
}

/// One item of a request body that passed the spec's checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    /// The item as sent.
    pub(crate) value: &'a Value,
    /// Its keys.
    pub(crate) object: &'a Map<String, Value>,
    /// Its JSON path, e.g. `$.roles[0]`.
    pub(crate) json_path: &'a str,
}

/// Creates or updates records from the body's items, in order, so a later item sees the
/// earlier ones.
pub(crate) fn write(
    call: Call<'_>,
    write: Write<'_>,
    request: &Request,
    store: &mut Store,
    body: &[u8],
) -> Response {
    let (api, op, table) = (call.api, call.op, call.table());
    if let Write::UpdateOne(id) = write {
        if !store.contains(table, id) {
            return missing_record(op, table, id).into_response();
        }
    }
    let request_fields = catalog::fields(api, &request.item);
    let shape = Shape {
        record_type: Some(call.resource.record_type),
        request_type: Some(&request.item),
    };
    let now = timestamp::now();
    let rules = semantics::rules(table);
    let record_id = |item: &Value| match write {
        Write::Create => None,
        Write::UpdateOne(id) => Some(id.to_owned()),
        Write::UpdateMany => item.get("id").and_then(id_text),
    };
    each_item(call, request, store, body, &record_id, |store, item| {
        rules.check_item(op, store, item, record_id(item.value).as_deref())?;
        let known: Map<String, Value> = item
            .object
            .iter()
            .filter(|(key, _)| request_fields.iter().any(|f| &f.json_name == *key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let id = match record_id(item.value) {
            None => {
                let id = store.new_id();
                let record =
                    semantics::new_record(api, store, table, shape, &known, (id.clone(), &now));
                store.upsert(table, record);
                id
            }
            Some(id) if store.contains(table, &id) => {
                semantics::apply_changes(api, store, table, shape, &known, (&id, &now));
                id
            }
            Some(id) => {
                return Err(missing_record(op, table, &id)
                    .detail("json_path", format!("{}.id", item.json_path)));
            }
        };
        Ok(id_details(call, &id))
    })
}

/// Checks the body's items against `request` and gives each that passes to `apply`, in order,
/// so a later item sees the earlier ones; `apply` answers the success's `details`.
/// `record_id` names the record an item changes, whose own values are no duplicates.
pub(crate) fn each_item(
    call: Call<'_>,
    request: &Request,
    store: &mut Store,
    body: &[u8],
    record_id: &dyn Fn(&Value) -> Option<String>,
    mut apply: impl FnMut(&mut Store, Item<'_>) -> Result<Value, ZohoError>,
) -> Response {
    let (api, op) = (call.api, call.op);
    let wrapper = request.wrapper.as_deref().unwrap_or_default();
    let body: Value = match serde_json::from_slice(body) {
        Ok(body) => body,
        Err(e) => {
            let message = format!("the request body is not valid JSON: {e}");
            return malformed_body(api, op, message).into_response();
        }
    };
    let Some(items) = body.get(wrapper).and_then(Value::as_array) else {
        let message = format!("the request body must be an object with an array under `{wrapper}`");
        return malformed_body(api, op, message).into_response();
    };
    if items.is_empty() {
        let message = format!("the `{wrapper}` array of the request body is empty");
        return malformed_body(api, op, message).into_response();
    }
    if let Some(max) = request.max_items.filter(|&max| items.len() > max as usize) {
        let error = semantics::rules(call.table())
            .too_many_items(op)
            .unwrap_or_else(|| {
                let message = format!("a call may carry at most {max} item(s) under `{wrapper}`");
                ZohoError::coded(op, "LIMIT_EXCEEDED", 400, message)
            });
        return error
            .detail("limit", max)
            .detail("api_name", wrapper)
            .into_response();
    }
    let violations = validate::stored_request_body(api, op, &body);
    let mut results = Vec::with_capacity(items.len());
    for (index, value) in items.iter().enumerate() {
        let id = record_id(value);
        let target = Target {
            table: call.table(),
            wrapper,
            index,
            record_id: id.as_deref(),
        };
        let json_path = item_path(wrapper, index);
        let result =
            item_checks::check(api, op, store, target, value, &violations).and_then(|object| {
                let item = Item {
                    value,
                    object,
                    json_path: &json_path,
                };
                apply(store, item)
            });
        results.push(result);
    }
    respond(call, results)
}

/// The id under `key` of an item that passed the spec's checks.
pub(crate) fn item_id(op: &Operation, item: Item<'_>, key: &str) -> Result<String, ZohoError> {
    item.object.get(key).and_then(id_text).ok_or_else(|| {
        ZohoError::coded(
            op,
            "INVALID_DATA",
            400,
            format!("`{key}` is not a record id"),
        )
        .detail("api_name", key)
        .detail("json_path", format!("{}.{key}", item.json_path))
    })
}

/// Gives each of `ids` to `apply`, in order, one result each; `apply` answers the success's
/// `details`.
pub(crate) fn each_id(
    call: Call<'_>,
    ids: &[&str],
    store: &mut Store,
    mut apply: impl FnMut(&mut Store, &str) -> Result<Value, ZohoError>,
) -> Response {
    let results = ids.iter().map(|id| apply(store, id)).collect();
    respond(call, results)
}

/// The answer to an action on the one record its path names: the error as the whole answer,
/// or the success as the only result.
pub(crate) fn one(call: Call<'_>, result: Result<Value, ZohoError>) -> Response {
    match result {
        Ok(details) => respond(call, vec![Ok(details)]),
        Err(error) => error.into_response(),
    }
}

/// The ids of the comma-separated query parameter `param`.
pub(crate) fn ids<'a>(call: Call<'a>, param: &str) -> Vec<&'a str> {
    crate::params::first(call.query, param)
        .map(|v| v.split(',').map(str::trim).collect())
        .unwrap_or_default()
}

/// Deletes the record with the call's path id.
pub(crate) fn delete_one(call: Call<'_>, id: &str, store: &mut Store) -> Response {
    let (op, table) = (call.op, call.table());
    let rules = semantics::rules(table);
    let result = if store.contains(table, id) {
        rules.check_delete(op, store, id, call.query).map(|()| {
            rules.delete(store, table, id, call.query);
            id_details(call, id)
        })
    } else {
        Err(missing_record(op, table, id))
    };
    one(call, result)
}

/// Deletes the records the comma-separated query parameter `param` lists, one result each.
pub(crate) fn delete_many(call: Call<'_>, param: &str, store: &mut Store) -> Response {
    let (op, table) = (call.op, call.table());
    let rules = semantics::rules(table);
    each_id(call, &ids(call, param), store, |store, id| {
        if !store.contains(table, id) {
            return Err(missing_record(op, table, id));
        }
        rules.check_delete(op, store, id, call.query)?;
        rules.delete(store, table, id, call.query);
        Ok(id_details(call, id))
    })
}

/// `INVALID_DATA` for an id that names no record: the operation's generic entry, else a
/// message naming the store.
fn missing_record(op: &Operation, table: &str, id: &str) -> ZohoError {
    ZohoError::invalid_data(op, unknown_message(table, id)).detail("id", id)
}

/// `INVALID_DATA` naming the store, for a path id of a sub-resource or action that names no
/// record where the page documents no error for it (its generic entries concern other ids).
pub(crate) fn unknown_record(op: &Operation, table: &str, id: &str) -> ZohoError {
    ZohoError::coded(op, "INVALID_DATA", 400, unknown_message(table, id)).detail("id", id)
}

/// The message for an id that names no record of `table`.
fn unknown_message(table: &str, id: &str) -> String {
    format!("no record of `{table}` has the id {id}")
}

/// A success's `details`: `{"id"}` when the operation's details type has an `id`, else `{}`.
pub(crate) fn id_details(call: Call<'_>, id: &str) -> Value {
    let details_type = match &call.op.response {
        OpResponse::Action { details, .. } => details.as_str(),
        _ => "",
    };
    if catalog::fields(call.api, details_type)
        .iter()
        .any(|f| f.json_name == "id")
    {
        json!({ "id": id })
    } else {
        json!({})
    }
}

/// The per-item answer: the documented status when every item succeeded, the first error's
/// status when all failed, 207 when some did.
fn respond(call: Call<'_>, results: Vec<Result<Value, ZohoError>>) -> Response {
    let op = call.op;
    let message = success_message(op);
    let status = results_status(op, &results);
    let items: Vec<Value> = results
        .into_iter()
        .map(|result| match result {
            Ok(details) => json!({
                "code": "SUCCESS",
                "details": details,
                "message": message,
                "status": "success",
            }),
            Err(error) => error.to_json(),
        })
        .collect();
    let mut body = Map::new();
    body.insert(
        op.response.wrapper().unwrap_or_default().to_owned(),
        Value::Array(items),
    );
    records::checked(call, status, Value::Object(body))
}

/// The status of a per-item answer of `op`: the documented one when every item succeeded, the
/// first error's when all failed, 207 when some did.
pub(crate) fn results_status(op: &Operation, results: &[Result<Value, ZohoError>]) -> StatusCode {
    let succeeded = results.iter().filter(|r| r.is_ok()).count();
    match results.iter().find_map(|r| r.as_ref().err()) {
        None => StatusCode::from_u16(op.response.status()).unwrap_or(StatusCode::OK),
        Some(error) if succeeded == 0 => error.http_status(),
        Some(_) => StatusCode::MULTI_STATUS,
    }
}

/// The success message of the page's sample response (wrapped or bare), else
/// `"<Title> succeeded"`.
fn success_message(op: &Operation) -> String {
    let sample = op.sample_response.as_ref();
    let result = sample
        .and_then(|s| s.get(op.response.wrapper()?))
        .and_then(|items| items.get(0))
        .or(sample);
    result
        .and_then(|r| r.get("message"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("{} succeeded", op.title), str::to_owned)
}
