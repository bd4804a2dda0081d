//! What the mock's HTTP tests share: ids of the seeded org, the spec's documented errors as the
//! mock serves them, and plain calls with the mock's token. Each test module uses a part of it.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zohocrm_build::model::{ErrorDoc, Operation, Trigger};
use zohocrm_mock::MockServer;

// Records of the seeded org (mock/seed/default_org.json).
pub const CEO: &str = "3652397000000026005";
pub const MANAGER: &str = "3652397000000026008";
pub const PATRICIA: &str = "3652397000000186017";
pub const DEBORAH: &str = "3652397000000281001";
pub const ZYLKER: &str = "3652397000000313011";
pub const NEW_YORK: &str = "3652397000007622003";
pub const ADMINISTRATOR: &str = "3652397000000026011";
pub const STANDARD: &str = "3652397000000026014";
/// An id no seeded record has.
pub const NOBODY: &str = "1234567890123456789";

pub async fn mock() -> MockServer {
    MockServer::start().await.expect("the mock starts")
}

/// One HTTP answer.
pub struct Answer {
    pub status: StatusCode,
    pub body: Option<Value>,
}

impl Answer {
    pub fn json(&self) -> &Value {
        self.body.as_ref().expect("a JSON body")
    }

    /// Asserts a 204 without a body.
    pub fn assert_empty(&self) {
        assert_eq!(self.status, StatusCode::NO_CONTENT, "{:?}", self.body);
        assert!(self.body.is_none());
    }
}

/// Calls the API path `path` with the mock's token and a JSON body.
pub async fn send(mock: &MockServer, method: Method, path: &str, body: Option<Value>) -> Answer {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}/crm/v7{path}", mock.base_url()))
        .header("Authorization", format!("Zoho-oauthtoken {}", mock.token()));
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status();
    let bytes = response.bytes().await.expect("a body");
    let body =
        (!bytes.is_empty()).then(|| serde_json::from_slice(&bytes).expect("the body is JSON"));
    Answer { status, body }
}

pub async fn get(mock: &MockServer, path: &str) -> Answer {
    send(mock, Method::GET, path, None).await
}

pub async fn post(mock: &MockServer, path: &str, body: Value) -> Answer {
    send(mock, Method::POST, path, Some(body)).await
}

pub async fn put(mock: &MockServer, path: &str, body: impl Into<Option<Value>>) -> Answer {
    send(mock, Method::PUT, path, body.into()).await
}

pub async fn delete(mock: &MockServer, path: &str) -> Answer {
    send(mock, Method::DELETE, path, None).await
}

pub fn op<'a>(mock: &'a MockServer, name: &str) -> &'a Operation {
    mock.api()
        .operations()
        .map(|(_, op)| op)
        .find(|op| op.name == name)
        .expect("the operation is in the spec")
}

/// The entry operation `name` documents for `trigger`.
pub fn documented(mock: &MockServer, name: &str, trigger: Trigger) -> ErrorDoc {
    op(mock, name)
        .error_for(&trigger)
        .map(|(_, doc)| doc.clone())
        .expect("the spec documents the trigger")
}

/// The API-wide entry for `trigger`.
pub fn shared(mock: &MockServer, trigger: Trigger) -> ErrorDoc {
    mock.api()
        .shared_errors
        .iter()
        .find(|e| e.trigger.as_ref() == Some(&trigger))
        .cloned()
        .expect("the spec has the shared error")
}

/// The entry of `code` on operation `name` whose message mentions `phrase`.
pub fn mentioning(mock: &MockServer, name: &str, code: &str, phrase: &str) -> ErrorDoc {
    op(mock, name)
        .error(code)
        .and_then(|c| c.entries.iter().find(|e| e.message.contains(phrase)))
        .cloned()
        .expect("the spec has the entry")
}

/// The entry of `code` that has no trigger on operation `name`.
pub fn generic(mock: &MockServer, name: &str, code: &str) -> ErrorDoc {
    op(mock, name)
        .error(code)
        .and_then(|c| c.entries.iter().find(|e| e.trigger.is_none()))
        .cloned()
        .expect("the spec has a generic entry")
}

/// The error body of `doc` with `details`.
pub fn body_of(doc: &ErrorDoc, details: Value) -> Value {
    json!({"code": doc.code, "details": details, "message": doc.message, "status": "error"})
}

pub fn key(name: &str) -> String {
    name.to_owned()
}

/// The stored record of `store` with `id`.
pub fn record(mock: &MockServer, store: &str, id: &str) -> Option<Value> {
    mock.records(store).into_iter().find(|r| r["id"] == id)
}
