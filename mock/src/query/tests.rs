//! Parsing and evaluation against the pages' samples, escapes from the runtime's renderer, and
//! garbage.

use serde_json::{json, Map, Value};

use super::coql::{parse as parse_coql, Comparator, Condition};
use super::search::{parse as parse_criteria, Criteria, Operator};
use super::QueryError;

/// The runtime crate's escaping (`zohocrm::query`), so that what it writes is what this
/// parser reads.
#[path = "../../../src/query/escape.rs"]
mod runtime_escape;

fn record(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn leads() -> Vec<Map<String, Value>> {
    [
        json!({"id": "1", "Last_Name": "Burns,B", "First_Name": "Mary", "Company": "ABC Inc",
               "Annual_Revenue": 1000, "Created_Time": "2024-02-19T18:30:23-11:00",
               "Email_Opt_Out": false, "Owner": {"id": "554023000000235011", "name": "Patricia Boyle"},
               "Account_Name": {"id": "9", "Account_Name": "Zylker"}, "Languages": ["English", "German"]}),
        json!({"id": "2", "Last_Name": "K\\", "First_Name": "Mark", "Company": "ABC",
               "Annual_Revenue": 25000, "Created_Time": "2024-02-01T10:00:00+00:00",
               "Email_Opt_Out": true, "Owner": {"id": "554023000000235012"}, "Account_Name": null}),
        json!({"id": "3", "Last_Name": "O'Brien (Jr)", "First_Name": null, "Company": "Zoho",
               "Annual_Revenue": 500.5, "Created_Time": "2023-12-31T23:59:59+05:30"}),
    ]
    .into_iter()
    .map(record)
    .collect()
}

fn search_ids(criteria: &str) -> Result<Vec<String>, QueryError> {
    let parsed = parse_criteria(criteria)?;
    Ok(leads()
        .iter()
        .filter(|r| parsed.matches(r))
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect())
}

fn coql_ids(query: &str) -> Result<Vec<String>, QueryError> {
    let records = leads();
    let rows = parse_coql(query)?.run(&records);
    Ok(rows
        .data
        .iter()
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect())
}

#[test]
fn criteria_parse_the_pages_samples() {
    let parsed = parse_criteria(r"((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))");
    let expected = Criteria::Group {
        all: true,
        members: vec![
            Criteria::Condition {
                field: "Last_Name".into(),
                operator: Operator::Equals,
                values: vec!["Burns,B".into()],
            },
            Criteria::Condition {
                field: "First_Name".into(),
                operator: Operator::StartsWith,
                values: vec!["M".into()],
            },
        ],
    };
    assert_eq!(parsed, Ok(expected));
    assert_eq!(
        parse_criteria(r"(Last_Name:equals:K\\)"),
        Ok(Criteria::Condition {
            field: "Last_Name".into(),
            operator: Operator::Equals,
            values: vec![r"K\".into()],
        })
    );
    assert_eq!(
        parse_criteria("Created_Time:between:2024-02-01T18:52:56+00:00,2024-02-20T18:52:56+00:00")
            .map(|c| matches!(c, Criteria::Condition { operator: Operator::Between, values, .. } if values.len() == 2)),
        Ok(true)
    );
    assert!(parse_criteria("Campaign_Name:equals:CRM").is_ok());
    assert!(parse_criteria("(Full_Name:in:Patricia,Boyle,Kate)").is_ok());
}

#[test]
fn criteria_evaluate_as_the_page_describes() {
    assert_eq!(
        search_ids(r"(Last_Name:equals:Burns\,B)"),
        Ok(vec!["1".into()])
    );
    // `equals` behaves like contains.
    assert_eq!(
        search_ids("(Company:equals:abc)"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        search_ids("((Company:equals:ABC)and(First_Name:starts_with:Mar))"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        search_ids("((Company:equals:Zoho)or(Email_Opt_Out:equals:true))"),
        Ok(vec!["2".into(), "3".into()])
    );
    assert_eq!(search_ids(r"(Last_Name:equals:K\\)"), Ok(vec!["2".into()]));
    assert_eq!(
        search_ids(r"(Last_Name:starts_with:O'Brien \(Jr\))"),
        Ok(vec!["3".into()])
    );
    assert_eq!(
        search_ids("(Company:not_equal:abc)"),
        Ok(vec!["1".into(), "3".into()])
    );
    assert_eq!(
        search_ids("(Annual_Revenue:greater_than:1000)"),
        Ok(vec!["2".into()])
    );
    assert_eq!(
        search_ids("(Annual_Revenue:greater_equal:1000)"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        search_ids("(Annual_Revenue:less_than:1000)"),
        Ok(vec!["3".into()])
    );
    assert_eq!(
        search_ids("(Annual_Revenue:less_equal:500.5)"),
        Ok(vec!["3".into()])
    );
    assert_eq!(
        search_ids("Created_Time:between:2024-02-01T00:00:00+00:00,2024-02-20T05:30:23+00:00"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        search_ids("(Owner:in:554023000000235012,7)"),
        Ok(vec!["2".into()])
    );
    assert_eq!(
        search_ids("(Owner.name:equals:patricia)"),
        Ok(vec!["1".into()])
    );
    assert_eq!(search_ids("(Languages:in:german)"), Ok(vec!["1".into()]));
    let three = "(((Company:equals:ABC)and(Annual_Revenue:greater_than:1))or(Company:equals:Zoho))";
    assert_eq!(
        search_ids(three),
        Ok(vec!["1".into(), "2".into(), "3".into()])
    );
    let flat =
        "((Company:equals:ABC)and(Annual_Revenue:greater_than:1)and(Email_Opt_Out:equals:false))";
    assert_eq!(search_ids(flat), Ok(vec!["1".into()]));
}

#[test]
fn criteria_errors_are_invalid_query() {
    let eleven = format!("({})", ["(A:equals:x)"; 11].join("and"));
    for bad in [
        "",
        "(Last_Name:equals:Burns,B)",
        "(Last_Name:like:x)",
        "(Last_Name:equals:)",
        "(Last Name:equals:x)",
        "(Last_Name:equals:a(b)",
        "(Last_Name:equals:K\\)",
        "((A:equals:x)and(B:equals:y)or(C:equals:z))",
        "((A:equals:x)xor(B:equals:y))",
        "(A:between:1)",
        "(A:equals:x))",
        "(A:equals:x",
        "A:equals",
        eleven.as_str(),
    ] {
        let error = parse_criteria(bad).err();
        assert_eq!(
            error.as_ref().map(|e| (e.code, e.message)),
            Some(("INVALID_QUERY", "invalid query formed")),
            "{bad:?}"
        );
    }
}

#[test]
fn coql_parses_the_pages_samples() {
    let samples = [
        "select Last_Name, First_Name, Full_Name from Contacts where Last_Name = 'Boyle' and First_Name is not null limit 2",
        "select Last_Name, First_Name, Full_Name, Lead_Source, Languages_Known\n from Contacts\n where (((Last_Name = 'Boyle') and (Lead_Source = Advertisement)) and Languages_Known = 'English;German') limit 2",
        "select Last_Name, First_Name, Full_Name, Account_Name from Contacts where ((Last_Name = 'Boyle') and (First_Name is not null)) and (Account_Name.Account_Name = 'Zylker') limit 2",
        "select Last_Name,Days_Visited, Created_Time, Date_of_Birth, Modified_Time from Contacts where (((Created_Time between '2023-05-28T04:25:36-07:00' and '2025-05-28T04:25:36-07:00') and Date_of_Birth between '2022-03-04' and '2025-07-11') and (Modified_Time in('2024-06-05T02:04:09-07:00','2024-07-03T00:00:01+05:30') and Days_Visited is null)) limit 1",
        "select Last_Name, First_Name, Full_Name, Email_Opt_Out from Contacts where Email_Opt_Out = 'true' limit 2",
        "select Last_Name, First_Name, Full_Name, Lead_Source from Contacts where (((First_Name = 'Kris') and Lead_Source = 'Trade Show') and Department = 'Engineering')  ",
        "select Owner.profile.id,Owner.profile.name from Contacts where Last_Name is not null limit 2",
        "select MIN_x from Leads where Annual_Revenue != 0",
        "select Last_Name, Record_Image from Leads where Record_Image in ('siwz79472749456ff433f8b88d0a795ae9855') ",
        "SELECT id FROM Leads WHERE Last_Name not like '%tech%' ORDER BY Created_Time DESC, id LIMIT 10 OFFSET 20",
        "select id from Leads where Last_Name like \"tech%\" limit 20, 10",
    ];
    for sample in samples {
        assert!(
            parse_coql(sample).is_ok(),
            "{sample}: {:?}",
            parse_coql(sample)
        );
    }
    let both = [
        "select id from Leads where id is not null limit 10 offset 20",
        "select id from Leads where id is not null limit 20, 10",
    ]
    .map(|q| parse_coql(q).map(|c| (c.limit, c.offset)));
    assert_eq!(both, [Ok((Some(10), 20)), Ok((Some(10), 20))]);
}

#[test]
fn coql_evaluates_conditions_order_and_paging() {
    let q = |w: &str| coql_ids(&format!("select Last_Name from Leads where {w}"));
    assert_eq!(q("Company = 'abc'"), Ok(vec!["2".into()]));
    assert_eq!(q("Company != 'ABC'"), Ok(vec!["1".into(), "3".into()]));
    assert_eq!(q("Annual_Revenue > 1000"), Ok(vec!["2".into()]));
    assert_eq!(
        q("Annual_Revenue >= 1000"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(q("Annual_Revenue < 1000"), Ok(vec!["3".into()]));
    assert_eq!(
        q("Annual_Revenue <= 1000"),
        Ok(vec!["1".into(), "3".into()])
    );
    assert_eq!(q("Company like 'abc%'"), Ok(vec!["1".into(), "2".into()]));
    assert_eq!(q("Company like '%inc'"), Ok(vec!["1".into()]));
    assert_eq!(q("Last_Name like '%(j%'"), Ok(vec!["3".into()]));
    assert_eq!(q("Company not like '%b%'"), Ok(vec!["3".into()]));
    assert_eq!(
        q("Owner in ('554023000000235011', '5')"),
        Ok(vec!["1".into()])
    );
    assert_eq!(
        q("Owner not in ('554023000000235011')"),
        Ok(vec!["2".into(), "3".into()])
    );
    assert_eq!(q("Account_Name is null"), Ok(vec!["2".into(), "3".into()]));
    assert_eq!(
        q("First_Name is not null"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        q("Annual_Revenue between 600 and 25000"),
        Ok(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        q("Annual_Revenue not between 600 and 25000"),
        Ok(vec!["3".into()])
    );
    assert_eq!(q("Email_Opt_Out = 'true'"), Ok(vec!["2".into()]));
    assert_eq!(q("Last_Name = 'O\\'Brien (Jr)'"), Ok(vec!["3".into()]));
    assert_eq!(
        q("Account_Name.Account_Name = 'Zylker'"),
        Ok(vec!["1".into()])
    );
    assert_eq!(
        q("Created_Time > '2024-02-20T05:00:00+00:00'"),
        Ok(vec!["1".into()])
    );
    assert_eq!(
        q("((Company like 'ABC%' and Annual_Revenue > 1) or Company = 'Zoho') order by Annual_Revenue desc"),
        Ok(vec!["2".into(), "1".into(), "3".into()])
    );
    assert_eq!(
        // Null first, then Mark before Mary.
        q("id is not null order by First_Name asc limit 1 offset 1"),
        Ok(vec!["2".into()])
    );
    let records = leads();
    let rows = parse_coql("select Last_Name, Account_Name.Account_Name from Leads where id is not null order by id desc limit 2")
        .map(|c| c.run(&records));
    let first = json!({"Last_Name": "O'Brien (Jr)", "Account_Name.Account_Name": null, "id": "3"});
    assert_eq!(
        rows.as_ref()
            .map(|r| (r.data.first().cloned().map(Value::Object), r.more_records)),
        Ok((Some(first), true))
    );
}

#[test]
fn coql_errors_carry_the_pages_codes_and_messages() {
    let cases = [
        ("update Leads set Last_Name = 'Last' where id = 12356", "SYNTAX_ERROR", "The request contains a query other than select."),
        ("select Last_Name Leads where id is not null", "SYNTAX_ERROR", "The query does not contain the from clause."),
        ("select Last_Name from Leads", "SYNTAX_ERROR", "The query does not contain either proper criteria, base table, or the where clause."),
        ("select Last_Name from Leads where A = 1 and B = 2 and C = 3", "SYNTAX_ERROR", "The query does not contain either proper criteria, base table, or the where clause."),
        ("select Last_Name from Leads where (A = 1 and (B = 2)", "SYNTAX_ERROR", "Parsing is happening for so long for the given query. please validate the query."),
        ("select Last_Name from Leads where A = 'open", "SYNTAX_ERROR", "The query does not contain either proper criteria, base table, or the where clause."),
        ("select Last_Name from Leads where A = 1; drop", "SYNTAX_ERROR", "The query does not contain either proper criteria, base table, or the where clause."),
        ("select Last_Name from Leads where id is not null limit 201", "LIMIT_EXCEEDED", "The value of limit clause or the select column (field API names) has exceeded the maximum limit of 200 and 50, respectively."),
        ("select Last_Name from Leads where id is not null limit 200 offset 9801", "LIMIT_EXCEEDED", "Max records limit exceeded"),
    ];
    for (query, code, message) in cases {
        let error = parse_coql(query).err();
        assert_eq!(
            error.as_ref().map(|e| (e.code, e.message)),
            Some((code, message)),
            "{query}"
        );
    }
    let columns: Vec<String> = (0..51).map(|i| format!("F{i}")).collect();
    let wide = format!(
        "select {} from Leads where id is not null",
        columns.join(", ")
    );
    assert_eq!(
        parse_coql(&wide).err().map(|e| e.code),
        Some("LIMIT_EXCEEDED")
    );
}

/// Tricky strings for the round trips.
fn tricky() -> Vec<String> {
    let mut out: Vec<String> = [
        ")or(",
        "a,b",
        "\\",
        "\\\\",
        "K\\",
        "\\(",
        "a\\b",
        "'",
        "''",
        "\\'",
        "' or '1'='1",
        "%",
        "50%",
        "line\nbreak",
        "tab\there",
        "Zoë 東京 🚀",
        "a:b:c",
        "(x)",
        "),(",
        "and",
        "\"",
        " spaced ",
        "x)and(y:equals:z",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let pieces = ["(", ")", ",", "\\", "'", "%", ":", "a", "é", " "];
    for i in 0..400u32 {
        let (mut n, mut s) = (i, String::from("v"));
        while n > 0 {
            s.push_str(pieces[(n % 10) as usize]);
            n /= 10;
        }
        out.push(s);
    }
    out
}

#[test]
fn values_escaped_by_the_runtime_parse_back() {
    for value in tricky() {
        let criteria = format!(
            "((Last_Name:equals:{v})or(Owner:in:{v},{v}))",
            v = runtime_escape::criteria_value(&value)
        );
        let parsed = parse_criteria(&criteria);
        let Ok(Criteria::Group { members, .. }) = parsed else {
            panic!("{value:?}: {criteria} parsed as {parsed:?}");
        };
        let values: Vec<&Vec<String>> = members
            .iter()
            .filter_map(|m| match m {
                Criteria::Condition { values, .. } => Some(values),
                Criteria::Group { .. } => None,
            })
            .collect();
        assert_eq!(
            values,
            [&vec![value.clone()], &vec![value.clone(), value.clone()]],
            "{criteria}"
        );

        let quoted = runtime_escape::coql_string(&value);
        let query = format!("select id from Leads where (Last_Name = {quoted} or Owner in ({quoted}, {quoted})) limit 5");
        let parsed = parse_coql(&query).map(|c| c.condition);
        let Ok(Condition::Pair { left, right, .. }) = parsed else {
            panic!("{value:?}: {query} parsed as {parsed:?}");
        };
        assert_eq!(
            *left,
            Condition::Compare {
                field: "Last_Name".into(),
                comparator: Comparator::Eq,
                values: vec![value.clone()]
            },
        );
        assert_eq!(
            *right,
            Condition::Compare {
                field: "Owner".into(),
                comparator: Comparator::In,
                values: vec![value.clone(), value.clone()]
            },
        );
    }
}

#[test]
fn garbage_never_panics() {
    let alphabet: Vec<char> =
        "()\\,:'\"%=!<>- \n\tandorselectfromwherelimitoffsetisnullnotinlikebetween_.0123456789AÉ東"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let seeds = [
        "((Last_Name:equals:Burns\\,B)and(First_Name:starts_with:M))",
        "select Last_Name from Leads where (A = 'x' and B in (1, 2)) order by A desc limit 5 offset 2",
    ];
    for round in 0..4000 {
        let len = (next() % 80) as usize;
        let mut text: String = if round % 2 == 0 {
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        } else {
            seeds[round % 4 / 2].to_owned()
        };
        if round % 2 == 1 {
            // Mutate a valid query: drop, duplicate or replace characters.
            for _ in 0..(next() % 6) {
                let chars: Vec<char> = text.chars().collect();
                let at = (next() % (chars.len() as u64 + 1)) as usize;
                let c = alphabet[(next() % alphabet.len() as u64) as usize];
                let mut chars = chars;
                match next() % 3 {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, c),
                    _ if at < chars.len() => chars[at] = c,
                    _ => {}
                }
                text = chars.into_iter().collect();
            }
        }
        let _ = parse_criteria(&text).map(|c| leads().iter().filter(|r| c.matches(r)).count());
        let _ = parse_coql(&text).map(|c| c.run(&leads()).data.len());
    }
    let deep = format!("{}A:equals:x{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(parse_criteria(&deep).is_err());
    let deep = format!(
        "select id from Leads where {}A = 1{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(
        parse_coql(&deep).err().map(|e| e.code),
        Some("SYNTAX_ERROR")
    );
}
