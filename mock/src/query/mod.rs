//! Search criteria and COQL over JSON records: parsers for the text of the `criteria`
//! parameter of Search Records and of COQL's `select_query`, and their evaluation on records
//! held as `serde_json::Map`s.
//!
//! The parsers take any text without panicking and answer the pages' errors (code, message and
//! a reason saying what is wrong).

pub(crate) mod coql;
pub(crate) mod search;
mod values;

#[cfg(test)]
mod tests;

/// A query refused as the pages document: HTTP 400 with `code` and `message`; `reason` says
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message} ({reason})")]
pub(crate) struct QueryError {
    /// Zoho's code.
    pub(crate) code: &'static str,
    /// The page's message.
    pub(crate) message: &'static str,
    /// What is wrong in the text.
    pub(crate) reason: String,
}

impl QueryError {
    fn new(code: &'static str, message: &'static str, reason: impl Into<String>) -> Self {
        QueryError {
            code,
            message,
            reason: reason.into(),
        }
    }
}
