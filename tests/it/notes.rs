//! The notes family through the public client against zohocrm-mock: a note is created, read
//! back, listed, updated (alone and in bulk) and deleted (alone and by ids); the calls below a
//! record, which the mock answers with the page's samples, decode to typed results; documented
//! errors decode to their own variants.

use serde_json::json;
use zohocrm::notes::{
    CreateNotesError, DeleteNotesError, GetNotesParams, GetRecordNotesParams, NewNote, NoteChanges,
    NoteModule, NoteParentRef, NoteUpdate, UpdateNoteError,
};
use zohocrm::{ActionResults, Client, Error, Id, OperationError};
use zohocrm_mock::MockServer;

/// The operations the tests of this module call.
pub(crate) const CALLED: &[&str] = &[
    "create_notes",
    "create_record_notes",
    "delete_note",
    "delete_notes",
    "delete_record_note",
    "get_note",
    "get_notes",
    "get_record_notes",
    "update_note",
    "update_notes",
    "update_record_notes",
];

/// A lead of the page's samples; the mock does not check a note's parent.
const LEAD: &str = "2423488000000771297";
const LEADS_MODULE: &str = "2423488000000000125";
const FIELDS: &str = "Note_Title,Note_Content,Parent_Id,Created_By";
/// A well-formed id that names no note.
const NOBODY: &str = "3652397000999999999";

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

fn lead() -> NoteParentRef {
    NoteParentRef::new(NoteModule::new().api_name("Leads"), id(LEAD))
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

fn last_body(mock: &MockServer, method: &str, path: &str) -> serde_json::Value {
    let path = format!("/crm/v7{path}");
    mock.requests()
        .into_iter()
        .rev()
        .find(|r| r.method == method && r.path == path)
        .unwrap_or_else(|| panic!("no {method} {path} in the request log"))
        .json()
        .unwrap()
}

#[tokio::test]
async fn notes_are_created_read_updated_and_deleted() {
    let (mock, client) = start().await;
    let notes = client.notes();

    let created = notes
        .create(NewNote::new(lead(), "Wants a demo on Monday").note_title("Follow up"))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created = created.into_single().unwrap();
    assert_eq!(created.code, "SUCCESS");
    assert_eq!(created.message, "record added");
    let note = created.details.id;
    assert_eq!(
        last_body(&mock, "POST", "/Notes"),
        json!({"data": [{
            "Parent_Id": {"module": {"api_name": "Leads"}, "id": LEAD},
            "Note_Title": "Follow up",
            "Note_Content": "Wants a demo on Monday"
        }]})
    );

    let read = notes.get(&note, FIELDS).await.unwrap().items.remove(0);
    assert_eq!(read.id, note);
    assert_eq!(read.note_title.as_deref(), Some("Follow up"));
    assert_eq!(read.note_content.as_deref(), Some("Wants a demo on Monday"));
    let parent = read.parent_id.unwrap();
    assert_eq!(parent.id.as_str(), LEAD);
    assert_eq!(parent.module.unwrap().api_name.as_deref(), Some("Leads"));
    assert!(read.created_by.is_some(), "the mock sets audit keys");

    let listed = notes.list(FIELDS, GetNotesParams::default()).await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].id, note);
    assert!(!listed.info.unwrap().more_records);

    let updated = single(
        notes
            .update(&note, NoteChanges::new().note_content("Demo booked"))
            .await,
    )
    .unwrap();
    assert_eq!(updated.details.id, note);
    assert_eq!(updated.message, "record updated");
    let read = notes.get(&note, FIELDS).await.unwrap().items.remove(0);
    assert_eq!(read.note_content.as_deref(), Some("Demo booked"));
    assert_eq!(
        read.note_title.as_deref(),
        Some("Follow up"),
        "keys left out keep their value"
    );

    let second = single(
        notes
            .create(NewNote::new(
                NoteParentRef::new(NoteModule::new().id(id(LEADS_MODULE)), id(LEAD)),
                "Sent the price list",
            ))
            .await,
    )
    .unwrap()
    .details
    .id;
    let updated = notes
        .update_many(vec![
            NoteUpdate::new(&note).note_title("Demo"),
            NoteUpdate::new(&second).note_title("Prices"),
        ])
        .await
        .unwrap();
    assert!(updated.all_succeeded());
    assert_eq!(updated.len(), 2);
    let titles: Vec<Option<String>> = notes
        .list(FIELDS, GetNotesParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|n| n.note_title)
        .collect();
    assert_eq!(titles, [Some("Demo".to_owned()), Some("Prices".to_owned())]);

    let walked = notes
        .list_pages(FIELDS, GetNotesParams::default().per_page(1))
        .all()
        .await
        .unwrap();
    let walked: Vec<Id> = walked.into_iter().map(|n| n.id).collect();
    assert_eq!(walked, [note.clone(), second.clone()]);

    let deleted = single(notes.delete(&second).await).unwrap();
    assert_eq!(deleted.details.id, second);
    assert_eq!(deleted.message, "record deleted");
    assert!(notes.get(&second, FIELDS).await.unwrap().items.is_empty());

    let third = single(notes.create(NewNote::new(lead(), "Third")).await)
        .unwrap()
        .details
        .id;
    let deleted = notes
        .delete_many(&[note.clone(), third.clone()])
        .await
        .unwrap();
    assert!(deleted.all_succeeded());
    let ids: Vec<Id> = deleted
        .into_items()
        .into_iter()
        .map(|r| r.unwrap().details.id)
        .collect();
    assert_eq!(ids, [note, third]);
    let left = notes.list(FIELDS, GetNotesParams::default()).await.unwrap();
    assert!(left.items.is_empty(), "{left:?}");
}

#[tokio::test]
async fn notes_of_a_record_decode_the_pages_samples() {
    let (mock, client) = start().await;
    let notes = client.notes();
    let leads = "Leads";

    let listed = notes
        .list_for_record(leads, &id(LEAD), FIELDS, GetRecordNotesParams::default())
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 17);
    let first = &listed.items[0];
    assert_eq!(first.note_title.as_deref(), Some("Follow up call"));
    assert_eq!(
        first.owner.as_ref().unwrap().email.as_deref(),
        Some("aaa@zoho.com")
    );
    assert_eq!(listed.items[5].note_title, None, "a null title");
    assert_eq!(listed.info.unwrap().count, 17);
    assert!(mock
        .requests()
        .iter()
        .any(|r| r.path == format!("/crm/v7/Leads/{LEAD}/Notes")
            && r.query_param("fields") == Some(FIELDS)));

    let created = single(
        notes
            .create_for_record(leads, &id(LEAD), NewNote::new(lead(), "From the record"))
            .await,
    )
    .unwrap();
    assert_eq!(created.details.id.as_str(), "2423488000000776006");
    assert_eq!(created.details.created_by.unwrap().name, "Patricia");

    let updated = single(
        notes
            .update_for_record(
                leads,
                &id(LEAD),
                NoteUpdate::new(id("2423488000000776006")).note_title("Contacted"),
            )
            .await,
    )
    .unwrap();
    assert_eq!(updated.details.id.as_str(), "410888000000643123");
    assert!(updated.details.modified_time.is_some());

    let deleted = notes
        .delete_for_record(leads, &id(LEAD), &id("2883756000000308033"))
        .await
        .unwrap();
    assert_eq!(deleted.len(), 3, "the page's sample has three results");
    assert_eq!(
        mock.requests().last().unwrap().path,
        format!("/crm/v7/Leads/{LEAD}/Notes/2883756000000308033")
    );
}

#[tokio::test]
async fn note_errors_decode_to_their_variants() {
    let (_mock, client) = start().await;
    let notes = client.notes();

    let e = api_error(single(notes.create(NewNote::new(lead(), " ")).await));
    assert!(matches!(e, CreateNotesError::MandatoryNotFound(_)), "{e:?}");
    assert_eq!(e.status(), 400);

    let e = api_error(single(
        notes
            .update(&id(NOBODY), NoteChanges::new().note_title("Ghost"))
            .await,
    ));
    assert!(matches!(e, UpdateNoteError::InvalidData(_)), "{e:?}");
    assert_eq!(e.message(), "the related id given seems to be invalid");

    let e = api_error(single(notes.delete_many(&[id(NOBODY)]).await));
    assert!(matches!(e, DeleteNotesError::InvalidData(_)), "{e:?}");
    assert_eq!(e.message(), "record not deleted");
}
