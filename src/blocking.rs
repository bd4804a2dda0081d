//! A blocking client, for programs without an async runtime (feature `blocking`).
//!
//! It runs the same generated functions as the async [`Client`](crate::Client) on a runtime of
//! its own, so there is no second copy of the API:
//!
//! ```no_run
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = zohocrm::Client::builder()
//!     .data_center(zohocrm::DataCenter::Us)
//!     .access_token("1000.xxxx.yyyy")
//!     .build()?;
//! let crm = zohocrm::blocking::Client::new(client)?;
//! let roles = crm.block_on(crm.roles().list())?;
//! println!("{} roles", roles.items.len());
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::ops::Deref;

/// A [`crate::Client`] with a runtime to wait on its calls. Dereferences to the async client,
/// whose calls [`block_on`](Self::block_on) runs to completion.
#[derive(Debug)]
pub struct Client {
    runtime: tokio::runtime::Runtime,
    client: crate::Client,
}

impl Client {
    /// Wraps an async client with a single-threaded runtime of its own.
    pub fn new(client: crate::Client) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Client { runtime, client })
    }

    /// Runs a call of the async client to completion on this thread. Must not be used from
    /// inside an async runtime.
    pub fn block_on<F: Future>(&self, call: F) -> F::Output {
        self.runtime.block_on(call)
    }
}

impl Deref for Client {
    type Target = crate::Client;

    fn deref(&self) -> &crate::Client {
        &self.client
    }
}
