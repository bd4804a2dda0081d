//! Action operations on a family's records (create, update, delete), answered per item as
//! `{"<wrapper>": [{"code", "details", "message", "status"}, ...]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Operation, Request, Response as OpResponse};
use zohocrm_codegen::validate;

use crate::call::Call;
use crate::catalog;
use crate::item_checks::{self, item_path, Target};
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
    let wrapper = request.wrapper.as_str();
    if let Write::UpdateOne(id) = write {
        if !store.contains(table, id) {
            return missing_record(op, table, id).into_response();
        }
    }
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
        let message = format!("a call may carry at most {max} item(s) under `{wrapper}`");
        return ZohoError::coded(op, "LIMIT_EXCEEDED", 400, message)
            .detail("limit", max)
            .detail("api_name", wrapper)
            .into_response();
    }
    let violations = validate::request_body(api, op, &body);
    let request_fields = catalog::fields(api, &request.item);
    let shape = Shape {
        record_type: Some(call.resource.record_type),
        request_type: Some(&request.item),
    };
    let now = timestamp::now();
    let mut results = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let record_id = match write {
            Write::Create => None,
            Write::UpdateOne(id) => Some(id.to_owned()),
            Write::UpdateMany => item.get("id").and_then(id_text),
        };
        let target = Target {
            table,
            wrapper,
            index,
            record_id: record_id.as_deref(),
        };
        let checked =
            item_checks::check(api, op, store, target, item, &violations).and_then(|object| {
                semantics::check_item(op, store, table, &item_path(wrapper, index), object)?;
                Ok(object)
            });
        let object = match checked {
            Ok(object) => object,
            Err(error) => {
                results.push(Err(error));
                continue;
            }
        };
        let known: Map<String, Value> = object
            .iter()
            .filter(|(key, _)| request_fields.iter().any(|f| &f.json_name == *key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let id = match record_id {
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
                let error = missing_record(op, table, &id)
                    .detail("json_path", format!("{}.id", item_path(wrapper, index)));
                results.push(Err(error));
                continue;
            }
        };
        results.push(Ok(details(call, &id)));
    }
    respond(op, results)
}

/// Deletes the record with the call's path id.
pub(crate) fn delete_one(call: Call<'_>, id: &str, store: &mut Store) -> Response {
    let (op, table) = (call.op, call.table());
    if !store.contains(table, id) {
        return missing_record(op, table, id).into_response();
    }
    if let Err(error) = semantics::check_delete(op, store, table, id, call.query) {
        return error.into_response();
    }
    semantics::delete(store, table, id, call.query);
    respond(op, vec![Ok(details(call, id))])
}

/// Deletes the records the comma-separated query parameter `param` lists, one result each.
pub(crate) fn delete_many(call: Call<'_>, param: &str, store: &mut Store) -> Response {
    let (op, table) = (call.op, call.table());
    let ids: Vec<&str> = crate::params::first(call.query, param)
        .map(|v| v.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let outcome = if store.contains(table, id) {
            semantics::check_delete(op, store, table, id, call.query)
        } else {
            Err(missing_record(op, table, id))
        };
        results.push(outcome.map(|()| {
            semantics::delete(store, table, id, call.query);
            details(call, id)
        }));
    }
    respond(op, results)
}

/// `INVALID_DATA` for an id that names no record.
fn missing_record(op: &Operation, table: &str, id: &str) -> ZohoError {
    ZohoError::invalid_data(op, format!("no record of `{table}` has the id {id}")).detail("id", id)
}

/// A success's `details`: `{"id"}` when the operation's details type has an `id`, else `{}`.
fn details(call: Call<'_>, id: &str) -> Value {
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
fn respond(op: &Operation, results: Vec<Result<Value, ZohoError>>) -> Response {
    let message = success_message(op);
    let succeeded = results.iter().filter(|r| r.is_ok()).count();
    let first_error = results.iter().find_map(|r| r.as_ref().err());
    let status = match first_error {
        None => StatusCode::from_u16(op.response.status()).unwrap_or(StatusCode::OK),
        Some(error) if succeeded == 0 => error.http_status(),
        Some(_) => StatusCode::MULTI_STATUS,
    };
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
    (status, Json(Value::Object(body))).into_response()
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
