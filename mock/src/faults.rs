//! Faults the mock can inject into the next API calls (never into token calls).

use std::time::Duration;

/// A failure to inject with [`MockServer::fail_next`](crate::MockServer::fail_next).
///
/// Faulted calls are logged. Only [`Fault::Delay`] and [`Fault::DropAfterApply`] let the call
/// change the mock's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer 500 with the endpoint's `INTERNAL_ERROR` body.
    Status500,
    /// Answer 429 with the `TOO_MANY_REQUESTS` body, and a `Retry-After` header (seconds)
    /// when given.
    TooManyRequests {
        /// The `Retry-After` value in seconds.
        retry_after: Option<u64>,
    },
    /// Wait this long, then handle the call normally.
    Delay(Duration),
    /// Close the connection without sending any byte of a response; the call has no effect.
    /// A client sees the connection closed before a response arrived (reqwest: an error for
    /// which `is_request()` is true, "connection closed before message completed").
    DropConnection,
    /// Handle the call (its changes are kept), then close the connection without sending the
    /// response: the case of a call that may have been applied.
    DropAfterApply,
}
