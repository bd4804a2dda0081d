//! Profiles: cloning a profile copies its permissions into a new profile.

use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use zohocrm_codegen::model::{Request, Trigger};

use super::PROFILES;
use crate::actions;
use crate::call::Call;
use crate::shaping::Shape;
use crate::store::Store;
use crate::timestamp;
use crate::zoho_error::ZohoError;

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

/// Serves the profile operations the generic kinds do not cover.
pub(super) fn serve(
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
        return actions::unknown_record(op, PROFILES, source).into_response();
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
