//! Stores whose records hold users (roles, profiles): deleting a record needs the delete call's
//! transfer parameter to name another existing record, and moves the record's users there.

use serde_json::Value;
use zohocrm_build::model::Operation;

use super::{reference_to, USERS};
use crate::params;
use crate::store::{id_text, Store};
use crate::zoho_error::ZohoError;

/// A store whose records hold users.
#[derive(Debug, Clone, Copy)]
pub(super) struct UserHolder {
    /// The store, e.g. `roles`.
    pub(super) store: &'static str,
    /// The user key naming the record, e.g. `role`.
    pub(super) user_key: &'static str,
    /// The delete call's query parameter naming where the users go, e.g. `transfer_to_id`.
    pub(super) param: &'static str,
}

impl UserHolder {
    /// The transfer parameter, when the delete operation takes it, must name another existing
    /// record.
    pub(super) fn check_delete(
        &self,
        op: &Operation,
        store: &Store,
        id: &str,
        query: &[(String, String)],
    ) -> Result<(), ZohoError> {
        let (table, param) = (self.store, self.param);
        if !op.query.iter().any(|q| q.name == param) {
            return Ok(());
        }
        match params::first(query, param) {
            Some(target) if target != id && store.contains(table, target) => Ok(()),
            _ => {
                let message = format!("`{param}` names no other existing record of {table}");
                Err(ZohoError::invalid_data(op, message).detail("param_name", param))
            }
        }
    }

    /// Deletes record `id` and moves its users to the record the transfer parameter names;
    /// gives the deleted record and a reference to that target, when both exist.
    pub(super) fn delete(
        &self,
        store: &mut Store,
        id: &str,
        query: &[(String, String)],
    ) -> Option<(Value, Value)> {
        let removed = store.remove(self.store, id)?;
        let target = params::first(query, self.param)
            .and_then(|t| store.get(self.store, t))
            .map(reference_to)?;
        store.update_all(USERS, |user| {
            let Some(user) = user.as_object_mut() else {
                return;
            };
            if user.get(self.user_key).and_then(id_text).as_deref() == Some(id) {
                user.insert(self.user_key.to_owned(), target.clone());
            }
        });
        Some((removed, target))
    }
}
