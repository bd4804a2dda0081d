//! The mock's records: one table per store (`roles`, `user_groups`, `users`, ...), each a list
//! of JSON objects in insertion order, keyed by their `id`, and which users belong to which
//! territories.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use zohocrm_codegen::validate::is_id;

/// The first id the mock hands out; every new id is a 19-digit number above it.
const FIRST_ID: u64 = 5_843_104_000_000_000_001;

/// Every record, by store.
#[derive(Debug)]
pub(crate) struct Store {
    tables: BTreeMap<String, Vec<Value>>,
    /// `(user id, territory id)` of each user associated with a territory.
    territory_users: BTreeSet<(String, String)>,
    next_id: u64,
}

impl Store {
    /// An empty store.
    pub(crate) fn new() -> Self {
        Store {
            tables: BTreeMap::new(),
            territory_users: BTreeSet::new(),
            next_id: FIRST_ID,
        }
    }

    /// The records of `table`, in insertion order.
    pub(crate) fn all(&self, table: &str) -> &[Value] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }

    /// The record of `table` with `id`.
    pub(crate) fn get(&self, table: &str, id: &str) -> Option<&Value> {
        self.all(table).iter().find(|r| id_of(r) == Some(id))
    }

    /// Whether `table` holds a record with `id`.
    pub(crate) fn contains(&self, table: &str, id: &str) -> bool {
        self.get(table, id).is_some()
    }

    /// The records of `table`, for changing in place.
    pub(crate) fn table_mut(&mut self, table: &str) -> &mut Vec<Value> {
        self.tables.entry(table.to_owned()).or_default()
    }

    /// A fresh 19-digit id that no record of any table has.
    pub(crate) fn new_id(&mut self) -> String {
        loop {
            let id = self.next_id.to_string();
            self.next_id += 1;
            if !self.tables.keys().any(|t| self.contains(t, &id)) {
                return id;
            }
        }
    }

    /// Adds `record` to `table`, replacing the record with the same id.
    pub(crate) fn upsert(&mut self, table: &str, record: Value) {
        let rows = self.table_mut(table);
        match rows
            .iter_mut()
            .find(|r| id_of(r).is_some() && id_of(r) == id_of(&record))
        {
            Some(row) => *row = record,
            None => rows.push(record),
        }
    }

    /// Removes the record of `table` with `id`, and the territory associations it is part of.
    pub(crate) fn remove(&mut self, table: &str, id: &str) -> Option<Value> {
        let rows = self.table_mut(table);
        let at = rows.iter().position(|r| id_of(r) == Some(id))?;
        let removed = rows.remove(at);
        self.end_associations(id);
        Some(removed)
    }

    /// Ends the territory associations record `id` (a user or a territory) is part of.
    pub(crate) fn end_associations(&mut self, id: &str) {
        self.territory_users
            .retain(|(user, territory)| user != id && territory != id);
    }

    /// Whether the user `user` belongs to the territory `territory`.
    pub(crate) fn is_associated(&self, user: &str, territory: &str) -> bool {
        self.territory_users
            .contains(&(user.to_owned(), territory.to_owned()))
    }

    /// Makes the user belong to the territory; false if it already did.
    pub(crate) fn associate(&mut self, user: &str, territory: &str) -> bool {
        self.territory_users
            .insert((user.to_owned(), territory.to_owned()))
    }

    /// Takes the user out of the territory; false if it did not belong to it.
    pub(crate) fn dissociate(&mut self, user: &str, territory: &str) -> bool {
        self.territory_users
            .remove(&(user.to_owned(), territory.to_owned()))
    }
}

/// The `id` of a stored record.
pub(crate) fn id_of(record: &Value) -> Option<&str> {
    record.get("id").and_then(Value::as_str)
}

/// The id a value names, as its digits: a digit string, a JSON number or an `{"id": ...}` object.
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Object(object) => object.get("id").and_then(id_text),
        Value::String(s) if is_id(value) => Some(s.clone()),
        Value::Number(n) if is_id(value) => Some(n.to_string()),
        _ => None,
    }
}

/// The name a record shows in references: `name`, else `full_name`.
pub(crate) fn display_name(record: &Value) -> Option<&str> {
    record
        .get("name")
        .or_else(|| record.get("full_name"))
        .and_then(Value::as_str)
}
