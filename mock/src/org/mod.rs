//! A fake org's CRM data: the modules Leads, Contacts, Accounts, Deals and the custom module
//! Vehicles, their fields (as the Fields Metadata API describes them) and their records.
//!
//! Not yet served: the records endpoints are not in the spec, and the module is compiled for
//! its tests only (see `mod org` in the crate root). [`Org`] holds the data and answers each
//! call's body (or error) for the routes to send:
//!
//! - metadata: `{"modules": [...]}` and `{"fields": [...]}` from `seed/org/` (Leads' fields are
//!   the Fields Metadata page's sample, without a lookup to a module the org lacks, plus a
//!   custom date, datetime and lookup to Accounts; the module entries are the Modules API
//!   sample's, Vehicles made visible);
//! - writes (insert, update, upsert, delete) answer one result per item, see `check` for the
//!   per-item errors; deleted records go to a recycle bin;
//! - reads: one record, lists with `fields`, sorting, `page`/`per_page` up to 2,000 records and
//!   `page_token` beyond (`listing`), deleted records, counts, search and COQL over the
//!   records (`query`), related records derived from lookups.
//!
//! Records keep each value as sent (numbers exactly as parsed), except lookups, kept as
//! `{"name", "id"}`, and users, as `{"name", "id", "email"}`, as Zoho reads them back. The
//! org's users are those of the mock's default org; writes are made by Patricia Boyle.
//!
//! # Errors
//!
//! All HTTP 400 unless said. Per item of a write (`details` with `api_name` and `json_path`
//! `$.data[i].<field>`): `MANDATORY_NOT_FOUND` "required field not found" (the upsert page's
//! wording) for a missing or blank mandatory field, or an update without `id`;
//! `INVALID_DATA` "invalid data" for a value of the wrong type (`expected_data_type`: the
//! field's JSON type, `date`, `datetime` or `bigint`), too long (`maximum_length`), a
//! read-only field given a new value (one sent back as read is left alone, as the update page
//! takes records as Get Records gives them), an email that is not one, or a lookup or user
//! naming no record (`id`);
//! `DUPLICATE_DATA` "duplicate data" with `duplicate_record` `{Owner, module{api_name, id},
//! id}` (the insert page's description); an update of an unknown id is "the id given seems to
//! be invalid", a delete of one "record not deleted" (the update and delete pages).
//! Whole calls: `INVALID_MODULE` "The module name given seems to be invalid";
//! a body without records `MANDATORY_NOT_FOUND`, more than 100 `LIMIT_EXCEEDED` (the mock's
//! message); delete `REQUIRED_PARAM_MISSING` and `UNABLE_TO_PARSE_DATA_TYPE` (the delete
//! page); the list, search and COQL errors are described where they are raised.

mod check;
mod listing;
mod meta;
mod query;
mod routes;
mod time;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::MockError;
use crate::store::id_text;
use crate::zoho_error::ZohoError;

pub(crate) use listing::Listing;
use meta::{Kind, Meta, Module};
pub(crate) use routes::serve;
pub(crate) use time::Clock;

/// The pages' code for a value a field does not take.
const INVALID_DATA: &str = "INVALID_DATA";
/// The pages' code for a missing mandatory field.
const MANDATORY_NOT_FOUND: &str = "MANDATORY_NOT_FOUND";
/// Fields the org sets on every write; values sent for them are left out.
const AUDIT_FIELDS: [&str; 4] = ["Created_By", "Created_Time", "Modified_By", "Modified_Time"];
/// The record pages' maximum of records (or ids) per write.
const MAX_WRITE: usize = 100;
/// The first id the org gives a record.
const FIRST_ID: u64 = 3_652_397_000_010_000_001;

/// The org's users: id, name, email (the mock's default org).
const USERS: [(&str, &str, &str); 2] = [
    (
        "3652397000000186017",
        "Patricia Boyle",
        "patricia.boyle@zylker.example",
    ),
    (
        "3652397000000281001",
        "Deborah Gill",
        "deborah.gill@zylker.example",
    ),
];

/// One item's answer in a write: the success object, or the error.
pub(crate) type ItemResult = Result<Value, ZohoError>;

/// `{"data": [...]}` of a write's item results.
pub(crate) fn action_body(items: &[ItemResult]) -> Value {
    let data: Vec<Value> = items
        .iter()
        .map(|item| match item {
            Ok(success) => success.clone(),
            Err(error) => error.to_json(),
        })
        .collect();
    json!({ "data": data })
}

/// The kinds of deleted records Get Deleted Records lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeletedKind {
    /// `all`: both.
    All,
    /// `recycle`: in the recycle bin.
    Recycle,
    /// `permanent`: deleted for good.
    Permanent,
}

/// A deleted record.
#[derive(Debug, Clone)]
struct Deleted {
    id: u64,
    display_name: Value,
    created_by: Value,
    deleted_by: Value,
    deleted_time: i64,
    permanent: bool,
}

/// One module's records.
#[derive(Debug, Clone, Default)]
struct Table {
    live: BTreeMap<u64, Map<String, Value>>,
    deleted: Vec<Deleted>,
}

/// The fake org: metadata, records, recycle bins and issued page tokens.
#[derive(Debug)]
pub(crate) struct Org {
    meta: Meta,
    tables: BTreeMap<String, Table>,
    clock: Clock,
    next_id: u64,
    tokens: listing::Tokens,
}

impl Org {
    /// The seeded org (no records) on `clock`.
    pub(crate) fn new(clock: Clock) -> Result<Org, MockError> {
        let meta = Meta::seeded()?;
        let tables = meta
            .modules
            .iter()
            .map(|m| (m.api_name.clone(), Table::default()))
            .collect();
        Ok(Org {
            meta,
            tables,
            clock,
            next_id: FIRST_ID,
            tokens: listing::Tokens::default(),
        })
    }

    /// `{"modules": [...]}`, the Modules API's answer.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "the metadata endpoints answer the pages' samples until they are served from the org"
        )
    )]
    pub(crate) fn modules_json(&self) -> Value {
        self.meta.modules_json()
    }

    /// `{"modules": [entry]}`, the Modules API's answer for one module.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "the metadata endpoints answer the pages' samples until they are served from the org"
        )
    )]
    pub(crate) fn module_json(&self, module: &str) -> Result<Value, ZohoError> {
        let module = self.module(module)?;
        Ok(json!({ "modules": [module.entry] }))
    }

    /// `{"fields": [...]}`, the Fields Metadata API's answer for `module`.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "the metadata endpoints answer the pages' samples until they are served from the org"
        )
    )]
    pub(crate) fn fields_json(&self, module: &str) -> Result<Value, ZohoError> {
        let module = self.module(module)?;
        Ok(json!({ "fields": module.field_entries }))
    }

    /// Makes every page token issued so far expired.
    pub(crate) fn expire_page_tokens(&mut self) {
        self.tokens.expire_all();
    }

    /// Deletes the recycle bin's records of `module` for good (Zoho empties the bin after 60
    /// days); Get Deleted Records then lists them as `permanent`, without names.
    pub(crate) fn empty_recycle_bin(&mut self, module: &str) -> Result<(), ZohoError> {
        self.module(module)?;
        let now = self.clock.now();
        if let Some(table) = self.tables.get_mut(module) {
            for deleted in table.deleted.iter_mut().filter(|d| !d.permanent) {
                *deleted = Deleted {
                    id: deleted.id,
                    display_name: Value::Null,
                    created_by: Value::Null,
                    deleted_by: Value::Null,
                    deleted_time: now,
                    permanent: true,
                };
            }
        }
        Ok(())
    }

    /// The module with `api_name`, else the pages' `INVALID_MODULE`.
    fn module(&self, api_name: &str) -> Result<&Module, ZohoError> {
        self.meta.module(api_name).ok_or_else(|| {
            ZohoError::new(
                400,
                "INVALID_MODULE",
                "The module name given seems to be invalid",
            )
            .detail("resource_path_index", 0)
        })
    }

    /// The live record `id` of `module`.
    fn live(&self, module: &str, id: &str) -> Option<&Map<String, Value>> {
        let id: u64 = id.parse().ok()?;
        self.tables.get(module)?.live.get(&id)
    }

    /// The value live record `id` of `module` holds in `field` (not `null`).
    fn held(&self, module: &str, id: u64, field: &str) -> Option<&Value> {
        self.tables
            .get(module)?
            .live
            .get(&id)?
            .get(field)
            .filter(|v| !v.is_null())
    }

    /// The name of live record `id` of `module` (`null` when it has none), if it exists.
    fn record_name(&self, module: &str, id: &str) -> Option<Value> {
        let name_field = self.meta.module(module)?.name_field();
        let record = self.live(module, id)?;
        Some(record.get(name_field).cloned().unwrap_or(Value::Null))
    }

    /// The user `id` as `{"name", "id", "email"}`.
    fn user(&self, id: &str) -> Option<Value> {
        USERS
            .iter()
            .find(|(user, _, _)| *user == id)
            .map(|(id, name, email)| json!({"name": name, "id": id, "email": email}))
    }

    /// The acting user as `{"name", "id", "email"}`.
    fn actor(&self) -> Value {
        let (id, name, email) = USERS[0];
        json!({"name": name, "id": id, "email": email})
    }

    /// The record of `module` other than `except` whose unique `field` holds `text`: its id
    /// and owner.
    fn holder(
        &self,
        module: &Module,
        field: &meta::Field,
        text: &str,
        case_sensitive: bool,
        except: Option<u64>,
    ) -> Option<(u64, Value)> {
        let table = self.tables.get(&module.api_name)?;
        table
            .live
            .iter()
            .filter(|(id, _)| Some(**id) != except)
            .find(|(_, record)| {
                record
                    .get(&field.api_name)
                    .and_then(Value::as_str)
                    .is_some_and(|held| {
                        if case_sensitive {
                            held == text
                        } else {
                            held.to_lowercase() == text.to_lowercase()
                        }
                    })
            })
            .map(|(id, record)| {
                let owner = record.get("Owner").cloned().unwrap_or(Value::Null);
                (*id, owner)
            })
    }

    /// Inserts the records of an Insert Records body (`{"data": [...]}`); one result per item.
    pub(crate) fn insert(
        &mut self,
        module: &str,
        body: &Value,
    ) -> Result<Vec<ItemResult>, ZohoError> {
        let module = self.module(module)?.clone();
        let items = body_items(body)?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item = item_object(item, index)?;
                let changes = check::check(self, &module, item, index, None)?;
                Ok(self.create(&module, changes))
            })
            .collect())
    }

    /// Updates the records of an Update Records body; `path_id` is the id of
    /// `PUT /{module}/{id}`, which stands for the items' `id`.
    pub(crate) fn update(
        &mut self,
        module: &str,
        body: &Value,
        path_id: Option<&str>,
    ) -> Result<Vec<ItemResult>, ZohoError> {
        let module = self.module(module)?.clone();
        let items = body_items(body)?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item = item_object(item, index)?;
                let id = match (path_id, item.get("id")) {
                    (Some(id), _) => Value::String(id.to_owned()),
                    (None, Some(id)) if !id.is_null() => id.clone(),
                    _ => {
                        let message = "required field not found";
                        return Err(check::field_error(
                            MANDATORY_NOT_FOUND,
                            message,
                            "id",
                            index,
                        ));
                    }
                };
                let id = id_text(&id)
                    .and_then(|id| id.parse::<u64>().ok())
                    .filter(|id| {
                        self.tables
                            .get(&module.api_name)
                            .is_some_and(|t| t.live.contains_key(id))
                    })
                    .ok_or_else(|| {
                        let message = "the id given seems to be invalid";
                        check::field_error(INVALID_DATA, message, "id", index)
                    })?;
                let changes = check::check(self, &module, item, index, Some(id))?;
                let append = item.get("$append_values").and_then(Value::as_object);
                Ok(self.change(&module, id, changes, append, "record updated"))
            })
            .collect())
    }

    /// Upserts the records of an Upsert Records body: each item updates the first record
    /// that holds one of its duplicate check values, else is inserted. The check order is the
    /// body's `duplicate_check_fields` then the module's other unique fields, or without it
    /// the module's system-defined duplicate check field then its unique fields (the upsert
    /// page's table).
    pub(crate) fn upsert(
        &mut self,
        module: &str,
        body: &Value,
    ) -> Result<Vec<ItemResult>, ZohoError> {
        let module = self.module(module)?.clone();
        let order = duplicate_check_order(&module, body)?;
        let items = body_items(body)?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item = item_object(item, index)?;
                let found = order.iter().find_map(|field| {
                    let value = item.get(field).filter(|v| !v.is_null())?;
                    self.find_equal(&module.api_name, field, value)
                        .map(|id| (id, field.clone()))
                });
                let (mut answer, duplicate_field) = match found {
                    Some((id, field)) => {
                        let changes = check::check(self, &module, item, index, Some(id))?;
                        let append = item.get("$append_values").and_then(Value::as_object);
                        let answer = self.change(&module, id, changes, append, "record updated");
                        (answer, Some(field))
                    }
                    None => {
                        let changes = check::check(self, &module, item, index, None)?;
                        (self.create(&module, changes), None)
                    }
                };
                if let Some(object) = answer.as_object_mut() {
                    let action = if duplicate_field.is_some() {
                        "update"
                    } else {
                        "insert"
                    };
                    object.insert("action".into(), action.into());
                    object.insert("duplicate_field".into(), duplicate_field.into());
                }
                Ok(answer)
            })
            .collect())
    }

    /// The live record of `module` whose `field` equals `value` (text ignoring case).
    fn find_equal(&self, module: &str, field: &str, value: &Value) -> Option<u64> {
        let wanted = value.as_str().map(str::to_lowercase);
        self.tables
            .get(module)?
            .live
            .iter()
            .find_map(|(id, record)| {
                let held = record.get(field)?;
                let same = match (&wanted, held.as_str()) {
                    (Some(wanted), Some(held)) => *wanted == held.to_lowercase(),
                    _ => held == value,
                };
                same.then_some(*id)
            })
    }

    /// Moves the records `ids` (the comma-separated `ids` parameter, or the path's id) of
    /// `module` to the recycle bin; one result per id.
    pub(crate) fn delete(&mut self, module: &str, ids: &str) -> Result<Vec<ItemResult>, ZohoError> {
        let module = self.module(module)?.clone();
        let ids: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if ids.is_empty() {
            let message = "One of the expected parameter is missing";
            return Err(
                ZohoError::new(400, "REQUIRED_PARAM_MISSING", message).detail("param_name", "ids")
            );
        }
        if ids.iter().any(|id| id.parse::<u64>().is_err()) {
            let message = "either the request body or parameters is in wrong format";
            return Err(ZohoError::new(400, "UNABLE_TO_PARSE_DATA_TYPE", message));
        }
        if ids.len() > MAX_WRITE {
            return Err(limit_exceeded("ids"));
        }
        let now = self.clock.now();
        let actor = self.actor();
        let deleted_by = json!({"name": actor["name"], "id": actor["id"]});
        let table = self.tables.entry(module.api_name.clone()).or_default();
        Ok(ids
            .into_iter()
            .map(|text| {
                let id: u64 = text.parse().unwrap_or_default();
                let Some(record) = table.live.remove(&id) else {
                    let error = ZohoError::new(400, INVALID_DATA, "record not deleted");
                    return Err(error.detail("id", text));
                };
                table.deleted.push(Deleted {
                    id,
                    display_name: record
                        .get(module.name_field())
                        .cloned()
                        .unwrap_or(Value::Null),
                    created_by: short_user(record.get("Created_By")),
                    deleted_by: deleted_by.clone(),
                    deleted_time: now,
                    permanent: false,
                });
                Ok(json!({
                    "code": "SUCCESS",
                    "details": {"id": id.to_string()},
                    "message": "record deleted",
                    "status": "success",
                }))
            })
            .collect())
    }

    /// `{"data": [record]}` for Get Records of one record: every field of the module (`null`
    /// when it has no value); `None` when the record does not exist.
    pub(crate) fn get(&self, module: &str, id: &str) -> Result<Option<Value>, ZohoError> {
        let module = self.module(module)?;
        Ok(self
            .live(&module.api_name, id)
            .map(|record| json!({ "data": [full_record(module, record)] })))
    }

    /// The number of live records of `module`.
    fn live_count(&self, module: &str) -> usize {
        self.tables.get(module).map_or(0, |t| t.live.len())
    }

    /// Stores a new record with `changes`; its success answer.
    fn create(&mut self, module: &Module, changes: check::Changes) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let now = time::format_utc(self.clock.now());
        let actor = self.actor();
        let mut record = Map::new();
        record.insert("id".into(), id.to_string().into());
        if module.field("Owner").is_some() {
            record.insert("Owner".into(), actor.clone());
        }
        record.insert("Created_By".into(), actor.clone());
        record.insert("Modified_By".into(), actor);
        record.insert("Created_Time".into(), now.clone().into());
        record.insert("Modified_Time".into(), now.into());
        for (field, value) in changes {
            record.insert(field, value);
        }
        name_record(module, &mut record);
        let mut answer = success(&record, "record added");
        if let Some(details) = answer.get_mut("details").and_then(Value::as_object_mut) {
            details.insert("$approval_state".into(), "approved".into());
        }
        self.tables
            .entry(module.api_name.clone())
            .or_default()
            .live
            .insert(id, record);
        answer
    }

    /// Applies `changes` to record `id` (appending to the multi-select picklists `append`
    /// names `true`); its success answer with `message`.
    fn change(
        &mut self,
        module: &Module,
        id: u64,
        changes: check::Changes,
        append: Option<&Map<String, Value>>,
        message: &str,
    ) -> Value {
        let now = time::format_utc(self.clock.now());
        let actor = self.actor();
        let Some(record) = self
            .tables
            .get_mut(&module.api_name)
            .and_then(|t| t.live.get_mut(&id))
        else {
            return Value::Null;
        };
        for (field, value) in changes {
            let appends = append
                .and_then(|a| a.get(&field))
                .and_then(Value::as_bool)
                .unwrap_or(false)
                && module
                    .field(&field)
                    .is_some_and(|f| f.kind == Kind::MultiPicklist);
            match (appends, record.get_mut(&field), value) {
                (true, Some(Value::Array(held)), Value::Array(new)) => {
                    for item in new {
                        if !held.contains(&item) {
                            held.push(item);
                        }
                    }
                }
                (_, _, value) => {
                    record.insert(field, value);
                }
            }
        }
        record.insert("Modified_By".into(), actor);
        record.insert("Modified_Time".into(), now.into());
        name_record(module, record);
        success(record, message)
    }
}

/// The items of a write body's `data`.
fn body_items(body: &Value) -> Result<&Vec<Value>, ZohoError> {
    let data = body.get("data").filter(|d| !d.is_null());
    let missing = || {
        ZohoError::new(400, MANDATORY_NOT_FOUND, "required field not found")
            .detail("api_name", "data")
            .detail("json_path", "$.data")
    };
    let items = data.ok_or_else(missing)?.as_array().ok_or_else(|| {
        ZohoError::new(400, INVALID_DATA, "invalid data")
            .detail("api_name", "data")
            .detail("json_path", "$.data")
            .detail("expected_data_type", "jsonarray")
    })?;
    if items.is_empty() {
        return Err(missing());
    }
    if items.len() > MAX_WRITE {
        return Err(limit_exceeded("data"));
    }
    Ok(items)
}

/// `LIMIT_EXCEEDED` for more than 100 records or ids in one call.
fn limit_exceeded(api_name: &str) -> ZohoError {
    ZohoError::new(400, "LIMIT_EXCEEDED", "limit exceeded")
        .detail("api_name", api_name)
        .detail("limit", MAX_WRITE)
}

/// Item `index` as an object, else `INVALID_DATA`.
fn item_object(item: &Value, index: usize) -> Result<&Map<String, Value>, ZohoError> {
    item.as_object().ok_or_else(|| {
        ZohoError::new(400, INVALID_DATA, "invalid data")
            .detail("json_path", format!("$.data[{index}]"))
            .detail("expected_data_type", "jsonobject")
    })
}

/// The duplicate check order of an upsert (see [`Org::upsert`]); a listed field that is
/// neither the system-defined one nor unique is `INVALID_DATA`.
fn duplicate_check_order(module: &Module, body: &Value) -> Result<Vec<String>, ZohoError> {
    let system = module.system_duplicate_field();
    let unique: Vec<&str> = module
        .fields
        .iter()
        .filter(|f| f.unique.is_some() && Some(f.api_name.as_str()) != system)
        .map(|f| f.api_name.as_str())
        .collect();
    let mut order: Vec<String> = Vec::new();
    match body.get("duplicate_check_fields").filter(|v| !v.is_null()) {
        None => order.extend(system.map(str::to_owned)),
        Some(listed) => {
            let bad = |index: usize, name: &str| {
                ZohoError::new(400, INVALID_DATA, "invalid data")
                    .detail("api_name", name.to_owned())
                    .detail("json_path", format!("$.duplicate_check_fields[{index}]"))
            };
            let listed = listed.as_array().ok_or_else(|| {
                bad(0, "duplicate_check_fields").detail("expected_data_type", "jsonarray")
            })?;
            for (index, name) in listed.iter().enumerate() {
                let name = name.as_str().unwrap_or_default();
                if Some(name) != system && !unique.contains(&name) {
                    return Err(bad(index, name));
                }
                if !order.iter().any(|o| o == name) {
                    order.push(name.to_owned());
                }
            }
        }
    }
    for name in unique {
        if !order.iter().any(|o| o == name) {
            order.push(name.to_owned());
        }
    }
    Ok(order)
}

/// A write's success answer for `record`.
fn success(record: &Map<String, Value>, message: &str) -> Value {
    json!({
        "code": "SUCCESS",
        "details": {
            "Modified_Time": record.get("Modified_Time"),
            "Modified_By": short_user(record.get("Modified_By")),
            "Created_Time": record.get("Created_Time"),
            "id": record.get("id"),
            "Created_By": short_user(record.get("Created_By")),
        },
        "message": message,
        "status": "success",
    })
}

/// A user as `{"name", "id"}`, as write answers and deleted records show users.
fn short_user(user: Option<&Value>) -> Value {
    match user {
        Some(user @ Value::Object(_)) => json!({"name": user["name"], "id": user["id"]}),
        _ => Value::Null,
    }
}

/// Sets the read-only `Full_Name` of Leads and Contacts: salutation, first and last name.
fn name_record(module: &Module, record: &mut Map<String, Value>) {
    if module.name_field() != "Full_Name" {
        return;
    }
    let parts: Vec<&str> = ["Salutation", "First_Name", "Last_Name"]
        .iter()
        .filter_map(|key| record.get(*key).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
        .collect();
    record.insert("Full_Name".into(), parts.join(" ").into());
}

/// `record` with every field of `module`, `null` where it has no value.
fn full_record(module: &Module, record: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for field in &module.fields {
        let value = record.get(&field.api_name).cloned().unwrap_or(Value::Null);
        out.insert(field.api_name.clone(), value);
    }
    for (key, value) in record {
        out.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(out)
}
