//! The `criteria` parameter of Search Records: `(Field:operator:value)` conditions combined
//! as `((A)and(B))`, values escaped with a backslash.

use serde_json::{Map, Value};

use super::values::{compare, equals, lookup, scalars, text};
use super::QueryError;

/// The page's message for `INVALID_QUERY`.
const INVALID_QUERY: &str = "invalid query formed";

/// The page's maximum number of conditions.
const MAX_CONDITIONS: usize = 10;

/// The page's maximum number of `in` values.
const MAX_IN_VALUES: usize = 100;

/// Deepest bracket nesting taken (ten conditions paired need nine levels).
const MAX_DEPTH: usize = 16;

/// A search operator, as the page names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    /// `equals`: on text, contains (ignoring case), as the page says Zoho does.
    Equals,
    /// `not_equal`.
    NotEqual,
    /// `starts_with`, ignoring case.
    StartsWith,
    /// `in`: equal to one of the values.
    In,
    /// `greater_than`.
    GreaterThan,
    /// `greater_equal`.
    GreaterEqual,
    /// `less_than`.
    LessThan,
    /// `less_equal`.
    LessEqual,
    /// `between`: from the first value to the second, both included.
    Between,
}

impl Operator {
    fn parse(name: &str) -> Option<Operator> {
        Some(match name {
            "equals" => Operator::Equals,
            "not_equal" => Operator::NotEqual,
            "starts_with" => Operator::StartsWith,
            "in" => Operator::In,
            "greater_than" => Operator::GreaterThan,
            "greater_equal" => Operator::GreaterEqual,
            "less_than" => Operator::LessThan,
            "less_equal" => Operator::LessEqual,
            "between" => Operator::Between,
            _ => return None,
        })
    }
}

/// Parsed criteria.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Criteria {
    /// One condition.
    Condition {
        /// The field's API name (dots for lookup paths).
        field: String,
        /// The operator.
        operator: Operator,
        /// The values, unescaped: two for `between`, one or more for `in`, else one.
        values: Vec<String>,
    },
    /// Conditions combined by one operator.
    Group {
        /// `and` (true) or `or` (false).
        all: bool,
        /// The members, two or more.
        members: Vec<Criteria>,
    },
}

/// Parses the `criteria` text (after URL decoding): a bracketed condition or combination, or
/// one bare condition `Field:operator:value` as in the page's samples. A bracket may combine
/// more than two members only with one operator.
pub(crate) fn parse(text: &str) -> Result<Criteria, QueryError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
        conditions: 0,
    };
    let criteria = if parser.peek() == Some('(') {
        parser.group(0)?
    } else {
        parser.condition(false)?
    };
    if parser.at < parser.chars.len() {
        return Err(invalid(format!("unexpected text at {}", parser.at)));
    }
    Ok(criteria)
}

fn invalid(reason: impl Into<String>) -> QueryError {
    QueryError::new("INVALID_QUERY", INVALID_QUERY, reason)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    conditions: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn expect(&mut self, c: char) -> Result<(), QueryError> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(invalid(format!("`{c}` expected at {}", self.at)))
        }
    }

    /// `(` condition `)` or `(` group (`and`|`or` group)+ `)`.
    fn group(&mut self, depth: usize) -> Result<Criteria, QueryError> {
        if depth > MAX_DEPTH {
            return Err(invalid("brackets nested too deep"));
        }
        self.expect('(')?;
        if self.peek() != Some('(') {
            return self.condition(true);
        }
        let mut members = vec![self.group(depth + 1)?];
        let mut all = None;
        while self.peek() != Some(')') {
            let and = self.word()?;
            if *all.get_or_insert(and) != and {
                return Err(invalid("`and` and `or` mixed in one bracket"));
            }
            members.push(self.group(depth + 1)?);
        }
        self.expect(')')?;
        match all {
            Some(all) => Ok(Criteria::Group { all, members }),
            None => Ok(members.remove(0)),
        }
    }

    /// `and` (true) or `or` (false), any case.
    fn word(&mut self) -> Result<bool, QueryError> {
        let rest: String = self.chars[self.at..].iter().take(3).collect();
        let rest = rest.to_ascii_lowercase();
        if rest == "and" {
            self.at += 3;
            Ok(true)
        } else if rest.starts_with("or") {
            self.at += 2;
            Ok(false)
        } else {
            Err(invalid(format!("`and` or `or` expected at {}", self.at)))
        }
    }

    /// `Field:operator:value`, up to the closing bracket (consumed) when `bracketed`, else to
    /// the end.
    fn condition(&mut self, bracketed: bool) -> Result<Criteria, QueryError> {
        self.conditions += 1;
        if self.conditions > MAX_CONDITIONS {
            return Err(invalid(format!("more than {MAX_CONDITIONS} criteria")));
        }
        let field = self.until_colon()?;
        if field.is_empty()
            || !field
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(invalid(format!("`{field}` is not a field API name")));
        }
        let name = self.until_colon()?;
        let operator =
            Operator::parse(&name).ok_or_else(|| invalid(format!("unknown operator `{name}`")))?;
        let mut values = vec![String::new()];
        loop {
            match self.peek() {
                None if bracketed => return Err(invalid("`)` expected at the end")),
                None => break,
                Some(')') if bracketed => {
                    self.at += 1;
                    break;
                }
                Some('(' | ')') => {
                    return Err(invalid(format!("unescaped bracket at {}", self.at)));
                }
                Some(',') => values.push(String::new()),
                Some('\\') => {
                    let escaped = self.chars.get(self.at + 1).copied();
                    match escaped {
                        Some(c @ ('(' | ')' | ',' | '\\')) => {
                            self.at += 1;
                            push(&mut values, c);
                        }
                        Some(_) => push(&mut values, '\\'),
                        None => return Err(invalid("a value ends with a lone `\\`")),
                    }
                }
                Some(c) => push(&mut values, c),
            }
            self.at += 1;
        }
        let count_ok = match operator {
            Operator::Between => values.len() == 2,
            Operator::In => values.len() <= MAX_IN_VALUES,
            _ => values.len() == 1,
        };
        if !count_ok || values.iter().any(String::is_empty) {
            return Err(invalid(format!("wrong values for `{name}` on `{field}`")));
        }
        Ok(Criteria::Condition {
            field,
            operator,
            values,
        })
    }

    /// Text up to the next `:` (consumed), which must come before any bracket.
    fn until_colon(&mut self) -> Result<String, QueryError> {
        let start = self.at;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                ':' => return Ok(self.chars[start..self.at - 1].iter().collect()),
                '(' | ')' | ',' | '\\' => break,
                _ => {}
            }
        }
        Err(invalid(format!(
            "`Field:operator:value` expected at {start}"
        )))
    }
}

fn push(values: &mut [String], c: char) {
    if let Some(last) = values.last_mut() {
        last.push(c);
    }
}

impl Criteria {
    /// Whether `record` meets the criteria.
    pub(crate) fn matches(&self, record: &Map<String, Value>) -> bool {
        match self {
            Criteria::Group { all: true, members } => members.iter().all(|m| m.matches(record)),
            Criteria::Group {
                all: false,
                members,
            } => members.iter().any(|m| m.matches(record)),
            Criteria::Condition {
                field,
                operator,
                values,
            } => {
                let actual = scalars(lookup(record, field));
                let any = |test: &dyn Fn(&Value) -> bool| actual.iter().any(|a| test(a));
                let first = values.first().map_or("", String::as_str);
                let ordered = |ok: &dyn Fn(std::cmp::Ordering) -> bool| {
                    any(&|a| compare(a, first).is_some_and(ok))
                };
                match operator {
                    Operator::Equals => any(&|a| match (a, text(a)) {
                        (Value::String(_), Some(t)) => t.contains(&first.to_lowercase()),
                        _ => equals(a, first),
                    }),
                    Operator::NotEqual => !any(&|a| equals(a, first)),
                    Operator::StartsWith => {
                        any(&|a| text(a).is_some_and(|t| t.starts_with(&first.to_lowercase())))
                    }
                    Operator::In => any(&|a| values.iter().any(|v| equals(a, v))),
                    Operator::GreaterThan => ordered(&|o| o.is_gt()),
                    Operator::GreaterEqual => ordered(&|o| o.is_ge()),
                    Operator::LessThan => ordered(&|o| o.is_lt()),
                    Operator::LessEqual => ordered(&|o| o.is_le()),
                    Operator::Between => {
                        let last = values.last().map_or("", String::as_str);
                        any(&|a| {
                            compare(a, first).is_some_and(|o| o.is_ge())
                                && compare(a, last).is_some_and(|o| o.is_le())
                        })
                    }
                }
            }
        }
    }
}
