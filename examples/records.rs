//! Records of any module against zohocrm-mock in-process: insert Leads (one without its
//! mandatory last name, to show the per-record error), read one back with typed values, walk
//! more than 2,000 records with the page walker, search with criteria whose value holds `(` and
//! `,`, and delete a record to find it in the recycle bin.
//!
//! Run with `cargo run --example records`.

use zohocrm::query::{Condition, Coql, Criteria, Order};
use zohocrm::record::{Date, Decimal, Lookup};
use zohocrm::records::{
    CoqlQuery, DeletedType, GetDeletedRecordsParams, GetRecordsParams, SearchRecordsParams,
};
use zohocrm::{OperationError, RecordBuilder};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;

    // Insert: one result per record, in order.
    let revenue: Decimal = "1234567.89".parse()?;
    let results = client
        .records()
        .insert(
            "Leads",
            vec![
                RecordBuilder::new()
                    .set("Last_Name", "Wallace")
                    .set("Company", "Zylker")
                    .set("Email", "wallace@zylker.com")
                    .set("Annual_Revenue", revenue)
                    .set(
                        "Follow_Up_Date",
                        Date::new(1990, 2, 28).ok_or("no such date")?,
                    ),
                RecordBuilder::new().set("Company", "Nameless Inc"),
            ],
        )
        .await?;
    let mut wallace = None;
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(created) => {
                println!("record {i}: created Lead {}", created.details.id);
                wallace = Some(created.details.id);
            }
            Err(error) => println!("record {i}: {} ({})", error.code(), error),
        }
    }
    let wallace = wallace.ok_or("the first Lead was not created")?;

    // Read it back: values typed at the call, exactly as stored.
    let lead = client
        .records()
        .get("Leads", &wallace, Default::default())
        .await?
        .items
        .remove(0);
    let revenue: Decimal = lead.get("Annual_Revenue")?;
    let born: Date = lead.get("Follow_Up_Date")?;
    let owner: Lookup = lead.get("Owner")?;
    println!(
        "Lead {}: {} <{}>, revenue {revenue}, follow-up {born}, owner {}",
        wallace,
        lead.get::<String>("Last_Name")?,
        lead.get::<String>("Email")?,
        owner.name().unwrap_or("?")
    );

    // More than 2,000 records: pages by number to the 2,000th, then by page token.
    let batch = |from: usize| -> Vec<RecordBuilder> {
        (from..from + 100)
            .map(|i| {
                RecordBuilder::new()
                    .set("Last_Name", format!("Walker {i:04}"))
                    .set("Company", "Zylker")
            })
            .collect()
    };
    for from in (0..2_100).step_by(100) {
        client.records().insert("Leads", batch(from)).await?;
    }
    let mut pages = client.records().list_pages(
        "Leads",
        &["Last_Name"],
        GetRecordsParams::new().per_page(200),
    );
    let (mut seen, mut calls) = (0, 0);
    while let Some(page) = pages.next().await {
        seen += page?.items.len();
        calls += 1;
    }
    println!("walked {seen} Leads in {calls} calls");

    // Search: the value's brackets and comma are escaped, not read as syntax.
    client
        .records()
        .insert(
            "Leads",
            RecordBuilder::new()
                .set("Last_Name", "Burns (Jr), B")
                .set("Company", "Zylker"),
        )
        .await?;
    let criteria = Criteria::field("Last_Name")?.equals("Burns (Jr), B");
    let found = client
        .records()
        .search(
            "Leads",
            SearchRecordsParams::new().criteria(criteria.to_string()),
        )
        .await?;
    println!("search {criteria}: {} record(s)", found.items.len());

    // COQL: the value is quoted by the builder; the limit is checked before sending.
    let select = Coql::select(["Last_Name", "Email"])
        .from("Leads")
        .where_(Condition::field("Last_Name")?.starts_with("Walker 00")?)
        .order_by("Last_Name", Order::Asc)
        .limit(5)
        .build()?;
    let rows = client
        .records()
        .query(CoqlQuery::new(select.as_str()))
        .await?;
    let names: Vec<String> = rows
        .items
        .iter()
        .map(|r| r.get::<String>("Last_Name"))
        .collect::<Result<_, _>>()?;
    println!("COQL `{select}`: {}", names.join(", "));

    // Delete, then find it in the recycle bin.
    client
        .records()
        .delete("Leads", &wallace, Default::default())
        .await?
        .into_single()?;
    let bin = client
        .records()
        .deleted(
            "Leads",
            GetDeletedRecordsParams::new().r#type(DeletedType::Recycle),
        )
        .await?;
    let in_bin = bin.items.iter().any(|d| d.id == wallace);
    println!("deleted Lead {wallace}; in the recycle bin: {in_bin}");
    Ok(())
}
