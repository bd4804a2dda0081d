//! Search Records, Get Record Count and COQL over the org's records, with `crate::query`'s
//! parsers and the pages' errors.

use serde_json::{json, Map, Value};

use super::listing::{number_param, per_page, Listing};
use super::meta::{Field, Kind, Module};
use super::{full_record, Org, INVALID_DATA};
use crate::params::first;
use crate::query::coql::{self, Comparator, Condition};
use crate::query::search::{self, Criteria, Operator};
use crate::query::QueryError;
use crate::zoho_error::ZohoError;

/// How far search results reach.
const SEARCH_LIMIT: u64 = 2_000;

/// A parser's error as the answer: its code and message, `details.reason` saying what is
/// wrong.
fn from_query(error: QueryError) -> ZohoError {
    ZohoError::new(400, error.code, error.message).detail("reason", error.reason)
}

/// `INVALID_QUERY` of Search Records about `api_name`.
fn invalid_search(api_name: &str, reason: &str) -> ZohoError {
    ZohoError::new(400, "INVALID_QUERY", "invalid query formed")
        .detail("api_name", api_name)
        .detail("reason", reason)
}

/// What a search looks for.
enum Search {
    Criteria(Criteria),
    Email(String),
    Phone(String),
    Word(String),
}

impl Org {
    /// Search Records (`GET /{module}/search`): by `criteria`, else `email`, else `phone`,
    /// else `word` (the page's precedence); paged by `page` and `per_page` up to 2,000
    /// records; full records, by id, newest first.
    pub(crate) fn search(
        &self,
        module: &str,
        query: &[(String, String)],
    ) -> Result<Listing, ZohoError> {
        let module = self.module(module)?;
        let search = parse_search(module, query)?;
        let per_page = per_page(query)?;
        let page = number_param(query, "page", 1)?;
        if page.saturating_mul(per_page) > SEARCH_LIMIT {
            let message = "Maximum response iteration limit reached";
            return Err(ZohoError::new(400, "LIMIT_REACHED", message));
        }
        let mut found = self.matching(module, &search);
        found.reverse();
        let total = found.len() as u64;
        let skip = (page - 1) * per_page;
        let data: Vec<Value> = found
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .map(|r| full_record(module, r))
            .collect();
        if data.is_empty() {
            return Ok(Listing::NoContent);
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

    /// Get Record Count (`GET /{module}/actions/count`): `{"count": n}` of all records, or of
    /// those a search parameter finds; `cvid` with a search parameter is
    /// `AMBIGUITY_DURING_PROCESSING` (the org has no custom views: `cvid` alone counts all).
    pub(crate) fn count(
        &self,
        module: &str,
        query: &[(String, String)],
    ) -> Result<Value, ZohoError> {
        let module = self.module(module)?;
        let searching = ["criteria", "email", "phone", "word"]
            .iter()
            .any(|p| first(query, p).is_some());
        if first(query, "cvid").is_some() && searching {
            let message =
                "You cannot combine cvid with the search parameters criteria, email, phone or word";
            return Err(ZohoError::new(400, "AMBIGUITY_DURING_PROCESSING", message));
        }
        let count = if searching {
            let search = parse_search(module, query)?;
            self.matching(module, &search).len()
        } else {
            self.live_count(&module.api_name)
        };
        Ok(json!({ "count": count }))
    }

    /// The live records of `module` `search` finds, by id.
    fn matching(&self, module: &Module, search: &Search) -> Vec<&Map<String, Value>> {
        let Some(table) = self.tables.get(&module.api_name) else {
            return Vec::new();
        };
        let of_kind = |record: &Map<String, Value>, kinds: &[Kind], test: &dyn Fn(&str) -> bool| {
            module
                .fields
                .iter()
                .filter(|f| kinds.contains(&f.kind))
                .filter_map(|f| record.get(&f.api_name))
                .flat_map(|v| match v {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                })
                .filter_map(Value::as_str)
                .any(test)
        };
        table
            .live
            .values()
            .filter(|record| match search {
                Search::Criteria(criteria) => criteria.matches(record),
                Search::Email(email) => {
                    of_kind(record, &[Kind::Email], &|v| v.to_lowercase() == *email)
                }
                Search::Phone(phone) => {
                    of_kind(record, &[Kind::Phone], &|v| phone_digits(v) == *phone)
                }
                Search::Word(word) => of_kind(
                    record,
                    &[
                        Kind::Text,
                        Kind::Email,
                        Kind::Phone,
                        Kind::Picklist,
                        Kind::MultiPicklist,
                    ],
                    &|v| v.to_lowercase().contains(word.as_str()),
                ),
            })
            .collect()
    }

    /// COQL (`POST /coql` with `select_query`): `{"data": [...], "info": {"count",
    /// "more_records"}}`, or no content when nothing matches. Columns, conditions and order
    /// fields must be fields of the module (lookup paths: a lookup, then a field of its
    /// module); comparators and values must suit the field's type (the query page's
    /// `INVALID_QUERY` entries).
    pub(crate) fn coql(&self, select_query: &str) -> Result<Listing, ZohoError> {
        let parsed = coql::parse(select_query).map_err(from_query)?;
        let module = self.module(&parsed.module)?;
        let mut paths: Vec<&str> = parsed.columns.iter().map(String::as_str).collect();
        paths.extend(parsed.order.iter().map(|(f, _)| f.as_str()));
        for path in &paths {
            self.coql_field(module, path)?;
        }
        check_condition(self, module, &parsed.condition)?;
        condition_paths(&parsed.condition, &mut paths);
        let records: Vec<Map<String, Value>> = self
            .tables
            .get(&module.api_name)
            .map(|t| {
                t.live
                    .values()
                    .map(|r| self.with_paths(module, r, &paths))
                    .collect()
            })
            .unwrap_or_default();
        let rows = parsed.run(&records);
        if rows.data.is_empty() {
            return Ok(Listing::NoContent);
        }
        Ok(Listing::Page(json!({
            "data": rows.data,
            "info": {"count": rows.data.len(), "more_records": rows.more_records},
        })))
    }

    /// The field a COQL path ends at: a field of `module`, or `lookup.field` through a lookup.
    fn coql_field<'a>(&'a self, module: &'a Module, path: &str) -> Result<&'a Field, ZohoError> {
        let invalid_column = || {
            let message = "The query contains an invalid column name (field_API_name).";
            ZohoError::new(400, "INVALID_QUERY", message).detail("column_name", path)
        };
        let (head, rest) = match path.split_once('.') {
            Some((head, rest)) => (head, Some(rest)),
            None => (path, None),
        };
        let field = module.field(head).ok_or_else(invalid_column)?;
        if matches!(
            field.data_type.as_str(),
            "multiselectlookup" | "subform" | "fileupload" | "imageupload" | "multiuserlookup"
        ) {
            let message = "The query contains unsupported data type.";
            return Err(ZohoError::new(400, "INVALID_QUERY", message).detail("column_name", path));
        }
        match rest {
            None => Ok(field),
            Some(rest) => {
                let target = field
                    .lookup_module
                    .as_deref()
                    .filter(|_| field.kind == Kind::Lookup)
                    .and_then(|m| self.meta.module(m))
                    .ok_or_else(invalid_column)?;
                if rest.contains('.') {
                    return Err(invalid_column());
                }
                target.field(rest).ok_or_else(invalid_column)
            }
        }
    }

    /// `record` with each lookup path of `paths` as a key holding the looked-up value.
    fn with_paths(
        &self,
        module: &Module,
        record: &Map<String, Value>,
        paths: &[&str],
    ) -> Map<String, Value> {
        let mut out = record.clone();
        for path in paths {
            let Some((head, rest)) = path.split_once('.') else {
                continue;
            };
            let value = module
                .field(head)
                .and_then(|f| f.lookup_module.as_deref())
                .zip(
                    record
                        .get(head)
                        .and_then(|l| l.get("id"))
                        .and_then(Value::as_str),
                )
                .and_then(|(target, id)| self.live(target, id))
                .and_then(|target| target.get(rest).cloned())
                .unwrap_or(Value::Null);
            out.insert((*path).to_owned(), value);
        }
        out
    }
}

/// The fields a condition compares.
fn condition_paths<'a>(condition: &'a Condition, out: &mut Vec<&'a str>) {
    match condition {
        Condition::Compare { field, .. } => out.push(field),
        Condition::Pair { left, right, .. } => {
            condition_paths(left, out);
            condition_paths(right, out);
        }
    }
}

/// Checks each comparison's field, comparator and values against the field's type.
fn check_condition(org: &Org, module: &Module, condition: &Condition) -> Result<(), ZohoError> {
    match condition {
        Condition::Pair { left, right, .. } => {
            check_condition(org, module, left)?;
            check_condition(org, module, right)
        }
        Condition::Compare {
            field: path,
            comparator,
            values,
        } => {
            let field = org.coql_field(module, path)?;
            let ordered = matches!(
                comparator,
                Comparator::Gt
                    | Comparator::Ge
                    | Comparator::Lt
                    | Comparator::Le
                    | Comparator::Between
                    | Comparator::NotBetween
            );
            let like = matches!(comparator, Comparator::Like | Comparator::NotLike);
            let numeric = matches!(field.kind, Kind::Integer | Kind::Decimal | Kind::BigInt);
            let timed = matches!(field.kind, Kind::Date | Kind::DateTime);
            let texty = matches!(
                field.kind,
                Kind::Text | Kind::Email | Kind::Phone | Kind::Picklist | Kind::MultiPicklist
            );
            if ordered && !(numeric || timed) || like && !texty {
                let message = "The query contains an invalid operator.";
                return Err(ZohoError::new(400, "INVALID_QUERY", message)
                    .detail("column_name", path.as_str()));
            }
            let fits = |v: &String| match field.kind {
                Kind::Integer | Kind::BigInt => v.trim().parse::<i128>().is_ok(),
                Kind::Decimal => v.trim().parse::<f64>().is_ok(),
                Kind::Boolean => matches!(v.to_ascii_lowercase().as_str(), "true" | "false"),
                _ => true,
            };
            if !values.iter().all(fits) {
                let message = "The data type of the value of the select column is invalid.";
                return Err(ZohoError::new(400, "INVALID_QUERY", message)
                    .detail("column_name", path.as_str()));
            }
            Ok(())
        }
    }
}

/// The search a query asks for; `EXPECTED_PARAM_MISSING` without one.
fn parse_search(module: &Module, query: &[(String, String)]) -> Result<Search, ZohoError> {
    if let Some(text) = first(query, "criteria") {
        let criteria = search::parse(text).map_err(from_query)?;
        check_criteria(module, &criteria)?;
        return Ok(Search::Criteria(criteria));
    }
    if let Some(email) = first(query, "email") {
        return Ok(Search::Email(email.trim().to_lowercase()));
    }
    if let Some(phone) = first(query, "phone") {
        return Ok(Search::Phone(phone_digits(phone)));
    }
    if let Some(word) = first(query, "word") {
        let word = word.trim();
        if word.chars().count() < 2 {
            let message = "The search value contains special characters or does not contain at least two characters";
            return Err(ZohoError::new(400, INVALID_DATA, message).detail("param_name", "word"));
        }
        return Ok(Search::Word(word.to_lowercase()));
    }
    let message = "mandatory param missing";
    Err(
        ZohoError::new(400, "EXPECTED_PARAM_MISSING", message).detail(
            "expected_params",
            vec!["criteria", "email", "phone", "word"],
        ),
    )
}

/// Each condition's field must be a field of `module` (a lookup path's first part), with an
/// operator the search page allows for its type.
fn check_criteria(module: &Module, criteria: &Criteria) -> Result<(), ZohoError> {
    match criteria {
        Criteria::Group { members, .. } => {
            members.iter().try_for_each(|m| check_criteria(module, m))
        }
        Criteria::Condition {
            field, operator, ..
        } => {
            let head = field.split('.').next().unwrap_or_default();
            let found = module
                .field(head)
                .ok_or_else(|| invalid_search(field, "no such field in the module"))?;
            use Operator as O;
            let ordered = matches!(
                operator,
                O::GreaterThan | O::GreaterEqual | O::LessThan | O::LessEqual | O::Between
            );
            let allowed = match found.kind {
                Kind::Boolean => matches!(operator, O::Equals | O::NotEqual),
                Kind::Lookup | Kind::User | Kind::Picklist => {
                    matches!(operator, O::Equals | O::NotEqual | O::In)
                }
                Kind::Integer | Kind::Decimal | Kind::BigInt | Kind::Date | Kind::DateTime => {
                    *operator != O::StartsWith
                }
                Kind::Text if found.data_type == "textarea" => {
                    matches!(operator, O::Equals | O::NotEqual | O::StartsWith)
                }
                _ => !ordered,
            };
            if allowed {
                Ok(())
            } else {
                Err(invalid_search(
                    field,
                    "the operator is not supported for the field's type",
                ))
            }
        }
    }
}

/// The digits of a phone number.
fn phone_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}
