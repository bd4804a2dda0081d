//! COQL `select_query` text.

use std::fmt::Write as _;

use super::value::QueryValue;
use super::{name, QueryError};

/// The largest `limit` sent. The Get Records through COQL Query page (v7) answers
/// `LIMIT_EXCEEDED` for a limit above 200; the newer crawl of the v7 COQL Limitations page
/// says 2,000 per call. This crate follows the query page, so a query it builds is never
/// refused for its limit.
pub const COQL_MAX_LIMIT: u32 = 200;

/// The most records reachable through `offset` + `limit`. The Get Records through COQL Query
/// page (v7) and the older crawl of the COQL Limitations page say 10,000 ("Max records limit
/// exceeded"); the newer crawl of the Limitations page says 100,000. This crate follows the
/// query page.
pub const COQL_MAX_RECORDS: u32 = 10_000;

/// The most select columns (the query page's `LIMIT_EXCEEDED`: 50 field API names).
pub const COQL_MAX_COLUMNS: usize = 50;

/// The most `order by` fields (the query page's `LIMIT_EXCEEDED`: 10 fields).
pub const COQL_MAX_ORDER_BY: usize = 10;

/// Sort order of an `order by` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `asc`.
    Asc,
    /// `desc`.
    Desc,
}

/// A COQL query, `select ... from ... where ... [order by ...] [limit ... [offset ...]]`.
///
/// Names are checked and values escaped by [`Coql::build`], which gives the `select_query`
/// text. A name that is a reserved word (`Order`, `Limit`, ...) is written in single quotes,
/// as the COQL Limitations page asks. With an offset the query ends
/// `limit {count} offset {offset}`, the LIMIT and OFFSET the Limitations page names (the v7
/// pages show no sample); an offset without a limit uses [`COQL_MAX_LIMIT`].
#[derive(Debug, Clone, PartialEq)]
pub struct Coql {
    columns: Vec<String>,
    module: Option<String>,
    condition: Option<Condition>,
    order: Vec<(String, Order)>,
    limit: Option<u32>,
    offset: Option<u32>,
}

impl Coql {
    /// A query selecting these fields (API names or lookup paths such as
    /// `Account_Name.Account_Name`).
    pub fn select<S: Into<String>>(fields: impl IntoIterator<Item = S>) -> Coql {
        Coql {
            columns: fields.into_iter().map(Into::into).collect(),
            module: None,
            condition: None,
            order: Vec::new(),
            limit: None,
            offset: None,
        }
    }

    /// The module, by API name.
    #[must_use]
    pub fn from(mut self, module: impl Into<String>) -> Coql {
        self.module = Some(module.into());
        self
    }

    /// The `where` condition (COQL requires one; `Owner is not null` selects all records).
    #[must_use]
    pub fn where_(mut self, condition: Condition) -> Coql {
        self.condition = Some(condition);
        self
    }

    /// Adds a field to `order by`.
    #[must_use]
    pub fn order_by(mut self, field: impl Into<String>, order: Order) -> Coql {
        self.order.push((field.into(), order));
        self
    }

    /// How many records to return, at most [`COQL_MAX_LIMIT`].
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Coql {
        self.limit = Some(limit);
        self
    }

    /// How many records to skip.
    #[must_use]
    pub fn offset(mut self, offset: u32) -> Coql {
        self.offset = Some(offset);
        self
    }

    /// The `select_query` text, or why the query cannot be sent.
    pub fn build(&self) -> Result<String, QueryError> {
        if self.columns.is_empty() {
            return Err(QueryError::NoColumns);
        }
        if self.columns.len() > COQL_MAX_COLUMNS {
            return Err(QueryError::TooManyColumns {
                count: self.columns.len(),
                max: COQL_MAX_COLUMNS,
            });
        }
        if self.order.len() > COQL_MAX_ORDER_BY {
            return Err(QueryError::TooManyOrderFields {
                count: self.order.len(),
                max: COQL_MAX_ORDER_BY,
            });
        }
        let columns = names(self.columns.iter().map(String::as_str))?;
        let module = self.module.as_deref().ok_or(QueryError::MissingFrom)?;
        let module = name::check(module, false)?;
        let condition = self.condition.as_ref().ok_or(QueryError::MissingWhere)?;
        let order = names(self.order.iter().map(|(field, _)| field.as_str()))?;

        let mut query = format!(
            "select {} from {} where ",
            columns.join(", "),
            name::coql(&module)
        );
        condition.write(&mut query);
        for (i, (field, (_, direction))) in order.iter().zip(&self.order).enumerate() {
            query.push_str(if i == 0 { " order by " } else { ", " });
            query.push_str(field);
            query.push_str(match direction {
                Order::Asc => " asc",
                Order::Desc => " desc",
            });
        }
        let limit = match (self.limit, self.offset) {
            (None, None) => None,
            (limit, _) => Some(limit.unwrap_or(COQL_MAX_LIMIT)),
        };
        if let Some(limit) = limit {
            if limit > COQL_MAX_LIMIT {
                return Err(QueryError::LimitExceeded {
                    limit,
                    max: COQL_MAX_LIMIT,
                });
            }
            let offset = self.offset.unwrap_or(0);
            if offset.saturating_add(limit) > COQL_MAX_RECORDS {
                return Err(QueryError::RecordsExceeded {
                    offset,
                    limit,
                    max: COQL_MAX_RECORDS,
                });
            }
            let _ = write!(query, " limit {limit}");
            if let Some(offset) = self.offset {
                let _ = write!(query, " offset {offset}");
            }
        }
        Ok(query)
    }
}

/// Checked names as COQL text, refusing one given twice.
fn names<'a>(given: impl Iterator<Item = &'a str>) -> Result<Vec<String>, QueryError> {
    let mut out: Vec<String> = Vec::new();
    for field in given {
        let field = name::check(field, true)?;
        if out.iter().any(|seen| seen.trim_matches('\'') == field) {
            return Err(QueryError::Duplicate { name: field });
        }
        out.push(name::coql(&field));
    }
    Ok(out)
}

/// A `where` condition: comparisons combined with `and`/`or`.
///
/// Every combination is one bracketed pair, `(A and B)`, so more than two conditions are
/// bracketed pairwise, `((A and B) and C)`, as the COQL pages require.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition(Node);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// `field op rest`, `rest` already COQL text.
    Comparison { field: String, rest: String },
    Pair {
        and: bool,
        left: Box<Node>,
        right: Box<Node>,
    },
}

/// The field of a COQL comparison, from [`Condition::field`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoqlField(String);

impl Condition {
    /// A comparison on the field with this API name (a lookup path may have dots).
    pub fn field(api_name: &str) -> Result<CoqlField, QueryError> {
        name::check(api_name, true).map(CoqlField)
    }

    /// Both `self` and `other`.
    #[must_use]
    pub fn and(self, other: Condition) -> Condition {
        self.pair(true, other)
    }

    /// Either `self` or `other`.
    #[must_use]
    pub fn or(self, other: Condition) -> Condition {
        self.pair(false, other)
    }

    fn pair(self, and: bool, other: Condition) -> Condition {
        Condition(Node::Pair {
            and,
            left: Box::new(self.0),
            right: Box::new(other.0),
        })
    }

    fn write(&self, out: &mut String) {
        fn write(node: &Node, out: &mut String) {
            match node {
                Node::Comparison { field, rest } => {
                    out.push_str(&name::coql(field));
                    out.push(' ');
                    out.push_str(rest);
                }
                Node::Pair { and, left, right } => {
                    out.push('(');
                    write(left, out);
                    out.push_str(if *and { " and " } else { " or " });
                    write(right, out);
                    out.push(')');
                }
            }
        }
        write(&self.0, out);
    }
}

impl CoqlField {
    fn compare(self, rest: String) -> Condition {
        Condition(Node::Comparison {
            field: self.0,
            rest,
        })
    }

    fn operator(self, operator: &str, value: &impl QueryValue) -> Condition {
        let rest = format!("{operator} {}", value.query_value().coql_text());
        self.compare(rest)
    }

    /// `=`.
    pub fn eq(self, value: impl QueryValue) -> Condition {
        self.operator("=", &value)
    }

    /// `!=`.
    pub fn ne(self, value: impl QueryValue) -> Condition {
        self.operator("!=", &value)
    }

    /// `>`.
    pub fn gt(self, value: impl QueryValue) -> Condition {
        self.operator(">", &value)
    }

    /// `>=`.
    pub fn ge(self, value: impl QueryValue) -> Condition {
        self.operator(">=", &value)
    }

    /// `<`.
    pub fn lt(self, value: impl QueryValue) -> Condition {
        self.operator("<", &value)
    }

    /// `<=`.
    pub fn le(self, value: impl QueryValue) -> Condition {
        self.operator("<=", &value)
    }

    /// `like` with a pattern in which `%` matches any text (`'tech%'` starts with `tech`).
    pub fn like(self, pattern: &str) -> Condition {
        self.operator("like", &pattern)
    }

    /// `not like` with a pattern; the COQL page says only `'%text%'` (does not contain)
    /// works.
    pub fn not_like(self, pattern: &str) -> Condition {
        self.operator("not like", &pattern)
    }

    /// `like '{text}%'`. Refuses text with `%`, which `like` cannot match literally.
    pub fn starts_with(self, text: &str) -> Result<Condition, QueryError> {
        self.wildcard("like", "", text, "%")
    }

    /// `like '%{text}'`. Refuses text with `%`.
    pub fn ends_with(self, text: &str) -> Result<Condition, QueryError> {
        self.wildcard("like", "%", text, "")
    }

    /// `like '%{text}%'`. Refuses text with `%`.
    pub fn contains(self, text: &str) -> Result<Condition, QueryError> {
        self.wildcard("like", "%", text, "%")
    }

    /// `not like '%{text}%'`. Refuses text with `%`.
    pub fn not_contains(self, text: &str) -> Result<Condition, QueryError> {
        self.wildcard("not like", "%", text, "%")
    }

    fn wildcard(
        self,
        operator: &str,
        before: &str,
        text: &str,
        after: &str,
    ) -> Result<Condition, QueryError> {
        if text.contains('%') {
            return Err(QueryError::WildcardInText { field: self.0 });
        }
        Ok(self.operator(operator, &format!("{before}{text}{after}")))
    }

    /// `in (...)`. Refuses an empty list.
    pub fn in_<V: QueryValue>(
        self,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Condition, QueryError> {
        self.list("in", values)
    }

    /// `not in (...)`. Refuses an empty list.
    pub fn not_in<V: QueryValue>(
        self,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Condition, QueryError> {
        self.list("not in", values)
    }

    fn list<V: QueryValue>(
        self,
        operator: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Condition, QueryError> {
        let values: Vec<String> = values
            .into_iter()
            .map(|v| v.query_value().coql_text())
            .collect();
        if values.is_empty() {
            return Err(QueryError::EmptyList { field: self.0 });
        }
        let rest = format!("{operator} ({})", values.join(", "));
        Ok(self.compare(rest))
    }

    /// `is null`.
    pub fn is_null(self) -> Condition {
        self.compare("is null".to_owned())
    }

    /// `is not null`.
    pub fn is_not_null(self) -> Condition {
        self.compare("is not null".to_owned())
    }

    /// `between {from} and {to}`.
    pub fn between(self, from: impl QueryValue, to: impl QueryValue) -> Condition {
        let rest = format!(
            "between {} and {}",
            from.query_value().coql_text(),
            to.query_value().coql_text()
        );
        self.compare(rest)
    }

    /// `not between {from} and {to}` (listed for numbers, dates and formulas).
    pub fn not_between(self, from: impl QueryValue, to: impl QueryValue) -> Condition {
        let rest = format!(
            "not between {} and {}",
            from.query_value().coql_text(),
            to.query_value().coql_text()
        );
        self.compare(rest)
    }
}
