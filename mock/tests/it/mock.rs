//! zohocrm-mock over HTTP: envelopes, documented errors, auth, OAuth, faults, paging,
//! concurrency and the binary. Expected codes, statuses and messages are read from the spec
//! model the mock serves, so the tests follow the spec.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zohocrm_build::model::Trigger;
use zohocrm_mock::{Fault, MockError, MockServer};

use crate::support::{
    body_of, documented, generic, key, mock, op, shared, CEO, DEBORAH, MANAGER, NEW_YORK, PATRICIA,
};

/// One HTTP answer.
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Option<Value>,
}

impl Answer {
    fn json(&self) -> &Value {
        self.body.as_ref().expect("a JSON body")
    }
}

fn url(mock: &MockServer, path: &str) -> String {
    format!("{}/crm/v7{path}", mock.base_url())
}

/// Sends a call with `token` (none when `None`) and a raw body, without a Content-Type.
async fn send(
    mock: &MockServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Answer {
    let mut request = reqwest::Client::new().request(method, url(mock, path));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Zoho-oauthtoken {token}"));
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body =
        (!bytes.is_empty()).then(|| serde_json::from_slice(&bytes).expect("the body is JSON"));
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(mock: &MockServer, path: &str) -> Answer {
    send(mock, Method::GET, path, Some(mock.token()), None).await
}

async fn post(mock: &MockServer, path: &str, body: Value) -> Answer {
    send(
        mock,
        Method::POST,
        path,
        Some(mock.token()),
        Some(body.to_string()),
    )
    .await
}

async fn put(mock: &MockServer, path: &str, body: Value) -> Answer {
    send(
        mock,
        Method::PUT,
        path,
        Some(mock.token()),
        Some(body.to_string()),
    )
    .await
}

async fn delete(mock: &MockServer, path: &str) -> Answer {
    send(mock, Method::DELETE, path, Some(mock.token()), None).await
}

fn is_new_id(id: &Value) -> bool {
    id.as_str()
        .is_some_and(|s| s.len() == 19 && s.bytes().all(|b| b.is_ascii_digit()))
}

fn role_named<'a>(roles: &'a [Value], name: &str) -> Option<&'a Value> {
    roles.iter().find(|r| r["name"] == name)
}

// ---- create role: success and documented errors ----

#[tokio::test]
async fn create_role_answers_201_with_the_per_item_envelope_and_stores_a_role() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Product Manager", "reporting_to": MANAGER, "description": "Schedule"}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let item = &answer.json()["roles"][0];
    let id = item["details"]["id"].clone();
    assert!(is_new_id(&id), "{id}");
    assert_eq!(
        answer.json(),
        &json!({"roles": [{"code": "SUCCESS", "details": {"id": id}, "message": "Role added", "status": "success"}]})
    );
    let roles = mock.records("roles");
    let role = role_named(&roles, "Product Manager").expect("stored");
    assert_eq!(role["id"], id);
    assert_eq!(role["display_label"], "Product Manager");
    assert_eq!(role["share_with_peers"], false);
    assert_eq!(role["description"], "Schedule");
    assert_eq!(
        role["reporting_to"],
        json!({"name": "Manager", "id": MANAGER})
    );
    assert_eq!(role["forecast_manager"], Value::Null);
    assert_eq!(
        role["created_by__s"],
        json!({"name": "Patricia Boyle", "id": PATRICIA})
    );
    assert_eq!(role["modified_by__s"], role["created_by__s"]);
    let created = role["created_time__s"].as_str().expect("a time");
    assert!(
        created.len() == 25 && created.ends_with("+00:00"),
        "{created}"
    );

    let read = get(
        &mock,
        &format!("/settings/roles/{}", id.as_str().unwrap_or_default()),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json(), &json!({ "roles": [role] }));
}

#[tokio::test]
async fn create_role_without_name_is_the_documented_mandatory_error() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"description": "no name"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_role",
        Trigger::MissingKey { key: key("name") },
    );
    assert_eq!(doc.code, "MANDATORY_NOT_FOUND");
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"roles": [body_of(&doc, json!({"api_name": "name", "json_path": "$.roles[0].name"}))]})
    );
    assert_eq!(mock.count("roles"), 2);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_invalid_data_naming_the_key_and_type() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "X", "share_with_peers": "yes"}]}),
    )
    .await;
    let status = op(&mock, "create_role")
        .error("INVALID_DATA")
        .map(|c| c.status);
    assert_eq!(Some(answer.status.as_u16()), status);
    assert_eq!(
        answer.json(),
        &json!({"roles": [{
            "code": "INVALID_DATA",
            "details": {"api_name": "share_with_peers", "json_path": "$.roles[0].share_with_peers", "expected_data_type": "a boolean"},
            "message": "invalid data: `share_with_peers` should be a boolean",
            "status": "error",
        }]})
    );
}

#[tokio::test]
async fn null_for_a_required_key_is_invalid_data() {
    let mock = mock().await;
    let answer = post(&mock, "/settings/roles", json!({"roles": [{"name": null}]})).await;
    let item = &answer.json()["roles"][0];
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(item["code"], "INVALID_DATA");
    assert_eq!(item["details"]["api_name"], "name");
    assert_eq!(
        item["message"],
        "invalid data: `name` is null but not nullable"
    );
}

#[tokio::test]
async fn an_unknown_enum_value_is_invalid_data_with_the_supported_values() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "G", "sources": [{"type": "teams", "source": {"id": CEO}}]}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let item = &answer.json()["user_groups"][0];
    assert_eq!(item["code"], "INVALID_DATA");
    assert_eq!(
        item["details"],
        json!({"api_name": "type", "json_path": "$.user_groups[0].sources[0].type",
               "supported_values": ["roles", "territories", "users", "groups"]})
    );
    assert_eq!(
        item["message"],
        "invalid data: `type` is not one of the allowed values roles, territories, users, groups"
    );
}

#[tokio::test]
async fn a_duplicate_role_name_ignoring_case_is_the_documented_duplicate_error() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "ceo"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_role",
        Trigger::Duplicate { key: key("name") },
    );
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"roles": [body_of(&doc, json!({"api_name": "name", "json_path": "$.roles[0].name"}))]})
    );
}

#[tokio::test]
async fn a_hash_in_a_role_name_is_the_documented_forbidden_character_error() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Sales #1"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_role",
        Trigger::ForbiddenCharacters { key: key("name") },
    );
    assert_eq!(
        doc.message,
        "Role name should not contain the following special character(s):#"
    );
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"roles": [body_of(&doc, json!({"api_name": "name", "json_path": "$.roles[0].name"}))]})
    );
}

#[tokio::test]
async fn an_unknown_reporting_to_is_the_documented_reference_error() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "X", "reporting_to": "1234567890123456789"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_role",
        Trigger::UnknownReference {
            key: key("reporting_to"),
        },
    );
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"roles": [body_of(&doc, json!({"api_name": "reporting_to", "json_path": "$.roles[0].reporting_to"}))]})
    );
}

#[tokio::test]
async fn more_items_than_max_items_is_refused_as_a_whole() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "A"}, {"name": "B"}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json(),
        &json!({"code": "LIMIT_EXCEEDED", "details": {"limit": 1, "api_name": "roles"},
                "message": "a call may carry at most 1 item(s) under `roles`", "status": "error"})
    );
    assert_eq!(mock.count("roles"), 2);
}

// ---- user groups: sources, mixed results ----

#[tokio::test]
async fn create_user_group_checks_each_source_against_the_store_its_type_names() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "Tier1", "sources": [
            {"type": "roles", "source": {"id": MANAGER}, "subordinates": true},
            {"type": "users", "source": {"id": MANAGER}}
        ]}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_user_group",
        Trigger::UnknownReference {
            key: key("sources"),
        },
    );
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"user_groups": [body_of(&doc, json!({"api_name": "id", "json_path": "$.user_groups[0].sources[1].source.id"}))]})
    );
    assert_eq!(mock.count("user_groups"), 0);
}

#[tokio::test]
async fn mixed_results_answer_207_and_all_failed_answer_the_first_error_status() {
    let mock = mock().await;
    let sources =
        json!([{"type": "territories", "source": {"id": NEW_YORK}, "subordinates": true}]);
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "East", "sources": sources}, {"name": "EAST", "sources": sources}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS);
    let items = answer.json()["user_groups"]
        .as_array()
        .expect("results")
        .clone();
    assert_eq!(items[0]["code"], "SUCCESS");
    assert_eq!(items[0]["message"], "User Group Created successfully");
    let doc = documented(
        &mock,
        "create_user_group",
        Trigger::Duplicate { key: key("name") },
    );
    assert_eq!(
        items[1],
        body_of(
            &doc,
            json!({"api_name": "name", "json_path": "$.user_groups[1].name"})
        )
    );

    let again = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "east", "sources": sources}, {"sources": sources}]}),
    )
    .await;
    assert_eq!(again.status.as_u16(), doc.status);
    let missing = documented(
        &mock,
        "create_user_group",
        Trigger::MissingKey { key: key("name") },
    );
    assert_eq!(
        again.json()["user_groups"][1]["message"],
        json!(missing.message)
    );
    assert_eq!(mock.count("user_groups"), 1);
}

#[tokio::test]
async fn user_groups_take_sdk_style_sources_and_fill_in_names() {
    let mock = mock().await;
    let body = r#"{"user_groups": [{"sources": [{"source": {"id": 3652397000000026008}, "type": "roles", "subordinates": true}, {"source": {"id": 3652397000000281001}, "type": "users"}], "name": "Tier1", "description": "desc"}]}"#;
    let answer = send(
        &mock,
        Method::POST,
        "/settings/user_groups",
        Some(mock.token()),
        Some(body.into()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let group = &mock.records("user_groups")[0];
    assert_eq!(
        group["sources"],
        json!([
            {"type": "roles", "source": {"id": MANAGER, "name": "Manager"}, "subordinates": true},
            {"type": "users", "source": {"id": DEBORAH, "name": "Deborah Gill"}}
        ])
    );
    assert_eq!(group["modified_by"], Value::Null);
    assert_eq!(group["modified_time"], Value::Null);
    assert_eq!(
        group["created_by"],
        json!({"name": "Patricia Boyle", "id": PATRICIA})
    );

    let listed = get(&mock, "/settings/user_groups?include=sources_count").await;
    assert_eq!(listed.status, StatusCode::OK);
    let shown = &listed.json()["user_groups"][0];
    assert_eq!(shown["sources_count"], json!({"roles": 1, "users": 1}));
    assert!(shown.get("sources").is_none());
    let with_sources = get(&mock, "/settings/user_groups?include=sources").await;
    assert_eq!(
        with_sources.json()["user_groups"][0]["sources"],
        group["sources"]
    );
}

// ---- SDK compatibility ----

#[tokio::test]
async fn the_sdk_request_form_is_accepted() {
    let mock = mock().await;
    let body = r#"{"roles": [{"share_with_peers": true, "name": "Product Manager", "description": "Schedule and manage resources", "reporting_to": {"id": 3652397000000026005}}]}"#;
    let answer = send(
        &mock,
        Method::POST,
        "/settings/roles",
        Some(mock.token()),
        Some(body.into()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let logged = mock.requests();
    assert_eq!(logged[0].header("content-type"), None);
    let roles = mock.records("roles");
    let role = role_named(&roles, "Product Manager").expect("stored");
    assert_eq!(role["reporting_to"], json!({"name": "CEO", "id": CEO}));
    assert_eq!(role["share_with_peers"], true);
}

#[tokio::test]
async fn unknown_keys_are_ignored() {
    let mock = mock().await;
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Extra", "colour": "blue", "display_label": "Other"}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let roles = mock.records("roles");
    let role = role_named(&roles, "Extra").expect("stored");
    assert!(role.get("colour").is_none());
    assert_eq!(role["display_label"], "Extra");
}

#[tokio::test]
async fn the_sdk_start_up_calls_answer_the_current_user_and_the_org() {
    let mock = mock().await;
    let user = get(&mock, "/users?type=CurrentUser").await;
    assert_eq!(user.status, StatusCode::OK);
    let users = user.json()["users"].as_array().expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["id"], PATRICIA);
    assert_eq!(users[0]["full_name"], "Patricia Boyle");
    assert_eq!(users[0]["profile"]["name"], "Administrator");
    let org = get(&mock, "/org").await;
    assert_eq!(org.status, StatusCode::OK);
    assert_eq!(org.json()["org"][0]["company_name"], "Zylker Mock");
    assert!(org.json()["org"][0]["id"].is_string());
    let unauthenticated = send(&mock, Method::GET, "/org", None, None).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
}

// ---- auth ----

#[tokio::test]
async fn calls_without_a_valid_token_get_invalid_token() {
    let mock = mock().await;
    let doc = shared(&mock, Trigger::InvalidToken);
    for token in [None, Some("1000.unknown")] {
        let answer = send(&mock, Method::GET, "/settings/roles", token, None).await;
        assert_eq!(answer.status.as_u16(), doc.status);
        assert_eq!(answer.json(), &body_of(&doc, json!({})));
    }
    let bearer = reqwest::Client::new()
        .get(url(&mock, "/settings/roles"))
        .bearer_auth(mock.token())
        .send()
        .await
        .expect("an answer");
    assert_eq!(bearer.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_tokens_get_invalid_token() {
    let mock = mock().await;
    assert_eq!(get(&mock, "/settings/roles").await.status, StatusCode::OK);
    mock.expire_tokens();
    let answer = get(&mock, "/settings/roles").await;
    assert_eq!(
        answer.json(),
        &body_of(&shared(&mock, Trigger::InvalidToken), json!({}))
    );
}

#[tokio::test]
async fn scopes_are_checked_per_endpoint() {
    let mock = MockServer::builder()
        .token("create-only", &["ZohoCRM.settings.roles.CREATE"])
        .token("roles-all", &["zohocrm.settings.roles.all"])
        .token("settings-all", &["ZohoCRM.settings.ALL"])
        .token("everything", &[])
        .start()
        .await
        .expect("the mock starts");
    let call = |token: &'static str| {
        let mock = &mock;
        async move { send(mock, Method::GET, "/settings/roles", Some(token), None).await }
    };
    let mismatch = call("create-only").await;
    let doc = documented(&mock, "get_roles", Trigger::ScopeMismatch);
    assert_eq!(mismatch.status.as_u16(), doc.status);
    assert_eq!(mismatch.json(), &body_of(&doc, json!({})));
    let created = send(
        &mock,
        Method::POST,
        "/settings/roles",
        Some("create-only"),
        Some(json!({"roles": [{"name": "S"}]}).to_string()),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    for token in ["roles-all", "settings-all", "everything"] {
        assert_eq!(call(token).await.status, StatusCode::OK, "{token}");
    }
    let groups = send(
        &mock,
        Method::GET,
        "/settings/user_groups",
        Some("roles-all"),
        None,
    )
    .await;
    assert_eq!(groups.json()["code"], "OAUTH_SCOPE_MISMATCH");
}

#[tokio::test]
async fn additional_scopes_are_required_too() {
    let mock = MockServer::builder()
        .token("groups-only", &["ZohoCRM.settings.user_groups.READ"])
        .token(
            "groups-and-users",
            &["ZohoCRM.settings.user_groups.READ", "ZohoCRM.users.READ"],
        )
        .start()
        .await
        .expect("the mock starts");
    let path = format!("/users/{PATRICIA}/actions/associated_groups");
    let refused = send(&mock, Method::GET, &path, Some("groups-only"), None).await;
    assert_eq!(refused.json()["code"], "OAUTH_SCOPE_MISMATCH");
    let passed = send(&mock, Method::GET, &path, Some("groups-and-users"), None).await;
    assert_ne!(passed.status, StatusCode::UNAUTHORIZED);
}

// ---- routing and bodies ----

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_400() {
    let mock = mock().await;
    let unknown = shared(&mock, Trigger::UnknownPath);
    for path in [
        "/settings/nothing",
        "/settings/roles/not-an-id",
        "/settings/roles/1/2/3",
    ] {
        let answer = get(&mock, path).await;
        assert_eq!(answer.status.as_u16(), unknown.status, "{path}");
        assert_eq!(answer.json(), &body_of(&unknown, json!({})));
    }
    let outside = reqwest::get(format!("{}/crm/v6/settings/roles", mock.base_url()))
        .await
        .expect("an answer");
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let answer = send(
        &mock,
        Method::PATCH,
        "/settings/roles",
        Some(mock.token()),
        None,
    )
    .await;
    let wrong = documented(&mock, "get_roles", Trigger::WrongMethod);
    assert_eq!(answer.status.as_u16(), wrong.status);
    assert_eq!(answer.json(), &body_of(&wrong, json!({})));
    assert_eq!(wrong.code, "INVALID_REQUEST_METHOD");
}

#[tokio::test]
async fn malformed_bodies_are_refused_with_a_clear_message() {
    let mock = mock().await;
    let cases = [
        (
            "{\"roles\": [",
            "the request body is not valid JSON: EOF while parsing a list at line 1 column 11",
        ),
        (
            "{\"role\": []}",
            "the request body must be an object with an array under `roles`",
        ),
        (
            "{\"roles\": []}",
            "the `roles` array of the request body is empty",
        ),
        (
            "",
            "the request body is not valid JSON: EOF while parsing a value at line 1 column 0",
        ),
    ];
    for (body, message) in cases {
        let answer = send(
            &mock,
            Method::POST,
            "/settings/roles",
            Some(mock.token()),
            Some(body.into()),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            answer.json(),
            &json!({"code": "INVALID_DATA", "details": {}, "message": message, "status": "error"})
        );
    }
}

#[tokio::test]
async fn bodies_over_one_mib_are_413() {
    let mock = mock().await;
    let big = format!(
        "{{\"roles\": [{{\"name\": \"{}\"}}]}}",
        "x".repeat(1024 * 1024)
    );
    let answer = send(
        &mock,
        Method::POST,
        "/settings/roles",
        Some(mock.token()),
        Some(big),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.json(),
        &json!({"code": "REQUEST_ENTITY_TOO_LARGE", "details": {"limit": 1_048_576},
                "message": "the request body is larger than 1048576 bytes", "status": "error"})
    );
    assert_eq!(mock.count("roles"), 2);
}

// ---- reading ----

#[tokio::test]
async fn user_groups_are_paged_and_an_empty_list_is_204() {
    let mock = mock().await;
    let empty = get(&mock, "/settings/user_groups").await;
    assert_eq!(empty.status, StatusCode::NO_CONTENT);
    assert!(empty.body.is_none());
    for name in ["Alpha", "Beta", "Gamma"] {
        let body = json!({"user_groups": [{"name": name, "sources": [{"type": "users", "source": {"id": PATRICIA}}]}]});
        assert_eq!(
            post(&mock, "/settings/user_groups", body).await.status,
            StatusCode::CREATED
        );
    }
    let first = get(&mock, "/settings/user_groups?per_page=2").await;
    assert_eq!(
        first.json()["info"],
        json!({"per_page": 2, "count": 2, "page": 1, "more_records": true})
    );
    let names: Vec<&Value> = first.json()["user_groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| &g["name"])
        .collect();
    assert_eq!(names, [&json!("Alpha"), &json!("Beta")]);
    let second = get(&mock, "/settings/user_groups?per_page=2&page=2").await;
    assert_eq!(
        second.json()["info"],
        json!({"per_page": 2, "count": 1, "page": 2, "more_records": false})
    );
    assert_eq!(second.json()["user_groups"][0]["name"], "Gamma");
    assert_eq!(
        get(&mock, "/settings/user_groups?per_page=2&page=3")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let all = get(&mock, "/settings/user_groups?per_page=500").await;
    assert_eq!(all.json()["info"]["per_page"], 200);

    let named = get(&mock, "/settings/user_groups?name=beta").await;
    assert_eq!(
        named.json()["user_groups"].as_array().map(Vec::len),
        Some(1)
    );
    let filters = r#"{"field":{"api_name":"name"},"comparator":"starts_with","value":"Ga"}"#;
    let filtered = send(
        &mock,
        Method::GET,
        &format!(
            "/settings/user_groups?filters={}",
            filters.replace('"', "%22")
        ),
        Some(mock.token()),
        None,
    )
    .await;
    assert_eq!(filtered.json()["user_groups"][0]["name"], "Gamma");
    let bad_page = get(&mock, "/settings/user_groups?page=0").await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_page.json()["details"], json!({"param_name": "page"}));
}

#[tokio::test]
async fn roles_are_listed_whole_without_info_and_a_missing_role_is_204() {
    let mock = mock().await;
    let answer = get(&mock, "/settings/roles").await;
    assert_eq!(answer.status, StatusCode::OK);
    let roles = answer.json()["roles"].as_array().expect("roles");
    assert_eq!(roles.len(), 2);
    assert!(answer.json().get("info").is_none());
    assert_eq!(roles[0]["reporting_to"], Value::Null);
    assert_eq!(roles[1]["reporting_to"], json!({"name": "CEO", "id": CEO}));
    let missing = get(&mock, "/settings/roles/1234567890123456789").await;
    assert_eq!(missing.status, StatusCode::NO_CONTENT);
    assert!(missing.body.is_none());
}

#[tokio::test]
async fn every_store_lists_records_that_fit_the_spec() {
    let mock = mock().await;
    for path in [
        "/settings/roles",
        "/users",
        "/settings/territories",
        "/settings/profiles",
    ] {
        let answer = get(&mock, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {:?}", answer.body);
    }
    let count = get(&mock, "/users/actions/count?type=ActiveUsers").await;
    assert_eq!(count.json(), &json!({"count": 2}));
    let admins = get(&mock, "/users?type=AdminUsers").await;
    assert_eq!(admins.json()["users"].as_array().map(Vec::len), Some(1));
    let bad_type = get(&mock, "/users?type=Everyone").await;
    assert_eq!(bad_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_type.json()["details"], json!({"param_name": "type"}));
}

// ---- update and delete ----

#[tokio::test]
async fn updating_a_role_changes_it_and_checks_names_and_ids() {
    let mock = mock().await;
    let answer = put(
        &mock,
        &format!("/settings/roles/{MANAGER}"),
        json!({"roles": [{"name": "Head", "share_with_peers": true}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"roles": [{"code": "SUCCESS", "details": {"id": MANAGER}, "message": "Role updated", "status": "success"}]})
    );
    let read = get(&mock, &format!("/settings/roles/{MANAGER}")).await;
    let role = &read.json()["roles"][0];
    assert_eq!(role["name"], "Head");
    assert_eq!(role["display_label"], "Head");
    assert_eq!(role["share_with_peers"], true);
    assert_ne!(role["modified_time__s"], role["created_time__s"]);
    let same_name = put(
        &mock,
        &format!("/settings/roles/{MANAGER}"),
        json!({"roles": [{"name": "head"}]}),
    )
    .await;
    assert_eq!(same_name.status, StatusCode::OK);

    let unknown = put(
        &mock,
        "/settings/roles",
        json!({"roles": [{"id": "1234567890123456789", "name": "Y"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "update_roles",
        Trigger::UnknownReference { key: key("id") },
    );
    assert_eq!(
        unknown.json(),
        &json!({"roles": [body_of(&doc, json!({"api_name": "id", "json_path": "$.roles[0].id"}))]})
    );
    let duplicate = put(
        &mock,
        "/settings/roles",
        json!({"roles": [{"id": MANAGER, "name": "CEO"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "update_roles",
        Trigger::Duplicate { key: key("name") },
    );
    assert_eq!(duplicate.json()["roles"][0]["message"], json!(doc.message));
    let missing = put(
        &mock,
        "/settings/roles/1234567890123456789",
        json!({"roles": [{"name": "Z"}]}),
    )
    .await;
    let doc = generic(&mock, "update_role", "INVALID_DATA");
    assert_eq!(
        missing.json(),
        &body_of(&doc, json!({"id": "1234567890123456789"}))
    );
}

#[tokio::test]
async fn updating_a_user_group_merges_its_sources() {
    let mock = mock().await;
    let created = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "G", "sources": [{"type": "users", "source": {"id": PATRICIA}}]}]}),
    )
    .await;
    let id = created.json()["user_groups"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let changed = put(
        &mock,
        &format!("/settings/user_groups/{id}"),
        json!({"user_groups": [{"name": "G2", "sources": [
            {"type": "users", "source": {"id": PATRICIA}, "_delete": true},
            {"type": "roles", "source": {"id": CEO}}
        ]}]}),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(
        changed.json()["user_groups"][0]["message"],
        "User Group Updated successfully"
    );
    let group = &mock.records("user_groups")[0];
    assert_eq!(group["name"], "G2");
    assert_eq!(
        group["sources"],
        json!([{"type": "roles", "source": {"id": CEO, "name": "CEO"}}])
    );
    assert_eq!(
        group["modified_by"],
        json!({"name": "Patricia Boyle", "id": PATRICIA})
    );
    assert!(group["modified_time"].is_string());
}

#[tokio::test]
async fn deleting_a_role_moves_its_users_and_sub_roles() {
    let mock = mock().await;
    let sales = mock
        .insert("roles", json!({"name": "Sales", "reporting_to": MANAGER}))
        .expect("inserted");
    let answer = delete(
        &mock,
        &format!("/settings/roles/{MANAGER}?transfer_to_id={CEO}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"roles": [{"code": "SUCCESS", "details": {"id": MANAGER}, "message": "Role Deleted", "status": "success"}]})
    );
    let roles = mock.records("roles");
    assert_eq!(roles.len(), 2);
    let moved = roles
        .iter()
        .find(|r| r["id"] == sales.as_str())
        .expect("still there");
    assert_eq!(moved["reporting_to"], json!({"name": "CEO", "id": CEO}));
    let users = mock.records("users");
    let deborah = users
        .iter()
        .find(|u| u["id"] == DEBORAH)
        .expect("still there");
    assert_eq!(deborah["role"], json!({"name": "CEO", "id": CEO}));

    let again = delete(
        &mock,
        &format!("/settings/roles/{MANAGER}?transfer_to_id={CEO}"),
    )
    .await;
    let doc = generic(&mock, "delete_role", "INVALID_DATA");
    assert_eq!(again.status.as_u16(), doc.status);
    assert_eq!(again.json(), &body_of(&doc, json!({"id": MANAGER})));
}

#[tokio::test]
async fn deleting_a_role_needs_an_existing_other_transfer_role() {
    let mock = mock().await;
    let missing = delete(&mock, &format!("/settings/roles/{MANAGER}")).await;
    let doc = documented(
        &mock,
        "delete_role",
        Trigger::MissingParam {
            param: key("transfer_to_id"),
        },
    );
    assert_eq!(doc.code, "REQUIRED_PARAM_MISSING");
    assert_eq!(missing.status.as_u16(), doc.status);
    assert_eq!(
        missing.json(),
        &body_of(&doc, json!({"param_name": "transfer_to_id"}))
    );

    let invalid = generic(&mock, "delete_role", "INVALID_DATA");
    for target in ["1234567890123456789", MANAGER, "abc"] {
        let answer = delete(
            &mock,
            &format!("/settings/roles/{MANAGER}?transfer_to_id={target}"),
        )
        .await;
        assert_eq!(answer.status.as_u16(), invalid.status, "{target}");
        assert_eq!(
            answer.json(),
            &body_of(&invalid, json!({"param_name": "transfer_to_id"}))
        );
    }
    assert_eq!(mock.count("roles"), 2);
}

#[tokio::test]
async fn other_families_create_update_and_delete_generically() {
    let mock = mock().await;
    let user = post(
        &mock,
        "/users",
        json!({"users": [{"first_name": "Ann", "last_name": "Lee", "email": "ann@zylker.example",
                          "role": {"id": 3652397000000026008_u64}, "profile": "3652397000000026014"}]}),
    )
    .await;
    assert_eq!(user.status, StatusCode::CREATED);
    let id = user.json()["users"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let read = get(&mock, &format!("/users/{id}")).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    let stored = &read.json()["users"][0];
    assert_eq!(stored["full_name"], "Ann Lee");
    assert_eq!(stored["role"], json!({"name": "Manager", "id": MANAGER}));
    assert_eq!(
        stored["profile"],
        json!({"name": "Standard", "id": "3652397000000026014"})
    );
    let taken = post(
        &mock,
        "/users",
        json!({"users": [{"first_name": "Bo", "email": "ANN@zylker.example", "role": MANAGER, "profile": "3652397000000026014"}]}),
    )
    .await;
    let doc = documented(&mock, "add_user", Trigger::Duplicate { key: key("email") });
    assert_eq!(
        taken.json()["users"][0],
        body_of(
            &doc,
            json!({"api_name": "email", "json_path": "$.users[0].email"})
        )
    );

    let territory = post(
        &mock,
        "/settings/territories",
        json!({"territories": [{"name": "Boston", "reporting_to": {"id": NEW_YORK}, "permission_type": "read_only"}]}),
    )
    .await;
    assert_eq!(territory.status, StatusCode::CREATED);
    let boston = territory.json()["territories"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert_eq!(
        get(&mock, &format!("/settings/territories/{boston}"))
            .await
            .json()["territories"][0]["reporting_to"]["name"],
        "New York"
    );
    let removed = delete(&mock, &format!("/settings/territories?ids={boston},1234567890123456789&delete_previous_forecasts=false")).await;
    assert_eq!(removed.status, StatusCode::MULTI_STATUS);
    let results = removed.json()["territories"].as_array().expect("results");
    assert_eq!(results[0]["code"], "SUCCESS");
    assert_eq!(results[1]["code"], "INVALID_DATA");
    assert_eq!(mock.count("territories"), 2);
}

// ---- OAuth ----

fn oauth_mock() -> zohocrm_mock::MockBuilder {
    MockServer::builder()
        .client("1000.CLIENT", "secret")
        .refresh_token("1000.refresh", &["ZohoCRM.settings.roles.READ"])
        .grant_code("1000.code", "1000.from-code")
}

async fn token_call(mock: &MockServer, form: &[(&str, &str)], query: &[(&str, &str)]) -> Value {
    let response = reqwest::Client::new()
        .post(mock.token_url())
        .query(query)
        .form(form)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn the_token_endpoint_refreshes_from_form_or_query_parameters() {
    let mock = oauth_mock()
        .token_lifetime(Duration::from_secs(120))
        .start()
        .await
        .expect("the mock starts");
    let params = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "1000.refresh"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
    ];
    for (form, query) in [(&params[..], &[][..]), (&[][..], &params[..])] {
        let answer = token_call(&mock, form, query).await;
        let token = answer["access_token"].as_str().expect("a token").to_owned();
        assert_eq!(
            answer,
            json!({"access_token": token, "expires_in": 120, "api_domain": mock.base_url(), "token_type": "Bearer"})
        );
        let roles = send(&mock, Method::GET, "/settings/roles", Some(&token), None).await;
        assert_eq!(roles.status, StatusCode::OK);
        let groups = send(
            &mock,
            Method::GET,
            "/settings/user_groups",
            Some(&token),
            None,
        )
        .await;
        assert_eq!(groups.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(mock.token_requests(), 2);
    assert!(mock
        .requests()
        .iter()
        .all(|r| r.path.starts_with("/crm/v7/")));
}

#[tokio::test]
async fn the_token_endpoint_refuses_bad_clients_and_refresh_tokens() {
    let mock = oauth_mock().start().await.expect("the mock starts");
    let bad_client = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "1000.refresh"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "wrong"),
    ];
    assert_eq!(
        token_call(&mock, &bad_client, &[]).await,
        json!({"error": "invalid_client"})
    );
    let bad_refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "1000.other"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
    ];
    assert_eq!(
        token_call(&mock, &bad_refresh, &[]).await,
        json!({"error": "invalid_code"})
    );
    let bad_grant = [
        ("grant_type", "password"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
    ];
    assert_eq!(
        token_call(&mock, &bad_grant, &[]).await,
        json!({"error": "unsupported_grant_type"})
    );
    assert_eq!(mock.token_requests(), 3);
}

#[tokio::test]
async fn a_grant_code_is_exchanged_once() {
    let mock = oauth_mock().start().await.expect("the mock starts");
    let params = [
        ("grant_type", "authorization_code"),
        ("code", "1000.code"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
        ("redirect_uri", "http://localhost"),
    ];
    let answer = token_call(&mock, &params, &[]).await;
    assert_eq!(answer["refresh_token"], "1000.from-code");
    assert_eq!(answer["expires_in"], 3600);
    let token = answer["access_token"].as_str().expect("a token");
    assert_eq!(
        send(
            &mock,
            Method::GET,
            "/settings/user_groups",
            Some(token),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        token_call(&mock, &params, &[]).await,
        json!({"error": "invalid_code"})
    );
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "1000.from-code"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
    ];
    assert!(token_call(&mock, &refresh, &[]).await["access_token"].is_string());
}

#[tokio::test]
async fn access_tokens_from_the_endpoint_expire_after_their_lifetime() {
    let mock = oauth_mock()
        .token_lifetime(Duration::from_secs(1))
        .start()
        .await
        .expect("the mock starts");
    let params = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "1000.refresh"),
        ("client_id", "1000.CLIENT"),
        ("client_secret", "secret"),
    ];
    let answer = token_call(&mock, &params, &[]).await;
    let token = answer["access_token"].as_str().expect("a token");
    assert_eq!(answer["expires_in"], 1);
    assert_eq!(
        send(&mock, Method::GET, "/settings/roles", Some(token), None)
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = send(&mock, Method::GET, "/settings/roles", Some(token), None).await;
    assert_eq!(expired.json()["code"], "INVALID_TOKEN");
}

// ---- faults ----

#[tokio::test]
async fn a_500_fault_answers_internal_error_and_changes_nothing() {
    let mock = mock().await;
    mock.fail_next(1, Fault::Status500);
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Lost"}]}),
    )
    .await;
    let doc = documented(&mock, "create_role", Trigger::ServerError);
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.json(), &body_of(&doc, json!({})));
    assert_eq!(mock.count("roles"), 2);
    assert_eq!(mock.requests().len(), 1);
    // One segment would name a module (`/{module_api_name}`); five match no endpoint.
    let unknown = get(&mock, "/no/where/to/be/found").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_429_fault_sends_retry_after_when_given() {
    let mock = mock().await;
    mock.fail_next(
        1,
        Fault::TooManyRequests {
            retry_after: Some(7),
        },
    );
    mock.fail_next(1, Fault::TooManyRequests { retry_after: None });
    let doc = shared(&mock, Trigger::RateLimit);
    let first = get(&mock, "/settings/roles").await;
    assert_eq!(first.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        first
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("7")
    );
    assert_eq!(first.json(), &body_of(&doc, json!({})));
    let second = get(&mock, "/settings/roles").await;
    assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(second.headers.get("retry-after").is_none());
    assert_eq!(get(&mock, "/settings/roles").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_delay_fault_delays_then_serves() {
    let mock = mock().await;
    mock.fail_next(1, Fault::Delay(Duration::from_millis(200)));
    let started = Instant::now();
    let answer = post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Late"}]}),
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(mock.count("roles"), 3);
}

#[tokio::test]
async fn a_dropped_connection_sends_no_response() {
    let mock = mock().await;
    mock.fail_next(1, Fault::DropConnection);
    mock.fail_next(1, Fault::DropAfterApply);
    let client = reqwest::Client::new();
    let create = |name: &str| {
        client
            .post(url(&mock, "/settings/roles"))
            .header("Authorization", format!("Zoho-oauthtoken {}", mock.token()))
            .body(json!({"roles": [{"name": name}]}).to_string())
            .send()
    };
    let dropped = create("Dropped").await.expect_err("no response");
    assert!(dropped.is_request(), "{dropped:?}");
    assert_eq!(mock.count("roles"), 2);
    let applied = create("Applied").await.expect_err("no response");
    assert!(applied.is_request(), "{applied:?}");
    let roles = mock.records("roles");
    assert!(role_named(&roles, "Applied").is_some());
    assert_eq!(mock.requests().len(), 2);
    assert_eq!(
        create("After").await.map(|r| r.status()).ok(),
        Some(StatusCode::CREATED)
    );
}

// ---- the request log ----

#[tokio::test]
async fn the_request_log_keeps_method_path_query_headers_and_body() {
    let mock = mock().await;
    delete(
        &mock,
        &format!("/settings/roles/{MANAGER}?transfer_to_id={CEO}&note=a%20b"),
    )
    .await;
    post(
        &mock,
        "/settings/roles",
        json!({"roles": [{"name": "Logged"}]}),
    )
    .await;
    let log = mock.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, "DELETE");
    assert_eq!(log[0].path, format!("/crm/v7/settings/roles/{MANAGER}"));
    assert_eq!(
        log[0].query,
        vec![
            ("transfer_to_id".into(), CEO.into()),
            ("note".into(), "a b".into())
        ]
    );
    assert_eq!(log[0].query_param("note"), Some("a b"));
    assert_eq!(
        log[0].header("AUTHORIZATION"),
        Some(format!("Zoho-oauthtoken {}", mock.token()).as_str())
    );
    assert!(log[0].body.is_empty());
    assert_eq!(log[1].method, "POST");
    assert_eq!(log[1].json(), Some(json!({"roles": [{"name": "Logged"}]})));
}

// ---- seeding ----

#[tokio::test]
async fn seeds_add_and_replace_records_and_bad_records_are_refused() {
    let mock = MockServer::builder()
        .seed(json!({"roles": [{"id": MANAGER, "name": "Director", "reporting_to": CEO}, {"name": "Intern", "reporting_to": {"id": MANAGER}}]}))
        .start()
        .await
        .expect("the mock starts");
    let roles = mock.records("roles");
    assert_eq!(roles.len(), 3);
    assert_eq!(roles[1]["name"], "Director");
    assert_eq!(roles[1]["reporting_to"], json!({"name": "CEO", "id": CEO}));
    assert_eq!(
        roles[2]["reporting_to"],
        json!({"name": "Director", "id": MANAGER})
    );

    let refused = mock.insert("roles", json!({"name": 5}));
    assert!(
        matches!(refused, Err(MockError::Record { .. })),
        "{refused:?}"
    );
    let bad_id = mock.insert("roles", json!({"id": "x", "name": "Y"}));
    assert!(
        matches!(bad_id, Err(MockError::Record { .. })),
        "{bad_id:?}"
    );
    let bad_seed = MockServer::builder()
        .seed(json!({"roles": {"name": "X"}}))
        .start()
        .await;
    assert!(matches!(bad_seed, Err(MockError::Seed(_))), "{bad_seed:?}");
    let bad_record = MockServer::builder()
        .seed(json!({"users": [{"id": "1"}]}))
        .start()
        .await;
    assert!(
        matches!(bad_record, Err(MockError::Record { ref store, .. }) if store == "users[0]"),
        "{bad_record:?}"
    );
}

// ---- concurrency ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_lose_and_duplicate_nothing() {
    let mock = std::sync::Arc::new(mock().await);
    let mut tasks = Vec::new();
    for task in 0..16 {
        let mock = mock.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..10 {
                let answer = post(
                    &mock,
                    "/settings/roles",
                    json!({"roles": [{"name": format!("Role {task}-{n}")}]}),
                )
                .await;
                assert_eq!(answer.status, StatusCode::CREATED);
                ids.push(answer.json()["roles"][0]["details"]["id"].clone());
            }
            ids
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        for id in task.await.expect("the task ran") {
            assert!(ids.insert(id.to_string()), "{id} repeats");
        }
    }
    assert_eq!(ids.len(), 160);
    assert_eq!(mock.count("roles"), 162);

    let mut same = Vec::new();
    for _ in 0..16 {
        let mock = mock.clone();
        same.push(tokio::spawn(async move {
            post(
                &mock,
                "/settings/roles",
                json!({"roles": [{"name": "Only Once"}]}),
            )
            .await
            .status
        }));
    }
    let mut created = 0;
    for task in same {
        match task.await.expect("the task ran") {
            StatusCode::CREATED => created += 1,
            status => assert_eq!(status, StatusCode::BAD_REQUEST),
        }
    }
    assert_eq!(created, 1);
}

// ---- the binary ----

#[test]
fn the_binary_serves_until_terminated() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zohocrm-mock"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--token",
            "1000.cli:ZohoCRM.settings.roles.READ",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let base = first.rsplit(' ').next().unwrap_or_default().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    let printed: Vec<String> = lines.by_ref().take(3).map_while(Result::ok).collect();
    assert!(
        printed
            .iter()
            .any(|l| l == "access token: 1000.cli (ZohoCRM.settings.roles.READ)"),
        "{printed:?}"
    );

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{base}/crm/v7/settings/roles"))
            .header("Authorization", "Zoho-oauthtoken 1000.cli")
            .send()
            .await
            .map(|r| r.status())
    });
    assert_eq!(status.ok(), Some(StatusCode::OK));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    let exit = child.wait().expect("the binary exits");
    assert!(exit.success(), "{exit:?}");
    assert_eq!(
        lines.map_while(Result::ok).last().as_deref(),
        Some("zohocrm-mock stopped")
    );
}

#[test]
fn the_binary_exits_2_on_bad_arguments_and_seed_files() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zohocrm-mock"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("the binary runs")
    };
    let bad_addr = run(&["--addr", "nowhere"]);
    assert_eq!(bad_addr.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_addr.stderr).contains("`nowhere` is not an address"));
    assert_eq!(run(&["--frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["--token"]).status.code(), Some(2));

    let dir = std::env::temp_dir().join(format!("zohocrm-mock-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "roles").expect("written");
    let bad_seed = run(&[
        "--addr",
        "127.0.0.1:0",
        "--seed",
        not_json.to_str().unwrap_or_default(),
    ]);
    assert_eq!(bad_seed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_seed.stderr).contains("is not JSON"));
    let missing = run(&[
        "--addr",
        "127.0.0.1:0",
        "--seed",
        dir.join("missing.json").to_str().unwrap_or_default(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The metadata family keeps no records: its calls answer their samples, a path naming one
/// module, field or layout narrows the sample to it, and any `module` value is accepted.
#[tokio::test]
async fn metadata_calls_answer_their_samples_narrowed_by_the_path() {
    let mock = MockServer::start().await.expect("the mock starts");
    let items = |answer: &Answer, wrapper: &str| -> Vec<Value> {
        answer.json()[wrapper].as_array().expect("an array").clone()
    };
    let modules = get(&mock, "/settings/modules").await;
    assert_eq!(modules.status, StatusCode::OK);
    assert_eq!(items(&modules, "modules").len(), 68);
    let leads = get(&mock, "/settings/modules/Leads").await;
    let leads = items(&leads, "modules");
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0]["api_name"], "Leads");
    // A name the sample lacks gets the whole sample.
    let vehicles = get(&mock, "/settings/modules/Vehicles").await;
    assert_eq!(vehicles.status, StatusCode::OK);
    assert_eq!(items(&vehicles, "modules").len(), 18);
    for module in ["Leads", "Vehicles", "Services__s"] {
        let fields = get(&mock, &format!("/settings/fields?module={module}")).await;
        assert_eq!(fields.status, StatusCode::OK, "{module}");
        assert_eq!(items(&fields, "fields").len(), 87);
    }
    let field = get(&mock, "/settings/fields/5725767000000002595?module=Leads").await;
    let field = items(&field, "fields");
    assert_eq!(field.len(), 1);
    assert_eq!(field[0]["api_name"], "Last_Name");
    let layout = get(&mock, "/settings/layouts/2276164000000095055?module=Leads").await;
    assert_eq!(items(&layout, "layouts")[0]["id"], "2276164000000095055");
    let lists = get(&mock, "/settings/related_lists?module=Leads").await;
    assert_eq!(items(&lists, "related_lists").len(), 8);
    let missing = get(&mock, "/settings/layouts").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["code"], "REQUIRED_PARAM_MISSING");
}
