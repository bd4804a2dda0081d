//! Turning a response (status and body) into a call's typed result.
//!
//! Pure functions over bytes, so every shape of response can be tested without a server.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorBody, OperationError};
use crate::results::{ActionResults, ActionSuccess, Info, Page};
use crate::wire::Operation;

/// Decodes the response of an action endpoint (create, update, delete).
///
/// Accepts results wrapped in the operation's key (`{"roles": [...]}`) and a bare result object;
/// a top-level `{"code", "status": "error"}` is the endpoint's error for the whole request.
#[cfg_attr(
    some_families,
    allow(dead_code, reason = "only some families' generated code uses it")
)]
pub(crate) fn action<D: DeserializeOwned, E: OperationError>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<ActionResults<D, E>, Error<E>> {
    let object = json_object(op, status, body)?;
    let wrapper = op.response_wrapper.unwrap_or_default();
    let raw_items: Vec<Value> = match object.get(wrapper) {
        Some(Value::Array(items)) => items.clone(),
        Some(_) => {
            return Err(Error::response(
                op.name,
                status,
                body,
                format!("`{}` is not an array", wrapper),
            ))
        }
        None if is_error(&object) => {
            return Err(Error::Api(E::from_body(ErrorBody::from_json(
                status, &object,
            ))))
        }
        None if object.contains_key("code") => vec![Value::Object(object)],
        None => {
            return Err(Error::response(
                op.name,
                status,
                body,
                format!("no `{}` key and no error code", wrapper),
            ))
        }
    };
    let mut items = Vec::with_capacity(raw_items.len());
    for (i, item) in raw_items.into_iter().enumerate() {
        let Value::Object(fields) = item else {
            return Err(Error::response(
                op.name,
                status,
                body,
                format!("result {i} is not an object"),
            ));
        };
        if is_error(&fields) {
            items.push(Err(E::from_body(ErrorBody::from_json(status, &fields))));
        } else {
            let success = serde_json::from_value::<ActionSuccess<D>>(Value::Object(fields))
                .map_err(|e| Error::response(op.name, status, body, format!("result {i}: {e}")))?;
            items.push(Ok(success));
        }
    }
    Ok(ActionResults {
        status,
        operation: op.name,
        items,
    })
}

/// Decodes the response of a read endpoint: `{"<wrapper>": [...], "info": {...}}`, or no
/// records: 204 (none) or 304 (none changed since the `If-Modified-Since` time).
pub(crate) fn records<T: DeserializeOwned, E: OperationError>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<Page<T>, Error<E>> {
    if status == 204 || status == 304 {
        return Ok(Page {
            items: Vec::new(),
            info: None,
        });
    }
    let wrapper = op.response_wrapper.unwrap_or_default();
    // The usual answer, read straight into the records; any other body (an error, a missing
    // key, a record that does not fit) is read again below, which says what is wrong.
    let envelope = Envelope::<T> {
        wrapper,
        records: PhantomData,
    };
    let mut reader = serde_json::Deserializer::from_slice(body);
    if let Ok((items, info)) = envelope
        .deserialize(&mut reader)
        .and_then(|page| reader.end().map(|()| page))
    {
        return Ok(Page { items, info });
    }
    let mut object = json_object(op, status, body)?;
    let Some(records) = object.remove(wrapper) else {
        if is_error(&object) {
            return Err(Error::Api(E::from_body(ErrorBody::from_json(
                status, &object,
            ))));
        }
        return Err(Error::response(
            op.name,
            status,
            body,
            format!("no `{}` key and no error code", wrapper),
        ));
    };
    let items = serde_json::from_value::<Vec<T>>(records)
        .map_err(|e| Error::response(op.name, status, body, format!("`{wrapper}`: {e}")))?;
    let info = match object.remove("info") {
        None | Some(Value::Null) => None,
        Some(info) => serde_json::from_value::<RawInfo>(info)
            .map_err(|e| e.to_string())
            .and_then(RawInfo::paging)
            .map_err(|e| Error::response(op.name, status, body, format!("`info`: {e}")))?,
    };
    Ok(Page { items, info })
}

/// An `info` block as it arrives. Paged lists send `{"per_page", "count", "page",
/// "more_records"}` (record lists add page tokens), COQL `{"count", "more_records"}`, and Get
/// Tags `{"count", "allowed_count"}`, which holds no paging facts.
#[derive(Deserialize)]
struct RawInfo {
    per_page: Option<u32>,
    count: Option<u32>,
    page: Option<u32>,
    more_records: Option<bool>,
    next_page_token: Option<String>,
    previous_page_token: Option<String>,
    page_token_expiry: Option<String>,
}

impl RawInfo {
    /// The paging facts: none when the block has no paging key, else at least `count` and
    /// `more_records`.
    fn paging(self) -> Result<Option<Info>, String> {
        match (self.count, self.more_records) {
            (_, None) if self.per_page.is_none() && self.page.is_none() => Ok(None),
            (Some(count), Some(more_records)) => Ok(Some(Info {
                per_page: self.per_page.unwrap_or(0),
                count,
                page: self.page.unwrap_or(0),
                more_records,
                next_page_token: self.next_page_token,
                previous_page_token: self.previous_page_token,
                page_token_expiry: self.page_token_expiry,
            })),
            _ => Err("paging facts without both `count` and `more_records`".into()),
        }
    }
}

/// `{"<wrapper>": [records], "info": {...}}` with any other keys, read without an intermediate
/// `Value`: the records and the paging facts. A body that lacks the wrapper, or holds it or
/// `info` twice, is an error here and left to the general path.
struct Envelope<'w, T> {
    wrapper: &'w str,
    records: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Envelope<'_, T> {
    type Value = (Vec<T>, Option<Info>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Envelope<'_, T> {
    type Value = (Vec<T>, Option<Info>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`", self.wrapper)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = None;
        let mut info = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.wrapper {
                if items.is_some() {
                    return Err(de::Error::custom("the wrapper key twice"));
                }
                items = Some(map.next_value::<Vec<T>>()?);
            } else if key == "info" {
                if info.is_some() {
                    return Err(de::Error::duplicate_field("info"));
                }
                info = Some(map.next_value::<Option<RawInfo>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let items = items.ok_or_else(|| de::Error::custom("no wrapper key"))?;
        let info = match info.flatten() {
            Some(raw) => raw.paging().map_err(de::Error::custom)?,
            None => None,
        };
        Ok((items, info))
    }
}

/// Decodes a response whose whole body is one object, e.g. `{"count": 11}`.
#[cfg_attr(
    some_families,
    allow(dead_code, reason = "only some families' generated code uses it")
)]
pub(crate) fn object<T: DeserializeOwned, E: OperationError>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<T, Error<E>> {
    let object = json_object(op, status, body)?;
    if is_error(&object) || !(200..300).contains(&status) {
        return Err(Error::Api(E::from_body(ErrorBody::from_json(
            status, &object,
        ))));
    }
    serde_json::from_value(Value::Object(object))
        .map_err(|e| Error::response(op.name, status, body, e.to_string()))
}

/// The body as a JSON object, or the error that says what arrived instead.
fn json_object<E>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<Map<String, Value>, Error<E>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::response(op.name, status, body, "empty body"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Error::response(
            op.name,
            status,
            body,
            "the body is JSON but not an object",
        )),
        Err(e) => Err(Error::response(
            op.name,
            status,
            body,
            format!("the body is not JSON ({e})"),
        )),
    }
}

/// Whether an object is an error: `"status": "error"`.
fn is_error(object: &Map<String, Value>) -> bool {
    object.get("status").and_then(Value::as_str) == Some("error")
}
