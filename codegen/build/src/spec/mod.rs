//! The spec file format: the serde types a person writes, one JSON file per endpoint family.
//!
//! These types mirror Zoho's doc pages and are the source of `spec/schema.json` (with the
//! `schema` feature); the checked, resolved form the emitter works from is in [`crate::model`].
//! Loading is in the submodules: [`load`] reads and parses files, `shape` checks them against the
//! schema, `locate` maps JSON pointers to lines, [`diagnostics`] collects what is wrong.

use std::collections::BTreeMap;

use serde::Deserialize;
#[cfg(feature = "serialize")]
use serde::Serialize;
use serde_json::Value;

pub mod diagnostics;
pub mod load;
pub(crate) mod locate;
pub(crate) mod shape;

/// One file under `spec/`.
///
/// Exactly one file of a spec holds `api`; every other file holds one `family` with its
/// operations and types.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The JSON Schema this file follows, for editors: `./schema.json`.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// API-wide facts: version, base path, errors shared by every endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Api>,
    /// The endpoint family this file describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Family>,
    /// Named types, by Rust type name (`PascalCase`). Type names are global across the spec.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, TypeDef>,
    /// Endpoints, by stable operation name (`snake_case`, e.g. `create_role`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub operations: BTreeMap<String, Operation>,
}

/// API-wide facts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// API version, e.g. `v7`.
    pub version: String,
    /// Path prefix of every endpoint, e.g. `/crm/v7`.
    pub base_path: String,
    /// What the API is, in a sentence.
    pub description: String,
    /// Errors any endpoint may return, whether or not its page lists them.
    #[serde(default)]
    pub errors: Vec<ErrorDef>,
    /// Decisions and caveats that concern the whole API.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// An endpoint family: one Rust module and one accessor on the client.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Module and accessor name (`snake_case`), e.g. `roles` gives `client.roles()`.
    pub name: String,
    /// Human title, e.g. `Roles`.
    pub title: String,
    /// What the family manages.
    pub description: String,
    /// Decisions that concern the whole family, e.g. endpoints left out and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// One endpoint, as one doc page describes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The doc page's title, e.g. `Create Role`.
    pub title: String,
    /// Method name on the family accessor (`snake_case`), e.g. `create`.
    pub function: String,
    /// What the endpoint does, in the spec's own words.
    pub description: String,
    /// The doc page this entry follows.
    pub doc_url: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the API base path, with `{param}` placeholders, e.g. `/settings/roles/{role_id}`.
    pub path: String,
    /// The OAuth scope and the operation types that grant this endpoint.
    pub scope: Scope,
    /// Further scopes the endpoint needs as well (each one is required).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_scopes: Vec<Scope>,
    /// Parameters in the path; each must appear in `path` as `{name}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<Param>,
    /// Query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<Param>,
    /// Optional request headers the page documents, e.g. `If-Modified-Since`; they are set with
    /// the optional query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Param>,
    /// The JSON body, if the endpoint takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestBody>,
    /// What a successful call returns.
    pub response: Response,
    /// Whether repeating the call has the same effect as making it once (retries are safe).
    #[serde(default)]
    pub idempotent: bool,
    /// The errors the page documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDef>,
    /// The page's sample input, as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_input: Option<Value>,
    /// The page's sample response, as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_response: Option<Value>,
    /// Decisions and caveats: where the page, Zoho's SDK and other sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Deliberate differences from the doc page, which `zohocrm-codegen drift` reports as
    /// acknowledged rather than as drift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deviations: Vec<Deviation>,
}

/// A deliberate difference from the doc page, e.g. where the spec follows Zoho's SDK.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    /// The spots of the page it covers, as `drift` names them: `key id`, `key name mandatory`,
    /// `key transfer_to_id type`, `key type value AllUsers`, `parameter ids`,
    /// `error INVALID_DATA "invalid data"`, `error INVALID_DATA "invalid data" status`,
    /// `error INVALID_DATA message`, `scope`, `sample_response`, `sample_response /roles/0/id`
    /// or `endpoint`.
    pub at: Vec<String>,
    /// What the page says there, as `drift` prints it (`absent` where the page is silent). When
    /// the page comes to say something else, the difference is drift again.
    pub page_says: String,
    /// Why the spec differs from the page.
    pub reason: String,
}

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum HttpMethod {
    /// `GET`
    GET,
    /// `POST`
    POST,
    /// `PUT`
    PUT,
    /// `PATCH`
    PATCH,
    /// `DELETE`
    DELETE,
}

impl HttpMethod {
    /// The method's name as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::GET => "GET",
            HttpMethod::POST => "POST",
            HttpMethod::PUT => "PUT",
            HttpMethod::PATCH => "PATCH",
            HttpMethod::DELETE => "DELETE",
        }
    }
}

/// The OAuth scope of an endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Scope without its operation type, e.g. `ZohoCRM.settings.roles`.
    pub name: String,
    /// The operation types that grant the endpoint, e.g. `ALL` and `CREATE`.
    pub operation_types: Vec<OperationType>,
}

/// One operation type of a scope.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationType {
    /// `ALL`, `READ`, `CREATE`, `UPDATE` or `DELETE`.
    pub name: String,
    /// What it grants.
    pub description: String,
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Type expression (see [`FieldDef::ty`]): a scalar, an enum type, or `list<T>` of those
    /// (sent comma-separated).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the call needs it.
    #[serde(default)]
    pub required: bool,
    /// What it means.
    pub description: String,
    /// The value the server assumes when it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The smallest value allowed (integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest value allowed (integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The most values a `list<T>` parameter may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// The JSON body of a request: `{"<wrapper>": [<item>, ...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// The key the items are wrapped in, e.g. `roles`; absent when the body is one `item`
    /// object itself (COQL's `{"select_query": ...}`). Never `null`: left out instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub wrapper: Option<String>,
    /// The type of each item.
    pub item: String,
    /// The most items one call may carry, where the docs state a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Response {
    /// One result per input item, each a success with `details` or an error:
    /// `{"<wrapper>": [{"code", "details", "message", "status"}, ...]}`.
    Action {
        /// HTTP status of a fully successful call.
        status: u16,
        /// The key the results are wrapped in.
        wrapper: String,
        /// The type of a success's `details`.
        details: String,
    },
    /// One object that is the whole body, e.g. `{"count": 11}`.
    Object {
        /// HTTP status of a successful call.
        status: u16,
        /// The body's type.
        item: String,
    },
    /// Records: `{"<wrapper>": [<item>, ...], "info": {...}}`; HTTP 204 means none. Paged when
    /// the operation has `page` and `per_page` query parameters.
    Records {
        /// HTTP status of a successful call.
        status: u16,
        /// The key the records are wrapped in.
        wrapper: String,
        /// The type of each record.
        item: String,
    },
}

/// One documented error.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// Zoho's error code, exactly as the API returns it, e.g. `DUPLICATE_DATA`.
    pub code: String,
    /// The HTTP status that comes with it.
    pub status: u16,
    /// The message the API returns, exactly.
    pub message: String,
    /// What the caller should do about it.
    pub resolution: String,
    /// The request condition that causes it, where the spec can say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// A request condition that causes a documented error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// A mandatory key of a request item is absent.
    MissingKey {
        /// The key.
        key: String,
    },
    /// A key has a value of the wrong type, or one that is not allowed.
    InvalidValue {
        /// The key.
        key: String,
    },
    /// A key holds the id of a record that does not exist.
    UnknownReference {
        /// The key.
        key: String,
    },
    /// A key that must be unique repeats an existing record's value.
    Duplicate {
        /// The key.
        key: String,
    },
    /// A key holds a character its constraints forbid.
    ForbiddenCharacters {
        /// The key.
        key: String,
    },
    /// A mandatory query parameter is absent.
    MissingParam {
        /// The parameter.
        param: String,
    },
    /// The access token lacks the endpoint's scope.
    ScopeMismatch,
    /// The access token is missing, unknown or expired.
    InvalidToken,
    /// The user lacks a CRM permission.
    NoPermission,
    /// The path is called with a method it does not serve.
    WrongMethod,
    /// The path matches no endpoint.
    UnknownPath,
    /// The body is not valid JSON or not of the expected shape.
    MalformedBody,
    /// Too many calls in a window.
    RateLimit,
    /// The org's licence does not allow more records.
    LicenseLimit,
    /// The server failed.
    ServerError,
}

/// A decision or caveat recorded with an endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// What the note is about, e.g. a key name or `success status`.
    pub about: String,
    /// What the sources say.
    pub text: String,
    /// What the spec does about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TypeDef {
    /// A JSON object with known keys.
    Object {
        /// What it represents.
        description: String,
        /// Its keys, in the order the docs list them.
        fields: Vec<FieldDef>,
    },
    /// A string with a documented set of values; unknown values are kept.
    Enum {
        /// What it represents.
        description: String,
        /// The documented values.
        values: Vec<EnumValue>,
    },
    /// A record of any module: its keys are the module's fields, which differ per org and are
    /// known only at run time. Responses give the runtime's `Record`, requests take its
    /// `RecordBuilder`.
    Record {
        /// What it represents.
        description: String,
    },
}

/// One key of an object type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// JSON key.
    pub name: String,
    /// Type expression: `string`, `boolean`, `integer`, `number`, `id` (a 19-digit record id,
    /// a string on the wire), `datetime` (ISO 8601 text), `json` (any JSON), a type name, or
    /// `list<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Mandatory in requests: a constructor argument of the request type.
    #[serde(default)]
    pub required: bool,
    /// Whether responses always carry the key.
    #[serde(default)]
    pub presence: Presence,
    /// Whether the value may be JSON `null`.
    #[serde(default)]
    pub nullable: bool,
    /// What the key means.
    pub description: String,
    /// Documented values and what each means (for booleans and open strings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<AllowedValue>,
    /// The value the server assumes when the key is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Rules the server enforces on the value.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Other wire forms accepted on input besides the documented one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_accepts: Vec<AltForm>,
}

/// Whether a response carries a key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// In every response: decoding fails without it.
    Always,
    /// Only in some responses.
    #[default]
    Sometimes,
}

/// A documented value of a key, with its meaning.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AllowedValue {
    /// The value.
    pub value: Value,
    /// What it means.
    pub meaning: String,
}

/// Rules the server enforces on a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Characters the value must not contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_chars: Option<String>,
    /// Whether no two records may share the value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// The longest value allowed, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// The family whose record the id must name, e.g. `roles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<String>,
}

impl Constraints {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Another wire form a key accepts on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AltForm {
    /// An id given as an object `{"id": ...}`, as Zoho's SDK sends references.
    IdObject,
}

/// A documented value of an enum type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(Serialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// What it means.
    pub description: String,
}
