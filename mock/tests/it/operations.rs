//! zohocrm-mock's hand-written operations over HTTP: child territories, the user↔territory
//! association from both sides, transfer-and-delete of territories and users, user-group
//! sources, counts and membership, and profile cloning; and a walk over every operation of the
//! spec that none answers 501. Documented codes and messages are read from the spec model.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zohocrm_build::model::{Operation, Trigger, Ty, TypeKind};
use zohocrm_mock::MockServer;

use crate::support::*;

/// `{"<wrapper>": [success, ...]}` with one success per `details`.
fn successes(wrapper: &str, message: &str, details: &[Value]) -> Value {
    let items: Vec<Value> = details
        .iter()
        .map(|d| json!({"code": "SUCCESS", "details": d, "message": message, "status": "success"}))
        .collect();
    json!({ wrapper: items })
}

fn info(count: usize) -> Value {
    json!({"per_page": 200, "count": count, "page": 1, "more_records": false})
}

/// The `id` in the `details` of the first result of an action answer.
fn new_id(answer: &Answer, wrapper: &str) -> String {
    answer.json()[wrapper][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

/// A user as `TerritoryUser` shows it: the keys the type has, with the sample's `category`.
fn territory_user(mock: &MockServer, user: &str) -> Value {
    let Some(TypeKind::Object(fields)) = mock.api().type_named("TerritoryUser").map(|t| &t.kind)
    else {
        panic!("TerritoryUser is an object type");
    };
    let stored = record(mock, "users", user).expect("the user exists");
    let mut view: serde_json::Map<String, Value> = fields
        .iter()
        .filter_map(|f| Some((f.json_name.clone(), stored.get(&f.json_name)?.clone())))
        .collect();
    view.insert("category".into(), json!("regular_user"));
    Value::Object(view)
}

/// New York as the territories-of-a-user endpoints show it.
fn new_york_of_user() -> Value {
    json!({"id": NEW_YORK, "Name": "New York", "Manager": {"Name": "Deborah Gill", "id": DEBORAH},
           "Reporting_To": {"Name": "Zylker", "id": ZYLKER}})
}

async fn associate(mock: &MockServer, territory: &str, user: &str) {
    let path = format!("/settings/territories/{territory}/users/{user}");
    assert_eq!(put(mock, &path, None).await.status, StatusCode::OK);
}

fn insert(mock: &MockServer, store: &str, value: Value) -> String {
    mock.insert(store, value).expect("inserted")
}

fn new_user(mock: &MockServer, first: &str, extra: Value) -> String {
    let mut user = json!({"first_name": first, "last_name": "Test",
        "email": format!("{}@zylker.example", first.to_lowercase()), "role": MANAGER, "profile": STANDARD});
    if let (Some(user), Some(extra)) = (user.as_object_mut(), extra.as_object()) {
        user.extend(extra.clone());
    }
    insert(mock, "users", user)
}

fn new_territory(mock: &MockServer, name: &str, parent: &str) -> String {
    insert(
        mock,
        "territories",
        json!({"name": name, "reporting_to": {"id": parent}, "permission_type": "read_only"}),
    )
}

async fn new_group(mock: &MockServer, name: &str, sources: Value) -> String {
    let answer = post(
        mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": name, "sources": sources}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    new_id(&answer, "user_groups")
}

// ---- territories: children and counts ----

#[tokio::test]
async fn get_child_territories_lists_direct_children_filtered_and_paged() {
    let mock = mock().await;
    let boston = new_territory(&mock, "Boston", NEW_YORK);
    let queens = new_territory(&mock, "Queens", NEW_YORK);
    new_territory(&mock, "Harlem", &queens);

    let answer = get(
        &mock,
        &format!("/settings/territories/{ZYLKER}/__child_territories"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let new_york = record(&mock, "territories", NEW_YORK).expect("stored");
    assert_eq!(
        answer.json(),
        &json!({"territories": [new_york], "info": info(1)})
    );

    let children = format!("/settings/territories/{NEW_YORK}/__child_territories");
    let answer = get(&mock, &format!("{children}?per_page=1&page=2")).await;
    let queens_record = record(&mock, "territories", &queens).expect("stored");
    assert_eq!(
        answer.json(),
        &json!({"territories": [queens_record],
                "info": {"per_page": 1, "count": 1, "page": 2, "more_records": false}})
    );
    let filters = r#"{"field":{"api_name":"name"},"comparator":"equal","value":"boston"}"#;
    let filtered = get(
        &mock,
        &format!("{children}?filters={}", filters.replace('"', "%22")),
    )
    .await;
    assert_eq!(filtered.json()["territories"][0]["id"], boston.as_str());
    assert_eq!(filtered.json()["info"]["count"], 1);

    get(
        &mock,
        &format!("/settings/territories/{boston}/__child_territories"),
    )
    .await
    .assert_empty();
    get(
        &mock,
        &format!("/settings/territories/{NOBODY}/__child_territories"),
    )
    .await
    .assert_empty();
}

#[tokio::test]
async fn territory_associated_user_count_counts_the_users_of_each_territory() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    associate(&mock, NEW_YORK, PATRICIA).await;
    associate(&mock, ZYLKER, PATRICIA).await;
    let answer = get(
        &mock,
        "/settings/territories/actions/associated_users_count",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"associated_users_count": [
            {"count": "1", "territory": {"name": "Zylker", "id": ZYLKER}},
            {"count": "2", "territory": {"name": "New York", "id": NEW_YORK}}
        ]})
    );
}

// ---- territories: users of a territory ----

#[tokio::test]
async fn get_territory_users_lists_the_users_of_a_territory() {
    let mock = mock().await;
    let path = format!("/settings/territories/{NEW_YORK}/users");
    get(&mock, &path).await.assert_empty();
    associate(&mock, NEW_YORK, DEBORAH).await;
    let answer = get(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    let deborah = territory_user(&mock, DEBORAH);
    assert!(deborah.get("type__s").is_none());
    assert_eq!(deborah["full_name"], "Deborah Gill");
    assert_eq!(answer.json(), &json!({"users": [deborah]}));
    get(&mock, &format!("/settings/territories/{NOBODY}/users"))
        .await
        .assert_empty();
}

#[tokio::test]
async fn get_territory_user_reads_one_member_or_answers_204() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    let answer = get(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/users/{DEBORAH}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"users": [territory_user(&mock, DEBORAH)]})
    );
    get(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/users/{PATRICIA}"),
    )
    .await
    .assert_empty();
}

#[tokio::test]
async fn associate_users_with_territory_links_both_sides_with_documented_errors() {
    let mock = mock().await;
    let path = format!("/settings/territories/{NEW_YORK}/users");
    let answer = put(&mock, &path, Some(json!({"users": [{"id": DEBORAH}]}))).await;
    assert_eq!(answer.status, StatusCode::OK);
    let added = "Given User added to the mentioned territory Successfully";
    assert_eq!(
        answer.json(),
        &successes("users", added, &[json!({"id": DEBORAH})])
    );
    assert_eq!(
        get(&mock, &path).await.json(),
        &json!({"users": [territory_user(&mock, DEBORAH)]})
    );
    assert_eq!(
        get(&mock, &format!("/users/{DEBORAH}/territories"))
            .await
            .json(),
        &json!({"territories": [new_york_of_user()]})
    );

    let inactive = new_user(&mock, "Ivy", json!({"status": "inactive"}));
    let answer = put(
        &mock,
        &path,
        Some(
            json!({"users": [{"id": PATRICIA}, {"id": DEBORAH}, {"id": NOBODY}, {"id": inactive}]}),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS);
    let at = |i: usize| json!({"api_name": "id", "json_path": format!("$.users[{i}].id")});
    let name = "associate_users_with_territory";
    let duplicate = documented(&mock, name, Trigger::Duplicate { key: key("id") });
    let unknown = documented(&mock, name, Trigger::UnknownReference { key: key("id") });
    let not_active = documented(&mock, name, Trigger::InvalidValue { key: key("id") });
    assert_eq!(
        answer.json(),
        &json!({"users": [
            {"code": "SUCCESS", "details": {"id": PATRICIA}, "message": added, "status": "success"},
            body_of(&duplicate, at(1)),
            body_of(&unknown, at(2)),
            body_of(&not_active, at(3)),
        ]})
    );
    assert_eq!(
        get(&mock, &path).await.json()["users"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let missing = put(
        &mock,
        &format!("/settings/territories/{NOBODY}/users"),
        Some(json!({"users": [{"id": DEBORAH}]})),
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["code"], "INVALID_DATA");
    assert_eq!(missing.json()["details"], json!({"id": NOBODY}));
}

#[tokio::test]
async fn associate_user_with_territory_links_the_user_in_the_path() {
    let mock = mock().await;
    let path = format!("/settings/territories/{NEW_YORK}/users/{DEBORAH}");
    let answer = put(&mock, &path, None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &successes(
            "users",
            "Given User added to the mentioned territory Successfully",
            &[json!({"id": DEBORAH})]
        )
    );
    assert_eq!(
        get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
            .await
            .json()["users"][0]["id"],
        DEBORAH
    );
    assert_eq!(
        get(&mock, &format!("/users/{DEBORAH}/territories"))
            .await
            .json(),
        &json!({"territories": [new_york_of_user()]})
    );

    let again = put(&mock, &path, None).await;
    let duplicate = documented(
        &mock,
        "associate_users_with_territory",
        Trigger::Duplicate { key: key("id") },
    );
    assert_eq!(again.status.as_u16(), duplicate.status);
    assert_eq!(again.json(), &body_of(&duplicate, json!({"id": DEBORAH})));
    let unknown = put(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/users/{NOBODY}"),
        None,
    )
    .await;
    let doc = mentioning(
        &mock,
        "associate_user_with_territory",
        "INVALID_DATA",
        "user ID is invalid",
    );
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
    let nowhere = put(
        &mock,
        &format!("/settings/territories/{NOBODY}/users/{DEBORAH}"),
        None,
    )
    .await;
    assert_eq!(nowhere.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        nowhere.json(),
        &json!({"code": "INVALID_DATA", "details": {"id": NOBODY},
                "message": format!("no record of `territories` has the id {NOBODY}"), "status": "error"})
    );
}

#[tokio::test]
async fn disassociate_users_from_territory_unlinks_each_listed_user() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    associate(&mock, NEW_YORK, PATRICIA).await;
    let answer = delete(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/users?ids={DEBORAH},{NOBODY}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS);
    let not_member = generic(&mock, "disassociate_users_from_territory", "INVALID_DATA");
    assert_eq!(
        answer.json(),
        &json!({"users": [
            {"code": "SUCCESS", "details": {"id": DEBORAH},
             "message": "Given User Removed from the mentioned territory Successfully", "status": "success"},
            body_of(&not_member, json!({"id": NOBODY})),
        ]})
    );
    let left = get(&mock, &format!("/settings/territories/{NEW_YORK}/users")).await;
    assert_eq!(
        left.json(),
        &json!({"users": [territory_user(&mock, PATRICIA)]})
    );
    get(&mock, &format!("/users/{DEBORAH}/territories"))
        .await
        .assert_empty();
}

#[tokio::test]
async fn disassociate_user_from_territory_unlinks_the_user_in_the_path() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    let path = format!("/settings/territories/{NEW_YORK}/users/{DEBORAH}");
    let answer = delete(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &successes(
            "users",
            "Given User Removed from the mentioned territory Successfully",
            &[json!({"id": DEBORAH})]
        )
    );
    get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
        .await
        .assert_empty();
    get(&mock, &format!("/users/{DEBORAH}/territories"))
        .await
        .assert_empty();
    let again = delete(&mock, &path).await;
    let doc = generic(&mock, "disassociate_user_from_territory", "INVALID_DATA");
    assert_eq!(again.status.as_u16(), doc.status);
    assert_eq!(again.json(), &body_of(&doc, json!({"id": DEBORAH})));
}

// ---- territories: transfer and delete ----

#[tokio::test]
async fn transfer_and_delete_territories_moves_children_and_checks_the_target() {
    let mock = mock().await;
    let boston = new_territory(&mock, "Boston", NEW_YORK);
    let queens = new_territory(&mock, "Queens", NEW_YORK);
    let chicago = new_territory(&mock, "Chicago", ZYLKER);
    associate(&mock, NEW_YORK, DEBORAH).await;
    let path = "/settings/territories/actions/transfer_and_delete";
    let item = |id: &str, to: &str| json!({"id": id, "transfer_to_id": to, "delete_previous_forecasts": false});

    let name = "transfer_and_delete_territories";
    let errors = post(
        &mock,
        path,
        json!({"territories": [item(ZYLKER, &chicago), item(NEW_YORK, NOBODY),
                               item(NEW_YORK, NEW_YORK), item(NEW_YORK, &queens)]}),
    )
    .await;
    let at = |i: usize, key: &str| json!({"api_name": key, "json_path": format!("$.territories[{i}].{key}")});
    assert_eq!(errors.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        errors.json(),
        &json!({"territories": [
            body_of(&documented(&mock, name, Trigger::InvalidValue { key: key("id") }), at(0, "id")),
            body_of(&documented(&mock, name, Trigger::UnknownReference { key: key("transfer_to_id") }),
                    at(1, "transfer_to_id")),
            body_of(&mentioning(&mock, name, "INVALID_DATA", "same as current parent"),
                    at(2, "transfer_to_id")),
            body_of(&mentioning(&mock, name, "INVALID_DATA", "not at a higher"),
                    at(3, "transfer_to_id")),
        ]})
    );
    assert_eq!(mock.count("territories"), 5);

    let answer = post(
        &mock,
        path,
        json!({"territories": [item(NEW_YORK, &chicago)]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &successes(
            "territories",
            "Given Territory Removed Successfully and its child Territories moved to the another territory",
            &[json!({"id": NEW_YORK})]
        )
    );
    get(&mock, &format!("/settings/territories/{NEW_YORK}"))
        .await
        .assert_empty();
    let children = get(
        &mock,
        &format!("/settings/territories/{chicago}/__child_territories"),
    )
    .await;
    let ids: Vec<&Value> = children.json()["territories"]
        .as_array()
        .expect("children")
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert_eq!(ids, [&json!(boston), &json!(queens)]);
    assert_eq!(
        children.json()["territories"][0]["reporting_to"],
        json!({"name": "Chicago", "id": chicago})
    );
    get(&mock, &format!("/users/{DEBORAH}/territories"))
        .await
        .assert_empty();
}

#[tokio::test]
async fn transfer_and_delete_territory_moves_its_children_to_the_transfer_target() {
    let mock = mock().await;
    let boston = new_territory(&mock, "Boston", NEW_YORK);
    let body =
        json!({"territories": [{"transfer_to_id": ZYLKER, "delete_previous_forecasts": true}]});
    let answer = post(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/actions/transfer_and_delete"),
        body.clone(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &successes(
            "territories",
            "Given Territory Removed Successfully and its child Territories moved to the another territory",
            &[json!({"id": NEW_YORK})]
        )
    );
    let moved = get(&mock, &format!("/settings/territories/{boston}")).await;
    assert_eq!(
        moved.json()["territories"][0]["reporting_to"],
        json!({"name": "Zylker", "id": ZYLKER})
    );
    assert!(record(&mock, "territories", NEW_YORK).is_none());

    let org = post(
        &mock,
        &format!("/settings/territories/{ZYLKER}/actions/transfer_and_delete"),
        json!({"territories": [{"transfer_to_id": boston, "delete_previous_forecasts": true}]}),
    )
    .await;
    let doc = generic(&mock, "transfer_and_delete_territory", "INVALID_DATA");
    assert_eq!(
        doc.message,
        "Can't update the Org Territory Properties Except its Name"
    );
    assert_eq!(org.status.as_u16(), doc.status);
    assert_eq!(org.json(), &body_of(&doc, json!({"id": ZYLKER})));
    let gone = post(
        &mock,
        &format!("/settings/territories/{NEW_YORK}/actions/transfer_and_delete"),
        body,
    )
    .await;
    assert_eq!(gone.status, StatusCode::BAD_REQUEST);
    assert_eq!(gone.json()["details"], json!({"id": NEW_YORK}));
    assert_eq!(mock.count("territories"), 2);
}

// ---- users: territories of a user ----

#[tokio::test]
async fn get_territories_of_user_lists_the_territories_the_user_belongs_to() {
    let mock = mock().await;
    let path = format!("/users/{DEBORAH}/territories");
    get(&mock, &path).await.assert_empty();
    associate(&mock, NEW_YORK, DEBORAH).await;
    associate(&mock, ZYLKER, DEBORAH).await;
    let answer = get(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"territories": [
            {"id": ZYLKER, "Name": "Zylker", "Manager": {"Name": "Patricia Boyle", "id": PATRICIA},
             "Reporting_To": null},
            new_york_of_user(),
        ]})
    );
    get(&mock, &format!("/users/{NOBODY}/territories"))
        .await
        .assert_empty();
}

#[tokio::test]
async fn get_territory_of_user_reads_one_territory_or_answers_204() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    let answer = get(&mock, &format!("/users/{DEBORAH}/territories/{NEW_YORK}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), &json!({"territories": [new_york_of_user()]}));
    get(&mock, &format!("/users/{DEBORAH}/territories/{ZYLKER}"))
        .await
        .assert_empty();
}

#[tokio::test]
async fn add_or_update_territories_of_a_user_links_both_sides() {
    let mock = mock().await;
    let path = format!("/users/{DEBORAH}/territories");
    let answer = put(
        &mock,
        &path,
        Some(json!({"territories": [{"id": NEW_YORK}, {"id": 3652397000000313011_u64}]})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let message = "Add or Update Territories of a User succeeded";
    assert_eq!(
        answer.json(),
        &successes(
            "territories",
            message,
            &[json!({"id": NEW_YORK}), json!({"id": ZYLKER})]
        )
    );
    for territory in [NEW_YORK, ZYLKER] {
        let users = get(&mock, &format!("/settings/territories/{territory}/users")).await;
        assert_eq!(users.json()["users"][0]["id"], DEBORAH, "{territory}");
    }

    let again = put(
        &mock,
        &path,
        Some(json!({"territories": [{"id": NEW_YORK}, {"id": NOBODY}]})),
    )
    .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        again.json(),
        &json!({"territories": [
            {"code": "DUPLICATE_DATA", "details": {"api_name": "id", "json_path": "$.territories[0].id"},
             "message": format!("the user already belongs to the territory {NEW_YORK}"), "status": "error"},
            {"code": "INVALID_DATA", "details": {"api_name": "id", "json_path": "$.territories[1].id"},
             "message": "`id` names no existing record of territories", "status": "error"},
        ]})
    );
    let too_many: Vec<Value> = (0..101).map(|_| json!({"id": NEW_YORK})).collect();
    let limit = put(&mock, &path, Some(json!({ "territories": too_many }))).await;
    assert_eq!(limit.json()["code"], "LIMIT_EXCEEDED");
    assert_eq!(
        limit.json()["details"],
        json!({"limit": 100, "api_name": "territories"})
    );
}

#[tokio::test]
async fn remove_territories_from_user_unlinks_each_listed_territory() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    let answer = delete(
        &mock,
        &format!("/users/{DEBORAH}/territories?ids={NEW_YORK},{ZYLKER}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS);
    assert_eq!(
        answer.json(),
        &json!({"territories": [
            {"code": "SUCCESS", "details": {"id": NEW_YORK}, "message": "Remove Territories from User succeeded",
             "status": "success"},
            {"code": "INVALID_DATA", "details": {"id": ZYLKER},
             "message": format!("the user does not belong to the territory {ZYLKER}"), "status": "error"},
        ]})
    );
    get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
        .await
        .assert_empty();
    get(&mock, &format!("/users/{DEBORAH}/territories"))
        .await
        .assert_empty();
    let missing = delete(&mock, &format!("/users/{DEBORAH}/territories")).await;
    assert_eq!(missing.json()["code"], "REQUIRED_PARAM_MISSING");
}

#[tokio::test]
async fn remove_territory_from_user_unlinks_the_territory_in_the_path() {
    let mock = mock().await;
    associate(&mock, NEW_YORK, DEBORAH).await;
    let path = format!("/users/{DEBORAH}/territories/{NEW_YORK}");
    let answer = delete(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &successes(
            "territories",
            "Remove Territories from User succeeded",
            &[json!({"id": NEW_YORK})]
        )
    );
    get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
        .await
        .assert_empty();
    let again = delete(&mock, &path).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.json()["code"], "INVALID_DATA");
    assert_eq!(again.json()["details"], json!({"id": NEW_YORK}));
    let nobody = delete(&mock, &format!("/users/{NOBODY}/territories/{NEW_YORK}")).await;
    assert_eq!(nobody.json()["details"], json!({"id": NOBODY}));
}

// ---- users: transfer and delete ----

fn transfer_to(user: &str) -> Value {
    json!({"id": user, "records": true, "assignment": true, "criteria": true})
}

/// The job id of a transfer-and-delete success.
fn job_of(answer: &Answer) -> String {
    let job = answer.json()["transfer_and_delete"][0]["details"]["jobId"]
        .as_str()
        .expect("a job id")
        .to_owned();
    assert!(
        job.len() == 19 && job.bytes().all(|b| b.is_ascii_digit()),
        "{job}"
    );
    job
}

#[tokio::test]
async fn transfer_records_and_delete_users_deletes_the_user_and_moves_subordinates() {
    let mock = mock().await;
    let sam = new_user(
        &mock,
        "Sam",
        json!({"Reporting_To": {"name": "Deborah Gill", "id": DEBORAH}}),
    );
    let ivy = new_user(&mock, "Ivy", json!({"status": "inactive"}));
    associate(&mock, NEW_YORK, DEBORAH).await;
    let path = "/users/actions/transfer_and_delete";
    let name = "transfer_records_and_delete_users";

    let errors = post(
        &mock,
        path,
        json!({"transfer_and_delete": [{"id": DEBORAH}]}),
    )
    .await;
    assert_eq!(
        errors.json(),
        &json!({"transfer_and_delete": [body_of(
            &mentioning(&mock, name, "EXPECTED_FIELD_MISSING", "neither"),
            json!({"json_path": "$.transfer_and_delete[0]"})
        )]})
    );
    let cases = [
        (
            json!({"id": PATRICIA, "transfer": transfer_to(DEBORAH)}),
            mentioning(&mock, name, "NOT_ALLOWED", "super admin"),
            json!({"json_path": "$.transfer_and_delete[0]"}),
        ),
        (
            json!({"id": NOBODY, "transfer": transfer_to(PATRICIA)}),
            documented(&mock, name, Trigger::UnknownReference { key: key("id") }),
            json!({"api_name": "id", "json_path": "$.transfer_and_delete[0].id"}),
        ),
        (
            json!({"id": DEBORAH, "transfer": transfer_to(NOBODY)}),
            documented(
                &mock,
                name,
                Trigger::UnknownReference {
                    key: key("transfer"),
                },
            ),
            json!({"api_name": "transfer", "json_path": "$.transfer_and_delete[0].transfer"}),
        ),
        (
            json!({"id": DEBORAH, "move_subordinate": {"id": ivy}}),
            mentioning(&mock, name, "INVALID_DATA", "is inactive"),
            json!({"json_path": "$.transfer_and_delete[0]"}),
        ),
        (
            json!({"id": DEBORAH, "move_subordinate": {"id": sam}}),
            mentioning(&mock, name, "NOT_ALLOWED", "is a subordinate"),
            json!({"json_path": "$.transfer_and_delete[0]"}),
        ),
    ];
    for (item, doc, details) in cases {
        let answer = post(&mock, path, json!({"transfer_and_delete": [item]})).await;
        assert_eq!(answer.status.as_u16(), doc.status, "{item}");
        assert_eq!(
            answer.json(),
            &json!({"transfer_and_delete": [body_of(&doc, details)]}),
            "{item}"
        );
    }
    let two = post(
        &mock,
        path,
        json!({"transfer_and_delete": [{"id": DEBORAH}, {"id": sam}]}),
    )
    .await;
    let doc = mentioning(&mock, name, "INVALID_DATA", "more than one user");
    assert_eq!(
        two.json(),
        &body_of(&doc, json!({"limit": 1, "api_name": "transfer_and_delete"}))
    );
    assert_eq!(mock.count("users"), 4);

    let answer = post(
        &mock,
        path,
        json!({"transfer_and_delete": [{"id": DEBORAH, "transfer": transfer_to(PATRICIA),
                                        "move_subordinate": {"id": PATRICIA}}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let job = job_of(&answer);
    assert_eq!(
        answer.json(),
        &successes(
            "transfer_and_delete",
            "user is deleted successfully",
            &[json!({"jobId": job, "id": DEBORAH})]
        )
    );
    get(&mock, &format!("/users/{DEBORAH}"))
        .await
        .assert_empty();
    let moved = get(&mock, &format!("/users/{sam}")).await;
    assert_eq!(
        moved.json()["users"][0]["Reporting_To"],
        json!({"name": "Patricia Boyle", "id": PATRICIA})
    );
    get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
        .await
        .assert_empty();
    let status = get(
        &mock,
        &format!("/users/actions/transfer_and_delete?job_id={job}"),
    )
    .await;
    assert_eq!(
        status.json(),
        &json!({"transfer_and_delete": [{"status": "completed"}]})
    );
}

#[tokio::test]
async fn transfer_records_and_delete_user_deletes_the_user_in_the_path() {
    let mock = mock().await;
    let name = "transfer_records_and_delete_user";
    let body = json!({"transfer_and_delete": [{"transfer": transfer_to(PATRICIA)}]});
    let answer = post(
        &mock,
        &format!("/users/{DEBORAH}/actions/transfer_and_delete"),
        body.clone(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let job = job_of(&answer);
    assert_eq!(
        answer.json(),
        &successes(
            "transfer_and_delete",
            "user is deleted successfully",
            &[json!({"jobId": job, "id": DEBORAH})]
        )
    );
    let kept = record(&mock, "users", DEBORAH).expect("Zoho keeps deleted users");
    assert_eq!(kept["status"], "deleted");

    let again = post(
        &mock,
        &format!("/users/{DEBORAH}/actions/transfer_and_delete"),
        body.clone(),
    )
    .await;
    let doc = mentioning(&mock, name, "INVALID_DATA", "already deleted");
    assert_eq!(again.status.as_u16(), doc.status);
    assert_eq!(
        again.json(),
        &json!({"transfer_and_delete": [body_of(&doc, json!({"json_path": "$.transfer_and_delete[0]"}))]})
    );
    let unknown = post(
        &mock,
        &format!("/users/{NOBODY}/actions/transfer_and_delete"),
        body.clone(),
    )
    .await;
    let doc = mentioning(&mock, name, "INVALID_DATA", "incorrect user ID");
    assert_eq!(unknown.status.as_u16(), doc.status);
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
    let two = post(
        &mock,
        &format!("/users/{PATRICIA}/actions/transfer_and_delete"),
        json!({"transfer_and_delete": [{"transfer": transfer_to(PATRICIA)}, {"transfer": transfer_to(PATRICIA)}]}),
    )
    .await;
    let doc = mentioning(&mock, name, "INVALID_DATA", "more than one JSON object");
    assert_eq!(
        two.json(),
        &body_of(&doc, json!({"limit": 1, "api_name": "transfer_and_delete"}))
    );
}

#[tokio::test]
async fn status_of_transfer_records_and_delete_users_reports_the_jobs_the_mock_ran() {
    let mock = mock().await;
    let answer = post(
        &mock,
        &format!("/users/{DEBORAH}/actions/transfer_and_delete"),
        json!({"transfer_and_delete": [{"move_subordinate": {"id": PATRICIA}}]}),
    )
    .await;
    let job = job_of(&answer);
    let status = get(
        &mock,
        &format!("/users/actions/transfer_and_delete?job_id={job}"),
    )
    .await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(
        status.json(),
        &json!({"transfer_and_delete": [{"status": "completed"}]})
    );
    get(
        &mock,
        &format!("/users/actions/transfer_and_delete?job_id={NOBODY}"),
    )
    .await
    .assert_empty();
    let missing = get(&mock, "/users/actions/transfer_and_delete").await;
    let doc = documented(
        &mock,
        "status_of_transfer_records_and_delete_users",
        Trigger::MissingParam {
            param: key("job_id"),
        },
    );
    assert_eq!(missing.status.as_u16(), doc.status);
    assert_eq!(
        missing.json(),
        &body_of(&doc, json!({"param_name": "job_id"}))
    );
}

// ---- user groups ----

#[tokio::test]
async fn get_sources_lists_a_groups_sources_by_type_and_user_state() {
    let mock = mock().await;
    let ivy = new_user(&mock, "Ivy", json!({"status": "inactive"}));
    let group = new_group(
        &mock,
        "Tier1",
        json!([{"type": "roles", "source": {"id": CEO}, "subordinates": true},
               {"type": "users", "source": {"id": DEBORAH}},
               {"type": "users", "source": {"id": ivy}}]),
    )
    .await;
    let sources = record(&mock, "user_groups", &group).expect("stored")["sources"].clone();
    let path = format!("/settings/user_groups/{group}/sources");
    let answer = get(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), &json!({"sources": sources, "info": info(3)}));
    assert_eq!(
        get(&mock, &format!("{path}?type=roles")).await.json(),
        &json!({"sources": [sources[0]], "info": info(1)})
    );
    assert_eq!(
        get(&mock, &format!("{path}?user_type=inactive"))
            .await
            .json(),
        &json!({"sources": [sources[2]], "info": info(1)})
    );
    get(&mock, &format!("{path}?type=territories"))
        .await
        .assert_empty();
    let unknown = get(&mock, &format!("/settings/user_groups/{NOBODY}/sources")).await;
    let doc = generic(&mock, "get_sources", "INVALID_DATA");
    assert_eq!(unknown.status.as_u16(), doc.status);
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
}

#[tokio::test]
async fn get_sources_count_counts_sources_by_type_and_users_by_state() {
    let mock = mock().await;
    let ivy = new_user(&mock, "Ivy", json!({"status": "inactive"}));
    let group = new_group(
        &mock,
        "Tier1",
        json!([{"type": "territories", "source": {"id": NEW_YORK}},
               {"type": "roles", "source": {"id": MANAGER}},
               {"type": "users", "source": {"id": DEBORAH}},
               {"type": "users", "source": {"id": ivy}}]),
    )
    .await;
    let answer = get(
        &mock,
        &format!("/settings/user_groups/{group}/actions/sources_count"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"sources_count": [{"territories": 1, "roles": 1, "groups": 0,
                                   "users": {"inactive": 1, "deleted": 0, "active": 1}}]})
    );
    let unknown = get(
        &mock,
        &format!("/settings/user_groups/{NOBODY}/actions/sources_count"),
    )
    .await;
    let doc = generic(&mock, "get_sources_count", "INVALID_DATA");
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
}

#[tokio::test]
async fn get_associations_is_empty_for_every_existing_group() {
    let mock = mock().await;
    let group = new_group(
        &mock,
        "Tier1",
        json!([{"type": "users", "source": {"id": DEBORAH}}]),
    )
    .await;
    get(
        &mock,
        &format!("/settings/user_groups/{group}/actions/associations"),
    )
    .await
    .assert_empty();
    let unknown = get(
        &mock,
        &format!("/settings/user_groups/{NOBODY}/actions/associations"),
    )
    .await;
    let doc = generic(&mock, "get_associations", "INVALID_DATA");
    assert_eq!(doc.message, "The group ID is invalid.");
    assert_eq!(unknown.status.as_u16(), doc.status);
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
}

#[tokio::test]
async fn get_associated_users_count_counts_the_members_of_each_group() {
    let mock = mock().await;
    let path = "/settings/user_groups/actions/associated_users_count";
    get(&mock, path).await.assert_empty();
    associate(&mock, NEW_YORK, DEBORAH).await;
    let leaders = new_group(
        &mock,
        "Leaders",
        json!([{"type": "roles", "source": {"id": CEO}}]),
    )
    .await;
    let everyone = new_group(
        &mock,
        "Everyone",
        json!([{"type": "territories", "source": {"id": ZYLKER}, "subordinates": true},
               {"type": "groups", "source": {"id": leaders}}]),
    )
    .await;
    let answer = get(&mock, path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        &json!({"associated_users_count": [
            {"user_group": {"name": "Leaders", "id": leaders}, "count": 1},
            {"user_group": {"name": "Everyone", "id": everyone}, "count": 2},
        ], "info": info(2)})
    );
    let filters = r#"{"field":{"api_name":"name"},"comparator":"starts_with","value":"Lead"}"#;
    let filtered = get(
        &mock,
        &format!("{path}?filters={}", filters.replace('"', "%22")),
    )
    .await;
    assert_eq!(
        filtered.json()["associated_users_count"],
        json!([{"user_group": {"name": "Leaders", "id": leaders}, "count": 1}])
    );
    let bad = get(&mock, &format!("{path}?filters=name")).await;
    let doc = generic(&mock, "get_associated_users_count", "INVALID_DATA");
    assert_eq!(bad.json(), &body_of(&doc, json!({"param_name": "filters"})));
}

#[tokio::test]
async fn get_associated_groups_of_user_lists_the_groups_the_user_belongs_to() {
    let mock = mock().await;
    let direct = new_group(
        &mock,
        "Direct",
        json!([{"type": "users", "source": {"id": DEBORAH}}]),
    )
    .await;
    new_group(
        &mock,
        "Bosses",
        json!([{"type": "users", "source": {"id": PATRICIA}}]),
    )
    .await;
    let by_role = new_group(
        &mock,
        "By role",
        json!([{"type": "roles", "source": {"id": CEO}, "subordinates": true}]),
    )
    .await;
    let path = format!("/users/{DEBORAH}/actions/associated_groups");
    let answer = get(&mock, &path).await;
    assert_eq!(answer.status, StatusCode::OK);
    let shown = |id: &str| {
        let mut group = record(&mock, "user_groups", id).expect("stored");
        if let Some(group) = group.as_object_mut() {
            group.remove("sources");
        }
        group
    };
    assert_eq!(
        answer.json(),
        &json!({"user_groups": [shown(&direct), shown(&by_role)], "info": info(2)})
    );
    let counted = get(&mock, &format!("{path}?include=sources_count")).await;
    assert_eq!(
        counted.json()["user_groups"][1]["sources_count"],
        json!({"roles": 1})
    );
    let unknown = get(&mock, &format!("/users/{NOBODY}/actions/associated_groups")).await;
    let doc = generic(&mock, "get_associated_groups_of_user", "INVALID_DATA");
    assert_eq!(unknown.json(), &body_of(&doc, json!({"id": NOBODY})));
}

// ---- profiles ----

#[tokio::test]
async fn clone_profile_copies_the_permissions_into_a_new_profile() {
    let mock = mock().await;
    let permissions = json!([{"display_label": "Leads", "module": "Leads", "name": "Crm_Implied_View_Leads",
                              "id": "3652397000000026101", "enabled": true}]);
    let sales = insert(
        &mock,
        "profiles",
        json!({"name": "Sales", "display_label": "Sales", "custom": true, "type": "normal_profile",
               "permissions_details": permissions}),
    );
    let answer = post(
        &mock,
        &format!("/settings/profiles/{sales}/actions/clone"),
        json!({"profiles": [{"name": "Sales Manager", "description": "Manages Sales for the TX region"}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let id = new_id(&answer, "profiles");
    assert_eq!(
        answer.json(),
        &successes(
            "profiles",
            "profile created successfully",
            &[json!({"id": id})]
        )
    );
    let read = get(&mock, &format!("/settings/profiles/{id}")).await;
    let clone = &read.json()["profiles"][0];
    assert_eq!(clone["name"], "Sales Manager");
    assert_eq!(clone["display_label"], "Sales Manager");
    assert_eq!(clone["description"], "Manages Sales for the TX region");
    assert_eq!(clone["custom"], true);
    assert_eq!(clone["default"], false);
    assert_eq!(clone["type"], "normal_profile");
    assert_eq!(clone["permissions_details"], permissions);
    assert_eq!(
        clone["created_by"],
        json!({"name": "Patricia Boyle", "id": PATRICIA})
    );

    let taken = post(
        &mock,
        &format!("/settings/profiles/{STANDARD}/actions/clone"),
        json!({"profiles": [{"name": "administrator"}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "clone_profile",
        Trigger::Duplicate { key: key("name") },
    );
    assert_eq!(taken.status.as_u16(), doc.status);
    assert_eq!(
        taken.json(),
        &json!({"profiles": [body_of(&doc, json!({"api_name": "name", "json_path": "$.profiles[0].name"}))]})
    );
    let unknown = post(
        &mock,
        &format!("/settings/profiles/{NOBODY}/actions/clone"),
        json!({"profiles": [{"name": "Other"}]}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json()["details"], json!({"id": NOBODY}));
    assert_eq!(mock.count("profiles"), 4);
}

#[tokio::test]
async fn cloning_past_the_profile_limit_is_the_documented_error() {
    let mock = mock().await;
    for n in 0..23 {
        insert(
            &mock,
            "profiles",
            json!({"name": format!("P{n}"), "custom": true}),
        );
    }
    let answer = post(
        &mock,
        &format!("/settings/profiles/{STANDARD}/actions/clone"),
        json!({"profiles": [{"name": "One Too Many"}]}),
    )
    .await;
    let doc = documented(&mock, "clone_profile", Trigger::LicenseLimit);
    assert_eq!(answer.status.as_u16(), doc.status);
    assert_eq!(
        answer.json(),
        &json!({"profiles": [body_of(&doc, json!({"limit": 25}))]})
    );
}

// ---- every operation ----

/// A value for a required query parameter of type `ty`.
fn query_value(mock: &MockServer, name: &str, ty: &Ty) -> String {
    match (name, ty) {
        ("transfer_to_id", _) => CEO.into(),
        ("transfer_to", _) => ADMINISTRATOR.into(),
        (_, Ty::Boolean) => "false".into(),
        (_, Ty::Integer) => "1".into(),
        (_, Ty::Named(type_name)) => match mock.api().type_named(type_name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) => {
                values.first().map(|v| v.value.clone()).unwrap_or_default()
            }
            _ => NOBODY.into(),
        },
        _ => NOBODY.into(),
    }
}

#[tokio::test]
async fn every_operation_of_the_spec_is_served() {
    let probe = mock().await;
    let operations: Vec<Operation> = probe.api().operations().map(|(_, op)| op.clone()).collect();
    assert!(operations.len() > 50);
    for op in operations {
        let mock = mock().await;
        associate(&mock, NEW_YORK, DEBORAH).await;
        let group = new_group(
            &mock,
            "Tier1",
            json!([{"type": "users", "source": {"id": DEBORAH}}]),
        )
        .await;
        let mut path = op.path.clone();
        for param in &op.path_params {
            let value = match param.name.as_str() {
                "territory_id" => NEW_YORK,
                "user_id" => DEBORAH,
                "role_id" => MANAGER,
                "profile_id" | "clone_profile_id" => STANDARD,
                "group_id" => group.as_str(),
                _ => NOBODY,
            };
            path = path.replace(&format!("{{{}}}", param.name), value);
        }
        let query: Vec<String> = op
            .query
            .iter()
            .filter(|p| p.required)
            .map(|p| format!("{}={}", p.name, query_value(&mock, &p.name, &p.ty)))
            .collect();
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        let body = op.request.as_ref().map(|request| {
            op.sample_input
                .clone()
                .unwrap_or_else(|| match &request.wrapper {
                    Some(wrapper) => json!({ wrapper.as_str(): [{}] }),
                    None => json!({}),
                })
        });
        let method = Method::from_bytes(format!("{:?}", op.method).as_bytes()).expect("a method");
        let answer = send(&mock, method, &path, body).await;
        let status = answer.status;
        assert_ne!(
            status,
            StatusCode::NOT_IMPLEMENTED,
            "{}: {:?}",
            op.name,
            answer.body
        );
        assert!(!status.is_server_error(), "{}: {:?}", op.name, answer.body);
    }
}
