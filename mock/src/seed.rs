//! Seeds: JSON objects `{"<store>": [records...]}` that add records or replace those with the
//! same id, and the default org every mock starts with (`seed/default_org.json`).

use serde_json::{Map, Value};
use zohocrm_build::check::validate::{self, Mode};
use zohocrm_build::model::{Api, Ty};

use crate::catalog;
use crate::error::MockError;
use crate::semantics::{self, USERS};
use crate::shaping::Shape;
use crate::store::{id_text, Store};
use crate::timestamp;

/// The org every mock starts with: the users Patricia Boyle (the administrator the mock acts
/// as) and Deborah Gill, the profiles Administrator and Standard with their permissions, the
/// roles CEO and Manager, the territories Zylker and New York below it, the org Zylker Mock,
/// and no user groups.
const DEFAULT_ORG: &str = include_str!("../seed/default_org.json");

/// The default org as a seed.
pub(crate) fn default_org() -> Result<Value, MockError> {
    serde_json::from_str(DEFAULT_ORG).map_err(|e| MockError::Seed(format!("the default org: {e}")))
}

/// Adds the records of `seed` to `store`; users first, as other records refer to them.
pub(crate) fn apply(api: &Api, store: &mut Store, seed: &Value) -> Result<(), MockError> {
    let tables = seed.as_object().ok_or_else(|| {
        MockError::Seed("expected an object mapping store names to arrays of records".into())
    })?;
    let mut order: Vec<(&String, &Value)> = tables.iter().collect();
    order.sort_by_key(|(name, _)| name.as_str() != USERS);
    for (table, records) in order {
        let records = records
            .as_array()
            .ok_or_else(|| MockError::Seed(format!("`{table}` is not an array of records")))?;
        for (index, record) in records.iter().enumerate() {
            insert(api, store, table, record).map_err(|e| match e {
                MockError::Record { problem, .. } => MockError::Record {
                    store: format!("{table}[{index}]"),
                    problem,
                },
                other => other,
            })?;
        }
    }
    Ok(())
}

/// Adds `record` to `table` (replacing the record with its id) and gives its id. The record is
/// shaped as the store's record type, so it may be a full record or a request item; a store
/// the spec has a type for only takes records that fit it.
pub(crate) fn insert(
    api: &Api,
    store: &mut Store,
    table: &str,
    record: &Value,
) -> Result<String, MockError> {
    let bad = |problem: String| MockError::Record {
        store: table.to_owned(),
        problem,
    };
    let object: &Map<String, Value> = record
        .as_object()
        .ok_or_else(|| bad("a record must be a JSON object".into()))?;
    let id = match object.get("id") {
        None => store.new_id(),
        Some(id) => id_text(id).ok_or_else(|| bad(format!("`id` {id} is not a record id")))?,
    };
    let resource = catalog::resource_of(api, table);
    let shape = Shape {
        record_type: resource.map(|r| r.record_type),
        request_type: resource.as_ref().and_then(|r| catalog::create_type(api, r)),
    };
    let now = timestamp::now();
    let record = semantics::new_record(api, store, table, shape, object, (id.clone(), &now));
    if let Some(record_type) = shape.record_type {
        let mut problems = Vec::new();
        let ty = Ty::Named(record_type.to_owned());
        validate::value(api, &ty, &record, Mode::Response, "", table, &mut problems);
        if !problems.is_empty() {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(bad(problems.join("; ")));
        }
    }
    store.upsert(table, record);
    Ok(id)
}
