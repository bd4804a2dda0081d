//! The records endpoints of the spec served from the org: which operation does what with the
//! module in its path, and how answers become HTTP responses.

use axum::http::header::IF_MODIFIED_SINCE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use zohocrm_build::model::Operation;

use super::{action_body, ItemResult, Listing, Org};
use crate::actions::results_status;
use crate::zoho_error::ZohoError;

/// The answer of `op` when it is one of the org's record operations, else `None`. `path` holds
/// the path parameters in order: the module, then a record id where the path has one.
pub(crate) fn serve(
    org: &mut Org,
    op: &Operation,
    path: &[&str],
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Response> {
    if op.name == "coql_query" {
        let query = json(body).and_then(|b| match b.get("select_query").and_then(Value::as_str) {
            Some(query) => Ok(query.to_owned()),
            None => Err(
                ZohoError::new(400, "MANDATORY_NOT_FOUND", "required field not found")
                    .detail("api_name", "select_query"),
            ),
        });
        return Some(listing(query.and_then(|q| org.coql(&q))));
    }
    let module = *path.first()?;
    let record = path.get(1).copied();
    let since = headers
        .get(IF_MODIFIED_SINCE)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let answer = match (op.name.as_str(), record) {
        ("get_records", None) => listing(org.list(module, query, since)),
        ("get_record", Some(id)) => match org.get(module, id) {
            Ok(Some(page)) => Json(page).into_response(),
            Ok(None) => StatusCode::NO_CONTENT.into_response(),
            Err(error) => error.into_response(),
        },
        ("search_records", None) => listing(org.search(module, query)),
        ("get_deleted_records", None) => listing(org.deleted(module, query, since)),
        ("get_record_count", None) => match org.count(module, query) {
            Ok(count) => Json(count).into_response(),
            Err(error) => error.into_response(),
        },
        ("insert_records", None) => write(op, json(body).and_then(|b| org.insert(module, &b))),
        ("update_records", None) => {
            write(op, json(body).and_then(|b| org.update(module, &b, None)))
        }
        ("update_record", Some(id)) => write(
            op,
            json(body).and_then(|b| org.update(module, &b, Some(id))),
        ),
        ("delete_records", None) => {
            let ids = query
                .iter()
                .find(|(k, _)| k == "ids")
                .map_or("", |(_, v)| v.as_str());
            write(op, org.delete(module, ids))
        }
        ("delete_record", Some(id)) => write(op, org.delete(module, id)),
        ("upsert_records", None) => write(op, json(body).and_then(|b| org.upsert(module, &b))),
        ("get_related_records", Some(id)) => {
            let list = path.get(2).copied().unwrap_or_default();
            listing(org.related(module, id, list, query, since))
        }
        _ => return None,
    };
    Some(answer)
}

/// A read's answer: a page, 204 or 304.
fn listing(result: Result<Listing, ZohoError>) -> Response {
    match result {
        Ok(Listing::Page(page)) => Json(page).into_response(),
        Ok(Listing::NoContent) => StatusCode::NO_CONTENT.into_response(),
        Ok(Listing::NotModified) => StatusCode::NOT_MODIFIED.into_response(),
        Err(error) => error.into_response(),
    }
}

/// A write's answer, with the status every per-item answer of the mock has.
fn write(op: &Operation, result: Result<Vec<ItemResult>, ZohoError>) -> Response {
    match result {
        Ok(items) => (results_status(op, &items), Json(action_body(&items))).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The body as JSON, or the error Zoho gives a body that is not.
fn json(body: &[u8]) -> Result<Value, ZohoError> {
    serde_json::from_slice(body).map_err(|e| {
        ZohoError::new(400, "INVALID_DATA", "invalid data").detail("reason", e.to_string())
    })
}
