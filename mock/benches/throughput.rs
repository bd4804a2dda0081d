//! zohocrm-mock under load on loopback: requests per second for Create Role and Get Roles with
//! 1, 8 and 64 concurrent clients, and the memory of 100,000 stored records.
//! `cargo bench -p zohocrm-mock` prints one `name: value` line per figure; each load runs for
//! `MOCK_BENCH_SECONDS` seconds (default 3) against a fresh mock. Records are stored through
//! `MockServer::insert` for at most `MOCK_BENCH_INSERT_SECONDS` (default 120): each insert
//! scans the store, so the time grows with the square of the count, and the memory of 100,000
//! is given from the bytes per record when the budget ends first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use zohocrm_mock::MockServer;

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `dealloc` is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract for `realloc` is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Records to store for the memory figure.
const RECORDS: usize = 100_000;

/// Inserts timed together, to show how the cost of one insert grows with the store.
const BATCH: usize = 10_000;

#[derive(Clone, Copy)]
enum Call {
    CreateRole,
    GetRoles,
}

/// Requests per second that `clients` concurrent clients, each sending one request at a time,
/// get from a fresh mock within `seconds`.
async fn load(call: Call, clients: usize, seconds: Duration) -> f64 {
    let mock = MockServer::start().await.expect("the mock starts");
    let url = format!("{}/crm/v7/settings/roles", mock.base_url());
    let auth = format!("Zoho-oauthtoken {}", mock.token());
    let started = Instant::now();
    let deadline = started + seconds;
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let (url, auth) = (url.clone(), auth.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut sent = 0usize;
                while Instant::now() < deadline {
                    let request = match call {
                        Call::CreateRole => http
                            .post(&url)
                            .json(&json!({"roles": [{"name": format!("Load {client}-{sent}")}]})),
                        Call::GetRoles => http.get(&url),
                    };
                    let response = request
                        .header("Authorization", &auth)
                        .send()
                        .await
                        .expect("the mock answers");
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().await.expect("a body");
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("a load task");
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    mock.shutdown().await;
    rate
}

/// A number of seconds from the environment, or `default`.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no arguments and ignores them.
    let seconds = Duration::from_secs(env_or("MOCK_BENCH_SECONDS", 3));
    let budget = Duration::from_secs(env_or("MOCK_BENCH_INSERT_SECONDS", 120));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        for (name, call) in [
            ("create_role", Call::CreateRole),
            ("get_roles", Call::GetRoles),
        ] {
            for clients in [1, 8, 64] {
                let rate = load(call, clients, seconds).await;
                println!("mock_{name}_{clients}_clients_per_second: {rate:.0}");
            }
        }

        let mock = MockServer::start().await.expect("the mock starts");
        let before = LIVE.load(Ordering::Relaxed);
        let started = Instant::now();
        let mut batch = Instant::now();
        let mut stored = 0;
        while stored < RECORDS && started.elapsed() < budget {
            let id = 5_000_000_000_000_000_000u64 + stored as u64;
            mock.insert(
                "roles",
                json!({"id": id.to_string(), "name": format!("Stored role {stored}")}),
            )
            .expect("a valid role");
            stored += 1;
            if stored % BATCH == 0 {
                println!(
                    "mock_insert_seconds_for_roles_{}_to_{stored}: {:.2}",
                    stored - BATCH + 1,
                    batch.elapsed().as_secs_f64()
                );
                batch = Instant::now();
            }
        }
        let bytes = LIVE.load(Ordering::Relaxed) - before;
        let per_role = bytes / stored as isize;
        println!("mock_roles_stored: {stored}");
        println!(
            "mock_insert_seconds: {:.2}",
            started.elapsed().as_secs_f64()
        );
        println!("mock_heap_bytes_stored_roles: {bytes}");
        println!("mock_heap_bytes_per_role: {per_role}");
        println!(
            "mock_heap_bytes_for_{RECORDS}_roles: {}",
            per_role * RECORDS as isize
        );
        let listed = Instant::now();
        let page = reqwest::Client::new()
            .get(format!("{}/crm/v7/settings/roles", mock.base_url()))
            .header("Authorization", format!("Zoho-oauthtoken {}", mock.token()))
            .send()
            .await
            .expect("the mock answers");
        assert!(page.status().is_success());
        page.bytes().await.expect("a body");
        println!(
            "mock_get_roles_with_stored_roles_seconds: {:.3}",
            listed.elapsed().as_secs_f64()
        );
        mock.shutdown().await;
    });
}
