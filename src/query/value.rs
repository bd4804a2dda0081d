//! Values compared with in queries.

use std::fmt;

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

/// A finite decimal number (currency, decimal, percent and double fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal(f64);

impl Decimal {
    /// The number, or `None` when it is NaN or infinite.
    pub fn new(value: f64) -> Option<Decimal> {
        value.is_finite().then_some(Decimal(value))
    }
}

impl QueryValue for Decimal {
    fn query_value(&self) -> Value {
        // `Display` of a finite f64 writes plain decimal digits, never an exponent.
        Value(Inner::Number(self.0.to_string()))
    }
}

/// A calendar date, written `yyyy-MM-dd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, or `None` when it does not exist (year above 9999, month or day out of range).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year <= 9999 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl QueryValue for Date {
    fn query_value(&self) -> Value {
        Value(Inner::Time(self.to_string()))
    }
}

/// A date and time with a UTC offset, written `yyyy-MM-ddTHH:mm:ss±HH:mm` (ISO 8601, as the
/// pages' samples write datetimes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    offset_minutes: i16,
}

impl DateTime {
    /// The date and time, or `None` when a part is out of range (the offset within ±14:00).
    pub fn new(
        date: Date,
        hour: u8,
        minute: u8,
        second: u8,
        offset_minutes: i16,
    ) -> Option<DateTime> {
        (hour < 24 && minute < 60 && second < 60 && (-840..=840).contains(&offset_minutes))
            .then_some(DateTime {
                date,
                hour,
                minute,
                second,
                offset_minutes,
            })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let offset = self.offset_minutes.unsigned_abs();
        write!(
            f,
            "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            self.date,
            self.hour,
            self.minute,
            self.second,
            offset / 60,
            offset % 60
        )
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
