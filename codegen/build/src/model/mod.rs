//! The checked, resolved spec: what the emitter, the mock and the tools work from.
//!
//! Built by lowering (see `lower.rs`) from the serde types in [`crate::spec`]; every name here is known to
//! resolve and every sample to fit its type.

use std::collections::BTreeMap;

use serde_json::Value;

pub mod names;

pub use crate::spec::{AllowedValue, Constraints, HttpMethod, Note, Presence, Trigger};

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// API version, e.g. `v7`.
    pub version: String,
    /// Path prefix of every endpoint, e.g. `/crm/v7`.
    pub base_path: String,
    /// What the API is.
    pub description: String,
    /// Errors any endpoint may return.
    pub shared_errors: Vec<ErrorDoc>,
    /// Decisions that concern the whole API.
    pub notes: Vec<Note>,
    /// Types defined in the API-wide file, emitted in the `common` module.
    pub common_types: Vec<String>,
    /// Endpoint families, by name.
    pub families: Vec<Family>,
    /// Every named type, by name.
    pub types: BTreeMap<String, Type>,
}

impl Api {
    /// The type called `name`; lowering guarantees every referenced name exists.
    pub fn type_named(&self, name: &str) -> Option<&Type> {
        self.types.get(name)
    }

    /// Every operation with its family.
    pub fn operations(&self) -> impl Iterator<Item = (&Family, &Operation)> {
        self.families
            .iter()
            .flat_map(|f| f.operations.iter().map(move |o| (f, o)))
    }
}

/// An endpoint family.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Module and accessor name.
    pub name: String,
    /// Human title.
    pub title: String,
    /// What the family manages.
    pub description: String,
    /// The spec file it came from.
    pub file: String,
    /// Types defined in its file, by name.
    pub types: Vec<String>,
    /// Decisions that concern the whole family.
    pub notes: Vec<Note>,
    /// Its operations, by operation name.
    pub operations: Vec<Operation>,
}

impl Family {
    /// The cargo feature that compiles the family: its name with `-` for `_`.
    pub fn feature(&self) -> String {
        self.name.replace('_', "-")
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    /// Rust name.
    pub name: String,
    /// Module it is emitted in (`common` or a family name).
    pub module: String,
    /// What it represents.
    pub description: String,
    /// Object or enum.
    pub kind: TypeKind,
    /// Whether a request body contains it (directly or nested).
    pub in_request: bool,
    /// Whether a response contains it (directly or nested).
    pub in_response: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A JSON object.
    Object(Vec<Field>),
    /// A string with documented values.
    Enum(Vec<EnumValue>),
    /// A record of any module, with the module's fields as keys.
    Record,
}

/// A documented value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// Rust variant name.
    pub variant: String,
    /// What it means.
    pub description: String,
}

/// A key of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON key.
    pub json_name: String,
    /// Rust field name (a raw identifier where the key is a keyword).
    pub rust_name: String,
    /// Its type.
    pub ty: Ty,
    /// Mandatory in requests.
    pub required: bool,
    /// Whether responses always carry it.
    pub presence: Presence,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// What it means.
    pub description: String,
    /// Documented values.
    pub values: Vec<AllowedValue>,
    /// Server default.
    pub default: Option<Value>,
    /// Server rules.
    pub constraints: Constraints,
    /// Whether an id may also come as `{"id": ...}`.
    pub accepts_id_object: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`, given where its type is used: in a request only,
    /// absent unless `required`; in a response only, absent unless always present and not null;
    /// in both, present only when both hold.
    pub fn is_optional(&self, owner: &Type) -> bool {
        let request_optional = !self.required;
        let response_optional = self.presence != Presence::Always || self.nullable;
        match (owner.in_request, owner.in_response) {
            (true, false) => request_optional,
            (false, true) => response_optional,
            _ => request_optional || response_optional,
        }
    }
}

impl Field {
    /// Whether a request can send the key as `null` to clear it: a nullable, optional key of a
    /// request-only type. Such a field is `Option<Option<T>>`: absent, null, or a value.
    pub fn is_clearable(&self, owner: &Type) -> bool {
        owner.in_request && !owner.in_response && self.nullable && self.is_optional(owner)
    }
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// JSON string.
    String,
    /// JSON boolean.
    Boolean,
    /// JSON integer.
    Integer,
    /// JSON number.
    Number,
    /// A record id: a string of digits on the wire.
    Id,
    /// ISO 8601 date-time text.
    DateTime,
    /// Any JSON.
    Json,
    /// A JSON array.
    List(Box<Ty>),
    /// A named type.
    Named(String),
}

impl Ty {
    /// Parses a type expression; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Ty> {
        Ty::parse_nested(text, 0)
    }

    /// The deepest `list<…>` nesting accepted; deeper expressions are refused, so that neither
    /// parsing nor emitting can exhaust the stack.
    pub const MAX_NESTING: usize = 8;

    fn parse_nested(text: &str, depth: usize) -> Option<Ty> {
        Some(match text {
            "string" => Ty::String,
            "boolean" => Ty::Boolean,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "id" => Ty::Id,
            "datetime" => Ty::DateTime,
            "json" => Ty::Json,
            _ => {
                if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
                    if depth >= Ty::MAX_NESTING {
                        return None;
                    }
                    Ty::List(Box::new(Ty::parse_nested(inner, depth + 1)?))
                } else if names::is_type_name(text) {
                    Ty::Named(text.to_owned())
                } else {
                    return None;
                }
            }
        })
    }

    /// The named type this expression mentions, if any.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::List(inner) => inner.named(),
            _ => None,
        }
    }
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Stable operation name, e.g. `create_role`.
    pub name: String,
    /// Method name on the family accessor.
    pub function: String,
    /// The doc page's title.
    pub title: String,
    /// What it does.
    pub description: String,
    /// The doc page.
    pub doc_url: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the base path, with `{param}` placeholders.
    pub path: String,
    /// Path parameters in path order.
    pub path_params: Vec<Param>,
    /// Query parameters.
    pub query: Vec<Param>,
    /// Optional request headers.
    pub headers: Vec<Param>,
    /// Scope name, e.g. `ZohoCRM.settings.roles`.
    pub scope: String,
    /// Operation types that grant it, with their meaning.
    pub operation_types: Vec<(String, String)>,
    /// Further scopes needed as well, each granted by one of its operation types.
    pub additional_scopes: Vec<ScopeRequirement>,
    /// Request body.
    pub request: Option<Request>,
    /// Success response.
    pub response: Response,
    /// Whether retrying is safe.
    pub idempotent: bool,
    /// Documented errors grouped by code: the page's first, then shared ones it does not list.
    pub errors: Vec<ErrorCode>,
    /// The page's sample input.
    pub sample_input: Option<Value>,
    /// The page's sample response.
    pub sample_response: Option<Value>,
    /// Decisions and caveats.
    pub notes: Vec<Note>,
}

impl Operation {
    /// Whether the endpoint is paged: it returns records and takes `page` and `per_page`.
    pub fn is_paged(&self) -> bool {
        matches!(self.response, Response::Records { .. })
            && ["page", "per_page"]
                .iter()
                .all(|name| self.query.iter().any(|p| p.name == *name))
    }

    /// Full scopes that grant the endpoint, e.g. `ZohoCRM.settings.roles.CREATE`.
    pub fn scopes(&self) -> impl Iterator<Item = String> + '_ {
        self.operation_types
            .iter()
            .map(|(op, _)| format!("{}.{op}", self.scope))
    }

    /// The documented error with `code`.
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        self.errors.iter().find(|e| e.code == code)
    }

    /// The first documented error entry caused by `trigger`.
    pub fn error_for(&self, trigger: &Trigger) -> Option<(&ErrorCode, &ErrorDoc)> {
        self.errors.iter().find_map(|code| {
            code.entries
                .iter()
                .find(|e| e.trigger.as_ref() == Some(trigger))
                .map(|e| (code, e))
        })
    }
}

/// A scope an endpoint needs, granted by any of its operation types.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeRequirement {
    /// Scope without its operation type, e.g. `ZohoCRM.users`.
    pub name: String,
    /// Operation types that grant it, with their meaning.
    pub operation_types: Vec<(String, String)>,
}

impl ScopeRequirement {
    /// Full scopes that satisfy it, e.g. `ZohoCRM.users.READ`.
    pub fn scopes(&self) -> Vec<String> {
        self.operation_types
            .iter()
            .map(|(op, _)| format!("{}.{op}", self.name))
            .collect()
    }
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Its type (a scalar).
    pub ty: Ty,
    /// Whether the call needs it.
    pub required: bool,
    /// What it means.
    pub description: String,
    /// Server default.
    pub default: Option<Value>,
    /// Smallest value allowed.
    pub minimum: Option<i64>,
    /// Largest value allowed.
    pub maximum: Option<i64>,
    /// Most values of a list parameter.
    pub max_items: Option<u32>,
}

impl Operation {
    /// The parameters set through the operation's `<Operation>Params` struct: the optional
    /// query parameters, then the headers.
    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.query
            .iter()
            .filter(|p| !p.required)
            .chain(self.headers.iter())
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Wrapper key of the items; `None` when the body is one item object.
    pub wrapper: Option<String>,
    /// Item type name.
    pub item: String,
    /// Most items per call.
    pub max_items: Option<u32>,
}

/// A success response.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// One object that is the whole body.
    Object {
        /// Status of a successful call.
        status: u16,
        /// The body's type.
        item: String,
    },
    /// Per-item action results.
    Action {
        /// Status of a fully successful call.
        status: u16,
        /// Wrapper key.
        wrapper: String,
        /// Type of a success's `details`.
        details: String,
    },
    /// Records.
    Records {
        /// Status of a successful call.
        status: u16,
        /// Wrapper key.
        wrapper: String,
        /// Record type.
        item: String,
    },
}

impl Response {
    /// The key results are wrapped in; `None` for a bare object.
    pub fn wrapper(&self) -> Option<&str> {
        match self {
            Response::Action { wrapper, .. } | Response::Records { wrapper, .. } => Some(wrapper),
            Response::Object { .. } => None,
        }
    }

    /// The documented success status.
    pub fn status(&self) -> u16 {
        match self {
            Response::Action { status, .. }
            | Response::Records { status, .. }
            | Response::Object { status, .. } => *status,
        }
    }

    /// The type the response carries: details, record or object type.
    pub fn item_type(&self) -> &str {
        match self {
            Response::Action { details, .. } => details,
            Response::Records { item, .. } | Response::Object { item, .. } => item,
        }
    }
}

/// All documented errors of one code on one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// Zoho's code.
    pub code: String,
    /// Rust variant name.
    pub variant: String,
    /// HTTP status.
    pub status: u16,
    /// Whether it comes from the API-wide list rather than the endpoint's page.
    pub shared: bool,
    /// One entry per documented message.
    pub entries: Vec<ErrorDoc>,
}

/// One documented message of an error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDoc {
    /// Zoho's code.
    pub code: String,
    /// HTTP status.
    pub status: u16,
    /// The API's message.
    pub message: String,
    /// What to do.
    pub resolution: String,
    /// What causes it.
    pub trigger: Option<Trigger>,
}

/// Groups an endpoint's documented errors by code, then adds the shared codes it does not list.
pub fn group_errors(documented: &[ErrorDoc], shared: &[ErrorDoc]) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for (is_shared, list) in [(false, documented), (true, shared)] {
        for doc in list {
            match out.iter_mut().find(|c| c.code == doc.code) {
                Some(code) if code.shared == is_shared => code.entries.push(doc.clone()),
                Some(_) => {}
                None => out.push(ErrorCode {
                    code: doc.code.clone(),
                    variant: names::pascal(&doc.code),
                    status: doc.status,
                    shared: is_shared,
                    entries: vec![doc.clone()],
                }),
            }
        }
    }
    out
}
