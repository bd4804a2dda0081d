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
    next_page: Option<i64>,
    output: PhantomData<fn() -> (T, E)>,
}

impl<T, E> fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.op.name)
            .field("next_page", &self.next_page)
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
            next_page: Some(first),
            output: PhantomData,
        }
    }

    /// The next page; `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<Page<T>, Error<E>>> {
        let page = self.next_page.take()?;
        let call = self.call.clone().set_query("page", page.to_string());
        let result = self.client.records(self.op, call).await;
        if let Ok(p) = &result {
            if let Some(info) = p.info.filter(|info| i64::from(info.page) != page) {
                // A server that does not move to the page asked for would be walked for ever.
                return Some(Err(Error::response(
                    self.op.name,
                    200,
                    b"",
                    format!(
                        "asked for page {page}, the server answered page {}",
                        info.page
                    ),
                )));
            }
            let more = p.info.is_some_and(|info| info.more_records);
            if more && !p.items.is_empty() {
                self.next_page = Some(page + 1);
            }
        }
        Some(result)
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
