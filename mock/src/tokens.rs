//! The OAuth credentials the mock knows: access tokens with their scopes and expiry, refresh
//! tokens, client credentials and one-time grant codes.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What a token may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scopes {
    /// Every endpoint.
    All,
    /// Only endpoints these scopes grant, e.g. `ZohoCRM.settings.roles.ALL`.
    Only(Vec<String>),
}

impl Scopes {
    /// `All` for an empty list, as a token listed without scopes has all of them.
    pub(crate) fn from_list(scopes: Vec<String>) -> Self {
        if scopes.is_empty() {
            Scopes::All
        } else {
            Scopes::Only(scopes)
        }
    }
}

#[derive(Debug)]
struct AccessToken {
    scopes: Scopes,
    expires_at: Option<Instant>,
    expired: bool,
}

/// The credentials registry.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, Scopes>,
    clients: HashMap<String, String>,
    grant_codes: HashMap<String, String>,
    minted: u64,
}

impl Tokens {
    /// Accepts `token` until [`expire_all`](Self::expire_all), or until `lifetime` has passed.
    pub(crate) fn add_access(&mut self, token: String, scopes: Scopes, lifetime: Option<Duration>) {
        let expires_at = lifetime.map(|l| Instant::now() + l);
        self.access.insert(
            token,
            AccessToken {
                scopes,
                expires_at,
                expired: false,
            },
        );
    }

    /// Issues a new random access token.
    pub(crate) fn mint(&mut self, scopes: Scopes, lifetime: Option<Duration>) -> String {
        self.minted += 1;
        let token = format!("1000.{}.{}", self.random_hex(), self.random_hex());
        self.add_access(token.clone(), scopes, lifetime);
        token
    }

    /// The scopes of a live access token; `None` when it is unknown or expired.
    pub(crate) fn scopes(&self, token: &str) -> Option<&Scopes> {
        let access = self.access.get(token)?;
        let live = !access.expired && access.expires_at.is_none_or(|at| Instant::now() < at);
        live.then_some(&access.scopes)
    }

    /// Makes every access token issued so far invalid.
    pub(crate) fn expire_all(&mut self) {
        for access in self.access.values_mut() {
            access.expired = true;
        }
    }

    /// Accepts the client credentials `id` and `secret` at the token endpoint.
    pub(crate) fn add_client(&mut self, id: String, secret: String) {
        self.clients.insert(id, secret);
    }

    /// Whether `id` and `secret` are known client credentials.
    pub(crate) fn client_ok(&self, id: &str, secret: &str) -> bool {
        self.clients.get(id).is_some_and(|s| s == secret)
    }

    /// Accepts `token` as a refresh token whose access tokens have `scopes`.
    pub(crate) fn add_refresh(&mut self, token: String, scopes: Scopes) {
        self.refresh.insert(token, scopes);
    }

    /// The scopes of a known refresh token.
    pub(crate) fn refresh_scopes(&self, token: &str) -> Option<Scopes> {
        self.refresh.get(token).cloned()
    }

    /// Accepts `code` once, exchanging it for `refresh_token` (known with all scopes unless
    /// registered otherwise).
    pub(crate) fn add_grant_code(&mut self, code: String, refresh_token: String) {
        self.refresh
            .entry(refresh_token.clone())
            .or_insert(Scopes::All);
        self.grant_codes.insert(code, refresh_token);
    }

    /// Uses up `code`, giving its refresh token.
    pub(crate) fn redeem(&mut self, code: &str) -> Option<String> {
        self.grant_codes.remove(code)
    }

    /// 16 random hex digits, from fresh random hash keys, a counter and the clock.
    fn random_hex(&self) -> String {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(self.minted);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        hasher.write_u128(nanos);
        format!("{:016x}", hasher.finish())
    }
}
