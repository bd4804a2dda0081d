//! The client: configuration, and the one `send` path every generated function uses.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::data_center::{DataCenter, Environment};
use crate::decode;
use crate::error::{Error, OperationError};
use crate::results::{ActionResults, Page};
use crate::wire::{Call, Invalid, Operation};

/// The default limit for a whole call, from connecting to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// API domain and base path, e.g. `https://www.zohoapis.com/crm/v7`.
    api_url: String,
    authorization: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &self.inner.api_url)
            .field("access_token", &"<redacted>")
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
    /// No access token was given.
    #[error("no access token: call `access_token`")]
    NoToken,
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
    access_token: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("data_center", &self.data_center)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
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

    /// The OAuth access token sent with every call. It is never printed.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
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

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let domain = match (self.base_url, self.data_center) {
            (Some(url), _) => checked_base_url(url)?,
            (None, Some(dc)) => dc.api_domain(self.environment),
            (None, None) => return Err(BuildError::NoLocation),
        };
        let token = self.access_token.ok_or(BuildError::NoToken)?;
        let authorization = format!("Zoho-oauthtoken {token}");
        if reqwest::header::HeaderValue::from_str(&authorization).is_err() {
            return Err(BuildError::TokenNotHeaderSafe);
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("zohocrm-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(BuildError::Http)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_url: format!("{domain}{}", crate::BASE_PATH),
                authorization,
            }),
        })
    }
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

    /// The URL every path is appended to, e.g. `https://www.zohoapis.com/crm/v7`.
    pub fn api_url(&self) -> &str {
        &self.inner.api_url
    }

    /// Sends a call to an action endpoint and decodes its per-item results.
    pub(crate) async fn action<D: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<ActionResults<D, E>, Error<E>> {
        let (status, body) = self.send(op, call).await?;
        decode::action(op, status, &body)
    }

    /// Sends a call to a read endpoint and decodes its records.
    pub(crate) async fn records<T: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<Page<T>, Error<E>> {
        let (status, body) = self.send(op, call).await?;
        decode::records(op, status, &body)
    }

    /// Sends a call whose response is one object and decodes it.
    pub(crate) async fn object<T: DeserializeOwned, E: OperationError>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<T, Error<E>> {
        let (status, body) = self.send(op, call).await?;
        decode::object(op, status, &body)
    }

    /// The one path to the server: checks limits, builds the request, sends it, reads the body.
    async fn send<E>(
        &self,
        op: &'static Operation,
        call: Call,
    ) -> Result<(u16, Vec<u8>), Error<E>> {
        match call.invalid {
            Some(Invalid::TooMany { max, given }) => {
                return Err(Error::TooManyItems {
                    operation: op.name,
                    max,
                    given,
                })
            }
            Some(Invalid::Argument(reason)) => {
                return Err(Error::Request {
                    operation: op.name,
                    reason,
                })
            }
            None => {}
        }
        let url = self.url(op, &call.path).map_err(|reason| Error::Request {
            operation: op.name,
            reason,
        })?;
        let mut request = self
            .inner
            .http
            .request(op.method.clone(), url)
            .header(reqwest::header::AUTHORIZATION, &self.inner.authorization);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some((items, count)) = call.items {
            if let Some(max) = op.max_items.filter(|&max| count > max) {
                return Err(Error::TooManyItems {
                    operation: op.name,
                    max,
                    given: count,
                });
            }
            let items = items.map_err(|reason| Error::Request {
                operation: op.name,
                reason,
            })?;
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(wrap(
                    op.request_wrapper.unwrap_or_default(),
                    &items,
                ));
        }
        let transport = |source: reqwest::Error| Error::Transport {
            operation: op.name,
            may_have_been_applied: !op.idempotent && !source.is_connect(),
            source,
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport)?;
        Ok((status, body.to_vec()))
    }

    /// The full URL of a call: API URL, then the path with its parameters percent-encoded.
    fn url(&self, op: &Operation, params: &[String]) -> Result<String, String> {
        let mut url = self.inner.api_url.clone();
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
