//! `GET /org`, which Zoho's SDK calls after getting a token (with `GET /users?type=CurrentUser`,
//! which the spec serves), answered by hand from the `org` store for any valid token until the
//! spec describes it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::Store;

/// The store of the org record.
const ORG: &str = "org";

/// A start-up call the spec lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartupCall {
    /// `GET /org`: the org.
    Org,
}

/// The start-up call at the path below the base path, split into segments.
pub(crate) fn recognise(segments: &[&str]) -> Option<StartupCall> {
    match segments {
        ["org"] => Some(StartupCall::Org),
        _ => None,
    }
}

/// Answers a start-up call: `{"org": [...]}`, 204 when empty.
pub(crate) fn answer(call: StartupCall, store: &Store) -> Response {
    let (key, records) = match call {
        StartupCall::Org => (ORG, store.all(ORG).collect::<Vec<_>>()),
    };
    if records.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    Json(json!({ key: records })).into_response()
}
