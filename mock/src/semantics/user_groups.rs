//! User groups: sources (each must name an existing record of the store its `type` names;
//! names are filled in; updates merge them), what `include` adds, the sources and their counts,
//! associations (the mock has no features that use groups), and membership: the users a group's
//! sources take in.

use std::collections::BTreeSet;

use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use zohocrm_build::model::{Operation, Trigger};

use super::{
    below, exists, id_at, member_counts, users, FamilyRules, ROLES, TERRITORIES, USERS, USER_GROUPS,
};
use crate::actions::Item;
use crate::call::Call;
use crate::params;
use crate::records;
use crate::store::{display_name, id_of, id_text, Store};
use crate::zoho_error::ZohoError;

/// The rules of `user_groups`.
pub(super) struct UserGroups;

impl FamilyRules for UserGroups {
    fn unchanged_until_changed(&self) -> bool {
        true
    }

    fn derive(
        &self,
        store: &Store,
        record: &mut Map<String, Value>,
        _absent: &dyn Fn(&str) -> bool,
    ) {
        name_sources(store, record);
    }

    fn prepare_changes(
        &self,
        store: &Store,
        id: &str,
        input: &Map<String, Value>,
        changes: &mut Map<String, Value>,
    ) {
        merge_sources(store, id, input, changes);
    }

    fn check_item(
        &self,
        op: &Operation,
        store: &Store,
        item: Item<'_>,
        record: Option<&str>,
    ) -> Result<(), ZohoError> {
        check_sources(op, store, item, record)
    }

    fn view(&self, record: &Value, include: &[&str], _single: bool) -> Value {
        view(record, include)
    }

    fn serve(
        &self,
        call: Call<'_>,
        path: &[&str],
        _body: &[u8],
        store: &mut Store,
    ) -> Option<Response> {
        serve(call, path, store)
    }
}

/// Serves the user-group operations the generic kinds do not cover.
fn serve(call: Call<'_>, path: &[&str], store: &Store) -> Option<Response> {
    let op = call.op;
    let response = match (op.name.as_str(), path) {
        ("get_sources", [group]) => match store.get(USER_GROUPS, group) {
            Some(group) => records::answer(call, sources(call, store, group)),
            None => records::missing_parent(op, group),
        },
        ("get_sources_count", [group]) => match store.get(USER_GROUPS, group) {
            Some(group) => records::answer(call, vec![sources_count(store, group)]),
            None => records::missing_parent(op, group),
        },
        ("get_associations", [group]) => match store.get(USER_GROUPS, group) {
            Some(_) => records::answer(call, Vec::new()),
            None => records::missing_parent(op, group),
        },
        ("get_associated_users_count", []) => match records::filtered(call, store) {
            Ok(groups) => {
                let count = |id: &str| members(store, id).len();
                let items = member_counts(groups, "user_group", count, Value::from);
                records::answer(call, items)
            }
            Err(error) => error.into_response(),
        },
        ("get_associated_groups_of_user", [user]) => {
            if !exists(store, USERS, user) {
                return Some(records::missing_parent(op, user));
            }
            match records::filtered(call, store) {
                Ok(groups) => {
                    let include = records::include(call.query);
                    let items = groups
                        .into_iter()
                        .filter(|g| id_of(g).is_some_and(|id| members(store, id).contains(*user)))
                        .map(|g| view(g, &include))
                        .collect();
                    records::answer(call, items)
                }
                Err(error) => error.into_response(),
            }
        }
        _ => return None,
    };
    Some(response)
}

/// The sources of a group as stored.
fn sources_of(group: &Value) -> &[Value] {
    group
        .get("sources")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// The `type` of a source and the id of the record it names.
fn source_of(source: &Value) -> (&str, Option<String>) {
    let source_type = source
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let id = source
        .get("source")
        .and_then(|s| s.get("id"))
        .and_then(id_text);
    (source_type, id)
}

/// The group's sources of the query's `type`; with `user_type`, only the user sources whose
/// user is in that state.
fn sources(call: Call<'_>, store: &Store, group: &Value) -> Vec<Value> {
    let wanted = params::first(call.query, "type");
    let state = params::first(call.query, "user_type");
    sources_of(group)
        .iter()
        .filter(|source| {
            let (source_type, id) = source_of(source);
            let in_state = |s: &str| {
                source_type == "users" && users::state(store, &id.unwrap_or_default()) == s
            };
            wanted.is_none_or(|w| w == source_type) && state.is_none_or(in_state)
        })
        .cloned()
        .collect()
}

/// How many sources of each type the group has, users by state.
fn sources_count(store: &Store, group: &Value) -> Value {
    let mut counts: Map<String, Value> = ["territories", "roles", "groups"]
        .into_iter()
        .map(|t| (t.to_owned(), json!(0)))
        .collect();
    let mut states: Map<String, Value> = ["inactive", "deleted", "active"]
        .into_iter()
        .map(|s| (s.to_owned(), json!(0)))
        .collect();
    for source in sources_of(group) {
        let (source_type, id) = source_of(source);
        let slot = if source_type == "users" {
            states.get_mut(users::state(store, &id.unwrap_or_default()))
        } else {
            counts.get_mut(source_type)
        };
        if let Some(slot) = slot {
            *slot = json!(slot.as_u64().unwrap_or(0) + 1);
        }
    }
    counts.insert("users".into(), Value::Object(states));
    Value::Object(counts)
}

/// The ids of the users (not deleted) group `group` takes in: users named, users of the roles named
/// and of the territories named (and of those below them, with `subordinates`), and the members
/// of the groups named.
fn members(store: &Store, group: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut seen: Vec<String> = Vec::new();
    let mut pending = vec![group.to_owned()];
    while let Some(group) = pending.pop() {
        if seen.contains(&group) {
            continue;
        }
        let Some(record) = store.get(USER_GROUPS, &group) else {
            continue;
        };
        seen.push(group);
        for source in sources_of(record) {
            let (source_type, Some(id)) = source_of(source) else {
                continue;
            };
            let with_below = |table: &str| {
                let mut ids = vec![id.clone()];
                if source.get("subordinates") == Some(&Value::Bool(true)) {
                    ids.extend(below(store, table, "reporting_to", &id));
                }
                ids
            };
            let users = store.all(USERS).filter(|u| !users::is_deleted(u));
            match source_type {
                "users" if exists(store, USERS, &id) => {
                    found.insert(id);
                }
                "roles" => {
                    let roles = with_below(ROLES);
                    let in_roles = users
                        .filter(|u| id_at(u, "role").is_some_and(|r| roles.contains(&r)))
                        .filter_map(id_of);
                    found.extend(in_roles.map(str::to_owned));
                }
                "territories" => {
                    let territories = with_below(TERRITORIES);
                    let in_territories = users
                        .filter_map(id_of)
                        .filter(|u| territories.iter().any(|t| store.is_associated(u, t)));
                    found.extend(in_territories.map(str::to_owned));
                }
                "groups" => pending.push(id),
                _ => {}
            }
        }
    }
    found
}

/// Merges the sources of a change to group `id` into the group's: a source with
/// `_delete: true` removes the source naming the same record, another replaces it or is added;
/// then names the sources.
fn merge_sources(
    store: &Store,
    id: &str,
    input: &Map<String, Value>,
    changes: &mut Map<String, Value>,
) {
    if let Some(Value::Array(given)) = input.get("sources") {
        let current = store
            .get(USER_GROUPS, id)
            .and_then(|r| r.get("sources"))
            .cloned();
        let merged = merged(current, given, changes.get("sources"));
        changes.insert("sources".into(), merged);
    }
    name_sources(store, changes);
}

/// The group's sources after a change: `converted` holds the given sources shaped as
/// `Source`s, in the same order.
fn merged(current: Option<Value>, given: &[Value], converted: Option<&Value>) -> Value {
    let mut sources = match current {
        Some(Value::Array(sources)) => sources,
        _ => Vec::new(),
    };
    let converted = converted
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let key = |s: &Value| {
        let (source_type, id) = source_of(s);
        (source_type.to_owned(), id)
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

/// A new group (no `record` to change) needs at least one source; each source of a request item
/// (but one being removed) must name an existing record of the store its `type` names (a user
/// not deleted).
fn check_sources(
    op: &Operation,
    store: &Store,
    item: Item<'_>,
    record: Option<&str>,
) -> Result<(), ZohoError> {
    let json_path = item.json_path;
    let Some(sources) = item.object.get("sources").and_then(Value::as_array) else {
        return Ok(());
    };
    if record.is_none() && sources.is_empty() {
        let trigger = Trigger::MissingKey {
            key: "sources".into(),
        };
        let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
            let message = "required field `sources` is empty: a group needs at least one source";
            ZohoError::coded(op, "MANDATORY_NOT_FOUND", 400, message)
        });
        return Err(error
            .detail("api_name", "sources")
            .detail("json_path", format!("{json_path}.sources")));
    }
    for (j, source) in sources.iter().enumerate() {
        if source.get("_delete").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let (source_type, id) = source_of(source);
        if id.is_some_and(|id| exists(store, source_table(source_type), &id)) {
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

/// A group as a response shows it, given the call's `include` values: `sources` only with
/// `include=sources`, and `sources_count` (a count per source type, types without sources left
/// out) only with `include=sources_count`.
fn view(record: &Value, include: &[&str]) -> Value {
    let mut record = record.clone();
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
