//! Typed bindings for the Zoho CRM REST API v7: roles, user groups, users, profiles,
//! territories, records of any module, notes, tags and metadata (modules, fields, layouts,
//! related lists).
//!
//! The endpoint functions, their request and response types and their error enums are
//! generated at build time from the JSON spec in `spec/`, which mirrors Zoho's documentation
//! (see `ENDPOINTS.md`); the hand-written part is the runtime they share: [`Client`], [`Error`],
//! [`Id`], the result types, authentication and retries.
//!
//! # Getting started
//!
//! Add `zohocrm` to `Cargo.toml` (with `tokio`), build a [`Client`] for your org's data centre
//! and call an endpoint through its family: `client.roles()`, `client.user_groups()`,
//! `client.users()`, `client.profiles()`, `client.territories()`, `client.records()`,
//! `client.notes()`, `client.tags()`, `client.metadata()`. The examples here run against
//! [zohocrm-mock](https://docs.rs/zohocrm-mock), a fake Zoho CRM that serves the same spec:
//!
//! ```
//! use zohocrm::roles::NewRole;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = zohocrm_mock::MockServer::start().await?;
//! let client = zohocrm::Client::builder()
//!     .base_url(mock.base_url()) // in production: .data_center(zohocrm::DataCenter::Eu)
//!     .access_token(mock.token())
//!     .build()?;
//!
//! let ceo = client.roles().list().await?.items.into_iter().find(|r| r.reporting_to.is_none()).unwrap();
//! let role = NewRole::new("Product Manager").reporting_to(&ceo.id).share_with_peers(true);
//! let created = client.roles().create(role).await?.into_single()?;
//! println!("new role {}", created.details.id);
//! # Ok(())
//! # }
//! ```
//!
//! Mandatory keys are constructor arguments and optional keys are setters, so a request without
//! a mandatory key does not compile:
//!
//! ```compile_fail
//! let role = zohocrm::roles::NewRole::new(); // `name` is mandatory
//! ```
//!
//! ```compile_fail
//! // Request types are built through `new`, never with a struct literal that skips it.
//! let role = zohocrm::roles::NewRole { name: "x".into(), reporting_to: None, description: None, share_with_peers: None };
//! ```
//!
//! # Authentication
//!
//! A fixed access token ([`ClientBuilder::access_token`]) lasts an hour. For a service, give the
//! client OAuth credentials instead ([`ClientBuilder::oauth`]): it gets access tokens from the
//! accounts server of the data centre, shares one refresh between concurrent calls, replaces a
//! token the API rejects once per call, and keeps the token in a [`TokenStore`] (a [`FileStore`]
//! survives restarts). Secrets never appear in `Debug`, `Display` or logs.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = zohocrm_mock::MockServer::builder()
//! #     .client("1000.CLIENT", "secret")
//! #     .refresh_token("1000.refresh", &[])
//! #     .start()
//! #     .await?;
//! let oauth = zohocrm::OAuth::new("1000.CLIENT", "secret", "1000.refresh")
//!     .accounts_url(mock.base_url()); // in production the data centre's, e.g. https://accounts.zoho.eu
//! let client = zohocrm::Client::builder().base_url(mock.base_url()).oauth(oauth).build()?;
//! let roles = client.roles().list().await?;
//! assert!(!roles.items.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every endpoint has its own error enum, one variant per documented Zoho error code plus
//! `Unknown`; each variant keeps the server's code, status, message and details, and
//! [`OperationError`] gives the documented resolution. Write calls answer one result per item,
//! so a partial success is visible item by item:
//!
//! ```
//! use zohocrm::roles::{CreateRoleError, NewRole};
//! use zohocrm::{Error, OperationError};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = zohocrm_mock::MockServer::start().await?;
//! # let client = zohocrm::Client::builder().base_url(mock.base_url()).access_token(mock.token()).build()?;
//! match client.roles().create(NewRole::new("CEO")).await?.into_single() {
//!     Err(Error::Api(e @ CreateRoleError::DuplicateData(_))) => {
//!         assert_eq!(e.code(), "DUPLICATE_DATA");
//!         println!("{e}"); // DUPLICATE_DATA (HTTP 400): Failed to add role … — <resolution>
//!     }
//!     other => panic!("expected a duplicate: {other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Transport failures are [`Error::Transport`], which says whether the server may have applied
//! the call; GETs and idempotent calls are retried on 429, 5xx and lost connections within a
//! [`RetryPolicy`], a POST that may have reached the server never is.
//!
//! # Pagination
//!
//! Paged lists return one [`Page`] per call; the `_pages` variant walks them all:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = zohocrm_mock::MockServer::start().await?;
//! # let client = zohocrm::Client::builder().base_url(mock.base_url()).access_token(mock.token()).build()?;
//! let params = zohocrm::users::GetUsersParams::default().per_page(1);
//! let mut pages = client.users().list_pages(params);
//! let mut seen = 0;
//! while let Some(page) = pages.next().await {
//!     seen += page?.items.len();
//! }
//! assert!(seen >= 2);
//! # Ok(())
//! # }
//! ```
//!
//! # Testing your code
//!
//! Start [zohocrm-mock](https://docs.rs/zohocrm-mock) in your tests (`MockServer::start()`): it
//! validates requests against the spec, answers with Zoho's documented errors, keeps state,
//! issues OAuth tokens and can inject faults (`fail_next`) and expire tokens.
//!
//! # Features
//!
//! - `roles`, `user-groups`, `users`, `profiles`, `territories`, `records`, `notes`, `tags`,
//!   `metadata` (all on by
//!   default): one per endpoint family; a build compiles only the families it enables.
//! - `rustls` (on by default) or `native-tls`: the TLS implementation. With neither, the client
//!   speaks plain HTTP only, which is enough for zohocrm-mock.
//! - `blocking`: `zohocrm::blocking::Client`, the same calls without an async runtime of your
//!   own.
//! - `serialize`: `serde::Serialize` on the types responses carry (records, details), for
//!   programs that store or forward what they read; an absent optional key is written as
//!   `null`. Without it those types only deserialize, which keeps the build smaller. Types that
//!   requests send always serialize (and do not deserialize).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod body;
mod client;
mod data_center;
mod decode;
mod endpoint;
mod error;
mod id;
mod oauth;
mod pages;
pub mod query;
pub mod record;
mod results;
mod retry;
mod secret;
mod token_store;
mod wire;

include!(concat!(env!("OUT_DIR"), "/zohocrm.rs"));

/// The names every generated module imports: the runtime types its items use and the types
/// shared by all families. Each family uses the part it needs, so a build with some families
/// left out leaves some names unused.
#[allow(unused_imports)]
mod prelude {
    pub(crate) use crate::common::*;
    pub(crate) use crate::endpoint::operation_error;
    pub(crate) use crate::wire::{join, request, response, string_enum, Call, Method, Operation};
    pub(crate) use crate::{
        ActionsResult, Batch, DocumentedError, Error, ErrorBody, Id, PageResult, Pages,
    };
}

pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TIMEOUT,
};
pub use data_center::{DataCenter, Environment};
pub use error::{DocumentedError, Error, ErrorBody, OperationError};
pub use id::Id;
pub use oauth::{exchange_grant_code, AuthError, GrantedTokens, OAuth, DEFAULT_REFRESH_MARGIN};
pub use pages::{Pages, DISCRETE_PAGE_LIMIT};
pub use query::{Coql, Criteria};
pub use record::{FieldError, FieldValue, Record, RecordBuilder};
pub use results::{ActionResults, ActionSuccess, ActionsResult, Batch, Info, Page, PageResult};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use token_store::{FileStore, MemoryStore, StoreError, StoredToken, TokenStore};

#[cfg(test)]
mod sample_tests {
    // Generated from the spec into the committed copy only: a user's build does not write it.
    include!("../generated/sample_tests.rs");
}
