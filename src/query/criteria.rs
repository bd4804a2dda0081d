//! The `criteria` parameter of Search Records.

use std::fmt;

use super::value::{QueryValue, Value};
use super::{name, QueryError};

/// The most conditions one search takes (Search Records: "a maximum of 10 criteria").
pub const SEARCH_MAX_CONDITIONS: usize = 10;

/// The most values `in` takes (Search Records: "The in operator supports upto 100 values").
pub const SEARCH_MAX_IN_VALUES: usize = 100;

/// Search criteria: conditions `(Field:operator:value)` combined with `and`/`or`.
///
/// `Display` gives the text of the `criteria` parameter, before URL encoding (the HTTP client
/// encodes query parameters). Each combination is one bracketed pair,
/// `((A)and(B))`, so three conditions are `(((A)and(B))or(C))` and the grouping is always the
/// one built. Text values have `(`, `)`, `,` escaped with a backslash, and a backslash that
/// ends the value or precedes one of those doubled, as the page says.
///
/// The page's operators are the methods of [`SearchField`]; which ones a field accepts
/// depends on its type (see the page). Zoho refuses more than [`SEARCH_MAX_CONDITIONS`]
/// conditions; [`Criteria::conditions`] counts them.
#[derive(Debug, Clone, PartialEq)]
pub struct Criteria(Node);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Condition {
        field: String,
        operator: &'static str,
        values: Vec<Value>,
    },
    Pair {
        and: bool,
        left: Box<Node>,
        right: Box<Node>,
    },
}

/// A field of a search condition, from [`Criteria::field`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchField(String);

impl Criteria {
    /// A condition on the field with this API name (a lookup path may have dots).
    pub fn field(api_name: &str) -> Result<SearchField, QueryError> {
        name::check(api_name, true).map(SearchField)
    }

    /// Both `self` and `other`.
    #[must_use]
    pub fn and(self, other: Criteria) -> Criteria {
        self.pair(true, other)
    }

    /// Either `self` or `other`.
    #[must_use]
    pub fn or(self, other: Criteria) -> Criteria {
        self.pair(false, other)
    }

    /// How many conditions the criteria hold.
    pub fn conditions(&self) -> usize {
        fn count(node: &Node) -> usize {
            match node {
                Node::Condition { .. } => 1,
                Node::Pair { left, right, .. } => count(left) + count(right),
            }
        }
        count(&self.0)
    }

    fn pair(self, and: bool, other: Criteria) -> Criteria {
        Criteria(Node::Pair {
            and,
            left: Box::new(self.0),
            right: Box::new(other.0),
        })
    }
}

impl SearchField {
    fn condition(self, operator: &'static str, values: Vec<Value>) -> Criteria {
        Criteria(Node::Condition {
            field: self.0,
            operator,
            values,
        })
    }

    /// `equals` (Zoho matches it like "contains" on text).
    pub fn equals(self, value: impl QueryValue) -> Criteria {
        self.condition("equals", vec![value.query_value()])
    }

    /// `not_equal`.
    pub fn not_equal(self, value: impl QueryValue) -> Criteria {
        self.condition("not_equal", vec![value.query_value()])
    }

    /// `starts_with`.
    pub fn starts_with(self, value: impl QueryValue) -> Criteria {
        self.condition("starts_with", vec![value.query_value()])
    }

    /// `greater_than`.
    pub fn greater_than(self, value: impl QueryValue) -> Criteria {
        self.condition("greater_than", vec![value.query_value()])
    }

    /// `greater_equal`.
    pub fn greater_equal(self, value: impl QueryValue) -> Criteria {
        self.condition("greater_equal", vec![value.query_value()])
    }

    /// `less_than`.
    pub fn less_than(self, value: impl QueryValue) -> Criteria {
        self.condition("less_than", vec![value.query_value()])
    }

    /// `less_equal`.
    pub fn less_equal(self, value: impl QueryValue) -> Criteria {
        self.condition("less_equal", vec![value.query_value()])
    }

    /// `between`, both ends given as `from,to`.
    pub fn between(self, from: impl QueryValue, to: impl QueryValue) -> Criteria {
        self.condition("between", vec![from.query_value(), to.query_value()])
    }

    /// `in`: any of `values`, written comma-separated. Refuses an empty list; Zoho takes at
    /// most [`SEARCH_MAX_IN_VALUES`].
    pub fn in_<V: QueryValue>(
        self,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Criteria, QueryError> {
        let values: Vec<Value> = values.into_iter().map(|v| v.query_value()).collect();
        if values.is_empty() {
            return Err(QueryError::EmptyList { field: self.0 });
        }
        Ok(self.condition("in", values))
    }
}

impl fmt::Display for Criteria {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn write(node: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match node {
                Node::Condition {
                    field,
                    operator,
                    values,
                } => {
                    write!(f, "({field}:{operator}:")?;
                    for (i, value) in values.iter().enumerate() {
                        if i > 0 {
                            f.write_str(",")?;
                        }
                        f.write_str(&value.criteria_text())?;
                    }
                    f.write_str(")")
                }
                Node::Pair { and, left, right } => {
                    f.write_str("(")?;
                    write(left, f)?;
                    f.write_str(if *and { "and" } else { "or" })?;
                    write(right, f)?;
                    f.write_str(")")
                }
            }
        }
        write(&self.0, f)
    }
}
