//! `import`: the spec JSON drafted from the pages under `pages/` is exactly
//! `pages/widgets.import.json`, passes `check` beside the fixture `api.json`, shows no drift
//! against its own pages, and says what the pages lack.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zohocrm-codegen"))
        .current_dir(manifest())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zohocrm-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const PAGES: [&str; 2] = [
    "tests/pages/create-widget.txt",
    "tests/pages/get-widgets.txt",
];

#[test]
fn import_drafts_the_spec_of_the_pages() {
    let (code, stdout, stderr) = run(&["import", PAGES[0], PAGES[1], "--family", "widgets"]);
    assert_eq!(code, 0, "{stderr}");
    let expected =
        std::fs::read_to_string(manifest().join("tests/pages/widgets.import.json")).unwrap();
    assert_eq!(stdout, expected);
    assert_eq!(
        stderr,
        "\
missing: tests/pages/create-widget.txt: create_widget: success status: the page does not state it; 201 written
missing: tests/pages/get-widgets.txt: get_widgets: success status: the page does not state it; 200 written
missing: tests/pages/get-widgets.txt: get_widgets_widgetid: success status: the page does not state it; 200 written
"
    );
}

#[test]
fn the_draft_passes_check_and_has_no_drift() {
    let (_, stdout, _) = run(&["import", PAGES[0], PAGES[1]]);
    let dir = temp_dir("check");
    std::fs::copy(manifest().join("tests/spec/api.json"), dir.join("api.json")).unwrap();
    std::fs::write(dir.join("widgets.json"), stdout).unwrap();
    let spec = dir.to_str().unwrap();
    let (code, stdout, stderr) = run(&["check", spec]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!("{spec}: 1 families, 3 operations, 6 types: ok\n")
    );
    let (code, stdout, _) = run(&["drift", "--spec", spec, PAGES[0], PAGES[1]]);
    assert_eq!(
        stdout,
        "\
tests/pages/create-widget.txt: documents create_widget
tests/pages/create-widget.txt: no drift
tests/pages/get-widgets.txt: documents get_widgets, get_widgets_widgetid
tests/pages/get-widgets.txt: no drift
2 pages, 0 differences, 0 acknowledged
"
    );
    assert_eq!(code, 0);
}

#[test]
fn sample_keys_the_page_does_not_list_are_typed_from_the_sample() {
    let dir = temp_dir("sample");
    let text = std::fs::read_to_string(manifest().join(PAGES[0])).unwrap();
    let text = text
        .replace(
            "\"color\": \"red\",\\",
            "\"color\": \"red\",\\\n            \"weight\": 2.5,\\",
        )
        .replace("\"width\": 10\\", "\"width\": \"wide\"\\");
    let page = dir.join("page.txt");
    std::fs::write(&page, text).unwrap();
    let (code, stdout, stderr) = run(&["import", page.to_str().unwrap()]);
    assert_eq!(code, 0);
    let shown = page.display();
    assert_eq!(
        stderr,
        format!(
            "\
missing: {shown}: create_widget: key width: the page says integer, its sample sends string; typed string
missing: {shown}: create_widget: key weight: the sample sends it but the page does not list it; typed number from the sample
missing: {shown}: create_widget: success status: the page does not state it; 201 written
"
        )
    );
    std::fs::copy(manifest().join("tests/spec/api.json"), dir.join("api.json")).unwrap();
    std::fs::write(dir.join("widgets.json"), stdout).unwrap();
    let (code, _, stderr) = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_tail_or_a_broken_page_is_not_imported() {
    let (code, stdout, stderr) = run(&["import", "tests/pages/update-widget-tail.txt"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "zohocrm-codegen: tests/pages/update-widget-tail.txt: the page names no endpoint (no `[METHOD /path](url)` link, which a stored tail lacks), so there is no method and path to import\n"
    );
    let (code, stdout, stderr) = run(&["import", "tests/pages/broken-scope.txt"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "tests/pages/broken-scope.txt: cannot read the page: line 9: Scope: the scope ends in {operation_type} but the page lists no operation types\n"
    );
}

#[test]
fn samples_read_leniently_are_imported_and_each_is_reported() {
    let pages = [
        "tests/pages/records-coql.txt",
        "tests/pages/records-get.txt",
        "tests/pages/records-insert.txt",
        "tests/pages/records-tags.txt",
    ];
    for page in pages {
        let (code, stdout, stderr) = run(&["import", page, "--family", "records"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("\"sample_"), "{page}: {stdout}");
    }
    let mut args = vec!["import"];
    args.extend(pages);
    args.extend(["--family", "records"]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(
        "\"select_query\": \"select Last_Name, First_Name, Full_Name, Email_Opt_Out from Contacts where Email_Opt_Out = 'true' limit 2\""
    ));
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("missing: "))
        .collect();
    assert_eq!(
        notes,
        [
            "tests/pages/records-coql.txt:12: Sample Input: read leniently: joined 3 line breaks in strings (lines 13, 14, 15)",
            "tests/pages/records-coql.txt:23: Sample Response: read leniently: removed 3 elision markers (lines 40, 41, 42), removed 1 trailing comma (line 39)",
            "tests/pages/records-get.txt:12: Sample Response: read leniently: removed 3 comments (lines 27, 50, 51), removed 4 elision markers (lines 24, 25, 26, 48)",
            "tests/pages/records-insert.txt:12: Sample Input: read leniently: added 1 missing comma (line 30)",
            "tests/pages/records-tags.txt:12: Sample Response: read leniently: replaced typographic quotes of 1 string (line 27)",
        ]
    );
}
