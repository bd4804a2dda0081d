//! Faults and load: many concurrent clients run a mixed workload (creates, updates, lists,
//! deletes of roles) against zohocrm-mock while it injects 500s, 429s, delays and dropped
//! connections, and while access tokens expire (naturally and by force). Afterwards the
//! client's reported outcomes are reconciled with the mock's records:
//!
//! - every create reported as a success exists exactly once, unless a delete of it succeeded
//!   (or may have);
//! - every create reported as a failure left nothing behind, unless it is a transport failure
//!   that says it may have been applied (a POST whose answer was lost);
//! - nothing is duplicated, no record appears that no create made;
//! - no call failed for auth reasons (`Error::Auth` or `INVALID_TOKEN`), while clients refresh
//!   tokens every 200 ms (2 s lifetime, 1.8 s margin) and the mock revokes all of them in the
//!   middle of every other round, with calls in flight.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zohocrm::roles::{NewRole, RoleChanges};
use zohocrm::{Error, Id, OAuth, OperationError, RetryPolicy};
use zohocrm_mock::{Fault, MockServer};

const CLIENT_ID: &str = "1000.LOADCLIENT";
const CLIENT_SECRET: &str = "load-secret-9a0364b9e99bb480";
const REFRESH_TOKEN: &str = "1000.load-refresh-2c26b46b68ffc68f";
const CEO: &str = "3652397000000026005";

const TASKS: usize = 16;
const OPS_PER_TASK: usize = 25;
const ROUNDS: usize = 5;

/// What one create ended in, as the client reported it.
#[derive(Debug, Clone)]
enum Created {
    Yes(String),
    /// Zoho answered with an error: nothing was applied.
    Refused(String),
    /// The answer was lost; `may_have_been_applied` as the client reported it.
    Lost {
        may_have_been_applied: bool,
    },
    /// Any other error.
    Other(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deleted {
    Yes,
    /// Failed; the record may or may not be gone (a delete is idempotent and repeated, so a lost
    /// success can come back as INVALID_DATA).
    Failed,
}

#[derive(Default)]
struct Report {
    creates: Vec<(String, Created)>,
    deletes: Vec<(String, Deleted)>,
    counts: BTreeMap<&'static str, usize>,
    /// Errors by kind and operation, for the summary.
    errors: BTreeMap<String, usize>,
    auth_failures: Vec<String>,
}

impl Report {
    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    fn error<E: OperationError>(&mut self, op: &str, error: &Error<E>) {
        let kind = match error {
            Error::Api(e) => {
                if e.code() == "INVALID_TOKEN" {
                    self.auth_failures.push(format!("{op}: {error}"));
                }
                format!("{op}: Api {}", e.code())
            }
            Error::Transport {
                may_have_been_applied,
                ..
            } => format!("{op}: Transport (may_have_been_applied: {may_have_been_applied})"),
            Error::Response { status, .. } => format!("{op}: Response {status}"),
            Error::Auth(_) => {
                self.auth_failures.push(format!("{op}: {error}"));
                format!("{op}: Auth")
            }
            other => format!("{op}: {other}"),
        };
        *self.errors.entry(kind).or_default() += 1;
    }
}

/// SplitMix64, seeded per task so runs are repeatable in what they ask for.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

async fn worker(client: zohocrm::Client, task: usize, round: usize, report: Arc<Mutex<Report>>) {
    let mut rng = Rng((task * 1000 + round) as u64);
    let mut mine: Vec<String> = Vec::new();
    let ceo = Id::from(CEO);
    for op in 0..OPS_PER_TASK / ROUNDS {
        let roll = rng.below(100);
        // Updates and deletes need a role of this task's; without one, create.
        let roll = if roll >= 60 && mine.is_empty() {
            0
        } else {
            roll
        };
        if roll < 40 {
            let name = format!("load-{task}-{round}-{op}");
            let result = client
                .roles()
                .create(NewRole::new(name.clone()).reporting_to(CEO))
                .await
                .and_then(|r| r.into_single());
            let mut report = report.lock().unwrap();
            report.count("create");
            let created = match result {
                Ok(success) => {
                    mine.push(success.details.id.as_str().to_owned());
                    Created::Yes(success.details.id.as_str().to_owned())
                }
                Err(e) => {
                    report.error("create", &e);
                    match e {
                        Error::Api(e) => Created::Refused(e.code().to_owned()),
                        Error::Transport {
                            may_have_been_applied,
                            ..
                        } => Created::Lost {
                            may_have_been_applied,
                        },
                        other => Created::Other(other.to_string()),
                    }
                }
            };
            report.creates.push((name, created));
        } else if roll < 60 {
            let result = client.roles().list().await;
            let mut report = report.lock().unwrap();
            report.count("list");
            if let Err(e) = result {
                report.error("list", &e);
            }
        } else if roll < 75 {
            let id = Id::from(mine[rng.below(mine.len() as u64) as usize].as_str());
            let changes = RoleChanges::new().description(format!("changed in round {round}"));
            let result = client
                .roles()
                .update(&id, changes)
                .await
                .and_then(|r| r.into_single());
            let mut report = report.lock().unwrap();
            report.count("update");
            if let Err(e) = result {
                report.error("update", &e);
            }
        } else {
            let id = mine.swap_remove(rng.below(mine.len() as u64) as usize);
            let result = client
                .roles()
                .delete(&Id::from(id.as_str()), &ceo)
                .await
                .and_then(|r| r.into_single());
            let mut report = report.lock().unwrap();
            report.count("delete");
            let outcome = match result {
                Ok(_) => Deleted::Yes,
                Err(e) => {
                    report.error("delete", &e);
                    Deleted::Failed
                }
            };
            report.deletes.push((id, outcome));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_under_faults_and_token_expiry_never_lose_or_duplicate_a_record() {
    let mock = MockServer::builder()
        .client(CLIENT_ID, CLIENT_SECRET)
        .refresh_token(REFRESH_TOKEN, &[])
        .token_lifetime(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let roles_before: Vec<String> = mock
        .records("roles")
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    let policy = RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(5),
    };
    // Several clients (each with its own token cache and connection pool) and clones of them.
    let clients: Vec<zohocrm::Client> = (0..4)
        .map(|_| {
            zohocrm::Client::builder()
                .base_url(mock.base_url())
                .oauth(
                    OAuth::new(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
                        .accounts_url(mock.base_url())
                        .refresh_margin(Duration::from_millis(1800)),
                )
                .timeout(Duration::from_secs(3))
                .retry(policy)
                .build()
                .unwrap()
        })
        .collect();

    let report = Arc::new(Mutex::new(Report::default()));
    let mut faults_injected: BTreeMap<&str, usize> = BTreeMap::new();
    let mut expiries = 0;
    let started = Instant::now();
    let mut rng = Rng(42);
    for round in 0..ROUNDS {
        // Faults for the next calls, whichever task makes them.
        for _ in 0..12 {
            let (name, fault) = match rng.below(6) {
                0 => ("500", Fault::Status500),
                1 => ("429", Fault::TooManyRequests { retry_after: None }),
                2 => (
                    "429 with Retry-After: 0",
                    Fault::TooManyRequests {
                        retry_after: Some(0),
                    },
                ),
                3 => ("delay 50 ms", Fault::Delay(Duration::from_millis(50))),
                4 => ("dropped connection", Fault::DropConnection),
                _ => ("dropped after applying", Fault::DropAfterApply),
            };
            mock.fail_next(1, fault);
            *faults_injected.entry(name).or_default() += 1;
        }
        let tasks: Vec<_> = (0..TASKS)
            .map(|task| {
                tokio::spawn(worker(
                    clients[task % clients.len()].clone(),
                    task,
                    round,
                    report.clone(),
                ))
            })
            .collect();
        // Mid-round, with calls in flight, every token issued so far dies; in every other round
        // only. A call replaces a rejected token once, so a call that meets two revocations
        // fails with INVALID_TOKEN by design; and a client that made no call after one
        // revocation still holds the dead token when the next round starts, so revocations in
        // back-to-back rounds could reach one call twice. The rounds between let every client
        // replace its token.
        if round % 2 == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            mock.expire_tokens();
            expiries += 1;
        }
        for task in tasks {
            task.await.expect("a worker panicked");
        }
    }
    let elapsed = started.elapsed();
    let report = Arc::try_unwrap(report).ok().unwrap().into_inner().unwrap();

    // Reconcile with the mock's records.
    let mut stored: HashMap<String, Vec<String>> = HashMap::new();
    for record in mock.records("roles") {
        let name = record["name"].as_str().unwrap().to_owned();
        let id = record["id"].as_str().unwrap().to_owned();
        stored.entry(name).or_default().push(id);
    }
    let deletes: HashMap<&str, Deleted> = report
        .deletes
        .iter()
        .map(|(id, outcome)| (id.as_str(), *outcome))
        .collect();
    let mut problems = Vec::new();
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, created) in &report.creates {
        let ids = stored.get(name).cloned().unwrap_or_default();
        if ids.len() > 1 {
            problems.push(format!("{name} is stored {} times", ids.len()));
        }
        match created {
            Created::Yes(id) => {
                *tally.entry("create succeeded").or_default() += 1;
                match deletes.get(id.as_str()) {
                    Some(Deleted::Yes) if !ids.is_empty() => {
                        problems.push(format!("{name} ({id}) was deleted but is still stored"))
                    }
                    None if ids != [id.clone()] => problems.push(format!(
                        "{name} was created as {id} but the mock has {ids:?}"
                    )),
                    _ => {}
                }
            }
            Created::Refused(code) => {
                *tally.entry("create refused by the server").or_default() += 1;
                if !ids.is_empty() {
                    problems.push(format!("{name} failed with {code} but is stored"));
                }
                if code == "DUPLICATE_DATA" {
                    problems.push(format!("{name} was sent twice: DUPLICATE_DATA"));
                }
            }
            Created::Lost {
                may_have_been_applied: true,
            } => {
                *tally
                    .entry("create lost, may have been applied")
                    .or_default() += 1;
                if !ids.is_empty() {
                    *tally.entry("  ... and was applied").or_default() += 1;
                }
            }
            Created::Lost {
                may_have_been_applied: false,
            } => {
                *tally.entry("create lost, not applied").or_default() += 1;
                if !ids.is_empty() {
                    problems.push(format!("{name} said it was not applied but is stored"));
                }
            }
            Created::Other(e) => problems.push(format!("{name}: unexpected error {e}")),
        }
    }
    let made: std::collections::HashSet<&str> =
        report.creates.iter().map(|(n, _)| n.as_str()).collect();
    for (name, ids) in &stored {
        if !made.contains(name.as_str()) && !roles_before.contains(name) {
            problems.push(format!("{name} ({ids:?}) is stored but no create made it"));
        }
    }
    for name in &roles_before {
        if stored.get(name).map(Vec::len) != Some(1) {
            problems.push(format!("the seeded role {name} was lost or duplicated"));
        }
    }
    // Each create reached the server at most twice (once more only after INVALID_TOKEN).
    let mut posts: HashMap<String, usize> = HashMap::new();
    for request in mock.requests() {
        if request.method == "POST" {
            if let Some(name) = request
                .json()
                .and_then(|b| b["roles"][0]["name"].as_str().map(str::to_owned))
            {
                *posts.entry(name).or_default() += 1;
            }
        }
    }
    for (name, n) in &posts {
        if *n > 2 {
            problems.push(format!("{name} was POSTed {n} times"));
        }
    }

    let ops: usize = report.counts.values().sum();
    println!(
        "load: {TASKS} tasks x {OPS_PER_TASK} ops in {ROUNDS} rounds = {ops} operations {:?} in {elapsed:?}; faults {faults_injected:?}; {expiries} forced token expiries, {} token requests; outcomes {tally:?}; errors {:?}",
        report.counts,
        mock.token_requests(),
        report.errors
    );
    assert_eq!(ops, TASKS * OPS_PER_TASK);
    problems.extend(
        report
            .auth_failures
            .iter()
            .map(|f| format!("failed for auth reasons: {f}")),
    );
    // How long it took is printed above, not asserted: speed is measured by benchmarks.
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
