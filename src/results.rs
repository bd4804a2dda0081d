//! What calls take and return: batches of items, per-item action results, pages of records.

use serde::Deserialize;

use crate::error::Error;

/// The items of one write call; build it from one item, a `Vec` or an array.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<T>(Vec<T>);

impl<T> Batch<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> From<T> for Batch<T> {
    fn from(item: T) -> Self {
        Batch(vec![item])
    }
}

impl<T> From<Vec<T>> for Batch<T> {
    fn from(items: Vec<T>) -> Self {
        Batch(items)
    }
}

impl<T, const N: usize> From<[T; N]> for Batch<T> {
    fn from(items: [T; N]) -> Self {
        Batch(items.into())
    }
}

impl<T> FromIterator<T> for Batch<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Batch(iter.into_iter().collect())
    }
}

/// One item's success: `{"code": "SUCCESS", "details": {...}, "message", "status": "success"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ActionSuccess<D> {
    /// Zoho's code, `SUCCESS` (or e.g. `SCHEDULED` for background jobs).
    pub code: String,
    /// The server's message, e.g. `Role added`.
    #[serde(default)]
    pub message: String,
    /// `success` (or e.g. `scheduled`).
    #[serde(default)]
    pub status: String,
    /// What the endpoint reports, e.g. the new record's id.
    pub details: D,
}

/// What a write call returns: a result per item, or the error of the whole call.
pub type ActionsResult<D, E> = Result<ActionResults<D, E>, Error<E>>;

/// What a read call returns: a page of records, or the error of the call.
pub type PageResult<T, E> = Result<Page<T>, Error<E>>;

/// The results of a write call: one per input item, in input order.
///
/// Zoho answers a write with a list in which each item succeeded or failed on its own (HTTP 207
/// when mixed); every item is here, so a partial success is never mistaken for a whole one.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionResults<D, E> {
    pub(crate) status: u16,
    pub(crate) operation: &'static str,
    pub(crate) items: Vec<Result<ActionSuccess<D>, E>>,
}

impl<D, E> ActionResults<D, E> {
    /// HTTP status of the response (e.g. 201, 207 or 400).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The results, in input order.
    pub fn items(&self) -> &[Result<ActionSuccess<D>, E>] {
        &self.items
    }

    /// The results, in input order.
    pub fn into_items(self) -> Vec<Result<ActionSuccess<D>, E>> {
        self.items
    }

    /// How many results.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether every item succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.items.iter().all(Result::is_ok)
    }

    /// The successes, with their input positions.
    pub fn successes(&self) -> impl Iterator<Item = (usize, &ActionSuccess<D>)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().ok().map(|s| (i, s)))
    }

    /// The failures, with their input positions.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &E)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
    }

    /// The result of a one-item call: its success, or its error as [`Error::Api`]. More or fewer
    /// than one result is an [`Error::Response`].
    pub fn into_single(self) -> Result<ActionSuccess<D>, Error<E>> {
        let count = self.items.len();
        let mut items = self.items.into_iter();
        match (items.next(), count) {
            (Some(result), 1) => result.map_err(Error::Api),
            _ => Err(Error::response(
                self.operation,
                self.status,
                b"",
                format!("expected exactly one result, got {count}"),
            )),
        }
    }
}

impl<D, E> IntoIterator for ActionResults<D, E> {
    type Item = Result<ActionSuccess<D>, E>;
    type IntoIter = std::vec::IntoIter<Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Paging facts of a list response: `{"per_page", "count", "page", "more_records"}`, and on
/// record lists the cursor of the next page (`next_page_token`), which reads past the 2,000
/// records `page` reaches.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Info {
    /// Records per page asked for; 0 when the answer does not say (COQL's does not).
    #[serde(default)]
    pub per_page: u32,
    /// Records on this page.
    pub count: u32,
    /// This page's number, from 1; 0 when the answer does not say (COQL's does not).
    #[serde(default)]
    pub page: u32,
    /// Whether a later page has records.
    pub more_records: bool,
    /// The token that reads the next page with the same parameters, where the endpoint gives
    /// one.
    #[serde(default)]
    pub next_page_token: Option<String>,
    /// The token of the page before this one, where the endpoint gives one.
    #[serde(default)]
    pub previous_page_token: Option<String>,
    /// When the tokens of this answer expire (ISO 8601), where the endpoint says.
    #[serde(default)]
    pub page_token_expiry: Option<String>,
}

/// Records of a read call, with paging facts where the endpoint reports them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The records; empty when the server answered 204 No Content, or 304 Not Modified to an
    /// `If-Modified-Since` header.
    pub items: Vec<T>,
    /// Paging facts, when the response had an `info` block.
    pub info: Option<Info>,
}
