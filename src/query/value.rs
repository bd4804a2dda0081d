//! Values compared with in queries.

use crate::record::{Date, DateTime, Decimal};
use crate::Id;

/// A value in a query condition, made from a Rust value by [`QueryValue`].
#[derive(Debug, Clone, PartialEq)]
pub struct Value(Inner);

/// What a [`Value`] holds; private so that a number is always digits.
#[derive(Debug, Clone, PartialEq)]
enum Inner {
    /// Text: escaped in criteria, a quoted string in COQL.
    Text(String),
    /// A number as decimal text: bare in both languages.
    Number(String),
    /// A boolean: `true`/`false` in criteria, `'true'`/`'false'` in COQL (as the COQL page's
    /// sample writes it).
    Bool(bool),
    /// A date or a date and time, as written: bare in criteria, quoted in COQL.
    Time(String),
    /// A record id: escaped in criteria, a quoted string in COQL (as the COQL page's sample
    /// writes an owner id).
    Id(Id),
}

/// A Rust value that can stand in a query condition.
pub trait QueryValue {
    /// The value.
    fn query_value(&self) -> Value;
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_value(&self) -> Value {
        (**self).query_value()
    }
}

impl QueryValue for Value {
    fn query_value(&self) -> Value {
        self.clone()
    }
}

impl QueryValue for str {
    fn query_value(&self) -> Value {
        Value(Inner::Text(self.to_owned()))
    }
}

impl QueryValue for String {
    fn query_value(&self) -> Value {
        Value(Inner::Text(self.clone()))
    }
}

impl QueryValue for bool {
    fn query_value(&self) -> Value {
        Value(Inner::Bool(*self))
    }
}

impl QueryValue for Id {
    fn query_value(&self) -> Value {
        Value(Inner::Id(self.clone()))
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn query_value(&self) -> Value {
                Value(Inner::Number(self.to_string()))
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

impl QueryValue for Decimal {
    fn query_value(&self) -> Value {
        // The exact text Zoho sent or the caller parsed: a JSON number, never rounded.
        Value(Inner::Number(self.as_str().to_owned()))
    }
}

impl QueryValue for Date {
    fn query_value(&self) -> Value {
        Value(Inner::Time(self.to_string()))
    }
}

impl QueryValue for DateTime {
    fn query_value(&self) -> Value {
        Value(Inner::Time(self.to_string()))
    }
}

impl Value {
    /// The value as search criteria text.
    pub(crate) fn criteria_text(&self) -> String {
        match &self.0 {
            Inner::Text(text) => super::escape::criteria_value(text),
            Inner::Number(n) | Inner::Time(n) => n.clone(),
            Inner::Bool(b) => b.to_string(),
            Inner::Id(id) => super::escape::criteria_value(id.as_str()),
        }
    }

    /// The value as COQL text.
    pub(crate) fn coql_text(&self) -> String {
        use super::escape::coql_string;
        match &self.0 {
            Inner::Text(text) | Inner::Time(text) => coql_string(text),
            Inner::Number(n) => n.clone(),
            Inner::Bool(b) => coql_string(&b.to_string()),
            Inner::Id(id) => coql_string(id.as_str()),
        }
    }
}
