//! The org's clock and the date and time texts records use: `yyyy-MM-dd`,
//! `yyyy-MM-ddTHH:mm:ss±HH:mm` (or `Z`), and HTTP dates for `If-Modified-Since`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the org's "now" comes from: the system clock, or a manual clock tests set and
/// advance (shared by its clones).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// A clock at `secs` seconds after the Unix epoch that moves only by [`Clock::advance`].
    #[cfg(test)]
    pub(crate) fn manual(secs: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(secs))),
        }
    }

    /// Seconds since the Unix epoch.
    pub(crate) fn now(&self) -> i64 {
        match &self.manual {
            Some(secs) => secs.load(Ordering::SeqCst),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        }
    }

    /// Moves a manual clock on by `secs`; the system clock ignores it.
    #[cfg(test)]
    pub(crate) fn advance(&self, secs: i64) {
        if let Some(now) = &self.manual {
            now.fetch_add(secs, Ordering::SeqCst);
        }
    }
}

/// `secs` as `yyyy-MM-ddTHH:mm:ss+00:00`.
pub(crate) fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds since the epoch of `yyyy-MM-ddTHH:mm:ss` followed by `±HH:mm` or `Z`.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let days = parse_date(date)?;
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, offset) = time.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, m) = offset.get(1..)?.split_once(':')?;
        let (h, m) = (digits(h, 2)?, digits(m, 2)?);
        if h > 23 || m > 59 {
            return None;
        }
        (clock, sign * (h * 3600 + m * 60))
    };
    let mut parts = clock.split(':');
    let (h, mi, s) = (
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
    );
    if parts.next().is_some() || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(days * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// Days since the epoch of a valid `yyyy-MM-dd`.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (
        digits(parts.next()?, 4)?,
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Seconds since the epoch of an `If-Modified-Since` value: an ISO datetime with an offset
/// (what Zoho's pages and SDKs send) or an HTTP date (`Tue, 08 Dec 2026 01:04:05 GMT`).
pub(crate) fn parse_since(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_datetime(text).or_else(|| parse_http_date(text))
}

/// Seconds since the epoch of an IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(text: &str) -> Option<i64> {
    let rest = text.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?, 2)?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)?;
    let year = digits(parts.next()?, 4)?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = i64::try_from(month).ok()? + 1;
    parse_datetime(&format!("{year:04}-{month:02}-{day:02}T{time}Z"))
}

fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::{format_utc, parse_date, parse_datetime, parse_since, Clock};

    #[test]
    fn texts_round_trip_and_bad_ones_are_refused() {
        assert_eq!(format_utc(1_668_081_302), "2022-11-10T11:55:02+00:00");
        assert_eq!(
            parse_datetime("2022-11-10T11:55:02+00:00"),
            Some(1_668_081_302)
        );
        assert_eq!(
            parse_datetime("2022-11-10T17:25:02+05:30"),
            Some(1_668_081_302)
        );
        assert_eq!(parse_datetime("2022-11-10T11:55:02Z"), Some(1_668_081_302));
        assert_eq!(
            parse_since("Thu, 10 Nov 2022 11:55:02 GMT"),
            Some(1_668_081_302)
        );
        assert_eq!(parse_date("2000-02-29"), Some(11_016));
        for bad in [
            "2001-02-29",
            "2022-13-01",
            "22-01-01",
            "2022-01-01T10:00:00",
        ] {
            assert_eq!(parse_date(bad).or(parse_datetime(bad)), None, "{bad}");
        }
        assert_eq!(parse_datetime("2022-11-10T11:55:02.123+00:00"), None);
        let clock = Clock::manual(10);
        clock.clone().advance(5);
        assert_eq!(clock.now(), 15);
    }
}
