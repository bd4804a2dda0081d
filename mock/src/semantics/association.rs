//! The association between users and territories, read and written from both sides: the
//! territory endpoints name a territory in their path and users in the call, the
//! territories-of-a-user endpoints the other way round. The pairs are kept in the store.

use axum::response::{IntoResponse, Response};
use serde_json::Value;
use zohocrm_build::model::Request;

use super::{exists, TERRITORIES, USERS};
use crate::actions;
use crate::call::Call;
use crate::store::{id_of, Store};
use crate::zoho_error::ZohoError;

/// The store of the record a call's path names; the call names records of the other store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// A user in the path, territories in the call.
    User,
    /// A territory in the path, users in the call.
    Territory,
}

impl Side {
    /// The store of the record the path names.
    fn store(self) -> &'static str {
        match self {
            Side::User => USERS,
            Side::Territory => TERRITORIES,
        }
    }

    /// `(user, territory)` of the path's record `owner` and the call's record `other`.
    fn pair<'a>(self, owner: &'a str, other: &'a str) -> (&'a str, &'a str) {
        match self {
            Side::User => (owner, other),
            Side::Territory => (other, owner),
        }
    }
}

/// The records of the other store associated with record `owner`, in store order.
pub(super) fn associated<'a>(
    store: &'a Store,
    side: Side,
    owner: &'a str,
) -> impl Iterator<Item = &'a Value> {
    let others = match side {
        Side::User => TERRITORIES,
        Side::Territory => USERS,
    };
    store.all(others).filter(move |record| {
        id_of(record).is_some_and(|other| {
            let (user, territory) = side.pair(owner, other);
            store.is_associated(user, territory)
        })
    })
}

/// Associates record `owner` with the record each body item's `id` names, once `admit` (which
/// makes the pair) accepts it; `admit` gets `(user, territory)`.
pub(super) fn add_each(
    call: Call<'_>,
    request: &Request,
    (side, owner): (Side, &str),
    body: &[u8],
    store: &mut Store,
    admit: impl Fn(&mut Store, &str, &str) -> Result<(), ZohoError>,
) -> Response {
    let op = call.op;
    if !exists(store, side.store(), owner) {
        return actions::unknown_record(op, side.store(), owner).into_response();
    }
    actions::each_item(call, request, store, body, &|_| None, |store, item| {
        let other = actions::item_id(op, item, "id")?;
        let (user, territory) = side.pair(owner, &other);
        admit(store, user, territory).map_err(|error| {
            error
                .detail("api_name", "id")
                .detail("json_path", format!("{}.id", item.json_path))
        })?;
        Ok(actions::id_details(call, &other))
    })
}

/// Ends the association of record `owner` with each record the `ids` parameter lists.
pub(super) fn remove_each(
    call: Call<'_>,
    (side, owner): (Side, &str),
    store: &mut Store,
) -> Response {
    if !exists(store, side.store(), owner) {
        return actions::unknown_record(call.op, side.store(), owner).into_response();
    }
    let ids = actions::ids(call, "ids");
    actions::each_id(call, &ids, store, |store, other| {
        remove(call, store, (side, owner), other)
    })
}

/// Ends the association of record `owner` with record `other`, both named in the path.
pub(super) fn remove_one(
    call: Call<'_>,
    (side, owner): (Side, &str),
    other: &str,
    store: &mut Store,
) -> Response {
    let result = if exists(store, side.store(), owner) {
        remove(call, store, (side, owner), other)
    } else {
        Err(actions::unknown_record(call.op, side.store(), owner))
    };
    actions::one(call, result)
}

/// Ends the association of record `owner` with record `other`; the generic `INVALID_DATA` if
/// they are not associated.
fn remove(
    call: Call<'_>,
    store: &mut Store,
    (side, owner): (Side, &str),
    other: &str,
) -> Result<Value, ZohoError> {
    let (user, territory) = side.pair(owner, other);
    if store.dissociate(user, territory) {
        return Ok(actions::id_details(call, other));
    }
    let message = match side {
        Side::User => format!("the user does not belong to the territory {territory}"),
        Side::Territory => format!("user {user} does not belong to the territory"),
    };
    Err(ZohoError::invalid_data(call.op, message).detail("id", other))
}
