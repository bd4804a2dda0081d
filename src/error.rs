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

/// One documented error of an endpoint, as the spec records it.
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

impl DocumentedError {
    /// Reads one entry of a generated table: `CODE<tab>STATUS<tab>message<tab>resolution`.
    /// The generator writes every entry in this form, so a malformed one is a generator bug.
    fn parse(entry: &'static str) -> Self {
        let mut columns = entry.splitn(4, '\t');
        let mut next = || columns.next().unwrap_or_default();
        let (code, status, message, resolution) = (next(), next(), next(), next());
        DocumentedError {
            code,
            status: status.parse().unwrap_or_default(),
            message,
            resolution,
        }
    }
}

/// The code of a row of a generated table of documented errors.
pub(crate) fn row_code(row: &str) -> &str {
    row.split('\t').next().unwrap_or_default()
}

/// The documented errors of one endpoint: the entries of its own doc page, then those of the
/// errors any endpoint may return whose codes the page does not list.
///
/// Iterating gives each [`DocumentedError`]; the tables are kept as text in the binary and read
/// as they are iterated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documented {
    own: &'static [&'static str],
}

impl Documented {
    /// The table of an endpoint whose page documents `own` (entries as
    /// `CODE<tab>STATUS<tab>message<tab>resolution`, grouped by code).
    pub(crate) const fn new(own: &'static [&'static str]) -> Self {
        Documented { own }
    }

    /// Every documented error, in order.
    pub fn iter(&self) -> DocumentedIter {
        DocumentedIter {
            own: self.own,
            own_next: 0,
            shared_next: 0,
        }
    }

    /// How many documented errors there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl IntoIterator for Documented {
    type Item = DocumentedError;
    type IntoIter = DocumentedIter;

    fn into_iter(self) -> DocumentedIter {
        self.iter()
    }
}

impl IntoIterator for &Documented {
    type Item = DocumentedError;
    type IntoIter = DocumentedIter;

    fn into_iter(self) -> DocumentedIter {
        self.iter()
    }
}

/// The iterator of [`Documented`].
#[derive(Debug, Clone)]
pub struct DocumentedIter {
    own: &'static [&'static str],
    own_next: usize,
    shared_next: usize,
}

impl Iterator for DocumentedIter {
    type Item = DocumentedError;

    fn next(&mut self) -> Option<DocumentedError> {
        if let Some(entry) = self.own.get(self.own_next) {
            self.own_next += 1;
            return Some(DocumentedError::parse(entry));
        }
        while let Some(entry) = crate::SHARED_ERRORS.get(self.shared_next) {
            self.shared_next += 1;
            let shared = DocumentedError::parse(entry);
            let listed = self.own.iter().any(|own| row_code(own) == shared.code);
            if !listed {
                return Some(shared);
            }
        }
        None
    }
}

/// What every per-endpoint error enum offers: the server's code, status, message and details,
/// and the documented resolution.
///
/// Each endpoint has its own enum (e.g. `CreateRoleError`) with one variant per documented
/// code and `Unknown` for the rest; every variant keeps the whole [`ErrorBody`].
pub trait OperationError: fmt::Debug + fmt::Display + Sized + Send + Sync + 'static {
    /// Every documented error of the endpoint, as the spec lists them.
    const DOCUMENTED: Documented;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's own table: a code of its own, and `INVALID_TOKEN`, which any endpoint may
    /// return, with the page's own wording.
    const OWN: &[&str] = &[
        "SOME_CODE\t409\tA message\ta resolution\twith a tab",
        "INVALID_TOKEN\t401\tOwn message\tOwn resolution",
    ];

    #[test]
    fn a_table_lists_its_own_rows_then_the_shared_codes_it_does_not_list() {
        let table = Documented::new(OWN);
        let rows: Vec<DocumentedError> = table.iter().collect();
        assert_eq!(
            rows[0],
            DocumentedError {
                code: "SOME_CODE",
                status: 409,
                message: "A message",
                resolution: "a resolution\twith a tab",
            }
        );
        assert_eq!(rows[1].message, "Own message");
        assert_eq!(rows.iter().filter(|d| d.code == "INVALID_TOKEN").count(), 1);
        assert!(crate::SHARED_ERRORS
            .iter()
            .any(|row| row.starts_with("INVALID_TOKEN\t")));
        assert_eq!(rows.len(), OWN.len() + crate::SHARED_ERRORS.len() - 1);
        assert_eq!(table.len(), rows.len());
        assert!(!table.is_empty());
        assert_eq!((&table).into_iter().count(), rows.len());
    }
}
