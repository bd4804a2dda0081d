//! The org's behaviour against the record pages' bodies, errors and limits.

use serde_json::{json, Value};

use super::{action_body, Clock, ItemResult, Listing, Org};
use crate::zoho_error::ZohoError;

/// 2023-11-14T22:13:20+00:00.
const START: i64 = 1_700_000_000;

fn org() -> (Org, Clock) {
    let clock = Clock::manual(START);
    let org = Org::new(clock.clone()).expect("the seeds are valid");
    (org, clock)
}

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn ok(results: Result<Vec<ItemResult>, ZohoError>) -> Vec<Value> {
    results
        .expect("the call is accepted")
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("item failed: {}", e.to_json())))
        .collect()
}

fn item_error(results: Result<Vec<ItemResult>, ZohoError>) -> ZohoError {
    let mut results = results.expect("the call is accepted");
    assert_eq!(results.len(), 1);
    match results.remove(0) {
        Ok(value) => panic!("expected an error, got {value}"),
        Err(error) => error,
    }
}

fn id(success: &Value) -> String {
    success["details"]["id"]
        .as_str()
        .expect("a success names the id")
        .to_owned()
}

fn insert_one(org: &mut Org, module: &str, record: Value) -> String {
    id(&ok(org.insert(module, &json!({ "data": [record] })))[0])
}

fn page(listing: Listing) -> Value {
    match listing {
        Listing::Page(body) => body,
        other => panic!("expected a page, got {other:?}"),
    }
}

fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn metadata_has_the_modules_and_every_writable_type() {
    let (org, _) = org();
    let modules = org.modules_json();
    let names: Vec<&str> = modules["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .filter_map(|m| m["api_name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Leads", "Contacts", "Accounts", "Deals", "Vehicles"]
    );
    let leads = org.fields_json("Leads").expect("Leads exists");
    let last_name = leads["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["api_name"] == "Last_Name")
        .expect("Last_Name");
    assert_eq!(last_name["system_mandatory"], true);
    assert_eq!(last_name["json_type"], "string");
    assert_eq!(last_name["length"], 80);
    let mut types = std::collections::BTreeSet::new();
    for module in ["Leads", "Contacts", "Accounts", "Deals", "Vehicles"] {
        let fields = org.fields_json(module).expect("module");
        for field in fields["fields"].as_array().expect("fields") {
            if field["custom_field"] == true && field["read_only"] == false {
                types.insert(field["data_type"].as_str().unwrap_or_default().to_owned());
            }
        }
    }
    for wanted in [
        "date",
        "datetime",
        "multiselectpicklist",
        "currency",
        "integer",
        "boolean",
        "lookup",
    ] {
        assert!(
            types.contains(wanted),
            "no custom {wanted} field: {types:?}"
        );
    }
    let deals = org.fields_json("Deals").expect("Deals");
    let contact = deals["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["api_name"] == "Contact_Name")
        .expect("Contact_Name");
    assert_eq!(contact["lookup"]["module"]["api_name"], "Contacts");
    let vehicles = org.module_json("Vehicles").expect("Vehicles exists");
    assert_eq!(vehicles["modules"][0]["generated_type"], "custom");
    assert_eq!(vehicles["modules"][0]["module_name"], "CustomModule3");
    let error = org.fields_json("Leadz").expect_err("no such module");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        (
            "INVALID_MODULE",
            "The module name given seems to be invalid"
        )
    );
}

#[test]
fn insert_keeps_values_as_sent_and_answers_like_the_page() {
    let (mut org, _) = org();
    let body = json!({
        "data": [
            {"Layout": {"id": "554023000002734009"}, "Lead_Source": "Employee Referral",
             "Company": "ABC", "Last_Name": "Daly", "First_Name": "Paul",
             "Email": "p.daly@zylker.com", "State": "Texas", "Annual_Revenue": 250000.90,
             "No_of_Employees": 999_999_999, "Demo_Time": "2024-02-19T18:30:23-11:00",
             "Follow_Up_Date": "2024-02-29", "checking_multi_picklist": ["test 1", "brand new"],
             "Email_Opt_Out": true, "Industry": "Space Tourism",
             "Created_Time": "1999-01-01T00:00:00+00:00", "Unknown_Key": 1},
            {"Last_Name": "Dolan", "First_Name": "Brian", "Email": "brian@villa.com",
             "Demo_Time": "2024-02-20T05:30:22Z"}
        ],
        "trigger": ["workflow"]
    });
    let answers = ok(org.insert("Leads", &body));
    assert_eq!(answers.len(), 2);
    let first = &answers[0];
    assert_eq!(first["code"], "SUCCESS");
    assert_eq!(first["message"], "record added");
    assert_eq!(first["status"], "success");
    assert_eq!(first["details"]["$approval_state"], "approved");
    assert_eq!(
        first["details"]["Created_Time"],
        "2023-11-14T22:13:20+00:00"
    );
    assert_eq!(
        first["details"]["Created_By"],
        json!({"name": "Patricia Boyle", "id": "3652397000000186017"})
    );
    let lead_id = id(first);
    assert_eq!(lead_id.len(), 19);
    assert_ne!(lead_id, id(&answers[1]));
    let got = org.get("Leads", &lead_id).expect("module").expect("record");
    let lead = &got["data"][0];
    assert_eq!(lead["Annual_Revenue"].to_string(), "250000.9");
    assert_eq!(lead["No_of_Employees"], 999_999_999);
    assert_eq!(lead["Demo_Time"], "2024-02-19T18:30:23-11:00");
    assert_eq!(
        lead["checking_multi_picklist"],
        json!(["test 1", "brand new"])
    );
    assert_eq!(lead["Industry"], "Space Tourism");
    assert_eq!(lead["Created_Time"], "2023-11-14T22:13:20+00:00");
    assert_eq!(lead["Full_Name"], "Paul Daly");
    assert_eq!(lead["Owner"]["email"], "patricia.boyle@zylker.example");
    assert_eq!(lead["Mobile"], Value::Null);
    assert!(lead.get("Unknown_Key").is_none());
    assert_eq!(org.get("Leads", "1").expect("module"), None);
    let body = action_body(&[Ok(first.clone())]);
    assert_eq!(body["data"][0]["code"], "SUCCESS");
}

#[test]
fn numbers_and_ids_as_numbers_are_kept_exactly() {
    let (mut org, _) = org();
    let account = insert_one(
        &mut org,
        "Accounts",
        json!({"Account_Name": "Zylker", "Account_Number": 123_456_789_012_345_678_u64,
               "Annual_Revenue": 1_234_567.891, "Employees": 42}),
    );
    let account_number: u64 = account.parse().expect("digits");
    let deal = insert_one(
        &mut org,
        "Deals",
        json!({"Deal_Name": "Fleet", "Stage": "Qualification", "Amount": 0.1,
               "Account_Name": {"id": account_number}}),
    );
    let vehicle = insert_one(
        &mut org,
        "Vehicles",
        json!({"Name": "Van", "Mileage": 98_765.432_1, "Price": 1e3,
               "Fleet_Account": {"id": account.clone()}, "Model_Year": 2024}),
    );
    let got = org
        .get("Accounts", &account)
        .expect("module")
        .expect("record");
    assert_eq!(
        got["data"][0]["Account_Number"].to_string(),
        "123456789012345678"
    );
    assert_eq!(got["data"][0]["Annual_Revenue"].to_string(), "1234567.891");
    let got = org.get("Deals", &deal).expect("module").expect("record");
    assert_eq!(got["data"][0]["Amount"].to_string(), "0.1");
    assert_eq!(
        got["data"][0]["Account_Name"],
        json!({"name": "Zylker", "id": account})
    );
    let got = org
        .get("Vehicles", &vehicle)
        .expect("module")
        .expect("record");
    assert_eq!(got["data"][0]["Mileage"].to_string(), "98765.4321");
    assert_eq!(got["data"][0]["Price"].to_string(), "1000.0");
    let update = json!({"data": [{"id": account_number, "Employees": 43}]});
    assert_eq!(
        ok(org.update("Accounts", &update, None))[0]["details"]["id"],
        account
    );
}

#[test]
fn item_errors_carry_the_pages_codes_and_details() {
    let (mut org, _) = org();
    let cases = [
        (
            json!({"Last_Name": "Daly", "No_of_Employees": "ten"}),
            json!({"code": "INVALID_DATA", "message": "invalid data", "status": "error",
                   "details": {"api_name": "No_of_Employees", "json_path": "$.data[0].No_of_Employees",
                               "expected_data_type": "integer"}}),
        ),
        (
            json!({"Last_Name": "D".repeat(81)}),
            json!({"code": "INVALID_DATA", "message": "invalid data", "status": "error",
                   "details": {"api_name": "Last_Name", "json_path": "$.data[0].Last_Name",
                               "maximum_length": 80}}),
        ),
        (
            json!({"First_Name": "Paul", "Company": "ABC"}),
            json!({"code": "MANDATORY_NOT_FOUND", "message": "required field not found",
                   "status": "error",
                   "details": {"api_name": "Last_Name", "json_path": "$.data[0].Last_Name"}}),
        ),
        (
            json!({"Last_Name": "  "}),
            json!({"code": "MANDATORY_NOT_FOUND", "message": "required field not found",
                   "status": "error",
                   "details": {"api_name": "Last_Name", "json_path": "$.data[0].Last_Name"}}),
        ),
        (
            json!({"Last_Name": "Daly", "Formula_Decimal": 1.5}),
            json!({"code": "INVALID_DATA", "message": "invalid data", "status": "error",
                   "details": {"api_name": "Formula_Decimal",
                               "json_path": "$.data[0].Formula_Decimal"}}),
        ),
        (
            json!({"Last_Name": "Daly", "Referred_Account": {"id": "3652397000099999999"}}),
            json!({"code": "INVALID_DATA", "message": "invalid data", "status": "error",
                   "details": {"api_name": "Referred_Account",
                               "json_path": "$.data[0].Referred_Account",
                               "id": "3652397000099999999"}}),
        ),
        (
            json!({"Last_Name": "Daly", "checking_multi_picklist": "test 1"}),
            json!({"code": "INVALID_DATA", "message": "invalid data", "status": "error",
                   "details": {"api_name": "checking_multi_picklist",
                               "json_path": "$.data[0].checking_multi_picklist",
                               "expected_data_type": "jsonarray"}}),
        ),
    ];
    for (record, expected) in cases {
        let error = item_error(org.insert("Leads", &json!({ "data": [record] })));
        assert_eq!(error.to_json(), expected);
        assert_eq!(error.status, 400);
    }
    let typed = [
        ("Follow_Up_Date", json!("2023-02-29"), "date"),
        ("Demo_Time", json!("2024-02-19 18:30:23"), "datetime"),
        ("Email_Opt_Out", json!("true"), "boolean"),
        ("Annual_Revenue", json!("250000.90"), "double"),
        ("Owner", json!("Patricia"), "jsonobject"),
    ];
    for (field, value, expected) in typed {
        let mut record = json!({"Last_Name": "Daly"});
        record[field] = value;
        let error = item_error(org.insert("Leads", &json!({ "data": [record] })));
        assert_eq!(error.details["expected_data_type"], expected, "{field}");
    }
    let error = item_error(org.insert(
        "Leads",
        &json!({"data": [{"Last_Name": "Daly", "Email": "not an email"}]}),
    ));
    assert_eq!(
        (error.code.as_str(), error.details["api_name"].as_str()),
        ("INVALID_DATA", Some("Email"))
    );
    let error = item_error(org.insert("Deals", &json!({"data": [{"Deal_Name": "Fleet"}]})));
    assert_eq!(error.details["api_name"], "Stage");
    let error = item_error(org.insert(
        "Leads",
        &json!({"data": [{"Last_Name": "Daly", "Owner": {"id": "3652397000000000001"}}]}),
    ));
    assert_eq!(
        (error.code.as_str(), error.details["api_name"].as_str()),
        ("INVALID_DATA", Some("Owner"))
    );
}

#[test]
fn owners_are_users_of_the_org() {
    let (mut org, _) = org();
    let body =
        json!({"data": [{"Last_Name": "Daly", "Owner": {"id": 3_652_397_000_000_281_001_u64}}]});
    let lead = id(&ok(org.insert("Leads", &body))[0]);
    let got = org.get("Leads", &lead).expect("module").expect("record");
    assert_eq!(
        got["data"][0]["Owner"],
        json!({"name": "Deborah Gill", "id": "3652397000000281001",
               "email": "deborah.gill@zylker.example"})
    );
    assert_eq!(got["data"][0]["Created_By"]["name"], "Patricia Boyle");
    let ids: Vec<String> = (0..101)
        .map(|i| (3_652_397_000_000_000_000_u64 + i).to_string())
        .collect();
    let error = org.delete("Leads", &ids.join(",")).expect_err("101 ids");
    assert_eq!(error.code, "LIMIT_EXCEEDED");
}

#[test]
fn unique_values_are_refused_with_the_duplicate_record() {
    let (mut org, _) = org();
    let body = json!({"data": [
        {"Last_Name": "Daly", "Email": "p.daly@zylker.com"},
        {"Last_Name": "Daly 2", "Email": "P.Daly@Zylker.com"},
        {"Last_Name": "Dolan", "Email": "brian@villa.com"}
    ]});
    let results = org.insert("Leads", &body).expect("accepted");
    let first = id(results[0].as_ref().expect("first added"));
    let error = results[1].as_ref().expect_err("duplicate");
    assert_eq!(
        error.to_json(),
        json!({"code": "DUPLICATE_DATA", "message": "duplicate data", "status": "error",
               "details": {"api_name": "Email", "json_path": "$.data[1].Email",
                           "duplicate_record": {
                               "Owner": {"name": "Patricia Boyle", "id": "3652397000000186017",
                                         "email": "patricia.boyle@zylker.example"},
                               "module": {"api_name": "Leads", "id": "3652397000000002175"},
                               "id": first}}})
    );
    assert!(results[2].is_ok());
    let update =
        json!({"data": [{"id": first, "Email": "p.daly@zylker.com", "Company": "Zylker"}]});
    assert_eq!(ok(org.update("Leads", &update, None)).len(), 1);
}

#[test]
fn bodies_that_are_not_lists_of_records_are_refused() {
    let (mut org, _) = org();
    let error = org
        .insert("Leads", &json!({"records": []}))
        .expect_err("no data");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("MANDATORY_NOT_FOUND", "required field not found")
    );
    let error = org
        .insert("Leads", &json!({"data": {}}))
        .expect_err("not an array");
    assert_eq!(error.details["expected_data_type"], "jsonarray");
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"Last_Name": format!("L{i}")}))
        .collect();
    let error = org
        .insert("Leads", &json!({ "data": many }))
        .expect_err("too many");
    assert_eq!(error.code, "LIMIT_EXCEEDED");
    let error = item_error(org.insert("Leads", &json!({"data": ["Daly"]})));
    assert_eq!(error.details["json_path"], "$.data[0]");
    assert_eq!(
        org.insert("Leadz", &json!({"data": []}))
            .expect_err("module")
            .code,
        "INVALID_MODULE"
    );
}

#[test]
fn updates_are_partial_null_clears_and_unknown_ids_are_refused() {
    let (mut org, clock) = org();
    let lead = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Daly", "Company": "ABC", "Phone": "9900000000",
               "checking_multi_picklist": ["test 1"]}),
    );
    clock.advance(60);
    let body = json!({"data": [{"id": lead, "Company": null, "First_Name": "Paul",
                                "checking_multi_picklist": ["test 2", "test 1"],
                                "$append_values": {"checking_multi_picklist": true}}]});
    let answer = &ok(org.update("Leads", &body, None))[0];
    assert_eq!(answer["message"], "record updated");
    assert_eq!(
        answer["details"]["Modified_Time"],
        "2023-11-14T22:14:20+00:00"
    );
    assert_eq!(
        answer["details"]["Created_Time"],
        "2023-11-14T22:13:20+00:00"
    );
    let got = org.get("Leads", &lead).expect("module").expect("record");
    let record = &got["data"][0];
    assert_eq!(record["Company"], Value::Null);
    assert_eq!(record["Phone"], "9900000000");
    assert_eq!(record["Full_Name"], "Paul Daly");
    assert_eq!(
        record["checking_multi_picklist"],
        json!(["test 1", "test 2"])
    );
    let by_path = json!({"data": [{"Last_Name": "Daly-Smith"}]});
    assert_eq!(
        ok(org.update("Leads", &by_path, Some(&lead)))[0]["details"]["id"],
        lead
    );
    let error = item_error(org.update(
        "Leads",
        &json!({"data": [{"Last_Name": null, "id": lead}]}),
        None,
    ));
    assert_eq!(
        (error.code.as_str(), error.details["api_name"].as_str()),
        ("MANDATORY_NOT_FOUND", Some("Last_Name"))
    );
    let error = item_error(org.update("Leads", &json!({"data": [{"Company": "X"}]}), None));
    assert_eq!(
        error.to_json(),
        json!({"code": "MANDATORY_NOT_FOUND", "message": "required field not found", "status": "error",
               "details": {"api_name": "id", "json_path": "$.data[0].id"}})
    );
    let error = item_error(org.update(
        "Leads",
        &json!({"data": [{"id": "3652397000000000000"}]}),
        None,
    ));
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("INVALID_DATA", "the id given seems to be invalid")
    );
}

#[test]
fn a_record_as_read_can_be_sent_back_as_an_update() {
    let (mut org, _) = org();
    let account = insert_one(&mut org, "Accounts", json!({"Account_Name": "Zylker"}));
    let deal = insert_one(
        &mut org,
        "Deals",
        json!({"Deal_Name": "Fleet", "Stage": "Qualification", "Account_Name": {"id": account},
               "Amount": 1500.5}),
    );
    let lead = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Daly", "Email": "p.daly@zylker.com"}),
    );
    for (module, id) in [("Deals", &deal), ("Leads", &lead)] {
        let got = org.get(module, id).expect("module").expect("record");
        let mut record = got["data"][0].clone();
        assert!(record.as_object().is_some_and(|r| r.len() > 10));
        record["Description"] = json!("sent back");
        let answer = &ok(org.update(module, &json!({ "data": [record] }), None))[0];
        assert_eq!(answer["details"]["id"], *id);
    }
    let error = item_error(org.update(
        "Deals",
        &json!({"data": [{"id": deal, "Expected_Revenue": 10.0}]}),
        None,
    ));
    assert_eq!(
        (error.code.as_str(), error.details["api_name"].as_str()),
        ("INVALID_DATA", Some("Expected_Revenue"))
    );
}

#[test]
fn upsert_inserts_or_updates_by_the_duplicate_check_fields() {
    let (mut org, _) = org();
    let existing = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Lead", "Email": "newcrmapi@zoho.com", "Phone": "555"}),
    );
    let body = json!({
        "data": [
            {"Last_Name": "Lead_changed", "Email": "NewCrmApi@zoho.com", "Company": "abc"},
            {"Last_Name": "New Lead", "Email": "newlead@zoho.com", "Mobile": "7685635434"}
        ],
        "duplicate_check_fields": ["Email", "Mobile"],
        "trigger": ["workflow"]
    });
    let error = org
        .upsert("Leads", &body)
        .expect_err("Mobile is not unique");
    assert_eq!(error.details["json_path"], "$.duplicate_check_fields[1]");
    let body = json!({"data": body["data"].clone(), "duplicate_check_fields": ["Email"]});
    let answers = ok(org.upsert("Leads", &body));
    assert_eq!(
        (
            &answers[0]["action"],
            &answers[0]["duplicate_field"],
            &answers[0]["message"]
        ),
        (&json!("update"), &json!("Email"), &json!("record updated"))
    );
    assert_eq!(id(&answers[0]), existing);
    assert_eq!(
        (
            &answers[1]["action"],
            &answers[1]["duplicate_field"],
            &answers[1]["message"]
        ),
        (&json!("insert"), &Value::Null, &json!("record added"))
    );
    let got = org
        .get("Leads", &existing)
        .expect("module")
        .expect("record");
    assert_eq!(got["data"][0]["Last_Name"], "Lead_changed");
    assert_eq!(got["data"][0]["Email"], "NewCrmApi@zoho.com");
    let by_phone = json!({"data": [{"Last_Name": "Phoned", "Phone": "555"}],
                          "duplicate_check_fields": ["Phone"]});
    let answer = &ok(org.upsert("Leads", &by_phone))[0];
    assert_eq!(
        (answer["duplicate_field"].as_str(), id(answer)),
        (Some("Phone"), existing.clone())
    );
    let account = json!({"data": [{"Account_Name": "Zylker", "Phone": "1"}]});
    assert_eq!(ok(org.upsert("Accounts", &account))[0]["action"], "insert");
    let account = json!({"data": [{"Account_Name": "zylker", "Phone": "2"}]});
    let answer = &ok(org.upsert("Accounts", &account))[0];
    assert_eq!(
        (
            answer["action"].as_str(),
            answer["duplicate_field"].as_str()
        ),
        (Some("update"), Some("Account_Name"))
    );
}

#[test]
fn deleted_records_go_to_the_recycle_bin() {
    let (mut org, clock) = org();
    let first = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Boyle", "First_Name": "Patricia"}),
    );
    let second = insert_one(&mut org, "Leads", json!({"Last_Name": "Gill"}));
    let third = insert_one(&mut org, "Leads", json!({"Last_Name": "Kent"}));
    clock.advance(10);
    let answers = org
        .delete("Leads", &format!("{first},3652397000000000000"))
        .expect("accepted");
    assert_eq!(
        answers[0].as_ref().expect("deleted"),
        &json!({"code": "SUCCESS", "details": {"id": first}, "message": "record deleted",
                "status": "success"})
    );
    let error = answers[1].as_ref().expect_err("no such record");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("INVALID_DATA", "record not deleted")
    );
    assert_eq!(org.get("Leads", &first).expect("module"), None);
    let again = item_error(org.delete("Leads", &first));
    assert_eq!(again.message, "record not deleted");
    let error = org.delete("Leads", "abc").expect_err("not ids");
    assert_eq!(error.code, "UNABLE_TO_PARSE_DATA_TYPE");
    let error = org.delete("Leads", "").expect_err("no ids");
    assert_eq!(
        (error.code.as_str(), error.details["param_name"].as_str()),
        ("REQUIRED_PARAM_MISSING", Some("ids"))
    );
    let listed = page(org.deleted("Leads", &[], None).expect("listed"));
    assert_eq!(
        listed,
        json!({"data": [{"deleted_by": {"name": "Patricia Boyle", "id": "3652397000000186017"},
                         "id": first, "display_name": "Patricia Boyle", "type": "recycle",
                         "created_by": {"name": "Patricia Boyle", "id": "3652397000000186017"},
                         "deleted_time": "2023-11-14T22:13:30+00:00"}],
               "info": {"per_page": 200, "count": 1, "page": 1, "more_records": false}})
    );
    assert_eq!(
        org.deleted("Leads", &query(&[("type", "permanent")]), None)
            .expect("listed"),
        Listing::NoContent
    );
    clock.advance(10);
    org.empty_recycle_bin("Leads").expect("module");
    ok(org.delete("Leads", &second));
    let recycle = page(
        org.deleted("Leads", &query(&[("type", "recycle")]), None)
            .expect("listed"),
    );
    assert_eq!(ids(&recycle), std::slice::from_ref(&second));
    let permanent = page(
        org.deleted("Leads", &query(&[("type", "permanent")]), None)
            .expect("listed"),
    );
    assert_eq!(permanent["data"][0]["id"], first);
    assert_eq!(permanent["data"][0]["display_name"], Value::Null);
    let all = page(
        org.deleted("Leads", &query(&[("type", "all"), ("per_page", "1")]), None)
            .expect("listed"),
    );
    assert_eq!(all["info"]["more_records"], true);
    let error = org
        .deleted("Leads", &query(&[("type", "trash")]), None)
        .expect_err("bad type");
    assert_eq!(error.code, "PATTERN_NOT_MATCHED");
    assert_eq!(
        org.deleted("Leads", &[], Some("2030-01-01T00:00:00+00:00"))
            .expect("listed"),
        Listing::NotModified
    );
    let count = org.count("Leads", &[]).expect("count");
    assert_eq!(count, json!({"count": 1}));
    assert!(org.get("Leads", &third).expect("module").is_some());
}

#[test]
fn lists_select_fields_sort_and_check_their_parameters() {
    let (mut org, clock) = org();
    let mut added = Vec::new();
    for name in ["A", "B", "C"] {
        added.push(insert_one(
            &mut org,
            "Leads",
            json!({"Last_Name": name, "Company": "Zylker"}),
        ));
        clock.advance(1);
    }
    ok(org.update(
        "Leads",
        &json!({"data": [{"id": added[0], "Company": "Z2"}]}),
        None,
    ));
    let body = page(
        org.list(
            "Leads",
            &query(&[("fields", "Last_Name,Email,Bogus")]),
            None,
        )
        .expect("listed"),
    );
    assert_eq!(
        body["data"][0],
        json!({"Last_Name": "C", "Email": null, "id": added[2]})
    );
    assert_eq!(body["info"]["sort_by"], "id");
    assert_eq!(body["info"]["sort_order"], "desc");
    assert_eq!(body["info"]["more_records"], false);
    assert_eq!(body["info"]["next_page_token"], Value::Null);
    assert_eq!(body["info"]["page_token_expiry"], Value::Null);
    let sorted = page(
        org.list(
            "Leads",
            &query(&[
                ("fields", "Last_Name"),
                ("sort_by", "Modified_Time"),
                ("sort_order", "desc"),
            ]),
            None,
        )
        .expect("listed"),
    );
    assert_eq!(
        ids(&sorted),
        [added[0].clone(), added[2].clone(), added[1].clone()]
    );
    let chosen = page(
        org.list(
            "Leads",
            &query(&[("fields", "Last_Name"), ("ids", &added[1])]),
            None,
        )
        .expect("listed"),
    );
    assert_eq!(ids(&chosen), [added[1].clone()]);
    let error = org
        .list("Leads", &[], None)
        .expect_err("fields is mandatory");
    assert_eq!(
        (
            error.code.as_str(),
            error.message.as_str(),
            error.details["param_name"].as_str()
        ),
        (
            "REQUIRED_PARAM_MISSING",
            "One of the expected parameters is missing.",
            Some("fields")
        )
    );
    let error = org
        .list(
            "Leads",
            &query(&[("fields", "id"), ("per_page", "201")]),
            None,
        )
        .expect_err("per_page");
    assert_eq!(
        (error.code.as_str(), error.details["param_name"].as_str()),
        ("INVALID_DATA", Some("per_page"))
    );
    let many = vec!["Last_Name"; 51].join(",");
    let error = org
        .list("Leads", &query(&[("fields", &many)]), None)
        .expect_err("51 fields");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("LIMIT_EXCEEDED", "Fields limit exceeded.")
    );
    let error = org
        .list(
            "Leads",
            &query(&[("fields", "id"), ("sort_by", "Last_Name")]),
            None,
        )
        .expect_err("sort_by");
    assert_eq!(error.details["param_name"], "sort_by");
    let error = org
        .list(
            "Leads",
            &query(&[("fields", "id"), ("cvid", "1"), ("sort_by", "id")]),
            None,
        )
        .expect_err("cvid and sort_by");
    assert_eq!(error.code, "AMBIGUITY_DURING_PROCESSING");
    assert_eq!(
        org.list("Contacts", &query(&[("fields", "id")]), None)
            .expect("listed"),
        Listing::NoContent
    );
    let converted = org.list(
        "Leads",
        &query(&[("fields", "id"), ("converted", "true")]),
        None,
    );
    assert_eq!(converted.expect("listed"), Listing::NoContent);
}

#[test]
fn if_modified_since_keeps_later_changes_or_answers_not_modified() {
    let (mut org, clock) = org();
    let old = insert_one(&mut org, "Leads", json!({"Last_Name": "Old"}));
    clock.advance(3600);
    let new = insert_one(&mut org, "Leads", json!({"Last_Name": "New"}));
    let fields = query(&[("fields", "Last_Name")]);
    let since = "2023-11-15T03:43:20+05:30";
    let body = page(org.list("Leads", &fields, Some(since)).expect("listed"));
    assert_eq!(ids(&body), std::slice::from_ref(&new));
    let http = page(
        org.list("Leads", &fields, Some("Tue, 14 Nov 2023 22:13:20 GMT"))
            .expect("listed"),
    );
    assert_eq!(ids(&http), [new]);
    let later = org
        .list("Leads", &fields, Some("2023-11-14T23:13:20+00:00"))
        .expect("listed");
    assert_eq!(later, Listing::NotModified);
    let error = org
        .list("Leads", &fields, Some("yesterday"))
        .expect_err("bad header");
    assert_eq!(error.code, "INVALID_DATA");
    assert!(org.get("Leads", &old).expect("module").is_some());
}

#[test]
fn paging_past_two_thousand_records_needs_page_tokens() {
    let (mut org, clock) = org();
    for chunk in 0..25 {
        let data: Vec<Value> = (0..100)
            .map(|i| json!({"Name": format!("V{}", chunk * 100 + i)}))
            .collect();
        ok(org.insert("Vehicles", &json!({ "data": data })));
    }
    assert_eq!(
        org.count("Vehicles", &[]).expect("count"),
        json!({"count": 2500})
    );
    let params = |extra: &[(&str, &str)]| {
        let mut q = query(&[("fields", "Name"), ("per_page", "200")]);
        q.extend(query(extra));
        q
    };
    let tenth = page(
        org.list("Vehicles", &params(&[("page", "10")]), None)
            .expect("page 10"),
    );
    assert_eq!(tenth["info"]["count"], 200);
    assert_eq!(tenth["info"]["more_records"], true);
    assert_eq!(tenth["data"][0]["Name"], "V699");
    let error = org
        .list("Vehicles", &params(&[("page", "11")]), None)
        .expect_err("beyond 2,000");
    assert_eq!(
        error.to_json(),
        json!({"code": "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
               "message": "You can only get the first 2000 records without using page_token param.",
               "details": {}, "status": "error"})
    );
    let mut seen = Vec::new();
    let mut listing = page(
        org.list("Vehicles", &params(&[]), None)
            .expect("first page"),
    );
    assert_eq!(listing["info"]["previous_page_token"], Value::Null);
    assert_eq!(
        listing["info"]["page_token_expiry"],
        "2023-11-15T22:13:20+00:00"
    );
    loop {
        seen.extend(ids(&listing));
        let Some(token) = listing["info"]["next_page_token"]
            .as_str()
            .map(str::to_owned)
        else {
            break;
        };
        listing = page(
            org.list("Vehicles", &params(&[("page_token", &token)]), None)
                .expect("next page"),
        );
        assert!(listing["info"]["previous_page_token"].is_string());
    }
    assert_eq!(seen.len(), 2500);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 2500);
    assert_eq!(listing["info"]["page"], 13);
    assert_eq!(listing["info"]["count"], 100);
    assert_eq!(listing["info"]["more_records"], false);
    let previous = listing["info"]["previous_page_token"]
        .as_str()
        .expect("previous")
        .to_owned();
    let back = page(
        org.list("Vehicles", &params(&[("page_token", &previous)]), None)
            .expect("back"),
    );
    assert_eq!(back["info"]["page"], 12);
    let first = page(
        org.list("Vehicles", &params(&[]), None)
            .expect("first page"),
    );
    let token = first["info"]["next_page_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let mut other = query(&[
        ("fields", "Name,VIN"),
        ("per_page", "200"),
        ("page_token", &token),
    ]);
    let error = org
        .list("Vehicles", &other, None)
        .expect_err("other fields");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("TOKEN_BOUND_DATA_MISMATCH",
         "The page_token given seems to be invalid or input param is added, altered, or deleted.")
    );
    other = params(&[("page_token", &token), ("page", "2")]);
    let error = org
        .list("Vehicles", &other, None)
        .expect_err("page and page_token");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        (
            "AMBIGUITY_DURING_PROCESSING",
            "You cannot use both cvid and sort_by, and page and page_token"
        )
    );
    let error = org
        .list("Vehicles", &params(&[("page_token", "nope")]), None)
        .expect_err("unknown");
    assert_eq!(error.code, "INVALID_DATA");
    clock.advance(24 * 3600);
    let error = org
        .list("Vehicles", &params(&[("page_token", &token)]), None)
        .expect_err("a day later");
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("EXPIRED_VALUE", "The token given has expired.")
    );
    let fresh = page(
        org.list("Vehicles", &params(&[]), None)
            .expect("first page"),
    );
    let fresh = fresh["info"]["next_page_token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert!(org
        .list("Vehicles", &params(&[("page_token", &fresh)]), None)
        .is_ok());
    org.expire_page_tokens();
    let error = org
        .list("Vehicles", &params(&[("page_token", &fresh)]), None)
        .expect_err("expired");
    assert_eq!(error.code, "EXPIRED_VALUE");
}

#[test]
fn search_finds_by_criteria_email_phone_and_word() {
    let (mut org, _) = org();
    let burns = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Burns,B", "First_Name": "Mary", "Company": "ABC Inc",
               "Email": "mary@abc.com", "Phone": "+1 (555) 010-0001", "Annual_Revenue": 1000}),
    );
    let other = insert_one(
        &mut org,
        "Leads",
        json!({"Last_Name": "Kent", "First_Name": "Mark", "Company": "Zoho",
               "Secondary_Email": "MARY@abc.com", "Annual_Revenue": 25000}),
    );
    let found = |org: &Org, pairs: &[(&str, &str)]| match org
        .search("Leads", &query(pairs))
        .expect("search")
    {
        Listing::Page(body) => ids(&body),
        _ => Vec::new(),
    };
    let criteria = r"((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))";
    assert_eq!(
        found(&org, &[("criteria", criteria)]),
        std::slice::from_ref(&burns)
    );
    assert_eq!(
        found(&org, &[("criteria", "(Annual_Revenue:greater_than:5000)")]),
        std::slice::from_ref(&other)
    );
    assert_eq!(
        found(&org, &[("email", "mary@ABC.com")]),
        [other.clone(), burns.clone()]
    );
    assert_eq!(
        found(&org, &[("phone", "15550100001")]),
        std::slice::from_ref(&burns)
    );
    assert_eq!(
        found(&org, &[("word", "zoho")]),
        std::slice::from_ref(&other)
    );
    assert_eq!(
        found(&org, &[("criteria", "(Company:equals:Nobody)")]),
        Vec::<String>::new()
    );
    let body = page(
        org.search("Leads", &query(&[("word", "inc")]))
            .expect("search"),
    );
    assert_eq!(
        body["info"],
        json!({"per_page": 200, "count": 1, "page": 1, "more_records": false})
    );
    assert_eq!(body["data"][0]["Company"], "ABC Inc");
    let errors = [
        (vec![], "EXPECTED_PARAM_MISSING", "mandatory param missing"),
        (vec![("criteria", "(Last_Name:equals)")], "INVALID_QUERY", "invalid query formed"),
        (vec![("criteria", "(Nickname:equals:M)")], "INVALID_QUERY", "invalid query formed"),
        (vec![("criteria", "(Email_Opt_Out:starts_with:t)")], "INVALID_QUERY", "invalid query formed"),
        (
            vec![("word", "a")],
            "INVALID_DATA",
            "The search value contains special characters or does not contain at least two characters",
        ),
        (vec![("word", "abc"), ("page", "11")], "LIMIT_REACHED", "Maximum response iteration limit reached"),
    ];
    for (pairs, code, message) in errors {
        let error = org.search("Leads", &query(&pairs)).expect_err("refused");
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            (code, message),
            "{pairs:?}"
        );
    }
    assert_eq!(
        org.count("Leads", &query(&[("email", "mary@abc.com")]))
            .expect("count"),
        json!({"count": 2})
    );
    let error = org
        .count("Leads", &query(&[("cvid", "1"), ("word", "abc")]))
        .expect_err("ambiguous");
    assert_eq!(error.code, "AMBIGUITY_DURING_PROCESSING");
}

#[test]
fn coql_reads_fields_and_lookup_paths() {
    let (mut org, _) = org();
    let zylker = insert_one(
        &mut org,
        "Accounts",
        json!({"Account_Name": "Zylker", "Employees": 50}),
    );
    let other = insert_one(&mut org, "Accounts", json!({"Account_Name": "Other"}));
    let john = insert_one(
        &mut org,
        "Contacts",
        json!({"Last_Name": "Smith", "First_Name": "John", "Account_Name": {"id": zylker}}),
    );
    insert_one(
        &mut org,
        "Contacts",
        json!({"Last_Name": "Doe", "Account_Name": {"id": other}}),
    );
    let body = page(
        org.coql("select Last_Name, Account_Name.Account_Name from Contacts where Account_Name.Account_Name = 'Zylker'")
            .expect("query"),
    );
    assert_eq!(
        body,
        json!({"data": [{"Last_Name": "Smith", "Account_Name.Account_Name": "Zylker", "id": john}],
               "info": {"count": 1, "more_records": false}})
    );
    let body = page(
        org.coql("select Account_Name from Accounts where Employees >= 10")
            .expect("query"),
    );
    assert_eq!(ids(&body), [zylker]);
    assert_eq!(
        org.coql("select Last_Name from Contacts where Last_Name = 'Nobody'")
            .expect("query"),
        Listing::NoContent
    );
    let errors = [
        ("select Last_Name, Testing from Leads where Last_Name is not null", "The query contains an invalid column name (field_API_name)."),
        ("select Last_Name, Products from Leads where Last_Name is not null", "The query contains unsupported data type."),
        ("select Last_Name from Leads where Last_Name is not null and No_of_Employees = 'adfkahfd'", "The data type of the value of the select column is invalid."),
        ("select Last_Name from Leads where Last_Name is not null and Last_Name >= 'adfkahfd'", "The query contains an invalid operator."),
    ];
    for (text, message) in errors {
        let error = org.coql(text).expect_err("refused");
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("INVALID_QUERY", message),
            "{text}"
        );
    }
    assert_eq!(
        org.coql("select id from Nothing where id is not null")
            .expect_err("module")
            .code,
        "INVALID_MODULE"
    );
    assert_eq!(
        org.coql("delete from Leads").expect_err("syntax").code,
        "SYNTAX_ERROR"
    );
}

#[test]
fn related_records_come_from_lookups() {
    let (mut org, _) = org();
    let account = insert_one(&mut org, "Accounts", json!({"Account_Name": "Zylker"}));
    let elsewhere = insert_one(&mut org, "Accounts", json!({"Account_Name": "Other"}));
    let contact = insert_one(
        &mut org,
        "Contacts",
        json!({"Last_Name": "Smith", "Account_Name": {"id": account}}),
    );
    insert_one(
        &mut org,
        "Contacts",
        json!({"Last_Name": "Doe", "Account_Name": {"id": elsewhere}}),
    );
    let deal = insert_one(
        &mut org,
        "Deals",
        json!({"Deal_Name": "Fleet", "Stage": "Qualification", "Account_Name": {"id": account},
               "Contact_Name": {"id": contact}}),
    );
    let fields = query(&[("fields", "Last_Name,Account_Name")]);
    let body = page(
        org.related("Accounts", &account, "Contacts", &fields, None)
            .expect("related"),
    );
    assert_eq!(
        body["data"],
        json!([{"Last_Name": "Smith", "Account_Name": {"name": "Zylker", "id": account}, "id": contact}])
    );
    assert_eq!(body["info"]["more_records"], false);
    let deals = page(
        org.related(
            "Contacts",
            &contact,
            "Deals",
            &query(&[("fields", "Deal_Name")]),
            None,
        )
        .expect("related"),
    );
    assert_eq!(ids(&deals), std::slice::from_ref(&deal));
    let deals = page(
        org.related(
            "Accounts",
            &account,
            "Deals",
            &query(&[("fields", "Deal_Name")]),
            None,
        )
        .expect("related"),
    );
    assert_eq!(ids(&deals), [deal]);
    assert_eq!(
        org.related(
            "Accounts",
            &account,
            "Vehicles",
            &query(&[("fields", "Name")]),
            None
        )
        .expect("related"),
        Listing::NoContent
    );
    let error = org
        .related("Accounts", &account, "Notes", &fields, None)
        .expect_err("unknown list");
    assert_eq!(error.details["resource_path_index"], 2);
    let error = org
        .related("Accounts", "3652397000000000000", "Contacts", &fields, None)
        .expect_err("no account");
    assert_eq!(error.code, "INVALID_DATA");
    let error = org
        .related("Accounts", &account, "Contacts", &[], None)
        .expect_err("fields");
    assert_eq!(error.code, "REQUIRED_PARAM_MISSING");
}
