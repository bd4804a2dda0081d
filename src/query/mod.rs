//! Search criteria and COQL queries built from typed values, so that no value and no name can
//! change what the query means.
//!
//! [`Criteria`] renders the `criteria` parameter of Search Records
//! (`GET /{module}/search?criteria=...`); [`Coql`] renders the `select_query` of
//! `POST /coql`. Values come from Rust values through [`QueryValue`] and are escaped as the
//! pages say; field and module names are checked to be API names ([`QueryError::InvalidName`]
//! otherwise).
//!
//! ```
//! use zohocrm::query::{Coql, Condition, Criteria, Order};
//!
//! # fn main() -> Result<(), zohocrm::query::QueryError> {
//! let criteria = Criteria::field("Last_Name")?
//!     .equals("Burns,B")
//!     .and(Criteria::field("First_Name")?.starts_with("M"));
//! assert_eq!(criteria.to_string(), r"((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))");
//!
//! let query = Coql::select(["Last_Name", "Account_Name.Account_Name"])
//!     .from("Contacts")
//!     .where_(Condition::field("Last_Name")?.eq("O'Brien").and(Condition::field("Owner")?.is_not_null()))
//!     .order_by("Created_Time", Order::Desc)
//!     .limit(200)
//!     .build()?;
//! assert_eq!(
//!     query,
//!     r"select Last_Name, Account_Name.Account_Name from Contacts where (Last_Name = 'O\'Brien' and Owner is not null) order by Created_Time desc limit 200"
//! );
//! # Ok(())
//! # }
//! ```

mod coql;
mod criteria;
mod escape;
mod name;
mod value;

#[cfg(test)]
mod tests;

pub use coql::{
    Condition, Coql, CoqlField, Order, COQL_MAX_COLUMNS, COQL_MAX_LIMIT, COQL_MAX_ORDER_BY,
    COQL_MAX_RECORDS,
};
pub use criteria::{Criteria, SearchField, SEARCH_MAX_CONDITIONS, SEARCH_MAX_IN_VALUES};
pub use value::{QueryValue, Value};

/// Why a query was not built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A field or module name that is not an API name (letters, digits and underscores, dots
    /// between the parts of a lookup path).
    #[error("`{name}` is not an API name: use letters, digits and underscores, with dots between lookup parts")]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// `in`/`not in` with no value.
    #[error("`{field}`: `in` and `not in` need at least one value")]
    EmptyList {
        /// The field.
        field: String,
    },
    /// A `%` in text given to a COQL `contains`/`starts_with`/`ends_with`/`not_contains`: the
    /// pages document no escape for it inside `like`.
    #[error("`{field}`: the text contains `%`, which COQL `like` cannot match literally; use `like` with a pattern")]
    WildcardInText {
        /// The field.
        field: String,
    },
    /// A COQL query without `from`.
    #[error("the query has no `from` module")]
    MissingFrom,
    /// A COQL query without a `where` condition (Zoho answers `SYNTAX_ERROR`).
    #[error("the query has no `where` condition, which COQL requires")]
    MissingWhere,
    /// A COQL query selecting no field.
    #[error("the query selects no field")]
    NoColumns,
    /// More select columns than [`COQL_MAX_COLUMNS`].
    #[error("the query selects {count} fields; at most {max} are allowed")]
    TooManyColumns {
        /// Columns selected.
        count: usize,
        /// The maximum.
        max: usize,
    },
    /// More `order by` fields than [`COQL_MAX_ORDER_BY`].
    #[error("the query orders by {count} fields; at most {max} are allowed")]
    TooManyOrderFields {
        /// Fields given.
        count: usize,
        /// The maximum.
        max: usize,
    },
    /// A name given twice in the select columns or in `order by` (Zoho answers
    /// `DUPLICATE_DATA`).
    #[error("`{name}` is given twice")]
    Duplicate {
        /// The name.
        name: String,
    },
    /// A `limit` above [`COQL_MAX_LIMIT`] (Zoho answers `LIMIT_EXCEEDED`).
    #[error("limit {limit} is above the maximum of {max} records per call")]
    LimitExceeded {
        /// The limit given.
        limit: u32,
        /// The maximum.
        max: u32,
    },
    /// `offset` + `limit` beyond [`COQL_MAX_RECORDS`] (Zoho answers `LIMIT_EXCEEDED`, "Max
    /// records limit exceeded").
    #[error(
        "offset {offset} with limit {limit} reaches past the {max} records COQL can page through"
    )]
    RecordsExceeded {
        /// The offset given.
        offset: u32,
        /// The limit used.
        limit: u32,
        /// The maximum.
        max: u32,
    },
}
