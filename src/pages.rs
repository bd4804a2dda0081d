//! Walking every page of a paged read endpoint.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, OperationError};
use crate::results::Page;
use crate::wire::{Call, Operation};

/// The pages of a paged read, fetched one call at a time as they are read.
///
/// Stops after a page whose `info.more_records` is false, a page without `info`, an empty page
/// (HTTP 204), or the first error; a page whose `info.page` is not the page asked for is an
/// [`Error::Response`].
///
/// ```no_run
/// # async fn run(client: zohocrm::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut pages = client.user_groups().list_pages(Default::default());
/// while let Some(page) = pages.next().await {
///     for group in page?.items {
///         println!("{}", group.name);
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<'a, T, E> {
    client: &'a Client,
    op: &'static Operation,
    call: Call,
    next: Option<Next>,
    output: PhantomData<fn() -> (T, E)>,
}

/// The records `page` can reach: Zoho answers `DISCRETE_PAGINATION_LIMIT_EXCEEDED` past them,
/// and the walker moves to `page_token` before.
pub const DISCRETE_PAGE_LIMIT: u64 = 2_000;

/// What the next call asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Next {
    /// A page number.
    Page(i64),
    /// The `next_page_token` of the page before.
    Token(String),
    /// No next call: the page before's answer cannot be followed (the reason); the walk ends
    /// with this error after that page's records.
    Stuck(String),
}

impl<T, E> fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.op.name)
            .field("next", &self.next)
            .finish()
    }
}

impl<'a, T: DeserializeOwned, E: OperationError> Pages<'a, T, E> {
    /// Pages of `call`, starting at its `page` parameter or at 1.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn new(client: &'a Client, op: &'static Operation, call: Call) -> Self {
        let first = call
            .query
            .iter()
            .find(|(name, _)| *name == "page")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(1);
        Pages {
            client,
            op,
            call,
            next: Some(Next::Page(first)),
            output: PhantomData,
        }
    }

    /// The next page; `None` after the last one.
    ///
    /// Pages are asked for by number up to the 2,000 records `page` reaches
    /// ([`DISCRETE_PAGE_LIMIT`]), then with the `next_page_token` of the page before and the same
    /// other parameters, where the endpoint gives tokens.
    pub async fn next(&mut self) -> Option<Result<Page<T>, Error<E>>> {
        let next = self.next.take()?;
        let call = match &next {
            Next::Stuck(why) => return Some(Err(self.wrong(why.clone()))),
            Next::Page(page) => self.call.clone().set_query("page", page.to_string()),
            Next::Token(token) => self
                .call
                .clone()
                .without_query("page")
                .set_query("page_token", token.clone()),
        };
        let result = self.client.page(self.op, call).await;
        let Ok(p) = &result else {
            return Some(result);
        };
        let Some(info) = &p.info else {
            return Some(result);
        };
        if let Next::Page(page) = next {
            if i64::from(info.page) != page {
                // A server that does not move to the page asked for would be walked for ever.
                return Some(Err(self.wrong(format!(
                    "asked for page {page}, the server answered page {}",
                    info.page
                ))));
            }
        }
        if !info.more_records || p.items.is_empty() {
            return Some(result);
        }
        let token = info.next_page_token.clone();
        self.next = match (next, token) {
            (Next::Token(used), Some(token)) if used == token => Some(Next::Stuck(format!(
                "the server gave the page token it was sent ({token}) as the next one"
            ))),
            (Next::Token(_), Some(token)) => Some(Next::Token(token)),
            (Next::Token(_), None) => Some(Next::Stuck(
                "more_records is true but the answer has no next_page_token".into(),
            )),
            (Next::Stuck(_), _) => None,
            (Next::Page(page), token) => {
                let reached = u64::try_from(page).unwrap_or(0) * u64::from(info.per_page);
                let past_limit = reached + u64::from(info.per_page) > DISCRETE_PAGE_LIMIT;
                match token {
                    Some(token) if past_limit => Some(Next::Token(token)),
                    _ => Some(Next::Page(page + 1)),
                }
            }
        };
        Some(result)
    }

    /// An answer that would make the walk loop or stop short.
    fn wrong(&self, why: String) -> Error<E> {
        Error::response(self.op.name, 200, b"", why)
    }

    /// Every record of every remaining page.
    pub async fn all(mut self) -> Result<Vec<T>, Error<E>> {
        let mut records = Vec::new();
        while let Some(page) = self.next().await {
            records.extend(page?.items);
        }
        Ok(records)
    }
}
