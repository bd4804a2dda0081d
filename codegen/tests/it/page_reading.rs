//! Reading doc pages in Zoho's text rendering: whole pages, pages of several endpoints, tails,
//! every crawl artefact, and broken pages, which get an error naming the section.
//!
//! The pages under `pages/` are written for these tests in the format of Zoho's pages.

use std::path::Path;

use serde_json::json;
use zohocrm_build::spec::HttpMethod;
use zohocrm_codegen::pages::lenient::RepairKind;
use zohocrm_codegen::pages::page::{
    self, DocError, Endpoint, Grant, Key, Listing, Need, Page, PageValue,
};

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str) -> Page {
    page::parse(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn key(name: &str, ty: Option<&str>, need: Need, values: &[&str], children: Vec<Key>) -> Key {
    Key {
        name: name.into(),
        ty: ty.map(Into::into),
        need,
        description: String::new(),
        values: values
            .iter()
            .map(|v| PageValue {
                value: (*v).into(),
                meaning: String::new(),
            })
            .collect(),
        children,
        line: 0,
    }
}

/// Keys without descriptions, meanings and lines, for comparing the structure.
fn shape(keys: &[Key]) -> Vec<Key> {
    keys.iter()
        .map(|k| Key {
            description: String::new(),
            values: k
                .values
                .iter()
                .map(|v| PageValue {
                    value: v.value.clone(),
                    meaning: String::new(),
                })
                .collect(),
            children: shape(&k.children),
            line: 0,
            ..k.clone()
        })
        .collect()
}

fn errors(list: &Listing<DocError>) -> Vec<(String, u16, String, String)> {
    list.items()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e.code.clone(),
                e.status,
                e.message.clone(),
                e.resolution.clone(),
            )
        })
        .collect()
}

fn owned(list: &[(&str, u16, &str, &str)]) -> Vec<(String, u16, String, String)> {
    list.iter()
        .map(|(c, s, m, r)| (c.to_string(), *s, m.to_string(), r.to_string()))
        .collect()
}

#[test]
fn a_whole_page() {
    let page = parse("create-widget.txt");
    assert_eq!(page.title.as_deref(), Some("Create Widget"));
    assert_eq!(
        page.purpose.as_deref(),
        Some("To add a widget to your organization.")
    );
    assert_eq!(
        page.doc_url.as_deref(),
        Some("https://example.com/docs/v7/create-widget.html")
    );
    assert!(!page.partial);
    assert_eq!(
        page.endpoints,
        vec![Endpoint {
            method: HttpMethod::POST,
            path: "/settings/widgets".into()
        }]
    );
    let scope = page.scope.clone().unwrap();
    assert_eq!(
        scope.grants,
        vec![Grant {
            name: "ZohoCRM.settings.widgets".into(),
            operation_types: vec!["ALL".into(), "CREATE".into()]
        }]
    );
    assert_eq!(
        scope.descriptions,
        vec![
            ("ALL".to_string(), "Full access to widgets".to_string()),
            ("CREATE".to_string(), "Create widgets".to_string())
        ]
    );
    assert_eq!(page.params, Listing::Whole(Vec::new()));
    let keys = page.keys.items().unwrap();
    assert_eq!(
        shape(keys),
        vec![
            key("name", Some("string"), Need::Mandatory, &[], vec![]),
            key("parent_id", Some("string"), Need::Optional, &[], vec![]),
            key(
                "color",
                Some("string"),
                Need::Optional,
                &["red", "blue"],
                vec![]
            ),
            key(
                "visible",
                Some("boolean"),
                Need::Optional,
                &["true", "false"],
                vec![]
            ),
            key(
                "size",
                Some("JSON Object"),
                Need::Optional,
                &[],
                vec![
                    key("width", Some("integer"), Need::Mandatory, &[], vec![]),
                    key("height", Some("integer"), Need::Optional, &[], vec![]),
                ]
            ),
        ]
    );
    assert_eq!(
        keys[0].description,
        "The display name of the widget. Refer to the Widgets API."
    );
    assert_eq!(
        keys[3].values[1].meaning,
        "The widget is hidden. This is the default value."
    );
    assert_eq!(keys[4].children[0].description, "The width in pixels.");
    assert_eq!(
        errors(&page.errors),
        owned(&[
            (
                "DUPLICATE_DATA",
                400,
                "Widget name already exists",
                "Give a name that no other widget uses."
            ),
            (
                "INVALID_DATA",
                400,
                "The parent_id is invalid",
                "Refer to the \"details\" key in the response."
            ),
            (
                "INVALID_DATA",
                400,
                "The color is invalid",
                "Refer to the \"details\" key in the response."
            ),
            (
                "NO_PERMISSION",
                403,
                "Permission denied to create",
                "Contact your system administrator."
            ),
        ])
    );
    let inputs = page.sample_inputs.items().unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(
        inputs[0].value,
        json!({"widgets": [{"name": "Dial", "parent_id": "4150868000000225013", "color": "red",
            "visible": true, "size": {"width": 10}}]})
    );
    assert!(inputs[0].text.starts_with("{\n    \"widgets\": [\n"));
    assert!(!inputs[0].text.contains('\\'));
    let responses = page.sample_responses.items().unwrap();
    assert_eq!(
        responses[0].value,
        json!({"widgets": [{"code": "SUCCESS", "details": {"id": "5843104000002870001"},
            "message": "Widget added", "status": "success"}]})
    );
}

#[test]
fn a_page_of_two_endpoints_with_crawl_artefacts() {
    let page = parse("get-widgets.txt");
    assert_eq!(page.title.as_deref(), Some("Get Widgets"));
    assert_eq!(
        page.endpoints,
        vec![
            Endpoint {
                method: HttpMethod::GET,
                path: "/settings/widgets".into()
            },
            Endpoint {
                method: HttpMethod::GET,
                path: "/settings/widgets/{widgetid}".into()
            },
        ]
    );
    assert_eq!(
        page.scope.unwrap().grants,
        vec![Grant {
            name: "ZohoCRM.settings.widgets".into(),
            operation_types: vec!["ALL".into(), "READ".into()]
        }]
    );
    let params = page.params.items().unwrap();
    assert_eq!(
        shape(params),
        vec![
            key(
                "type",
                Some("string"),
                Need::Optional,
                &["AllWidgets", "HiddenWidgets"],
                vec![]
            ),
            key("page", Some("integer"), Need::Optional, &[], vec![]),
            key("per_page", Some("integer"), Need::Unstated, &[], vec![]),
        ]
    );
    assert_eq!(params[0].values[0].meaning, "Every widget.");
    assert_eq!(page.keys, Listing::Whole(Vec::new()));
    assert_eq!(
        errors(&page.errors),
        owned(&[
            (
                "NO_CONTENT",
                204,
                "There are no widgets.",
                "Create a widget first."
            ),
            (
                "INVALID_DATA",
                400,
                "The widget ID is invalid.",
                "Use the ID of an existing widget."
            ),
            (
                "INVALID_DATA",
                400,
                "The type is invalid",
                "Use one of the types above."
            ),
        ])
    );
    assert_eq!(page.sample_inputs, Listing::Whole(Vec::new()));
    let responses = page.sample_responses.items().unwrap();
    assert_eq!(
        responses[0].value,
        json!({"widgets": [{"name": "Dial", "id": "5843104000002870001"},
            {"name": "Knob", "id": "5843104000002870002"}],
            "info": {"per_page": 200, "count": 2, "page": 1, "more_records": false}})
    );
}

#[test]
fn the_tail_of_a_page() {
    let page = parse("update-widget-tail.txt");
    assert!(page.partial);
    assert_eq!(page.title, None);
    assert!(page.endpoints.is_empty());
    assert_eq!(
        page.doc_url.as_deref(),
        Some("https://example.com/docs/v7/update-widget.html")
    );
    assert_eq!(page.scope, None);
    assert_eq!(page.params, Listing::Unknown);
    assert_eq!(page.keys, Listing::Unknown);
    assert_eq!(page.sample_inputs, Listing::Unknown);
    assert_eq!(
        errors(&page.errors),
        owned(&[
            (
                "INVALID_DATA",
                400,
                "The widget ID is invalid.",
                "Use the ID of an existing widget."
            ),
            (
                "NOT_ALLOWED",
                400,
                "The widget is locked.",
                "Unlock it first."
            ),
            (
                "NOT_ALLOWED",
                400,
                "The widget belongs to another org",
                "Unlock it first."
            ),
        ])
    );
    assert_eq!(page.sample_responses.items().unwrap().len(), 1);
}

#[test]
fn a_tail_that_starts_in_the_request_keys() {
    let page = parse("keys-tail.txt");
    assert!(page.partial);
    let Listing::Partial(keys) = &page.keys else {
        panic!("expected part of the keys, got {:?}", page.keys);
    };
    assert_eq!(
        shape(keys),
        vec![
            key("label", Some("string"), Need::Optional, &[], vec![]),
            key(
                "tags",
                Some("JSON Array"),
                Need::Conditional("Mandatory if no label is given".into()),
                &[],
                vec![]
            ),
        ]
    );
    assert_eq!(page.errors, Listing::Unknown);
    assert_eq!(page.sample_responses, Listing::Unknown);
    assert_eq!(
        page.sample_inputs.items().unwrap()[0].value,
        json!({"widgets": [{"label": "Big", "tags": ["a"]}]})
    );
}

#[test]
fn broken_pages_name_the_section() {
    let cases = [
        ("broken-json.txt", "line 13: Sample Response: the JSON sample does not parse: expected `:` at line 4 column 20"),
        ("broken-errors.txt", "line 9: Possible Errors: expected an error line such as `- CODE HTTP 400`, found `Errors are listed below.`"),
        ("broken-error-message.txt", "line 9: Possible Errors: error INVALID_DATA has no message"),
        ("broken-scope.txt", "line 9: Scope: the scope ends in {operation_type} but the page lists no operation types"),
        ("broken-fence.txt", "line 9: Sample Response: a ``` fence is not closed"),
        ("not-a-page.txt", "line 1: page: no section heading such as `#### Request URL` or `#### Possible Errors`: not a doc page"),
    ];
    for (name, expected) in cases {
        match page::parse(&read(name)) {
            Ok(page) => panic!("{name}: read as {page:?}"),
            Err(e) => assert_eq!(e.to_string(), expected, "{name}"),
        }
    }
}

#[test]
fn any_head_or_tail_of_a_page_reads_without_panicking() {
    let names = [
        "create-widget.txt",
        "get-widgets.txt",
        "update-widget-tail.txt",
        "keys-tail.txt",
        "broken-json.txt",
        "broken-errors.txt",
        "records-coql.txt",
    ];
    for name in names {
        let text = read(name);
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..=lines.len() {
            let _ = page::parse(&lines[cut..].join("\n"));
            let _ = page::parse(&lines[..cut].join("\n"));
        }
        for cut in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
            let _ = page::parse(&text[cut..]);
        }
        for i in 0..lines.len() {
            for odd in ["- ééjson", "- **é", "- Xé_HTTP 4é", "``` json", "é\\"] {
                let mut changed = lines.clone();
                let line = format!("{odd}{}", lines[i]);
                changed[i] = &line;
                let _ = page::parse(&changed.join("\n"));
            }
        }
    }
}

#[test]
fn underscores_and_other_escapes_are_unescaped() {
    assert_eq!(page::unescape(r"reporting\_to"), "reporting_to");
    assert_eq!(page::unescape(r"\[ \] \| \ ; \`"), r"[ ] | \ ; `");
    assert_eq!(
        page::normalize_path("settings/widgets/{id}?ids={{ids}}"),
        "/settings/widgets/{id}"
    );
    assert_eq!(
        page::normalize_path("{api-domain}/crm/{version}/users/"),
        "/users"
    );
}

// Samples that are not strict JSON: excerpts of Zoho's record pages (`records-*.txt`), read as
// a person would, with every repair recorded where it was made.

fn kinds(sample: &page::Sample) -> Vec<(RepairKind, usize)> {
    sample.repairs.iter().map(|r| (r.kind, r.line)).collect()
}

#[test]
fn samples_that_are_not_strict_json_are_read_leniently() {
    use RepairKind::*;
    let coql = parse("records-coql.txt");
    let input = &coql.sample_inputs.items().unwrap()[0];
    assert_eq!(
        input.value,
        json!({"select_query": "select Last_Name, First_Name, Full_Name, Email_Opt_Out from Contacts where Email_Opt_Out = 'true' limit 2"})
    );
    assert_eq!(
        kinds(input),
        [
            (LineBreakInString, 13),
            (LineBreakInString, 14),
            (LineBreakInString, 15)
        ]
    );
    let response = &coql.sample_responses.items().unwrap()[0];
    assert_eq!(response.value["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        response.value["info"],
        json!({"count": 170, "more_records": false})
    );
    assert_eq!(
        kinds(response),
        [
            (TrailingComma, 39),
            (Elision, 40),
            (Elision, 41),
            (Elision, 42)
        ]
    );

    let get = parse("records-get.txt");
    let response = &get.sample_responses.items().unwrap()[0];
    let record = &response.value["data"][0];
    assert_eq!(record["First_Name"], "Jason");
    assert_eq!(record["Languages_Known"][0]["Proficiency"], "Professional");
    assert_eq!(
        record["$has_more"],
        json!({"Associated_Deal": false, "Languages_Known": false})
    );
    assert_eq!(
        kinds(response),
        [
            (Elision, 24),
            (Elision, 25),
            (Elision, 26),
            (Comment, 27),
            (Elision, 48),
            (Comment, 50),
            (Comment, 51)
        ]
    );

    let insert = parse("records-insert.txt");
    let input = &insert.sample_inputs.items().unwrap()[0];
    assert_eq!(input.value["data"][1]["Company"], "ABC");
    assert_eq!(input.value["data"][1]["Last_Name"], "Dolan");
    assert_eq!(kinds(input), [(MissingComma, 30)]);

    let tags = parse("records-tags.txt");
    let response = &tags.sample_responses.items().unwrap()[0];
    assert_eq!(response.value["tags"][0]["color_code"], "#57B1FD");
    assert_eq!(kinds(response), [(TypographicQuotes, 27)]);

    // The text kept is the repaired JSON, strict now, with the same value.
    for page in [&coql, &get, &insert, &tags] {
        let samples = page.sample_inputs.items().unwrap().iter();
        for sample in samples.chain(page.sample_responses.items().unwrap()) {
            let reread: serde_json::Value = serde_json::from_str(&sample.text).unwrap();
            assert_eq!(reread, sample.value);
        }
    }
}

#[test]
fn strict_samples_are_not_repaired_and_pages_say_nothing() {
    for name in [
        "create-widget.txt",
        "get-widgets.txt",
        "update-widget-tail.txt",
    ] {
        let page = parse(name);
        let samples = page.sample_inputs.items().unwrap_or_default().iter();
        for sample in samples.chain(page.sample_responses.items().unwrap_or_default()) {
            assert!(sample.repairs.is_empty(), "{name}: {:?}", sample.repairs);
        }
        assert!(page.lenient_notes(name).is_empty());
    }
    assert_eq!(
        parse("records-get.txt").lenient_notes("records-get.txt"),
        ["records-get.txt:12: Sample Response: read leniently: removed 3 comments (lines 27, 50, 51), removed 4 elision markers (lines 24, 25, 26, 48)"]
    );
}
