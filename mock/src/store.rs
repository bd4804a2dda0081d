//! The mock's records: one table per store (`roles`, `user_groups`, `users`, ...), each a list
//! of JSON objects in insertion order with an index by `id` and, once a unique key is checked,
//! by that key's value ignoring case; and which users belong to which territories.

use std::collections::{btree_map, BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use zohocrm_build::check::validate::is_id;

/// The first id the mock hands out; every new id is a 19-digit number above it.
const FIRST_ID: u64 = 5_843_104_000_000_000_001;

/// The records of a store that does not exist yet.
static NO_RECORDS: BTreeMap<u64, Value> = BTreeMap::new();

/// Every record, by store.
#[derive(Debug)]
pub(crate) struct Store {
    tables: BTreeMap<String, Table>,
    /// `(user id, territory id)` of each user associated with a territory.
    territory_users: BTreeSet<(String, String)>,
    next_id: u64,
}

/// The records of one store.
#[derive(Debug, Default)]
struct Table {
    /// The records by when they were added, first first.
    rows: BTreeMap<u64, Value>,
    /// The key in `rows` of each record with an id.
    by_id: HashMap<String, u64>,
    /// The key of the next record added.
    next_row: u64,
    /// For each key checked with [`Store::taken`]: the keys in `rows` of the records holding each
    /// string value, lowercased.
    values: HashMap<String, HashMap<String, Vec<u64>>>,
}

impl Table {
    /// The key in `rows` of the record with `id`.
    fn row_of(&self, id: &str) -> Option<u64> {
        self.by_id.get(id).copied()
    }
}

/// Adds record `row` to the value indexes.
fn index(values: &mut HashMap<String, HashMap<String, Vec<u64>>>, row: u64, record: &Value) {
    for (key, rows) in values.iter_mut() {
        if let Some(text) = record.get(key).and_then(Value::as_str) {
            rows.entry(text.to_lowercase()).or_default().push(row);
        }
    }
}

/// Takes record `row` out of the value indexes.
fn unindex(values: &mut HashMap<String, HashMap<String, Vec<u64>>>, row: u64, record: &Value) {
    for (key, rows) in values.iter_mut() {
        let Some(text) = record.get(key).and_then(Value::as_str) else {
            continue;
        };
        let lower = text.to_lowercase();
        if let Some(holders) = rows.get_mut(&lower) {
            holders.retain(|r| *r != row);
            if holders.is_empty() {
                rows.remove(&lower);
            }
        }
    }
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
    pub(crate) fn all(&self, table: &str) -> btree_map::Values<'_, u64, Value> {
        self.tables
            .get(table)
            .map_or(&NO_RECORDS, |t| &t.rows)
            .values()
    }

    /// The record of `table` with `id`.
    pub(crate) fn get(&self, table: &str, id: &str) -> Option<&Value> {
        let table = self.tables.get(table)?;
        table.rows.get(&table.row_of(id)?)
    }

    /// Whether `table` holds a record with `id`.
    pub(crate) fn contains(&self, table: &str, id: &str) -> bool {
        self.tables
            .get(table)
            .is_some_and(|t| t.by_id.contains_key(id))
    }

    /// Whether a record of `table` other than record `except` holds the string `text` under
    /// `key`, ignoring case. The first check of a key indexes its values.
    pub(crate) fn taken(
        &mut self,
        table: &str,
        key: &str,
        text: &str,
        except: Option<&str>,
    ) -> bool {
        let Some(table) = self.tables.get_mut(table) else {
            return false;
        };
        if !table.values.contains_key(key) {
            let mut values = HashMap::from([(key.to_owned(), HashMap::new())]);
            for (row, record) in &table.rows {
                index(&mut values, *row, record);
            }
            table.values.extend(values);
        }
        let holders = table
            .values
            .get(key)
            .and_then(|rows| rows.get(&text.to_lowercase()));
        holders.into_iter().flatten().any(|row| {
            table
                .rows
                .get(row)
                .is_some_and(|record| id_of(record) != except)
        })
    }

    /// Changes the record of `table` with `id` in place; its `id` must stay as it is.
    pub(crate) fn update<R>(
        &mut self,
        table: &str,
        id: &str,
        change: impl FnOnce(&mut Value) -> R,
    ) -> Option<R> {
        let table = self.tables.get_mut(table)?;
        let row = table.row_of(id)?;
        let record = table.rows.get_mut(&row)?;
        unindex(&mut table.values, row, record);
        let result = change(record);
        index(&mut table.values, row, record);
        Some(result)
    }

    /// Changes each record of `table` in place, in insertion order; their `id`s must stay as
    /// they are.
    pub(crate) fn update_all(&mut self, table: &str, mut change: impl FnMut(&mut Value)) {
        let Some(table) = self.tables.get_mut(table) else {
            return;
        };
        for (row, record) in &mut table.rows {
            unindex(&mut table.values, *row, record);
            change(record);
            index(&mut table.values, *row, record);
        }
    }

    /// A fresh 19-digit id that no record of any table has.
    pub(crate) fn new_id(&mut self) -> String {
        loop {
            let id = self.next_id.to_string();
            self.next_id += 1;
            if !self.tables.values().any(|t| t.by_id.contains_key(&id)) {
                return id;
            }
        }
    }

    /// Adds `record` to `table`, replacing the record with the same id in its place.
    pub(crate) fn upsert(&mut self, table: &str, record: Value) {
        let table = self.tables.entry(table.to_owned()).or_default();
        let id = id_of(&record).map(str::to_owned);
        let row = match id.as_deref().and_then(|id| table.row_of(id)) {
            Some(row) => row,
            None => {
                let row = table.next_row;
                table.next_row += 1;
                if let Some(id) = id {
                    table.by_id.insert(id, row);
                }
                row
            }
        };
        if let Some(old) = table.rows.get(&row) {
            unindex(&mut table.values, row, old);
        }
        index(&mut table.values, row, &record);
        table.rows.insert(row, record);
    }

    /// Removes the record of `table` with `id`, and the territory associations it is part of.
    pub(crate) fn remove(&mut self, table: &str, id: &str) -> Option<Value> {
        let table = self.tables.get_mut(table)?;
        let row = table.by_id.remove(id)?;
        let removed = table.rows.remove(&row)?;
        unindex(&mut table.values, row, &removed);
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names(store: &Store) -> Vec<&str> {
        store
            .all("roles")
            .filter_map(|r| r.get("name").and_then(Value::as_str))
            .collect()
    }

    #[test]
    fn records_keep_their_place_when_replaced_and_leave_when_removed() {
        let mut store = Store::new();
        for (id, name) in [("3", "C"), ("1", "A"), ("2", "B")] {
            store.upsert("roles", json!({"id": id, "name": name}));
        }
        store.upsert("roles", json!({"id": "1", "name": "A2"}));
        assert_eq!(names(&store), ["C", "A2", "B"]);
        assert_eq!(
            store.get("roles", "1"),
            Some(&json!({"id": "1", "name": "A2"}))
        );
        assert_eq!(
            store.remove("roles", "3"),
            Some(json!({"id": "3", "name": "C"}))
        );
        assert!(!store.contains("roles", "3") && store.remove("roles", "3").is_none());
        store.upsert("roles", json!({"id": "3", "name": "C2"}));
        assert_eq!(names(&store), ["A2", "B", "C2"]);
        assert_eq!(store.all("users").len(), 0);
        assert!(store.get("users", "1").is_none());
    }

    #[test]
    fn new_ids_skip_ids_any_table_holds() {
        let mut store = Store::new();
        store.upsert("users", json!({"id": FIRST_ID.to_string()}));
        store.upsert("roles", json!({"id": (FIRST_ID + 1).to_string()}));
        assert_eq!(store.new_id(), (FIRST_ID + 2).to_string());
        assert_eq!(store.new_id(), (FIRST_ID + 3).to_string());
    }

    #[test]
    fn taken_values_follow_every_change_ignoring_case() {
        let mut store = Store::new();
        store.upsert("roles", json!({"id": "1", "name": "Sales"}));
        assert!(store.taken("roles", "name", "SALES", None));
        assert!(!store.taken("roles", "name", "sales", Some("1")));
        assert!(!store.taken("users", "name", "Sales", None));
        store.upsert("roles", json!({"id": "2", "name": "Support"}));
        assert!(store.taken("roles", "name", "support", Some("1")));
        store.upsert("roles", json!({"id": "2", "name": "Service"}));
        assert!(!store.taken("roles", "name", "support", None));
        assert!(store.taken("roles", "name", "service", None));
        store.update("roles", "1", |r| r["name"] = json!("Marketing"));
        assert!(!store.taken("roles", "name", "sales", None));
        assert!(store.taken("roles", "name", "marketing", Some("2")));
        store.update_all("roles", |r| r["name"] = json!("Same"));
        assert!(store.taken("roles", "name", "same", Some("1")));
        assert!(!store.taken("roles", "name", "service", None));
        store.remove("roles", "2");
        assert!(!store.taken("roles", "name", "same", Some("1")));
        assert!(store.taken("roles", "name", "same", None));
    }
}
