//! Users: settings, status and `full_name` of new users, what a change may not do (change a
//! deleted user, set the status a user has, leave a `<script` tag open in the signature), soft
//! deletion, the `type` filter of Get Users, the territories of a user (the association the
//! territory endpoints share), and transfer-and-delete with its job status.

use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use zohocrm_build::model::{Operation, Request, Trigger};

use super::association::{self, Side};
use super::{below, current_user, exists, operation, reference_to, FamilyRules, USERS};
use crate::actions::{self, Item};
use crate::call::Call;
use crate::params;
use crate::records;
use crate::shaping;
use crate::store::{id_of, id_text, Store};
use crate::zoho_error::ZohoError;

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
/// The store of transfer-and-delete jobs, `{"id", "status"}`.
const JOBS: &str = "transfer_and_delete_jobs";
/// The transfer-and-delete operation that names the user in its body.
const TRANSFER_MANY: &str = "transfer_records_and_delete_users";
/// The transfer-and-delete operation that names the user in its path.
const TRANSFER_ONE: &str = "transfer_records_and_delete_user";

/// The rules of `users`.
pub(super) struct Users;

impl FamilyRules for Users {
    fn is_deleted(&self, record: &Value) -> bool {
        is_deleted(record)
    }

    fn derive(
        &self,
        store: &Store,
        record: &mut Map<String, Value>,
        absent: &dyn Fn(&str) -> bool,
    ) {
        derive(store, record, absent);
    }

    fn after_changes(
        &self,
        record: &mut Map<String, Value>,
        _input: &Map<String, Value>,
        touched: &dyn Fn(&str) -> bool,
    ) {
        if touched("first_name") || touched("last_name") {
            set_full_name(record);
        }
    }

    fn check_item(
        &self,
        op: &Operation,
        store: &Store,
        item: Item<'_>,
        record: Option<&str>,
    ) -> Result<(), ZohoError> {
        check_item(op, store, item, record)
    }

    fn selected(&self, store: &Store, record: &Value, query: &[(String, String)]) -> bool {
        selected(store, record, query)
    }

    fn too_many_items(&self, op: &Operation) -> Option<ZohoError> {
        too_many_items(op)
    }

    fn check_delete(
        &self,
        op: &Operation,
        store: &Store,
        id: &str,
        _query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        check_delete(op, store, id)
    }

    fn delete(&self, store: &mut Store, _table: &str, id: &str, _query: &[(String, String)]) {
        mark_deleted(store, id);
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

/// The derived keys of a new user: the administrator's settings, the flags, `status` and
/// `full_name`, where not given.
fn derive(store: &Store, record: &mut Map<String, Value>, absent: &dyn Fn(&str) -> bool) {
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
    if absent("full_name") {
        set_full_name(record);
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

/// Whether a user has been deleted (Zoho keeps deleted users, with status `deleted`).
pub(super) fn is_deleted(record: &Value) -> bool {
    record.get("status").and_then(Value::as_str) == Some("deleted")
}

/// Deletes user `id`: its status becomes `deleted` and it leaves its territories.
fn mark_deleted(store: &mut Store, id: &str) {
    store.update(USERS, id, |user| {
        if let Some(user) = user.as_object_mut() {
            user.insert("status".into(), Value::String("deleted".into()));
        }
    });
    store.end_associations(id);
}

/// A plain delete of user `id` refuses the primary contact (the mock's user) and a user already
/// deleted, with the page's entries.
fn check_delete(op: &Operation, store: &Store, id: &str) -> Result<(), ZohoError> {
    if current_user(store).and_then(id_of) == Some(id) {
        let fallback = "the org's primary contact cannot be deleted";
        let error = ZohoError::mentioning(op, "INVALID_REQUEST", "Primary contact", fallback);
        return Err(error.detail("id", id));
    }
    if store.get(USERS, id).is_some_and(is_deleted) {
        let error = ZohoError::untriggered(op, "ID_ALREADY_DELETED").unwrap_or_else(|| {
            ZohoError::coded(op, "ID_ALREADY_DELETED", 400, "the user is already deleted")
        });
        return Err(error.detail("id", id));
    }
    Ok(())
}

/// Rules on an item adding or changing user `record`, beyond the spec's checks: a deleted user
/// cannot change (`CANNOT_UPDATE_DELETED_USER`); `status` must differ from the user's
/// (`ID_ALREADY_ACTIVE`, `ID_ALREADY_DEACTIVATED`); a `<script` tag in `signature` needs a
/// `</script>` after it (the page's error for the key, ignoring case).
fn check_item(
    op: &Operation,
    store: &Store,
    item: Item<'_>,
    record: Option<&str>,
) -> Result<(), ZohoError> {
    let at = |key: &str| format!("{}.{key}", item.json_path);
    let documented = |code: &str, fallback: &str| {
        ZohoError::untriggered(op, code)
            .unwrap_or_else(|| ZohoError::coded(op, code, 400, fallback))
    };
    let user = record.and_then(|id| store.get(USERS, id));
    if let (Some(id), Some(true)) = (record, user.map(is_deleted)) {
        let error = documented(
            "CANNOT_UPDATE_DELETED_USER",
            "a deleted user cannot be updated",
        );
        return Err(error.detail("id", id));
    }
    let status = item.object.get("status").and_then(Value::as_str);
    let current = user.and_then(|u| u.get("status")).and_then(Value::as_str);
    if let (Some(wanted), Some(current)) = (status, current) {
        if wanted.eq_ignore_ascii_case(current) {
            let error = if wanted.eq_ignore_ascii_case("active") {
                documented("ID_ALREADY_ACTIVE", "the user is already active")
            } else {
                documented("ID_ALREADY_DEACTIVATED", "the user is already deactivated")
            };
            return Err(error
                .detail("api_name", "status")
                .detail("json_path", at("status")));
        }
    }
    let signature = item.object.get("signature").and_then(Value::as_str);
    if signature.is_some_and(has_unclosed_script) {
        let trigger = Trigger::InvalidValue {
            key: "signature".into(),
        };
        let error = ZohoError::documented(op, &trigger).unwrap_or_else(|| {
            let message = "`signature` has a `<script` tag without a `</script>` after it";
            ZohoError::coded(op, "INVALID_DATA", 400, message)
        });
        return Err(error
            .detail("api_name", "signature")
            .detail("json_path", at("signature")));
    }
    Ok(())
}

/// Whether `text` has a `<script` tag with no `</script>` after it, ignoring case.
fn has_unclosed_script(text: &str) -> bool {
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    while let Some((_, after_open)) = rest.split_once("<script") {
        match after_open.split_once("</script") {
            Some((_, after_close)) => rest = after_close,
            None => return true,
        }
    }
    false
}

/// Whether a user is of the `type` the Get Users query asks for (`AllUsers` when absent); only
/// `DeletedUsers` lists deleted users.
fn selected(store: &Store, record: &Value, query: &[(String, String)]) -> bool {
    let is = |key: &str, value: Value| record.get(key) == Some(&value);
    let deleted = is_deleted(record);
    let active = is("status", json!("active"));
    let confirmed = is("confirm", json!(true));
    let admin = record
        .get("profile")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        == Some("Administrator");
    match params::first(query, "type").unwrap_or("AllUsers") {
        "DeletedUsers" => deleted,
        _ if deleted => false,
        "CurrentUser" => current_user(store).and_then(id_of) == id_of(record),
        "ActiveUsers" => active,
        "DeactiveUsers" => is("status", json!("inactive")),
        "ConfirmedUsers" => confirmed,
        "NotConfirmedUsers" => !confirmed,
        "ActiveConfirmedUsers" => active && confirmed,
        "AdminUsers" => admin,
        "ActiveConfirmedAdmins" => admin && active && confirmed,
        _ => true,
    }
}

/// The state of user `id` as user-group sources count it: `active`, `deleted` (also for a user
/// that no longer exists) or `inactive`.
pub(super) fn state<'a>(store: &'a Store, id: &str) -> &'a str {
    match store
        .get(USERS, id)
        .map(|u| u.get("status").and_then(Value::as_str))
    {
        None | Some(Some("deleted")) => "deleted",
        Some(Some("active")) => "active",
        Some(_) => "inactive",
    }
}

/// The page's error for a transfer-and-delete body with more than one item.
fn too_many_items(op: &Operation) -> Option<ZohoError> {
    let phrase = match op.name.as_str() {
        TRANSFER_MANY => "more than one user",
        TRANSFER_ONE => "more than one JSON object",
        _ => return None,
    };
    let fallback = "one call deletes one user";
    Some(ZohoError::mentioning(op, "INVALID_DATA", phrase, fallback))
}

/// Serves the users operations the generic kinds do not cover.
fn serve(call: Call<'_>, path: &[&str], body: &[u8], store: &mut Store) -> Option<Response> {
    let op = call.op;
    let response = match (op.name.as_str(), path) {
        ("get_territories_of_user", [user]) => territories(call, user, None, store),
        ("get_territory_of_user", [user, territory]) => {
            territories(call, user, Some(territory), store)
        }
        ("add_or_update_territories_of_a_user", [user]) => association::add_each(
            call,
            op.request.as_ref()?,
            (Side::User, user),
            body,
            store,
            |store, user, territory| join(op, store, user, territory),
        ),
        ("remove_territories_from_user", [user]) => {
            association::remove_each(call, (Side::User, user), store)
        }
        ("remove_territory_from_user", [user, territory]) => {
            association::remove_one(call, (Side::User, user), territory, store)
        }
        (TRANSFER_MANY, []) => transfer_and_delete(call, op.request.as_ref()?, None, body, store),
        (TRANSFER_ONE, [user]) => {
            transfer_and_delete(call, op.request.as_ref()?, Some(user), body, store)
        }
        ("status_of_transfer_records_and_delete_users", []) => {
            let job = params::first(call.query, "job_id").unwrap_or_default();
            match store.get(JOBS, job) {
                Some(record) => {
                    let status = shaping::project(call.api, op.response.item_type(), record);
                    records::answer(call, vec![Value::Object(status)])
                }
                None => records::missing_parent(op, job),
            }
        }
        _ => return None,
    };
    Some(response)
}

/// The territories user `user` belongs to (only `only`, when given), as `UserTerritory`s.
fn territories(call: Call<'_>, user: &str, only: Option<&str>, store: &Store) -> Response {
    if !exists(store, USERS, user) {
        return records::missing_parent(call.op, user);
    }
    let items = association::associated(store, Side::User, user)
        .filter(|t| only.is_none_or(|only| id_of(t) == Some(only)))
        .map(user_territory)
        .collect();
    records::answer(call, items)
}

/// A territory as the territories-of-a-user endpoints show it: `id`, `Name`, and `Manager` and
/// `Reporting_To` as `{"Name", "id"}` or `null`.
fn user_territory(territory: &Value) -> Value {
    let reference = |key: &str| match territory.get(key) {
        Some(Value::Object(r)) => json!({"Name": r.get("name"), "id": r.get("id")}),
        _ => Value::Null,
    };
    json!({
        "id": territory.get("id"),
        "Name": territory.get("name"),
        "Manager": reference("manager"),
        "Reporting_To": reference("reporting_to"),
    })
}

/// Makes user `user` belong to territory `territory`; one the user already belongs to is
/// `DUPLICATE_DATA`.
fn join(op: &Operation, store: &mut Store, user: &str, territory: &str) -> Result<(), ZohoError> {
    if store.associate(user, territory) {
        return Ok(());
    }
    let trigger = Trigger::Duplicate { key: "id".into() };
    Err(ZohoError::documented(op, &trigger).unwrap_or_else(|| {
        let message = format!("the user already belongs to the territory {territory}");
        ZohoError::coded(op, "DUPLICATE_DATA", 400, message)
    }))
}

/// Deletes the user the path (`path_user`) or each item's `id` names, after moving the users
/// who report to that user to `move_subordinate`, and records a completed job.
fn transfer_and_delete(
    call: Call<'_>,
    request: &Request,
    path_user: Option<&str>,
    body: &[u8],
    store: &mut Store,
) -> Response {
    let op = call.op;
    if let Some(user) = path_user.filter(|u| !store.contains(USERS, u)) {
        let trigger = Trigger::UnknownReference { key: "id".into() };
        let sibling = operation(call.api, TRANSFER_MANY);
        let error = ZohoError::documented_like(op, sibling, &trigger).map_or_else(
            || actions::unknown_record(op, USERS, user),
            |e| e.detail("id", user),
        );
        return error.into_response();
    }
    actions::each_item(call, request, store, body, &|_| None, |store, item| {
        let user = match path_user {
            Some(user) => user.to_owned(),
            None => actions::item_id(op, item, "id")?,
        };
        check_transfer(op, store, &user, item)?;
        let boss = item
            .object
            .get("move_subordinate")
            .and_then(id_text)
            .and_then(|id| store.get(USERS, &id))
            .map(reference_to);
        if let Some(boss) = boss {
            store.update_all(USERS, |other| {
                let Some(other) = other.as_object_mut() else {
                    return;
                };
                if other.get("Reporting_To").and_then(id_text).as_deref() == Some(user.as_str()) {
                    other.insert("Reporting_To".into(), boss.clone());
                }
            });
        }
        mark_deleted(store, &user);
        let job = store.new_id();
        store.upsert(JOBS, json!({"id": job, "status": "completed"}));
        Ok(json!({"jobId": job, "id": user}))
    })
}

/// The page's rules on a transfer-and-delete item, beyond the spec's checks: `transfer` or
/// `move_subordinate` must be given; the super admin (the mock's user) cannot be deleted; no user
/// named may be deleted already; subordinates go to an active user who is not one of them.
fn check_transfer(
    op: &Operation,
    store: &Store,
    user: &str,
    item: Item<'_>,
) -> Result<(), ZohoError> {
    let named = |key: &str| item.object.get(key).and_then(id_text);
    let fail = |error: ZohoError| error.detail("json_path", item.json_path);
    let (transfer, boss) = (named("transfer"), named("move_subordinate"));
    if transfer.is_none() && boss.is_none() {
        let fallback = "give `transfer`, `move_subordinate` or both";
        let error = ZohoError::mentioning(op, "EXPECTED_FIELD_MISSING", "neither", fallback);
        return Err(fail(error));
    }
    if current_user(store).and_then(id_of) == Some(user) {
        let fallback = "the org's super admin cannot be deleted";
        return Err(fail(ZohoError::mentioning(
            op,
            "NOT_ALLOWED",
            "super admin",
            fallback,
        )));
    }
    let deleted = [Some(user), transfer.as_deref()]
        .into_iter()
        .flatten()
        .any(|id| store.get(USERS, id).is_some_and(is_deleted));
    if deleted {
        let fallback = "a user named is already deleted";
        return Err(fail(ZohoError::mentioning(
            op,
            "INVALID_DATA",
            "already deleted",
            fallback,
        )));
    }
    let Some(boss) = boss else {
        return Ok(());
    };
    if state(store, &boss) != "active" {
        let fallback = "subordinates can only move to an active user";
        return Err(fail(ZohoError::mentioning(
            op,
            "INVALID_DATA",
            "is inactive",
            fallback,
        )));
    }
    if below(store, USERS, "Reporting_To", user).contains(&boss) {
        let fallback = "subordinates cannot move to one of them";
        return Err(fail(ZohoError::mentioning(
            op,
            "NOT_ALLOWED",
            "is a subordinate",
            fallback,
        )));
    }
    Ok(())
}
