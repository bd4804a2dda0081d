//! Per-family storage rules the spec cannot express, written by hand: audit keys, derived keys
//! (a role's `display_label`, a user's `full_name` and settings), user-group sources, what
//! `include` adds, the `type` filter of users, and where deleting a role or profile moves its
//! users. Everything else about records follows the spec generically (`shaping`, `item_checks`).

use serde_json::{json, Map, Value};
use zohocrm_codegen::model::{Api, Operation, Trigger};

use crate::catalog;
use crate::params;
use crate::shaping::{self, Shape};
use crate::store::{display_name, id_of, id_text, Store};
use crate::zoho_error::ZohoError;

const ROLES: &str = "roles";
const PROFILES: &str = "profiles";
const USER_GROUPS: &str = "user_groups";
/// The store of users; its first record is the user the mock acts as.
pub(crate) const USERS: &str = "users";

/// Keys naming who created a record, compared ignoring case.
const CREATED_BY: [&str; 2] = ["created_by", "created_by__s"];
/// Keys naming who last changed a record.
const MODIFIED_BY: [&str; 2] = ["modified_by", "modified_by__s"];
/// Keys holding when a record was created.
const CREATED_TIME: [&str; 2] = ["created_time", "created_time__s"];
/// Keys holding when a record was last changed.
const MODIFIED_TIME: [&str; 2] = ["modified_time", "modified_time__s"];
/// User keys a new user takes from the mock's user (the org's administrator) when not given.
const USER_SETTINGS: [&str; 9] = [
    "country_locale",
    "locale",
    "language",
    "time_zone",
    "offset",
    "date_format",
    "time_format",
    "number_separator",
    "decimal_separator",
];
/// User flags a new user starts with.
const USER_FLAGS: [(&str, bool); 4] = [
    ("confirm", false),
    ("microsoft", false),
    ("Isonline", false),
    ("sandboxDeveloper", false),
];
/// Stores whose records hold users, with the key naming the record and the query parameter of
/// the delete call naming where those users go.
const TRANSFERS: [(&str, &str, &str); 2] = [
    (ROLES, "role", "transfer_to_id"),
    (PROFILES, "profile", "transfer_to"),
];

/// The user the mock acts as: the first record of `users` (the seed's administrator).
pub(crate) fn current_user(store: &Store) -> Option<&Value> {
    store.all(USERS).first()
}

/// The mock's user as a reference.
fn current_user_ref(store: &Store) -> Value {
    current_user(store).map_or(Value::Null, reference_to)
}

/// A reference `{"name", "id"}` to `record`.
fn reference_to(record: &Value) -> Value {
    json!({"name": display_name(record).unwrap_or_default(), "id": id_of(record).unwrap_or_default()})
}

/// Whether `key` is one of `keys`, ignoring case (users have `Modified_By`).
fn is_one_of(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A new record of `table` with `id` from a request item, a seed record or an inserted value:
/// shaped by the spec, absent audit keys set to the mock's user and `now` (a user group's
/// change keys stay `null` until it changes), then the family's derived keys.
pub(crate) fn new_record(
    api: &Api,
    store: &Store,
    table: &str,
    shape: Shape<'_>,
    input: &Map<String, Value>,
    (id, now): (String, &str),
) -> Value {
    let mut record = shaping::new(api, store, shape, input);
    record.insert("id".into(), Value::String(id));
    let record_fields = shape
        .record_type
        .map_or(&[][..], |t| catalog::fields(api, t));
    let absent = |key: &str| input.get(key).is_none_or(Value::is_null);
    for field in record_fields.iter().filter(|f| absent(&f.json_name)) {
        let key = field.json_name.as_str();
        let changed = is_one_of(key, &MODIFIED_BY) || is_one_of(key, &MODIFIED_TIME);
        let value = if table == USER_GROUPS && changed {
            Value::Null
        } else if is_one_of(key, &CREATED_BY) || is_one_of(key, &MODIFIED_BY) {
            current_user_ref(store)
        } else if is_one_of(key, &CREATED_TIME) || is_one_of(key, &MODIFIED_TIME) {
            Value::String(now.to_owned())
        } else {
            continue;
        };
        record.insert(key.to_owned(), value);
    }
    if table == USERS {
        let admin = current_user(store).and_then(Value::as_object);
        for key in USER_SETTINGS.iter().filter(|k| absent(k)) {
            if let Some(value) = admin.and_then(|a| a.get(*key)) {
                record.insert((*key).to_owned(), value.clone());
            }
        }
        for (key, value) in USER_FLAGS.iter().filter(|(k, _)| absent(k)) {
            record.insert((*key).to_owned(), Value::Bool(*value));
        }
        if absent("status") {
            record.insert("status".into(), Value::String("active".into()));
        }
    }
    derive(store, table, &mut record, &absent);
    Value::Object(record)
}

/// Applies the changes of a request item to record `id` of `table`: shaped by the spec, the
/// change audit keys set to the mock's user and `now`, user-group sources merged, then the
/// family's derived keys.
pub(crate) fn apply_changes(
    api: &Api,
    store: &mut Store,
    table: &str,
    shape: Shape<'_>,
    input: &Map<String, Value>,
    (id, now): (&str, &str),
) {
    let mut changes = shaping::changes(api, store, shape, input);
    changes.remove("id");
    if table == USER_GROUPS {
        if let Some(Value::Array(given)) = input.get("sources") {
            let current = store.get(table, id).and_then(|r| r.get("sources")).cloned();
            let merged = merge_sources(current, given, changes.get("sources"));
            changes.insert("sources".into(), merged);
        }
        name_sources(store, &mut changes);
    }
    let user = current_user_ref(store);
    let Some(record) = store
        .table_mut(table)
        .iter_mut()
        .find(|r| id_of(r) == Some(id))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let audit_keys: Vec<String> = record.keys().cloned().collect();
    for key in audit_keys {
        if is_one_of(&key, &MODIFIED_BY) {
            record.insert(key, user.clone());
        } else if is_one_of(&key, &MODIFIED_TIME) {
            record.insert(key, Value::String(now.to_owned()));
        }
    }
    let touched: Vec<String> = changes.keys().cloned().collect();
    record.append(&mut changes);
    derive_after_change(table, record, &touched);
}

/// Merges the sources of a user-group change into the group's: a source with `_delete: true`
/// removes the source naming the same record, another replaces it or is added. `converted`
/// holds the given sources shaped as `Source`s, in the same order.
fn merge_sources(current: Option<Value>, given: &[Value], converted: Option<&Value>) -> Value {
    let mut sources = match current {
        Some(Value::Array(sources)) => sources,
        _ => Vec::new(),
    };
    let converted = converted
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let key = |s: &Value| {
        (
            s.get("type").and_then(Value::as_str).map(str::to_owned),
            s.get("source").and_then(|r| r.get("id")).and_then(id_text),
        )
    };
    for (raw, source) in given.iter().zip(converted) {
        let at = sources.iter().position(|s| key(s) == key(source));
        let delete = raw.get("_delete").and_then(Value::as_bool) == Some(true);
        match (at, delete) {
            (Some(at), true) => {
                sources.remove(at);
            }
            (Some(at), false) => {
                if let Some(slot) = sources.get_mut(at) {
                    *slot = source.clone();
                }
            }
            (None, false) => sources.push(source.clone()),
            (None, true) => {}
        }
    }
    Value::Array(sources)
}

/// The family's derived keys of a new record.
fn derive(
    store: &Store,
    table: &str,
    record: &mut Map<String, Value>,
    absent: &dyn Fn(&str) -> bool,
) {
    match table {
        ROLES | PROFILES if absent("display_label") => copy_name_to_label(record),
        USERS if absent("full_name") => set_full_name(record),
        USER_GROUPS => name_sources(store, record),
        _ => {}
    }
}

/// The family's derived keys after a change to the keys `touched`.
fn derive_after_change(table: &str, record: &mut Map<String, Value>, touched: &[String]) {
    let touched = |key: &str| touched.iter().any(|t| t == key);
    match table {
        ROLES | PROFILES if touched("name") => copy_name_to_label(record),
        USERS if touched("first_name") || touched("last_name") => set_full_name(record),
        _ => {}
    }
}

/// `display_label` = `name`.
fn copy_name_to_label(record: &mut Map<String, Value>) {
    if let Some(name) = record.get("name").cloned() {
        record.insert("display_label".into(), name);
    }
}

/// `full_name` = `first_name last_name`.
fn set_full_name(record: &mut Map<String, Value>) {
    let part = |key: &str| {
        record
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let full = format!("{} {}", part("first_name"), part("last_name"));
    record.insert("full_name".into(), Value::String(full.trim().to_owned()));
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
    for source in sources.iter_mut().filter_map(Value::as_object_mut) {
        let table = source
            .get("type")
            .and_then(Value::as_str)
            .map(source_table)
            .map(str::to_owned);
        let Some(reference) = source.get_mut("source").and_then(Value::as_object_mut) else {
            continue;
        };
        if reference.contains_key("name") {
            continue;
        }
        let name = table
            .zip(reference.get("id").and_then(Value::as_str))
            .and_then(|(table, id)| store.get(&table, id))
            .and_then(display_name);
        if let Some(name) = name {
            reference.insert("name".into(), Value::String(name.to_owned()));
        }
    }
}

/// Family rules on a request item that passed the spec's checks: each user-group source (but
/// one being removed) must name an existing record of the store its `type` names.
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
    let sources = item
        .get("sources")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (j, source) in sources.iter().enumerate() {
        if source.get("_delete").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let source_type = source
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let id = source
            .get("source")
            .and_then(|s| s.get("id"))
            .and_then(id_text);
        if id.is_some_and(|id| store.contains(source_table(source_type), &id)) {
            continue;
        }
        let trigger = Trigger::UnknownReference {
            key: "sources".into(),
        };
        let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
            let message = format!("source {j} names no existing record of type `{source_type}`");
            ZohoError::coded(op, "INVALID_DATA", 400, message)
        });
        return Err(error
            .detail("api_name", "id")
            .detail("json_path", format!("{json_path}.sources[{j}].source.id")));
    }
    Ok(())
}

/// Whether a user record is of the `type` the Get Users query asks for (`AllUsers` when absent).
pub(crate) fn selected(
    store: &Store,
    table: &str,
    record: &Value,
    query: &[(String, String)],
) -> bool {
    if table != USERS {
        return true;
    }
    let is = |key: &str, value: Value| record.get(key) == Some(&value);
    let active = is("status", json!("active"));
    let confirmed = is("confirm", json!(true));
    let admin = record
        .get("profile")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        == Some("Administrator");
    match params::first(query, "type").unwrap_or("AllUsers") {
        "CurrentUser" => current_user(store).and_then(id_of) == id_of(record),
        "ActiveUsers" => active,
        "DeactiveUsers" => is("status", json!("inactive")),
        "ConfirmedUsers" => confirmed,
        "NotConfirmedUsers" => !confirmed,
        "DeletedUsers" => is("status", json!("deleted")),
        "ActiveConfirmedUsers" => active && confirmed,
        "AdminUsers" => admin,
        "ActiveConfirmedAdmins" => admin && active && confirmed,
        _ => true,
    }
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
        for source in sources
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(t) = source.get("type").and_then(Value::as_str) {
                let n = counts.get(t).and_then(Value::as_u64).unwrap_or(0);
                counts.insert(t.to_owned(), Value::from(n + 1));
            }
        }
        object.insert("sources_count".into(), Value::Object(counts));
    }
    record
}

/// Family rules before deleting record `id` of `table`: the users of a role or profile go to
/// the one the delete call's transfer parameter names, which must be another existing record.
pub(crate) fn check_delete(
    op: &Operation,
    store: &Store,
    table: &str,
    id: &str,
    query: &[(String, String)],
) -> Result<(), ZohoError> {
    let Some((_, _, param)) = TRANSFERS
        .iter()
        .find(|(t, _, p)| *t == table && op.query.iter().any(|q| q.name == *p))
    else {
        return Ok(());
    };
    match params::first(query, param) {
        Some(target) if target != id && store.contains(table, target) => Ok(()),
        _ => {
            let message = format!("`{param}` names no other existing record of {table}");
            Err(ZohoError::invalid_data(op, message).detail("param_name", *param))
        }
    }
}

/// Deletes record `id` of `table`. The users of a deleted role or profile go to the transfer
/// target; roles reporting to a deleted role report to the target instead (the target itself
/// moves up to the deleted role's parent).
pub(crate) fn delete(store: &mut Store, table: &str, id: &str, query: &[(String, String)]) {
    let Some(removed) = store.remove(table, id) else {
        return;
    };
    let Some((_, user_key, param)) = TRANSFERS.iter().find(|(t, _, _)| *t == table) else {
        return;
    };
    let Some(target) = params::first(query, param)
        .and_then(|t| store.get(table, t))
        .map(reference_to)
    else {
        return;
    };
    let target_id = id_text(&target);
    for user in store
        .table_mut(USERS)
        .iter_mut()
        .filter_map(Value::as_object_mut)
    {
        if user.get(*user_key).and_then(id_text).as_deref() == Some(id) {
            user.insert((*user_key).to_owned(), target.clone());
        }
    }
    if table != ROLES {
        return;
    }
    let parent = removed.get("reporting_to").cloned().unwrap_or(Value::Null);
    for role in store
        .table_mut(ROLES)
        .iter_mut()
        .filter_map(Value::as_object_mut)
    {
        if role.get("reporting_to").and_then(id_text).as_deref() == Some(id) {
            let is_target = role.get("id").and_then(id_text) == target_id;
            let new_parent = if is_target {
                parent.clone()
            } else {
                target.clone()
            };
            role.insert("reporting_to".into(), new_parent);
        }
    }
}
