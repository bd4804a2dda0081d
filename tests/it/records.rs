//! Records of any module through the public API against zohocrm-mock's org: per-item results
//! and errors, exact values read back, paging past 2,000 records with page tokens, search with
//! escaped criteria, the recycle bin, counts and `If-Modified-Since`.

use serde_json::json;
use zohocrm::query::{Condition, Coql, Criteria, Order};
use zohocrm::record::{Date, DateTime, Decimal, Lookup};
use zohocrm::records::{
    CoqlQuery, CoqlQueryError, DeletedType, GetDeletedRecordsParams, GetRecordsError,
    GetRecordsParams, InsertRecordsError, SearchRecordsParams,
};
use zohocrm::{Client, Error, Id, Record, RecordBuilder, DISCRETE_PAGE_LIMIT};
use zohocrm_mock::MockServer;

async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.unwrap();
    let client = Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    (mock, client)
}

fn lead(last_name: &str) -> RecordBuilder {
    RecordBuilder::new()
        .set("Last_Name", last_name)
        .set("Company", "Zylker")
}

/// Inserts `leads` in calls of 100 and returns their ids.
async fn insert_all(client: &Client, leads: Vec<RecordBuilder>) -> Vec<Id> {
    let mut ids = Vec::new();
    let mut leads = leads.into_iter().peekable();
    while leads.peek().is_some() {
        let batch: Vec<RecordBuilder> = leads.by_ref().take(100).collect();
        for result in client.records().insert("Leads", batch).await.unwrap() {
            ids.push(result.unwrap().details.id);
        }
    }
    ids
}

#[tokio::test]
async fn an_insert_gives_one_result_per_record_and_values_read_back_exactly() {
    let (_mock, client) = start().await;
    let revenue: Decimal = "1234567.890000001".parse().unwrap();
    let born = Date::new(1990, 2, 28).unwrap();
    let results = client
        .records()
        .insert(
            "Leads",
            vec![
                lead("Wallace")
                    .set("Email", "wallace@zylker.com")
                    .set("Annual_Revenue", revenue.clone())
                    .set("Follow_Up_Date", born),
                RecordBuilder::new().set("Company", "Nameless"),
            ],
        )
        .await
        .unwrap();
    let mut results = results.into_iter();
    let created = results.next().unwrap().unwrap();
    match results.next().unwrap() {
        Err(InsertRecordsError::MandatoryNotFound(body)) => {
            assert_eq!(body.code, "MANDATORY_NOT_FOUND");
            assert_eq!(body.details["api_name"], "Last_Name");
        }
        other => panic!("expected MANDATORY_NOT_FOUND, got {other:?}"),
    }

    let page = client
        .records()
        .get("Leads", &created.details.id, Default::default())
        .await
        .unwrap();
    let record: &Record = &page.items[0];
    assert_eq!(record.id(), Some(created.details.id.clone()));
    assert_eq!(record.get::<String>("Email").unwrap(), "wallace@zylker.com");
    assert_eq!(record.get::<Decimal>("Annual_Revenue").unwrap(), revenue);
    assert_eq!(record.get::<Date>("Follow_Up_Date").unwrap(), born);
    let owner: Lookup = record.get("Owner").unwrap();
    assert!(!owner.id().as_str().is_empty());
    let created_time: DateTime = record.get("Created_Time").unwrap();
    assert!(created_time.to_utc().is_some());
    let wrong = record.get::<i64>("Email").unwrap_err().to_string();
    assert!(wrong.starts_with("field Email: expected"), "{wrong}");
}

#[tokio::test]
async fn updates_set_clear_and_leave_out_fields() {
    let (_mock, client) = start().await;
    let id = insert_all(
        &client,
        vec![lead("Grey").set("Phone", "555-0100").set("City", "Oslo")],
    )
    .await
    .remove(0);
    client
        .records()
        .update(
            "Leads",
            &id,
            RecordBuilder::new().set("City", "Bergen").clear("Phone"),
        )
        .await
        .unwrap()
        .into_single()
        .unwrap();
    let record = client
        .records()
        .get("Leads", &id, Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(record.get::<String>("City").unwrap(), "Bergen");
    assert_eq!(record.get::<Option<String>>("Phone").unwrap(), None);
    assert_eq!(record.get::<String>("Last_Name").unwrap(), "Grey");

    client
        .records()
        .update_many(
            "Leads",
            RecordBuilder::update(id.clone()).set("City", "Tromsø"),
        )
        .await
        .unwrap()
        .into_single()
        .unwrap();
    let record = client
        .records()
        .get("Leads", &id, Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(record.get::<String>("City").unwrap(), "Tromsø");
}

#[tokio::test]
async fn the_page_walker_reads_past_2000_records_with_page_tokens() {
    let (mock, client) = start().await;
    let before = client
        .records()
        .count("Leads", Default::default())
        .await
        .unwrap()
        .count;
    let leads: Vec<RecordBuilder> = (0..2_150)
        .map(|i| lead(&format!("Walker {i:04}")))
        .collect();
    insert_all(&client, leads).await;

    let mut pages = client.records().list_pages(
        "Leads",
        &["Last_Name", "Company"],
        GetRecordsParams::new().per_page(200),
    );
    let mut seen = std::collections::BTreeSet::new();
    let mut calls = 0;
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        calls += 1;
        for record in page.items {
            assert!(seen.insert(record.id().unwrap()), "a record came twice");
        }
    }
    assert_eq!(seen.len() as i64, before + 2_150);
    assert!(seen.len() as u64 > DISCRETE_PAGE_LIMIT);
    // Pages 1 to 10 by number, the rest by token, without `page`.
    let tokened = mock
        .requests()
        .iter()
        .filter(|r| r.path == "/crm/v7/Leads" && r.query.iter().any(|(k, _)| k == "page_token"))
        .inspect(|r| assert!(!r.query.iter().any(|(k, _)| k == "page")))
        .count();
    assert_eq!(tokened, calls - 10);
}

#[tokio::test]
async fn an_expired_or_mismatched_page_token_is_a_typed_error() {
    let (mock, client) = start().await;
    insert_all(
        &client,
        (0..2_050).map(|i| lead(&format!("Token {i}"))).collect(),
    )
    .await;
    let tenth = client
        .records()
        .list(
            "Leads",
            &["Last_Name"],
            GetRecordsParams::new().page(10).per_page(200),
        )
        .await
        .unwrap();
    let token = tenth.info.unwrap().next_page_token.unwrap();

    let mismatch = client
        .records()
        .list(
            "Leads",
            &["Email"],
            GetRecordsParams::new()
                .page_token(token.clone())
                .per_page(200),
        )
        .await;
    assert!(
        matches!(
            mismatch,
            Err(Error::Api(GetRecordsError::TokenBoundDataMismatch(_)))
        ),
        "{mismatch:?}"
    );

    mock.expire_page_tokens();
    let expired = client
        .records()
        .list(
            "Leads",
            &["Last_Name"],
            GetRecordsParams::new().page_token(token).per_page(200),
        )
        .await;
    assert!(
        matches!(expired, Err(Error::Api(GetRecordsError::ExpiredValue(_)))),
        "{expired:?}"
    );
    let beyond = client
        .records()
        .list(
            "Leads",
            &["Last_Name"],
            GetRecordsParams::new().page(11).per_page(200),
        )
        .await;
    assert!(
        matches!(
            beyond,
            Err(Error::Api(
                GetRecordsError::DiscretePaginationLimitExceeded(_)
            ))
        ),
        "{beyond:?}"
    );
}

#[tokio::test]
async fn search_criteria_with_brackets_and_commas_find_the_record() {
    let (mock, client) = start().await;
    insert_all(&client, vec![lead("Burns (Jr), B"), lead("Burns")]).await;
    let criteria = Criteria::field("Last_Name")
        .unwrap()
        .equals("Burns (Jr), B");
    let found = client
        .records()
        .search(
            "Leads",
            SearchRecordsParams::new().criteria(criteria.to_string()),
        )
        .await
        .unwrap();
    let names: Vec<String> = found
        .items
        .iter()
        .map(|r| r.get::<String>("Last_Name").unwrap())
        .collect();
    assert_eq!(names, ["Burns (Jr), B"]);
    let sent = mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/search"))
        .unwrap();
    assert!(sent
        .query
        .iter()
        .any(|(k, v)| k == "criteria" && v == r"(Last_Name:equals:Burns \(Jr\)\, B)"));
}

#[tokio::test]
async fn deleted_records_go_to_the_recycle_bin_and_counts_follow() {
    let (_mock, client) = start().await;
    let ids = insert_all(&client, vec![lead("Gone"), lead("Also gone"), lead("Kept")]).await;
    let before = client
        .records()
        .count("Leads", Default::default())
        .await
        .unwrap()
        .count;
    let results = client
        .records()
        .delete_many("Leads", &ids[..2], Default::default())
        .await
        .unwrap();
    assert_eq!(results.into_iter().filter(Result::is_ok).count(), 2);
    client
        .records()
        .delete("Leads", &ids[2], Default::default())
        .await
        .unwrap()
        .into_single()
        .unwrap();
    assert_eq!(
        client
            .records()
            .count("Leads", Default::default())
            .await
            .unwrap()
            .count,
        before - 3
    );
    let bin = client
        .records()
        .deleted(
            "Leads",
            GetDeletedRecordsParams::new().r#type(DeletedType::Recycle),
        )
        .await
        .unwrap();
    for id in &ids {
        assert!(
            bin.items.iter().any(|d| &d.id == id),
            "{id} is not in the recycle bin"
        );
    }
    let gone = client
        .records()
        .get("Leads", &ids[0], Default::default())
        .await;
    assert!(gone.map(|p| p.items.is_empty()).unwrap_or(true));
}

#[tokio::test]
async fn if_modified_since_in_the_future_reads_no_records() {
    let (mock, client) = start().await;
    insert_all(&client, vec![lead("Recent")]).await;
    let page = client
        .records()
        .list(
            "Leads",
            &["Last_Name"],
            GetRecordsParams::new().if_modified_since("2999-01-01T00:00:00+00:00"),
        )
        .await
        .unwrap();
    assert!(page.items.is_empty() && page.info.is_none());
    let sent = mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/crm/v7/Leads")
        .unwrap();
    assert!(sent
        .headers
        .iter()
        .any(|(k, v)| k == "if-modified-since" && v == "2999-01-01T00:00:00+00:00"));
}

#[tokio::test]
async fn a_coql_query_built_from_values_reads_the_records_it_names() {
    let (mock, client) = start().await;
    insert_all(
        &client,
        vec![lead("O'Brien"), lead("O'Brien' or '1'='1"), lead("Other")],
    )
    .await;
    let select = Coql::select(["Last_Name"])
        .from("Leads")
        .where_(Condition::field("Last_Name").unwrap().eq("O'Brien"))
        .order_by("Last_Name", Order::Asc)
        .limit(10)
        .build()
        .unwrap();
    let rows = client
        .records()
        .query(CoqlQuery::new(select.as_str()))
        .await
        .unwrap();
    let names: Vec<String> = rows
        .items
        .iter()
        .map(|r| r.get::<String>("Last_Name").unwrap())
        .collect();
    assert_eq!(names, ["O'Brien"]);
    let sent = mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/crm/v7/coql")
        .unwrap();
    assert_eq!(sent.json().unwrap()["select_query"], select.as_str());

    let bad = client
        .records()
        .query(CoqlQuery::new("select Last_Name from Leads"))
        .await;
    assert!(
        matches!(bad, Err(Error::Api(CoqlQueryError::SyntaxError(_)))),
        "{bad:?}"
    );
}

#[tokio::test]
async fn upsert_updates_the_record_a_duplicate_check_field_matches_and_inserts_the_rest() {
    let (mock, client) = start().await;
    let existing = insert_all(
        &client,
        vec![lead("Upsert").set("Email", "upsert@zylker.com")],
    )
    .await
    .remove(0);
    let results = client
        .records()
        .upsert(
            "Leads",
            vec![
                lead("Upsert")
                    .set("Email", "upsert@zylker.com")
                    .set("City", "Paris"),
                lead("Fresh").set("Email", "fresh@zylker.com"),
            ],
        )
        .await
        .unwrap();
    let ids: Vec<Id> = results.into_iter().map(|r| r.unwrap().details.id).collect();
    assert_eq!(ids[0], existing, "the duplicate is updated in place");
    assert_ne!(ids[1], existing);
    let updated = client
        .records()
        .get("Leads", &existing, Default::default())
        .await
        .unwrap();
    assert_eq!(updated.items[0].get::<String>("City").unwrap(), "Paris");
    let answer = mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/crm/v7/Leads/upsert")
        .unwrap();
    assert_eq!(answer.json().unwrap()["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn related_records_follow_lookups() {
    let (_mock, client) = start().await;
    let account = client
        .records()
        .insert(
            "Accounts",
            RecordBuilder::new().set("Account_Name", "Zylker Labs"),
        )
        .await
        .unwrap()
        .into_single()
        .unwrap()
        .details
        .id;
    client
        .records()
        .insert(
            "Contacts",
            vec![
                RecordBuilder::new().set("Last_Name", "Member").set(
                    "Account_Name",
                    zohocrm::record::Lookup::new(account.clone()),
                ),
                RecordBuilder::new().set("Last_Name", "Outsider"),
            ],
        )
        .await
        .unwrap();
    let page = client
        .records()
        .related(
            "Accounts",
            &account,
            "Contacts",
            &["Last_Name"],
            Default::default(),
        )
        .await
        .unwrap();
    let names: Vec<String> = page
        .items
        .iter()
        .map(|r| r.get::<String>("Last_Name").unwrap())
        .collect();
    assert_eq!(names, ["Member"]);
}

/// Pages 1 to 10 of a scripted server, 200 records each in its `info`, the tenth giving
/// `token` as its next page token.
fn ten_pages(stub: &crate::support::Stub, token: &str) {
    for page in 1..=10 {
        let next = if page == 10 {
            json!(token)
        } else {
            json!(null)
        };
        stub.respond_json(
            200,
            json!({"data": [{"id": format!("36523970000100{page:05}")}],
                   "info": {"per_page": 200, "count": 1, "page": page, "more_records": true,
                            "next_page_token": next}}),
        );
    }
}

async fn walk(stub: &crate::support::Stub) -> Vec<Result<usize, String>> {
    let client = stub.client("token");
    let mut pages = client.records().list_pages(
        "Leads",
        &["Last_Name"],
        GetRecordsParams::new().per_page(200),
    );
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        out.push(page.map(|p| p.items.len()).map_err(|e| e.to_string()));
    }
    out
}

#[tokio::test]
async fn a_page_token_that_comes_back_unchanged_ends_the_walk_with_an_error() {
    let stub = crate::support::Stub::start().await;
    ten_pages(&stub, "t-1");
    stub.respond_json(
        200,
        json!({"data": [{"id": "3652397000010099999"}],
               "info": {"per_page": 200, "count": 1, "page": 11, "more_records": true,
                        "next_page_token": "t-1"}}),
    );
    let pages = walk(&stub).await;
    assert_eq!(pages.len(), 12, "{pages:?}");
    assert!(pages[..11].iter().all(Result::is_ok));
    let error = pages[11].as_ref().unwrap_err();
    assert!(error.contains("page token it was sent"), "{error}");
    let sent = stub.requests();
    let last = &sent[10].path_and_query;
    assert!(
        last.contains("page_token=t-1") && !last.contains("&page="),
        "{last}"
    );
}

#[tokio::test]
async fn more_records_without_a_next_token_ends_the_walk_with_an_error() {
    let stub = crate::support::Stub::start().await;
    ten_pages(&stub, "t-1");
    stub.respond_json(
        200,
        json!({"data": [{"id": "3652397000010099999"}],
               "info": {"per_page": 200, "count": 1, "page": 11, "more_records": true}}),
    );
    let pages = walk(&stub).await;
    let error = pages.last().unwrap().as_ref().unwrap_err();
    assert!(error.contains("no next_page_token"), "{error}");
}
