//! Roles: deleting a role moves its sub-roles to the transfer target.

use serde_json::Value;

use super::{id_at, ROLES};
use crate::store::{id_text, Store};

/// Makes the roles that reported to the deleted role `removed` report to `target` (a reference)
/// instead; the target itself moves up to the deleted role's parent.
pub(super) fn move_sub_roles(store: &mut Store, removed: &Value, target: &Value) {
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
