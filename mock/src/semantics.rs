//! Per-family storage rules the spec cannot express, written by hand: audit keys, derived keys,
//! user-group sources, what `include` adds, and what deleting a role moves. Everything else
//! about records follows the spec generically (see `shaping` and `constraints`).

use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Api, Operation, Trigger};

use crate::catalog;
use crate::params;
use crate::shaping;
use crate::store::{display_name, id_of, id_text, Store};
use crate::zoho_error::ZohoError;

const ROLES: &str = "roles";
const USER_GROUPS: &str = "user_groups";
const USERS: &str = "users";

/// Keys naming who created or last changed a record.
const AUDIT_USERS: [&str; 4] = ["created_by", "created_by__s", "modified_by", "modified_by__s"];
/// Keys holding when a record was created or last changed.
const AUDIT_TIMES: [&str; 4] = ["created_time", "created_time__s", "modified_time", "modified_time__s"];
/// User-group keys that say the group was changed, `null` until it is.
const USER_GROUP_CHANGE: [&str; 2] = ["modified_by", "modified_time"];

/// The user the mock acts as: the first record of `users` (the seed's administrator).
pub(crate) fn current_user(store: &Store) -> Option<&Value> {
    store.all(USERS).first()
}

/// A new record of `table` from a request item, a seed record or an inserted value: shaped as
/// the spec's record type, given `id`, with absent audit keys set to the current user and
/// `now`, and the family's derived keys.
pub(crate) fn new_record(
    api: &Api,
    store: &Store,
    table: &str,
    input: &Map<String, Value>,
    id: String,
    now: &str,
) -> Value {
    let mut record = shaping::shape(api, store, table, input);
    record.insert("id".into(), Value::String(id));
    let typed = catalog::record_type(api, table).map_or(&[][..], |t| catalog::fields(api, t));
    let absent = |key: &str| input.get(key).is_none_or(Value::is_null);
    let user = current_user(store).map_or(Value::Null, |u| {
        json!({"name": display_name(u).unwrap_or_default(), "id": id_of(u).unwrap_or_default()})
    });
    for field in typed.iter().filter(|f| absent(&f.json_name)) {
        let key = field.json_name.as_str();
        let value = if table == USER_GROUPS && USER_GROUP_CHANGE.contains(&key) {
            Value::Null
        } else if AUDIT_USERS.contains(&key) {
            user.clone()
        } else if AUDIT_TIMES.contains(&key) {
            Value::String(now.to_owned())
        } else {
            continue;
        };
        record.insert(key.to_owned(), value);
    }
    match table {
        ROLES if absent("display_label") => {
            if let Some(name) = record.get("name").cloned() {
                record.insert("display_label".into(), name);
            }
        }
        USER_GROUPS => name_sources(store, &mut record),
        _ => {}
    }
    Value::Object(record)
}

/// The store a user-group source `type` names: `groups` are user groups, the rest are stores.
fn source_table(source_type: &str) -> &str {
    match source_type {
        "groups" => USER_GROUPS,
        other => other,
    }
}

/// Gives each user-group source without a name the name of the record it names.
fn name_sources(store: &Store, record: &mut Map<String, Value>) {
    let Some(Value::Array(sources)) = record.get_mut("sources") else {
        return;
    };
    for source in sources {
        let table = source.get("type").and_then(Value::as_str).map(source_table);
        let Some(reference) = source.get_mut("source").and_then(Value::as_object_mut) else {
            continue;
        };
        if reference.contains_key("name") {
            continue;
        }
        let name = table
            .zip(reference.get("id").and_then(Value::as_str))
            .and_then(|(table, id)| store.get(table, id))
            .and_then(display_name);
        if let Some(name) = name {
            reference.insert("name".into(), Value::String(name.to_owned()));
        }
    }
}

/// Family rules on a request item that passed the spec's checks: each user-group source must
/// name an existing record of the store its `type` names.
pub(crate) fn check_item(
    op: &Operation,
    store: &Store,
    table: &str,
    json_path: &str,
    item: &Map<String, Value>,
) -> Result<(), ZohoError> {
    if table != USER_GROUPS {
        return Ok(());
    }
    let sources = item.get("sources").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (j, source) in sources.iter().enumerate() {
        let source_type = source.get("type").and_then(Value::as_str).unwrap_or_default();
        let id = source.get("source").and_then(|s| s.get("id")).and_then(id_text);
        if id.is_some_and(|id| store.contains(source_table(source_type), &id)) {
            continue;
        }
        let trigger = Trigger::UnknownReference {
            key: "sources".into(),
        };
        let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
            ZohoError::coded(
                op,
                "INVALID_DATA",
                400,
                format!("source {j} names no existing record of type `{source_type}`"),
            )
        });
        return Err(error
            .detail("api_name", "id")
            .detail("json_path", format!("{json_path}.sources[{j}].source.id")));
    }
    Ok(())
}

/// A stored record as a response shows it, given the call's `include` values: user groups
/// carry `sources` only with `include=sources`, and `sources_count` (a count per source type,
/// types without sources left out) only with `include=sources_count`.
pub(crate) fn view(table: &str, record: &Value, include: &[&str]) -> Value {
    let mut record = record.clone();
    if table != USER_GROUPS {
        return record;
    }
    let Some(object) = record.as_object_mut() else {
        return record;
    };
    let sources = if include.contains(&"sources") {
        object.get("sources").cloned()
    } else {
        object.remove("sources")
    };
    if include.contains(&"sources_count") {
        let mut counts = Map::new();
        for source in sources.as_ref().and_then(Value::as_array).into_iter().flatten() {
            if let Some(t) = source.get("type").and_then(Value::as_str) {
                let n = counts.get(t).and_then(Value::as_u64).unwrap_or(0);
                counts.insert(t.to_owned(), Value::from(n + 1));
            }
        }
        object.insert("sources_count".into(), Value::Object(counts));
    }
    record
}

/// Family rules before deleting record `id` of `table`: a role's users go to the role
/// `transfer_to_id`, which must be another existing role.
pub(crate) fn check_delete(
    op: &Operation,
    store: &Store,
    table: &str,
    id: &str,
    query: &[(String, String)],
) -> Result<(), ZohoError> {
    if table != ROLES {
        return Ok(());
    }
    match params::first(query, "transfer_to_id") {
        Some(target) if target != id && store.contains(ROLES, target) => Ok(()),
        _ => Err(ZohoError::invalid_data(op, "`transfer_to_id` names no other existing role")
            .detail("param_name", "transfer_to_id")),
    }
}

/// Deletes record `id` of `table`. Deleting a role moves its users and the roles reporting to
/// it to the role `transfer_to_id` (that role itself moves up to the deleted role's parent).
pub(crate) fn delete(store: &mut Store, table: &str, id: &str, query: &[(String, String)]) {
    let Some(removed) = store.remove(table, id) else {
        return;
    };
    let Some(target) = params::first(query, "transfer_to_id").filter(|_| table == ROLES) else {
        return;
    };
    let target_ref = store
        .get(ROLES, target)
        .map(|r| json!({"name": display_name(r).unwrap_or_default(), "id": target}));
    let Some(target_ref) = target_ref else {
        return;
    };
    let parent = removed.get("reporting_to").cloned().unwrap_or(Value::Null);
    for role in store.table_mut(ROLES).iter_mut().filter_map(Value::as_object_mut) {
        if role.get("reporting_to").and_then(id_text).as_deref() == Some(id) {
            let is_target = role.get("id").and_then(Value::as_str) == Some(target);
            let new_parent = if is_target { parent.clone() } else { target_ref.clone() };
            role.insert("reporting_to".into(), new_parent);
        }
    }
    for user in store.table_mut(USERS).iter_mut().filter_map(Value::as_object_mut) {
        if user.get("role").and_then(id_text).as_deref() == Some(id) {
            user.insert("role".into(), target_ref.clone());
        }
    }
}
