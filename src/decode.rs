//! Turning a response (status and body) into a call's typed result.
//!
//! Pure functions over bytes, so every shape of response can be tested without a server.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{body_start, Error, ErrorBody, OperationError};
use crate::results::{ActionResults, ActionSuccess, Info, Page};
use crate::wire::Operation;

/// Decodes the response of an action endpoint (create, update, delete).
///
/// Accepts results wrapped in the operation's key (`{"roles": [...]}`) and a bare result object;
/// a top-level `{"code", "status": "error"}` is the endpoint's error for the whole request.
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
            return Err(unexpected(
                op,
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
            return Err(unexpected(
                op,
                status,
                body,
                format!("no `{}` key and no error code", wrapper),
            ))
        }
    };
    let mut items = Vec::with_capacity(raw_items.len());
    for (i, item) in raw_items.into_iter().enumerate() {
        let Value::Object(fields) = item else {
            return Err(unexpected(
                op,
                status,
                body,
                format!("result {i} is not an object"),
            ));
        };
        if is_error(&fields) {
            items.push(Err(E::from_body(ErrorBody::from_json(status, &fields))));
        } else {
            let success = serde_json::from_value::<ActionSuccess<D>>(Value::Object(fields))
                .map_err(|e| unexpected(op, status, body, format!("result {i}: {e}")))?;
            items.push(Ok(success));
        }
    }
    Ok(ActionResults {
        status,
        operation: op.name,
        items,
    })
}

/// Decodes the response of a read endpoint: `{"<wrapper>": [...], "info": {...}}`, or 204.
pub(crate) fn records<T: DeserializeOwned, E: OperationError>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<Page<T>, Error<E>> {
    if status == 204 {
        return Ok(Page {
            items: Vec::new(),
            info: None,
        });
    }
    let mut object = json_object(op, status, body)?;
    let wrapper = op.response_wrapper.unwrap_or_default();
    let Some(records) = object.remove(wrapper) else {
        if is_error(&object) {
            return Err(Error::Api(E::from_body(ErrorBody::from_json(
                status, &object,
            ))));
        }
        return Err(unexpected(
            op,
            status,
            body,
            format!("no `{}` key and no error code", wrapper),
        ));
    };
    let items = serde_json::from_value::<Vec<T>>(records)
        .map_err(|e| unexpected(op, status, body, format!("`{wrapper}`: {e}")))?;
    let info = match object.remove("info") {
        None | Some(Value::Null) => None,
        Some(info) => Some(
            serde_json::from_value::<Info>(info)
                .map_err(|e| unexpected(op, status, body, format!("`info`: {e}")))?,
        ),
    };
    Ok(Page { items, info })
}

/// Decodes a response whose whole body is one object, e.g. `{"count": 11}`.
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
        .map_err(|e| unexpected(op, status, body, e.to_string()))
}

/// The body as a JSON object, or the error that says what arrived instead.
fn json_object<E>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<Map<String, Value>, Error<E>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected(op, status, body, "empty body".into()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(unexpected(
            op,
            status,
            body,
            "the body is JSON but not an object".into(),
        )),
        Err(e) => Err(unexpected(
            op,
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

fn unexpected<E>(op: &Operation, status: u16, body: &[u8], reason: String) -> Error<E> {
    Error::Response {
        operation: op.name,
        status,
        reason,
        body_start: body_start(body),
    }
}
