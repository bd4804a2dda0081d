//! Profiles: `display_label` follows `name`, updating a profile switches its permissions on or
//! off, a listed profile shows no permissions, deleting a profile moves its users to the
//! transfer target, and cloning a profile copies its permissions into a new profile.

use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use zohocrm_build::model::{Operation, Request, Trigger};

use super::transfer::UserHolder;
use super::{copy_name_to_label, operation, FamilyRules, PROFILES};
use crate::actions::{self, Item};
use crate::call::Call;
use crate::shaping::Shape;
use crate::store::{id_of, id_text, Store};
use crate::timestamp;
use crate::zoho_error::ZohoError;

/// The operation whose page documents the error for a profile id in the URL that names no
/// profile; the clone page documents none.
const UNKNOWN_PROFILE_PAGE: &str = "update_profile";
/// The most profiles an org may have, as the clone page's limit error states.
const PROFILE_LIMIT: usize = 25;
/// Keys a clone does not copy: its own id, names, flags and audit keys.
const OWN_KEYS: [&str; 10] = [
    "id",
    "name",
    "display_label",
    "description",
    "custom",
    "default",
    "created_by",
    "created_time",
    "modified_by",
    "modified_time",
];

/// The users a profile holds.
const PROFILE_USERS: UserHolder = UserHolder {
    store: PROFILES,
    user_key: "profile",
    param: "transfer_to",
};

/// The rules of `profiles`.
pub(super) struct Profiles;

impl FamilyRules for Profiles {
    fn derive(
        &self,
        _store: &Store,
        record: &mut Map<String, Value>,
        absent: &dyn Fn(&str) -> bool,
    ) {
        if absent("display_label") {
            copy_name_to_label(record);
        }
    }

    /// The permissions an update names are set by [`set_permissions`], not replaced.
    fn prepare_changes(
        &self,
        _store: &Store,
        _id: &str,
        _input: &Map<String, Value>,
        changes: &mut Map<String, Value>,
    ) {
        changes.remove("permissions_details");
    }

    fn after_changes(
        &self,
        record: &mut Map<String, Value>,
        input: &Map<String, Value>,
        touched: &dyn Fn(&str) -> bool,
    ) {
        set_permissions(record, input);
        if touched("name") {
            copy_name_to_label(record);
        }
    }

    fn check_item(
        &self,
        op: &Operation,
        store: &Store,
        item: Item<'_>,
        record: Option<&str>,
    ) -> Result<(), ZohoError> {
        check_permissions(op, store, item, record)
    }

    fn view(&self, record: &Value, _include: &[&str], single: bool) -> Value {
        if single {
            record.clone()
        } else {
            listed(record)
        }
    }

    fn check_delete(
        &self,
        op: &Operation,
        store: &Store,
        id: &str,
        query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        PROFILE_USERS.check_delete(op, store, id, query)
    }

    fn delete(&self, store: &mut Store, _table: &str, id: &str, query: &[(String, String)]) {
        PROFILE_USERS.delete(store, id, query);
    }

    fn serve(
        &self,
        call: Call<'_>,
        path: &[&str],
        body: &[u8],
        store: &mut Store,
    ) -> Option<Response> {
        match (call.op.name.as_str(), path) {
            ("clone_profile", [source]) => {
                Some(clone(call, call.op.request.as_ref()?, source, body, store))
            }
            _ => None,
        }
    }
}

/// Adds a custom profile per item, named and described by the item, with every other key
/// (permissions, sections, type) copied from profile `source`.
fn clone(
    call: Call<'_>,
    request: &Request,
    source: &str,
    body: &[u8],
    store: &mut Store,
) -> Response {
    let (api, op) = (call.api, call.op);
    let Some(copied) = store.get(PROFILES, source).and_then(Value::as_object) else {
        let error = operation(api, UNKNOWN_PROFILE_PAGE)
            .and_then(|page| ZohoError::untriggered(page, "INVALID_DATA"))
            .map_or_else(
                || actions::unknown_record(op, PROFILES, source),
                |e| e.detail("id", source),
            );
        return error.into_response();
    };
    let copied: Map<String, Value> = copied
        .iter()
        .filter(|(key, _)| !OWN_KEYS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let shape = Shape {
        record_type: Some(call.resource.record_type),
        request_type: None,
    };
    let now = timestamp::now();
    actions::each_item(call, request, store, body, &|_| None, |store, item| {
        if store.all(PROFILES).len() >= PROFILE_LIMIT {
            let error = ZohoError::documented(op, &Trigger::LicenseLimit).unwrap_or_else(|| {
                let message = format!("an org has at most {PROFILE_LIMIT} profiles");
                ZohoError::coded(op, "PROFILE_LIMIT_EXCEEDED", 400, message)
            });
            return Err(error.detail("limit", PROFILE_LIMIT));
        }
        let mut input = copied.clone();
        for key in ["name", "description"] {
            let value = item.object.get(key).cloned().unwrap_or(Value::Null);
            input.insert(key.into(), value);
        }
        input.insert("custom".into(), Value::Bool(true));
        input.insert("default".into(), Value::Bool(false));
        let id = store.new_id();
        let record = super::new_record(api, store, PROFILES, shape, &input, (id.clone(), &now));
        store.upsert(PROFILES, record);
        Ok(actions::id_details(call, &id))
    })
}

/// The permissions of a stored profile.
fn permissions(profile: &Value) -> &[Value] {
    profile
        .get("permissions_details")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// Each permission an update item names must be one of profile `record`'s; else the page's
/// `INVALID_DATA` entry.
fn check_permissions(
    op: &Operation,
    store: &Store,
    item: Item<'_>,
    record: Option<&str>,
) -> Result<(), ZohoError> {
    let Some(changes) = item
        .object
        .get("permissions_details")
        .and_then(Value::as_array)
    else {
        return Ok(());
    };
    let held = record
        .and_then(|id| store.get(PROFILES, id))
        .map_or(&[][..], permissions);
    for (j, change) in changes.iter().enumerate() {
        let id = change.get("id").and_then(id_text);
        if id.is_some_and(|id| held.iter().any(|p| id_of(p) == Some(id.as_str()))) {
            continue;
        }
        let message =
            format!("the profile has no permission with the id at permissions_details[{j}]");
        return Err(ZohoError::invalid_data(op, message)
            .detail("api_name", "id")
            .detail(
                "json_path",
                format!("{}.permissions_details[{j}].id", item.json_path),
            ));
    }
    Ok(())
}

/// Sets `enabled` of each permission of `profile` that the `permissions_details` of `input`
/// names; the rest of the permissions stay as they are.
fn set_permissions(profile: &mut Map<String, Value>, input: &Map<String, Value>) {
    let Some(Value::Array(changes)) = input.get("permissions_details") else {
        return;
    };
    let Some(Value::Array(held)) = profile.get_mut("permissions_details") else {
        return;
    };
    for change in changes {
        let (Some(id), Some(enabled)) = (
            change.get("id").and_then(id_text),
            change.get("enabled").and_then(Value::as_bool),
        ) else {
            continue;
        };
        for permission in held
            .iter_mut()
            .filter(|p| id_of(p) == Some(id.as_str()))
            .filter_map(Value::as_object_mut)
        {
            permission.insert("enabled".into(), Value::Bool(enabled));
        }
    }
}

/// A profile as the list shows it: without `permissions_details`, which only the read of one
/// profile returns.
fn listed(profile: &Value) -> Value {
    let mut profile = profile.clone();
    if let Some(object) = profile.as_object_mut() {
        object.remove("permissions_details");
    }
    profile
}
