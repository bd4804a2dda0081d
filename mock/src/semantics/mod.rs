//! Per-family rules the spec cannot express, written by hand, one module per family: audit keys
//! and derived keys (a role's or profile's `display_label`, a user's `full_name` and settings),
//! user-group sources, profile permissions, what `include` adds, the `type` filter of users and
//! their soft deletion, what deleting a role, profile, territory or user needs and does, and the
//! operations the generic kinds (list, get, count, create, update, delete) do not cover, served
//! by name. Everything else about records follows the spec generically (`shaping`,
//! `item_checks`, `records`, `actions`).

mod profiles;
mod roles;
mod territories;
mod user_groups;
mod users;

use axum::response::Response;
use serde_json::{json, Map, Value};
use zohocrm_build::model::{Api, Operation};

use crate::actions::Item;
use crate::call::Call;
use crate::catalog;
use crate::params;
use crate::shaping::{self, Shape};
use crate::store::{display_name, id_of, id_text, Store};
use crate::zoho_error::ZohoError;

const ROLES: &str = "roles";
const PROFILES: &str = "profiles";
const USER_GROUPS: &str = "user_groups";
const TERRITORIES: &str = "territories";
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
/// Stores whose records hold users, with the key naming the record and the query parameter of
/// the delete call naming where those users go.
const TRANSFERS: [(&str, &str, &str); 2] = [
    (ROLES, "role", "transfer_to_id"),
    (PROFILES, "profile", "transfer_to"),
];

/// The user the mock acts as: the first record of `users` (the seed's administrator).
pub(crate) fn current_user(store: &Store) -> Option<&Value> {
    store.all(USERS).next()
}

/// The mock's user as a reference.
fn current_user_ref(store: &Store) -> Value {
    current_user(store).map_or(Value::Null, reference_to)
}

/// A reference `{"name", "id"}` to `record`.
fn reference_to(record: &Value) -> Value {
    json!({"name": display_name(record).unwrap_or_default(), "id": id_of(record).unwrap_or_default()})
}

/// The id a record's key names, e.g. the parent in `reporting_to`.
fn id_at(record: &Value, key: &str) -> Option<String> {
    record.get(key).and_then(id_text)
}

/// Whether `key` is one of `keys`, ignoring case (users have `Modified_By`).
fn is_one_of(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Whether a record is one Zoho keeps after deleting it: a user with status `deleted`. Such a
/// record is listed only as a deleted user and otherwise counts as gone.
pub(crate) fn is_deleted(table: &str, record: &Value) -> bool {
    table == USERS && users::is_deleted(record)
}

/// Whether `table` holds record `id`, not counting deleted users.
fn exists(store: &Store, table: &str, id: &str) -> bool {
    store.get(table, id).is_some_and(|r| !is_deleted(table, r))
}

/// The operation of the spec called `name`.
fn operation<'a>(api: &'a Api, name: &str) -> Option<&'a Operation> {
    api.operations()
        .map(|(_, op)| op)
        .find(|op| op.name == name)
}

/// The ids of the records of `table` below record `id` in the hierarchy its key `parent_key`
/// (`reporting_to`) makes, at any depth.
fn below(store: &Store, table: &str, parent_key: &str, id: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut parents = vec![id.to_owned()];
    while let Some(parent) = parents.pop() {
        for record in store.all(table) {
            let Some(child) = id_of(record) else {
                continue;
            };
            let reports = id_at(record, parent_key).as_deref() == Some(parent.as_str());
            if reports && child != id && !found.iter().any(|f| f == child) {
                found.push(child.to_owned());
                parents.push(child.to_owned());
            }
        }
    }
    found
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
    match table {
        ROLES | PROFILES if absent("display_label") => copy_name_to_label(&mut record),
        USERS => users::derive(store, &mut record, &absent),
        USER_GROUPS => user_groups::name_sources(store, &mut record),
        _ => {}
    }
    Value::Object(record)
}

/// Applies the changes of a request item to record `id` of `table`: shaped by the spec, the
/// change audit keys set to the mock's user and `now`, user-group sources merged, the `enabled`
/// of the profile permissions named set, then the family's derived keys.
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
    match table {
        USER_GROUPS => user_groups::merge_sources(store, id, input, &mut changes),
        PROFILES => {
            changes.remove("permissions_details");
        }
        _ => {}
    }
    let user = current_user_ref(store);
    store.update(table, id, |record| {
        let Some(record) = record.as_object_mut() else {
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
        if table == PROFILES {
            profiles::set_permissions(record, input);
        }
        let touched: Vec<String> = changes.keys().cloned().collect();
        record.append(&mut changes);
        let touched = |key: &str| touched.iter().any(|t| t == key);
        match table {
            ROLES | PROFILES if touched("name") => copy_name_to_label(record),
            USERS if touched("first_name") || touched("last_name") => users::set_full_name(record),
            _ => {}
        }
    });
}

/// `display_label` = `name`.
fn copy_name_to_label(record: &mut Map<String, Value>) {
    if let Some(name) = record.get("name").cloned() {
        record.insert("display_label".into(), name);
    }
}

/// Family rules on a create or update item that passed the spec's checks (user-group sources,
/// user state and signature, profile permissions); `record` is the record an update changes.
pub(crate) fn check_item(
    call: Call<'_>,
    store: &Store,
    item: Item<'_>,
    record: Option<&str>,
) -> Result<(), ZohoError> {
    match call.table() {
        USER_GROUPS => user_groups::check_sources(call.op, store, item, record),
        USERS => users::check_item(call.op, store, item, record),
        PROFILES => profiles::check_permissions(call.op, store, item, record),
        _ => Ok(()),
    }
}

/// Whether a record is of the kind the list call's query asks for (the `type` of users).
pub(crate) fn selected(
    store: &Store,
    table: &str,
    record: &Value,
    query: &[(String, String)],
) -> bool {
    table != USERS || users::selected(store, record, query)
}

/// A stored record as a response shows it, given the call's `include` values (user groups) and
/// whether the call reads it `single` by id (a listed profile has no `permissions_details`).
pub(crate) fn view(table: &str, record: &Value, include: &[&str], single: bool) -> Value {
    match table {
        USER_GROUPS => user_groups::view(record, include),
        PROFILES if !single => profiles::listed(record),
        _ => record.clone(),
    }
}

/// The error for a body with more items than the operation's `max_items`, where the page
/// documents one.
pub(crate) fn too_many_items(op: &Operation) -> Option<ZohoError> {
    users::too_many_items(op)
}

/// Family rules before deleting record `id` of `table`: the users of a role or profile go to
/// the one the delete call's transfer parameter names, which must be another existing record;
/// the org's top territory and territories with children stay; the primary contact and users
/// already deleted cannot be deleted.
pub(crate) fn check_delete(
    op: &Operation,
    store: &Store,
    table: &str,
    id: &str,
    query: &[(String, String)],
) -> Result<(), ZohoError> {
    match table {
        TERRITORIES => territories::check_delete(op, store, id),
        USERS => users::check_delete(op, store, id),
        _ => check_transfer_target(op, store, table, id, query),
    }
}

/// The transfer parameter of a role's or profile's delete call must name another existing
/// record.
fn check_transfer_target(
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

/// Deletes record `id` of `table` (and the territory associations it is part of); a user is
/// kept with status `deleted`. The users of a deleted role or profile go to the transfer target;
/// roles reporting to a deleted role report to the target instead.
pub(crate) fn delete(store: &mut Store, table: &str, id: &str, query: &[(String, String)]) {
    if table == USERS {
        users::mark_deleted(store, id);
        return;
    }
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
    store.update_all(USERS, |user| {
        let Some(user) = user.as_object_mut() else {
            return;
        };
        if user.get(*user_key).and_then(id_text).as_deref() == Some(id) {
            user.insert((*user_key).to_owned(), target.clone());
        }
    });
    if table == ROLES {
        roles::move_sub_roles(store, &removed, &target);
    }
}

/// Serves an operation the generic kinds do not cover, by its family and name; `path` holds the
/// path parameters in path order. `None` for an operation the mock does not know.
pub(crate) fn serve(
    call: Call<'_>,
    path: &[&str],
    body: &[u8],
    store: &mut Store,
) -> Option<Response> {
    match call.table() {
        TERRITORIES => territories::serve(call, path, body, store),
        USERS => users::serve(call, path, body, store),
        USER_GROUPS => user_groups::serve(call, path, store),
        PROFILES => profiles::serve(call, path, body, store),
        _ => None,
    }
}
