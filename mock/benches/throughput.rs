//! zohocrm-mock under load on loopback: requests per second for Create Role and Get Roles with
//! 1, 8 and 64 concurrent clients, and the time and memory of storing 100,000 records.
//! `cargo bench -p zohocrm-mock` prints one `name: value` line per figure: the median over
//! `MOCK_BENCH_ROUNDS` rounds (default 5), each against a fresh mock, then `min_name` and
//! `max_name`. Each storing round inserts 100,000 roles through `MockServer::insert` (for at
//! most `MOCK_BENCH_INSERT_SECONDS`, default 120; should that end first, the memory of 100,000
//! is given from the bytes per record), counting heap bytes with a counting allocator, then
//! lists them. Each load round runs for `MOCK_BENCH_SECONDS` seconds (default 2).

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Display;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use zohocrm_mock::MockServer;

/// The system allocator, counting the bytes currently allocated and their highest count.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// Adds `bytes` to the live count and raises the peak to it.
fn count(bytes: isize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: the caller's contract for `dealloc` is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
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

/// What one storing round measured.
struct Stored {
    /// Roles stored within the time budget.
    roles: usize,
    /// Seconds to store them.
    seconds: f64,
    /// Seconds per [`BATCH`] roles, in order.
    batches: Vec<f64>,
    /// Heap bytes the stored roles hold.
    heap_bytes: isize,
    /// The highest heap use while storing, over the use before.
    peak_bytes: isize,
    /// Seconds of `GET /settings/roles` with the roles stored.
    list_seconds: f64,
}

/// Stores up to [`RECORDS`] roles in a fresh mock within `budget`, then lists them.
async fn store_roles(budget: Duration) -> Stored {
    let mock = MockServer::start().await.expect("the mock starts");
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let mut batch = Instant::now();
    let mut batches = Vec::new();
    let mut roles = 0;
    while roles < RECORDS && started.elapsed() < budget {
        let id = 5_000_000_000_000_000_000u64 + roles as u64;
        mock.insert(
            "roles",
            json!({"id": id.to_string(), "name": format!("Stored role {roles}")}),
        )
        .expect("a valid role");
        roles += 1;
        if roles % BATCH == 0 {
            batches.push(batch.elapsed().as_secs_f64());
            batch = Instant::now();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let heap_bytes = LIVE.load(Ordering::Relaxed) - before;
    let peak_bytes = PEAK.load(Ordering::Relaxed) - before;
    let listed = Instant::now();
    let page = reqwest::Client::new()
        .get(format!("{}/crm/v7/settings/roles", mock.base_url()))
        .header("Authorization", format!("Zoho-oauthtoken {}", mock.token()))
        .send()
        .await
        .expect("the mock answers");
    assert!(page.status().is_success());
    page.bytes().await.expect("a body");
    let list_seconds = listed.elapsed().as_secs_f64();
    mock.shutdown().await;
    Stored {
        roles,
        seconds,
        batches,
        heap_bytes,
        peak_bytes,
        list_seconds,
    }
}

/// Prints `name: median`, `min_name: min` and `max_name: max` of `values`, each written by
/// `show` (prefixes, so that `benches/report.py` reads batch names ending in a number).
fn report<T: Copy + PartialOrd, D: Display>(name: &str, values: &[T], show: impl Fn(T) -> D) {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return;
    };
    println!("{name}: {}", show(sorted[sorted.len() / 2]));
    println!("min_{name}: {}", show(min));
    println!("max_{name}: {}", show(max));
}

/// A number from the environment, or `default`.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no arguments and ignores them.
    let rounds = env_or("MOCK_BENCH_ROUNDS", 5).max(1);
    let seconds = Duration::from_secs(env_or("MOCK_BENCH_SECONDS", 2));
    let budget = Duration::from_secs(env_or("MOCK_BENCH_INSERT_SECONDS", 120));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        println!("mock_rounds: {rounds}");
        // Storing first: memory that earlier loads release later would skew its heap figures.
        let mut runs = Vec::new();
        for _ in 0..rounds {
            runs.push(store_roles(budget).await);
        }
        let of = |f: fn(&Stored) -> f64| runs.iter().map(f).collect::<Vec<_>>();
        let stored = runs.iter().map(|r| r.roles).min().unwrap_or(0);
        println!("mock_roles_stored: {stored}");
        report("mock_insert_seconds", &of(|r| r.seconds), |s| {
            format!("{s:.2}")
        });
        for (i, first) in (1..=stored).step_by(BATCH).enumerate() {
            let times: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.batches.get(i).copied())
                .collect();
            let last = first + BATCH - 1;
            if times.len() == runs.len() {
                let figure = format!("mock_insert_seconds_for_roles_{first}_to_{last}");
                report(&figure, &times, |s| format!("{s:.2}"));
            }
        }
        let heap: Vec<isize> = runs.iter().map(|r| r.heap_bytes).collect();
        report("mock_heap_bytes_stored_roles", &heap, |b| b);
        let per_role: Vec<isize> = runs
            .iter()
            .map(|r| r.heap_bytes / r.roles.max(1) as isize)
            .collect();
        report("mock_heap_bytes_per_role", &per_role, |b| b);
        // Measured when every round stored them all, else from the bytes per role.
        let for_all: Vec<isize> = runs
            .iter()
            .zip(&per_role)
            .map(|(r, per_role)| match r.roles {
                RECORDS => r.heap_bytes,
                _ => per_role * RECORDS as isize,
            })
            .collect();
        report(
            &format!("mock_heap_bytes_for_{RECORDS}_roles"),
            &for_all,
            |b| b,
        );
        let peak: Vec<isize> = runs.iter().map(|r| r.peak_bytes).collect();
        report("mock_heap_peak_bytes_storing_roles", &peak, |b| b);
        report(
            "mock_get_roles_with_stored_roles_seconds",
            &of(|r| r.list_seconds),
            |s| format!("{s:.3}"),
        );
        for (name, call) in [
            ("create_role", Call::CreateRole),
            ("get_roles", Call::GetRoles),
        ] {
            for clients in [1, 8, 64] {
                let mut rates = Vec::new();
                for _ in 0..rounds {
                    rates.push(load(call, clients, seconds).await);
                }
                let figure = format!("mock_{name}_{clients}_clients_per_second");
                report(&figure, &rates, |r| format!("{r:.0}"));
            }
        }
    });
}
