//! COQL's `select_query`: the subset the v7 query page documents for reading records.
//!
//! `select` fields or lookup paths (bare, or quoted as the page quotes `'What_Id->Leads.Last_Name'`)
//! `from` a module `where` comparisons (`=`, `!=`, `>`, `>=`, `<`, `<=`, `like`, `not like`,
//! `in`, `not in`, `is null`, `is not null`, `between ... and ...`, `not between`) combined with
//! `and`/`or`, at most two per bracket (`((A and B) and C)`), then `order by` fields with
//! `asc`/`desc`, then `limit`. Values are quoted strings (`'...'` or `"..."`, a backslash
//! taking the next character as it is) or bare words and numbers (the page writes
//! `Lead_Source = Advertisement`). `limit n offset m` (the OFFSET the newer COQL Limitations
//! page names) and `limit m, n` (offset first, as third-party pages show it) are both taken.
//! Not taken: aliases, aggregates, `group by`, custom views (`Leads#cvid`), `!Module` paths.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::values::{compare, equals, lookup, scalars, text};
use super::QueryError;

/// The query page's LIMIT_EXCEEDED maximum for `limit` (the newer Limitations crawl says
/// 2,000; the runtime's `COQL_MAX_LIMIT` makes the same choice).
const MAX_LIMIT: u64 = 200;
/// The query page's maximum number of select columns.
const MAX_COLUMNS: usize = 50;
/// The query page's "Max records limit exceeded": 10,000 records through pagination (the
/// newer Limitations crawl says 100,000).
const MAX_RECORDS: u64 = 10_000;
/// The most `order by` fields.
const MAX_ORDER_BY: usize = 10;
/// The most `in`/`not in` values.
const MAX_IN_VALUES: usize = 100;
/// Deepest bracket nesting taken.
const MAX_DEPTH: usize = 32;

const PROPER: &str =
    "The query does not contain either proper criteria, base table, or the where clause.";
const NO_FROM: &str = "The query does not contain the from clause.";
const NOT_SELECT: &str = "The request contains a query other than select.";
const TOO_LONG: &str =
    "Parsing is happening for so long for the given query. please validate the query.";
const LIMIT: &str = "The value of limit clause or the select column (field API names) has exceeded the maximum limit of 200 and 50, respectively.";
const MAX_RECORDS_MESSAGE: &str = "Max records limit exceeded";
const ORDER_BY: &str = "The number of fields in the ORDER BY clause exceeds the allowed limit";
const IN_VALUES: &str = "You have specified more than 100 values for the \"in\" or \"not in\" comparator of the SELECT column in the query";

fn syntax(message: &'static str, reason: impl Into<String>) -> QueryError {
    QueryError::new("SYNTAX_ERROR", message, reason)
}

fn exceeded(message: &'static str, reason: impl Into<String>) -> QueryError {
    QueryError::new("LIMIT_EXCEEDED", message, reason)
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Coql {
    /// Selected fields and lookup paths, as written.
    pub(crate) columns: Vec<String>,
    /// The module's API name.
    pub(crate) module: String,
    /// The `where` condition.
    pub(crate) condition: Condition,
    /// `order by` fields, true for descending.
    pub(crate) order: Vec<(String, bool)>,
    /// `limit`, when given.
    pub(crate) limit: Option<u64>,
    /// Records skipped.
    pub(crate) offset: u64,
}

/// A `where` condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    /// A comparison of a field.
    Compare {
        /// The field or lookup path.
        field: String,
        /// The comparator.
        comparator: Comparator,
        /// The values: none for null tests, two for `between`, the list for `in`.
        values: Vec<String>,
    },
    /// Two conditions.
    Pair {
        /// `and` (true) or `or` (false).
        and: bool,
        /// The first.
        left: Box<Condition>,
        /// The second.
        right: Box<Condition>,
    },
}

/// A comparator the COQL pages document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparator {
    /// `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `like`: `%` matches any text, ignoring case.
    Like,
    /// `not like`.
    NotLike,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `is null`.
    IsNull,
    /// `is not null`.
    IsNotNull,
    /// `between`, both ends included.
    Between,
    /// `not between`.
    NotBetween,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A bare word or number.
    Word(String),
    /// A quoted string, unescaped.
    Quoted(String),
    /// Punctuation: `(`, `)`, `,`, `=`, `!=`, `>`, `>=`, `<`, `<=`.
    Punct(&'static str),
}

fn tokens(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '\'' | '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err(syntax(PROPER, "a quoted string is not closed")),
                        Some('\\') => match chars.next() {
                            Some(escaped) => value.push(escaped),
                            None => return Err(syntax(PROPER, "a quoted string is not closed")),
                        },
                        Some(end) if end == c => break,
                        Some(other) => value.push(other),
                    }
                }
                out.push(Token::Quoted(value));
            }
            '(' => out.push(Token::Punct("(")),
            ')' => out.push(Token::Punct(")")),
            ',' => out.push(Token::Punct(",")),
            '=' => out.push(Token::Punct("=")),
            '!' if chars.peek() == Some(&'=') => {
                chars.next();
                out.push(Token::Punct("!="));
            }
            '>' | '<' => {
                let eq = chars.peek() == Some(&'=');
                if eq {
                    chars.next();
                }
                out.push(Token::Punct(match (c, eq) {
                    ('>', false) => ">",
                    ('>', true) => ">=",
                    ('<', false) => "<",
                    _ => "<=",
                }));
            }
            c if word_char(c) => {
                let mut word = c.to_string();
                while let Some(&next) = chars.peek() {
                    if !word_char(next) {
                        break;
                    }
                    word.push(next);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
            other => return Err(syntax(PROPER, format!("unexpected `{other}`"))),
        }
    }
    Ok(out)
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | ':' | '-')
}

/// Parses a `select_query`.
pub(crate) fn parse(text: &str) -> Result<Coql, QueryError> {
    let tokens = tokens(text)?;
    let mut p = Parser { tokens, at: 0 };
    if !p.keyword("select") {
        return Err(syntax(NOT_SELECT, "the query does not start with `select`"));
    }
    let mut columns = Vec::new();
    loop {
        columns.push(
            p.name()
                .ok_or_else(|| syntax(PROPER, "a field expected after `select`"))?,
        );
        if !p.punct(",") {
            break;
        }
    }
    if !p.keyword("from") {
        return Err(syntax(NO_FROM, "`from` expected after the fields"));
    }
    let module = p
        .name()
        .ok_or_else(|| syntax(PROPER, "a module expected after `from`"))?;
    if module.contains('.') {
        return Err(syntax(PROPER, format!("`{module}` is not a module")));
    }
    if !p.keyword("where") {
        return Err(syntax(PROPER, "`where` expected after the module"));
    }
    let condition = p.condition(0)?;
    let mut order = Vec::new();
    if p.keyword("order") {
        if !p.keyword("by") {
            return Err(syntax(PROPER, "`by` expected after `order`"));
        }
        loop {
            let field = p
                .name()
                .ok_or_else(|| syntax(PROPER, "a field expected in `order by`"))?;
            let desc = if p.keyword("desc") {
                true
            } else {
                p.keyword("asc");
                false
            };
            order.push((field, desc));
            if !p.punct(",") {
                break;
            }
        }
    }
    let (mut limit, mut offset) = (None, 0);
    if p.keyword("limit") {
        let first = p.count()?;
        if p.punct(",") {
            offset = first;
            limit = Some(p.count()?);
        } else {
            limit = Some(first);
            if p.keyword("offset") {
                offset = p.count()?;
            }
        }
    }
    if let Some(token) = p.tokens.get(p.at) {
        return Err(syntax(PROPER, format!("unexpected {token:?}")));
    }
    if columns.len() > MAX_COLUMNS || limit.is_some_and(|l| l > MAX_LIMIT) {
        return Err(exceeded(LIMIT, "limit above 200 or more than 50 fields"));
    }
    if offset.saturating_add(limit.unwrap_or(MAX_LIMIT)) > MAX_RECORDS {
        return Err(exceeded(MAX_RECORDS_MESSAGE, "past the 10,000th record"));
    }
    if order.len() > MAX_ORDER_BY {
        return Err(exceeded(ORDER_BY, "more than 10 fields in `order by`"));
    }
    Ok(Coql {
        columns,
        module,
        condition,
        order,
        limit,
        offset,
    })
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn keyword(&mut self, word: &str) -> bool {
        let found = matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        self.at += usize::from(found);
        found
    }

    fn punct(&mut self, punct: &str) -> bool {
        let found = matches!(self.tokens.get(self.at), Some(Token::Punct(p)) if *p == punct);
        self.at += usize::from(found);
        found
    }

    /// A field, path or module name: a bare word that is not a number, or a quoted name.
    fn name(&mut self) -> Option<String> {
        let name = match self.tokens.get(self.at)? {
            Token::Word(w) | Token::Quoted(w) => w.clone(),
            Token::Punct(_) => return None,
        };
        let ok = name.split('.').all(|part| {
            part.chars().next().is_some_and(|c| !c.is_ascii_digit())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        self.at += 1;
        ok.then_some(name)
    }

    fn count(&mut self) -> Result<u64, QueryError> {
        match self.tokens.get(self.at) {
            Some(Token::Word(w)) => {
                self.at += 1;
                w.parse()
                    .map_err(|_| syntax(PROPER, format!("`{w}` is not a count")))
            }
            _ => Err(syntax(PROPER, "a count expected after `limit`")),
        }
    }

    fn value(&mut self) -> Result<String, QueryError> {
        match self.tokens.get(self.at) {
            Some(Token::Word(w) | Token::Quoted(w)) => {
                let value = w.clone();
                self.at += 1;
                Ok(value)
            }
            _ => Err(syntax(PROPER, "a value expected")),
        }
    }

    /// One or two terms joined by `and`/`or`.
    fn condition(&mut self, depth: usize) -> Result<Condition, QueryError> {
        let left = self.term(depth)?;
        let and = if self.keyword("and") {
            true
        } else if self.keyword("or") {
            false
        } else {
            return Ok(left);
        };
        let right = self.term(depth)?;
        if matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"))
        {
            return Err(syntax(
                PROPER,
                "more than two criteria need brackets, as ((A and B) and C)",
            ));
        }
        Ok(Condition::Pair {
            and,
            left: Box::new(left),
            right: Box::new(right),
        })
    }

    fn term(&mut self, depth: usize) -> Result<Condition, QueryError> {
        if self.punct("(") {
            if depth >= MAX_DEPTH {
                return Err(syntax(TOO_LONG, "brackets nested too deep"));
            }
            let inner = self.condition(depth + 1)?;
            if !self.punct(")") {
                return Err(syntax(TOO_LONG, "unbalanced brackets"));
            }
            return Ok(inner);
        }
        let field = self
            .name()
            .ok_or_else(|| syntax(PROPER, "a field expected in `where`"))?;
        let punct = ["=", "!=", ">", ">=", "<", "<="]
            .into_iter()
            .find(|p| self.punct(p));
        let comparator = match punct {
            Some("=") => Comparator::Eq,
            Some("!=") => Comparator::Ne,
            Some(">") => Comparator::Gt,
            Some(">=") => Comparator::Ge,
            Some("<") => Comparator::Lt,
            Some(_) => Comparator::Le,
            None if self.keyword("like") => Comparator::Like,
            None if self.keyword("in") => Comparator::In,
            None if self.keyword("between") => Comparator::Between,
            None if self.keyword("is") => {
                let not = self.keyword("not");
                if !self.keyword("null") {
                    return Err(syntax(PROPER, "`null` expected after `is`"));
                }
                let comparator = if not {
                    Comparator::IsNotNull
                } else {
                    Comparator::IsNull
                };
                return Ok(Condition::Compare {
                    field,
                    comparator,
                    values: Vec::new(),
                });
            }
            None if self.keyword("not") => {
                if self.keyword("like") {
                    Comparator::NotLike
                } else if self.keyword("in") {
                    Comparator::NotIn
                } else if self.keyword("between") {
                    Comparator::NotBetween
                } else {
                    return Err(syntax(
                        PROPER,
                        "`like`, `in` or `between` expected after `not`",
                    ));
                }
            }
            None => {
                return Err(syntax(
                    PROPER,
                    format!("a comparator expected after `{field}`"),
                ))
            }
        };
        let values = match comparator {
            Comparator::In | Comparator::NotIn => {
                if !self.punct("(") {
                    return Err(syntax(PROPER, "`(` expected after `in`"));
                }
                let mut values = vec![self.value()?];
                while self.punct(",") {
                    values.push(self.value()?);
                }
                if !self.punct(")") {
                    return Err(syntax(TOO_LONG, "unbalanced brackets"));
                }
                if values.len() > MAX_IN_VALUES {
                    return Err(exceeded(IN_VALUES, "more than 100 values"));
                }
                values
            }
            Comparator::Between | Comparator::NotBetween => {
                let from = self.value()?;
                if !self.keyword("and") {
                    return Err(syntax(PROPER, "`and` expected in `between`"));
                }
                vec![from, self.value()?]
            }
            _ => vec![self.value()?],
        };
        Ok(Condition::Compare {
            field,
            comparator,
            values,
        })
    }
}

/// The answer to a query: the rows, and whether more records matched past them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rows {
    /// Each record's selected keys (as written in the query) and its `id`.
    pub(crate) data: Vec<Map<String, Value>>,
    /// Whether records past the last row matched.
    pub(crate) more_records: bool,
}

impl Coql {
    /// Runs the query over `records` (the module's records): filtered, ordered (a record
    /// without the field first in ascending order), skipped by the offset, cut at the limit
    /// (200 when absent) and projected.
    pub(crate) fn run<'a>(
        &self,
        records: impl IntoIterator<Item = &'a Map<String, Value>>,
    ) -> Rows {
        let mut found: Vec<&Map<String, Value>> = records
            .into_iter()
            .filter(|r| self.condition.matches(r))
            .collect();
        found.sort_by(|a, b| {
            self.order
                .iter()
                .fold(Ordering::Equal, |done, (field, desc)| {
                    done.then_with(|| {
                        let order = order_values(lookup(a, field), lookup(b, field));
                        if *desc {
                            order.reverse()
                        } else {
                            order
                        }
                    })
                })
        });
        let limit = usize::try_from(self.limit.unwrap_or(MAX_LIMIT)).unwrap_or(usize::MAX);
        let offset = usize::try_from(self.offset).unwrap_or(usize::MAX);
        let rest = found.len().saturating_sub(offset);
        let data = found
            .iter()
            .skip(offset)
            .take(limit)
            .map(|record| {
                let mut row = Map::new();
                for column in &self.columns {
                    let value = lookup(record, column).cloned().unwrap_or(Value::Null);
                    row.insert(column.clone(), value);
                }
                if let Some(id) = record.get("id") {
                    row.insert("id".to_owned(), id.clone());
                }
                row
            })
            .collect();
        Rows {
            data,
            more_records: rest > limit,
        }
    }
}

/// Order of two records' values: absent or null first, then by [`compare`] on the second's
/// text.
fn order_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let key = |v: Option<&Value>| scalars(v).first().map(|s| (*s).clone());
    match (key(a), key(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => {
            let b = match &b {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            compare(&a, &b).unwrap_or(Ordering::Equal)
        }
    }
}

impl Condition {
    /// Whether `record` meets the condition.
    pub(crate) fn matches(&self, record: &Map<String, Value>) -> bool {
        match self {
            Condition::Pair {
                and: true,
                left,
                right,
            } => left.matches(record) && right.matches(record),
            Condition::Pair {
                and: false,
                left,
                right,
            } => left.matches(record) || right.matches(record),
            Condition::Compare {
                field,
                comparator,
                values,
            } => {
                let actual = scalars(lookup(record, field));
                let any = |test: &dyn Fn(&Value) -> bool| actual.iter().any(|a| test(a));
                let first = values.first().map_or("", String::as_str);
                let last = values.last().map_or("", String::as_str);
                let ordered =
                    |ok: fn(Ordering) -> bool| any(&|a| compare(a, first).is_some_and(ok));
                let between = |a: &Value| {
                    compare(a, first).is_some_and(Ordering::is_ge)
                        && compare(a, last).is_some_and(Ordering::is_le)
                };
                let like = |a: &Value| text(a).is_some_and(|t| like(&t, &first.to_lowercase()));
                match comparator {
                    Comparator::Eq => any(&|a| equals(a, first)),
                    Comparator::Ne => !any(&|a| equals(a, first)),
                    Comparator::Gt => ordered(Ordering::is_gt),
                    Comparator::Ge => ordered(Ordering::is_ge),
                    Comparator::Lt => ordered(Ordering::is_lt),
                    Comparator::Le => ordered(Ordering::is_le),
                    Comparator::Like => any(&like),
                    Comparator::NotLike => !any(&like),
                    Comparator::In => any(&|a| values.iter().any(|v| equals(a, v))),
                    Comparator::NotIn => !any(&|a| values.iter().any(|v| equals(a, v))),
                    Comparator::IsNull => actual.is_empty(),
                    Comparator::IsNotNull => !actual.is_empty(),
                    Comparator::Between => any(&between),
                    Comparator::NotBetween => !any(&between),
                }
            }
        }
    }
}

/// Whether `text` matches `pattern`, where `%` matches any text.
fn like(text: &str, pattern: &str) -> bool {
    let mut parts = pattern.split('%');
    let Some(first) = parts.next() else {
        return true;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}
