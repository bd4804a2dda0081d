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
//! broken spec). Routing has no per-endpoint code: a call's method and path are matched against
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
//!      decision for `get_role` and `get_user_group`, following v8) or it is a deleted user.
//!    - *count* (`GET` an object `{"count"}` below the collection): the size of the list.
//!    - *create* (`POST` the collection) and *update* (`PUT` the collection with ids in the
//!      items, or `PUT` the collection`/{id}`): bodies are JSON with or without `Content-Type`.
//!      Not JSON, no array under the wrapper, or an empty array → the `malformed_body` error
//!      if the spec has one, else `INVALID_DATA` saying what is wrong. More items than
//!      `max_items` → `LIMIT_EXCEEDED` with `details.limit` (no trigger kind exists for it;
//!      the transfer-and-delete user pages document their own `INVALID_DATA` for it).
//!      Each item is then checked in order against the spec's types (unknown keys are ignored;
//!      ids may be strings or JSON numbers, references bare ids or `{"id": ...}`; `null` only
//!      for a key the spec makes nullable, which clears it, else `INVALID_DATA` at any depth),
//!      then its top-level keys: a mandatory string that is empty or blank counts as missing, a
//!      string key with documented `values` takes only those (ignoring case; stored as the spec
//!      spells them; `details.supported_values` lists them), and the constraints
//!      (`forbidden_chars`, `max_length`, `unique` ignoring case, `references`). Each problem is
//!      answered with the documented error of the matching trigger (`missing_key`,
//!      `invalid_value`, ...), else with the code the pages use for it (`MANDATORY_NOT_FOUND`,
//!      `INVALID_DATA`, `DUPLICATE_DATA`) and a message naming the key; `details` carry
//!      `api_name` and `json_path`.
//!    - *delete* (`DELETE` the collection`/{id}`, or the collection with a required `list<id>`
//!      parameter, one result per id). Users are kept as deleted, see [Records](#records).
//!    - anything else (sub-resources such as a territory's users, and actions such as
//!      transfer-and-delete): by its family's hand-written rules, see
//!      [Sub-resources and actions](#sub-resources-and-actions). An operation no family knows
//!      (one the spec gained since) → its sample response with its documented status, when the
//!      sample fits the response type, else 501 `NOT_SUPPORTED`, naming it. The notes below a
//!      record (`/{module_api_name}/{record_id}/Notes...`), Delete Tags, a tag's record count
//!      and tagging or untagging a record are answered from their samples so far, as are a
//!      module's layouts, a single field and related lists; a path naming one item narrows a
//!      records sample to the items with that `id` or `api_name`, when it has any.
//!
//!    Action results are `{"<wrapper>": [...]}` per item: the documented status when all
//!    succeed, the first error's status when all fail, 207 when mixed. Success messages come
//!    from the page's sample response, else `"<Title> succeeded"`; `details` hold the id when
//!    the details type has one. An update or delete of an id that names no record answers the
//!    operation's generic `INVALID_DATA` entry (the one without a trigger). Every records answer
//!    and every action answer is checked against the spec's response type before it is sent;
//!    one that does not fit is a mock bug, reported as a 500 saying why.
//!
//! Error bodies are always `{"code", "details", "message", "status": "error"}`, with the code,
//! status and message of the operation's documented entry for the trigger, else the API-wide
//! entry. Whole-call errors (auth, routing, body, query, a path id) are top-level objects; item
//! errors sit in the wrapper array.
//!
//! # Records
//!
//! Stores are named by family (which is also their wrapper key, but for `notes`, whose records
//! travel under `data`): `roles`, `user_groups`, `users`, `territories`, `profiles`, `notes`,
//! `tags`, plus `org` and `transfer_and_delete_jobs`
//! (`{"id", "status"}`). Which users belong to which territories is kept beside the stores, in
//! one association both sides read and write. Records are shaped as the spec's record type:
//! request keys the type has are copied, ids become strings, references become
//! `{"name", "id"}` (the name looked up in the referenced store), request defaults fill absent
//! keys, and nullable keys responses always carry are `null`. The per-family rules the spec
//! cannot express are in `semantics`, one `FamilyRules` implementation per store: audit keys
//! (`created_by__s`, `Modified_Time`, ... set to the mock's user, Patricia Boyle, and the current UTC time; a
//! user group's `modified_by`/`modified_time` stay `null` until it changes), a role's or
//! profile's `display_label`, a user's `full_name`, status and settings (taken from the
//! administrator), user-group sources (a new group needs at least one, else
//! `MANDATORY_NOT_FOUND` naming `sources`; each must name an existing record of the store its
//! `type` names, `groups` being `user_groups`, a user not deleted; names are filled in; updates
//! merge them, `_delete` removing one), `include=sources` and `include=sources_count` for user
//! groups, the `type` filter of users, and deleting a role or profile, which needs its transfer
//! parameter to name another existing record (else `INVALID_DATA`) and moves its users (and a
//! role's sub-roles) there. A plain delete of the org's top territory or of a territory with
//! child territories is refused with the page's `NOT_ALLOWED` entry (transfer-and-delete moves
//! children). New ids are 19-digit numbers counting up from 5843104000000000001.
//!
//! Users. A change to a user refuses a deleted user (`CANNOT_UPDATE_DELETED_USER`), the
//! `status` the user already has (`ID_ALREADY_ACTIVE`, `ID_ALREADY_DEACTIVATED`), and, on adding
//! too, a `signature` with a `<script` tag (any case) that no `</script>` follows (the update
//! pages' `INVALID_DATA` 415 for `signature`). Deleting a user (by `DELETE` or
//! transfer-and-delete) keeps it, as Zoho does, with status `deleted`, out of its territories.
//! A deleted user is listed only by `type=DeletedUsers` (the UserType docs: `AllUsers` is every
//! user "active or not", the page says active and inactive users), counts as gone for
//! associations, group membership and [`MockServer::count`] (not for
//! [`MockServer::records`]), and keeps its email taken. The pages document no answer to
//! `GET /users/{id}` for a deleted user; the mock answers 204, as for an unknown id. Deleting it
//! again is `ID_ALREADY_DELETED`, transfer-and-delete naming it (either side) the page's
//! "already deleted" `INVALID_DATA`; the primary contact (the mock's user) cannot be deleted
//! (`INVALID_REQUEST`).
//!
//! Profiles. An update's `permissions_details` set `enabled` of the profile's permissions with
//! those ids (the rest stay); an id the profile lacks answers the page's only `INVALID_DATA`
//! entry ("The profile ID is incorrect."). Only the read of one profile shows
//! `permissions_details`, as the Get Profiles page says.
//!
//! The default org has the users Patricia Boyle (3652397000000186017, administrator, role CEO)
//! and Deborah Gill (3652397000000281001, role Manager), the profiles Administrator
//! (3652397000000026011) and Standard (3652397000000026014), each with the permissions View,
//! Create, Edit and Delete Leads, View Contacts and Manage Groups (3652397000000026100, which
//! Standard lacks), the roles CEO
//! (3652397000000026005) and Manager (3652397000000026008, reporting to CEO), the territories
//! Zylker (3652397000000313011) and New York (3652397000007622003) below it, the org Zylker
//! Mock, no user in any territory, and no user groups.
//!
//! # Sub-resources and actions
//!
//! Answers are paged, enveloped and checked as above. A read below a record that does not exist
//! answers the page's `INVALID_DATA` entry without a trigger (the user-group pages' bad group
//! or user id), else 204; a write below one answers `INVALID_DATA` naming the store. A call
//! naming a record in its path answers what its body form documents for that record's `id`
//! (Associate User: "The user ID is invalid."); a condition no trigger kind describes (super
//! admin, inactive user, ...) answers the page's entry of the code whose message states it.
//! Where a page documents no error, the mock's message says what is wrong.
//!
//! - **Territories.** Child territories: those whose `reporting_to` is the territory, narrowed
//!   by `filters`, paged. Users of a territory: its members as `TerritoryUser` (the user's keys,
//!   `category` `regular_user` where absent). Associating needs an existing (not deleted),
//!   active user not in the territory yet (each the page's error); disassociating a non-member is the page's
//!   `INVALID_DATA`. The user count gives each territory's member count, as a string like
//!   Zoho's sample. Transfer-and-delete refuses the org's top territory (the one without a
//!   parent) and a `transfer_to_id` that is the territory or below it, then makes the
//!   territory's children report to `transfer_to_id` and deletes it.
//! - **Users.** The territories of a user are the same association, shown as
//!   `{"id", "Name", "Manager", "Reporting_To"}`; adding one the user has is `DUPLICATE_DATA`,
//!   removing one the user lacks `INVALID_DATA`. Transfer-and-delete needs `transfer` or
//!   `move_subordinate`, refuses the super admin (the mock's user) and users already deleted,
//!   and wants `move_subordinate` active and not reporting to the deleted user (`Reporting_To`,
//!   at any depth); users reporting to the deleted user then report to `move_subordinate`, the
//!   user is marked deleted and a `completed` job is recorded, whose id `details.jobId` gives. The
//!   status call answers a recorded job's status, 204 for another id (the page documents no
//!   error for one). Deleting a user or territory by any call ends its associations.
//! - **User groups.** A group's members are the users its sources name, the users of the roles
//!   and territories it names (and of those below them with `subordinates`), and the members of
//!   the groups it names. Sources narrow by `type` and by `user_type` (then only user sources in
//!   that state; a user who no longer exists counts as deleted); the sources count has every
//!   type, users by state. Associated users' count gives each group's member count (narrowed by
//!   `filters`, paged); a user's associated groups are those the user is a member of.
//! - **Profiles.** Cloning makes a custom, non-default profile named and described by the item,
//!   with every other key of the source profile (permissions, sections, type); a taken name is
//!   the page's `DUPLICATE_DATA`, a 26th profile its `PROFILE_LIMIT_EXCEEDED`. The clone page
//!   documents no error for an unknown source profile; the mock answers Update Profile's
//!   `INVALID_DATA` entry for a profile id in the URL that names no profile ("The profile ID is
//!   incorrect.", 400), the spec's message for an unknown profile id.
//!
//! Served partially: `transfer` of transfer-and-delete is checked but moves nothing, as the mock
//! keeps no CRM records, rules or criteria; a group's associations are always empty (204), as
//! nothing in the mock uses groups; no territory user limit (`LIMIT_EXCEEDED`) applies; the
//! "not a CRM user" check of transfer-and-delete and the v6 notes' refusals (removing a
//! territory the user manages or the org's default territory, users changing their own
//! territories) are not modelled; `delete_previous_forecasts` is taken but unused.
//!
//! # Hand-written calls
//!
//! Zoho's SDK calls `GET /crm/v7/users?type=CurrentUser` (served by the spec's Get Users with
//! the `type` filter) and `GET /crm/v7/org` after getting a token; the latter is not in the spec
//! and is answered by hand from the `org` store, for any valid token, until the spec has it.
//! The OAuth token endpoint `POST /oauth/v2/token` takes its parameters from the form body or
//! the query and, like Zoho's accounts server, answers HTTP 200 both for tokens and for
//! `{"error": "invalid_client" | "invalid_code" | "unsupported_grant_type"}`; another method
//! answers 405 with `Allow: POST` and `{"error": "invalid_request"}`.
//!
//! # Faults
//!
//! See [`Fault`]. A dropped connection closes the TCP connection without a response byte.
//! Faulted calls are logged; only `Delay` and `DropAfterApply` let the call take effect.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

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
mod org;
mod params;
mod query;
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
