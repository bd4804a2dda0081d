//! Reading records: a family's record by path id, its list filtered by the query, or the count
//! of that list; and the answer of any records operation (paged when the operation has `page`
//! and `per_page`, 204 without a body when nothing matches, checked against the spec).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use zohocrm_build::check::validate;
use zohocrm_build::model::{Operation, Ty};

use crate::call::Call;
use crate::catalog;
use crate::criteria;
use crate::params;
use crate::semantics;
use crate::store::{id_of, Store};
use crate::zoho_error::ZohoError;

/// The largest page when an operation documents neither a maximum nor a default `per_page`.
const PER_PAGE: u64 = 200;

/// Answers with the record with the call's path id, or 204 when there is none (or it is a
/// deleted user).
pub(crate) fn get(call: Call<'_>, id: &str, store: &Store) -> Response {
    let include = include(call.query);
    let rules = semantics::rules(call.table());
    let found = store
        .get(call.table(), id)
        .filter(|r| !rules.is_deleted(r))
        .map(|r| rules.view(r, &include, true));
    answer(call, found.into_iter().collect())
}

/// Answers with the records the query selects.
pub(crate) fn list(call: Call<'_>, store: &Store) -> Response {
    let found = match filtered(call, store) {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let include = include(call.query);
    let rules = semantics::rules(call.table());
    let items = found
        .into_iter()
        .map(|r| rules.view(r, &include, false))
        .collect();
    answer(call, items)
}

/// The values of the call's `include` parameter.
pub(crate) fn include(query: &[(String, String)]) -> Vec<&str> {
    params::first(query, "include")
        .map(|v| v.split(',').map(str::trim).collect())
        .unwrap_or_default()
}

/// `{"<wrapper>": [...]}` of the operation with the page of `items` the query asks for and an
/// `info` block when it is paged, or 204 when the page is empty.
pub(crate) fn answer(call: Call<'_>, mut items: Vec<Value>) -> Response {
    let mut body = Map::new();
    if call.op.is_paged() {
        let (page, per_page) = match paging(call) {
            Ok(paging) => paging,
            Err(error) => return error.into_response(),
        };
        let total = items.len() as u64;
        let skip = (page - 1).saturating_mul(per_page);
        items = items
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .collect();
        let info = json!({
            "per_page": per_page,
            "count": items.len(),
            "page": page,
            "more_records": total > page.saturating_mul(per_page),
        });
        body.insert("info".into(), info);
    }
    if items.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    let wrapper = call.op.response.wrapper().unwrap_or(call.table());
    body.insert(wrapper.to_owned(), Value::Array(items));
    checked(call, documented_status(call.op), Value::Object(body))
}

/// The answer to a read below record `id` that does not exist: the operation's `INVALID_DATA`
/// entry without a trigger (the pages' error for a bad id in the URL), else 204, as for a
/// record that does not exist.
pub(crate) fn missing_parent(op: &Operation, id: &str) -> Response {
    match ZohoError::untriggered(op, "INVALID_DATA") {
        Some(error) => error.detail("id", id).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// Answers `{"count": n}` with the number of records the list would give.
pub(crate) fn count(call: Call<'_>, store: &Store) -> Response {
    match filtered(call, store) {
        Ok(found) => checked(
            call,
            documented_status(call.op),
            json!({ "count": found.len() }),
        ),
        Err(error) => error.into_response(),
    }
}

/// The operation's success status.
fn documented_status(op: &Operation) -> StatusCode {
    StatusCode::from_u16(op.response.status()).unwrap_or(StatusCode::OK)
}

/// Sends `body` with `status` once it fits the operation's response type; an answer that does
/// not is the mock's fault, reported as a 500 that says why.
pub(crate) fn checked(call: Call<'_>, status: StatusCode, body: Value) -> Response {
    let problems: Vec<String> = validate::response_body(call.api, call.op, &body)
        .iter()
        .map(ToString::to_string)
        .collect();
    if !problems.is_empty() {
        let message = format!(
            "zohocrm-mock built an answer that does not fit the spec: {}",
            problems.join("; ")
        );
        return ZohoError::coded(call.op, "INTERNAL_ERROR", 500, message).into_response();
    }
    (status, Json(body)).into_response()
}

/// The records the query selects: a query parameter named like a key of the record type must
/// equal it (ignoring case), a `list<id>` parameter lists the ids to keep,
/// `filters` criteria must hold, and the family's own filters apply (the `type` of users).
pub(crate) fn filtered<'a>(call: Call<'_>, store: &'a Store) -> Result<Vec<&'a Value>, ZohoError> {
    let op = call.op;
    let record_fields = catalog::fields(call.api, call.resource.record_type);
    let given = |name: &str| params::first(call.query, name);
    let equal: Vec<(&str, String)> = op
        .query
        .iter()
        .filter(|p| record_fields.iter().any(|f| f.json_name == p.name))
        .filter_map(|p| Some((p.name.as_str(), given(&p.name)?.to_lowercase())))
        .collect();
    let ids: Option<Vec<&str>> = op
        .query
        .iter()
        .find(|p| p.ty == Ty::List(Box::new(Ty::Id)))
        .and_then(|p| given(&p.name))
        .map(|v| v.split(',').map(str::trim).collect());
    let criteria = match given("filters").filter(|_| op.query.iter().any(|p| p.name == "filters")) {
        Some(text) => Some(criteria::parse(text).map_err(|e| {
            ZohoError::invalid_data(op, format!("`filters` is not valid criteria: {e}"))
                .detail("param_name", "filters")
        })?),
        None => None,
    };
    let rules = semantics::rules(call.table());
    Ok(store
        .all(call.table())
        .filter(|record| {
            equal.iter().all(|(key, wanted)| {
                record
                    .get(*key)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.to_lowercase() == *wanted)
            })
        })
        .filter(|record| {
            ids.as_ref()
                .is_none_or(|ids| id_of(record).is_some_and(|id| ids.contains(&id)))
        })
        .filter(|record| criteria.as_ref().is_none_or(|c| c.matches(record)))
        .filter(|record| rules.selected(store, record, call.query))
        .collect())
}

/// The page and page size: `page` from 1, `per_page` at most the documented maximum (else its
/// default, else 200).
fn paging(call: Call<'_>) -> Result<(u64, u64), ZohoError> {
    let param = |name: &str| call.op.query.iter().find(|p| p.name == name);
    let number = |value: Option<&Value>| value.and_then(Value::as_u64);
    let max = param("per_page")
        .and_then(|p| {
            p.maximum
                .and_then(|m| u64::try_from(m).ok())
                .or(number(p.default.as_ref()))
        })
        .unwrap_or(PER_PAGE);
    let page = positive(call.op, call.query, "page")?
        .or(number(param("page").and_then(|p| p.default.as_ref())))
        .unwrap_or(1);
    let per_page = positive(call.op, call.query, "per_page")?
        .unwrap_or(max)
        .min(max);
    Ok((page, per_page))
}

/// The query parameter `name` as a positive integer, if given.
fn positive(
    op: &Operation,
    query: &[(String, String)],
    name: &str,
) -> Result<Option<u64>, ZohoError> {
    params::first(query, name)
        .map(|text| {
            text.parse::<u64>().ok().filter(|&n| n > 0).ok_or_else(|| {
                ZohoError::invalid_data(
                    op,
                    format!("parameter `{name}` should be a positive integer"),
                )
                .detail("param_name", name)
            })
        })
        .transpose()
}
