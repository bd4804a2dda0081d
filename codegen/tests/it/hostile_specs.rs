//! Hostile specs generated in the test, beside the committed corpus under `bad_specs/`:
//!
//! - every value of a valid spec replaced by a value of each other JSON type, and an unknown key
//!   added to every object: refused (where the format fixes the type) with a diagnostic at the
//!   changed value or the added key, never a panic;
//! - huge files (megabytes, thousands of types) and deep nesting (past serde_json's recursion
//!   limit of 128): a model or diagnostics in bounded time, no stack overflow.
//!
//! Each test prints how many inputs it tried; RELIABILITY.md sums them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const API: &[u8] = include_bytes!("../bad_specs/_base/api.json");
const THINGS: &str = include_str!("../hostile_specs/things.json");

fn load(things: &[u8]) -> Result<zohocrm_build::model::Api, zohocrm_build::Errors> {
    zohocrm_build::load_files(&[
        ("spec/api.json", API.to_vec()),
        ("spec/things.json", things.to_vec()),
    ])
}

fn template() -> Value {
    serde_json::from_str(THINGS).unwrap()
}

/// Every JSON pointer in `value` (the root excluded), parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        _ => {}
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether the spec format lets `pointer` hold any JSON: samples and default values.
fn holds_any_json(pointer: &str) -> bool {
    pointer.contains("/sample_input") && !pointer.ends_with("/sample_input")
        || pointer.contains("/sample_response") && !pointer.ends_with("/sample_response")
        || pointer.ends_with("/default")
}

/// Keys whose absence is allowed, so `null` (serde's `None`) is accepted as absence.
fn optional(pointer: &str) -> bool {
    const OPTIONAL: &[&str] = &[
        "/$schema",
        "/request",
        "/max_items",
        "/trigger",
        "/minimum",
        "/maximum",
        "/default",
        "/sample_input",
        "/sample_response",
        "/family",
        "/api",
        "/max_length",
        "/forbidden_chars",
        "/references",
    ];
    OPTIONAL.iter().any(|k| pointer.ends_with(k))
}

/// Whether a diagnostic at `reported` is at the changed value `changed`, the entry that holds it,
/// or inside it.
fn related(reported: &str, changed: &str) -> bool {
    let prefix = |a: &str, b: &str| b == a || b.starts_with(&format!("{a}/"));
    let top_level = changed.matches('/').count() == 1;
    (reported.is_empty() && top_level)
        || (!reported.is_empty() && (prefix(reported, changed) || prefix(changed, reported)))
}

#[test]
fn the_template_is_a_valid_spec() {
    let api = load(THINGS.as_bytes()).unwrap();
    assert!(!zohocrm_build::emit::emit(
        &api,
        zohocrm_build::Options::default()
            .format(true)
            .test_files(true)
    )
    .is_empty());
}

#[test]
fn every_value_of_the_wrong_type_is_refused_at_its_place() {
    let template = template();
    let mut all = Vec::new();
    pointers(&template, String::new(), &mut all);
    let replacements = [
        json!(null),
        json!(true),
        json!(7),
        json!(-1.5),
        json!("text"),
        json!([]),
        json!([1, "x"]),
        json!({}),
        json!({"zz": 1}),
    ];
    let (mut tried, mut refused, mut exact) = (0, 0, 0);
    let mut failures = Vec::new();
    for pointer in &all {
        let original = template.pointer(pointer).unwrap();
        for replacement in &replacements {
            if kind(replacement) == kind(original) || holds_any_json(pointer) {
                continue;
            }
            let mut spec = template.clone();
            *spec.pointer_mut(pointer).unwrap() = replacement.clone();
            let text = serde_json::to_vec_pretty(&spec).unwrap();
            tried += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| load(&text)));
            let what = format!("{pointer} = {replacement}");
            match outcome {
                Err(_) => failures.push(format!("{what}: PANIC")),
                Ok(Ok(_)) if replacement.is_null() && optional(pointer) => {}
                Ok(Ok(_)) => failures.push(format!("{what}: accepted")),
                Ok(Err(errors)) => {
                    refused += 1;
                    let d = errors.diagnostics();
                    if d.iter().any(|d| d.pointer == *pointer) {
                        exact += 1;
                    } else if !(replacement.is_null() && optional(pointer)) {
                        failures.push(format!("{what}: not reported at the value:\n{errors}"));
                    }
                    if !d.iter().any(|d| related(&d.pointer, pointer)) {
                        failures.push(format!("{what}: reported elsewhere:\n{errors}"));
                    }
                    if d.iter()
                        .any(|d| d.file != "spec/things.json" || d.line == 0)
                    {
                        failures.push(format!("{what}: wrong file or line:\n{errors}"));
                    }
                }
            }
        }
    }
    println!(
        "wrong types: {tried} mutations of {} values, {refused} refused ({exact} pointing exactly at the changed value), {} failures",
        all.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unknown_key_is_refused_in_every_object() {
    let template = template();
    let mut all = vec![String::new()];
    pointers(&template, String::new(), &mut all);
    let mut tried = 0;
    let mut failures = Vec::new();
    let mut lenient = Vec::new();
    for pointer in all {
        // `types` and `operations` are keyed by name: a new key is a new entry, not unknown.
        let named_entries = pointer == "/types" || pointer == "/operations";
        if !template.pointer(&pointer).unwrap().is_object() || named_entries {
            continue;
        }
        let mut spec = template.clone();
        let target = spec.pointer_mut(&pointer).unwrap().as_object_mut().unwrap();
        // A key that is not in any part of the format (nor in a sample's type).
        target.insert("zz_unknown".into(), json!("?"));
        let text = serde_json::to_vec_pretty(&spec).unwrap();
        tried += 1;
        let expected_at = format!("{pointer}/zz_unknown");
        match catch_unwind(AssertUnwindSafe(|| load(&text))) {
            Err(_) => failures.push(format!("{pointer}: PANIC")),
            // Sample envelopes and action results are read as leniently as the client reads
            // responses; records and request items in samples are strict.
            Ok(Ok(_)) if pointer.contains("/sample_") => lenient.push(pointer),
            Ok(Ok(_)) => failures.push(format!("{pointer}: an unknown key was accepted")),
            Ok(Err(errors)) => {
                let named = errors
                    .diagnostics()
                    .iter()
                    .any(|d| d.message.contains("zz_unknown") && d.pointer == expected_at);
                if !named {
                    failures.push(format!("{pointer}: not named:\n{errors}"));
                }
            }
        }
    }
    println!(
        "unknown keys: {tried} objects, {} accepted in sample envelopes ({lenient:?}), {} failures",
        lenient.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn removing_any_key_never_panics() {
    let template = template();
    let mut all = Vec::new();
    pointers(&template, String::new(), &mut all);
    let (mut tried, mut accepted) = (0, 0);
    for pointer in &all {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let mut spec = template.clone();
        match spec.pointer_mut(parent).unwrap() {
            Value::Object(map) => {
                map.remove(key);
            }
            Value::Array(items) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            _ => unreachable!(),
        }
        tried += 1;
        let text = serde_json::to_vec_pretty(&spec).unwrap();
        match catch_unwind(AssertUnwindSafe(|| load(&text))) {
            Err(_) => panic!("removing {pointer} panicked"),
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(errors)) => assert!(
                errors
                    .diagnostics()
                    .iter()
                    .all(|d| d.line >= 1 && d.column >= 1),
                "{errors}"
            ),
        }
    }
    println!(
        "removed keys: {tried} removals, {accepted} accepted (optional keys and list entries)"
    );
}

/// A spec with `n` object types, and an unknown key at the end.
fn spec_with_types(n: usize, pretty: bool, error_at_end: bool) -> Vec<u8> {
    let mut spec = template();
    let types = spec["types"].as_object_mut().unwrap();
    for i in 0..n {
        types.insert(
            format!("Extra{i}"),
            json!({"kind": "object", "description": "An extra type.", "fields": [
                {"name": "a", "type": "string", "description": "a"},
                {"name": "b", "type": "list<integer>", "description": "b"},
            ]}),
        );
    }
    if error_at_end {
        spec["zz_last"] = json!(true);
    }
    if pretty {
        serde_json::to_vec_pretty(&spec).unwrap()
    } else {
        serde_json::to_vec(&spec).unwrap()
    }
}

#[test]
fn huge_files_load_in_bounded_time_with_exact_positions() {
    // 5 MB, 16,000 types: accepted.
    let huge = spec_with_types(16_000, true, false);
    assert!(huge.len() > 5_000_000, "{}", huge.len());
    let started = Instant::now();
    let api = load(&huge).unwrap();
    assert!(api.types.len() > 16_000);
    let took_valid = started.elapsed();

    // The same with an error at its last line: reported there.
    let bad = spec_with_types(16_000, true, true);
    let started = Instant::now();
    let errors = load(&bad).unwrap_err();
    let took_invalid = started.elapsed();
    let lines = bad.iter().filter(|&&b| b == b'\n').count() + 1;
    let d = &errors.diagnostics()[0];
    assert_eq!(errors.diagnostics().len(), 1, "{errors}");
    assert_eq!(
        (d.pointer.as_str(), d.line),
        ("/zz_last", lines - 1),
        "{errors}"
    );

    // A 20 MB string value.
    let mut spec = template();
    spec["family"]["description"] = json!("d".repeat(20 << 20));
    let text = serde_json::to_vec_pretty(&spec).unwrap();
    let started = Instant::now();
    load(&text).unwrap();
    let took_string = started.elapsed();

    // A 5 MB file of whitespace, and one of 5 MB of `[`.
    let started = Instant::now();
    let blank = vec![b' '; 5 << 20];
    assert!(load(&blank)
        .unwrap_err()
        .to_string()
        .contains("the file is empty"));
    let brackets = vec![b'['; 5 << 20];
    assert!(load(&brackets)
        .unwrap_err()
        .to_string()
        .contains("nested more than 127 levels deep"));
    let took_junk = started.elapsed();

    println!(
        "huge files: 5 inputs; {:.1} MB valid in {took_valid:?}, with an error in {took_invalid:?}, a 20 MB string in {took_string:?}, 10 MB of junk in {took_junk:?}",
        huge.len() as f64 / 1e6
    );
    for took in [took_valid, took_invalid, took_string, took_junk] {
        assert!(took < Duration::from_secs(20), "{took:?}");
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let mut tried = 0;
    // Nested arrays and objects far past serde_json's limit of 128, at the top and inside a
    // sample (where the checker walks values): valid JSON, refused for its depth.
    for depth in [129, 1_000, 100_000, 1_000_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            let mut spec = THINGS.replacen(
                "\"sample_input\": {",
                &format!("\"sample_input\": {{\"deep\": {nested},"),
                1,
            );
            for text in [nested.clone(), std::mem::take(&mut spec)] {
                tried += 1;
                let errors = load(text.as_bytes()).unwrap_err().to_string();
                assert!(
                    errors.contains("nested more than 127 levels deep")
                        && !errors.contains("invalid JSON"),
                    "{errors}"
                );
            }
        }
    }
    // Nesting just inside the limit reaches the position index and the sample checker.
    let mut sample = json!("Box");
    for _ in 0..115 {
        sample = json!([sample]);
    }
    let mut spec = template();
    spec["operations"]["create_thing"]["sample_input"]["things"][0]["name"] = sample;
    let text = serde_json::to_vec_pretty(&spec).unwrap();
    tried += 1;
    let errors = load(&text).unwrap_err();
    assert!(
        errors.to_string().contains("`name` should be a string"),
        "{errors}"
    );
    // Realistic nesting of type expressions loads and emits.
    let mut spec = template();
    spec["types"]["NewThing"]["fields"][2]["type"] =
        json!(format!("{}string{}", "list<".repeat(8), ">".repeat(8)));
    let text = serde_json::to_vec_pretty(&spec).unwrap();
    tried += 1;
    let api = load(&text).unwrap();
    zohocrm_build::emit::emit(
        &api,
        zohocrm_build::Options::default()
            .format(true)
            .test_files(true),
    );
    println!("deep nesting: {tried} inputs");
}

/// What `cargo build` runs (`build.rs` calls `Config::generate` on `spec/`): every corpus case
/// that the loader refuses fails generation with the same diagnostics and writes no file.
#[test]
fn every_refused_corpus_case_fails_the_build_path_without_writing() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let scratch =
        std::env::temp_dir().join(format!("zohocrm-hostile-build-{}", std::process::id()));
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    let mut tried = 0;
    for case in &cases {
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        if expected.trim() == "the spec was accepted" {
            continue;
        }
        let spec = scratch.join("spec");
        let out = scratch.join("out");
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&spec).unwrap();
        std::fs::copy(corpus.join("_base/api.json"), spec.join("api.json")).unwrap();
        for file in std::fs::read_dir(case).unwrap().map(|e| e.unwrap().path()) {
            if file.extension().is_some_and(|e| e == "json") {
                std::fs::copy(&file, spec.join(file.file_name().unwrap())).unwrap();
            }
        }
        tried += 1;
        let result = zohocrm_build::Config::new(&spec).out_dir(&out).generate();
        let Err(zohocrm_build::Error::Spec(errors)) = result else {
            panic!("{}: {result:?}", case.display())
        };
        // The same text as the corpus expects, with the folder's name for `spec`.
        let prefix = format!("{}/", spec.display());
        let text = format!("{errors}\n").replace(&prefix, "spec/");
        assert_eq!(text, expected, "{}", case.display());
        assert!(!out.exists(), "{}: files were written", case.display());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("build path: {tried} corpus cases fail generation as they fail loading");
    assert!(tried >= 70);
}

// ---------------------------------------------------------------------------------------------
// Findings in codegen/src (RELIABILITY.md), one test each.

/// FINDING 4: `Positions::index` (codegen/src/locate.rs) computes each value's column by
/// counting the characters from the start of its line, so a file on one line (minified JSON)
/// takes quadratic time: 0.6 MB takes about 4 s in a debug build (the profile build scripts
/// use), 5 MB would take minutes.
#[test]
fn a_minified_file_loads_in_linear_time() {
    let small = spec_with_types(1_000, false, true);
    let large = spec_with_types(4_000, false, true);
    let time = |bytes: &[u8]| {
        let started = Instant::now();
        load(bytes).unwrap_err();
        started.elapsed()
    };
    let (t_small, t_large) = (time(&small), time(&large));
    assert!(
        t_large < t_small * 8,
        "{} bytes in {t_small:?}, {} bytes in {t_large:?}",
        small.len(),
        large.len()
    );
}

/// FINDING 5: type expressions may nest `list<…>` without limit. `Ty::parse`
/// (codegen/src/model.rs) recurses once per level and overflows the stack (an abort, not a
/// panic) at about 8,000 levels on a 2 MB thread; the emitter overflows already at 64 levels on
/// a 2 MB thread and about 500 on the 8 MB main thread a build script runs on. A one-line
/// `"type": "list<list<…>>"` of a few kilobytes therefore crashes `cargo build`.
#[test]
fn deeply_nested_type_expressions_are_refused() {
    let mut spec = template();
    spec["types"]["NewThing"]["fields"][2]["type"] =
        json!(format!("{}string{}", "list<".repeat(200), ">".repeat(200)));
    let text = serde_json::to_vec_pretty(&spec).unwrap();
    assert!(load(&text).is_err(), "200 levels of list<> were accepted");
}

/// FINDING 6: a key repeated in a JSON object was dropped by the parser (the last one won); now
/// every repeat is refused at its place, together with the file's other problems.
#[test]
fn duplicate_keys_are_refused() {
    let text = THINGS
        .replacen(
            "\"title\": \"Get Thing\",",
            "\"title\": \"Get Thing\",\n      \"title\": \"Another\",",
            1,
        )
        .replacen(
            "\"method\": \"POST\",",
            "\"method\": \"POST\", \"method\": \"PUT\",",
            1,
        );
    let errors = load(text.as_bytes()).expect_err("duplicate keys were accepted");
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let found: Vec<(&str, usize, usize, &str)> = errors
        .diagnostics()
        .iter()
        .map(|d| (d.pointer.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    let title = line_of("\"title\": \"Another\"");
    let method = line_of("\"method\": \"PUT\"");
    assert_eq!(
        found,
        [
            (
                "/operations/create_thing/method",
                method,
                25,
                "duplicate key `method`: the first is at column 7"
            ),
            (
                "/operations/get_thing/title",
                title,
                7,
                &*format!("duplicate key `title`: the first is at line {}", title - 1)
            ),
        ],
        "{errors}"
    );
}

/// FINDING 7: an object of the format was also read from a JSON array, by position (serde's
/// default for structs); now an array is refused wherever the format has an object.
#[test]
fn arrays_are_never_read_as_objects() {
    let cases = [
        (
            "/operations/get_thing/scope",
            json!(["ZohoCRM.things", [["READ", "Read."]]]),
        ),
        ("/types/NewThing/fields/0/constraints", json!([])),
        (
            "/operations/get_thing/response",
            json!(["records", 200, "things", "Thing"]),
        ),
        ("/family", json!(["things", "Things", "Things."])),
    ];
    for (pointer, array) in cases {
        let mut spec = template();
        *spec.pointer_mut(pointer).unwrap() = array;
        let errors = load(&serde_json::to_vec_pretty(&spec).unwrap()).unwrap_err();
        let d = errors.diagnostics();
        assert_eq!(d.len(), 1, "{errors}");
        assert_eq!(
            (d[0].pointer.as_str(), d[0].message.as_str()),
            (pointer, "expected a JSON object, found an array"),
            "{errors}"
        );
    }
    let errors = load(b"[{\"family\": {}}]").unwrap_err();
    assert_eq!(
        errors.to_string(),
        "spec/things.json:1:1: a spec file is a JSON object, found an array\n1 problem found in the spec"
    );
}
