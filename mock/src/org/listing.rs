//! Lists of records as Get Records, Get Related Records and Get Deleted Records give them:
//! `fields`, `ids`, sorting, `If-Modified-Since`, `page`/`per_page` up to the first 2,000
//! records, and page tokens (bound to the call's other parameters, valid 24 hours) up to
//! 100,000.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::meta::Module;
use super::time::{format_utc, parse_datetime, parse_since};
use super::{DeletedKind, Org, INVALID_DATA};
use crate::params::first;
use crate::zoho_error::ZohoError;

/// The most records a page holds (the pages' default and maximum `per_page`).
const MAX_PER_PAGE: u64 = 200;
/// How far `page` reaches.
const DISCRETE_LIMIT: u64 = 2_000;
/// How far page tokens reach.
const TOKEN_LIMIT: u64 = 100_000;
/// How long a page token is valid.
const TOKEN_LIFETIME: i64 = 24 * 3600;
/// The most API names `fields` takes.
const MAX_FIELDS: usize = 50;
/// What `sort_by` takes.
const SORT_FIELDS: [&str; 3] = ["id", "Created_Time", "Modified_Time"];

/// A list's answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Listing {
    /// `{"data": [...], "info": {...}}`.
    Page(Value),
    /// Nothing to list: HTTP 204 without a body.
    NoContent,
    /// `If-Modified-Since` was given and nothing changed after it: HTTP 304.
    NotModified,
}

/// A page token: where the next call starts, and what it was issued for.
#[derive(Debug, Clone)]
struct Token {
    /// The path it lists (`Leads`, `Accounts/<id>/Contacts`).
    scope: String,
    /// The call's parameters other than `page` and `page_token`, sorted.
    params: Vec<(String, String)>,
    /// The index of the first record of the page it gives.
    offset: u64,
    /// When it expires, in seconds since the epoch.
    expires: i64,
}

/// The page tokens the org issued.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokens {
    issued: HashMap<String, Token>,
    count: u64,
}

impl Tokens {
    fn issue(&mut self, token: Token) -> String {
        self.count += 1;
        let text = format!("{:016x}", self.count.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        self.issued.insert(text.clone(), token);
        text
    }

    /// Makes every issued token expired.
    pub(super) fn expire_all(&mut self) {
        for token in self.issued.values_mut() {
            token.expires = i64::MIN;
        }
    }
}

/// `INVALID_DATA` for a query parameter that does not fit.
pub(super) fn bad_param(name: &str) -> ZohoError {
    ZohoError::new(400, INVALID_DATA, "invalid data").detail("param_name", name)
}

/// A positive whole-number parameter, with its default.
pub(super) fn number_param(
    query: &[(String, String)],
    name: &str,
    default: u64,
) -> Result<u64, ZohoError> {
    match first(query, name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad_param(name)),
    }
}

/// `per_page`: 200 when absent, at most 200.
pub(super) fn per_page(query: &[(String, String)]) -> Result<u64, ZohoError> {
    let per_page = number_param(query, "per_page", MAX_PER_PAGE)?;
    if per_page > MAX_PER_PAGE {
        return Err(bad_param("per_page"));
    }
    Ok(per_page)
}

/// The `If-Modified-Since` header as seconds since the epoch.
fn since(header: Option<&str>) -> Result<Option<i64>, ZohoError> {
    header
        .map(|text| {
            parse_since(text).ok_or_else(|| {
                ZohoError::new(400, INVALID_DATA, "invalid data")
                    .detail("header_name", "If-Modified-Since")
            })
        })
        .transpose()
}

/// Whether `record` changed after `since`.
fn modified_after(record: &Map<String, Value>, since: Option<i64>) -> bool {
    since.is_none_or(|since| {
        record
            .get("Modified_Time")
            .and_then(Value::as_str)
            .and_then(parse_datetime)
            .is_some_and(|t| t > since)
    })
}

fn required_missing(name: &str) -> ZohoError {
    let message = "One of the expected parameters is missing.";
    ZohoError::new(400, "REQUIRED_PARAM_MISSING", message).detail("param_name", name)
}

fn ambiguity() -> ZohoError {
    let message = "You cannot use both cvid and sort_by, and page and page_token";
    ZohoError::new(400, "AMBIGUITY_DURING_PROCESSING", message)
}

impl Org {
    /// Get Records (`GET /{module}`): the page of `module`'s records the query asks for.
    /// `if_modified_since` is the header's value.
    pub(crate) fn list(
        &mut self,
        module: &str,
        query: &[(String, String)],
        if_modified_since: Option<&str>,
    ) -> Result<Listing, ZohoError> {
        let module = self.module(module)?.clone();
        let scope = module.api_name.clone();
        let table = self.tables.get(&module.api_name);
        let records: Vec<&Map<String, Value>> =
            table.map(|t| t.live.values().collect()).unwrap_or_default();
        let converted = first(query, "converted").unwrap_or("false");
        let records = match (module.field("Converted__s"), converted) {
            (_, "both") | (None, _) => records,
            (Some(_), "true" | "false") => {
                let wanted = converted == "true";
                records
                    .into_iter()
                    .filter(|r| {
                        r.get("Converted__s")
                            .and_then(Value::as_bool)
                            .unwrap_or(false)
                            == wanted
                    })
                    .collect()
            }
            (Some(_), _) => return Err(bad_param("converted")),
        };
        let now = self.clock.now();
        page_of(
            &mut self.tokens,
            now,
            &scope,
            &module,
            records,
            query,
            if_modified_since,
        )
    }

    /// Get Related Records (`GET /{module}/{id}/{related_list}`): the records whose lookup
    /// to `module` names record `id`, for the lookups whose related list is `related_list`
    /// (Contacts of an Account are the Contacts whose `Account_Name` is the account).
    pub(crate) fn related(
        &mut self,
        module: &str,
        id: &str,
        related_list: &str,
        query: &[(String, String)],
        if_modified_since: Option<&str>,
    ) -> Result<Listing, ZohoError> {
        let parent = self.module(module)?.clone();
        if self.live(&parent.api_name, id).is_none() {
            let message = "the id given seems to be invalid";
            return Err(ZohoError::new(400, INVALID_DATA, message).detail("resource_path_index", 1));
        }
        let lookups: Vec<(Module, String)> = self
            .meta
            .related(&parent.api_name, related_list)
            .into_iter()
            .map(|(m, f)| (m.clone(), f.api_name.clone()))
            .collect();
        let Some((child, _)) = lookups.first() else {
            let message = "the related list given seems to be invalid";
            return Err(ZohoError::new(400, INVALID_DATA, message).detail("resource_path_index", 2));
        };
        let child = child.clone();
        let records: Vec<&Map<String, Value>> = self
            .tables
            .get(&child.api_name)
            .map(|t| {
                t.live
                    .values()
                    .filter(|r| {
                        lookups.iter().any(|(_, field)| {
                            r.get(field)
                                .and_then(|l| l.get("id"))
                                .and_then(Value::as_str)
                                == Some(id)
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let scope = format!("{}/{id}/{related_list}", parent.api_name);
        let now = self.clock.now();
        page_of(
            &mut self.tokens,
            now,
            &scope,
            &child,
            records,
            query,
            if_modified_since,
        )
    }

    /// Get Deleted Records (`GET /{module}/deleted`): `type` (`all`, `recycle`,
    /// `permanent`), `page`, `per_page` and `If-Modified-Since` (deleted after it); most
    /// recently deleted first.
    pub(crate) fn deleted(
        &self,
        module: &str,
        query: &[(String, String)],
        if_modified_since: Option<&str>,
    ) -> Result<Listing, ZohoError> {
        let module = self.module(module)?;
        let kind = match first(query, "type").unwrap_or("all") {
            "all" => DeletedKind::All,
            "recycle" => DeletedKind::Recycle,
            "permanent" => DeletedKind::Permanent,
            _ => {
                let message = "Please check whether the input values are correct";
                let error = ZohoError::new(400, "PATTERN_NOT_MATCHED", message);
                return Err(error.detail("param_name", "type"));
            }
        };
        let page = number_param(query, "page", 1)?;
        let per_page = per_page(query)?;
        let since = since(if_modified_since)?;
        let mut found: Vec<&super::Deleted> = self
            .tables
            .get(&module.api_name)
            .map(|t| t.deleted.iter().collect())
            .unwrap_or_default();
        found.retain(|d| match kind {
            DeletedKind::All => true,
            DeletedKind::Recycle => !d.permanent,
            DeletedKind::Permanent => d.permanent,
        });
        found.retain(|d| since.is_none_or(|since| d.deleted_time > since));
        found.sort_by(|a, b| b.deleted_time.cmp(&a.deleted_time).then(b.id.cmp(&a.id)));
        let total = found.len() as u64;
        let skip = page.saturating_sub(1).saturating_mul(per_page);
        let data: Vec<Value> = found
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .map(|d| {
                let kind = if d.permanent { "permanent" } else { "recycle" };
                json!({
                    "deleted_by": d.deleted_by,
                    "id": d.id.to_string(),
                    "display_name": d.display_name,
                    "type": kind,
                    "created_by": d.created_by,
                    "deleted_time": format_utc(d.deleted_time),
                })
            })
            .collect();
        if data.is_empty() {
            return Ok(if since.is_some() && total == 0 {
                Listing::NotModified
            } else {
                Listing::NoContent
            });
        }
        Ok(Listing::Page(json!({
            "data": data,
            "info": {
                "per_page": per_page,
                "count": data.len(),
                "page": page,
                "more_records": total > skip + data.len() as u64,
            },
        })))
    }
}

/// The page of `records` (of `module`) the query asks for, under `scope` for page tokens.
fn page_of(
    tokens: &mut Tokens,
    now: i64,
    scope: &str,
    module: &Module,
    mut records: Vec<&Map<String, Value>>,
    query: &[(String, String)],
    if_modified_since: Option<&str>,
) -> Result<Listing, ZohoError> {
    let fields: Vec<&str> = first(query, "fields")
        .map(|f| {
            f.split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if fields.is_empty() {
        return Err(required_missing("fields"));
    }
    if fields.len() > MAX_FIELDS {
        let error = ZohoError::new(400, "LIMIT_EXCEEDED", "Fields limit exceeded.");
        return Err(error
            .detail("param_name", "fields")
            .detail("limit", MAX_FIELDS));
    }
    let token_text = first(query, "page_token");
    if token_text.is_some() && first(query, "page").is_some()
        || first(query, "cvid").is_some() && first(query, "sort_by").is_some()
    {
        return Err(ambiguity());
    }
    let per_page = per_page(query)?;
    let sort_by = first(query, "sort_by").unwrap_or("id");
    if !SORT_FIELDS.contains(&sort_by) {
        return Err(bad_param("sort_by").detail("supported_values", SORT_FIELDS.to_vec()));
    }
    let sort_order = first(query, "sort_order").unwrap_or("desc");
    if !matches!(sort_order, "asc" | "desc") {
        return Err(bad_param("sort_order").detail("supported_values", vec!["asc", "desc"]));
    }
    let since = since(if_modified_since)?;
    if let Some(ids) = first(query, "ids") {
        let ids: Vec<&str> = ids.split(',').map(str::trim).collect();
        records.retain(|r| {
            r.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| ids.contains(&id))
        });
    }
    records.retain(|r| modified_after(r, since));
    let id_of = |r: &Map<String, Value>| {
        r.get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let time_of = |r: &Map<String, Value>| {
        r.get(sort_by)
            .and_then(Value::as_str)
            .and_then(parse_datetime)
            .unwrap_or(i64::MIN)
    };
    records.sort_by(|a, b| {
        let order = if sort_by == "id" {
            id_of(a).cmp(&id_of(b))
        } else {
            time_of(a).cmp(&time_of(b)).then(id_of(a).cmp(&id_of(b)))
        };
        if sort_order == "desc" {
            order.reverse()
        } else {
            order
        }
    });
    let bound: Vec<(String, String)> = {
        let mut params: Vec<(String, String)> = query
            .iter()
            .filter(|(k, _)| k != "page" && k != "page_token")
            .cloned()
            .collect();
        params.sort();
        params
    };
    let (page, offset) = match token_text {
        Some(text) => {
            let token = tokens.issued.get(text).ok_or_else(|| {
                let message = "The token given seems to be invalid.";
                ZohoError::new(400, INVALID_DATA, message).detail("param_name", "page_token")
            })?;
            if token.expires <= now {
                let message = "The token given has expired.";
                return Err(ZohoError::new(400, "EXPIRED_VALUE", message)
                    .detail("param_name", "page_token"));
            }
            if token.scope != scope || token.params != bound {
                let message = "The page_token given seems to be invalid or input param is added, altered, or deleted.";
                return Err(ZohoError::new(400, "TOKEN_BOUND_DATA_MISMATCH", message)
                    .detail("param_name", "page_token"));
            }
            if token.offset.saturating_add(per_page) > TOKEN_LIMIT {
                let message = "You can only get up to first 100000 records using page_token param.";
                return Err(ZohoError::new(400, "PAGINATION_LIMIT_EXCEEDED", message));
            }
            (token.offset / per_page + 1, token.offset)
        }
        None => {
            let page = number_param(query, "page", 1)?;
            if page.saturating_mul(per_page) > DISCRETE_LIMIT {
                let message =
                    "You can only get the first 2000 records without using page_token param.";
                return Err(ZohoError::new(
                    400,
                    "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                    message,
                ));
            }
            (page, (page - 1) * per_page)
        }
    };
    if records.is_empty() {
        return Ok(if since.is_some() {
            Listing::NotModified
        } else {
            Listing::NoContent
        });
    }
    let total = records.len() as u64;
    let data: Vec<Value> = records
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .map(|record| project(module, record, &fields))
        .collect();
    if data.is_empty() {
        return Ok(Listing::NoContent);
    }
    let count = data.len() as u64;
    let more = total > offset + count;
    let expires = now.saturating_add(TOKEN_LIFETIME);
    let mut issue = |offset: u64| {
        tokens.issue(Token {
            scope: scope.to_owned(),
            params: bound.clone(),
            offset,
            expires,
        })
    };
    let next = more.then(|| issue(offset + count));
    let previous = (offset > 0).then(|| issue(offset.saturating_sub(per_page)));
    let expiry = (next.is_some() || previous.is_some()).then(|| format_utc(expires));
    Ok(Listing::Page(json!({
        "data": data,
        "info": {
            "call": false,
            "per_page": per_page,
            "next_page_token": next,
            "count": count,
            "sort_by": sort_by,
            "page": page,
            "previous_page_token": previous,
            "page_token_expiry": expiry,
            "sort_order": sort_order,
            "email": false,
            "more_records": more,
        },
    })))
}

/// The `fields` of `record` (`null` for a field of the module without a value; names that are
/// neither fields nor keys of the record left out), and its `id`.
fn project(module: &Module, record: &Map<String, Value>, fields: &[&str]) -> Value {
    let mut row = Map::new();
    for name in fields {
        match record.get(*name) {
            Some(value) => {
                row.insert((*name).to_owned(), value.clone());
            }
            None if module.field(name).is_some() => {
                row.insert((*name).to_owned(), Value::Null);
            }
            None => {}
        }
    }
    if let Some(id) = record.get("id") {
        row.insert("id".into(), id.clone());
    }
    Value::Object(row)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Token, TOKEN_LIFETIME};
    use crate::org::{Clock, Org};

    #[test]
    fn page_tokens_reach_only_the_first_100000_records() {
        let mut org = Org::new(Clock::manual(0)).expect("the seeds are valid");
        let body = json!({"data": [{"Name": "Van"}]});
        org.insert("Vehicles", &body).expect("accepted");
        let params = vec![("fields".to_owned(), "Name".to_owned())];
        let token = org.tokens.issue(Token {
            scope: "Vehicles".into(),
            params: params.clone(),
            offset: 99_900,
            expires: TOKEN_LIFETIME,
        });
        let mut query = params;
        query.push(("page_token".into(), token));
        let error = org
            .list("Vehicles", &query, None)
            .expect_err("past 100,000");
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            (
                "PAGINATION_LIMIT_EXCEEDED",
                "You can only get up to first 100000 records using page_token param."
            )
        );
    }
}
