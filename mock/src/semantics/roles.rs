//! Roles: `display_label` follows `name`, and deleting a role moves its users and sub-roles to
//! the transfer target.

use serde_json::{Map, Value};
use zohocrm_build::model::Operation;

use super::transfer::UserHolder;
use super::{copy_name_to_label, id_at, FamilyRules, ROLES};
use crate::store::{id_text, Store};
use crate::zoho_error::ZohoError;

/// The users a role holds.
const ROLE_USERS: UserHolder = UserHolder {
    store: ROLES,
    user_key: "role",
    param: "transfer_to_id",
};

/// The rules of `roles`.
pub(super) struct Roles;

impl FamilyRules for Roles {
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

    fn after_changes(
        &self,
        record: &mut Map<String, Value>,
        _input: &Map<String, Value>,
        touched: &dyn Fn(&str) -> bool,
    ) {
        if touched("name") {
            copy_name_to_label(record);
        }
    }

    fn check_delete(
        &self,
        op: &Operation,
        store: &Store,
        id: &str,
        query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        ROLE_USERS.check_delete(op, store, id, query)
    }

    fn delete(&self, store: &mut Store, _table: &str, id: &str, query: &[(String, String)]) {
        if let Some((removed, target)) = ROLE_USERS.delete(store, id, query) {
            move_sub_roles(store, &removed, &target);
        }
    }
}

/// Makes the roles that reported to the deleted role `removed` report to `target` (a reference)
/// instead; the target itself moves up to the deleted role's parent.
fn move_sub_roles(store: &mut Store, removed: &Value, target: &Value) {
    let (Some(removed_id), Some(target_id)) = (id_at(removed, "id"), id_text(target)) else {
        return;
    };
    let parent = removed.get("reporting_to").cloned().unwrap_or(Value::Null);
    store.update_all(ROLES, |role| {
        let Some(role) = role.as_object_mut() else {
            return;
        };
        if role.get("reporting_to").and_then(id_text) != Some(removed_id.clone()) {
            return;
        }
        let new_parent = if role.get("id").and_then(id_text) == Some(target_id.clone()) {
            parent.clone()
        } else {
            target.clone()
        };
        role.insert("reporting_to".into(), new_parent);
    });
}
