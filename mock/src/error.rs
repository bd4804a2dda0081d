//! Failures of starting or seeding the mock.

use std::net::SocketAddr;

/// Why the mock could not start or take a record.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The embedded spec does not load (it was checked at build time, so this means a bug).
    #[error("the embedded spec does not load:\n{0}")]
    Spec(#[from] zohocrm_build::Errors),
    /// The spec lacks an API-wide error the mock answers with.
    #[error("the spec's API-wide errors have none with trigger {0}")]
    MissingSharedError(&'static str),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A seed is not of the form `{"<store>": [records...]}`.
    #[error("bad seed: {0}")]
    Seed(String),
    /// A record does not fit the type its store holds.
    #[error("bad record for `{store}`: {problem}")]
    Record {
        /// The store, e.g. `roles`.
        store: String,
        /// What is wrong.
        problem: String,
    },
    /// The org refused a change asked through the library (an unknown module, say): Zoho's
    /// error as JSON.
    #[error("the org refused: {0}")]
    Org(String),
}
