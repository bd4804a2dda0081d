//! zohocrm-mock against random and mutated requests: it never crashes, every answer is a
//! Zoho-style envelope (an error `{"code", "details", "message", "status": "error"}` at top
//! level or per item inside the wrapper, or a success), and its stores stay consistent: each
//! store's count is its seed plus the creates and minus the deletes the mock reported as
//! successes.
//!
//! The requests come from a seeded generator (SplitMix64), so a failure names the seed and the
//! case that reproduces it: `HOSTILE_SEED=<seed> HOSTILE_CASES=<n> cargo test -p zohocrm-mock
//! --test it hostile_requests -- --nocapture`.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zohocrm_mock::MockServer;

use crate::support::{ADMINISTRATOR, CEO, DEBORAH, MANAGER, NEW_YORK, PATRICIA, STANDARD, ZYLKER};

const DEFAULT_SEED: u64 = 0x5EED_2024_0BAD_F00D;
const DEFAULT_CASES: usize = 1000;

/// The stores whose counts are reconciled, by wrapper key.
const STORES: [&str; 5] = ["roles", "user_groups", "users", "territories", "profiles"];

/// SplitMix64: small, seedable, good enough to spread cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn string(&mut self, max: usize) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            "9",
            " ",
            "#",
            "%",
            "/",
            "?",
            "&",
            "=",
            ",",
            "\"",
            "\\",
            "'",
            "<",
            ">",
            "{",
            "}",
            "[",
            "]",
            "é",
            "☃",
            "𝄞",
            "\u{0}",
            "\u{7f}",
            "\n",
            "\t",
            "..",
            "%00",
            "%ff",
            "%2F",
            "null",
            "true",
            "-1",
            "1e400",
            "5843104000000000001",
        ];
        let len = self.below(max + 1);
        (0..len).map(|_| *self.pick(PIECES)).collect()
    }
}

/// One request to send.
#[derive(Debug, Clone)]
struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    token: Option<String>,
    content_type: Option<&'static str>,
    extra_headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

/// The collections and records a request may aim at.
const COLLECTIONS: &[(&str, &str)] = &[
    ("/settings/roles", "roles"),
    ("/settings/user_groups", "user_groups"),
    ("/users", "users"),
    ("/settings/territories", "territories"),
    ("/settings/profiles", "profiles"),
];

const KNOWN_IDS: &[&str] = &[
    CEO,
    MANAGER,
    PATRICIA,
    DEBORAH,
    ZYLKER,
    NEW_YORK,
    ADMINISTRATOR,
    STANDARD,
];

/// Ids the mock reported as created, with their store.
type Created = Vec<(String, String)>;

fn an_id(rng: &mut Rng, created: &Created) -> String {
    match rng.below(7) {
        0 | 1 if !created.is_empty() => rng.pick(created).1.clone(),
        0..=2 => (*rng.pick(KNOWN_IDS)).to_owned(),
        3 => format!("5843104{:012}", rng.next() % 1_000_000_000_000),
        4 => rng.string(8),
        5 => "9".repeat(1 + rng.below(40)),
        _ => (*rng.pick(&["-1", "0", "1.5", "%20", "00000000000000000000", "", "null"])).to_owned(),
    }
}

/// A plausible item for `store`'s create or update, before mutation.
fn an_item(rng: &mut Rng, store: &str, created: &Created) -> Value {
    let name = format!("hostile {} {}", rng.next() % 100_000, rng.string(3));
    match store {
        "roles" => json!({
            "name": name,
            "reporting_to": if rng.chance(60) { json!(CEO) } else { json!({"id": an_id(rng, created)}) },
            "description": rng.string(20),
            "share_with_peers": rng.chance(50),
        }),
        "user_groups" => json!({
            "name": name,
            "description": rng.string(10),
            "sources": [{
                "type": rng.pick(&["roles", "users", "territories", "groups", "planets"]),
                "source": {"id": if rng.chance(70) { (*rng.pick(&[CEO, PATRICIA, ZYLKER])).to_owned() } else { an_id(rng, created) }},
                "subordinates": rng.chance(50),
            }],
        }),
        "users" => json!({
            "first_name": rng.string(6),
            "last_name": name,
            "email": format!("h{}@example.invalid", rng.next() % 1_000_000),
            "role": if rng.chance(70) { json!(CEO) } else { json!(an_id(rng, created)) },
            "profile": if rng.chance(70) { json!(STANDARD) } else { json!(an_id(rng, created)) },
        }),
        "territories" => json!({
            "name": name,
            "reporting_to": {"id": if rng.chance(70) { ZYLKER.to_owned() } else { an_id(rng, created) }},
            "permission_type": rng.pick(&["read_only", "read_write_delete", "read_write"]),
            "description": rng.string(10),
        }),
        _ => json!({"name": name, "description": rng.string(10)}),
    }
}

/// Changes a JSON value in one random way.
fn mutate(rng: &mut Rng, value: &mut Value, depth: usize) {
    if depth > 4 || rng.chance(35) {
        *value = match rng.below(12) {
            0 => Value::Null,
            1 => json!(rng.chance(50)),
            2 => json!(rng.next() as i64),
            3 => json!(-0.5e300),
            4 => json!(rng.string(30)),
            5 => json!("x".repeat(70_000)),
            6 => json!([]),
            7 => json!({}),
            8 => json!([rng.string(4), 1, null, {"id": CEO}]),
            9 => json!({"id": rng.string(6)}),
            10 => json!(u64::MAX),
            _ => json!({"_delete": null, "id": CEO}),
        };
        return;
    }
    match value {
        Value::Object(map) if !map.is_empty() && rng.chance(70) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(3) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(rng.string(6), json!(rng.string(6)));
                }
                _ => mutate(rng, map.get_mut(&key).unwrap(), depth + 1),
            }
        }
        Value::Array(items) if !items.is_empty() && rng.chance(70) => {
            let at = rng.below(items.len());
            match rng.below(3) {
                0 => {
                    items.remove(at);
                }
                1 => {
                    let copy = items[at].clone();
                    items.push(copy);
                }
                _ => mutate(rng, &mut items[at], depth + 1),
            }
        }
        _ => mutate(rng, value, 99),
    }
}

/// A body: mostly well-formed items under the right wrapper, mutated or not; sometimes junk.
fn a_body(rng: &mut Rng, store: &str, created: &Created, with_ids: bool) -> Vec<u8> {
    match rng.below(20) {
        0 => Vec::new(),
        1 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
        2 => rng.string(30).into_bytes(),
        3 => b"[]".to_vec(),
        4 => format!("{{\"{store}\": {}}}", "[".repeat(2000)).into_bytes(),
        5 => format!("{{\"{store}\": []}}").into_bytes(),
        6 => {
            // Over the 1 MiB limit.
            let mut body = format!("{{\"{store}\": [{{\"name\": \"").into_bytes();
            body.extend(std::iter::repeat_n(b'x', 1_100_000));
            body.extend_from_slice(b"\"}]}");
            body
        }
        7 => {
            // Valid JSON without its opening brace.
            let body = json!({store: [an_item(rng, store, created)]}).to_string();
            body.as_bytes()[1..].to_vec()
        }
        _ => {
            let count = if rng.chance(85) { 1 } else { 1 + rng.below(12) };
            let items: Vec<Value> = (0..count)
                .map(|_| {
                    let mut item = an_item(rng, store, created);
                    if with_ids {
                        item["id"] = json!(an_id(rng, created));
                    }
                    if rng.chance(45) {
                        mutate(rng, &mut item, 0);
                    }
                    item
                })
                .collect();
            let wrapper = if rng.chance(92) {
                store.to_owned()
            } else {
                rng.pick(&["data", "role", "Roles", ""]).to_string()
            };
            let mut body = json!({ wrapper: items });
            if rng.chance(10) {
                mutate(rng, &mut body, 0);
            }
            body.to_string().into_bytes()
        }
    }
}

fn a_query(rng: &mut Rng, created: &Created) -> Vec<(String, String)> {
    const NAMES: &[&str] = &[
        "page",
        "per_page",
        "ids",
        "transfer_to_id",
        "new_owner_id",
        "type",
        "include",
        "filters",
        "name",
        "ids",
        "Page",
        "",
    ];
    let mut query = Vec::new();
    for _ in 0..rng.below(4) {
        let name = (*rng.pick(NAMES)).to_owned();
        let value = match rng.below(9) {
            0 => (rng.next() % 3000).to_string(),
            1 => format!("-{}", rng.next() % 10),
            2 => "99999999999999999999999".into(),
            3 => an_id(rng, created),
            4 => (0..1 + rng.below(120))
                .map(|_| an_id(rng, created))
                .collect::<Vec<_>>()
                .join(","),
            5 => (*rng.pick(&[
                "sources",
                "sources_count",
                "AllUsers",
                "CurrentUser",
                "ActiveUsers",
            ]))
            .to_owned(),
            6 => r#"{"comparator":"equal","field":{"api_name":"name"},"value":"CEO"}"#.into(),
            7 => r#"{"group_operator":"or","group":[{"comparator":"starts_with"}]}"#.into(),
            _ => rng.string(12),
        };
        query.push((name, value));
    }
    query
}

fn a_hostile_request(rng: &mut Rng, created: &Created, token: &str) -> Request {
    let (collection, store) = *rng.pick(COLLECTIONS);
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::HEAD,
        Method::from_bytes(b"BREW").unwrap(),
        Method::from_bytes(b"get").unwrap(),
    ];
    let method = match rng.below(10) {
        0..=2 => Method::POST,
        3 | 4 => Method::GET,
        5 => Method::PUT,
        6 => Method::DELETE,
        _ => rng.pick(&methods).clone(),
    };
    let mut path = format!("/crm/v7{collection}");
    match rng.below(12) {
        0..=4 => {}
        5..=7 => path.push_str(&format!("/{}", an_id(rng, created))),
        8 => path.push_str(&format!(
            "/{}/{}",
            an_id(rng, created),
            rng.pick(&[
                "territories",
                "sources",
                "actions/count",
                "associations",
                "users"
            ])
        )),
        9 => {
            path = rng
                .pick(&[
                    "/crm/v7/org",
                    "/crm/v7/users/actions/count",
                    "/crm/v6/settings/roles",
                    "/",
                    "/crm/v7",
                    "/crm/v7/",
                    "/crm/v7/settings//roles",
                    "/crm/v7/settings/roles/",
                    "/crm/v7/settings/profiles/3652397000000026014/actions/clone",
                ])
                .to_string()
        }
        10 => path.push_str(&format!("/{}", rng.string(6).replace(['?', '#'], "%3F"))),
        _ => path = format!("/crm/v7/{}", rng.string(10).replace(['?', '#'], "")),
    }
    let with_ids = method == Method::PUT && !path.ends_with(|c: char| c.is_ascii_digit());
    let body = if method == Method::GET || method == Method::HEAD || rng.chance(5) {
        rng.chance(10).then(|| a_body(rng, store, created, false))
    } else {
        Some(a_body(rng, store, created, with_ids))
    };
    let token = match rng.below(20) {
        0 => None,
        1 => Some("Bearer nonsense".to_owned()),
        2 => Some(format!(
            "Zoho-oauthtoken {}",
            rng.string(10).replace(['\n', '\u{0}', '\u{7f}', '\t'], "")
        )),
        3 => Some(format!("zoho-oauthtoken   {token}")),
        _ => Some(format!("Zoho-oauthtoken {token}")),
    };
    let content_type = *rng.pick(&[
        None,
        Some("application/json"),
        Some("application/json;charset=UTF-8"),
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        Some("application/x-www-form-urlencoded"),
    ]);
    let extra_headers = (0..rng.below(3))
        .map(|i| {
            let value: String = rng
                .string(20)
                .chars()
                .filter(|c| c.is_ascii() && !c.is_ascii_control())
                .collect();
            (format!("x-hostile-{i}"), value)
        })
        .collect();
    Request {
        method,
        path,
        query: a_query(rng, created),
        token,
        content_type,
        extra_headers,
        body,
    }
}

/// A request as a client would send it (right method, path, parameters, token and body),
/// its body mutated now and then.
fn a_wellformed_request(rng: &mut Rng, created: &Created, token: &str) -> Request {
    let (collection, store) = *rng.pick(COLLECTIONS);
    let mine: Vec<String> = created
        .iter()
        .filter(|(s, _)| s == store)
        .map(|(_, id)| id.clone())
        .collect();
    let target = if !mine.is_empty() && rng.chance(80) {
        rng.pick(&mine).clone()
    } else {
        an_id(rng, created)
    };
    let item = |rng: &mut Rng| {
        let mut item = an_item(rng, store, created);
        if rng.chance(20) {
            mutate(rng, &mut item, 0);
        }
        item
    };
    let mut query = Vec::new();
    let (method, path, body) = match rng.below(20) {
        0..=7 if store == "profiles" => (
            Method::POST,
            format!(
                "/crm/v7{collection}/{}/actions/clone",
                rng.pick(&[ADMINISTRATOR, STANDARD])
            ),
            Some(json!({"profiles": [item(rng)]})),
        ),
        0..=7 => {
            let count = if rng.chance(80) { 1 } else { 2 + rng.below(3) };
            let items: Vec<Value> = (0..count).map(|_| item(rng)).collect();
            (
                Method::POST,
                format!("/crm/v7{collection}"),
                Some(json!({ store: items })),
            )
        }
        8..=11 => {
            match store {
                "roles" => query.push(("transfer_to_id".into(), CEO.into())),
                "profiles" => query.push(("transfer_to".into(), STANDARD.into())),
                "territories" => query.push(("delete_previous_forecasts".into(), "false".into())),
                _ => {}
            }
            if store == "territories" && rng.chance(40) {
                let ids: Vec<String> = (0..1 + rng.below(3)).map(|_| an_id(rng, created)).collect();
                query.push(("ids".into(), ids.join(",")));
                (Method::DELETE, format!("/crm/v7{collection}"), None)
            } else {
                (
                    Method::DELETE,
                    format!("/crm/v7{collection}/{target}"),
                    None,
                )
            }
        }
        12..=14 => {
            let mut changes = item(rng);
            if let Some(map) = changes.as_object_mut() {
                map.remove("name");
            }
            (
                Method::PUT,
                format!("/crm/v7{collection}/{target}"),
                Some(json!({ store: [changes] })),
            )
        }
        15..=17 => (Method::GET, format!("/crm/v7{collection}"), None),
        _ => (Method::GET, format!("/crm/v7{collection}/{target}"), None),
    };
    Request {
        method,
        path,
        query,
        token: Some(format!("Zoho-oauthtoken {token}")),
        content_type: Some("application/json"),
        extra_headers: Vec::new(),
        body: body.map(|b| b.to_string().into_bytes()),
    }
}

fn a_request(rng: &mut Rng, created: &Created, token: &str) -> Request {
    if rng.chance(50) {
        a_wellformed_request(rng, created, token)
    } else {
        a_hostile_request(rng, created, token)
    }
}

/// What a successful answer to `method path` does to the store counts: `(store, +1)` per
/// success of a create (or a profile clone), `(store, -1)` per success of a delete, nothing for
/// every other call (reads, updates, sub-resources).
fn effect_of(method: &Method, path: &str) -> Option<(&'static str, i64)> {
    let rest = path.strip_prefix("/crm/v7/")?.trim_end_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    let store = |name: &str| STORES.iter().copied().find(|s| *s == name);
    match (method.as_str(), segments.as_slice()) {
        ("POST", ["settings", name]) => Some((store(name)?, 1)),
        ("POST", ["users"]) => Some(("users", 1)),
        ("POST", ["settings", "profiles", _, "actions", "clone"]) => Some(("profiles", 1)),
        ("DELETE", ["settings", name] | ["settings", name, _]) => Some((store(name)?, -1)),
        ("DELETE", ["users", _]) => Some(("users", -1)),
        _ => None,
    }
}

/// Whether `value` is exactly a Zoho error: `{"code", "details", "message", "status": "error"}`.
fn is_error_envelope(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys == ["code", "details", "message", "status"]
        && object["code"].as_str().is_some_and(|c| !c.is_empty())
        && object["details"].is_object()
        && object["message"].is_string()
        && object["status"] == "error"
}

/// Whether `value` is one action success: `{"code", "details", "message", "status"}`.
fn is_action_success(value: &Value) -> bool {
    value.get("code").is_some_and(Value::is_string)
        && value.get("details").is_some_and(Value::is_object)
        && value.get("message").is_some_and(Value::is_string)
        && value.get("status").is_some_and(|s| s != "error")
}

/// What an answer says happened, for the store counts.
#[derive(Debug, Default)]
struct Effect {
    /// Successful action items by wrapper key.
    successes: BTreeMap<String, usize>,
}

/// Checks that an answer is a Zoho envelope; returns the effect or why it is not.
fn check_answer(method: &Method, status: u16, body: &[u8]) -> Result<Effect, String> {
    if method == Method::HEAD || status == 204 {
        return if body.is_empty() {
            Ok(Effect::default())
        } else {
            Err("a body with HEAD or 204".into())
        };
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the answer is not JSON: {e}"))?;
    if is_error_envelope(&value) {
        return if status >= 400 {
            Ok(Effect::default())
        } else {
            Err(format!("an error with status {status}"))
        };
    }
    let object = value.as_object().ok_or("the answer is not an object")?;
    if status >= 400 && status != 207 {
        // Only a per-item wrapper whose items all failed may carry a 4xx.
        let all_errors = object.len() == 1
            && object
                .values()
                .next()
                .and_then(Value::as_array)
                .is_some_and(|items| !items.is_empty() && items.iter().all(is_error_envelope));
        return if all_errors {
            Ok(Effect::default())
        } else {
            Err(format!("HTTP {status} without an error envelope"))
        };
    }
    let mut effect = Effect::default();
    for (key, items) in object {
        let Some(items) = items.as_array() else {
            continue;
        };
        if items
            .iter()
            .any(|i| i.get("code").is_some() && i.get("status").is_some())
        {
            // Action results: each a success or an error.
            for item in items {
                if is_action_success(item) {
                    *effect.successes.entry(key.clone()).or_default() += 1;
                } else if !is_error_envelope(item) {
                    return Err(format!("result item is neither success nor error: {item}"));
                }
            }
        }
    }
    Ok(effect)
}

/// Sends a request; answers the status, the body and the path as sent (URL parsing drops tabs
/// and newlines and trims spaces, so it may differ from `request.path`).
async fn send(
    http: &reqwest::Client,
    mock: &MockServer,
    request: &Request,
) -> Result<(u16, Vec<u8>, String), String> {
    let url = reqwest::Url::parse(&format!("{}{}", mock.base_url(), request.path))
        .map_err(|e| format!("not a URL: {e}"))?;
    let sent_path = url.path().to_owned();
    let mut builder = http.request(request.method.clone(), url);
    if !request.query.is_empty() {
        builder = builder.query(&request.query);
    }
    if let Some(token) = &request.token {
        builder = builder.header("Authorization", token);
    }
    if let Some(content_type) = request.content_type {
        builder = builder.header("Content-Type", content_type);
    }
    for (name, value) in &request.extra_headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder
        .send()
        .await
        .map_err(|e| format!("no answer: {e:?}"))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("the answer's body broke: {e:?}"))?;
    Ok((status, body.to_vec(), sent_path))
}

fn describe(request: &Request) -> String {
    let body = request.body.as_ref().map(|b| {
        let text = String::from_utf8_lossy(&b[..b.len().min(300)]).into_owned();
        format!("{text}{}", if b.len() > 300 { "…" } else { "" })
    });
    format!(
        "{} {} query={:?} token={:?} content-type={:?} body={body:?}",
        request.method, request.path, request.query, request.token, request.content_type
    )
}

#[tokio::test]
async fn random_and_mutated_requests_get_envelopes_and_keep_the_stores_consistent() {
    let seed = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let cases = std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let mut rng = Rng(seed);
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let seeded: BTreeMap<&str, usize> = STORES.iter().map(|s| (*s, mock.count(s))).collect();
    let mut expected = seeded.clone();
    let mut created: Created = Vec::new();
    let mut failures = Vec::new();
    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    let (mut creates, mut deletes) = (0, 0);
    for case in 0..cases {
        let request = a_request(&mut rng, &created, mock.token());
        let answer = send(&http, &mock, &request).await;
        let (status, body, sent_path) = match answer {
            Ok(answer) => answer,
            Err(e) => {
                failures.push(format!("case {case}: {e}\n  {}", describe(&request)));
                continue;
            }
        };
        *by_status.entry(status).or_default() += 1;
        if status >= 500 && status != 501 {
            // No fault is injected here: a 5xx is the mock failing (its own answer did not fit
            // the spec, or worse).
            failures.push(format!(
                "case {case}: HTTP {status}\n  {}\n  answer: {}",
                describe(&request),
                String::from_utf8_lossy(&body[..body.len().min(600)])
            ));
        }
        match check_answer(&request.method, status, &body) {
            Ok(effect) => {
                let successes: usize = effect.successes.values().sum();
                if let Some((store, sign)) = effect_of(&request.method, &sent_path) {
                    let count = expected.get_mut(store).unwrap();
                    if sign > 0 {
                        *count += successes;
                        creates += successes;
                        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
                            collect_ids(&value, store, &mut created);
                        }
                    } else {
                        *count -= successes;
                        deletes += successes;
                    }
                }
            }
            Err(why) => failures.push(format!(
                "case {case}: {why}\n  {}\n  answer {status}: {}",
                describe(&request),
                String::from_utf8_lossy(&body[..body.len().min(400)])
            )),
        }
        let counts: BTreeMap<&str, usize> = STORES.iter().map(|s| (*s, mock.count(s))).collect();
        if counts != expected {
            failures.push(format!(
                "case {case}: counts {counts:?}, expected {expected:?}\n  {}\n  answer {status}: {}",
                describe(&request),
                String::from_utf8_lossy(&body[..body.len().min(400)])
            ));
            expected = counts;
        }
    }
    // Still alive and answering.
    let (status, _, _) = send(
        &http,
        &mock,
        &Request {
            method: Method::GET,
            path: "/crm/v7/settings/roles".into(),
            query: Vec::new(),
            token: Some(format!("Zoho-oauthtoken {}", mock.token())),
            content_type: None,
            extra_headers: Vec::new(),
            body: None,
        },
    )
    .await
    .expect("the mock still answers");
    assert_eq!(status, 200);
    println!(
        "hostile requests: seed {seed:#x}, {cases} requests, {creates} creates and {deletes} deletes applied, statuses {by_status:?}, {} failures",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed (seed {seed:#x}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The ids of the successes in an action answer.
fn collect_ids(value: &Value, store: &str, out: &mut Created) {
    let Some(object) = value.as_object() else {
        return;
    };
    for items in object.values().filter_map(Value::as_array) {
        for item in items.iter().filter(|i| is_action_success(i)) {
            if let Some(id) = item.pointer("/details/id").and_then(Value::as_str) {
                out.push((store.to_owned(), id.to_owned()));
            }
        }
    }
}

/// Bytes that are not a well-formed HTTP request: the mock's HTTP layer refuses or closes
/// them, and the mock keeps serving.
#[tokio::test]
async fn malformed_http_does_not_bring_the_mock_down() {
    let mock = MockServer::start().await.unwrap();
    let token = mock.token().to_owned();
    let before = mock.count("roles");
    let raw: Vec<Vec<u8>> = vec![
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET /crm/v7/settings/roles HTTP/9.9\r\n\r\n".to_vec(),
        b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(),
        format!("GET /crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20)).into_bytes(),
        format!("POST /crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\nAuthorization: Zoho-oauthtoken {token}\r\nContent-Length: 10\r\nContent-Length: 30\r\n\r\n{{\"roles\":[]}}").into_bytes(),
        format!("POST /crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\nAuthorization: Zoho-oauthtoken {token}\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n").into_bytes(),
        format!("POST /crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\nAuthorization: Zoho-oauthtoken {token}\r\nContent-Length: 5000\r\n\r\n{{\"roles\":[{{\"name\":\"cut\"").into_bytes(),
        b"GET /crm/v7/settings/roles?%zz=%zz&&&=& HTTP/1.1\r\nHost: x\r\nAuthorization: Zoho-oauthtoken \xff\xfe\r\n\r\n".to_vec(),
        b"GET http://elsewhere.invalid/crm/v7/settings/roles HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
    ];
    let tried = raw.len();
    for bytes in raw {
        let mut stream = tokio::net::TcpStream::connect(mock.addr()).await.unwrap();
        let _ = stream.write_all(&bytes).await;
        let _ = stream.shutdown().await;
        let mut answer = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        assert!(
            read.is_ok(),
            "the mock held the connection: {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        );
        // Any answer must be HTTP; a Zoho body, when there is one, must be an envelope.
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            assert!(
                answer.starts_with(b"HTTP/1.1 "),
                "{:?}",
                String::from_utf8_lossy(&answer)
            );
            let body = &answer[end + 4..];
            if body.starts_with(b"{") {
                let value: Value = serde_json::from_slice(body).unwrap();
                assert!(is_error_envelope(&value), "{value}");
            }
        }
    }
    assert_eq!(
        mock.count("roles"),
        before,
        "no malformed request created a role"
    );
    let ok = reqwest::Client::new()
        .get(format!("{}/crm/v7/settings/roles", mock.base_url()))
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    println!("hostile requests: {tried} malformed HTTP requests");
}

/// FINDING 9 (fixed): a create or update that sent `null` for an optional key the spec does not
/// make nullable succeeded, the record was stored with the `null`, and from then on every read
/// of the store answered 500 ("zohocrm-mock built an answer that does not fit the spec"). Now
/// each such item is refused with INVALID_DATA naming the key (`api_name`, `json_path`), at any
/// depth, and the store stays readable.
#[tokio::test]
async fn a_null_for_a_key_that_is_not_nullable_is_refused() {
    let cases = [
        (
            "PUT",
            "/crm/v7/settings/roles/3652397000000026008",
            json!({"roles": [{"share_with_peers": null}]}),
            "share_with_peers",
            "$.roles[0].share_with_peers",
        ),
        (
            "PUT",
            "/crm/v7/settings/roles/3652397000000026008",
            json!({"roles": [{"name": null}]}),
            "name",
            "$.roles[0].name",
        ),
        (
            "PUT",
            "/crm/v7/users/3652397000000281001",
            json!({"users": [{"email": null}]}),
            "email",
            "$.users[0].email",
        ),
        (
            "PUT",
            "/crm/v7/settings/territories/3652397000007622003",
            json!({"territories": [{"permission_type": null}]}),
            "permission_type",
            "$.territories[0].permission_type",
        ),
        (
            "PUT",
            "/crm/v7/settings/territories",
            json!({"territories": [{"id": NEW_YORK, "name": null}]}),
            "name",
            "$.territories[0].name",
        ),
        (
            "POST",
            "/crm/v7/settings/roles",
            json!({"roles": [{"name": "N1", "share_with_peers": null}]}),
            "share_with_peers",
            "$.roles[0].share_with_peers",
        ),
        (
            "POST",
            "/crm/v7/settings/user_groups",
            json!({"user_groups": [{"name": "G", "sources": [{"type": "roles", "source": {"id": CEO}, "subordinates": null}]}]}),
            "subordinates",
            "$.user_groups[0].sources[0].subordinates",
        ),
        (
            "PUT",
            "/crm/v7/settings/profiles/3652397000000026014",
            json!({"profiles": [{"name": null, "permissions_details": []}]}),
            "name",
            "$.profiles[0].name",
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body, api_name, json_path) in cases {
        let mock = MockServer::start().await.unwrap();
        let before: Vec<Vec<Value>> = STORES.iter().map(|s| mock.records(s)).collect();
        let http = reqwest::Client::new();
        let auth = format!("Zoho-oauthtoken {}", mock.token());
        let answer = http
            .request(
                method.parse().unwrap(),
                format!("{}{path}", mock.base_url()),
            )
            .header("Authorization", &auth)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let answer: Value = answer.json().await.unwrap();
        let wrapper = body.as_object().unwrap().keys().next().unwrap();
        let error = &answer[wrapper.as_str()][0];
        let refused = (400..500).contains(&status)
            && is_error_envelope(error)
            && error["code"] == "INVALID_DATA"
            && error["details"]["api_name"] == api_name
            && error["details"]["json_path"] == json_path;
        let after: Vec<Vec<Value>> = STORES.iter().map(|s| mock.records(s)).collect();
        let collection = path
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('/');
        let list = http
            .get(format!("{}{collection}?include=sources", mock.base_url()))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap();
        if !refused || before != after || list.status().is_server_error() {
            failures.push(format!(
                "{method} {path} {body}: HTTP {status} {answer}, stores changed: {}, then GET {collection}: {} {}",
                before != after,
                list.status(),
                list.text().await.unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The keys the spec makes nullable take `null`, which clears them (a territory's
/// `description`, `manager` and criteria), and the store stays readable.
#[tokio::test]
async fn a_null_for_a_nullable_key_clears_it() {
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let auth = format!("Zoho-oauthtoken {}", mock.token());
    let url = format!("{}/crm/v7/settings/territories/{NEW_YORK}", mock.base_url());
    let set = json!({"territories": [{"description": "East coast", "manager": {"id": PATRICIA}}]});
    let clear = json!({"territories": [{"description": null, "manager": null, "account_rule_criteria": null}]});
    for body in [set, clear] {
        let answer = http
            .put(&url)
            .header("Authorization", &auth)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    }
    let read = http
        .get(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let read: Value = read.json().await.unwrap();
    let territory = &read["territories"][0];
    for key in ["description", "manager", "account_rule_criteria"] {
        assert_eq!(
            territory.get(key),
            Some(&Value::Null),
            "{key} in {territory}"
        );
    }
}

/// FINDING 8 (fixed): the token endpoint answered a method other than POST with axum's bare 405
/// and an empty body, not with an `{"error": ...}` object like its other refusals. Now every
/// other method gets 405 with `Allow: POST` and `{"error": "invalid_request"}`.
#[tokio::test]
async fn the_token_endpoint_refuses_other_methods_with_a_json_error() {
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
        let answer = http
            .request(method.clone(), mock.token_url())
            .query(&[("grant_type", "refresh_token")])
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let allow: Vec<_> = answer
            .headers()
            .get_all("allow")
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        assert_eq!((status, allow), (405, vec!["POST"]), "{method}");
        let body = answer.bytes().await.unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!("{method}: HTTP {status} with a body that is not JSON ({e}): {body:?}")
        });
        assert_eq!(value, json!({"error": "invalid_request"}), "{method}");
    }
    assert_eq!(mock.token_requests(), 4);
}

/// Sanity check of the envelope checks themselves.
#[test]
fn the_envelope_checks_accept_what_zoho_sends_and_refuse_the_rest() {
    let error = json!({"code": "INVALID_DATA", "details": {}, "message": "m", "status": "error"});
    assert!(is_error_envelope(&error));
    let mut extra = error.as_object().unwrap().clone();
    extra.insert("x".into(), json!(1));
    assert!(!is_error_envelope(&Value::Object(extra)));
    assert!(check_answer(&Method::GET, 400, error.to_string().as_bytes()).is_ok());
    assert!(check_answer(&Method::GET, 200, error.to_string().as_bytes()).is_err());
    assert!(check_answer(&Method::GET, 500, b"oops").is_err());
    let mixed = json!({"roles": [
        {"code": "SUCCESS", "details": {"id": "1"}, "message": "ok", "status": "success"},
        error,
    ]});
    let effect = check_answer(&Method::POST, 207, mixed.to_string().as_bytes()).unwrap();
    assert_eq!(effect.successes.get("roles"), Some(&1));
}
