//! The handler of every API call: log, inject a fault, route, authorise, check parameters, then
//! serve the operation generically from the spec, or by its family's hand-written semantics, or
//! else with the spec's sample response.

use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use zohocrm_build::check::validate;
use zohocrm_build::model::{Api, Operation, Response as SpecResponse};

use crate::actions::{self, Write};
use crate::auth;
use crate::call::Call;
use crate::catalog::{self, OpKind};
use crate::connection::Connection;
use crate::faults::Fault;
use crate::org;
use crate::params;
use crate::records;
use crate::request_log::LoggedRequest;
use crate::routing::{self, Route};
use crate::semantics;
use crate::startup_calls;
use crate::state::Shared;
use crate::zoho_error::{CallFailure, ZohoError};

/// Bodies larger than this many bytes are refused with 413.
pub(crate) const BODY_LIMIT: usize = 1024 * 1024;

/// Serves one API call.
pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, BODY_LIMIT).await.ok();
    let query = params::parse_query(parts.uri.query());
    let logged = LoggedRequest::new(&parts, query.clone(), body.as_deref().unwrap_or_default());
    let fault = {
        let mut state = shared.lock();
        state.log.push(logged);
        state.faults.pop_front()
    };
    let route = routing::route(&shared.api, &parts.method, parts.uri.path());
    match fault {
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Status500) => {
            return shared
                .call_errors
                .get(route.operation(), CallFailure::ServerError)
                .into_response();
        }
        Some(Fault::TooManyRequests { retry_after }) => {
            let mut response = shared
                .call_errors
                .get(route.operation(), CallFailure::RateLimit)
                .into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            return response;
        }
        Some(Fault::DropConnection) => {
            connection.drop_it();
            // Never sent: the connection fails before a response byte is written.
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        Some(Fault::DropAfterApply) | None => {}
    }
    let response = serve(&shared, &parts, route, &query, body.as_deref());
    if fault == Some(Fault::DropAfterApply) {
        connection.drop_it();
    }
    response
}

/// Serves a routed call; `body` is `None` when it was over [`BODY_LIMIT`].
fn serve(
    shared: &Shared,
    parts: &Parts,
    route: Route<'_>,
    query: &[(String, String)],
    body: Option<&[u8]>,
) -> Response {
    let (api, errors) = (&shared.api, &shared.call_errors);
    let mut state = shared.lock();
    let (family, op, path_params) = match route {
        Route::Unknown => return errors.get(None, CallFailure::UnknownPath).into_response(),
        Route::WrongMethod(op) => return errors.get(op, CallFailure::WrongMethod).into_response(),
        Route::Startup(call) => {
            return match auth::authorize(&state.tokens, &parts.headers, None) {
                Ok(()) => startup_calls::answer(call, &state.store),
                Err(failure) => errors.get(None, failure).into_response(),
            };
        }
        Route::Operation {
            family,
            op,
            path_params,
        } => (family, op, path_params),
    };
    if let Err(failure) = auth::authorize(&state.tokens, &parts.headers, Some(op)) {
        return errors.get(Some(op), failure).into_response();
    }
    let Some(body) = body else {
        return too_large(op).into_response();
    };
    if let Err(error) = params::check(api, op, query) {
        return error.into_response();
    }
    let path: Vec<&str> = path_params
        .iter()
        .map(|(_, value)| value.as_str())
        .collect();
    if let Some(response) = org::serve(&mut state.org, op, &path, query, &parts.headers, body) {
        return response;
    }
    let Some(resource) = catalog::resource(family) else {
        return sample(api, op, path.last().copied());
    };
    let kind = catalog::kind(api, &resource, op);
    let path_id = path.last().copied();
    let call = Call {
        api,
        op,
        resource,
        query,
    };
    let store = &mut state.store;
    match (kind, path_id) {
        (OpKind::List, _) => records::list(call, store),
        (OpKind::Count, _) => records::count(call, store),
        (OpKind::Get, Some(id)) => records::get(call, id, store),
        (OpKind::Create(request), _) => actions::write(call, Write::Create, request, store, body),
        (OpKind::UpdateMany(request), _) => {
            actions::write(call, Write::UpdateMany, request, store, body)
        }
        (OpKind::UpdateOne(request), Some(id)) => {
            actions::write(call, Write::UpdateOne(id), request, store, body)
        }
        (OpKind::DeleteMany(param), _) => actions::delete_many(call, param, store),
        (OpKind::DeleteOne, Some(id)) => actions::delete_one(call, id, store),
        _ => semantics::rules(call.table())
            .serve(call, &path, body, store)
            .unwrap_or_else(|| sample(api, op, None)),
    }
}

/// The answer to a body over [`BODY_LIMIT`].
fn too_large(op: &Operation) -> ZohoError {
    let message = format!("the request body is larger than {BODY_LIMIT} bytes");
    ZohoError::coded(op, "REQUEST_ENTITY_TOO_LARGE", 413, message).detail("limit", BODY_LIMIT)
}

/// The answer to an operation no generic kind and no family rule serves (one the spec gained
/// since, or one of a family without records, such as metadata): its sample response with its
/// documented status, when the sample fits the response type; else 501 `NOT_SUPPORTED`, naming
/// it. `named` is the call's last path value: when the items of a records sample include some
/// whose `id` or `api_name` is that value, the answer holds only those.
fn sample(api: &Api, op: &Operation, named: Option<&str>) -> Response {
    match &op.sample_response {
        Some(body) if validate::response_body(api, op, body).is_empty() => {
            let status = StatusCode::from_u16(op.response.status()).unwrap_or(StatusCode::OK);
            let body = named
                .and_then(|name| narrowed(op, body, name))
                .unwrap_or_else(|| body.clone());
            (status, Json(body)).into_response()
        }
        _ => {
            let message = format!("zohocrm-mock does not implement `{}`", op.name);
            ZohoError::coded(op, "NOT_SUPPORTED", 501, message).into_response()
        }
    }
}

/// `body`, a records sample, with only the items whose `id` or `api_name` is `name`; `None`
/// when `op` does not answer records or no item matches.
fn narrowed(op: &Operation, body: &Value, name: &str) -> Option<Value> {
    let SpecResponse::Records { wrapper, .. } = &op.response else {
        return None;
    };
    let items = body.get(wrapper)?.as_array()?;
    let named = |item: &Value| {
        ["id", "api_name"]
            .iter()
            .any(|key| item.get(key).and_then(Value::as_str) == Some(name))
    };
    let matching: Vec<Value> = items.iter().filter(|item| named(item)).cloned().collect();
    if matching.is_empty() {
        return None;
    }
    let mut body = body.clone();
    body[wrapper.as_str()] = Value::Array(matching);
    Some(body)
}
