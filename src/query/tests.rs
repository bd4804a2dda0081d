//! Rendering tests: values and names that try to break out of their place.

use super::escape::{coql_string, criteria_value};
use super::{Condition, Coql, Criteria, Order, QueryError};
use crate::record::{Date, DateTime, Decimal};
use crate::Id;

fn field(name: &str) -> super::SearchField {
    match Criteria::field(name) {
        Ok(field) => field,
        Err(e) => panic!("{e}"),
    }
}

fn coql_field(name: &str) -> super::CoqlField {
    match Condition::field(name) {
        Ok(field) => field,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn criteria_escape_as_the_page_shows() {
    // The Search Records page's two examples.
    let burns = field("Last_Name")
        .equals("Burns,B")
        .and(field("First_Name").starts_with("M"));
    assert_eq!(
        burns.to_string(),
        r"((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))"
    );
    assert_eq!(
        field("Last_Name").equals(r"K\").to_string(),
        r"(Last_Name:equals:K\\)"
    );
    assert_eq!(
        field("Last_Name").equals("O'Brien (Jr), \\x").to_string(),
        r"(Last_Name:equals:O'Brien \(Jr\)\, \x)"
    );
}

#[test]
fn criteria_values_cannot_close_their_condition() {
    let cases = [
        (
            ")or(Last_Name:equals:x",
            r"(A:equals:\)or\(Last_Name:equals:x)",
        ),
        ("a,b", r"(A:equals:a\,b)"),
        (r"\", r"(A:equals:\\)"),
        (r"\)", r"(A:equals:\\\))"),
        (r"a\b", r"(A:equals:a\b)"),
        (r"a\\", r"(A:equals:a\\\\)"),
        ("' or '1'='1", "(A:equals:' or '1'='1)"),
        ("50%", "(A:equals:50%)"),
        ("line\nbreak", "(A:equals:line\nbreak)"),
        ("Zoë 東京 🚀", "(A:equals:Zoë 東京 🚀)"),
        ("a:b:c", "(A:equals:a:b:c)"),
    ];
    for (value, expected) in cases {
        assert_eq!(field("A").equals(value).to_string(), expected, "{value:?}");
    }
}

#[test]
fn criteria_operators_and_typed_values() {
    let date = Date::new(2024, 2, 1).unwrap_or_else(|| panic!("date"));
    let from = DateTime::new(date, 18, 52, 56, 0).unwrap_or_else(|| panic!("datetime"));
    let to = DateTime::new(date, 9, 5, 0, -330).unwrap_or_else(|| panic!("datetime"));
    let revenue: Decimal = "1500.25".parse().unwrap_or_else(|_| panic!("decimal"));
    let criteria = field("Created_Time")
        .between(from, to)
        .and(field("Annual_Revenue").greater_equal(revenue))
        .or(field("No_of_Employees").less_than(10))
        .and(field("Email_Opt_Out").not_equal(true));
    assert_eq!(
        criteria.to_string(),
        "((((Created_Time:between:2024-02-01T18:52:56+00:00,2024-02-01T09:05:00-05:30)\
         and(Annual_Revenue:greater_equal:1500.25))or(No_of_Employees:less_than:10))\
         and(Email_Opt_Out:not_equal:true))"
    );
    assert_eq!(criteria.conditions(), 4);
    let owners = field("Owner.id").in_([Id::from("554023000000235011"), Id::from("1,2")]);
    assert_eq!(
        owners.map(|c| c.to_string()),
        Ok(r"(Owner.id:in:554023000000235011,1\,2)".to_owned())
    );
    let names = field("Full_Name").in_(["Patricia", "Boyle", "Kate"]);
    assert_eq!(
        names.map(|c| c.to_string()),
        Ok("(Full_Name:in:Patricia,Boyle,Kate)".to_owned())
    );
    assert_eq!(
        field("Full_Name").in_(Vec::<&str>::new()),
        Err(QueryError::EmptyList {
            field: "Full_Name".into()
        })
    );
    let rest = [
        field("A").greater_than(1),
        field("A").less_equal(2u8),
        field("A").equals(Date::new(2024, 2, 29).unwrap_or_else(|| panic!("leap day"))),
    ];
    let rest: Vec<String> = rest.iter().map(ToString::to_string).collect();
    assert_eq!(
        rest,
        [
            "(A:greater_than:1)",
            "(A:less_equal:2)",
            "(A:equals:2024-02-29)"
        ]
    );
}

#[test]
fn typed_values_refuse_impossible_inputs() {
    assert_eq!(Date::new(2023, 2, 29), None);
    assert_eq!(Date::new(2024, 13, 1), None);
    assert_eq!(Date::new(10_000, 1, 1), None);
    let date = Date::new(2024, 1, 1).unwrap_or_else(|| panic!("date"));
    assert_eq!(DateTime::new(date, 24, 0, 0, 0), None);
    assert_eq!(DateTime::new(date, 0, 0, 0, 24 * 60), None);
    assert!("NaN".parse::<Decimal>().is_err());
    assert!("inf".parse::<Decimal>().is_err());
}

#[test]
fn names_with_syntax_are_refused() {
    for bad in [
        "",
        "Last Name",
        "Last_Name)or(",
        "Last_Name:equals",
        "Name'",
        "a;drop",
        "\"Name\"",
        "a..b",
        ".a",
        "a.",
        "1st",
        "Nämé",
        "a\nb",
        "a-b",
    ] {
        let expected = QueryError::InvalidName { name: bad.into() };
        assert_eq!(
            Criteria::field(bad).err().as_ref(),
            Some(&expected),
            "{bad:?}"
        );
        assert_eq!(
            Condition::field(bad).err().as_ref(),
            Some(&expected),
            "{bad:?}"
        );
        let query = Coql::select([bad])
            .from("Leads")
            .where_(coql_field("id").is_not_null())
            .build();
        assert_eq!(query.err().as_ref(), Some(&expected), "{bad:?}");
        let query = Coql::select(["id"])
            .from(bad)
            .where_(coql_field("id").is_not_null())
            .build();
        assert_eq!(query.err().as_ref(), Some(&expected), "{bad:?}");
    }
    let dotted = Coql::select(["id"])
        .from("Leads.Owner")
        .where_(coql_field("id").is_not_null())
        .build();
    assert!(matches!(dotted, Err(QueryError::InvalidName { .. })));
}

#[test]
fn coql_renders_the_documented_shapes() {
    let query = Coql::select(["Last_Name", "First_Name", "Full_Name"])
        .from("Contacts")
        .where_(
            coql_field("Last_Name")
                .eq("Boyle")
                .and(coql_field("First_Name").is_not_null()),
        )
        .limit(2)
        .build();
    assert_eq!(
        query.as_deref(),
        Ok("select Last_Name, First_Name, Full_Name from Contacts where (Last_Name = 'Boyle' and First_Name is not null) limit 2")
    );
    let date = |y, m, d| Date::new(y, m, d).unwrap_or_else(|| panic!("date"));
    let three = coql_field("First_Name")
        .eq("Kris")
        .and(coql_field("Lead_Source").eq("Trade Show"))
        .and(coql_field("Department").eq("Engineering"));
    let query = Coql::select(["Last_Name"])
        .from("Contacts")
        .where_(
            three
                .or(coql_field("Date_of_Birth").between(date(2022, 3, 4), date(2025, 7, 11)))
                .and(
                    coql_field("Days_Visited")
                        .not_in([1, 2])
                        .unwrap_or_else(|e| panic!("{e}")),
                ),
        )
        .order_by("Created_Time", Order::Desc)
        .order_by("Last_Name", Order::Asc)
        .limit(200)
        .offset(400)
        .build();
    assert_eq!(
        query.as_deref(),
        Ok("select Last_Name from Contacts where ((((First_Name = 'Kris' and Lead_Source = 'Trade Show') and Department = 'Engineering') or Date_of_Birth between '2022-03-04' and '2025-07-11') and Days_Visited not in (1, 2)) order by Created_Time desc, Last_Name asc limit 200 offset 400")
    );
    let conditions = [
        coql_field("A").ne(Id::from("554023000000235011")),
        coql_field("A").gt(1),
        coql_field("A").ge("0.5"
            .parse::<Decimal>()
            .unwrap_or_else(|_| panic!("decimal"))),
        coql_field("A").lt(-3i64),
        coql_field("A").le(date(2024, 1, 1)),
        coql_field("A").eq(true),
        coql_field("A").like("C%"),
        coql_field("A").not_like("%tech%"),
        coql_field("A").is_null(),
        coql_field("A").not_between(1, 9),
        coql_field("A")
            .in_(["x", "y"])
            .unwrap_or_else(|e| panic!("{e}")),
        coql_field("A")
            .starts_with("C")
            .unwrap_or_else(|e| panic!("{e}")),
        coql_field("A")
            .ends_with("tech")
            .unwrap_or_else(|e| panic!("{e}")),
        coql_field("A")
            .contains("te'ch")
            .unwrap_or_else(|e| panic!("{e}")),
        coql_field("A")
            .not_contains("tech")
            .unwrap_or_else(|e| panic!("{e}")),
    ];
    let rendered: Vec<String> = conditions
        .into_iter()
        .map(|c| {
            let query = Coql::select(["id"]).from("Leads").where_(c).build();
            query
                .unwrap_or_else(|e| panic!("{e}"))
                .trim_start_matches("select id from Leads where ")
                .to_owned()
        })
        .collect();
    assert_eq!(
        rendered,
        [
            "A != '554023000000235011'",
            "A > 1",
            "A >= 0.5",
            "A < -3",
            "A <= '2024-01-01'",
            "A = 'true'",
            "A like 'C%'",
            "A not like '%tech%'",
            "A is null",
            "A not between 1 and 9",
            "A in ('x', 'y')",
            "A like 'C%'",
            "A like '%tech'",
            r"A like '%te\'ch%'",
            "A not like '%tech%'",
        ]
    );
}

#[test]
fn coql_values_cannot_leave_their_quotes() {
    let cases = [
        ("' or '1'='1", r"'\' or \'1\'=\'1'"),
        (r"\", r"'\\'"),
        (r"\'", r"'\\\''"),
        (")or(", "')or('"),
        ("a,b", "'a,b'"),
        ("50%", "'50%'"),
        ("line\nbreak", "'line\nbreak'"),
        ("Zoë 東京", "'Zoë 東京'"),
    ];
    for (value, expected) in cases {
        let query = Coql::select(["id"])
            .from("Leads")
            .where_(coql_field("Last_Name").eq(value))
            .build();
        assert_eq!(
            query,
            Ok(format!("select id from Leads where Last_Name = {expected}")),
            "{value:?}"
        );
    }
    assert_eq!(
        coql_field("A").contains("50%"),
        Err(QueryError::WildcardInText { field: "A".into() })
    );
}

#[test]
fn coql_quotes_reserved_words_and_checks_the_query() {
    let query = Coql::select(["Order", "Account_Name.Limit", "Last_Name"])
        .from("Select")
        .where_(coql_field("From").eq(1))
        .order_by("order", Order::Asc)
        .build();
    assert_eq!(
        query.as_deref(),
        Ok("select 'Order', 'Account_Name.Limit', Last_Name from 'Select' where 'From' = 1 order by 'order' asc")
    );
    let base = || {
        Coql::select(["id"])
            .from("Leads")
            .where_(coql_field("id").is_not_null())
    };
    assert_eq!(
        Coql::select(["id"]).from("Leads").build(),
        Err(QueryError::MissingWhere)
    );
    assert_eq!(
        Coql::select(["id"])
            .where_(coql_field("id").is_null())
            .build(),
        Err(QueryError::MissingFrom)
    );
    assert_eq!(
        Coql::select(Vec::<String>::new()).from("Leads").build(),
        Err(QueryError::NoColumns)
    );
    assert_eq!(
        base().limit(201).build(),
        Err(QueryError::LimitExceeded {
            limit: 201,
            max: 200
        })
    );
    assert_eq!(
        base().limit(200).offset(9_800).build().as_deref(),
        Ok("select id from Leads where id is not null limit 200 offset 9800")
    );
    assert_eq!(
        base().limit(200).offset(9_801).build(),
        Err(QueryError::RecordsExceeded {
            offset: 9_801,
            limit: 200,
            max: 10_000
        })
    );
    assert_eq!(
        base().offset(u32::MAX).build(),
        Err(QueryError::RecordsExceeded {
            offset: u32::MAX,
            limit: 200,
            max: 10_000
        })
    );
    assert_eq!(
        base().offset(20).build().as_deref(),
        Ok("select id from Leads where id is not null limit 200 offset 20")
    );
    let many: Vec<String> = (0..51).map(|i| format!("F{i}")).collect();
    assert_eq!(
        Coql::select(many)
            .from("Leads")
            .where_(coql_field("id").is_null())
            .build(),
        Err(QueryError::TooManyColumns { count: 51, max: 50 })
    );
    let mut ordered = base();
    for i in 0..11 {
        ordered = ordered.order_by(format!("F{i}"), Order::Asc);
    }
    assert_eq!(
        ordered.build(),
        Err(QueryError::TooManyOrderFields { count: 11, max: 10 })
    );
    assert_eq!(
        Coql::select(["id", "id"])
            .from("Leads")
            .where_(coql_field("id").is_null())
            .build(),
        Err(QueryError::Duplicate { name: "id".into() })
    );
    assert_eq!(
        base()
            .order_by("Order", Order::Asc)
            .order_by("Order", Order::Desc)
            .build(),
        Err(QueryError::Duplicate {
            name: "Order".into()
        })
    );
}

#[test]
fn escapes_are_plain_functions() {
    assert_eq!(criteria_value(r"(\,)"), r"\(\\\,\)");
    assert_eq!(coql_string("it's"), r"'it\'s'");
}
