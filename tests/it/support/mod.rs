//! A scripted HTTP server on 127.0.0.1 for client tests: it answers with queued responses and
//! records every request it receives.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

#[derive(Default)]
struct Shared {
    responses: Mutex<VecDeque<(u16, String, &'static str)>>,
    requests: Mutex<Vec<Recorded>>,
}

pub struct Stub {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Stub {
    pub async fn start() -> Stub {
        let shared = Arc::new(Shared::default());
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Stub { addr, shared }
    }

    /// Queues a JSON response.
    pub fn respond_json(&self, status: u16, body: serde_json::Value) {
        self.respond(status, body.to_string(), "application/json;charset=UTF-8");
    }

    /// Queues a response with any body.
    pub fn respond(&self, status: u16, body: impl Into<String>, content_type: &'static str) {
        self.shared
            .responses
            .lock()
            .unwrap()
            .push_back((status, body.into(), content_type));
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// A client of this server that never repeats a call, so each queued response answers
    /// exactly one request.
    pub fn client(&self, token: &str) -> zohocrm::Client {
        zohocrm::Client::builder()
            .base_url(self.base_url())
            .access_token(token)
            .retry(zohocrm::RetryPolicy::none())
            .build()
            .unwrap()
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap_or_default().to_vec();
    shared.requests.lock().unwrap().push(Recorded {
        method: parts.method.to_string(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    });
    let next = shared.responses.lock().unwrap().pop_front();
    let (status, body, content_type) =
        next.unwrap_or((599, "no response queued".into(), "text/plain"));
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap()
}
