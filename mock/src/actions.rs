//! Action operations: creating and deleting records, answered per item as
//! `{"<wrapper>": [{"code", "details", "message", "status"}, ...]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Api, HttpMethod, Operation, Request};
use zohocrm_codegen::validate;

use crate::catalog;
use crate::item_checks::{self, item_path};
use crate::semantics;
use crate::store::Store;
use crate::timestamp;
use crate::zoho_error::{malformed_body, ZohoError};

/// Serves an action operation: `POST` with a body creates records, `DELETE` of a path id
/// deletes one.
pub(crate) fn run(
    api: &Api,
    store: &mut Store,
    op: &Operation,
    path_params: &[(String, String)],
    query: &[(String, String)],
    body: &[u8],
) -> Response {
    let table = op.response.wrapper();
    match (op.method, &op.request, path_params.last()) {
        (HttpMethod::POST, Some(request), None) => create(api, store, op, request, body),
        (HttpMethod::DELETE, None, Some((_, id))) => delete(store, op, table, id, query),
        _ => {
            let message = format!("zohocrm-mock has no semantics for `{}`", op.name);
            ZohoError::coded(op, "INTERNAL_ERROR", 500, message).into_response()
        }
    }
}

/// Creates one record per valid item, in order, so a later item sees the earlier ones.
fn create(api: &Api, store: &mut Store, op: &Operation, request: &Request, body: &[u8]) -> Response {
    let table = op.response.wrapper();
    let wrapper = request.wrapper.as_str();
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
    let now = timestamp::now();
    let mut results = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let checked = item_checks::check(api, op, store, table, (wrapper, index), item, &violations)
            .and_then(|object| {
                semantics::check_item(op, store, table, &item_path(wrapper, index), object)?;
                Ok(object)
            });
        results.push(checked.map(|object| {
            let known: Map<String, Value> = object
                .iter()
                .filter(|(key, _)| request_fields.iter().any(|f| &f.json_name == *key))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            let id = store.new_id();
            let record = semantics::new_record(api, store, table, &known, id.clone(), &now);
            store.upsert(table, record);
            json!({ "id": id })
        }));
    }
    respond(op, results)
}

/// Deletes record `id` of `table`.
fn delete(store: &mut Store, op: &Operation, table: &str, id: &str, query: &[(String, String)]) -> Response {
    if !store.contains(table, id) {
        let message = format!("no record of `{table}` has the id {id}");
        return ZohoError::invalid_data(op, message).detail("id", id).into_response();
    }
    if let Err(error) = semantics::check_delete(op, store, table, id, query) {
        return error.into_response();
    }
    semantics::delete(store, table, id, query);
    respond(op, vec![Ok(json!({ "id": id }))])
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
    body.insert(op.response.wrapper().to_owned(), Value::Array(items));
    (status, Json(Value::Object(body))).into_response()
}

/// The success message of the page's sample response (wrapped or bare), else
/// `"<Title> succeeded"`.
fn success_message(op: &Operation) -> String {
    let sample = op.sample_response.as_ref();
    let result = sample
        .and_then(|s| s.get(op.response.wrapper()))
        .and_then(|items| items.get(0))
        .or(sample);
    result
        .and_then(|r| r.get("message"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("{} succeeded", op.title), str::to_owned)
}
