//! zohocrm-mock answers with the errors the spec documents where a call breaks a rule the pages
//! state: profile permission updates, territory and user deletion (users are kept as deleted),
//! documented values of user keys, script tags in signatures, status changes that change
//! nothing, cloning an unknown profile, and empty mandatory keys of a new user group. Codes,
//! statuses and messages are read from the spec model the mock serves.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zohocrm_build::model::{ErrorDoc, Trigger};
use zohocrm_mock::MockServer;

use crate::support::*;

/// Permissions every seeded profile has.
const VIEW_LEADS: &str = "3652397000000026113";
const DELETE_LEADS: &str = "3652397000000026116";
const MANAGE_GROUPS: &str = "3652397000000026100";

/// Asserts that `answer` is the one-item wrapper of `doc` with `details`, sent with its status.
fn assert_item_error(answer: &Answer, wrapper: &str, doc: &ErrorDoc, details: Value) {
    assert_eq!(answer.status.as_u16(), doc.status, "{:?}", answer.body);
    assert_eq!(answer.json(), &json!({ wrapper: [body_of(doc, details)] }));
}

/// Asserts that `answer` is the top-level error `doc` with `details`, sent with its status.
fn assert_error(answer: &Answer, doc: &ErrorDoc, details: Value) {
    assert_eq!(answer.status.as_u16(), doc.status, "{:?}", answer.body);
    assert_eq!(answer.json(), &body_of(doc, details));
}

/// `enabled` of permission `id` in a profile as a response or the store shows it.
fn enabled(profile: &Value, id: &str) -> Option<bool> {
    profile["permissions_details"]
        .as_array()?
        .iter()
        .find(|p| p["id"] == id)?["enabled"]
        .as_bool()
}

/// Adds a user through the API and gives its id.
async fn add_user(mock: &MockServer, first: &str) -> String {
    let answer = post(
        mock,
        "/users",
        json!({"users": [{"first_name": first, "last_name": "Test",
                          "email": format!("{}@zylker.example", first.to_lowercase()),
                          "role": MANAGER, "profile": STANDARD}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    answer.json()["users"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

// ---- 1. profile permissions ----

#[tokio::test]
async fn updating_permissions_toggles_the_stored_permissions_and_reads_still_fit() {
    let mock = mock().await;
    let path = format!("/settings/profiles/{STANDARD}");
    let answer = put(
        &mock,
        &path,
        json!({"profiles": [{"name": "Standard",
                             "permissions_details": [{"id": MANAGE_GROUPS, "enabled": true},
                                                     {"id": DELETE_LEADS, "enabled": false}]}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(
        answer.json(),
        &json!({"profiles": [{"code": "SUCCESS", "details": {"id": STANDARD},
                              "message": "profile updated successfully", "status": "success"}]})
    );

    let read = get(&mock, &path).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    let profile = &read.json()["profiles"][0];
    assert_eq!(enabled(profile, MANAGE_GROUPS), Some(true));
    assert_eq!(enabled(profile, DELETE_LEADS), Some(false));
    assert_eq!(enabled(profile, VIEW_LEADS), Some(true), "others unchanged");
    assert_eq!(
        profile["permissions_details"][0],
        json!({"display_label": "View", "module": "Leads", "name": "Crm_Implied_View_Leads",
               "id": VIEW_LEADS, "enabled": true}),
        "a permission keeps its keys"
    );

    // The colleague's call: a permission id sent as a string, switched off.
    let answer = put(
        &mock,
        &path,
        json!({"profiles": [{"name": "Standard",
                             "permissions_details": [{"id": MANAGE_GROUPS, "enabled": false}]}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let read = get(&mock, &path).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(
        enabled(&read.json()["profiles"][0], MANAGE_GROUPS),
        Some(false)
    );

    let list = get(&mock, "/settings/profiles").await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let profiles = list.json()["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 2);
    assert!(
        profiles
            .iter()
            .all(|p| p.get("permissions_details").is_none()),
        "only the read of one profile returns its permissions"
    );
}

#[tokio::test]
async fn a_permission_the_profile_lacks_is_the_documented_invalid_data() {
    let mock = mock().await;
    let path = format!("/settings/profiles/{STANDARD}");
    let answer = put(
        &mock,
        &path,
        json!({"profiles": [{"name": "Standard",
                             "permissions_details": [{"id": VIEW_LEADS, "enabled": false},
                                                     {"id": NOBODY, "enabled": true}]}]}),
    )
    .await;
    let doc = generic(&mock, "update_profile", "INVALID_DATA");
    assert_item_error(
        &answer,
        "profiles",
        &doc,
        json!({"api_name": "id", "json_path": "$.profiles[0].permissions_details[1].id"}),
    );
    let stored = record(&mock, "profiles", STANDARD).expect("the profile");
    assert_eq!(enabled(&stored, VIEW_LEADS), Some(true), "nothing changed");
}

// ---- 2. deleting territories ----

#[tokio::test]
async fn the_org_territory_and_territories_with_children_are_not_deleted() {
    let mock = mock().await;
    let name = "delete_territory";
    let org = delete(
        &mock,
        &format!("/settings/territories/{ZYLKER}?delete_previous_forecasts=false"),
    )
    .await;
    let org_doc = mentioning(&mock, name, "NOT_ALLOWED", "Org Territory");
    assert_error(&org, &org_doc, json!({"id": ZYLKER}));

    let boston = mock
        .insert(
            "territories",
            json!({"name": "Boston", "reporting_to": {"id": NEW_YORK}, "permission_type": "read_only"}),
        )
        .expect("inserted");
    let parent = delete(
        &mock,
        &format!("/settings/territories/{NEW_YORK}?delete_previous_forecasts=false"),
    )
    .await;
    let parent_doc = mentioning(&mock, name, "NOT_ALLOWED", "child territory");
    assert_error(&parent, &parent_doc, json!({"id": NEW_YORK}));
    assert_eq!(mock.count("territories"), 3);

    let name = "delete_territories";
    let many = delete(
        &mock,
        &format!(
            "/settings/territories?ids={ZYLKER},{NEW_YORK},{boston}&delete_previous_forecasts=false"
        ),
    )
    .await;
    assert_eq!(many.status, StatusCode::MULTI_STATUS);
    assert_eq!(
        many.json(),
        &json!({"territories": [
            body_of(&mentioning(&mock, name, "NOT_ALLOWED", "Org Territory"), json!({"id": ZYLKER})),
            body_of(&mentioning(&mock, name, "NOT_ALLOWED", "child territory"), json!({"id": NEW_YORK})),
            {"code": "SUCCESS", "details": {"id": boston},
             "message": "Given Territory Removed Successfully", "status": "success"},
        ]})
    );
    let children = get(
        &mock,
        &format!("/settings/territories/{ZYLKER}/__child_territories"),
    )
    .await;
    assert_eq!(children.json()["territories"][0]["id"], NEW_YORK);

    // Once its child is gone, New York may go.
    let answer = delete(
        &mock,
        &format!("/settings/territories/{NEW_YORK}?delete_previous_forecasts=false"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(mock.count("territories"), 1);
}

// ---- 3. documented values ----

#[tokio::test]
async fn a_separator_outside_its_documented_values_is_refused() {
    let mock = mock().await;
    let item = |extra: Value| {
        let mut user = json!({"first_name": "Ann", "email": "ann@zylker.example",
                              "role": MANAGER, "profile": STANDARD});
        if let (Some(user), Some(extra)) = (user.as_object_mut(), extra.as_object()) {
            user.extend(extra.clone());
        }
        json!({"users": [user]})
    };
    let answer = post(&mock, "/users", item(json!({"number_separator": "Dot"}))).await;
    let doc = documented(
        &mock,
        "add_user",
        Trigger::InvalidValue {
            key: key("number_separator"),
        },
    );
    assert_eq!(
        doc.message,
        "Invalid data. Valid values are comma/space/period/none."
    );
    assert_item_error(
        &answer,
        "users",
        &doc,
        json!({"api_name": "number_separator", "json_path": "$.users[0].number_separator",
               "supported_values": ["Comma", "Period", "Space"]}),
    );

    // No entry for `decimal_separator`: INVALID_DATA naming the key.
    let answer = post(&mock, "/users", item(json!({"decimal_separator": "Space"}))).await;
    let invalid = op(&mock, "add_user")
        .error("INVALID_DATA")
        .expect("add_user documents INVALID_DATA");
    assert_eq!(answer.status.as_u16(), invalid.status);
    let error = &answer.json()["users"][0];
    assert_eq!(error["code"], "INVALID_DATA");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("`decimal_separator`")),
        "{error}"
    );
    assert_eq!(error["details"]["api_name"], "decimal_separator");
    assert_eq!(mock.count("users"), 2);

    // Values compare ignoring case and are kept as the spec spells them.
    let answer = post(
        &mock,
        "/users",
        item(json!({"number_separator": "space", "decimal_separator": "COMMA"})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    let id = answer.json()["users"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let user = record(&mock, "users", &id).expect("the user");
    assert_eq!(
        (&user["number_separator"], &user["decimal_separator"]),
        (&json!("Space"), &json!("Comma"))
    );
}

// ---- 4. script tags in signatures ----

#[tokio::test]
async fn an_unclosed_script_tag_in_a_signature_is_the_documented_415() {
    let mock = mock().await;
    let trigger = Trigger::InvalidValue {
        key: key("signature"),
    };
    let one = documented(&mock, "update_user", trigger.clone());
    assert_eq!(one.message, "Unclosed Script tags found in signature.");
    assert_eq!(one.status, 415);
    let details = json!({"api_name": "signature", "json_path": "$.users[0].signature"});
    for signature in [
        "Regards <SCRIPT>alert(1)",
        "<script></script><Script src=x>",
    ] {
        let answer = put(
            &mock,
            &format!("/users/{DEBORAH}"),
            json!({"users": [{"signature": signature}]}),
        )
        .await;
        assert_item_error(&answer, "users", &one, details.clone());
    }
    let many = documented(&mock, "update_users", trigger);
    let answer = put(
        &mock,
        "/users",
        json!({"users": [{"id": DEBORAH, "signature": "<script>x"}]}),
    )
    .await;
    assert_item_error(&answer, "users", &many, details);
    assert_eq!(
        record(&mock, "users", DEBORAH).expect("Deborah")["signature"],
        Value::Null
    );

    let closed = "Regards <script>track()</SCRIPT>";
    let answer = put(
        &mock,
        &format!("/users/{DEBORAH}"),
        json!({"users": [{"signature": closed}]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(
        record(&mock, "users", DEBORAH).expect("Deborah")["signature"],
        closed
    );
}

// ---- 5. status changes that change nothing ----

#[tokio::test]
async fn setting_the_status_a_user_has_is_the_documented_already_error() {
    let mock = mock().await;
    let details = json!({"api_name": "status", "json_path": "$.users[0].status"});
    let path = format!("/users/{DEBORAH}");
    let answer = put(&mock, &path, json!({"users": [{"status": "active"}]})).await;
    let doc = generic(&mock, "update_user", "ID_ALREADY_ACTIVE");
    assert_eq!(doc.message, "User is already active");
    assert_item_error(&answer, "users", &doc, details.clone());

    let answer = put(&mock, &path, json!({"users": [{"status": "inactive"}]})).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let answer = put(&mock, &path, json!({"users": [{"status": "Inactive"}]})).await;
    let doc = generic(&mock, "update_user", "ID_ALREADY_DEACTIVATED");
    assert_eq!(doc.message, "User is already deactivated");
    assert_item_error(&answer, "users", &doc, details.clone());

    let answer = put(
        &mock,
        "/users",
        json!({"users": [{"id": DEBORAH, "status": "inactive"}]}),
    )
    .await;
    let doc = generic(&mock, "update_users", "ID_ALREADY_DEACTIVATED");
    assert_item_error(&answer, "users", &doc, details.clone());
    let answer = put(
        &mock,
        "/users",
        json!({"users": [{"id": PATRICIA, "status": "active"}]}),
    )
    .await;
    let doc = generic(&mock, "update_users", "ID_ALREADY_ACTIVE");
    assert_item_error(&answer, "users", &doc, details);
}

// ---- 6. deleted users are kept ----

#[tokio::test]
async fn a_deleted_user_is_kept_as_deleted_and_listed_only_as_such() {
    let mock = mock().await;
    let ann = add_user(&mock, "Ann").await;
    let answer = delete(&mock, &format!("/users/{ann}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(
        answer.json(),
        &json!({"users": [{"code": "SUCCESS", "details": {}, "message": "User deleted",
                           "status": "success"}]})
    );
    assert_eq!(
        record(&mock, "users", &ann).expect("kept")["status"],
        "deleted"
    );
    assert_eq!(mock.count("users"), 2, "deleted users are not counted");

    get(&mock, &format!("/users/{ann}")).await.assert_empty();
    let deleted = get(&mock, "/users?type=DeletedUsers").await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    let users = deleted.json()["users"].as_array().expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(
        (&users[0]["id"], &users[0]["status"]),
        (&json!(ann), &json!("deleted"))
    );
    for query in [
        "",
        "?type=AllUsers",
        "?type=ActiveUsers",
        "?type=NotConfirmedUsers",
    ] {
        let list = get(&mock, &format!("/users{query}")).await;
        let users = list.body.as_ref().map_or(&[][..], |b| {
            b["users"].as_array().map_or(&[][..], Vec::as_slice)
        });
        assert!(users.iter().all(|u| u["id"] != ann.as_str()), "{query}");
    }
    let count = get(&mock, "/users/actions/count").await;
    assert_eq!(count.json(), &json!({"count": 2}));
    let count = get(&mock, "/users/actions/count?type=DeletedUsers").await;
    assert_eq!(count.json(), &json!({"count": 1}));

    let again = delete(&mock, &format!("/users/{ann}")).await;
    let doc = generic(&mock, "delete_user", "ID_ALREADY_DELETED");
    assert_eq!(doc.message, "User is already deleted");
    assert_error(&again, &doc, json!({"id": ann}));

    let changed = put(
        &mock,
        &format!("/users/{ann}"),
        json!({"users": [{"last_name": "Lee"}]}),
    )
    .await;
    let doc = generic(&mock, "update_user", "CANNOT_UPDATE_DELETED_USER");
    assert_item_error(&changed, "users", &doc, json!({"id": ann}));

    let name = "transfer_records_and_delete_user";
    let doc = mentioning(&mock, name, "INVALID_DATA", "already deleted");
    let transfer =
        |to: &str| json!({"id": to, "records": true, "assignment": true, "criteria": true});
    let answer = post(
        &mock,
        &format!("/users/{ann}/actions/transfer_and_delete"),
        json!({"transfer_and_delete": [{"transfer": transfer(PATRICIA)}]}),
    )
    .await;
    let details = json!({"json_path": "$.transfer_and_delete[0]"});
    assert_item_error(&answer, "transfer_and_delete", &doc, details.clone());
    let answer = post(
        &mock,
        &format!("/users/{DEBORAH}/actions/transfer_and_delete"),
        json!({"transfer_and_delete": [{"transfer": transfer(&ann)}]}),
    )
    .await;
    assert_item_error(&answer, "transfer_and_delete", &doc, details);

    // The primary contact (the mock's user) cannot be deleted.
    let answer = delete(&mock, &format!("/users/{PATRICIA}")).await;
    let doc = mentioning(&mock, "delete_user", "INVALID_REQUEST", "Primary contact");
    assert_error(&answer, &doc, json!({"id": PATRICIA}));
}

#[tokio::test]
async fn a_deleted_user_leaves_territories_and_groups_and_cannot_join_them() {
    let mock = mock().await;
    let ann = add_user(&mock, "Ann").await;
    let path = format!("/settings/territories/{NEW_YORK}/users/{ann}");
    let answer = send(&mock, Method::PUT, &path, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let group = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "Ann's", "sources": [{"type": "users", "source": {"id": ann}}]}]}),
    )
    .await;
    let group = group.json()["user_groups"][0]["details"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert_eq!(
        delete(&mock, &format!("/users/{ann}")).await.status,
        StatusCode::OK
    );

    get(&mock, &format!("/settings/territories/{NEW_YORK}/users"))
        .await
        .assert_empty();
    get(
        &mock,
        "/settings/user_groups/actions/associated_users_count",
    )
    .await
    .json()["associated_users_count"]
        .as_array()
        .expect("counts")
        .iter()
        .for_each(|c| assert_eq!(c["count"], 0, "{c}"));
    let sources = get(
        &mock,
        &format!("/settings/user_groups/{group}/actions/sources_count"),
    )
    .await;
    assert_eq!(
        sources.json()["sources_count"][0]["users"]["deleted"],
        1,
        "{:?}",
        sources.body
    );

    let doc = mentioning(
        &mock,
        "associate_user_with_territory",
        "INVALID_DATA",
        "user ID is invalid",
    );
    let again = send(&mock, Method::PUT, &path, None).await;
    assert_error(&again, &doc, json!({"id": ann}));
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "Ghosts", "sources": [{"type": "users", "source": {"id": ann}}]}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_user_group",
        Trigger::UnknownReference {
            key: key("sources"),
        },
    );
    assert_item_error(
        &answer,
        "user_groups",
        &doc,
        json!({"api_name": "id", "json_path": "$.user_groups[0].sources[0].source.id"}),
    );
}

// ---- 7. cloning an unknown profile ----

#[tokio::test]
async fn cloning_an_unknown_profile_answers_the_specs_unknown_profile_message() {
    let mock = mock().await;
    assert!(
        op(&mock, "clone_profile").error("INVALID_DATA").is_none(),
        "the clone page documents no error for an unknown profile"
    );
    let answer = post(
        &mock,
        &format!("/settings/profiles/{NOBODY}/actions/clone"),
        json!({"profiles": [{"name": "Ghost"}]}),
    )
    .await;
    let doc = generic(&mock, "update_profile", "INVALID_DATA");
    assert_eq!(doc.message, "The profile ID is incorrect.");
    assert_error(&answer, &doc, json!({"id": NOBODY}));
    assert_eq!(mock.count("profiles"), 2);
}

// ---- 8. empty mandatory keys of a new user group ----

#[tokio::test]
async fn a_new_user_group_needs_a_name_and_a_source() {
    let mock = mock().await;
    let source = json!([{"type": "users", "source": {"id": DEBORAH}}]);
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "", "sources": source}]}),
    )
    .await;
    let doc = documented(
        &mock,
        "create_user_group",
        Trigger::MissingKey { key: key("name") },
    );
    assert_item_error(
        &answer,
        "user_groups",
        &doc,
        json!({"api_name": "name", "json_path": "$.user_groups[0].name"}),
    );
    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "  ", "sources": source}]}),
    )
    .await;
    assert_eq!(
        answer.json()["user_groups"][0]["message"],
        doc.message.as_str()
    );

    let answer = post(
        &mock,
        "/settings/user_groups",
        json!({"user_groups": [{"name": "Empty", "sources": []}]}),
    )
    .await;
    let create = op(&mock, "create_user_group");
    assert!(create
        .error_for(&Trigger::MissingKey {
            key: key("sources")
        })
        .is_none());
    let status = create
        .error("MANDATORY_NOT_FOUND")
        .expect("the page documents MANDATORY_NOT_FOUND")
        .status;
    assert_eq!(answer.status.as_u16(), status);
    let error = &answer.json()["user_groups"][0];
    assert_eq!(error["code"], "MANDATORY_NOT_FOUND");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("`sources`")),
        "{error}"
    );
    assert_eq!(
        error["details"],
        json!({"api_name": "sources", "json_path": "$.user_groups[0].sources"})
    );
    assert_eq!(mock.count("user_groups"), 0);
}
