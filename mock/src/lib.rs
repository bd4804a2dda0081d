//! A fake Zoho CRM v7 server for tests and demos, driven by the same spec as the `zohocrm`
//! bindings.
//!
//! ```no_run
//! # async fn run() -> Result<(), zohocrm_mock::MockError> {
//! let mock = zohocrm_mock::MockServer::start().await?;
//! // Point a client at `mock.base_url()` (it appends `/crm/v7`) with `mock.token()`.
//! let roles = mock.records("roles");
//! # Ok(()) }
//! ```
//!
//! # How calls are served
//!
//! The spec files are embedded at build time (`build.rs` checks them and fails the build on a
//! broken spec). There is no per-endpoint code: a call's method and path are matched against
//! every operation's path template below the base path (path parameters must fit their type;
//! the template with the most literal segments wins), then the call goes through:
//!
//! 1. **Faults** queued with [`MockServer::fail_next`] (API calls only; the call is logged).
//! 2. **Routing**: no template matches → 404 `INVALID_URL_PATTERN`; a template matches with
//!    another method → 400 `INVALID_REQUEST_METHOD`.
//! 3. **Auth**: `Authorization: Zoho-oauthtoken <token>`; missing, unknown or expired → 401
//!    `INVALID_TOKEN`; a token lacking the operation's scope or one of its additional scopes →
//!    401 `OAUTH_SCOPE_MISMATCH`. `<prefix>.ALL` covers every scope at or below `<prefix>`
//!    (`ZohoCRM.settings.ALL` covers `ZohoCRM.settings.roles`); scopes compare ignoring case.
//! 4. **Body size**: over 1 MiB → 413 `REQUEST_ENTITY_TOO_LARGE` (the spec has no entry).
//! 5. **Query**: a missing required parameter → the operation's `missing_param` error, else
//!    `REQUIRED_PARAM_MISSING`; a value that does not fit its type, enum, range or item limit →
//!    `INVALID_DATA` with `details.param_name`.
//! 6. **The operation**, by what it does to its family's records (a family's records are those
//!    of its `GET` collection endpoint, kept in a store named after the family):
//!    - *list* (`GET` the collection): narrowed by query parameters named like a key of the
//!      record type (`name`, ignoring case), by a `list<id>` parameter (`ids`), by `filters`
//!      criteria, and by a user's `type` (`CurrentUser`, `AdminUsers`, ...). Operations with
//!      `page` and `per_page` are paged and carry an `info` block (a `per_page` over its
//!      documented maximum is refused in step 5; without a maximum it is capped at its default,
//!      else 200); others (roles) return everything without `info`, as Zoho's samples do.
//!      Nothing to return → 204 without a body.
//!    - *get* (`GET` the collection`/{id}`): the record, or 204 when there is none (the spec's
//!      decision for `get_role` and `get_user_group`, following v8).
//!    - *count* (`GET` an object `{"count"}` below the collection): the size of the list.
//!    - *create* (`POST` the collection) and *update* (`PUT` the collection with ids in the
//!      items, or `PUT` the collection`/{id}`): bodies are JSON with or without `Content-Type`.
//!      Not JSON, no array under the wrapper, or an empty array → the `malformed_body` error
//!      if the spec has one, else `INVALID_DATA` saying what is wrong. More items than
//!      `max_items` → `LIMIT_EXCEEDED` with `details.limit` (no trigger kind exists for it).
//!      Each item is then checked in order against the spec's types (unknown keys are ignored;
//!      ids may be strings or JSON numbers, references bare ids or `{"id": ...}`) and
//!      constraints (`forbidden_chars`, `max_length`, `unique` ignoring case, `references`),
//!      and answered with the documented error of the matching trigger, else with the code the
//!      pages use for it (`MANDATORY_NOT_FOUND`, `INVALID_DATA`, `DUPLICATE_DATA`) and a message
//!      naming the key; `details` carry `api_name` and `json_path`.
//!    - *delete* (`DELETE` the collection`/{id}`, or the collection with a required `list<id>`
//!      parameter, one result per id).
//!    - anything else (sub-resources such as a territory's users, and actions such as
//!      transfer-and-delete) → 501 `NOT_SUPPORTED`, naming the operation.
//!
//!    Action results are `{"<wrapper>": [...]}` per item: the documented status when all
//!    succeed, the first error's status when all fail, 207 when mixed. Success messages come
//!    from the page's sample response, else `"<Title> succeeded"`; `details` hold the id when
//!    the details type has one. An update or delete of an id that names no record answers the
//!    operation's generic `INVALID_DATA` entry (the one without a trigger). Every records
//!    answer is checked against the spec's response type before it is sent; one that does not
//!    fit is a mock bug, reported as a 500 saying why.
//!
//! Error bodies are always `{"code", "details", "message", "status": "error"}`, with the code,
//! status and message of the operation's documented entry for the trigger, else the API-wide
//! entry. Whole-call errors (auth, routing, body, query, a path id) are top-level objects; item
//! errors sit in the wrapper array.
//!
//! # Records
//!
//! Stores are named by family (which is also their wrapper key): `roles`, `user_groups`,
//! `users`, `territories`, `profiles`, plus `org`. Records are shaped as the spec's record type:
//! request keys the type has are copied, ids become strings, references become
//! `{"name", "id"}` (the name looked up in the referenced store), request defaults fill absent
//! keys, and nullable keys responses always carry are `null`. The per-family rules the spec
//! cannot express are in one module (`semantics`): audit keys (`created_by__s`,
//! `Modified_Time`, ... set to the mock's user, Patricia Boyle, and the current UTC time; a
//! user group's `modified_by`/`modified_time` stay `null` until it changes), a role's or
//! profile's `display_label`, a user's `full_name`, status and settings (taken from the
//! administrator), user-group sources (each must name an existing record of the store its
//! `type` names, `groups` being `user_groups`; names are filled in; updates merge them, `_delete`
//! removing one), `include=sources` and `include=sources_count` for user groups, the `type`
//! filter of users, and deleting a role or profile, which needs its transfer parameter to name
//! another existing record (else `INVALID_DATA`) and moves its users (and a role's sub-roles)
//! there. New ids are 19-digit numbers counting up from 5843104000000000001.
//!
//! The default org has the users Patricia Boyle (3652397000000186017, administrator, role CEO)
//! and Deborah Gill (3652397000000281001, role Manager), the profiles Administrator
//! (3652397000000026011) and Standard (3652397000000026014), the roles CEO
//! (3652397000000026005) and Manager (3652397000000026008, reporting to CEO), the territories
//! Zylker (3652397000000313011) and New York (3652397000007622003) below it, the org Zylker
//! Mock, and no user groups.
//!
//! # Hand-written calls
//!
//! Zoho's SDK calls `GET /crm/v7/users?type=CurrentUser` (served by the spec's Get Users with
//! the `type` filter) and `GET /crm/v7/org` after getting a token; the latter is not in the spec
//! and is answered by hand from the `org` store, for any valid token, until the spec has it.
//! The OAuth token endpoint `POST /oauth/v2/token` takes its parameters from the form body or
//! the query and, like Zoho's accounts server, answers HTTP 200 both for tokens and for
//! `{"error": "invalid_client" | "invalid_code" | "unsupported_grant_type"}`.
//!
//! # Faults
//!
//! See [`Fault`]. A dropped connection closes the TCP connection without a response byte.
//! Faulted calls are logged; only `Delay` and `DropAfterApply` let the call take effect.

mod actions;
mod api;
mod auth;
mod builder;
mod call;
mod catalog;
mod connection;
mod criteria;
mod error;
mod faults;
mod item_checks;
mod oauth;
mod params;
mod records;
mod request_log;
mod routing;
mod seed;
mod semantics;
mod server;
mod shaping;
mod spec;
mod startup_calls;
mod state;
mod store;
mod timestamp;
mod tokens;
mod zoho_error;

pub use builder::MockBuilder;
pub use error::MockError;
pub use faults::Fault;
pub use request_log::LoggedRequest;
pub use server::MockServer;
