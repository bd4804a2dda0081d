//! Field values with Zoho's own wire forms: exact decimals, dates and datetimes.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// Text that is not a value of the type it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not {expected}: {text:?}")]
pub struct ParseError {
    expected: &'static str,
    text: String,
}

impl ParseError {
    fn new(expected: &'static str, text: &str) -> Self {
        ParseError {
            expected,
            text: super::excerpt(text),
        }
    }
}

/// A decimal number exactly as Zoho sent it (currency, double and percent fields).
///
/// The text is kept as it came, validated against JSON's number grammar, so a currency amount
/// such as `1234567.890000001` or a 77-digit figure is never rounded. Equality compares the
/// text: `1.0` and `1.00` differ.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Box<str>);

impl Decimal {
    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`; a value beyond `f64`'s range is an infinity.
    pub fn to_f64(&self) -> f64 {
        // The grammar checked on construction is a subset of what `f64::from_str` reads.
        self.0.parse().unwrap_or(f64::NAN)
    }
}

/// Whether `text` is a number in JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(super) fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if bytes.first() == Some(&b'-') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

impl FromStr for Decimal {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        if is_json_number(text) {
            Ok(Decimal(text.into()))
        } else {
            Err(ParseError::new("a decimal number", text))
        }
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal(value.to_string().into())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Written as a JSON number with the exact text.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match RawValue::from_string(self.0.to_string()) {
            Ok(raw) => raw.serialize(serializer),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

/// A calendar date, `yyyy-MM-dd` on the wire (date fields).
///
/// Years run from 0000 to 9999 (proleptic Gregorian); the day exists in its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `N` ASCII digits.
fn number<const N: usize>(bytes: &[u8]) -> Option<u16> {
    let digits: &[u8; N] = bytes.try_into().ok()?;
    digits.iter().try_fold(0u16, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
    })
}

impl Date {
    /// The date, if it exists and the year is 0000 to 9999.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = year <= 9999
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }

    fn parse(bytes: &[u8]) -> Option<Date> {
        match bytes {
            [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => Date::new(
                number::<4>(y)?,
                u8::try_from(number::<2>(&[*m1, *m2])?).ok()?,
                u8::try_from(number::<2>(&[*d1, *d2])?).ok()?,
            ),
            _ => None,
        }
    }

    /// Days since 1970-01-01 (negative before).
    fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if its year is 0000 to 9999.
    fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        Date::parse(text.as_bytes()).ok_or_else(|| ParseError::new("a date (yyyy-MM-dd)", text))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Written as `yyyy-MM-dd`.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date and time with its UTC offset, `yyyy-MM-ddTHH:mm:ss±HH:mm` on the wire (datetime
/// fields; Zoho writes them in the user's time zone).
///
/// Whole seconds, hours 00 to 23, no leap seconds; the offset is at most ±23:59. Equality
/// compares the written form (the same instant at two offsets differs); compare
/// [`DateTime::unix_timestamp`] for instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    /// Minutes east of UTC.
    offset: i16,
}

impl DateTime {
    /// The datetime, if the time of day and the offset (minutes east of UTC) are in range.
    pub fn new(date: Date, hour: u8, minute: u8, second: u8, offset_minutes: i16) -> Option<Self> {
        let valid = hour < 24 && minute < 60 && second < 60 && offset_minutes.abs() < 24 * 60;
        valid.then_some(DateTime {
            date,
            hour,
            minute,
            second,
            offset: offset_minutes,
        })
    }

    /// The local date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The local hour, 0 to 23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// The minute.
    pub fn minute(&self) -> u8 {
        self.minute
    }

    /// The second.
    pub fn second(&self) -> u8 {
        self.second
    }

    /// The UTC offset in minutes east of UTC (`-07:00` is -420).
    pub fn offset_minutes(&self) -> i16 {
        self.offset
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_timestamp(&self) -> i64 {
        let local = self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        local - i64::from(self.offset) * 60
    }

    /// The same instant at offset +00:00; `None` when its UTC date falls outside the years
    /// 0000 to 9999.
    pub fn to_utc(&self) -> Option<DateTime> {
        let seconds = self.unix_timestamp();
        let (days, in_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        DateTime::new(
            Date::from_days_since_epoch(days)?,
            u8::try_from(in_day / 3600).ok()?,
            u8::try_from(in_day % 3600 / 60).ok()?,
            u8::try_from(in_day % 60).ok()?,
            0,
        )
    }

    fn parse(bytes: &[u8]) -> Option<DateTime> {
        let two = |a: u8, b: u8| number::<2>(&[a, b]).and_then(|n| u8::try_from(n).ok());
        match bytes {
            [date @ .., b'T', h1, h2, b':', mi1, mi2, b':', s1, s2, sign, oh1, oh2, b':', om1, om2]
                if date.len() == 10 =>
            {
                let sign = match sign {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (oh, om) = (two(*oh1, *oh2)?, two(*om1, *om2)?);
                if om >= 60 {
                    return None;
                }
                DateTime::new(
                    Date::parse(date)?,
                    two(*h1, *h2)?,
                    two(*mi1, *mi2)?,
                    two(*s1, *s2)?,
                    sign * (i16::from(oh) * 60 + i16::from(om)),
                )
            }
            _ => None,
        }
    }
}

impl FromStr for DateTime {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        DateTime::parse(text.as_bytes())
            .ok_or_else(|| ParseError::new("a datetime (yyyy-MM-ddTHH:mm:ss±HH:mm)", text))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let offset = self.offset.unsigned_abs();
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

/// Written as `yyyy-MM-ddTHH:mm:ss±HH:mm`.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_text_and_refuse_what_json_does_not_call_a_number() {
        for ok in [
            "0",
            "-0",
            "1234567.890000001",
            "1e400",
            "-2.5E-3",
            "12345678901234567890123456789012345678901234567890123456789012345678901234567",
        ] {
            let d: Decimal = ok.parse().unwrap();
            assert_eq!(d.as_str(), ok);
            assert_eq!(d.to_string(), ok);
            assert_eq!(serde_json::to_string(&d).unwrap(), ok);
        }
        assert_eq!("1e400".parse::<Decimal>().unwrap().to_f64(), f64::INFINITY);
        assert_eq!(
            "1234567.890000001".parse::<Decimal>().unwrap().to_f64(),
            1234567.890000001
        );
        for bad in [
            "", "-", "01", "1.", ".5", "1e", "1e+", "+1", "NaN", "inf", "1 ", " 1", "0x10",
            "1_000", "１",
        ] {
            let e = bad.parse::<Decimal>().unwrap_err();
            assert_eq!(e.to_string(), format!("not a decimal number: {bad:?}"));
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!("0000-01-01".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-01-00",
            "24-01-01",
            "2024-1-01",
            "2024/01/01",
            "2024-01-01T00:00:00+00:00",
            "+202-01-01",
            "2024-01-0a",
            "२०२४-01-01",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!(
            "2023-02-29".parse::<Date>().unwrap_err().to_string(),
            r#"not a date (yyyy-MM-dd): "2023-02-29""#
        );
        assert_eq!(Date::new(2024, 2, 30), None);
        assert_eq!(Date::new(10_000, 1, 1), None);
    }

    #[test]
    fn datetimes_keep_their_offset_and_normalise_to_utc() {
        let t: DateTime = "2023-05-10T01:10:47-07:00".parse().unwrap();
        assert_eq!(t.offset_minutes(), -420);
        assert_eq!((t.hour(), t.minute(), t.second()), (1, 10, 47));
        assert_eq!(t.to_string(), "2023-05-10T01:10:47-07:00");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2023-05-10T01:10:47-07:00\""
        );
        assert_eq!(t.to_utc().unwrap().to_string(), "2023-05-10T08:10:47+00:00");
        assert_eq!(t.unix_timestamp(), 1_683_706_247);

        let cases = [
            ("2023-12-31T23:30:00-05:30", "2024-01-01T05:00:00+00:00"),
            ("2024-01-01T00:15:00+05:30", "2023-12-31T18:45:00+00:00"),
            ("2024-03-01T01:00:00+02:00", "2024-02-29T23:00:00+00:00"),
            ("2023-03-01T01:00:00+02:00", "2023-02-28T23:00:00+00:00"),
            ("1970-01-01T00:00:00+00:00", "1970-01-01T00:00:00+00:00"),
            ("1969-12-31T23:59:59-00:01", "1970-01-01T00:00:59+00:00"),
            ("9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59+00:00"),
        ];
        for (local, utc) in cases {
            let t: DateTime = local.parse().unwrap();
            assert_eq!(t.to_utc().unwrap().to_string(), utc, "{local}");
            assert_eq!(t.to_utc().unwrap().unix_timestamp(), t.unix_timestamp());
        }
        let late: DateTime = "9999-12-31T23:00:00-01:00".parse().unwrap();
        assert_eq!(late.to_utc(), None);
        let early: DateTime = "0000-01-01T00:00:00+01:00".parse().unwrap();
        assert_eq!(early.to_utc(), None);
    }

    #[test]
    fn invalid_datetimes_are_refused() {
        for bad in [
            "2023-05-10T24:00:00+00:00",
            "2023-05-10T23:60:00+00:00",
            "2023-05-10T23:59:60+00:00",
            "2023-05-10T01:10:47+24:00",
            "2023-05-10T01:10:47+01:60",
            "2023-02-29T01:10:47+01:00",
            "2023-05-10T01:10:47Z",
            "2023-05-10T01:10:47.123+01:00",
            "2023-05-10 01:10:47+01:00",
            "2023-05-10T01:10:47 01:00",
            "2023-05-10T01:10+01:00",
            "2023-05-10",
            "",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
        assert_eq!(
            "2023-05-10T24:00:00+00:00"
                .parse::<DateTime>()
                .unwrap_err()
                .to_string(),
            r#"not a datetime (yyyy-MM-ddTHH:mm:ss±HH:mm): "2023-05-10T24:00:00+00:00""#
        );
        assert!(DateTime::new(Date::new(2024, 1, 1).unwrap(), 0, 0, 0, 1440).is_none());
        let d = DateTime::new(Date::new(2024, 1, 1).unwrap(), 0, 0, 0, -90).unwrap();
        assert_eq!(d.to_string(), "2024-01-01T00:00:00-01:30");
    }
}
