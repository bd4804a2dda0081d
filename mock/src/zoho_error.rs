//! Zoho-style error bodies `{"code", "details", "message", "status": "error"}`, with code,
//! status and message taken from the spec.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use zohocrm_build::model::{Api, ErrorDoc, Operation, Trigger};

use crate::error::MockError;

/// One error, as the whole answer or as one item of an action's results.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ZohoError {
    /// HTTP status.
    pub(crate) status: u16,
    /// Zoho's code, e.g. `INVALID_DATA`.
    pub(crate) code: String,
    /// The message.
    pub(crate) message: String,
    /// What the error concerns, e.g. `api_name` and `json_path`.
    pub(crate) details: Map<String, Value>,
}

impl ZohoError {
    /// An error with empty details.
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ZohoError {
            status,
            code: code.to_owned(),
            message: message.into(),
            details: Map::new(),
        }
    }

    /// The documented error.
    pub(crate) fn from_doc(doc: &ErrorDoc) -> Self {
        ZohoError::new(doc.status, &doc.code, doc.message.clone())
    }

    /// The documented error of `op` with `trigger`, if the page documents one.
    pub(crate) fn documented(op: &Operation, trigger: &Trigger) -> Option<Self> {
        op.error_for(trigger)
            .map(|(_, doc)| ZohoError::from_doc(doc))
    }

    /// An error with `code`: the status `op` documents for the code (else `status`) and
    /// `message`.
    pub(crate) fn coded(
        op: &Operation,
        code: &str,
        status: u16,
        message: impl Into<String>,
    ) -> Self {
        let status = op.error(code).map_or(status, |c| c.status);
        ZohoError::new(status, code, message)
    }

    /// The documented error of `op` with `trigger`, else the entry `sibling` documents for it
    /// when `op` lists the same code and message: a call naming a record in its path answers
    /// what its collection form documents for that record's key in the body.
    pub(crate) fn documented_like(
        op: &Operation,
        sibling: Option<&Operation>,
        trigger: &Trigger,
    ) -> Option<Self> {
        if let Some(error) = ZohoError::documented(op, trigger) {
            return Some(error);
        }
        let (_, doc) = sibling?.error_for(trigger)?;
        op.errors
            .iter()
            .flat_map(|code| &code.entries)
            .find(|e| e.code == doc.code && e.message == doc.message)
            .map(ZohoError::from_doc)
    }

    /// The page's entry of `code` that has no trigger, if there is one.
    pub(crate) fn untriggered(op: &Operation, code: &str) -> Option<Self> {
        op.error(code)
            .and_then(|c| c.entries.iter().find(|e| e.trigger.is_none()))
            .map(ZohoError::from_doc)
    }

    /// The page's entry of `code` whose message mentions `phrase`, for a condition no trigger
    /// kind singles out; else `code` with `fallback` as the message.
    pub(crate) fn mentioning(op: &Operation, code: &str, phrase: &str, fallback: &str) -> Self {
        op.error(code)
            .and_then(|c| c.entries.iter().find(|e| e.message.contains(phrase)))
            .map_or_else(
                || ZohoError::coded(op, code, 400, fallback),
                ZohoError::from_doc,
            )
    }

    /// `INVALID_DATA` for a value the page gives no specific error for: the page's entry for
    /// the code that has no trigger, else `fallback` as the message.
    pub(crate) fn invalid_data(op: &Operation, fallback: impl Into<String>) -> Self {
        ZohoError::untriggered(op, "INVALID_DATA")
            .unwrap_or_else(|| ZohoError::coded(op, "INVALID_DATA", 400, fallback))
    }

    /// Adds a `details` key.
    pub(crate) fn detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    /// The error object.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": "error",
        })
    }

    /// The HTTP status, 500 if the spec's number is not one.
    pub(crate) fn http_status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for ZohoError {
    fn into_response(self) -> Response {
        (self.http_status(), Json(self.to_json())).into_response()
    }
}

/// A failure of the whole call that every endpoint may answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallFailure {
    /// The token is missing, unknown or expired.
    InvalidToken,
    /// The token lacks the endpoint's scope.
    ScopeMismatch,
    /// No endpoint has the path.
    UnknownPath,
    /// The path does not serve the method.
    WrongMethod,
    /// The server failed.
    ServerError,
    /// Too many calls.
    RateLimit,
}

impl CallFailure {
    fn trigger(self) -> Trigger {
        match self {
            CallFailure::InvalidToken => Trigger::InvalidToken,
            CallFailure::ScopeMismatch => Trigger::ScopeMismatch,
            CallFailure::UnknownPath => Trigger::UnknownPath,
            CallFailure::WrongMethod => Trigger::WrongMethod,
            CallFailure::ServerError => Trigger::ServerError,
            CallFailure::RateLimit => Trigger::RateLimit,
        }
    }

    fn name(self) -> &'static str {
        match self {
            CallFailure::InvalidToken => "invalid_token",
            CallFailure::ScopeMismatch => "scope_mismatch",
            CallFailure::UnknownPath => "unknown_path",
            CallFailure::WrongMethod => "wrong_method",
            CallFailure::ServerError => "server_error",
            CallFailure::RateLimit => "rate_limit",
        }
    }
}

/// The API-wide error of each [`CallFailure`], found in the spec when the mock starts.
#[derive(Debug, Clone)]
pub(crate) struct CallErrors {
    invalid_token: ErrorDoc,
    scope_mismatch: ErrorDoc,
    unknown_path: ErrorDoc,
    wrong_method: ErrorDoc,
    server_error: ErrorDoc,
    rate_limit: ErrorDoc,
}

impl CallErrors {
    /// Finds each failure's API-wide error; fails if the spec lacks one.
    pub(crate) fn from_api(api: &Api) -> Result<Self, MockError> {
        let find = |failure: CallFailure| {
            let trigger = failure.trigger();
            api.shared_errors
                .iter()
                .find(|e| e.trigger.as_ref() == Some(&trigger))
                .cloned()
                .ok_or(MockError::MissingSharedError(failure.name()))
        };
        Ok(CallErrors {
            invalid_token: find(CallFailure::InvalidToken)?,
            scope_mismatch: find(CallFailure::ScopeMismatch)?,
            unknown_path: find(CallFailure::UnknownPath)?,
            wrong_method: find(CallFailure::WrongMethod)?,
            server_error: find(CallFailure::ServerError)?,
            rate_limit: find(CallFailure::RateLimit)?,
        })
    }

    /// The error for `failure`: the entry `op` documents for it, else the API-wide one.
    pub(crate) fn get(&self, op: Option<&Operation>, failure: CallFailure) -> ZohoError {
        if let Some(documented) = op.and_then(|op| ZohoError::documented(op, &failure.trigger())) {
            return documented;
        }
        ZohoError::from_doc(match failure {
            CallFailure::InvalidToken => &self.invalid_token,
            CallFailure::ScopeMismatch => &self.scope_mismatch,
            CallFailure::UnknownPath => &self.unknown_path,
            CallFailure::WrongMethod => &self.wrong_method,
            CallFailure::ServerError => &self.server_error,
            CallFailure::RateLimit => &self.rate_limit,
        })
    }
}

/// The error for a body that is not JSON or not of the expected shape: the entry for
/// `malformed_body` that `op` or the API documents, else `INVALID_DATA` with `message`.
pub(crate) fn malformed_body(api: &Api, op: &Operation, message: String) -> ZohoError {
    let trigger = Trigger::MalformedBody;
    ZohoError::documented(op, &trigger)
        .or_else(|| {
            api.shared_errors
                .iter()
                .find(|e| e.trigger.as_ref() == Some(&trigger))
                .map(ZohoError::from_doc)
        })
        .unwrap_or_else(|| ZohoError::coded(op, "INVALID_DATA", 400, message))
}
