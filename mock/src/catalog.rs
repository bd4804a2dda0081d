//! What the spec says about the mock's stores: each family with a list endpoint keeps its
//! records in a store named after it, and each operation either lists, reads, counts, creates,
//! updates or deletes those records, or does something else.

use zohocrm_build::model::{
    Api, Family, Field, HttpMethod, Operation, Request, Response, Ty, TypeKind,
};

/// A family's records: where they live, the path of their collection and their type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resource<'a> {
    /// The store, named after the family, e.g. `roles`.
    pub(crate) store: &'a str,
    /// The collection's path below the base path, e.g. `/settings/roles`.
    pub(crate) collection: &'a str,
    /// The record type, e.g. `Role`.
    pub(crate) record_type: &'a str,
    /// The key the records travel under: the family's name (`roles`), or `data` for record-like
    /// families such as notes.
    pub(crate) wrapper: &'a str,
}

/// The records of `family`: those of its `GET` records operation without path parameters
/// whose wrapper is the family's name, else of its only such operation (notes list under
/// `data`).
pub(crate) fn resource(family: &Family) -> Option<Resource<'_>> {
    let lists: Vec<Resource<'_>> = family
        .operations
        .iter()
        .filter_map(|op| match &op.response {
            Response::Records { wrapper, item, .. }
                if op.method == HttpMethod::GET && op.path_params.is_empty() =>
            {
                Some(Resource {
                    store: &family.name,
                    collection: &op.path,
                    record_type: item,
                    wrapper,
                })
            }
            _ => None,
        })
        .collect();
    match lists.iter().find(|r| r.wrapper == family.name) {
        Some(named) => Some(*named),
        None if lists.len() == 1 => lists.first().copied(),
        None => None,
    }
}

/// The resource kept in `store`.
pub(crate) fn resource_of<'a>(api: &'a Api, store: &str) -> Option<Resource<'a>> {
    api.families
        .iter()
        .find(|f| f.name == store)
        .and_then(resource)
}

/// What an operation does to its family's records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum OpKind<'a> {
    /// `GET` the collection.
    List,
    /// `GET` one record by its path id.
    Get,
    /// `GET` an object `{"count"}` of the records the list would give.
    Count,
    /// `POST` items to the collection.
    Create(&'a Request),
    /// `PUT` items carrying their ids to the collection.
    UpdateMany(&'a Request),
    /// `PUT` one item to a record's path.
    UpdateOne(&'a Request),
    /// `DELETE` the collection with a list of ids in this query parameter.
    DeleteMany(&'a str),
    /// `DELETE` a record's path.
    DeleteOne,
    /// Anything else, such as sub-resources and actions.
    Other,
}

/// What `op` does to the records of `resource`.
pub(crate) fn kind<'a>(api: &Api, resource: &Resource<'_>, op: &'a Operation) -> OpKind<'a> {
    let on_collection = op.path == resource.collection;
    let on_one = match op.path_params.as_slice() {
        [param] => op.path == format!("{}/{{{}}}", resource.collection, param.name),
        _ => false,
    };
    let action = matches!(op.response, Response::Action { .. });
    match (&op.response, op.method, &op.request) {
        (Response::Records { wrapper, .. }, HttpMethod::GET, _) if wrapper == resource.wrapper => {
            if on_collection {
                OpKind::List
            } else if on_one {
                OpKind::Get
            } else {
                OpKind::Other
            }
        }
        (Response::Object { item, .. }, HttpMethod::GET, _)
            if op.path_params.is_empty()
                && is_count(api, item)
                && op.path.starts_with(resource.collection) =>
        {
            OpKind::Count
        }
        (_, HttpMethod::POST, Some(request)) if action && on_collection => OpKind::Create(request),
        (_, HttpMethod::PUT | HttpMethod::PATCH, Some(request)) if action && on_collection => {
            OpKind::UpdateMany(request)
        }
        (_, HttpMethod::PUT | HttpMethod::PATCH, Some(request)) if action && on_one => {
            OpKind::UpdateOne(request)
        }
        (_, HttpMethod::DELETE, None) if action && on_collection => {
            ids_param(op).map_or(OpKind::Other, OpKind::DeleteMany)
        }
        (_, HttpMethod::DELETE, None) if action && on_one => OpKind::DeleteOne,
        _ => OpKind::Other,
    }
}

/// Whether type `name` is `{"count": integer}`.
fn is_count(api: &Api, name: &str) -> bool {
    matches!(fields(api, name), [field] if field.json_name == "count" && field.ty == Ty::Integer)
}

/// The name of `op`'s required query parameter holding a list of ids, e.g. `ids`.
fn ids_param(op: &Operation) -> Option<&str> {
    op.query
        .iter()
        .find(|p| p.required && p.ty == Ty::List(Box::new(Ty::Id)))
        .map(|p| p.name.as_str())
}

/// The request item type of the family's create operation: the input a new record comes from.
pub(crate) fn create_type<'a>(api: &'a Api, resource: &Resource<'_>) -> Option<&'a str> {
    api.operations()
        .find_map(|(_, op)| match kind(api, resource, op) {
            OpKind::Create(request) => Some(request.item.as_str()),
            _ => None,
        })
}

/// The fields of the object type `name`; empty for an enum or an unknown name.
pub(crate) fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match api.type_named(name).map(|t| &t.kind) {
        Some(TypeKind::Object(fields)) => fields,
        _ => &[],
    }
}

/// The family whose record a key's id names: the key's own `references`, else that of the `id`
/// of the object it holds (as `{"id"}` references do).
pub(crate) fn references<'a>(api: &'a Api, field: &'a Field) -> Option<&'a str> {
    field.constraints.references.as_deref().or_else(|| {
        let inner = field.ty.named()?;
        fields(api, inner)
            .iter()
            .find(|f| f.json_name == "id")
            .and_then(|f| f.constraints.references.as_deref())
    })
}
