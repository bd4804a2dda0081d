//! `drift` and `render`: a page rendered from the spec reads back with no drift, for every
//! endpoint; each kind of single change to a page is reported as exactly that change; and the
//! command's output, exit codes, acknowledged deviations and `--fix` on the fixture spec under
//! `spec/` with the pages under `pages/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use zohocrm_build::spec::{ErrorDef, FieldDef, OperationType, Param, TypeDef};
use zohocrm_codegen::pages::drift::{self, Difference, Kind, SpecFiles};
use zohocrm_codegen::pages::page;
use zohocrm_codegen::pages::render::render;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn real_spec() -> SpecFiles {
    SpecFiles::read(&manifest().join("../spec")).unwrap()
}

fn op_names(spec: &SpecFiles) -> Vec<String> {
    spec.operations().map(|(_, n, _)| n.to_owned()).collect()
}

/// The differences between the page rendered for `name` from `changed` and `name` in `spec`.
fn drift_of(changed: &SpecFiles, spec: &SpecFiles, name: &str) -> Vec<Difference> {
    let text = render(changed, name).unwrap();
    let page = page::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
    drift::differences(&page, spec.operation(name).unwrap(), &[], spec)
}

#[test]
fn every_rendered_endpoint_reads_back_without_drift() {
    let spec = real_spec();
    let names = op_names(&spec);
    assert_eq!(names.len(), 61);
    for name in &names {
        let text = render(&spec, name).unwrap();
        let page = page::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = drift::compare(name, &page, &spec).unwrap();
        assert_eq!(report.operations, vec![name.clone()]);
        assert_eq!(report.findings, vec![], "{name}");
    }
}

fn op_mut<'s>(spec: &'s mut SpecFiles, name: &str) -> &'s mut zohocrm_build::spec::Operation {
    spec.files
        .iter_mut()
        .find_map(|f| f.spec.operations.get_mut(name))
        .unwrap()
}

fn fields_mut<'s>(spec: &'s mut SpecFiles, ty: &str) -> &'s mut Vec<FieldDef> {
    match spec
        .files
        .iter_mut()
        .find_map(|f| f.spec.types.get_mut(ty))
        .unwrap()
    {
        TypeDef::Object { fields, .. } => fields,
        TypeDef::Enum { .. } => panic!("{ty} is an enum"),
    }
}

fn one(kind: Kind, noun: &str, name: &str, page: &str, spec: &str) -> Vec<Difference> {
    vec![Difference {
        kind,
        noun: noun.into(),
        name: name.into(),
        page: page.into(),
        spec: spec.into(),
    }]
}

fn check(
    spec: &SpecFiles,
    name: &str,
    what: &str,
    change: impl FnOnce(&mut SpecFiles),
    expected: Vec<Difference>,
) -> usize {
    let mut changed = spec.clone();
    change(&mut changed);
    assert_eq!(drift_of(&changed, spec, name), expected, "{name}: {what}");
    1
}

#[test]
fn each_single_change_is_reported_as_exactly_that_change() {
    let spec = real_spec();
    let mut checked = 0;
    for name in op_names(&spec) {
        let op = spec.operation(&name).unwrap().clone();
        let scope = op.scope.name.clone();
        let mut types: Vec<String> = op
            .scope
            .operation_types
            .iter()
            .map(|t| t.name.clone())
            .collect();
        let (before, after) = (types.join("/"), {
            types.push("PATCH".into());
            types.join("/")
        });
        let extra: String = op
            .additional_scopes
            .iter()
            .map(|s| {
                let t: Vec<&str> = s.operation_types.iter().map(|t| t.name.as_str()).collect();
                format!(" and {}.{}", s.name, t.join("/"))
            })
            .collect();
        checked += check(
            &spec,
            &name,
            "scope",
            |s| {
                op_mut(s, &name).scope.operation_types.push(OperationType {
                    name: "PATCH".into(),
                    description: "Patching.".into(),
                })
            },
            one(
                Kind::ScopeChanged,
                "scope",
                "",
                &format!("{scope}.{after}{extra}"),
                &format!("{scope}.{before}{extra}"),
            ),
        );
        checked += check(
            &spec,
            &name,
            "error added",
            |s| {
                op_mut(s, &name).errors.push(ErrorDef {
                    code: "NEW_CODE".into(),
                    status: 418,
                    message: "A new error".into(),
                    resolution: "None.".into(),
                    trigger: None,
                })
            },
            one(
                Kind::ErrorAdded,
                "error",
                "NEW_CODE \"A new error\"",
                "HTTP 418",
                "absent",
            ),
        );
        if let Some(first) = op.errors.first() {
            let named = format!("{} {:?}", first.code, first.message);
            checked += check(
                &spec,
                &name,
                "error removed",
                |s| {
                    op_mut(s, &name).errors.remove(0);
                },
                one(
                    Kind::ErrorRemoved,
                    "error",
                    &named,
                    "absent",
                    &format!("HTTP {}", first.status),
                ),
            );
            checked += check(
                &spec,
                &name,
                "status changed",
                |s| op_mut(s, &name).errors[0].status = 599,
                one(
                    Kind::StatusChanged,
                    "error",
                    &named,
                    "HTTP 599",
                    &format!("HTTP {}", first.status),
                ),
            );
            let changed_message = format!("{} now", first.message);
            checked += check(
                &spec,
                &name,
                "message changed",
                |s| op_mut(s, &name).errors[0].message = changed_message.clone(),
                one(
                    Kind::MessageChanged,
                    "error",
                    &first.code,
                    &format!("{changed_message:?}"),
                    &format!("{:?}", first.message),
                ),
            );
        }
        if let Some(sample) = &op.sample_response {
            let mut edited = sample.clone();
            edited["zz_added"] = json!(1);
            checked += check(
                &spec,
                &name,
                "sample changed",
                |s| op_mut(s, &name).sample_response = Some(edited),
                one(
                    Kind::SampleChanged,
                    "sample_response",
                    "/zz_added",
                    "1",
                    "absent",
                ),
            );
            checked += check(
                &spec,
                &name,
                "sample removed",
                |s| op_mut(s, &name).sample_response = None,
                one(
                    Kind::SampleRemoved,
                    "sample_response",
                    "",
                    "absent",
                    "present",
                ),
            );
        }
        checked += check(
            &spec,
            &name,
            "parameter added",
            |s| {
                op_mut(s, &name).query.push(Param {
                    name: "zz_param".into(),
                    ty: "integer".into(),
                    required: true,
                    description: "A new parameter.".into(),
                    default: None,
                    minimum: None,
                    maximum: None,
                    max_items: None,
                })
            },
            one(
                Kind::Added,
                "parameter",
                "zz_param",
                "integer, mandatory",
                "absent",
            ),
        );
        if let Some(p) = op.query.first() {
            let has = format!(
                "{}, {}",
                p.ty,
                if p.required { "mandatory" } else { "optional" }
            );
            checked += check(
                &spec,
                &name,
                "parameter removed",
                |s| {
                    op_mut(s, &name).query.remove(0);
                },
                one(Kind::Removed, "parameter", &p.name, "absent", &has),
            );
            let (page_says, spec_says) = if p.required {
                ("optional", "mandatory")
            } else {
                ("mandatory", "optional")
            };
            checked += check(
                &spec,
                &name,
                "parameter mandatory",
                |s| op_mut(s, &name).query[0].required = !p.required,
                one(
                    Kind::MandatoryChanged,
                    "parameter",
                    &p.name,
                    page_says,
                    spec_says,
                ),
            );
            let to = if p.ty == "boolean" {
                "integer"
            } else {
                "boolean"
            };
            checked += check(
                &spec,
                &name,
                "parameter type",
                |s| op_mut(s, &name).query[0].ty = to.into(),
                one(Kind::TypeChanged, "parameter", &p.name, to, &p.ty),
            );
        }
        let Some(item) = op.request.as_ref().map(|r| r.item.clone()) else {
            continue;
        };
        let fields = spec.object_fields(&item).unwrap().to_vec();
        checked += check(
            &spec,
            &name,
            "key added",
            |s| {
                let mut field = fields[0].clone();
                field.name = "zz_key".into();
                field.ty = "string".into();
                field.required = false;
                field.values.clear();
                fields_mut(s, &item).push(field);
            },
            one(Kind::Added, "key", "zz_key", "string, optional", "absent"),
        );
        let first = &fields[0];
        let has = format!(
            "{}, {}",
            first.ty,
            if first.required {
                "mandatory"
            } else {
                "optional"
            }
        );
        checked += check(
            &spec,
            &name,
            "key removed",
            |s| {
                fields_mut(s, &item).remove(0);
            },
            one(Kind::Removed, "key", &first.name, "absent", &has),
        );
        let (page_says, spec_says) = if first.required {
            ("optional", "mandatory")
        } else {
            ("mandatory", "optional")
        };
        checked += check(
            &spec,
            &name,
            "key mandatory",
            |s| fields_mut(s, &item)[0].required = !first.required,
            one(
                Kind::MandatoryChanged,
                "key",
                &first.name,
                page_says,
                spec_says,
            ),
        );
        let to = if first.ty == "boolean" {
            "integer"
        } else {
            "boolean"
        };
        let page_type = if to == "boolean" {
            "boolean"
        } else {
            "integer"
        };
        checked += check(
            &spec,
            &name,
            "key type",
            |s| fields_mut(s, &item)[0].ty = to.into(),
            one(Kind::TypeChanged, "key", &first.name, page_type, &first.ty),
        );
        if let Some(i) = fields.iter().position(|f| !f.values.is_empty()) {
            let f = &fields[i];
            checked += check(
                &spec,
                &name,
                "value added",
                |s| {
                    let mut v = f.values[0].clone();
                    v.value = json!("zz_value");
                    fields_mut(s, &item)[i].values.push(v);
                },
                one(
                    Kind::ValueAdded("zz_value".into()),
                    "key",
                    &f.name,
                    "listed",
                    "absent",
                ),
            );
            let last = drift::value_text(&f.values[f.values.len() - 1].value);
            if f.values.len() > 1 {
                checked += check(
                    &spec,
                    &name,
                    "value removed",
                    |s| {
                        fields_mut(s, &item)[i].values.pop();
                    },
                    one(Kind::ValueRemoved(last), "key", &f.name, "absent", "listed"),
                );
            }
        }
    }
    assert!(checked > 500, "only {checked} changes checked");
}

#[test]
fn an_endpoint_the_spec_lacks() {
    let spec = real_spec();
    let mut changed = spec.clone();
    op_mut(&mut changed, "create_role").path = "/settings/roles/actions/clone".into();
    let page = page::parse(&render(&changed, "create_role").unwrap()).unwrap();
    let report = drift::compare("p", &page, &spec).unwrap();
    assert_eq!(report.operations, Vec::<String>::new());
    assert_eq!(
        report.to_string(),
        "p: endpoint not in the spec: POST /settings/roles/actions/clone\n"
    );
}

// The command, on the fixture spec and pages.

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zohocrm-codegen"))
}

fn pages(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("tests/pages/{n}")).collect()
}

/// Runs the command in the crate folder: `(exit code, stdout, stderr)`.
fn run(args: &[&str], extra: &[String]) -> (i32, String, String) {
    let out = bin()
        .current_dir(manifest())
        .args(args)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh copy of the fixture spec, with `edit` applied to `widgets.json`.
fn spec_copy(test: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zohocrm-drift-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["api.json", "widgets.json"] {
        let text = std::fs::read_to_string(manifest().join("tests/spec").join(name)).unwrap();
        let text = if name == "widgets.json" {
            edit(text)
        } else {
            text
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn replace_once(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the file");
    text.replacen(from, to, 1)
}

const ALL_PAGES: [&str; 4] = [
    "create-widget.txt",
    "get-widgets.txt",
    "update-widget-tail.txt",
    "keys-tail.txt",
];

#[test]
fn the_fixture_pages_match_the_fixture_spec() {
    let (code, stdout, stderr) = run(&["drift", "--spec", "tests/spec"], &pages(&ALL_PAGES));
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "\
tests/pages/create-widget.txt: documents create_widget
tests/pages/create-widget.txt: no drift
tests/pages/get-widgets.txt: documents get_widgets, get_widget
tests/pages/get-widgets.txt: get_widgets: acknowledged: error added: NO_CONTENT \"There are no widgets.\", HTTP 204: A 204 answer is an empty page, not an error.
tests/pages/get-widgets.txt: get_widget: acknowledged: parameter added: type (string, optional): The parameters select among widgets for the list URL only.
tests/pages/get-widgets.txt: get_widget: acknowledged: parameter added: page (integer, optional): The parameters select among widgets for the list URL only.
tests/pages/get-widgets.txt: get_widget: acknowledged: parameter added: per_page (integer): The parameters select among widgets for the list URL only.
tests/pages/get-widgets.txt: get_widget: acknowledged: error added: NO_CONTENT \"There are no widgets.\", HTTP 204: A 204 answer is an empty page, not an error.
tests/pages/get-widgets.txt: no drift
tests/pages/update-widget-tail.txt: documents update_widget
tests/pages/update-widget-tail.txt: no drift
tests/pages/keys-tail.txt: documents update_widget
tests/pages/keys-tail.txt: no drift
4 pages, 0 differences, 5 acknowledged
"
    );
}

/// The fixture spec with one difference of each kind from `create-widget.txt`.
fn drifted(text: String) -> String {
    let text = replace_once(
        text,
        "\"message\": \"Widget name already exists\"",
        "\"message\": \"Widget name exists\"",
    );
    let text = replace_once(text, "\"status\": 403,", "\"status\": 401,");
    let text = replace_once(
        text,
        "\"name\": \"CREATE\",\n            \"description\": \"Create widgets\"",
        "\"name\": \"UPDATE\",\n            \"description\": \"Create widgets\"",
    );
    let text = replace_once(
        text,
        "        {\n          \"name\": \"parent_id\",\n          \"type\": \"string\",\n          \"required\": false,\n          \"presence\": \"sometimes\",\n          \"nullable\": false,\n          \"description\": \"The unique ID of the parent widget.\"\n        },\n",
        "",
    );
    let text = replace_once(
        text,
        "\"name\": \"width\",\n          \"type\": \"integer\",\n          \"required\": true,",
        "\"name\": \"width\",\n          \"type\": \"integer\",\n          \"required\": false,",
    );
    let text = replace_once(text, "\"value\": \"blue\",", "\"value\": \"green\",");
    replace_once(
        text,
        "\"message\": \"Widget added\",",
        "\"message\": \"Widget made\",",
    )
}

const DRIFT_LINES: &str = "\
tests/pages/create-widget.txt: documents create_widget
tests/pages/create-widget.txt: create_widget: scope changed: page ZohoCRM.settings.widgets.ALL/CREATE, spec ZohoCRM.settings.widgets.ALL/UPDATE
tests/pages/create-widget.txt: create_widget: key added: parent_id (string, optional)
tests/pages/create-widget.txt: create_widget: allowed value added: key color: blue
tests/pages/create-widget.txt: create_widget: allowed value removed: key color: green
tests/pages/create-widget.txt: create_widget: mandatory changed: key size.width: page mandatory, spec optional
tests/pages/create-widget.txt: create_widget: status changed: error NO_PERMISSION \"Permission denied to create\": page HTTP 403, spec HTTP 401
tests/pages/create-widget.txt: create_widget: message changed: error DUPLICATE_DATA: page \"Widget name already exists\", spec \"Widget name exists\"
tests/pages/create-widget.txt: create_widget: sample changed: sample_response at /widgets/0/message: page \"Widget added\", spec \"Widget made\"
1 pages, 8 differences, 0 acknowledged
";

#[test]
fn each_difference_is_one_line() {
    let dir = spec_copy("lines", drifted);
    let (code, stdout, stderr) = run(
        &["drift", "--spec", dir.to_str().unwrap()],
        &pages(&["create-widget.txt"]),
    );
    assert_eq!(stderr, "");
    assert_eq!(stdout, DRIFT_LINES);
    assert_eq!(code, 1);
}

#[test]
fn fix_applies_the_page_and_keeps_the_rest() {
    let dir = spec_copy("fix", drifted);
    let (code, stdout, stderr) = run(
        &["drift", "--fix", "--spec", dir.to_str().unwrap()],
        &pages(&["create-widget.txt"]),
    );
    assert_eq!(stderr, "");
    let file = dir.join("widgets.json");
    let shown = file.display();
    assert_eq!(
        stdout,
        format!(
            "{DRIFT_LINES}\
{shown}: create_widget: scope set from the page
{shown}: create_widget: added key parent_id to CreateWidgetItem (reword its description)
{shown}: create_widget: key color: added allowed value blue
{shown}: create_widget: key color: removed allowed value green
{shown}: create_widget: key size.width: set required
{shown}: create_widget: error NO_PERMISSION \"Permission denied to create\": status 403
{shown}: create_widget: error DUPLICATE_DATA: message \"Widget name already exists\"
{shown}: create_widget: sample_response set from the page
wrote {shown}
"
        )
    );
    assert_eq!(code, 0);
    let original = std::fs::read_to_string(manifest().join("tests/spec/widgets.json")).unwrap();
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(fixed, original);
    let (code, stdout, _) = run(
        &["drift", "--spec", dir.to_str().unwrap()],
        &pages(&["create-widget.txt"]),
    );
    assert_eq!(code, 0, "{stdout}");
    let (code, _, stderr) = run(&["check", dir.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_deviation_lapses_when_the_page_changes_at_its_spot() {
    let dir = spec_copy("lapse", |t| t);
    let text = std::fs::read_to_string(manifest().join("tests/pages/get-widgets.txt")).unwrap();
    let page = dir.join("get-widgets.txt");
    std::fs::write(
        &page,
        text.replace("- NO\\_CONTENTHTTP 204", "- NO\\_CONTENTHTTP 200"),
    )
    .unwrap();
    let (code, stdout, _) = run(
        &["drift", "--spec", dir.to_str().unwrap()],
        &[page.display().to_string()],
    );
    let shown = page.display();
    assert_eq!(
        stdout,
        format!(
            "\
{shown}: documents get_widgets, get_widget
{shown}: get_widgets: error added: NO_CONTENT \"There are no widgets.\", HTTP 200
{shown}: get_widget: acknowledged: parameter added: type (string, optional): The parameters select among widgets for the list URL only.
{shown}: get_widget: acknowledged: parameter added: page (integer, optional): The parameters select among widgets for the list URL only.
{shown}: get_widget: acknowledged: parameter added: per_page (integer): The parameters select among widgets for the list URL only.
{shown}: get_widget: error added: NO_CONTENT \"There are no widgets.\", HTTP 200
{shown}: get_widgets: note: the deviation at error NO_CONTENT \"There are no widgets.\" matches nothing on the page
{shown}: get_widget: note: the deviation at error NO_CONTENT \"There are no widgets.\" matches nothing on the page
1 pages, 2 differences, 3 acknowledged
"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn an_unreadable_page_exits_2_with_the_reason() {
    let (code, stdout, stderr) = run(
        &["drift", "--spec", "tests/spec"],
        &pages(&["create-widget.txt", "broken-json.txt", "missing.txt"]),
    );
    assert_eq!(code, 2);
    assert_eq!(
        stdout,
        "tests/pages/create-widget.txt: documents create_widget\ntests/pages/create-widget.txt: no drift\n1 pages, 0 differences, 0 acknowledged\n"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "tests/pages/broken-json.txt: cannot read the page: line 13: Sample Response: the JSON sample does not parse: expected `:` at line 4 column 20"
    );
    assert!(
        lines[1].starts_with("tests/pages/missing.txt: cannot read the page: "),
        "{}",
        lines[1]
    );
}

#[test]
fn a_tail_without_an_address_cannot_be_matched() {
    let dir = spec_copy("tail", |t| t);
    let page = dir.join("tail.txt");
    let text =
        std::fs::read_to_string(manifest().join("tests/pages/update-widget-tail.txt")).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("[Top]"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&page, text).unwrap();
    let (code, _, stderr) = run(
        &["drift", "--spec", "tests/spec"],
        &[page.display().to_string()],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("{}: cannot read the page: the page names no endpoint (no `[METHOD /path](url)` link) and no address to match it by\n", page.display())
    );
}

#[test]
fn render_prints_the_page_of_an_operation() {
    let (code, stdout, stderr) = run(&["render", "--spec", "tests/spec", "get_widget"], &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let expected =
        std::fs::read_to_string(manifest().join("tests/pages/rendered-get-widget.txt")).unwrap();
    assert_eq!(stdout, expected);
    let (code, _, stderr) = run(&["render", "--spec", "tests/spec", "no_such_thing"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "zohocrm-codegen: the spec has no operation no_such_thing\n"
    );
}

#[test]
fn a_sample_read_leniently_is_reported_on_stderr() {
    let (code, stdout, stderr) = run(
        &["drift", "--spec", "tests/spec"],
        &pages(&["create-widget.txt", "records-tags.txt"]),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("records-tags.txt: endpoint not in the spec"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "tests/pages/records-tags.txt:12: Sample Response: read leniently: replaced typographic quotes of 1 string (line 27)\n"
    );
}
