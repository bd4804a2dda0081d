//! OAuth 2.0 with Zoho's accounts server: the refresh-token flow that keeps a client
//! authenticated, and the one-time exchange of a grant code.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::body::{self, BodyError};
use crate::data_center::{DataCenter, Environment};
use crate::error::body_start;
use crate::secret::Secret;
use crate::token_store::{MemoryStore, StoreError, StoredToken, TokenStore};

/// How long before its expiry a cached access token is replaced.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Credentials for the refresh-token flow: a client id and secret from Zoho's API console and a
/// refresh token from a grant-code exchange ([`exchange_grant_code`]).
#[derive(Clone)]
pub struct OAuth {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) refresh_token: Secret,
    pub(crate) accounts_url: Option<String>,
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) refresh_margin: Duration,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_token", &self.refresh_token)
            .field("accounts_url", &self.accounts_url)
            .field("store", &self.store)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

impl OAuth {
    /// Credentials with an in-memory token store.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        OAuth {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_token: refresh_token.into(),
            accounts_url: None,
            store: Arc::new(MemoryStore::default()),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// The accounts server, e.g. `https://accounts.zoho.eu`; by default the data centre's.
    /// Required with [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub fn accounts_url(mut self, url: impl Into<String>) -> Self {
        self.accounts_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Where access tokens are kept, e.g. a [`FileStore`](crate::FileStore) so they survive
    /// restarts.
    pub fn store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = store;
        self
    }

    /// How long before expiry a token is replaced; default [`DEFAULT_REFRESH_MARGIN`].
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }
}

/// Why the client could not get an access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The accounts server refused the request, e.g. `invalid_client` or `invalid_code`.
    #[error("the accounts server refused the token request: {error} (HTTP {status})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's `error` value.
        error: String,
    },
    /// The accounts server's answer was not a token response.
    #[error("unexpected answer from the accounts server (HTTP {status}): {reason}; body starts with {body_start:?}")]
    Response {
        /// HTTP status.
        status: u16,
        /// What did not fit.
        reason: String,
        /// The first bytes of the body.
        body_start: String,
    },
    /// The token response named an API domain that is neither a Zoho API domain nor the
    /// configured base URL; no request is sent there.
    #[error("the token response names the API domain {domain:?}, which is neither a Zoho API domain nor the configured base URL; refusing to send requests there")]
    UntrustedApiDomain {
        /// The domain it named.
        domain: String,
    },
    /// The accounts server could not be reached.
    #[error("cannot reach the accounts server: {0}")]
    Transport(#[source] reqwest::Error),
    /// The token store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a grant-code exchange returns.
#[derive(Clone, PartialEq, Eq)]
pub struct GrantedTokens {
    /// The long-lived refresh token: keep it secret, give it to [`OAuth::new`].
    pub refresh_token: Secret,
    /// A first access token.
    pub access_token: StoredToken,
}

impl fmt::Debug for GrantedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrantedTokens")
            .field("refresh_token", &self.refresh_token)
            .field("access_token", &self.access_token)
            .finish()
    }
}

/// Exchanges a one-time grant code (from a self client in Zoho's API console) for a refresh
/// token: `POST {accounts_url}/oauth/v2/token` with `grant_type=authorization_code`.
pub async fn exchange_grant_code(
    accounts_url: &str,
    client_id: &str,
    client_secret: &Secret,
    code: &Secret,
    redirect_uri: Option<&str>,
) -> Result<GrantedTokens, AuthError> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(crate::DEFAULT_TIMEOUT)
        .build()
        .map_err(AuthError::Transport)?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", client_id),
        ("client_secret", client_secret.expose()),
        ("code", code.expose()),
    ];
    if let Some(uri) = redirect_uri {
        form.push(("redirect_uri", uri));
    }
    let url = format!("{}/oauth/v2/token", accounts_url.trim_end_matches('/'));
    let answer = token_request(&http, &url, &form).await?;
    let refresh_token = answer
        .refresh_token
        .clone()
        .ok_or_else(|| AuthError::Response {
            status: 200,
            reason: "no refresh_token in the answer".into(),
            body_start: String::new(),
        })?;
    Ok(GrantedTokens {
        refresh_token: Secret::new(refresh_token),
        access_token: answer.into_token(SystemTime::now()),
    })
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
    expires_in_sec: Option<u64>,
    api_domain: Option<String>,
    error: Option<String>,
}

impl TokenAnswer {
    fn into_token(self, now: SystemTime) -> StoredToken {
        // Some accounts servers send `expires_in` in milliseconds alongside `expires_in_sec`.
        let seconds = self.expires_in_sec.or(self.expires_in).unwrap_or(3600);
        StoredToken {
            access_token: Secret::new(self.access_token.unwrap_or_default()),
            // A lifetime beyond a day is not Zoho's; it is capped so the sum cannot overflow.
            expires_at: now + Duration::from_secs(seconds.min(86_400)),
            api_domain: self.api_domain.map(|d| d.trim_end_matches('/').to_owned()),
        }
    }
}

/// Longest answer read from the accounts server; a token answer is a few hundred bytes.
const TOKEN_RESPONSE_LIMIT: usize = 64 << 10;

/// Posts a form to the token endpoint and reads the answer; an answer without an access token
/// is an error.
async fn token_request(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<TokenAnswer, AuthError> {
    let response = http
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(AuthError::Transport)?;
    let status = response.status().as_u16();
    let body = match body::read(response, TOKEN_RESPONSE_LIMIT).await {
        Ok(body) => body,
        Err(BodyError::Transport(e)) => return Err(AuthError::Transport(e)),
        Err(BodyError::TooLarge { limit, start }) => {
            return Err(AuthError::Response {
                status,
                reason: format!("the answer is longer than {limit} bytes"),
                body_start: body_start(&start),
            })
        }
    };
    let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|e| AuthError::Response {
        status,
        reason: format!("not a token response ({e})"),
        body_start: body_start(&body),
    })?;
    if let Some(error) = answer.error.clone() {
        return Err(AuthError::Refused { status, error });
    }
    if answer.access_token.as_deref().is_none_or(str::is_empty) || !(200..300).contains(&status) {
        return Err(AuthError::Response {
            status,
            reason: "no access_token in the answer".into(),
            body_start: String::new(),
        });
    }
    Ok(answer)
}

/// Keeps one access token fresh for a client: concurrent callers that find it stale share a
/// single refresh.
pub(crate) struct TokenManager {
    http: reqwest::Client,
    token_url: String,
    oauth: OAuth,
    /// API domains a token response may name: Zoho's and the configured base URL.
    trusted_domains: Vec<String>,
    current: tokio::sync::Mutex<Option<StoredToken>>,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("token_url", &self.token_url)
            .field("oauth", &self.oauth)
            .finish()
    }
}

impl TokenManager {
    pub(crate) fn new(
        http: reqwest::Client,
        accounts_url: &str,
        oauth: OAuth,
        base_url: Option<&str>,
    ) -> Self {
        let mut trusted_domains: Vec<String> = DataCenter::ALL
            .iter()
            .flat_map(|dc| {
                [
                    Environment::Production,
                    Environment::Sandbox,
                    Environment::Developer,
                ]
                .map(|env| dc.api_domain(env))
            })
            .collect();
        trusted_domains.extend(base_url.map(str::to_owned));
        TokenManager {
            http,
            token_url: format!("{accounts_url}/oauth/v2/token"),
            oauth,
            trusted_domains,
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// A fresh access token: the cached one, the stored one, or a new one.
    pub(crate) async fn token(&self) -> Result<StoredToken, AuthError> {
        let mut current = self.current.lock().await;
        let now = SystemTime::now();
        if let Some(token) = current
            .as_ref()
            .filter(|t| t.is_fresh(now, self.oauth.refresh_margin))
        {
            return Ok(token.clone());
        }
        if let Some(stored) = self.oauth.store.load()? {
            if stored.is_fresh(now, self.oauth.refresh_margin) && self.check_domain(&stored).is_ok()
            {
                *current = Some(stored.clone());
                return Ok(stored);
            }
        }
        let token = self.refresh().await?;
        *current = Some(token.clone());
        Ok(token)
    }

    /// A token to replace `rejected`, which the API refused: a new one, unless another call
    /// already replaced it.
    pub(crate) async fn replace(&self, rejected: &Secret) -> Result<StoredToken, AuthError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|t| &t.access_token != rejected) {
            return Ok(token.clone());
        }
        let token = self.refresh().await?;
        *current = Some(token.clone());
        Ok(token)
    }

    async fn refresh(&self) -> Result<StoredToken, AuthError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.oauth.client_id.as_str()),
            ("client_secret", self.oauth.client_secret.expose()),
            ("refresh_token", self.oauth.refresh_token.expose()),
        ];
        let token = token_request(&self.http, &self.token_url, &form)
            .await?
            .into_token(SystemTime::now());
        self.check_domain(&token)?;
        self.oauth.store.save(&token)?;
        tracing::debug!(token_url = %self.token_url, "access token refreshed");
        Ok(token)
    }

    fn check_domain(&self, token: &StoredToken) -> Result<(), AuthError> {
        match &token.api_domain {
            Some(domain) if !self.trusted_domains.iter().any(|d| d == domain) => {
                Err(AuthError::UntrustedApiDomain {
                    domain: domain.clone(),
                })
            }
            _ => Ok(()),
        }
    }
}
