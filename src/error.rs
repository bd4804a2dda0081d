//! Errors: Zoho's error bodies, the per-endpoint error enums' shared behaviour, and the error of
//! a call.

use std::convert::Infallible;
use std::fmt;

use serde_json::{Map, Value};

/// An error as Zoho reports it: `{"code", "message", "status": "error", "details"}`, with the
/// HTTP status of the response that carried it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    /// Zoho's error code, e.g. `DUPLICATE_DATA`; empty when the body had none.
    pub code: String,
    /// HTTP status of the response.
    pub status: u16,
    /// The server's message.
    pub message: String,
    /// The server's `details` object (e.g. `api_name`, `json_path`), empty when absent.
    pub details: Map<String, Value>,
}

impl ErrorBody {
    /// Reads an error body from a JSON object; missing or mistyped keys become empty.
    pub(crate) fn from_json(status: u16, object: &Map<String, Value>) -> Self {
        let text = |key: &str| match object.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        ErrorBody {
            code: text("code"),
            status,
            message: text("message"),
            details: match object.get("details") {
                Some(Value::Object(details)) => details.clone(),
                _ => Map::new(),
            },
        }
    }
}

/// One documented error of an endpoint, as the spec records it: a row of the endpoint error
/// enum's `DOCUMENTED` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedError {
    /// Zoho's code.
    pub code: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The API's message.
    pub message: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
}

/// What every per-endpoint error enum offers: the server's code, status, message and details,
/// and the documented resolution.
///
/// Each endpoint has its own enum (e.g. `CreateRoleError`) with one variant per documented
/// code and `Unknown` for the rest; every variant keeps the whole [`ErrorBody`].
pub trait OperationError: fmt::Debug + fmt::Display + Sized + Send + Sync + 'static {
    /// Every documented error of the endpoint: the rows of its own doc page, grouped by code,
    /// then those of the codes any endpoint may return that the page does not list.
    const DOCUMENTED: &'static [DocumentedError];

    /// The variant for `body.code`.
    fn from_body(body: ErrorBody) -> Self;

    /// What the server sent.
    fn body(&self) -> &ErrorBody;

    /// Zoho's error code, e.g. `DUPLICATE_DATA`.
    fn code(&self) -> &str {
        &self.body().code
    }

    /// HTTP status of the response.
    fn status(&self) -> u16 {
        self.body().status
    }

    /// The server's message.
    fn message(&self) -> &str {
        &self.body().message
    }

    /// The documented error this one is: the entry with the same code and message, or the
    /// code's only entry when the message is not a documented one.
    fn documented(&self) -> Option<DocumentedError> {
        let body = self.body();
        let mut same_code = Self::DOCUMENTED.iter().filter(|d| d.code == body.code);
        let first = same_code.clone().next()?;
        same_code
            .clone()
            .find(|d| d.message.trim().eq_ignore_ascii_case(body.message.trim()))
            .or_else(|| (same_code.nth(1).is_none()).then_some(first))
            .copied()
    }

    /// The documented resolution, where the spec has one for this error.
    fn resolution(&self) -> Option<&'static str> {
        self.documented().map(|d| d.resolution)
    }

    /// Writes `CODE (HTTP 400): message — resolution`.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body();
        let code = if body.code.is_empty() {
            "(no code)"
        } else {
            &body.code
        };
        write!(f, "{code} (HTTP {}): {}", body.status, body.message)?;
        if let Some(resolution) = self.resolution() {
            write!(f, " — {resolution}")?;
        }
        Ok(())
    }
}

/// The error of a call to endpoint with error enum `E`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// Zoho answered with an error for the whole request.
    #[error("{0}")]
    Api(E),
    /// The call carried more items than the endpoint takes; nothing was sent.
    #[error("{operation} takes at most {max} item(s) per call, {given} given; nothing was sent")]
    TooManyItems {
        /// The operation.
        operation: &'static str,
        /// Its limit.
        max: usize,
        /// How many were given.
        given: usize,
    },
    /// The request could not be sent or the response not received.
    #[error("{operation}: HTTP request failed{}: {source}", if *.may_have_been_applied { " (the server may have applied it)" } else { "" })]
    Transport {
        /// The operation.
        operation: &'static str,
        /// Whether the server may have received and applied the request: false only when it
        /// certainly did not (no connection was made) or the operation is idempotent.
        may_have_been_applied: bool,
        /// The underlying failure.
        source: reqwest::Error,
    },
    /// The response was not what the endpoint returns.
    #[error("{operation}: unexpected response (HTTP {status}): {reason}; body starts with {body_start:?}")]
    Response {
        /// The operation.
        operation: &'static str,
        /// HTTP status received.
        status: u16,
        /// What did not fit.
        reason: String,
        /// The first bytes of the body, as text.
        body_start: String,
    },
    /// No access token could be had.
    #[error("authentication failed: {0}")]
    Auth(#[source] crate::oauth::AuthError),
    /// The request could not be built.
    #[error("{operation}: cannot build the request: {reason}")]
    Request {
        /// The operation.
        operation: &'static str,
        /// Why.
        reason: String,
    },
}

impl<E> Error<E> {
    /// An answer that does not fit the endpoint, keeping the start of its body.
    pub(crate) fn response(
        operation: &'static str,
        status: u16,
        body: &[u8],
        reason: impl Into<String>,
    ) -> Self {
        Error::Response {
            operation,
            status,
            reason: reason.into(),
            body_start: body_start(body),
        }
    }
}

impl<E: OperationError> Error<E> {
    /// The endpoint's error, when Zoho answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Zoho's error code, when Zoho answered with an error.
    pub fn code(&self) -> Option<&str> {
        self.api().map(OperationError::code)
    }
}

impl Error<Infallible> {
    /// The same error as the error of a call to an endpoint with error enum `E`: an error
    /// that is not Zoho's answer fits any endpoint.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api(never) => match never {},
            Error::TooManyItems {
                operation,
                max,
                given,
            } => Error::TooManyItems {
                operation,
                max,
                given,
            },
            Error::Transport {
                operation,
                may_have_been_applied,
                source,
            } => Error::Transport {
                operation,
                may_have_been_applied,
                source,
            },
            Error::Response {
                operation,
                status,
                reason,
                body_start,
            } => Error::Response {
                operation,
                status,
                reason,
                body_start,
            },
            Error::Auth(e) => Error::Auth(e),
            Error::Request { operation, reason } => Error::Request { operation, reason },
        }
    }
}

impl<E> From<E> for Error<E> {
    fn from(e: E) -> Self {
        Error::Api(e)
    }
}

/// How much of a body an error keeps.
pub(crate) const BODY_START_LEN: usize = 200;

/// The first characters of a body, for error messages.
pub(crate) fn body_start(body: &[u8]) -> String {
    let end = body.len().min(BODY_START_LEN);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > end {
        text.push('…');
    }
    text
}

#[cfg(all(test, feature = "roles"))]
mod tests {
    use super::*;
    use crate::roles::CreateRoleError;

    fn body(code: &str, status: u16, message: &str) -> ErrorBody {
        ErrorBody {
            code: code.to_owned(),
            status,
            message: message.to_owned(),
            details: Map::new(),
        }
    }

    /// The table is typed data: its rows are the spec's, its own codes first, then the shared
    /// codes the page does not list, each once.
    #[test]
    fn a_table_lists_its_own_rows_then_the_shared_codes_it_does_not_list() {
        let rows = CreateRoleError::DOCUMENTED;
        assert_eq!(
            rows[0],
            DocumentedError {
                code: "OAUTH_SCOPE_MISMATCH",
                status: 401,
                message: "Unauthorized",
                resolution: "The client lacks the ZohoCRM.settings.roles.CREATE scope. Create a client with a valid scope (see the scope section).",
            }
        );
        assert_eq!(<CreateRoleError as OperationError>::DOCUMENTED, rows);
        let codes: Vec<&str> = rows.iter().map(|d| d.code).collect();
        let first_shared = codes.iter().position(|c| *c == "INVALID_TOKEN").unwrap();
        assert_eq!(
            &codes[first_shared..],
            ["INVALID_TOKEN", "INVALID_URL_PATTERN", "TOO_MANY_REQUESTS"]
        );
        assert_eq!(codes.iter().filter(|c| **c == "INVALID_DATA").count(), 2);
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "OAUTH_SCOPE_MISMATCH")
                .count(),
            1,
            "a code the page lists is not repeated from the shared list"
        );
        assert!(rows.iter().all(|d| (400..600).contains(&d.status)));
    }

    /// Every row decodes to a variant that is not `Unknown`, with the row's code, status and
    /// message, and finds its own row again (by message where a code has several).
    #[test]
    fn every_row_decodes_to_its_variant_and_back_to_its_row() {
        for row in CreateRoleError::DOCUMENTED {
            let e = CreateRoleError::from_body(body(row.code, row.status, row.message));
            assert!(!matches!(e, CreateRoleError::Unknown(_)), "{}", row.code);
            assert_eq!(
                (e.code(), e.status(), e.message()),
                (row.code, row.status, row.message)
            );
            assert_eq!(e.documented(), Some(*row));
            assert_eq!(e.resolution(), Some(row.resolution));
            assert_eq!(
                e.to_string(),
                format!(
                    "{} (HTTP {}): {} — {}",
                    row.code, row.status, row.message, row.resolution
                )
            );
        }
        let other = CreateRoleError::from_body(body("NOT_DOCUMENTED", 418, "teapot"));
        assert!(matches!(other, CreateRoleError::Unknown(_)));
        assert_eq!(other.documented(), None);
        let unlisted_message = CreateRoleError::from_body(body("INVALID_DATA", 400, "other"));
        assert!(matches!(unlisted_message, CreateRoleError::InvalidData(_)));
        assert_eq!(
            unlisted_message.documented(),
            None,
            "two rows have this code"
        );
    }
}
