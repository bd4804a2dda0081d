//! Decoding a page of records: 200 Leads of about 50 fields each, in Get Records' envelope
//! `{"data": [...], "info": {...}}`, read into `Vec<zohocrm::Record>` (each field's raw text
//! kept) and, on the same bytes, into a `serde_json::Value` tree. Throughput is in records.
//! `cargo bench --bench records`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;

const RECORDS: usize = 200;

/// One Lead of Get Records with its own id and a few values that vary by `n`.
fn lead(n: usize) -> String {
    let revenue = n + 1;
    format!(
        r##"{{"Owner":{{"name":"Patricia Boyle","id":"4150868000000225001","email":"p.boyle@zylker.com"}},"Company":"Zylker {n} Ünïcödé","Email":"lead{n}@zylker.com","$currency_symbol":"$","$field_states":null,"Visitor_Score":null,"Other_Phone":null,"Mobile":"+1 555 0{n:03}","$state":"save","Unsubscribed_Mode":null,"$process_flow":false,"Exchange_Rate":1,"Currency":"USD","Street":"{n} Main Street\nSuite 4","Zip_Code":"77001","id":"4150868000{n:09}","$approved":true,"$approval":{{"delegate":false,"approve":false,"reject":false,"resubmit":false}},"First_Visited_URL":null,"Days_Visited":null,"Created_Time":"2023-05-10T01:10:47-07:00","$editable":true,"City":"Houston","No_of_Employees":{n},"Longitude":null,"State":"Texas","Country":"United States","Last_Activity_Time":"2024-02-29T23:59:59+05:30","Created_By":{{"name":"Patricia Boyle","id":4150868000000225001,"email":"p.boyle@zylker.com"}},"Annual_Revenue":{revenue}234567.890000001,"Secondary_Email":null,"Description":"A lead imported from the {n}th web form, with a longer text field.","Rating":"Acquired","Website":"https://zylker.com","Twitter":null,"Salutation":"Mr.","First_Name":"Paul","Full_Name":"Mr. Paul Daly","Lead_Status":"Contacted","Record_Image":null,"Modified_By":{{"name":"Patricia Boyle","id":"4150868000000225001","email":"p.boyle@zylker.com"}},"Skype_ID":null,"Phone":"555-555-5555","Email_Opt_Out":false,"Designation":"CEO","Modified_Time":"2024-01-01T00:00:00+00:00","$converted_detail":{{}},"Unsubscribed_Time":null,"Converted_Date_Time":null,"Last_Name":"Daly","$in_merge":false,"Lead_Source":"Employee Referral","Tag":[{{"name":"VIP","id":"4150868000000630001","color_code":"#F17574"}}],"Fax":null,"$approval_state":"approved","Languages":["English","Français"],"Percent":12.5,"Birthday":"1990-02-28","Layout":{{"name":"Standard","id":"4150868000000091055"}},"Skills":[{{"Skill":"Rust","Level":3,"id":"4150868000000700001","Parent_Id":{{"name":"Paul Daly","id":"4150868000{n:09}"}}}}]}}"##
    )
}

fn page() -> Vec<u8> {
    let leads: Vec<String> = (0..RECORDS).map(lead).collect();
    format!(
        r#"{{"data":[{}],"info":{{"per_page":200,"count":200,"page":1,"sort_by":"id","sort_order":"desc","more_records":true,"next_page_token":null}}}}"#,
        leads.join(",")
    )
    .into_bytes()
}

#[derive(Deserialize)]
struct Page {
    data: Vec<zohocrm::Record>,
}

fn records(c: &mut Criterion) {
    let bytes = page();
    let page: Page = serde_json::from_slice(&bytes).expect("the page decodes");
    assert_eq!(page.data.len(), RECORDS);
    assert!(page.data[0].len() >= 50);

    let mut group = c.benchmark_group("decode_page");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("records", |b| {
        b.iter(|| {
            let page: Page = serde_json::from_slice(black_box(&bytes)).expect("decodes");
            page.data
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("decodes"))
    });
    group.finish();
}

criterion_group!(benches, records);
criterion_main!(benches);
