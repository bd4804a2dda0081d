//! `diff`: each kind of spec change is classified as breaking or additive.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use zohocrm_codegen::diff::{diff, Impact};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn read(file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(spec_dir().join(file)).unwrap()).unwrap()
}

/// The real spec with `edit` applied to one file, and the changes it makes.
fn changes(file: &str, edit: impl FnOnce(&mut Value)) -> Vec<(Impact, String)> {
    let mut files = Vec::new();
    let mut edit = Some(edit);
    let mut names: Vec<String> = std::fs::read_dir(spec_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "schema.json")
        .collect();
    names.sort();
    for name in &names {
        let mut value = read(name);
        if name == file {
            if let Some(edit) = edit.take() {
                edit(&mut value);
            }
        }
        files.push((format!("spec/{name}"), serde_json::to_vec(&value).unwrap()));
    }
    let old = zohocrm_build::load_dir(spec_dir()).unwrap();
    let new = zohocrm_build::load_files(&files).unwrap_or_else(|e| panic!("{e}"));
    diff(&old, &new)
        .into_iter()
        .map(|c| (c.impact, c.what))
        .collect()
}

fn field<'a>(spec: &'a mut Value, ty: &str, key: &str) -> &'a mut Value {
    let fields = spec["types"][ty]["fields"].as_array_mut().unwrap();
    fields.iter_mut().find(|f| f["name"] == key).unwrap()
}

#[test]
fn the_same_spec_has_no_changes() {
    assert!(changes("roles.json", |_| {}).is_empty());
}

#[test]
fn a_key_that_becomes_mandatory_is_breaking() {
    let found = changes("roles.json", |s| {
        field(s, "NewRole", "description")["required"] = json!(true)
    });
    assert_eq!(
        found,
        [(
            Impact::Breaking,
            "`roles::NewRole`: key `description` became mandatory".to_owned()
        )]
    );
}

#[test]
fn a_removed_key_is_breaking() {
    let found = changes("roles.json", |s| {
        s["types"]["Role"]["fields"]
            .as_array_mut()
            .unwrap()
            .retain(|f| f["name"] != "admin_user");
    });
    assert_eq!(
        found,
        [(
            Impact::Breaking,
            "`roles::Role`: key `admin_user` removed".to_owned()
        )]
    );
}

#[test]
fn a_changed_type_is_breaking() {
    let found = changes("roles.json", |s| {
        field(s, "Role", "admin_user")["type"] = json!("string")
    });
    assert_eq!(
        found,
        [(
            Impact::Breaking,
            "`roles::Role`: key `admin_user` changed type from Option<bool> to Option<String>"
                .to_owned()
        )]
    );
}

#[test]
fn a_removed_enum_value_is_breaking_and_a_new_one_additive() {
    let found = changes("user_groups.json", |s| {
        let values = s["types"]["SourceType"]["values"].as_array_mut().unwrap();
        values.retain(|v| v["value"] != "groups");
        values.push(json!({"value": "departments", "description": "A department."}));
    });
    assert_eq!(
        found,
        [
            (
                Impact::Breaking,
                "`user_groups::SourceType`: value `groups` removed".to_owned()
            ),
            (
                Impact::Additive,
                "`user_groups::SourceType`: value `departments` added".to_owned()
            ),
        ]
    );
}

#[test]
fn a_new_optional_key_is_additive_and_a_new_mandatory_one_breaking() {
    let found = changes("roles.json", |s| {
        let fields = s["types"]["NewRole"]["fields"].as_array_mut().unwrap();
        fields.push(json!({"name": "colour", "type": "string", "description": "A colour."}));
        fields.push(
            json!({"name": "code", "type": "string", "required": true, "description": "A code."}),
        );
        s["operations"]["create_role"]["sample_input"]["roles"][0]["code"] = json!("PM");
    });
    assert_eq!(
        found,
        [
            (
                Impact::Breaking,
                "`roles::NewRole`: mandatory key `code` added".to_owned()
            ),
            (
                Impact::Additive,
                "`roles::NewRole`: optional key `colour` added".to_owned()
            ),
        ]
    );
}

#[test]
fn endpoints_added_and_removed() {
    let found = changes("roles.json", |s| {
        let ops = s["operations"].as_object_mut().unwrap();
        let mut copy = ops["get_roles"].clone();
        copy["function"] = json!("list_again");
        ops.insert("get_roles_again".into(), copy);
        ops.remove("update_roles");
    });
    assert_eq!(
        found,
        [
            (
                Impact::Breaking,
                "`roles::RoleUpdate`: key `id` changed type from crate::Id to Option<crate::Id>"
                    .to_owned()
            ),
            (
                Impact::Breaking,
                "endpoint `update_roles` removed: `roles().update_many()` is gone".to_owned()
            ),
            (
                Impact::Additive,
                "endpoint `get_roles_again` added: `roles().list_again()`".to_owned()
            ),
        ]
    );
}

#[test]
fn error_codes_added_and_removed() {
    let found = changes("roles.json", |s| {
        let errors = s["operations"]["create_role"]["errors"]
            .as_array_mut()
            .unwrap();
        errors.retain(|e| e["code"] != "LICENSE_LIMIT_EXCEEDED");
        errors.push(json!({"code": "LIMIT_REACHED", "status": 400, "message": "Limit reached", "resolution": "Wait."}));
    });
    assert_eq!(
        found,
        [
            (
                Impact::Breaking,
                "`create_role`: error code LICENSE_LIMIT_EXCEEDED removed (its variant is gone)"
                    .to_owned()
            ),
            (
                Impact::Additive,
                "`create_role`: error code LIMIT_REACHED added".to_owned()
            ),
        ]
    );
}

#[test]
fn the_command_prints_each_change_and_exits_1_on_a_breaking_one() {
    let run = |old: &Path, new: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_zohocrm-codegen"))
            .arg("diff")
            .arg(old)
            .arg(new)
            .output()
            .unwrap()
    };
    let same = run(&spec_dir(), &spec_dir());
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&same.stdout),
        "0 changes, 0 breaking: the Rust API is unchanged\n"
    );

    let edited = std::env::temp_dir().join(format!("zohocrm-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&edited);
    std::fs::create_dir_all(&edited).unwrap();
    for entry in std::fs::read_dir(spec_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, edited.join(path.file_name().unwrap())).unwrap();
    }
    let mut roles = read("roles.json");
    field(&mut roles, "NewRole", "description")["required"] = json!(true);
    std::fs::write(
        edited.join("roles.json"),
        serde_json::to_vec_pretty(&roles).unwrap(),
    )
    .unwrap();
    let breaking = run(&spec_dir(), &edited);
    assert_eq!(breaking.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&breaking.stdout),
        "breaking: `roles::NewRole`: key `description` became mandatory\n1 changes, 1 breaking: a major version is needed\n"
    );
    let additive = run(&edited, &spec_dir());
    assert_eq!(
        additive.status.code(),
        Some(1),
        "optional → mandatory and back both change NewRole::new"
    );

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_zohocrm-codegen"))
        .args(["diff", "spec"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&edited).unwrap();
}
