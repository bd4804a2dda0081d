//! Options for starting a [`MockServer`].

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use serde_json::Value;

use crate::error::MockError;
use crate::server::MockServer;

/// How long access tokens from the token endpoint live unless set otherwise, as Zoho's do.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Settings of a mock to start; [`MockServer::builder`] makes one.
///
/// ```no_run
/// # async fn run() -> Result<(), zohocrm_mock::MockError> {
/// let mock = zohocrm_mock::MockServer::builder()
///     .token("1000.read-only", &["ZohoCRM.settings.roles.READ"])
///     .client("1000.CLIENT", "secret")
///     .refresh_token("1000.refresh", &[])
///     .start()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct MockBuilder {
    pub(crate) addr: SocketAddr,
    pub(crate) tokens: Vec<(String, Vec<String>)>,
    pub(crate) clients: Vec<(String, String)>,
    pub(crate) refresh_tokens: Vec<(String, Vec<String>)>,
    pub(crate) grant_codes: Vec<(String, String)>,
    pub(crate) seeds: Vec<Value>,
    pub(crate) token_lifetime: Duration,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            tokens: Vec::new(),
            clients: Vec::new(),
            refresh_tokens: Vec::new(),
            grant_codes: Vec::new(),
            seeds: Vec::new(),
            token_lifetime: TOKEN_LIFETIME,
        }
    }
}

fn owned(scopes: &[&str]) -> Vec<String> {
    scopes.iter().map(|s| (*s).to_owned()).collect()
}

impl MockBuilder {
    /// The address to listen on; `127.0.0.1:0` (a free port) by default.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Also accepts the access token `token`, granted `scopes` (all scopes when empty). It
    /// never expires by itself; [`MockServer::expire_tokens`] ends it.
    pub fn token(mut self, token: impl Into<String>, scopes: &[&str]) -> Self {
        self.tokens.push((token.into(), owned(scopes)));
        self
    }

    /// Accepts the client credentials `id` and `secret` at the token endpoint.
    pub fn client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.clients.push((id.into(), secret.into()));
        self
    }

    /// Accepts the refresh token `token` at the token endpoint; its access tokens are granted
    /// `scopes` (all scopes when empty).
    pub fn refresh_token(mut self, token: impl Into<String>, scopes: &[&str]) -> Self {
        self.refresh_tokens.push((token.into(), owned(scopes)));
        self
    }

    /// Accepts the grant code `code` once at the token endpoint, exchanging it for
    /// `refresh_token` (with all scopes unless [`refresh_token`](Self::refresh_token) says
    /// otherwise) and an access token.
    pub fn grant_code(mut self, code: impl Into<String>, refresh_token: impl Into<String>) -> Self {
        self.grant_codes.push((code.into(), refresh_token.into()));
        self
    }

    /// Adds the records of `seed`, `{"<store>": [records...]}`, over the default org; a record
    /// with the id of an existing one replaces it. Stores are named by their family
    /// (`roles`, `user_groups`, `users`, `territories`, `notes`, `tags`, `org`).
    pub fn seed(mut self, seed: Value) -> Self {
        self.seeds.push(seed);
        self
    }

    /// How long access tokens from the token endpoint live (`expires_in`); one hour by default.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Starts the mock.
    pub async fn start(self) -> Result<MockServer, MockError> {
        MockServer::launch(self).await
    }
}
