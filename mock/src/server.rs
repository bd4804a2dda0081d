//! The running mock: start-up, inspection, fault and token controls, shutdown.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zohocrm_build::model::Api;

use crate::api;
use crate::builder::MockBuilder;
use crate::connection::{Connection, DroppableListener};
use crate::error::MockError;
use crate::faults::Fault;
use crate::oauth::{self, TOKEN_PATH};
use crate::org::{Clock, Org};
use crate::request_log::LoggedRequest;
use crate::seed;
use crate::semantics;
use crate::spec;
use crate::state::{Shared, State};
use crate::store::Store;
use crate::tokens::{Scopes, Tokens};
use crate::zoho_error::CallErrors;

/// A fake Zoho CRM listening on a local port; it stops when dropped.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    base_url: String,
    token: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a mock on a free port of 127.0.0.1 with the default org and a default token.
    pub async fn start() -> Result<MockServer, MockError> {
        MockBuilder::default().start().await
    }

    /// Settings for a mock with other options.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    pub(crate) async fn launch(builder: MockBuilder) -> Result<MockServer, MockError> {
        Self::launch_with(spec::load()?, builder).await
    }

    /// Starts a mock serving `api`.
    async fn launch_with(api: Arc<Api>, builder: MockBuilder) -> Result<MockServer, MockError> {
        let call_errors = CallErrors::from_api(&api)?;
        let mut store = Store::new();
        seed::apply(&api, &mut store, &seed::default_org()?)?;
        for extra in &builder.seeds {
            seed::apply(&api, &mut store, extra)?;
        }
        let mut tokens = Tokens::default();
        let token = tokens.mint(Scopes::All, None);
        for (access, scopes) in builder.tokens {
            tokens.add_access(access, Scopes::from_list(scopes), None);
        }
        for (id, secret) in builder.clients {
            tokens.add_client(id, secret);
        }
        for (refresh, scopes) in builder.refresh_tokens {
            tokens.add_refresh(refresh, Scopes::from_list(scopes));
        }
        for (code, refresh) in builder.grant_codes {
            tokens.add_grant_code(code, refresh);
        }

        let bind_error = |source| MockError::Bind {
            addr: builder.addr,
            source,
        };
        let listener = TcpListener::bind(builder.addr).await.map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let base_url = format!("http://{addr}");
        let state = State {
            store,
            org: Org::new(Clock::default())?,
            tokens,
            faults: VecDeque::new(),
            log: Vec::new(),
            token_requests: 0,
        };
        let shared = Arc::new(Shared::new(
            api,
            call_errors,
            base_url.clone(),
            builder.token_lifetime,
            state,
        ));
        let app = Router::new()
            .route(TOKEN_PATH, post(oauth::token).fallback(oauth::wrong_method))
            .fallback(api::handle)
            .with_state(shared.clone())
            .into_make_service_with_connect_info::<Connection>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving =
                axum::serve(DroppableListener(listener), app).with_graceful_shutdown(async {
                    // A dropped sender also means stop.
                    let _ = stopped.await;
                });
            // Serving ends only on shutdown, and accept errors are retried inside.
            let _ = serving.await;
        });
        Ok(MockServer {
            addr,
            base_url,
            token,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`: the API domain; clients append `/crm/v7`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the OAuth token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.base_url)
    }

    /// The default access token: all scopes, valid until [`expire_tokens`](Self::expire_tokens).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The spec the mock serves.
    pub fn api(&self) -> &Api {
        &self.shared.api
    }

    /// Adds a record to `store` (e.g. `roles`) and gives its id; a record with the id of an
    /// existing one replaces it. The value may be a full record or a request item
    /// (`{"name": "Sales", "reporting_to": "3652397000000026005"}`): it is shaped as the store's
    /// record type, and must fit it.
    pub fn insert(&self, store: &str, record: Value) -> Result<String, MockError> {
        let mut state = self.shared.lock();
        seed::insert(&self.shared.api, &mut state.store, store, &record)
    }

    /// The records of `store`, as stored (user groups keep their `sources`, deleted users are
    /// kept with status `deleted`).
    pub fn records(&self, store: &str) -> Vec<Value> {
        self.shared.lock().store.all(store).cloned().collect()
    }

    /// How many records `store` holds, not counting deleted users.
    pub fn count(&self, store: &str) -> usize {
        let rules = semantics::rules(store);
        self.shared
            .lock()
            .store
            .all(store)
            .filter(|r| !rules.is_deleted(r))
            .count()
    }

    /// Every API call received so far, oldest first; token calls are only counted, by
    /// [`token_requests`](Self::token_requests).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().log.clone()
    }

    /// How many calls the token endpoint received.
    pub fn token_requests(&self) -> usize {
        self.shared.lock().token_requests
    }

    /// Makes the next `n` API calls fail with `fault` (after faults already queued).
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.shared
            .lock()
            .faults
            .extend(std::iter::repeat_n(fault, n));
    }

    /// Makes every page token of record lists issued so far expire: a call with one gets
    /// `EXPIRED_VALUE`.
    pub fn expire_page_tokens(&self) {
        self.shared.lock().org.expire_page_tokens();
    }

    /// Deletes for good the records of `module` in the recycle bin, as Zoho does after 60 days;
    /// Get Deleted Records then lists them as `permanent`.
    pub fn empty_recycle_bin(&self, module: &str) -> Result<(), MockError> {
        self.shared
            .lock()
            .org
            .empty_recycle_bin(module)
            .map_err(|e| MockError::Org(e.to_json().to_string()))
    }

    /// Makes every access token issued so far invalid, the default one included; calls with them
    /// get `INVALID_TOKEN` until the client gets a new one from the token endpoint.
    pub fn expire_tokens(&self) {
        self.shared.lock().tokens.expire_all();
    }

    /// Stops accepting calls, lets calls in progress finish, and waits until the mock has
    /// stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // The server task ends on its own if the receiver is gone.
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // A server task that panicked has stopped all the same.
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server task ends on its own if the receiver is gone.
            let _ = stop.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// An operation the spec gains that no rule knows is answered with its sample response.
    #[tokio::test]
    async fn an_operation_without_rules_answers_its_sample() {
        let mut api = Api::clone(&spec::load().expect("the embedded spec loads"));
        let family = api
            .families
            .iter_mut()
            .find(|f| f.name == "user_groups")
            .expect("a user_groups family");
        let mut gained = family
            .operations
            .iter()
            .find(|op| op.name == "get_sources_count")
            .expect("get_sources_count")
            .clone();
        gained.name = "get_sources_total".into();
        gained.path = gained.path.replace("sources_count", "sources_total");
        let sample = gained.sample_response.clone().expect("a sample response");
        family.operations.push(gained);
        let mock = MockServer::launch_with(Arc::new(api), MockBuilder::default())
            .await
            .expect("the mock starts");

        let url = format!(
            "{}/crm/v7/settings/user_groups/1234567890123456789/actions/sources_total",
            mock.base_url()
        );
        let response = reqwest::Client::new()
            .get(url)
            .header("Authorization", format!("Zoho-oauthtoken {}", mock.token()))
            .send()
            .await
            .expect("the mock answers");
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(body, sample);
    }
}
