use serde_json::Value;

use super::*;

/// A Leads record as Get Records answers it, with the awkward cases in one place: a currency
/// beyond `f64`'s precision, a 77-digit number, 19-digit ids as numbers and strings, lookups,
/// the owner with its email, multi-select picklists, subform rows, `$`-keys, nulls, and
/// unicode and escapes.
const LEAD: &str = r##"{"Owner":{"name":"Patricia Boyle","id":"4150868000000225001","email":"p.boyle@zylker.com"},"Company":"Zylker \"Ltd\" \\ Ünïcödé 日本 🚀","Email":"p.daly@zylker.com","$currency_symbol":"$","$field_states":null,"Visitor_Score":null,"Other_Phone":null,"Mobile":"+1 555 0100","$state":"save","Unsubscribed_Mode":null,"$process_flow":false,"Exchange_Rate":1,"Currency":"USD","Street":"Line 1\nLine 2\t\u0007","Zip_Code":"77001","id":"4150868000000624001","$approved":true,"$approval":{"delegate":false,"approve":false,"reject":false,"resubmit":false},"First_Visited_URL":null,"Days_Visited":null,"Created_Time":"2023-05-10T01:10:47-07:00","$editable":true,"City":"Houston","No_of_Employees":250,"Longitude":null,"State":"Texas","Country":"United States","Last_Activity_Time":"2024-02-29T23:59:59+05:30","Created_By":{"name":"Patricia Boyle","id":4150868000000225001,"email":"p.boyle@zylker.com"},"Annual_Revenue":1234567.890000001,"Secondary_Email":null,"Description":"\u00e9t\u00e9 \ud83d\ude80 \/ slash","Rating":"Acquired","Website":"https://zylker.com","Twitter":null,"Salutation":"Mr.","First_Name":"Paul","Full_Name":"Mr. Paul Daly","Lead_Status":"Contacted","Record_Image":null,"Modified_By":{"name":"Patricia Boyle","id":"4150868000000225001","email":"p.boyle@zylker.com"},"Skype_ID":null,"Phone":"555-555-5555","Email_Opt_Out":false,"Designation":"CEO","Modified_Time":"2024-01-01T00:00:00+00:00","$converted_detail":{},"Unsubscribed_Time":null,"Converted_Date_Time":null,"Last_Name":"Daly","$in_merge":false,"Lead_Source":"Employee Referral","Tag":[{"name":"VIP","id":"4150868000000630001","color_code":"#F17574"}],"Fax":null,"$approval_state":"approved","Languages":["English","Français","日本語"],"Big_Figure":12345678901234567890123456789012345678901234567890123456789012345678901234567,"Percent":12.5,"Birthday":"1990-02-28","Layout":{"name":"Standard","id":4150868000000091055},"Skills":[{"Skill":"Rust","Level":3,"id":"4150868000000700001","Parent_Id":{"name":"Paul Daly","id":"4150868000000624001"},"Since":"2019-06-01"},{"Skill":"SQL","Level":2,"id":4150868000000700002,"Parent_Id":{"name":"Paul Daly","id":"4150868000000624001"},"Since":null}],"Data_Processing_Basis_Details":null,"Empty_List":[],"Nested":{"a":{"b":[1,{"c":null}]}}}"##;

fn lead() -> Record {
    serde_json::from_str(LEAD).unwrap()
}

fn mismatch<T: FromField + fmt::Debug>(record: &Record, field: &str) -> String {
    record.get::<T>(field).unwrap_err().to_string()
}

#[test]
fn a_lead_round_trips_byte_for_byte() {
    let record = lead();
    assert!(record.len() >= 50, "{}", record.len());
    assert_eq!(serde_json::to_string(&record).unwrap(), LEAD);
    // From bytes and through a reader too.
    let from_slice: Record = serde_json::from_slice(LEAD.as_bytes()).unwrap();
    assert_eq!(from_slice, record);
    let from_reader: Record = serde_json::from_reader(LEAD.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&from_reader).unwrap(), LEAD);
    // The keys come in the order sent, `$`-keys included.
    let keys: Vec<&str> = record.keys().collect();
    assert_eq!(
        &keys[..4],
        ["Owner", "Company", "Email", "$currency_symbol"]
    );
    assert!(record.contains("$approval_state"));
    assert_eq!(record.raw("$approval_state"), Some(r#""approved""#));
    assert_eq!(record.raw("Big_Figure").unwrap().len(), 77);
    assert_eq!(record.raw("Annual_Revenue"), Some("1234567.890000001"));
    assert_eq!(record.raw("Fax"), Some("null"));
    assert_eq!(record.raw("Nope"), None);
    assert_eq!(record.iter().count(), record.len());
}

#[test]
fn whitespace_between_tokens_is_dropped_and_inside_values_kept() {
    let spaced = "{ \"A\" : [1, 2] ,\n \"B\":{ \"c\" : 1 } }";
    let record: Record = serde_json::from_str(spaced).unwrap();
    assert_eq!(
        serde_json::to_string(&record).unwrap(),
        r#"{"A":[1, 2],"B":{ "c" : 1 }}"#
    );
    // A key with a needless escape is written plain; a key sent twice stays twice.
    let record: Record = serde_json::from_str(r#"{"\u0041":1,"A":2}"#).unwrap();
    assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"A":1,"A":2}"#);
    assert_eq!(record.get::<i64>("A"), Ok(1));
}

#[test]
fn a_lead_reads_as_typed_values() {
    let r = lead();
    assert_eq!(r.id(), Some(Id::from("4150868000000624001")));
    assert_eq!(r.get::<String>("Email").unwrap(), "p.daly@zylker.com");
    assert_eq!(
        r.get::<String>("Company").unwrap(),
        "Zylker \"Ltd\" \\ Ünïcödé 日本 🚀"
    );
    assert_eq!(r.get::<String>("Description").unwrap(), "été 🚀 / slash");
    assert_eq!(r.get::<String>("Street").unwrap(), "Line 1\nLine 2\t\u{7}");
    assert!(r.get::<bool>("$approved").unwrap());
    assert!(!r.get::<bool>("Email_Opt_Out").unwrap());
    assert_eq!(r.get::<i64>("No_of_Employees"), Ok(250));
    assert_eq!(r.get::<f64>("Percent"), Ok(12.5));
    assert_eq!(r.get::<f64>("Exchange_Rate"), Ok(1.0));

    let revenue: Decimal = r.get("Annual_Revenue").unwrap();
    assert_eq!(revenue.as_str(), "1234567.890000001");
    let big: Decimal = r.get("Big_Figure").unwrap();
    assert_eq!(big.as_str().len(), 77);
    assert_eq!(r.get::<Decimal>("Zip_Code").unwrap().as_str(), "77001");

    let created: DateTime = r.get("Created_Time").unwrap();
    assert_eq!(created.offset_minutes(), -420);
    assert_eq!(created.to_string(), "2023-05-10T01:10:47-07:00");
    let last: DateTime = r.get("Last_Activity_Time").unwrap();
    assert_eq!(
        last.to_utc().unwrap().to_string(),
        "2024-02-29T18:29:59+00:00"
    );
    assert_eq!(
        r.get::<Date>("Birthday"),
        Ok(Date::new(1990, 2, 28).unwrap())
    );

    let owner: Lookup = r.get("Owner").unwrap();
    assert_eq!(owner.id().as_str(), "4150868000000225001");
    assert_eq!(owner.name(), Some("Patricia Boyle"));
    assert_eq!(
        owner.fields().get::<String>("email").unwrap(),
        "p.boyle@zylker.com"
    );
    // An id sent as a number reads as the same id.
    let creator: Lookup = r.get("Created_By").unwrap();
    assert_eq!(creator.id(), owner.id());
    let layout: Lookup = r.get("Layout").unwrap();
    assert_eq!(layout.id().as_str(), "4150868000000091055");

    assert_eq!(
        r.get::<Vec<String>>("Languages").unwrap(),
        ["English", "Français", "日本語"]
    );
    assert_eq!(r.get::<Vec<String>>("Empty_List"), Ok(vec![]));
    let tags: Vec<Lookup> = r.get("Tag").unwrap();
    assert_eq!(tags[0].name(), Some("VIP"));

    let rows: Vec<Record> = r.get("Skills").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get::<String>("Skill").unwrap(), "Rust");
    assert_eq!(rows[0].get::<i64>("Level"), Ok(3));
    assert_eq!(
        rows[0].get::<Option<Date>>("Since"),
        Ok(Date::new(2019, 6, 1))
    );
    assert_eq!(rows[1].get::<Option<Date>>("Since"), Ok(None));
    assert_eq!(rows[1].id(), Some(Id::from("4150868000000700002")));
    assert_eq!(
        rows[1].get::<Lookup>("Parent_Id").unwrap().id(),
        &Id::from("4150868000000624001")
    );

    let approval: Record = r.get("$approval").unwrap();
    assert_eq!(approval.get::<bool>("delegate"), Ok(false));
    assert!(r.get::<Record>("$converted_detail").unwrap().is_empty());

    assert_eq!(r.get::<Option<String>>("Fax"), Ok(None));
    assert_eq!(r.get::<Option<String>>("Not_There"), Ok(None));
    assert_eq!(r.get::<Option<i64>>("No_of_Employees"), Ok(Some(250)));

    let nested: Value = r.get("Nested").unwrap();
    assert_eq!(nested["a"]["b"][1]["c"], Value::Null);
    let big_value: Value = r.get("Big_Figure").unwrap();
    assert!(
        big_value.is_f64(),
        "serde_json without arbitrary_precision rounds"
    );
}

#[test]
fn wrong_types_name_the_field_what_was_expected_and_what_came() {
    let r = lead();
    assert_eq!(
        mismatch::<Decimal>(&r, "Company"),
        r#"field Company: expected a decimal number, found string "Zylker \"Ltd\" \\ Ünïcödé 日本 🚀""#
    );
    let abc: Record = serde_json::from_str(r#"{"Annual_Revenue":"abc"}"#).unwrap();
    assert_eq!(
        mismatch::<Decimal>(&abc, "Annual_Revenue"),
        r#"field Annual_Revenue: expected a decimal number, found string "abc""#
    );
    assert_eq!(
        mismatch::<String>(&r, "Fax"),
        "field Fax: expected a string, found null"
    );
    assert_eq!(
        mismatch::<bool>(&r, "Email"),
        r#"field Email: expected a boolean, found string "p.daly@zylker.com""#
    );
    assert_eq!(
        mismatch::<i64>(&r, "Percent"),
        "field Percent: expected an integer, found number 12.5"
    );
    assert_eq!(
        mismatch::<i64>(&r, "Big_Figure"),
        "field Big_Figure: expected an integer, found number 1234567890123456789012345678901234567890…"
    );
    assert_eq!(
        mismatch::<Id>(&r, "Owner"),
        r#"field Owner: expected a record id (digits), found object {"name":"Patricia Boyle","id":"415086800…"#
    );
    assert_eq!(
        mismatch::<Date>(&r, "Created_Time"),
        r#"field Created_Time: expected a date (yyyy-MM-dd), found string "2023-05-10T01:10:47-07:00""#
    );
    assert_eq!(
        mismatch::<DateTime>(&r, "Birthday"),
        r#"field Birthday: expected a datetime (yyyy-MM-ddTHH:mm:ss±HH:mm), found string "1990-02-28""#
    );
    assert_eq!(
        mismatch::<Lookup>(&r, "$approval"),
        r#"field $approval: expected a lookup (an object with an id), found object {"delegate":false,"approve":false,"rejec…"#
    );
    assert_eq!(
        mismatch::<Vec<i64>>(&r, "Languages"),
        r#"field Languages: expected a list of (an integer), found array ["English","Français","日本語"]"#
    );
    assert_eq!(
        mismatch::<Record>(&r, "Languages"),
        r#"field Languages: expected an object, found array ["English","Français","日本語"]"#
    );
    assert_eq!(
        mismatch::<Option<bool>>(&r, "Email"),
        r#"field Email: expected a boolean or null, found string "p.daly@zylker.com""#
    );
    assert_eq!(
        mismatch::<String>(&r, "$approved"),
        "field $approved: expected a string, found boolean true"
    );
    let missing = r.get::<String>("Not_There").unwrap_err();
    assert_eq!(missing.to_string(), "field Not_There: missing");
    assert_eq!(
        missing,
        FieldError::Missing {
            field: "Not_There".into()
        }
    );
    let FieldError::Mismatch { found, .. } = r.get::<bool>("Percent").unwrap_err() else {
        panic!("a mismatch")
    };
    assert_eq!((found.kind(), found.excerpt()), ("number", "12.5"));
}

#[test]
fn ids_are_digits_never_floats() {
    let r: Record = serde_json::from_str(
        r#"{"a":"4150868000000624001","b":4150868000000624001,"c":1.23e18,"d":-4150868000000624001,"e":"","f":"12a","g":4150868000000624001.0,"h":99999999999999999999999}"#,
    )
    .unwrap();
    assert_eq!(r.get::<Id>("a"), r.get::<Id>("b"));
    assert_eq!(
        mismatch::<Id>(&r, "c"),
        "field c: expected a record id (digits), found number 1.23e18"
    );
    for field in ["d", "e", "f", "g"] {
        assert!(r.get::<Id>(field).is_err(), "{field}");
    }
    // Digits beyond u64 are still an id's text, kept as sent.
    assert_eq!(
        r.get::<Id>("h").unwrap().as_str(),
        "99999999999999999999999"
    );
    assert_eq!(
        mismatch::<Lookup>(
            &serde_json::from_str(r#"{"Owner":{"name":"x","id":1.23e18}}"#).unwrap(),
            "Owner"
        ),
        r#"field Owner: expected a lookup (an object with an id), found object {"name":"x","id":1.23e18}"#
    );
    let no_id: Record =
        serde_json::from_str(r#"{"Owner":{"name":"x"},"N":{"id":"1","name":2}}"#).unwrap();
    assert!(no_id.get::<Lookup>("Owner").is_err());
    assert!(no_id.get::<Lookup>("N").is_err());
    assert_eq!(no_id.id(), None);
}

#[test]
fn hostile_input_is_an_error_not_a_panic() {
    // Not an object.
    for body in [
        "[]",
        "1",
        "\"x\"",
        "null",
        "",
        "{",
        "{\"a\":}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
    ] {
        assert!(serde_json::from_str::<Record>(body).is_err(), "{body}");
    }
    // Invalid UTF-8 in a key or a value.
    assert!(serde_json::from_slice::<Record>(b"{\"a\":\"\xff\xfe\"}").is_err());
    assert!(serde_json::from_slice::<Record>(b"{\"\xc3\x28\":1}").is_err());
    // A huge string is kept and read whole.
    let huge = "x".repeat(5_000_000);
    let record: Record = serde_json::from_str(&format!(r#"{{"Description":"{huge}"}}"#)).unwrap();
    assert_eq!(
        record.get::<String>("Description").unwrap().len(),
        huge.len()
    );
    let e = record.get::<i64>("Description").unwrap_err().to_string();
    assert!(e.len() < 120, "the excerpt is short: {e}");
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    // The record keeps a deeply nested value as text: serde_json skips it without recursion.
    let depth = 100_000;
    let deep = format!(r#"{{"Deep":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let record: Record = serde_json::from_str(&deep).unwrap();
    assert_eq!(serde_json::to_string(&record).unwrap(), deep);
    // Building a tree of it hits serde_json's recursion limit: an error.
    assert_eq!(
        mismatch::<Value>(&record, "Deep"),
        format!(
            "field Deep: expected a JSON value nested at most 128 deep, found array {}…",
            "[".repeat(40)
        )
    );
    assert!(record.get::<Vec<Value>>("Deep").is_err());
    // Nested records are read one level at a time.
    let objects = format!(r#"{}1{}"#, r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let record: Record = serde_json::from_str(&objects).unwrap();
    let inner: Record = record.get("a").unwrap();
    assert_eq!(inner.keys().collect::<Vec<_>>(), ["a"]);
    // A page of records nested past the limit is refused by the parser itself.
    let page = format!("{}{{}}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(serde_json::from_str::<Vec<Record>>(&page).is_err());
}

#[test]
fn the_builder_sets_clears_and_leaves_out() {
    let b = RecordBuilder::new().set("A", "x").clear("B");
    assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"A":"x","B":null}"#);
    assert_eq!(b.raw("C"), None);
    assert_eq!((b.len(), b.is_empty()), (2, false));
    // Setting again replaces in place.
    let b = b.set("A", 1).set("C", true);
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"A":1,"B":null,"C":true}"#
    );
    assert_eq!(serde_json::to_string(&RecordBuilder::new()).unwrap(), "{}");
}

#[test]
fn the_builder_writes_zohos_forms() {
    let revenue: Decimal = "1234567.890000001".parse().unwrap();
    let b = RecordBuilder::update("4150868000000624001")
        .set("Annual_Revenue", revenue)
        .set("Big", "1e400".parse::<Decimal>().unwrap())
        .set("Employees", 250i64)
        .set("Birthday", Date::new(1990, 2, 28).unwrap())
        .set(
            "Call_Start_Time",
            "2023-05-10T01:10:47-07:00".parse::<DateTime>().unwrap(),
        )
        .set("Owner", Lookup::new("4150868000000225001"))
        .set("Bigint_Field", Id::from("4150868000000225001"))
        .set("Languages", vec!["English", "日本語"])
        .set("Note", "quote \" backslash \\ newline \n bell \u{7} 🚀")
        .set("Maybe", None::<String>)
        .set("Any", serde_json::json!({"k": [1, null]}))
        .set(
            "Skills",
            [
                RecordBuilder::new().set("Skill", "Rust"),
                RecordBuilder::update("4150868000000700001").set("Level", 4),
                RecordBuilder::deleted_row("4150868000000700002"),
            ],
        );
    let expected = r#"{"id":"4150868000000624001","Annual_Revenue":1234567.890000001,"Big":1e400,"Employees":250,"Birthday":"1990-02-28","Call_Start_Time":"2023-05-10T01:10:47-07:00","Owner":{"id":"4150868000000225001"},"Bigint_Field":"4150868000000225001","Languages":["English","日本語"],"Note":"quote \" backslash \\ newline \n bell \u0007 🚀","Maybe":null,"Any":{"k":[1,null]},"Skills":[{"Skill":"Rust"},{"id":"4150868000000700001","Level":4},{"id":"4150868000000700002","_delete":null}]}"#;
    assert_eq!(serde_json::to_string(&b).unwrap(), expected);
    // What it writes reads back as what went in.
    let back: Record = serde_json::from_str(expected).unwrap();
    assert_eq!(
        back.get::<String>("Note").unwrap(),
        "quote \" backslash \\ newline \n bell \u{7} 🚀"
    );
    assert_eq!(
        back.get::<Decimal>("Annual_Revenue").unwrap().as_str(),
        "1234567.890000001"
    );
}

#[test]
fn appended_multi_select_values_carry_the_append_flag() {
    let b = RecordBuilder::update("1")
        .append("Languages", ["Korean"])
        .set("Other", 1)
        .append("Hobbies", vec!["Chess".to_owned()])
        .append("Languages", ["Korean", "Spanish"]);
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"id":"1","Languages":["Korean","Spanish"],"$append_values":{"Languages":true,"Hobbies":true},"Other":1,"Hobbies":["Chess"]}"#
    );
}

#[test]
fn a_record_read_can_be_written_back() {
    let record = lead();
    let as_value = FieldValue::from(&record);
    assert_eq!(as_value.as_json(), LEAD);
    let builder = RecordBuilder::from(record).set("Email", "new@zylker.com");
    let written = serde_json::to_string(&builder).unwrap();
    assert_eq!(written, LEAD.replace("p.daly@zylker.com", "new@zylker.com"));
}

#[test]
fn write_options_go_beside_data() {
    let records = [RecordBuilder::new().set("Last_Name", "Daly")];
    let body = |options: &WriteOptions| serde_json::to_string(&options.body(&records)).unwrap();
    assert_eq!(
        body(&WriteOptions::new()),
        r#"{"data":[{"Last_Name":"Daly"}]}"#
    );
    assert_eq!(
        body(&WriteOptions::new().triggers([])),
        r#"{"data":[{"Last_Name":"Daly"}],"trigger":[]}"#
    );
    assert_eq!(
        body(&WriteOptions::new().triggers([
            Trigger::Approval,
            Trigger::Workflow,
            Trigger::Blueprint,
            Trigger::Pathfinder,
            Trigger::Orchestration
        ])),
        r#"{"data":[{"Last_Name":"Daly"}],"trigger":["approval","workflow","blueprint","pathfinder","orchestration"]}"#
    );
}

#[test]
fn a_page_decodes_into_records() {
    let page =
        format!(r#"{{"data":[{LEAD},{LEAD}],"info":{{"per_page":200,"more_records":false}}}}"#);
    #[derive(Deserialize)]
    struct Page {
        data: Vec<Record>,
    }
    let page: Page = serde_json::from_str(&page).unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[1], lead());
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let every: String = (0u32..0x80)
        .filter_map(char::from_u32)
        .chain(['é', '\u{2028}', '🚀', '\u{7f}'])
        .collect();
    assert_eq!(
        FieldValue::from(every.as_str()).as_json(),
        serde_json::to_string(&every).unwrap()
    );
    let record: Record = serde_json::from_str(r#"{"a\b\f\u0001\"":1}"#).unwrap();
    assert_eq!(
        FieldValue::from(&record).as_json(),
        serde_json::to_string(&record).unwrap()
    );
}
