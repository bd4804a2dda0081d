//! Runtime overhead: a generated call (build the request, send, decode) against a local HTTP
//! server, side by side with the same call written by hand with reqwest and serde_json, and the
//! decoding throughput of large list responses. `cargo bench --bench runtime`.
//!
//! The server (axum on 127.0.0.1, started here) answers every `GET` with a fixed body built
//! from the spec's sample records. The hand-written call decodes into the same generated record
//! types, so the difference is the cost of the generated function and the runtime's send path.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::header::CONTENT_TYPE;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;
use serde_json::{json, Value};

const TOKEN: &str = "1000.bench.token";

/// The first sample record that `operation` of `file` returns under `wrapper`.
fn sample_record(file: &str, operation: &str, wrapper: &str) -> Value {
    let path = format!("{}/spec/{file}.json", env!("CARGO_MANIFEST_DIR"));
    let spec: Value =
        serde_json::from_slice(&std::fs::read(path).expect("spec file")).expect("JSON");
    spec["operations"][operation]["sample_response"][wrapper][0].clone()
}

/// A list response of `count` copies of a record, each with its own id.
fn list_body(record: &Value, wrapper: &str, count: usize) -> String {
    let items: Vec<Value> = (0..count)
        .map(|i| {
            let mut item = record.clone();
            item["id"] = json!(format!("{}", 4_150_868_000_000_000_000u64 + i as u64));
            item
        })
        .collect();
    json!({ wrapper: items, "info": {"per_page": count, "count": count, "page": 1, "more_records": false} })
        .to_string()
}

/// Serves `body` for every path under `/crm/v7`, chosen by the last path segment.
async fn serve(bodies: Vec<(&'static str, String)>) -> String {
    let bodies = Arc::new(bodies);
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let bodies = bodies.clone();
        async move {
            let body = bodies
                .iter()
                .find(|(path, _)| uri.path() == *path)
                .map(|(_, body)| body.clone())
                .unwrap_or_default();
            ([(CONTENT_TYPE, "application/json;charset=UTF-8")], body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    format!("http://{addr}")
}

#[derive(Deserialize)]
struct Roles {
    roles: Vec<zohocrm::roles::Role>,
}

/// `client.roles().list()` through the generated binding.
async fn generated_call(client: &zohocrm::Client) -> usize {
    let page = client.roles().list().await.expect("roles");
    black_box(page.items.len())
}

/// The same call written by hand with reqwest and serde_json.
async fn hand_written_call(http: &reqwest::Client, url: &str) -> usize {
    let response = http
        .get(url)
        .header("Authorization", format!("Zoho-oauthtoken {TOKEN}"))
        .send()
        .await
        .expect("send");
    let body = response.bytes().await.expect("body");
    let roles: Roles = serde_json::from_slice(&body).expect("decode");
    black_box(roles.roles.len())
}

/// Generated / hand-written time of the same call, per round, sorted: each round times
/// `CALLS` calls of each kind back to back, the order alternating between rounds, so a slow
/// stretch of a shared machine weighs on both sides alike.
async fn paired_ratios(client: &zohocrm::Client, http: &reqwest::Client, url: &str) -> Vec<f64> {
    const ROUNDS: usize = 41;
    const CALLS: usize = 200;
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let mut generated = Duration::ZERO;
        let mut hand_written = Duration::ZERO;
        for side in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            for _ in 0..CALLS {
                if side == 0 {
                    generated_call(client).await;
                } else {
                    hand_written_call(http, url).await;
                }
            }
            *(if side == 0 {
                &mut generated
            } else {
                &mut hand_written
            }) += started.elapsed();
        }
        ratios.push(generated.as_secs_f64() / hand_written.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios
}

fn runtime(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let role = sample_record("roles", "get_roles", "roles");
    let territory = sample_record("territories", "get_territories", "territories");
    let user = sample_record("users", "get_users", "users");
    let base = rt.block_on(serve(vec![
        ("/crm/v7/settings/roles", list_body(&role, "roles", 10)),
        (
            "/crm/v7/settings/territories",
            list_body(&territory, "territories", 2000),
        ),
        ("/crm/v7/users", list_body(&user, "users", 200)),
    ]));
    let client = zohocrm::Client::builder()
        .base_url(&base)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let roles_url = format!("{base}/crm/v7/settings/roles");

    let mut group = c.benchmark_group("list_roles");
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| generated_call(&client))
    });
    group.bench_function("hand_written", |b| {
        b.to_async(&rt)
            .iter(|| hand_written_call(&http, &roles_url))
    });
    group.finish();
    let ratios = rt.block_on(paired_ratios(&client, &http, &roles_url));
    println!(
        "runtime_paired_ratio_median: {:.3}",
        ratios[ratios.len() / 2]
    );
    println!("runtime_paired_ratio_min: {:.3}", ratios[0]);
    println!("runtime_paired_ratio_max: {:.3}", ratios[ratios.len() - 1]);
    println!("runtime_paired_rounds: {}", ratios.len());

    let mut group = c.benchmark_group("decode_list");
    group.sample_size(30);
    group.throughput(Throughput::Elements(2000));
    group.bench_function(BenchmarkId::new("territories", 2000), |b| {
        b.to_async(&rt).iter(|| async {
            let page = client
                .territories()
                .list(Default::default())
                .await
                .expect("territories");
            black_box(page.items.len())
        })
    });
    group.throughput(Throughput::Elements(200));
    group.bench_function(BenchmarkId::new("users", 200), |b| {
        b.to_async(&rt).iter(|| async {
            let page = client
                .users()
                .list(Default::default())
                .await
                .expect("users");
            black_box(page.items.len())
        })
    });
    group.finish();
}

criterion_group!(benches, runtime);
criterion_main!(benches);
