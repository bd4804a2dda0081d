//! The mock's shared state: the spec, fixed settings, and everything that changes behind one
//! lock, so each call sees and changes the records atomically.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use zohocrm_build::model::Api;

use crate::faults::Fault;
use crate::org::Org;
use crate::request_log::LoggedRequest;
use crate::store::Store;
use crate::tokens::Tokens;
use crate::zoho_error::CallErrors;

/// What every call reads.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The spec, shared by every mock of the process.
    pub(crate) api: Arc<Api>,
    /// The API-wide errors.
    pub(crate) call_errors: CallErrors,
    /// `http://host:port`, the API domain the token endpoint reports.
    pub(crate) base_url: String,
    /// How long access tokens from the token endpoint live.
    pub(crate) token_lifetime: Duration,
    state: Mutex<State>,
}

/// What calls change.
#[derive(Debug)]
pub(crate) struct State {
    /// The records of the admin families.
    pub(crate) store: Store,
    /// The org's modules, fields and records of any module.
    pub(crate) org: Org,
    /// The credentials.
    pub(crate) tokens: Tokens,
    /// Faults for the next API calls, first first.
    pub(crate) faults: VecDeque<Fault>,
    /// API calls received.
    pub(crate) log: Vec<LoggedRequest>,
    /// Calls of the token endpoint received.
    pub(crate) token_requests: usize,
}

impl Shared {
    pub(crate) fn new(
        api: Arc<Api>,
        call_errors: CallErrors,
        base_url: String,
        token_lifetime: Duration,
        state: State,
    ) -> Self {
        Shared {
            api,
            call_errors,
            base_url,
            token_lifetime,
            state: Mutex::new(state),
        }
    }

    /// The changing state. The mock has no panicking paths; should a lock still be poisoned,
    /// it is used as is, so the mock keeps answering.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
