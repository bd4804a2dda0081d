//! Records operations: one record by path id, or a list filtered by the query, paged when the
//! operation has `page`/`per_page` parameters; 204 without a body when nothing matches.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Api, Operation};
use zohocrm_codegen::validate;

use crate::catalog;
use crate::criteria;
use crate::params;
use crate::semantics;
use crate::store::Store;
use crate::zoho_error::ZohoError;

/// The page size when an operation documents no default for `per_page`.
const PER_PAGE: u64 = 200;

/// Serves a records operation.
pub(crate) fn run(
    api: &Api,
    store: &Store,
    op: &Operation,
    path_params: &[(String, String)],
    query: &[(String, String)],
) -> Response {
    match records(api, store, op, path_params, query) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn records(
    api: &Api,
    store: &Store,
    op: &Operation,
    path_params: &[(String, String)],
    query: &[(String, String)],
) -> Result<Response, ZohoError> {
    let table = op.response.wrapper();
    let by_id = path_params.last().filter(|_| op.path.ends_with('}'));
    let mut found: Vec<&Value> = match by_id {
        Some((_, id)) => store.get(table, id).into_iter().collect(),
        None => filtered(api, store, op, table, query)?,
    };
    let mut body = Map::new();
    if op.query.iter().any(|p| p.name == "page" || p.name == "per_page") {
        let page = positive(op, query, "page", 1)?;
        let max = default_of(op, "per_page").unwrap_or(PER_PAGE);
        let per_page = positive(op, query, "per_page", max)?.min(max);
        let total = found.len() as u64;
        let skip = (page - 1).saturating_mul(per_page);
        found = found
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .collect();
        let info = json!({
            "per_page": per_page,
            "count": found.len(),
            "page": page,
            "more_records": total > page.saturating_mul(per_page),
        });
        body.insert("info".into(), info);
    }
    if found.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let include: Vec<&str> = params::first(query, "include")
        .map(|v| v.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let items = found.into_iter().map(|r| semantics::view(table, r, &include)).collect();
    body.insert(table.to_owned(), Value::Array(items));
    let body = Value::Object(body);
    let problems: Vec<String> = validate::response_body(api, op, &body)
        .iter()
        .map(ToString::to_string)
        .collect();
    if !problems.is_empty() {
        let message = format!("zohocrm-mock built an answer that does not fit the spec: {}", problems.join("; "));
        return Err(ZohoError::coded(op, "INTERNAL_ERROR", 500, message));
    }
    let status = StatusCode::from_u16(op.response.status()).unwrap_or(StatusCode::OK);
    Ok((status, Json(body)).into_response())
}

/// The records of `table` that the query selects: a query parameter named as a key of the
/// record type must equal it (ignoring case), and `filters` criteria must hold.
fn filtered<'a>(
    api: &Api,
    store: &'a Store,
    op: &Operation,
    table: &str,
    query: &[(String, String)],
) -> Result<Vec<&'a Value>, ZohoError> {
    let record_fields = catalog::record_type(api, table).map_or(&[][..], |t| catalog::fields(api, t));
    let equal: Vec<(&str, String)> = op
        .query
        .iter()
        .filter(|p| record_fields.iter().any(|f| f.json_name == p.name))
        .filter_map(|p| Some((p.name.as_str(), params::first(query, &p.name)?.to_lowercase())))
        .collect();
    let criteria = match params::first(query, "filters").filter(|_| op.query.iter().any(|p| p.name == "filters")) {
        Some(text) => Some(criteria::parse(text).map_err(|e| {
            ZohoError::invalid_data(op, format!("`filters` is not valid criteria: {e}")).detail("param_name", "filters")
        })?),
        None => None,
    };
    Ok(store
        .all(table)
        .iter()
        .filter(|record| {
            equal.iter().all(|(key, wanted)| {
                record
                    .get(*key)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.to_lowercase() == *wanted)
            })
        })
        .filter(|record| criteria.as_ref().is_none_or(|c| c.matches(record)))
        .collect())
}

/// The query parameter `name` as a positive integer, else its documented default, else
/// `fallback`.
fn positive(op: &Operation, query: &[(String, String)], name: &str, fallback: u64) -> Result<u64, ZohoError> {
    match params::first(query, name) {
        None => Ok(default_of(op, name).unwrap_or(fallback)),
        Some(text) => text.parse::<u64>().ok().filter(|&n| n > 0).ok_or_else(|| {
            ZohoError::invalid_data(op, format!("parameter `{name}` should be a positive integer"))
                .detail("param_name", name)
        }),
    }
}

/// The documented default of query parameter `name`, when it is a number.
fn default_of(op: &Operation, name: &str) -> Option<u64> {
    op.query
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.default.as_ref())
        .and_then(Value::as_u64)
}
