//! Per-family rules the spec cannot express, written by hand: one [`FamilyRules`]
//! implementation per store, whose hooks do nothing by default, chosen by [`rules`]. Audit keys
//! and derived keys (a role's or profile's `display_label`, a user's `full_name` and settings),
//! user-group sources, profile permissions, what `include` adds, the `type` filter of users and
//! their soft deletion, what deleting a role, profile, territory or user needs and does, and the
//! operations the generic kinds (list, get, count, create, update, delete) do not cover, served
//! by name. Behaviours several stores share are written once: the user↔territory association
//! (`association`), moving a deleted record's users (`transfer`) and member counts. Everything
//! else about records follows the spec generically (`shaping`, `item_checks`, `records`,
//! `actions`).

mod association;
mod profiles;
mod roles;
mod territories;
mod transfer;
mod user_groups;
mod users;

use axum::response::Response;
use serde_json::{json, Map, Value};
use zohocrm_build::model::{Api, Operation};

use crate::actions::Item;
use crate::call::Call;
use crate::catalog;
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

/// The rules of one store that the spec cannot express. Every hook does nothing by default, so
/// a store without rules is served from the spec alone.
pub(crate) trait FamilyRules: Sync {
    /// Whether a stored record counts as gone though it is kept (a deleted user).
    fn is_deleted(&self, _record: &Value) -> bool {
        false
    }

    /// Whether a new record's change audit keys stay `null` until it changes (user groups).
    fn unchanged_until_changed(&self) -> bool {
        false
    }

    /// Sets the derived keys of a new record; `absent` tells the keys its input lacks.
    fn derive(
        &self,
        _store: &Store,
        _record: &mut Map<String, Value>,
        _absent: &dyn Fn(&str) -> bool,
    ) {
    }

    /// Adjusts the shaped `changes` a request item makes to record `id` before they apply.
    fn prepare_changes(
        &self,
        _store: &Store,
        _id: &str,
        _input: &Map<String, Value>,
        _changes: &mut Map<String, Value>,
    ) {
    }

    /// Sets the derived keys of a changed record; `touched` tells the keys the change set.
    fn after_changes(
        &self,
        _record: &mut Map<String, Value>,
        _input: &Map<String, Value>,
        _touched: &dyn Fn(&str) -> bool,
    ) {
    }

    /// Rules on a create or update item that passed the spec's checks; `record` is the record
    /// an update changes.
    fn check_item(
        &self,
        _op: &Operation,
        _store: &Store,
        _item: Item<'_>,
        _record: Option<&str>,
    ) -> Result<(), ZohoError> {
        Ok(())
    }

    /// Whether a record is of the kind the list call's query asks for.
    fn selected(&self, _store: &Store, _record: &Value, _query: &[(String, String)]) -> bool {
        true
    }

    /// A stored record as a response shows it, given the call's `include` values and whether
    /// the call reads it `single` by id.
    fn view(&self, record: &Value, _include: &[&str], _single: bool) -> Value {
        record.clone()
    }

    /// The error for a body with more items than the operation's `max_items`, where the page
    /// documents one.
    fn too_many_items(&self, _op: &Operation) -> Option<ZohoError> {
        None
    }

    /// Rules before deleting record `id`, given the delete call's query.
    fn check_delete(
        &self,
        _op: &Operation,
        _store: &Store,
        _id: &str,
        _query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        Ok(())
    }

    /// Deletes record `id` of `table` (and the territory associations it is part of).
    fn delete(&self, store: &mut Store, table: &str, id: &str, _query: &[(String, String)]) {
        store.remove(table, id);
    }

    /// Serves an operation the generic kinds do not cover; `path` holds the path parameters in
    /// path order. `None` for an operation the store has no rule for.
    fn serve(
        &self,
        _call: Call<'_>,
        _path: &[&str],
        _body: &[u8],
        _store: &mut Store,
    ) -> Option<Response> {
        None
    }
}

/// The rules of a store with none beyond the spec.
struct NoRules;

impl FamilyRules for NoRules {}

/// The rules of `store`: the one place a store's name picks its rules.
pub(crate) fn rules(store: &str) -> &'static dyn FamilyRules {
    match store {
        ROLES => &roles::Roles,
        PROFILES => &profiles::Profiles,
        USER_GROUPS => &user_groups::UserGroups,
        TERRITORIES => &territories::Territories,
        USERS => &users::Users,
        _ => &NoRules,
    }
}

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

/// Whether `table` holds record `id`, not counting deleted users.
fn exists(store: &Store, table: &str, id: &str) -> bool {
    store
        .get(table, id)
        .is_some_and(|r| !rules(table).is_deleted(r))
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

/// `{"<key>": {"name", "id"}, "count": n}` for each of `records`, `n` being the number of
/// members `members` gives for its id, written as `shown` writes it.
fn member_counts<'a>(
    records: impl IntoIterator<Item = &'a Value>,
    key: &str,
    members: impl Fn(&str) -> usize,
    shown: fn(usize) -> Value,
) -> Vec<Value> {
    records
        .into_iter()
        .map(|record| {
            let count = id_of(record).map_or(0, &members);
            json!({ key: reference_to(record), "count": shown(count) })
        })
        .collect()
}

/// `display_label` = `name`.
fn copy_name_to_label(record: &mut Map<String, Value>) {
    if let Some(name) = record.get("name").cloned() {
        record.insert("display_label".into(), name);
    }
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
    let rules = rules(table);
    let mut record = shaping::new(api, store, shape, input);
    record.insert("id".into(), Value::String(id));
    let record_fields = shape
        .record_type
        .map_or(&[][..], |t| catalog::fields(api, t));
    let absent = |key: &str| input.get(key).is_none_or(Value::is_null);
    for field in record_fields.iter().filter(|f| absent(&f.json_name)) {
        let key = field.json_name.as_str();
        let changed = is_one_of(key, &MODIFIED_BY) || is_one_of(key, &MODIFIED_TIME);
        let value = if changed && rules.unchanged_until_changed() {
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
    rules.derive(store, &mut record, &absent);
    Value::Object(record)
}

/// Applies the changes of a request item to record `id` of `table`: shaped by the spec and
/// adjusted by the family, the change audit keys set to the mock's user and `now`, then the
/// family's derived keys.
pub(crate) fn apply_changes(
    api: &Api,
    store: &mut Store,
    table: &str,
    shape: Shape<'_>,
    input: &Map<String, Value>,
    (id, now): (&str, &str),
) {
    let rules = rules(table);
    let mut changes = shaping::changes(api, store, shape, input);
    changes.remove("id");
    rules.prepare_changes(store, id, input, &mut changes);
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
        let touched: Vec<String> = changes.keys().cloned().collect();
        record.append(&mut changes);
        rules.after_changes(record, input, &|key| touched.iter().any(|t| t == key));
    });
}
