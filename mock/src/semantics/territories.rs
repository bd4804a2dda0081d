//! Territories: child territories, the users of a territory (the association the
//! territories-of-a-user endpoints share), user counts, what a plain delete refuses, and
//! transfer-and-delete, which moves a territory's children to another territory.

use axum::response::{IntoResponse, Response};
use serde_json::Value;
use zohocrm_build::model::{Api, Operation, Request, Trigger};

use super::association::{self, Side};
use super::{
    below, exists, id_at, member_counts, operation, reference_to, users, FamilyRules, TERRITORIES,
    USERS,
};
use crate::actions;
use crate::call::Call;
use crate::records;
use crate::shaping;
use crate::store::{display_name, id_of, id_text, Store};
use crate::zoho_error::ZohoError;

/// The association operation that names the users in its body.
const ASSOCIATE_MANY: &str = "associate_users_with_territory";
/// The transfer-and-delete operation that names the territories in its body.
const TRANSFER_MANY: &str = "transfer_and_delete_territories";
/// Keys a territory user always has that a user record may lack, with the values the page's
/// sample shows.
const TERRITORY_USER_DEFAULTS: [(&str, &str); 2] = [
    ("category", "regular_user"),
    ("sort_order_preference__s", "First Name,Last Name"),
];

/// The rules of `territories`.
pub(super) struct Territories;

impl FamilyRules for Territories {
    fn check_delete(
        &self,
        op: &Operation,
        store: &Store,
        id: &str,
        _query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        check_delete(op, store, id)
    }

    fn serve(
        &self,
        call: Call<'_>,
        path: &[&str],
        body: &[u8],
        store: &mut Store,
    ) -> Option<Response> {
        serve(call, path, body, store)
    }
}

/// Serves the territories operations the generic kinds do not cover.
fn serve(call: Call<'_>, path: &[&str], body: &[u8], store: &mut Store) -> Option<Response> {
    let op = call.op;
    let response = match (op.name.as_str(), path) {
        ("get_child_territories", [territory]) => children(call, territory, store),
        ("territory_associated_user_count", []) => {
            let count = |id: &str| association::associated(store, Side::Territory, id).count();
            let shown = |n: usize| Value::String(n.to_string());
            let items = member_counts(store.all(TERRITORIES), "territory", count, shown);
            records::answer(call, items)
        }
        ("get_territory_users", [territory]) => members(call, territory, None, store),
        ("get_territory_user", [territory, user]) => members(call, territory, Some(user), store),
        (ASSOCIATE_MANY, [territory]) => association::add_each(
            call,
            op.request.as_ref()?,
            (Side::Territory, territory),
            body,
            store,
            |store, user, territory| join(op, None, store, territory, user),
        ),
        ("associate_user_with_territory", [territory, user]) => {
            let result = if store.contains(TERRITORIES, territory) {
                let sibling = operation(call.api, ASSOCIATE_MANY);
                join(op, sibling, store, territory, user)
                    .map(|()| actions::id_details(call, user))
                    .map_err(|error| error.detail("id", *user))
            } else {
                Err(actions::unknown_record(op, TERRITORIES, territory))
            };
            actions::one(call, result)
        }
        ("disassociate_users_from_territory", [territory]) => {
            association::remove_each(call, (Side::Territory, territory), store)
        }
        ("disassociate_user_from_territory", [territory, user]) => {
            association::remove_one(call, (Side::Territory, territory), user, store)
        }
        (TRANSFER_MANY, []) => transfer_and_delete(call, op.request.as_ref()?, None, body, store),
        ("transfer_and_delete_territory", [territory]) => {
            transfer_and_delete(call, op.request.as_ref()?, Some(territory), body, store)
        }
        _ => return None,
    };
    Some(response)
}

/// The territories reporting directly to `territory` that the query selects, paged.
fn children(call: Call<'_>, territory: &str, store: &Store) -> Response {
    if !store.contains(TERRITORIES, territory) {
        return records::missing_parent(call.op, territory);
    }
    match records::filtered(call, store) {
        Ok(found) => {
            let items = found
                .into_iter()
                .filter(|t| id_at(t, "reporting_to").as_deref() == Some(territory))
                .cloned()
                .collect();
            records::answer(call, items)
        }
        Err(error) => error.into_response(),
    }
}

/// The users of territory `territory` (only `only`, when given), as the operation's user type.
fn members(call: Call<'_>, territory: &str, only: Option<&str>, store: &Store) -> Response {
    if !store.contains(TERRITORIES, territory) {
        return records::missing_parent(call.op, territory);
    }
    let items = association::associated(store, Side::Territory, territory)
        .filter(|u| only.is_none_or(|only| id_of(u) == Some(only)))
        .map(|u| territory_user(call.api, call.op.response.item_type(), u))
        .collect();
    records::answer(call, items)
}

/// A user as `TerritoryUser` (`item_type`) shows it: the keys it has, the sample's `category` and
/// sort order where the user has none, and the full name as `first_name` where that is `null`.
fn territory_user(api: &Api, item_type: &str, user: &Value) -> Value {
    let mut view = shaping::project(api, item_type, user);
    for (key, value) in TERRITORY_USER_DEFAULTS {
        if view.get(key).is_none_or(Value::is_null) {
            view.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    }
    if view.get("first_name").is_none_or(Value::is_null) {
        let name = display_name(user).unwrap_or_default();
        view.insert("first_name".into(), Value::String(name.to_owned()));
    }
    Value::Object(view)
}

/// Makes user `user` belong to territory `territory`: the user must exist, be active and not
/// belong to it yet. Errors are those `op` (or its body form `sibling`) documents for the `id`.
fn join(
    op: &Operation,
    sibling: Option<&Operation>,
    store: &mut Store,
    territory: &str,
    user: &str,
) -> Result<(), ZohoError> {
    let documented = |trigger: Trigger, code: &str, message: &str| {
        ZohoError::documented_like(op, sibling, &trigger)
            .unwrap_or_else(|| ZohoError::coded(op, code, 400, message))
    };
    let key = || "id".to_owned();
    if !exists(store, USERS, user) {
        let trigger = Trigger::UnknownReference { key: key() };
        return Err(documented(trigger, "INVALID_DATA", "no user has this id"));
    }
    if users::state(store, user) != "active" {
        let trigger = Trigger::InvalidValue { key: key() };
        return Err(documented(
            trigger,
            "INVALID_DATA",
            "the user is not active",
        ));
    }
    if !store.associate(user, territory) {
        let trigger = Trigger::Duplicate { key: key() };
        let message = "the user already belongs to the territory";
        return Err(documented(trigger, "DUPLICATE_DATA", message));
    }
    Ok(())
}

/// Whether territory `id` is the org's top territory (the one without a parent).
fn is_org_territory(store: &Store, id: &str) -> bool {
    store
        .get(TERRITORIES, id)
        .is_some_and(|t| id_at(t, "reporting_to").is_none())
}

/// A plain delete of territory `id` refuses the org's top territory and a territory with child
/// territories (those need transfer-and-delete): the page's `NOT_ALLOWED` entries.
fn check_delete(op: &Operation, store: &Store, id: &str) -> Result<(), ZohoError> {
    let has_children = || {
        store
            .all(TERRITORIES)
            .any(|t| id_at(t, "reporting_to").as_deref() == Some(id))
    };
    let (phrase, fallback) = if is_org_territory(store, id) {
        ("Org Territory", "the org's top territory cannot be deleted")
    } else if has_children() {
        (
            "child territory",
            "the territory has child territories: use transfer and delete",
        )
    } else {
        return Ok(());
    };
    Err(ZohoError::mentioning(op, "NOT_ALLOWED", phrase, fallback).detail("id", id))
}

/// The error for deleting the org's top territory, as `op` or its body form `sibling`
/// documents it for the `id`.
fn org_territory_error(op: &Operation, sibling: Option<&Operation>) -> ZohoError {
    let trigger = Trigger::InvalidValue { key: "id".into() };
    ZohoError::documented_like(op, sibling, &trigger).unwrap_or_else(|| {
        let message = "the org's top territory cannot be deleted";
        ZohoError::coded(op, "INVALID_DATA", 400, message)
    })
}

/// Deletes the territory the path (`path_territory`) or each item's `id` names, after moving
/// its child territories to `transfer_to_id`, which must be neither the territory nor below it.
fn transfer_and_delete(
    call: Call<'_>,
    request: &Request,
    path_territory: Option<&str>,
    body: &[u8],
    store: &mut Store,
) -> Response {
    let op = call.op;
    let sibling = operation(call.api, TRANSFER_MANY);
    if let Some(territory) = path_territory {
        if !store.contains(TERRITORIES, territory) {
            return actions::unknown_record(op, TERRITORIES, territory).into_response();
        }
        if is_org_territory(store, territory) {
            let error = org_territory_error(op, sibling).detail("id", territory);
            return error.into_response();
        }
    }
    actions::each_item(call, request, store, body, &|_| None, |store, item| {
        let at = |key: &str| format!("{}.{key}", item.json_path);
        let territory = match path_territory {
            Some(territory) => territory.to_owned(),
            None => actions::item_id(op, item, "id")?,
        };
        if is_org_territory(store, &territory) {
            let error = org_territory_error(op, sibling);
            return Err(error.detail("api_name", "id").detail("json_path", at("id")));
        }
        let target = actions::item_id(op, item, "transfer_to_id")?;
        let bad_target = if target == territory {
            let fallback = "`transfer_to_id` names the territory being deleted";
            Some(ZohoError::mentioning(
                op,
                "INVALID_DATA",
                "same as current parent",
                fallback,
            ))
        } else if below(store, TERRITORIES, "reporting_to", &territory).contains(&target) {
            let fallback = "`transfer_to_id` is below the territory being deleted";
            Some(ZohoError::mentioning(
                op,
                "INVALID_DATA",
                "not at a higher",
                fallback,
            ))
        } else {
            None
        };
        if let Some(error) = bad_target {
            let error = error.detail("api_name", "transfer_to_id");
            return Err(error.detail("json_path", at("transfer_to_id")));
        }
        if let Some(parent) = store.get(TERRITORIES, &target).map(reference_to) {
            store.update_all(TERRITORIES, |child| {
                let Some(child) = child.as_object_mut() else {
                    return;
                };
                if child.get("reporting_to").and_then(id_text).as_deref() == Some(&territory) {
                    child.insert("reporting_to".into(), parent.clone());
                }
            });
        }
        store.remove(TERRITORIES, &territory);
        Ok(actions::id_details(call, &territory))
    })
}
