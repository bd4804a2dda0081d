//! The client: configuration, and the one `send` path every generated function uses.

use std::convert::Infallible;
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::body::{self, BodyError};
use crate::data_center::{DataCenter, Environment};
use crate::decode;
use crate::error::{Error, OperationError};
use crate::oauth::{AuthError, OAuth, TokenManager};
use crate::results::{ActionResults, Page};
use crate::retry::{retry_after, RetryPolicy};
use crate::secret::Secret;
use crate::wire::{Call, Invalid, Method, Operation};

/// The default limit for a whole call, from connecting to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default limit for a response body: 16 MiB, far above Zoho's largest page (200 users).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 << 20;

/// A Zoho CRM client. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use zohocrm::roles::NewRole;
///
/// let client = zohocrm::Client::builder()
///     .data_center(zohocrm::DataCenter::Us)
///     .access_token("1000.xxxx.yyyy")
///     .build()?;
/// let created = client.roles().create(NewRole::new("Product Manager")).await?.into_single()?;
/// println!("new role {}", created.details.id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The configured API domain, e.g. `https://www.zohoapis.com`.
    domain: String,
    auth: Auth,
    retry: RetryPolicy,
    limit: Option<Semaphore>,
    /// `X-API-CREDITS-REMAINING` of the latest response that had it; -1 before any.
    credits: AtomicI64,
    /// Longest body read.
    max_response_size: usize,
}

/// How calls are authenticated.
enum Auth {
    /// A fixed access token.
    Token(Secret),
    /// Tokens from the refresh-token flow.
    OAuth(Box<TokenManager>),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.inner.auth {
            Auth::Token(_) => "access token <redacted>",
            Auth::OAuth(_) => "OAuth refresh flow",
        };
        f.debug_struct("Client")
            .field("api_url", &self.api_url())
            .field("auth", &auth)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Why a [`ClientBuilder`] could not build a client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Neither a data centre nor a base URL was given.
    #[error("no API location: call `data_center` or `base_url`")]
    NoLocation,
    /// Neither an access token nor OAuth credentials were given.
    #[error("no credentials: call `access_token` or `oauth`")]
    NoToken,
    /// OAuth with a base URL needs the accounts server's URL.
    #[error("OAuth with a base URL needs `OAuth::accounts_url`")]
    NoAccountsUrl,
    /// The base URL is not an http(s) URL.
    #[error("invalid base URL {url:?}: {reason}")]
    BaseUrl {
        /// The URL given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The access token cannot go in an HTTP header.
    #[error("the access token contains characters that cannot be sent in a header")]
    TokenNotHeaderSafe,
    /// A concurrency limit of zero.
    #[error("the concurrency limit must be at least 1")]
    ZeroConcurrency,
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Settings for a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    data_center: Option<DataCenter>,
    environment: Environment,
    base_url: Option<String>,
    access_token: Option<Secret>,
    oauth: Option<OAuth>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_concurrent: Option<usize>,
    max_response_size: Option<usize>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("data_center", &self.data_center)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("access_token", &self.access_token)
            .field("oauth", &self.oauth)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_concurrent", &self.max_concurrent)
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

impl ClientBuilder {
    /// Calls the API domain of this data centre.
    pub fn data_center(mut self, data_center: DataCenter) -> Self {
        self.data_center = Some(data_center);
        self
    }

    /// Which environment of the data centre: production (the default), sandbox or developer.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Calls this API domain instead of a data centre's, e.g. `http://127.0.0.1:8080` for
    /// zohocrm-mock. The API's base path (`/crm/v7`) is added to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A fixed OAuth access token sent with every call (it expires after an hour; see
    /// [`oauth`](Self::oauth) to have the client refresh tokens itself). It is never printed.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Authenticates with the refresh-token flow: the client gets access tokens from the
    /// accounts server, caches them until shortly before expiry, and replaces a token the API
    /// rejects (once per call).
    pub fn oauth(mut self, oauth: OAuth) -> Self {
        self.oauth = Some(oauth);
        self
    }

    /// Limit for a whole call; default [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limit for opening a connection; default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// When to repeat failed calls; default [`RetryPolicy::default`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// At most `n` calls in flight at once from this client and its clones (Zoho allows 5 to 25
    /// concurrent calls per org and app, by edition). Unlimited by default.
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.max_concurrent = Some(n);
        self
    }

    /// Longest response body read, in bytes; a longer one ends the call with
    /// [`Error::Response`](crate::Error::Response) as soon as it passes the limit. Default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.map(checked_base_url).transpose()?;
        let domain = match (&base_url, self.data_center) {
            (Some(url), _) => url.clone(),
            (None, Some(dc)) => dc.api_domain(self.environment),
            (None, None) => return Err(BuildError::NoLocation),
        };
        let http = reqwest::Client::builder()
            .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("zohocrm-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(BuildError::Http)?;
        let auth = match (self.oauth, self.access_token) {
            (Some(oauth), _) => {
                let accounts = match (&oauth.accounts_url, self.data_center, &base_url) {
                    (Some(url), _, _) => url.clone(),
                    (None, _, Some(_)) => return Err(BuildError::NoAccountsUrl),
                    (None, Some(dc), None) => dc.accounts_url().to_owned(),
                    (None, None, None) => return Err(BuildError::NoLocation),
                };
                Auth::OAuth(Box::new(TokenManager::new(
                    http.clone(),
                    &accounts,
                    oauth,
                    base_url.as_deref(),
                )))
            }
            (None, Some(token)) => {
                if header_value(&token).is_err() {
                    return Err(BuildError::TokenNotHeaderSafe);
                }
                Auth::Token(token)
            }
            (None, None) => return Err(BuildError::NoToken),
        };
        let limit = match self.max_concurrent {
            Some(0) => return Err(BuildError::ZeroConcurrency),
            Some(n) => Some(Semaphore::new(n)),
            None => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                domain,
                auth,
                retry: self.retry,
                limit,
                credits: AtomicI64::new(-1),
                max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            }),
        })
    }
}

/// The `Authorization` header for a token.
fn header_value(token: &Secret) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Zoho-oauthtoken {}", token.expose()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Checks a base URL: http or https, a host, no query or fragment; drops a trailing `/`.
fn checked_base_url(url: String) -> Result<String, BuildError> {
    let refuse = |reason: &str| BuildError::BaseUrl {
        url: url.clone(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(&url).map_err(|e| refuse(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(refuse("the scheme must be http or https"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(refuse("there is no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(refuse("a base URL has no query or fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

impl Client {
    /// Settings for a new client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API domain the client calls, e.g. `https://www.zohoapis.com`, as configured (its
    /// data centre's or the base URL given).
    pub(crate) fn domain(&self) -> &str {
        &self.inner.domain
    }

    /// `X-API-CREDITS-REMAINING` of the latest response that carried it: the API credits the
    /// org has left in the current 24-hour window.
    pub fn credits_remaining(&self) -> Option<u64> {
        u64::try_from(self.inner.credits.load(Ordering::Relaxed)).ok()
    }

    /// Sends a call to an action endpoint and decodes its per-item results.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) async fn action<D: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<ActionResults<D, E>, Error<E>> {
        let (status, body) = self.send(op, call).await.map_err(Error::widen)?;
        decode::action(op, status, &body)
    }

    /// Sends a call to a read endpoint and decodes its records.
    pub(crate) async fn page<T: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<Page<T>, Error<E>> {
        let (status, body) = self.send(op, call).await.map_err(Error::widen)?;
        decode::records(op, status, &body)
    }

    /// Sends a call whose response is one object and decodes it.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) async fn object<T: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<T, Error<E>> {
        let (status, body) = self.send(op, call).await.map_err(Error::widen)?;
        decode::object(op, status, &body)
    }

    /// The one path to the server: checks the arguments, then sends with authentication,
    /// retries and the concurrency limit, inside a tracing span.
    ///
    /// It never decodes an endpoint's error, so it is not generic over the error enum: it is
    /// compiled once, not once per endpoint.
    async fn send(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<(u16, Vec<u8>), Error<Infallible>> {
        let span = tracing::info_span!(
            "zohocrm.call",
            operation = op.name,
            method = %op.method,
            path = op.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self.send_checked(op, call).instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        result
    }

    async fn send_checked(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<(u16, Vec<u8>), Error<Infallible>> {
        let request_error = |reason| Error::Request {
            operation: op.name,
            reason,
        };
        let too_many_items = call.items.as_ref().and_then(|(_, given)| {
            op.max_items
                .filter(|max| given > max)
                .map(|max| Invalid::TooMany { max, given: *given })
        });
        match call.invalid.or(too_many_items) {
            Some(Invalid::TooMany { max, given }) => {
                return Err(Error::TooManyItems {
                    operation: op.name,
                    max,
                    given,
                })
            }
            Some(Invalid::Argument(reason)) => return Err(request_error(reason)),
            None => {}
        }
        let path = fill_path(op, &call.path).map_err(request_error)?;
        let body = match call.items {
            Some((items, _)) => {
                let items = items.map_err(request_error)?;
                Some(match op.request_wrapper {
                    Some(wrapper) => wrap(wrapper, &items),
                    // A one-object body goes as it is.
                    None => items,
                })
            }
            None => None,
        };
        let _permit = match &self.inner.limit {
            Some(limit) => Some(
                limit
                    .acquire()
                    .await
                    .map_err(|e| request_error(e.to_string()))?,
            ),
            None => None,
        };
        let started = Instant::now();
        let safe_to_repeat = op.idempotent || op.method == Method::GET;
        let mut attempt = 0;
        let mut replaced_token = false;
        loop {
            attempt += 1;
            let (domain, token) = self.credentials().await.map_err(Error::Auth)?;
            let mut request = self
                .inner
                .http
                .request(op.method.clone(), format!("{domain}{}{path}", op.base_path))
                .header(
                    AUTHORIZATION,
                    header_value(&token).map_err(|e| request_error(e.to_string()))?,
                );
            if !call.query.is_empty() {
                request = request.query(&call.query);
            }
            for (name, value) in &call.headers {
                request = request.header(*name, value.as_str());
            }
            if let Some(body) = &body {
                request = request
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let outcome = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    match body::read(response, self.inner.max_response_size).await {
                        Ok(body) => Ok((status, headers, body)),
                        Err(BodyError::Transport(e)) => Err(e),
                        Err(BodyError::TooLarge { limit, start }) => {
                            self.note_credits(&headers);
                            return Err(Error::response(
                                op.name,
                                status,
                                &start,
                                body::too_large_reason(limit),
                            ));
                        }
                    }
                }
                Err(e) => Err(e),
            };
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            match outcome {
                Ok((status, headers, body)) => {
                    span.record("status", status);
                    self.note_credits(&headers);
                    if status == 401 && !replaced_token && is_invalid_token(&body) {
                        if let Auth::OAuth(manager) = &self.inner.auth {
                            replaced_token = true;
                            tracing::debug!("access token rejected; replacing it once");
                            manager.replace(&token).await.map_err(Error::Auth)?;
                            continue;
                        }
                    }
                    let retryable = matches!(status, 429 | 500 | 502 | 503 | 504) && safe_to_repeat;
                    if retryable {
                        if let Some(wait) =
                            self.inner
                                .retry
                                .wait(attempt, started.elapsed(), retry_after(&headers))
                        {
                            tracing::info!(
                                status,
                                attempt,
                                wait_ms = wait.as_millis() as u64,
                                "repeating the call"
                            );
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    tracing::debug!(
                        status,
                        attempt,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "call finished"
                    );
                    return Ok((status, body));
                }
                Err(source) => {
                    // A failed connect never carried the request, so any call may be repeated.
                    let repeatable = source.is_connect() || safe_to_repeat;
                    if repeatable {
                        if let Some(wait) = self.inner.retry.wait(attempt, started.elapsed(), None)
                        {
                            tracing::info!(attempt, wait_ms = wait.as_millis() as u64, error = %source, "repeating the call after a transport failure");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    tracing::debug!(attempt, error = %source, "call failed");
                    return Err(Error::Transport {
                        operation: op.name,
                        may_have_been_applied: !op.idempotent && !source.is_connect(),
                        source,
                    });
                }
            }
        }
    }

    /// The API domain and access token for the next attempt.
    async fn credentials(&self) -> Result<(String, Secret), AuthError> {
        match &self.inner.auth {
            Auth::Token(token) => Ok((self.inner.domain.clone(), token.clone())),
            Auth::OAuth(manager) => {
                let token = manager.token().await?;
                let domain = token
                    .api_domain
                    .clone()
                    .unwrap_or_else(|| self.inner.domain.clone());
                Ok((domain, token.access_token))
            }
        }
    }

    fn note_credits(&self, headers: &reqwest::header::HeaderMap) {
        let credits = headers
            .get("x-api-credits-remaining")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok());
        if let Some(credits) = credits {
            self.inner.credits.store(credits, Ordering::Relaxed);
        }
    }
}

/// Whether a 401 body is Zoho's `INVALID_TOKEN`.
fn is_invalid_token(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("code")
                .and_then(|c| c.as_str())
                .map(|c| c == "INVALID_TOKEN")
        })
        .unwrap_or(false)
}

/// The path of a call with its parameters percent-encoded.
fn fill_path(op: &Operation, params: &[String]) -> Result<String, String> {
    let mut url = String::new();
    let mut params = params.iter();
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or("unclosed `{` in the path")?;
        url.push_str(&rest[..open]);
        let value = params
            .next()
            .ok_or_else(|| format!("no value for {}", &rest[open..=close]))?;
        if value.is_empty() {
            return Err(format!("empty value for {}", &rest[open..=close]));
        }
        url.push_str(&encode_segment(value));
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    Ok(url)
}

/// `{"<wrapper>": <items>}` around an already serialised JSON array.
fn wrap(wrapper: &str, items: &[u8]) -> Vec<u8> {
    let key = serde_json::Value::String(wrapper.to_owned()).to_string();
    let mut body = Vec::with_capacity(key.len() + items.len() + 3);
    body.push(b'{');
    body.extend_from_slice(key.as_bytes());
    body.push(b':');
    body.extend_from_slice(items);
    body.push(b'}');
    body
}

/// Percent-encodes everything but unreserved characters (RFC 3986) in a path segment.
fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            checked_base_url("http://127.0.0.1:8080/".into()).unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in ["ftp://x", "not a url", "http://x/?a=1", "http://x/#f"] {
            assert!(checked_base_url(bad.into()).is_err(), "{bad}");
        }
    }

    #[test]
    fn path_segments_are_encoded_and_bodies_wrapped() {
        assert_eq!(encode_segment("12/3 ?"), "12%2F3%20%3F");
        assert_eq!(wrap("roles", b"[{}]"), br#"{"roles":[{}]}"#.to_vec());
    }
}
