//! The generated client against a scripted local server: what goes on the wire and how every
//! kind of answer decodes.

use crate::support::Stub;
use serde_json::json;
use zohocrm::roles::{CreateRoleError, NewRole};
use zohocrm::user_groups::{CreateUserGroupError, NewUserGroup, Source, SourceRef, SourceType};
use zohocrm::{Error, OperationError};

const TOKEN: &str = "1000.test-token.abc";

#[tokio::test]
async fn create_role_sends_the_documented_request_and_reads_the_new_id() {
    let stub = Stub::start().await;
    stub.respond_json(
        201,
        json!({"roles": [{"code": "SUCCESS", "details": {"id": "5843104000002870001"}, "message": "Role added", "status": "success"}]}),
    );
    let role = NewRole::new("Product Manager")
        .reporting_to("4150868000000225013")
        .description("Schedule and manage resources")
        .share_with_peers(true);
    let created = stub
        .client(TOKEN)
        .roles()
        .create(role)
        .await
        .unwrap()
        .into_single()
        .unwrap();
    assert_eq!(created.details.id.as_str(), "5843104000002870001");
    assert_eq!(created.message, "Role added");

    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path_and_query, "/crm/v7/settings/roles");
    assert_eq!(
        sent.header("authorization"),
        Some("Zoho-oauthtoken 1000.test-token.abc")
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(sent.body.clone()).unwrap(),
        r#"{"roles":[{"name":"Product Manager","reporting_to":"4150868000000225013","description":"Schedule and manage resources","share_with_peers":true}]}"#
    );
}

#[tokio::test]
async fn create_user_group_sends_sources_and_reads_the_new_id() {
    let stub = Stub::start().await;
    stub.respond_json(
        201,
        json!({"user_groups": [{"code": "SUCCESS", "details": {"id": "5725767000002350003"}, "message": "User Group Created successfully", "status": "success"}]}),
    );
    let group = NewUserGroup::new(
        "Tier1",
        [
            Source::new(SourceType::Roles, SourceRef::new("3652397000000026008"))
                .subordinates(true),
            Source::new(
                SourceType::Users,
                SourceRef::new("3652397000000281001").name("Deborah Gill"),
            ),
        ],
    )
    .description("first line");
    let results = stub
        .client(TOKEN)
        .user_groups()
        .create(group)
        .await
        .unwrap();
    assert_eq!(results.status(), 201);
    let created = results.into_single().unwrap();
    assert_eq!(created.details.id.as_str(), "5725767000002350003");

    let sent = &stub.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path_and_query, "/crm/v7/settings/user_groups");
    assert_eq!(
        sent.json(),
        json!({"user_groups": [{
            "name": "Tier1",
            "description": "first line",
            "sources": [
                {"type": "roles", "source": {"id": "3652397000000026008"}, "subordinates": true},
                {"type": "users", "source": {"id": "3652397000000281001", "name": "Deborah Gill"}}
            ]
        }]})
    );
}

/// Every documented error of Create Role, sent per item and at top level, decodes to its
/// variant with the documented resolution.
#[tokio::test]
async fn every_documented_create_role_error_decodes_to_its_variant() {
    let stub = Stub::start().await;
    let client = stub.client(TOKEN);
    for documented in CreateRoleError::DOCUMENTED {
        let body = json!({"code": documented.code, "details": {"api_name": "name"}, "message": documented.message, "status": "error"});
        stub.respond_json(documented.status, json!({"roles": [body.clone()]}));
        stub.respond_json(documented.status, body);

        let per_item = client.roles().create(NewRole::new("x")).await.unwrap();
        let item_error = per_item.into_single().unwrap_err();
        let top_level = client.roles().create(NewRole::new("x")).await.unwrap_err();
        for error in [item_error, top_level] {
            let Error::Api(e) = error else {
                panic!(
                    "{} did not decode as an API error: {error}",
                    documented.code
                )
            };
            assert!(
                !matches!(e, CreateRoleError::Unknown(_)),
                "{} decoded as Unknown",
                documented.code
            );
            assert_eq!(e.code(), documented.code);
            assert_eq!(e.status(), documented.status);
            assert_eq!(e.message(), documented.message);
            assert_eq!(
                e.resolution(),
                Some(documented.resolution),
                "{}",
                documented.code
            );
            assert_eq!(e.body().details["api_name"], "name");
        }
    }
    assert!(CreateRoleError::DOCUMENTED.len() >= 10);
}

#[tokio::test]
async fn every_documented_create_user_group_error_decodes_to_its_variant() {
    let stub = Stub::start().await;
    let client = stub.client(TOKEN);
    for documented in CreateUserGroupError::DOCUMENTED {
        stub.respond_json(
            documented.status,
            json!({"user_groups": [{"code": documented.code, "details": {}, "message": documented.message, "status": "error"}]}),
        );
        let group = NewUserGroup::new("g", [Source::new(SourceType::Roles, SourceRef::new("1"))]);
        let e = client
            .user_groups()
            .create(group)
            .await
            .unwrap()
            .into_single()
            .unwrap_err();
        let e = e.api().expect("an API error");
        assert!(
            !matches!(e, CreateUserGroupError::Unknown(_)),
            "{}",
            documented.code
        );
        assert_eq!((e.code(), e.status()), (documented.code, documented.status));
        assert_eq!(e.resolution(), Some(documented.resolution));
    }
}

#[tokio::test]
async fn errors_print_code_status_message_and_resolution() {
    let stub = Stub::start().await;
    stub.respond_json(
        400,
        json!({"roles": [{"code": "DUPLICATE_DATA", "details": {}, "message": "Failed to add role since role with same name is already exist", "status": "error"}]}),
    );
    let error = stub
        .client(TOKEN)
        .roles()
        .create(NewRole::new("CEO"))
        .await
        .unwrap()
        .into_single()
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Api(CreateRoleError::DuplicateData(_))
    ));
    assert_eq!(
        error.to_string(),
        "DUPLICATE_DATA (HTTP 400): Failed to add role since role with same name is already exist — A role with this name already exists. Give a name no other role uses."
    );
}

#[tokio::test]
async fn two_messages_of_one_code_get_their_own_resolutions() {
    let stub = Stub::start().await;
    let client = stub.client(TOKEN);
    let messages = CreateRoleError::DOCUMENTED
        .iter()
        .filter(|d| d.code == "INVALID_DATA")
        .collect::<Vec<_>>();
    assert_eq!(messages.len(), 2);
    for documented in &messages {
        stub.respond_json(400, json!({"roles": [{"code": "INVALID_DATA", "details": {}, "message": documented.message, "status": "error"}]}));
        let e = client
            .roles()
            .create(NewRole::new("a#b"))
            .await
            .unwrap()
            .into_single()
            .unwrap_err();
        assert_eq!(e.api().unwrap().resolution(), Some(documented.resolution));
    }
    stub.respond_json(400, json!({"roles": [{"code": "INVALID_DATA", "details": {}, "message": "something else", "status": "error"}]}));
    let e = client
        .roles()
        .create(NewRole::new("x"))
        .await
        .unwrap()
        .into_single()
        .unwrap_err();
    assert_eq!(
        e.api().unwrap().resolution(),
        None,
        "an undocumented message of a code with two entries has no single resolution"
    );
    assert_eq!(e.to_string(), "INVALID_DATA (HTTP 400): something else");
}

#[tokio::test]
async fn undocumented_codes_keep_code_status_message_and_details() {
    let stub = Stub::start().await;
    stub.respond_json(
        409,
        json!({"code": "SOMETHING_NEW", "details": {"limit": 3}, "message": "A new failure", "status": "error"}),
    );
    let error = stub
        .client(TOKEN)
        .roles()
        .create(NewRole::new("x"))
        .await
        .unwrap_err();
    let Error::Api(CreateRoleError::Unknown(body)) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(body.code, "SOMETHING_NEW");
    assert_eq!(body.status, 409);
    assert_eq!(body.message, "A new failure");
    assert_eq!(body.details["limit"], 3);
    assert_eq!(error.to_string(), "SOMETHING_NEW (HTTP 409): A new failure");
}

#[tokio::test]
async fn a_mixed_result_shows_each_item() {
    let stub = Stub::start().await;
    stub.respond_json(
        207,
        json!({"user_groups": [
            {"code": "SUCCESS", "details": {"id": "5725767000002350003"}, "message": "User Group Created successfully", "status": "success"},
            {"code": "DUPLICATE_DATA", "details": {"api_name": "name"}, "message": "Group name already exists.", "status": "error"}
        ]}),
    );
    let groups = vec![
        NewUserGroup::new("A", [Source::new(SourceType::Roles, SourceRef::new("1"))]),
        NewUserGroup::new("B", [Source::new(SourceType::Roles, SourceRef::new("1"))]),
    ];
    let results = stub
        .client(TOKEN)
        .user_groups()
        .create(groups)
        .await
        .unwrap();
    assert_eq!(results.status(), 207);
    assert!(!results.all_succeeded());
    let successes: Vec<_> = results
        .successes()
        .map(|(i, s)| (i, s.details.id.to_string()))
        .collect();
    assert_eq!(successes, vec![(0, "5725767000002350003".to_owned())]);
    let failures: Vec<_> = results.failures().collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, 1);
    assert!(matches!(
        failures[0].1,
        CreateUserGroupError::DuplicateData(_)
    ));
    assert!(
        results.clone().into_single().is_err(),
        "two results are not one"
    );
}

#[tokio::test]
async fn a_non_json_502_is_a_response_error_with_status_and_body() {
    let stub = Stub::start().await;
    stub.respond(502, "<html><body>Bad Gateway</body></html>", "text/html");
    let error = stub
        .client(TOKEN)
        .roles()
        .create(NewRole::new("x"))
        .await
        .unwrap_err();
    let Error::Response {
        status,
        body_start,
        operation,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(*operation, "create_role");
    assert!(body_start.starts_with("<html><body>Bad Gateway"));
    let text = error.to_string();
    assert!(
        text.contains("HTTP 502") && text.contains("not JSON") && text.contains("Bad Gateway"),
        "{text}"
    );
}

#[tokio::test]
async fn empty_and_wrong_envelopes_are_response_errors() {
    let stub = Stub::start().await;
    let client = stub.client(TOKEN);
    stub.respond(201, "", "application/json");
    stub.respond_json(200, json!({"users": []}));
    stub.respond_json(200, json!([1, 2]));
    for expected in ["empty body", "no `roles` key", "not an object"] {
        let error = client.roles().create(NewRole::new("x")).await.unwrap_err();
        assert!(matches!(error, Error::Response { .. }), "{error:?}");
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[tokio::test]
async fn a_bare_action_result_is_accepted() {
    let stub = Stub::start().await;
    stub.respond_json(200, json!({"code": "SUCCESS", "details": {"id": "1"}, "message": "Role added", "status": "success"}));
    let created = stub
        .client(TOKEN)
        .roles()
        .create(NewRole::new("x"))
        .await
        .unwrap()
        .into_single()
        .unwrap();
    assert_eq!(created.details.id.as_str(), "1");
}

#[tokio::test]
async fn more_items_than_the_endpoint_takes_is_an_error_before_sending() {
    let stub = Stub::start().await;
    let error = stub
        .client(TOKEN)
        .roles()
        .create(vec![NewRole::new("a"), NewRole::new("b")])
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::TooManyItems {
                max: 1,
                given: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_that_was_not_applied() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = zohocrm::Client::builder()
        .base_url(format!("http://{addr}"))
        .access_token(TOKEN)
        .build()
        .unwrap();
    let error = client.roles().create(NewRole::new("x")).await.unwrap_err();
    let Error::Transport {
        may_have_been_applied,
        ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert!(!may_have_been_applied);
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let builder = zohocrm::Client::builder()
        .base_url("http://127.0.0.1:1")
        .access_token("1000.secret.value");
    assert!(!format!("{builder:?}").contains("secret"));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("secret"), "{debug}");
    assert!(debug.contains("http://127.0.0.1:1/crm/v7"));
}

#[test]
fn a_client_needs_a_location_and_a_token() {
    assert!(matches!(
        zohocrm::Client::builder().access_token("t").build(),
        Err(zohocrm::BuildError::NoLocation)
    ));
    assert!(matches!(
        zohocrm::Client::builder()
            .data_center(zohocrm::DataCenter::Eu)
            .build(),
        Err(zohocrm::BuildError::NoToken)
    ));
    let client = zohocrm::Client::builder()
        .data_center(zohocrm::DataCenter::Eu)
        .access_token("t")
        .build()
        .unwrap();
    assert_eq!(client.api_url(), "https://www.zohoapis.eu/crm/v7");
    assert!(matches!(
        zohocrm::Client::builder()
            .base_url("ftp://x")
            .access_token("t")
            .build(),
        Err(zohocrm::BuildError::BaseUrl { .. })
    ));
    assert!(matches!(
        zohocrm::Client::builder()
            .base_url("http://x")
            .access_token("bad\ntoken")
            .build(),
        Err(zohocrm::BuildError::TokenNotHeaderSafe)
    ));
}

#[tokio::test]
async fn list_and_get_decode_records_and_paging_info() {
    let stub = Stub::start().await;
    let group = json!({
        "created_time": "2022-11-21T12:33:12+05:30", "modified_time": null, "name": "group 1",
        "modified_by": null, "description": null, "id": "3652397000009949005",
        "created_by": {"name": "Patricia Boyle", "id": "3652397000000186017"}
    });
    stub.respond_json(200, json!({"user_groups": [group], "info": {"per_page": 2, "count": 1, "page": 3, "more_records": false}}));
    stub.respond(204, "", "text/plain");
    stub.respond_json(200, json!({"user_groups": [group]}));
    let client = stub.client(TOKEN);

    let params = zohocrm::user_groups::GetUserGroupsParams::default()
        .page(3)
        .per_page(2)
        .name("group 1");
    let page = client.user_groups().list(params).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let first = &page.items[0];
    assert_eq!(first.id.as_str(), "3652397000009949005");
    assert_eq!(first.name, "group 1");
    assert_eq!(first.description, None);
    assert_eq!(first.created_by.name, "Patricia Boyle");
    let info = page.info.unwrap();
    assert_eq!(
        (info.page, info.per_page, info.count, info.more_records),
        (3, 2, 1, false)
    );

    let empty = client.user_groups().list(Default::default()).await.unwrap();
    assert!(empty.items.is_empty() && empty.info.is_none());

    let one = client
        .user_groups()
        .get(&"3652397000009949005".into())
        .await
        .unwrap();
    assert_eq!(one.items.len(), 1);

    let requests = stub.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].path_and_query,
        "/crm/v7/settings/user_groups?name=group+1&page=3&per_page=2"
    );
    assert_eq!(requests[0].body, b"");
    assert_eq!(requests[1].path_and_query, "/crm/v7/settings/user_groups");
    assert_eq!(
        requests[2].path_and_query,
        "/crm/v7/settings/user_groups/3652397000009949005"
    );
}

#[tokio::test]
async fn delete_sends_path_and_query_and_reads_a_bare_result() {
    let stub = Stub::start().await;
    stub.respond_json(200, json!({"code": "SUCCESS", "details": {"id": "4150868000005435016"}, "message": "Role Deleted", "status": "success"}));
    let client = stub.client(TOKEN);
    let deleted = client
        .roles()
        .delete(&"4150868000005435016".into(), &"4150868000000026005".into())
        .await
        .unwrap()
        .into_single()
        .unwrap();
    assert_eq!(deleted.details.id.as_str(), "4150868000005435016");
    assert_eq!(deleted.message, "Role Deleted");
    let sent = &stub.requests()[0];
    assert_eq!(sent.method, "DELETE");
    assert_eq!(
        sent.path_and_query,
        "/crm/v7/settings/roles/4150868000005435016?transfer_to_id=4150868000000026005"
    );
    assert_eq!(sent.header("content-type"), None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_never_empty() {
    let stub = Stub::start().await;
    stub.respond(204, "", "text/plain");
    let client = stub.client(TOKEN);
    client.roles().get(&"12/../34".into()).await.unwrap();
    assert_eq!(
        stub.requests()[0].path_and_query,
        "/crm/v7/settings/roles/12%2F..%2F34"
    );
    let error = client.roles().get(&"".into()).await.unwrap_err();
    assert!(matches!(error, Error::Request { .. }), "{error:?}");
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn a_record_missing_a_promised_key_is_a_response_error() {
    let stub = Stub::start().await;
    stub.respond_json(200, json!({"roles": [{"id": "1", "display_label": "CEO"}]}));
    let error = stub.client(TOKEN).roles().list().await.unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, Error::Response { status: 200, .. }),
        "{error:?}"
    );
    assert!(text.contains("`roles`: missing field"), "{text}");
}

#[tokio::test]
async fn pages_are_walked_until_the_server_reports_no_more() {
    let stub = Stub::start().await;
    let group = |id: &str| json!({"id": id, "name": format!("g{id}"), "description": null, "created_time": "2022-11-21T12:33:12+05:30", "modified_time": null, "created_by": {"name": "P", "id": "9"}, "modified_by": null});
    stub.respond_json(200, json!({"user_groups": [group("1"), group("2")], "info": {"per_page": 2, "count": 2, "page": 1, "more_records": true}}));
    stub.respond_json(200, json!({"user_groups": [group("3")], "info": {"per_page": 2, "count": 1, "page": 2, "more_records": false}}));
    let params = zohocrm::user_groups::GetUserGroupsParams::default().per_page(2);
    let all = stub
        .client(TOKEN)
        .user_groups()
        .list_pages(params)
        .all()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let queries: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(
        queries,
        [
            "/crm/v7/settings/user_groups?per_page=2&page=1",
            "/crm/v7/settings/user_groups?per_page=2&page=2"
        ]
    );
}

#[tokio::test]
async fn pages_stop_on_204_and_after_an_error() {
    let stub = Stub::start().await;
    stub.respond(204, "", "text/plain");
    let client = stub.client(TOKEN);
    let mut pages = client.user_groups().list_pages(Default::default());
    assert!(pages.next().await.unwrap().unwrap().items.is_empty());
    assert!(pages.next().await.is_none());

    stub.respond_json(
        403,
        json!({"code": "NO_PERMISSION", "details": {}, "message": "x", "status": "error"}),
    );
    let mut pages = client.user_groups().list_pages(Default::default());
    assert!(pages.next().await.unwrap().is_err());
    assert!(pages.next().await.is_none());
    assert_eq!(stub.requests().len(), 2);
}

#[tokio::test]
async fn documented_parameter_limits_are_checked_before_sending() {
    let stub = Stub::start().await;
    let client = stub.client(TOKEN);
    let too_big = zohocrm::territories::GetTerritoriesParams::default().per_page(2001);
    let error = client.territories().list(too_big).await.unwrap_err();
    assert!(
        matches!(&error, Error::Request { reason, .. } if reason == "`per_page` is 2001; it must be from 1 to 2000"),
        "{error}"
    );

    let ids: Vec<zohocrm::Id> = (1..=11u64).map(zohocrm::Id::from).collect();
    let error = client
        .territories()
        .delete_many(&ids, false)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::TooManyItems {
                max: 10,
                given: 11,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(stub.requests().is_empty());

    stub.respond_json(200, json!({"territories": [{"code": "SUCCESS", "details": {"id": "1"}, "message": "Given Territory Removed Successfully", "status": "success"}]}));
    client
        .territories()
        .delete_many(&ids[..2], true)
        .await
        .unwrap();
    assert_eq!(
        stub.requests()[0].path_and_query,
        "/crm/v7/settings/territories?ids=1%2C2&delete_previous_forecasts=true"
    );
}

#[tokio::test]
async fn an_object_response_decodes_whole() {
    let stub = Stub::start().await;
    stub.respond_json(200, json!({"count": 11}));
    let count = stub
        .client(TOKEN)
        .users()
        .count(Default::default())
        .await
        .unwrap();
    assert_eq!(count.count, 11);
    assert_eq!(
        stub.requests()[0].path_and_query,
        "/crm/v7/users/actions/count"
    );
}

#[tokio::test]
async fn a_nullable_key_can_be_cleared_or_left_out() {
    let stub = Stub::start().await;
    let ok = json!({"territories": [{"code": "SUCCESS", "details": {"id": "1"}, "message": "Territory Updated Successfully", "status": "success"}]});
    stub.respond_json(200, ok.clone());
    stub.respond_json(200, ok);
    let client = stub.client(TOKEN);
    let id = zohocrm::Id::from("3652397000007622003");
    let changes = zohocrm::territories::TerritoryChanges::new()
        .clear_manager()
        .description("East coast");
    client.territories().update(&id, changes).await.unwrap();
    client
        .territories()
        .update(
            &id,
            zohocrm::territories::TerritoryChanges::new().name("NY"),
        )
        .await
        .unwrap();
    let requests = stub.requests();
    assert_eq!(
        requests[0].json(),
        json!({"territories": [{"manager": null, "description": "East coast"}]})
    );
    assert_eq!(requests[1].json(), json!({"territories": [{"name": "NY"}]}));
}

#[tokio::test]
async fn a_token_rejected_twice_is_an_error_after_one_replacement() {
    let stub = Stub::start().await;
    let token = serde_json::json!({"access_token": "1000.a", "expires_in": 3600, "api_domain": stub.base_url(), "token_type": "Bearer"});
    let rejected = serde_json::json!({"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"});
    stub.respond_json(200, token.clone());
    stub.respond_json(401, rejected.clone());
    stub.respond_json(200, token);
    stub.respond_json(401, rejected);
    let client = zohocrm::Client::builder()
        .base_url(stub.base_url())
        .oauth(
            zohocrm::OAuth::new("1000.CLIENTID", "client-secret", "1000.refresh")
                .accounts_url(stub.base_url()),
        )
        .build()
        .unwrap();
    let error = client.roles().list().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api(zohocrm::roles::GetRolesError::InvalidToken(_))
        ),
        "{error:?}"
    );
    let paths: Vec<String> = stub
        .requests()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/oauth/v2/token",
            "/crm/v7/settings/roles",
            "/oauth/v2/token",
            "/crm/v7/settings/roles"
        ]
    );
}

#[tokio::test]
async fn a_foreign_api_domain_in_a_token_response_is_refused() {
    let stub = Stub::start().await;
    stub.respond_json(
        200,
        serde_json::json!({"access_token": "1000.a", "expires_in": 3600, "api_domain": "https://attacker.example", "token_type": "Bearer"}),
    );
    let client = zohocrm::Client::builder()
        .base_url(stub.base_url())
        .oauth(
            zohocrm::OAuth::new("1000.CLIENTID", "client-secret", "1000.refresh")
                .accounts_url(stub.base_url()),
        )
        .build()
        .unwrap();
    let error = client.roles().list().await.unwrap_err();
    let Error::Auth(zohocrm::AuthError::UntrustedApiDomain { domain }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(domain, "https://attacker.example");
    assert!(error
        .to_string()
        .contains("refusing to send requests there"));
    assert_eq!(stub.requests().len(), 1, "no API request was sent anywhere");
}
