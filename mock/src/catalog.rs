//! What the spec says about stores: which record type a store holds, which request type fills
//! it, and which store a family's records live in. A store is named by its wrapper key.

use zohocrm_codegen::model::{Api, Field, Response, TypeKind};

/// The record type of `store`: the item of a records operation wrapped in `store`.
pub(crate) fn record_type<'a>(api: &'a Api, store: &str) -> Option<&'a str> {
    api.operations().find_map(|(_, op)| match &op.response {
        Response::Records { wrapper, item, .. } if wrapper == store => Some(item.as_str()),
        _ => None,
    })
}

/// The item type of requests wrapped in `store`.
pub(crate) fn request_type<'a>(api: &'a Api, store: &str) -> Option<&'a str> {
    api.operations()
        .filter_map(|(_, op)| op.request.as_ref())
        .find(|r| r.wrapper == store)
        .map(|r| r.item.as_str())
}

/// The store of `family`'s records: the wrapper of its operations' responses, else the family
/// name (for families the spec does not describe yet, such as `users`).
pub(crate) fn store_of_family<'a>(api: &'a Api, family: &'a str) -> &'a str {
    api.families
        .iter()
        .find(|f| f.name == family)
        .and_then(|f| f.operations.first())
        .map_or(family, |op| op.response.wrapper())
}

/// The fields of the object type `name`; empty for an enum or an unknown name.
pub(crate) fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match api.type_named(name).map(|t| &t.kind) {
        Some(TypeKind::Object(fields)) => fields,
        _ => &[],
    }
}
