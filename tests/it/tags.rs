//! The tags family through the public client against zohocrm-mock: a tag is created, listed,
//! renamed and recoloured (alone and in bulk); the calls the mock answers with the page's samples
//! (delete, record count, tagging a record) decode to typed results; documented errors decode to
//! their own variants.

use serde_json::json;
use zohocrm::tags::{
    CreateTagsError, GetTagsParams, NewTag, TagChanges, TagInput, TagUpdate, UpdateTagError,
    UpdateTagsError,
};
use zohocrm::{ActionResults, Client, Error, Id, OperationError};
use zohocrm_mock::MockServer;

/// The operations the tests of this module call.
pub(crate) const CALLED: &[&str] = &[
    "add_tags_to_record",
    "create_tags",
    "delete_tag",
    "get_tag_record_count",
    "get_tags",
    "remove_tags_from_record",
    "update_tag",
    "update_tags",
];

/// A well-formed id that names no tag.
const NOBODY: &str = "3652397000999999999";
const LEAD: &str = "4876876000003643731";

async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.unwrap();
    let client = Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    (mock, client)
}

fn id(text: &str) -> Id {
    Id::from(text)
}

fn single<D, E>(
    result: Result<ActionResults<D, E>, Error<E>>,
) -> Result<zohocrm::ActionSuccess<D>, Error<E>> {
    result.and_then(ActionResults::into_single)
}

fn api_error<T: std::fmt::Debug, E: OperationError>(result: Result<T, Error<E>>) -> E {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn tags_are_created_listed_renamed_and_counted() {
    let (mock, client) = start().await;
    let tags = client.tags();

    let created = tags
        .create(
            "Leads",
            vec![
                NewTag::new("Hot").color_code("#F17574"),
                NewTag::new("Cold"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert!(created.all_succeeded());
    let ids: Vec<Id> = created
        .into_items()
        .into_iter()
        .map(|r| r.unwrap().details.id)
        .collect();
    let (hot, cold) = (ids[0].clone(), ids[1].clone());
    let request = mock.requests().into_iter().last().unwrap();
    assert_eq!(request.path, "/crm/v7/settings/tags");
    assert_eq!(request.query_param("module"), Some("Leads"));
    assert_eq!(
        request.json().unwrap(),
        json!({"tags": [{"name": "Hot", "color_code": "#F17574"}, {"name": "Cold"}]})
    );

    let listed = tags.list("Leads", GetTagsParams::default()).await.unwrap();
    assert_eq!(listed.items.len(), 2);
    let first = &listed.items[0];
    assert_eq!(
        (first.id.clone(), first.name.as_str()),
        (hot.clone(), "Hot")
    );
    assert_eq!(first.color_code.as_deref(), Some("#F17574"));
    assert_eq!(listed.items[1].color_code, None);
    assert!(first.created_by.is_some(), "the mock sets audit keys");
    let listed = tags
        .list("Leads", GetTagsParams::default().my_tags(true))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 2);

    let renamed = single(
        tags.update(&hot, "Leads", TagChanges::new().name("Very hot"))
            .await,
    )
    .unwrap();
    assert_eq!(renamed.details.id, hot);
    assert_eq!(renamed.message, "tags updated successfully");
    let recoloured = tags
        .update_many(
            "Leads",
            vec![
                TagUpdate::new(&cold).color_code("#1DB9B4"),
                TagUpdate::new(&hot).name("Hottest"),
            ],
        )
        .await
        .unwrap();
    assert!(recoloured.all_succeeded());
    let listed = tags.list("Leads", GetTagsParams::default()).await.unwrap();
    let names: Vec<(&str, Option<&str>)> = listed
        .items
        .iter()
        .map(|t| (t.name.as_str(), t.color_code.as_deref()))
        .collect();
    assert_eq!(
        names,
        [("Hottest", Some("#F17574")), ("Cold", Some("#1DB9B4"))]
    );

    // Served from the page's sample: `count` is the string "28" there.
    let count = tags.record_count(&hot, "Contacts").await.unwrap();
    assert_eq!(count.count, json!("28"));
    let request = mock.requests().into_iter().last().unwrap();
    assert_eq!(
        request.path,
        format!("/crm/v7/settings/tags/{hot}/actions/records_count")
    );
    assert_eq!(request.query_param("module"), Some("Contacts"));

    // Served from the page's sample: one result object under `tags`.
    let deleted = tags.delete(&hot).await.unwrap();
    assert_eq!(deleted.tags.code, "SUCCESS");
    assert_eq!(deleted.tags.status, "success");
    assert_eq!(deleted.tags.message, "tags deleted successfully");
    assert_eq!(deleted.tags.details.unwrap().id.as_str(), "2000000035058");
}

#[tokio::test]
async fn records_are_tagged_and_untagged() {
    let (mock, client) = start().await;
    let tags = client.tags();
    let leads = "Leads";

    let added = single(
        tags.add_to_record(
            leads,
            &id(LEAD),
            vec![
                TagInput::new()
                    .name("Nurturing Lead")
                    .id(id("4876876000001140124")),
                TagInput::new().name("Active").color_code("#F17574"),
            ],
        )
        .await,
    )
    .unwrap();
    assert_eq!(added.message, "tags updated successfully");
    assert_eq!(added.details.id.as_str(), LEAD);
    let carried: Vec<String> = added
        .details
        .tags
        .unwrap()
        .into_iter()
        .filter_map(|t| t.name)
        .collect();
    assert_eq!(carried, ["Active", "Nurturing Lead"]);
    let request = mock.requests().into_iter().last().unwrap();
    assert_eq!(
        request.path,
        format!("/crm/v7/Leads/{LEAD}/actions/add_tags")
    );
    assert_eq!(
        request.json().unwrap(),
        json!({"tags": [
            {"name": "Nurturing Lead", "id": "4876876000001140124"},
            {"name": "Active", "color_code": "#F17574"}
        ]})
    );

    let removed = single(
        tags.remove_from_record(
            leads,
            &id("554023000000792001"),
            TagInput::new().name("Prime"),
        )
        .await,
    )
    .unwrap();
    let left = removed.details.tags.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].name.as_deref(), Some("web"));
    assert_eq!(left[0].color_code, None);
}

#[tokio::test]
async fn tag_errors_decode_to_their_variants() {
    let (_mock, client) = start().await;
    let tags = client.tags();
    let hot = single(tags.create("Leads", NewTag::new("Hot")).await)
        .unwrap()
        .details
        .id;

    let e = api_error(single(tags.create("Leads", NewTag::new("hot")).await));
    assert!(matches!(e, CreateTagsError::DuplicateData(_)), "{e:?}");
    assert_eq!(e.message(), "duplicate data");
    let e = api_error(single(tags.create("Leads", NewTag::new("a, b")).await));
    assert!(matches!(e, CreateTagsError::InvalidData(_)), "{e:?}");
    assert_eq!(
        e.message(),
        "The tag's name has one or more special characters <, >, or a comma."
    );
    let e = api_error(single(
        tags.create("Leads", NewTag::new("A name of more than 25 chars"))
            .await,
    ));
    assert!(matches!(e, CreateTagsError::InvalidData(_)), "{e:?}");
    let e = api_error(single(
        tags.create("Leads", NewTag::new("Blue").color_code("#0000FF"))
            .await,
    ));
    assert!(matches!(e, CreateTagsError::InvalidData(_)), "{e:?}");
    assert_eq!(e.message(), "The color is not supported.");
    let e = api_error(single(tags.create("Leads", NewTag::new(" ")).await));
    assert!(matches!(e, CreateTagsError::MandatoryNotFound(_)), "{e:?}");

    let e = api_error(single(
        tags.update(&id(NOBODY), "Leads", TagChanges::new().name("Ghost"))
            .await,
    ));
    assert!(matches!(e, UpdateTagError::InvalidData(_)), "{e:?}");
    assert_eq!(e.message(), "The ID of the tag is invalid.");
    let e = api_error(single(
        tags.update_many("Leads", TagUpdate::new(id(NOBODY)).name("Ghost"))
            .await,
    ));
    assert!(matches!(e, UpdateTagsError::InvalidData(_)), "{e:?}");
    assert_eq!(e.message(), "The ID of the tag is invalid.");
    let e = api_error(single(
        tags.update(&hot, "Leads", TagChanges::new().name("x>y"))
            .await,
    ));
    assert!(matches!(e, UpdateTagError::InvalidData(_)), "{e:?}");
}
