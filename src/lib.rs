//! Typed bindings for the Zoho CRM REST API v7.
//!
//! The endpoint functions, their request and response types and their error enums are
//! generated at build time from the JSON spec in `spec/`, which mirrors Zoho's documentation;
//! this crate's hand-written part is the runtime they share: [`Client`], [`Error`], [`Id`] and
//! the result types.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use zohocrm::roles::NewRole;
//! use zohocrm::OperationError;
//!
//! let client = zohocrm::Client::builder()
//!     .base_url("http://127.0.0.1:8080") // or .data_center(zohocrm::DataCenter::Eu)
//!     .access_token("1000.xxxx.yyyy")
//!     .build()?;
//! let results = client.roles().create(NewRole::new("Product Manager").share_with_peers(true)).await?;
//! for result in results {
//!     match result {
//!         Ok(created) => println!("role {}", created.details.id),
//!         Err(e) => println!("{} failed: {e}", e.code()),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Mandatory keys are constructor arguments, so a request without them does not compile:
//!
//! ```compile_fail
//! let role = zohocrm::roles::NewRole::new(); // `name` is mandatory
//! ```
//!
//! ```compile_fail
//! // Request types are built through `new`, never with a struct literal that skips it.
//! let role = zohocrm::roles::NewRole { name: "x".into(), reporting_to: None, description: None, share_with_peers: None };
//! ```

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod data_center;
mod decode;
mod error;
mod id;
mod oauth;
mod pages;
mod results;
mod retry;
mod secret;
mod token_store;
mod wire;

include!(concat!(env!("OUT_DIR"), "/zohocrm.rs"));

pub use client::{BuildError, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use data_center::{DataCenter, Environment};
pub use error::{DocumentedError, Error, ErrorBody, OperationError};
pub use id::Id;
pub use oauth::{exchange_grant_code, AuthError, GrantedTokens, OAuth, DEFAULT_REFRESH_MARGIN};
pub use pages::Pages;
pub use results::{ActionResults, ActionSuccess, Batch, Info, Page};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use token_store::{FileStore, MemoryStore, StoreError, StoredToken, TokenStore};

#[cfg(test)]
mod sample_tests {
    include!(concat!(env!("OUT_DIR"), "/sample_tests.rs"));
}
