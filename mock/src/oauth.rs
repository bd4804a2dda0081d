//! The OAuth token endpoint `POST /oauth/v2/token`, as Zoho's accounts server answers it:
//! parameters in the form body or the query, HTTP 200 for successes and errors alike, errors as
//! `{"error": "invalid_client" | "invalid_code" | "unsupported_grant_type"}`. Another method
//! answers 405 with `Allow: POST` and `{"error": "invalid_request"}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::ALLOW;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::params;
use crate::state::Shared;
use crate::tokens::Scopes;

/// The path of the token endpoint.
pub(crate) const TOKEN_PATH: &str = "/oauth/v2/token";

/// Serves one token call; form-body parameters win over query parameters of the same name.
pub(crate) async fn token(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    let mut given: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    given.extend(params::parse_query(uri.query()));
    let param = |name: &str| params::first(&given, name);
    let mut state = shared.lock();
    state.token_requests += 1;
    let client_ok = match (param("client_id"), param("client_secret")) {
        (Some(id), Some(secret)) => state.tokens.client_ok(id, secret),
        _ => false,
    };
    if !client_ok {
        return error("invalid_client");
    }
    let lifetime = shared.token_lifetime;
    let answer = |access_token: String| {
        json!({
            "access_token": access_token,
            "expires_in": lifetime.as_secs(),
            "api_domain": shared.base_url,
            "token_type": "Bearer",
        })
    };
    match param("grant_type") {
        Some("refresh_token") => {
            let scopes = param("refresh_token").and_then(|t| state.tokens.refresh_scopes(t));
            match scopes {
                Some(scopes) => {
                    Json(answer(state.tokens.mint(scopes, Some(lifetime)))).into_response()
                }
                None => error("invalid_code"),
            }
        }
        Some("authorization_code") => {
            let Some(refresh_token) = param("code").and_then(|c| state.tokens.redeem(c)) else {
                return error("invalid_code");
            };
            let scopes = state
                .tokens
                .refresh_scopes(&refresh_token)
                .unwrap_or(Scopes::All);
            let mut body = answer(state.tokens.mint(scopes, Some(lifetime)));
            if let Value::Object(object) = &mut body {
                object.insert("refresh_token".into(), Value::String(refresh_token));
            }
            Json(body).into_response()
        }
        _ => error("unsupported_grant_type"),
    }
}

/// Answers a call of the token endpoint with a method other than POST: 405 with `Allow: POST`
/// and OAuth's error for a malformed request.
pub(crate) async fn wrong_method(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().token_requests += 1;
    let body = Json(json!({ "error": "invalid_request" }));
    (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "POST")], body).into_response()
}

/// An OAuth error, with HTTP 200 as Zoho's accounts server sends it.
fn error(code: &str) -> Response {
    Json(json!({ "error": code })).into_response()
}
