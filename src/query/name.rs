//! Field and module API names.

use super::QueryError;

/// Words COQL reserves; a name equal to one (ignoring case) is quoted in COQL, as the COQL
/// Limitations page asks for SQL reserved words.
const RESERVED: &[&str] = &[
    "and", "as", "asc", "between", "by", "desc", "false", "from", "group", "in", "is", "like",
    "limit", "not", "null", "offset", "or", "order", "select", "true", "where",
];

/// Checks `name`: parts of ASCII letters, digits and underscores, not starting with a digit,
/// joined by dots when `path` allows a lookup path.
pub(crate) fn check(name: &str, path: bool) -> Result<String, QueryError> {
    let part_ok = |part: &str| {
        part.chars().next().is_some_and(|c| !c.is_ascii_digit())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let ok = if path {
        name.split('.').all(part_ok)
    } else {
        part_ok(name)
    };
    if ok {
        Ok(name.to_owned())
    } else {
        Err(QueryError::InvalidName {
            name: name.to_owned(),
        })
    }
}

/// A checked name as COQL text: in single quotes when a part is a reserved word.
pub(crate) fn coql(name: &str) -> String {
    if name
        .split('.')
        .any(|part| RESERVED.iter().any(|r| r.eq_ignore_ascii_case(part)))
    {
        format!("'{name}'")
    } else {
        name.to_owned()
    }
}
