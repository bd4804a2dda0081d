//! Checking JSON values against spec types: the spec's samples at check time, and requests and
//! responses in zohocrm-mock.

use serde_json::{Map, Value};

use crate::model::{Api, Operation, Presence, Response, Ty, TypeKind};
use crate::spec::locate::escape_segment;

/// Which side of the wire a value is on; decides which presence rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A request: `required` keys must be present, enum values must be documented, and a `null`
    /// for an optional key reads as the key's absence (as the docs' samples write it).
    Request,
    /// A request whose values a server stores: as [`Mode::Request`], but a `null` only where
    /// the key is nullable, so every stored record still fits its type.
    StoredRequest,
    /// A response: `presence: always` keys must be present, any enum value is kept.
    Response,
}

/// One way a value does not fit its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer of the value at fault, from the body's root.
    pub pointer: String,
    /// The key at fault (the last object key on the way to it).
    pub key: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A key that must be present is absent.
    Missing,
    /// The value is not of the expected JSON type.
    WrongType {
        /// What was expected, e.g. `a string`.
        expected: String,
    },
    /// `null` where the key is not nullable.
    Null,
    /// A string not among an enum's documented values.
    NotAllowed {
        /// The documented values.
        allowed: Vec<String>,
    },
    /// A key the type does not have.
    UnknownKey,
    /// The body's wrapper key is absent or not an array.
    NoWrapper {
        /// The expected wrapper key.
        wrapper: String,
    },
}

impl Violation {
    /// What is wrong, without where.
    pub fn problem_text(&self) -> String {
        match &self.problem {
            Problem::Missing => format!("key `{}` is missing", self.key),
            Problem::WrongType { expected } => format!("`{}` should be {expected}", self.key),
            Problem::Null => format!("`{}` is null but not nullable", self.key),
            Problem::NotAllowed { allowed } => {
                format!(
                    "`{}` is not one of the allowed values {}",
                    self.key,
                    allowed.join(", ")
                )
            }
            Problem::UnknownKey => format!("key `{}` is not in the spec", self.key),
            Problem::NoWrapper { wrapper } => {
                format!("expected an object with an array under `{wrapper}`")
            }
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.problem_text())
    }
}

/// Checks a request body `{"<wrapper>": [item, ...]}` against an operation's request type.
pub fn request_body(api: &Api, op: &Operation, body: &Value) -> Vec<Violation> {
    request_items(api, op, body, Mode::Request)
}

/// [`request_body`] for a server that stores what it is sent: a `null` is refused wherever
/// the key is not nullable.
pub fn stored_request_body(api: &Api, op: &Operation, body: &Value) -> Vec<Violation> {
    request_items(api, op, body, Mode::StoredRequest)
}

fn request_items(api: &Api, op: &Operation, body: &Value, mode: Mode) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(request) = &op.request else {
        return out;
    };
    let ty = Ty::Named(request.item.clone());
    let Some(wrapper) = &request.wrapper else {
        value(api, &ty, body, mode, "", "", &mut out);
        return out;
    };
    match body.get(wrapper) {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let pointer = format!("/{}/{i}", escape_segment(wrapper));
                value(api, &ty, item, mode, &pointer, wrapper, &mut out);
            }
        }
        _ => out.push(Violation {
            pointer: String::new(),
            key: wrapper.clone(),
            problem: Problem::NoWrapper {
                wrapper: wrapper.clone(),
            },
        }),
    }
    out
}

/// Checks a success response body against an operation's response.
pub fn response_body(api: &Api, op: &Operation, body: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let wrapper = match &op.response {
        Response::Object { item, .. } => {
            value(
                api,
                &Ty::Named(item.clone()),
                body,
                Mode::Response,
                "",
                "",
                &mut out,
            );
            return out;
        }
        Response::Action { wrapper, .. } | Response::Records { wrapper, .. } => wrapper,
    };
    let items: Vec<(String, &Value)> = match body.get(wrapper) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/{}/{i}", escape_segment(wrapper)), v))
            .collect(),
        _ if matches!(op.response, Response::Action { .. }) && body.get("code").is_some() => {
            vec![(String::new(), body)]
        }
        _ => {
            out.push(Violation {
                pointer: String::new(),
                key: wrapper.to_owned(),
                problem: Problem::NoWrapper {
                    wrapper: wrapper.to_owned(),
                },
            });
            return out;
        }
    };
    for (pointer, item) in items {
        match &op.response {
            Response::Action { details, .. } => action_item(api, details, item, &pointer, &mut out),
            _ => value(
                api,
                &Ty::Named(op.response.item_type().to_owned()),
                item,
                Mode::Response,
                &pointer,
                wrapper,
                &mut out,
            ),
        }
    }
    if let Some(info) = body.get("info") {
        if !info.is_object() {
            out.push(wrong("/info", "info", "an object"));
        }
    }
    out
}

/// Checks one action result: `{"code", "details", "message", "status"}`.
fn action_item(api: &Api, details: &str, item: &Value, pointer: &str, out: &mut Vec<Violation>) {
    let Some(object) = item.as_object() else {
        out.push(wrong(pointer, "", "an object"));
        return;
    };
    for key in ["code", "message", "status"] {
        match object.get(key) {
            Some(Value::String(_)) => {}
            Some(_) => out.push(wrong(&format!("{pointer}/{key}"), key, "a string")),
            None => out.push(Violation {
                pointer: pointer.to_owned(),
                key: key.to_owned(),
                problem: Problem::Missing,
            }),
        }
    }
    let success = object.get("status").and_then(Value::as_str) != Some("error");
    match object.get("details") {
        Some(d) if success => value(
            api,
            &Ty::Named(details.to_owned()),
            d,
            Mode::Response,
            &format!("{pointer}/details"),
            "details",
            out,
        ),
        Some(Value::Object(_)) | None => {}
        Some(_) => out.push(wrong(&format!("{pointer}/details"), "details", "an object")),
    }
}

fn wrong(pointer: &str, key: &str, expected: &str) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        key: key.to_owned(),
        problem: Problem::WrongType {
            expected: expected.to_owned(),
        },
    }
}

/// Checks `v` against `ty`, adding what does not fit to `out`; `key` names the value's key.
pub fn value(
    api: &Api,
    ty: &Ty,
    v: &Value,
    mode: Mode,
    pointer: &str,
    key: &str,
    out: &mut Vec<Violation>,
) {
    let fits = match ty {
        Ty::String | Ty::DateTime => v.is_string(),
        Ty::Boolean => v.is_boolean(),
        Ty::Integer => v.is_i64() || v.is_u64(),
        Ty::Number => v.is_number(),
        Ty::Id => is_id(v),
        Ty::Json => true,
        Ty::List(inner) => match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    value(api, inner, item, mode, &format!("{pointer}/{i}"), key, out);
                }
                true
            }
            _ => false,
        },
        Ty::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Object(fields)) => match v {
                Value::Object(map) => {
                    object(api, fields, map, mode, pointer, out);
                    true
                }
                _ => false,
            },
            Some(TypeKind::Enum(values)) => match v {
                Value::String(s) => {
                    // An enum without values is a problem of the spec, reported on its own.
                    let undocumented = !values.is_empty() && !values.iter().any(|e| &e.value == s);
                    if mode != Mode::Response && undocumented {
                        out.push(Violation {
                            pointer: pointer.to_owned(),
                            key: key.to_owned(),
                            problem: Problem::NotAllowed {
                                allowed: values.iter().map(|e| e.value.clone()).collect(),
                            },
                        });
                    }
                    true
                }
                _ => false,
            },
            // A record's keys are the module's fields, known only at run time.
            Some(TypeKind::Record) => v.is_object(),
            None => true,
        },
    };
    if !fits {
        out.push(wrong(pointer, key, &expected(api, ty)));
    }
}

fn object(
    api: &Api,
    fields: &[crate::model::Field],
    map: &Map<String, Value>,
    mode: Mode,
    pointer: &str,
    out: &mut Vec<Violation>,
) {
    for field in fields {
        let here = format!("{pointer}/{}", escape_segment(&field.json_name));
        match map.get(&field.json_name) {
            None => {
                let must = match mode {
                    Mode::Request | Mode::StoredRequest => field.required,
                    Mode::Response => field.presence == Presence::Always,
                };
                if must {
                    out.push(Violation {
                        pointer: pointer.to_owned(),
                        key: field.json_name.clone(),
                        problem: Problem::Missing,
                    });
                }
            }
            Some(Value::Null) => {
                let allowed = field.nullable || (mode == Mode::Request && !field.required);
                if !allowed {
                    out.push(Violation {
                        pointer: here,
                        key: field.json_name.clone(),
                        problem: Problem::Null,
                    });
                }
            }
            Some(v) => {
                if field.accepts_id_object && field.ty == Ty::Id {
                    if let Some(inner) = v.as_object().and_then(|o| o.get("id")) {
                        if is_id(inner) {
                            continue;
                        }
                    }
                }
                value(api, &field.ty, v, mode, &here, &field.json_name, out);
            }
        }
    }
    for key in map.keys() {
        if !fields.iter().any(|f| &f.json_name == key) {
            out.push(Violation {
                pointer: format!("{pointer}/{}", escape_segment(key)),
                key: key.clone(),
                problem: Problem::UnknownKey,
            });
        }
    }
}

/// Whether `v` is a record id: a string of 1 to 19 digits, or a non-negative integer.
pub fn is_id(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()),
        Value::Number(n) => n.is_u64(),
        _ => false,
    }
}

/// What a value of `ty` looks like in JSON, in the spec's words.
pub(crate) fn expected(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::DateTime => "a date-time string".into(),
        Ty::Boolean => "a boolean".into(),
        Ty::Integer => "an integer".into(),
        Ty::Number => "a number".into(),
        Ty::Id => "a record id (a string of digits)".into(),
        Ty::Json => "any JSON".into(),
        Ty::List(_) => "an array".into(),
        Ty::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => format!("a `{name}` string"),
            _ => format!("a `{name}` object"),
        },
    }
}
