//! Comparing a record's JSON value with a value written in a query.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// The value at `path` in `record`: the key as written (COQL rows keep lookup paths as keys),
/// else the dotted path through nested objects.
pub(super) fn lookup<'a>(record: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(value) = record.get(path) {
        return Some(value);
    }
    let mut parts = path.split('.');
    let first = record.get(parts.next()?)?;
    parts.try_fold(first, |value, key| value.get(key))
}

/// The scalars a value stands for: itself, each item of an array (multi-select picklists),
/// the `id` of an object (lookups); none for `null`.
pub(super) fn scalars(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().flat_map(|i| scalars(Some(i))).collect(),
        Some(Value::Object(object)) => object.get("id").into_iter().collect(),
        Some(scalar) => vec![scalar],
    }
}

/// How `actual` compares with the written `wanted`: numbers as numbers, datetimes with offsets
/// as instants, booleans as `true`/`false`, other text ignoring case. `None` when they cannot
/// be compared.
pub(super) fn compare(actual: &Value, wanted: &str) -> Option<Ordering> {
    match actual {
        Value::Number(n) => {
            let exact = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
            if let (Some(a), Ok(w)) = (exact, wanted.trim().parse::<i128>()) {
                return Some(a.cmp(&w));
            }
            n.as_f64()?.partial_cmp(&wanted.trim().parse::<f64>().ok()?)
        }
        Value::Bool(b) => match wanted.to_ascii_lowercase().as_str() {
            "true" => Some(b.cmp(&true)),
            "false" => Some(b.cmp(&false)),
            _ => None,
        },
        Value::String(s) => {
            if let (Some(a), Some(w)) = (instant(s), instant(wanted)) {
                return Some(a.cmp(&w));
            }
            // Ids exceed 2^53: whole numbers compare exactly.
            if let (Ok(a), Ok(w)) = (s.parse::<i128>(), wanted.parse::<i128>()) {
                return Some(a.cmp(&w));
            }
            if let (Ok(a), Ok(w)) = (s.parse::<f64>(), wanted.parse::<f64>()) {
                return a.partial_cmp(&w);
            }
            Some(s.to_lowercase().cmp(&wanted.to_lowercase()))
        }
        _ => None,
    }
}

/// Whether `actual` equals `wanted` (see [`compare`]).
pub(super) fn equals(actual: &Value, wanted: &str) -> bool {
    compare(actual, wanted) == Some(Ordering::Equal)
}

/// The text of a scalar, lower-cased, for text operators; `None` for non-text.
pub(super) fn text(actual: &Value) -> Option<String> {
    match actual {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Seconds since the epoch of `yyyy-MM-ddTHH:mm:ss` with `±HH:mm` or `Z`.
fn instant(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, offset) = time.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, m) = offset.get(1..)?.split_once(':')?;
        (clock, sign * (number(h)? * 3600 + number(m)? * 60))
    };
    let mut d = date.splitn(3, '-');
    let (y, mo, da) = (number(d.next()?)?, number(d.next()?)?, number(d.next()?)?);
    let mut c = clock.splitn(3, ':');
    let (h, mi, s) = (number(c.next()?)?, number(c.next()?)?, number(c.next()?)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

fn number(text: &str) -> Option<i64> {
    (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
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

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use serde_json::json;

    use super::{compare, instant};

    #[test]
    fn instants_take_offsets_into_account() {
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(instant("1970-01-01T05:30:00+05:30"), Some(0));
        assert_eq!(instant("2000-02-29T00:00:00+00:00"), Some(951_782_400));
        assert_eq!(instant("2024-02-01"), None);
        let later = json!("2024-02-19T18:30:23-11:00");
        assert_eq!(
            compare(&later, "2024-02-20T05:30:22+00:00"),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(&json!(1500), "1500.0"), Some(Ordering::Equal));
        assert_eq!(compare(&json!("ABC"), "abc"), Some(Ordering::Equal));
        assert_eq!(compare(&json!(true), "TRUE"), Some(Ordering::Equal));
        assert_eq!(compare(&json!(1), "x"), None);
        let id = json!("554023000000235011");
        assert_eq!(compare(&id, "554023000000235012"), Some(Ordering::Less));
        assert_eq!(
            compare(&json!(9_007_199_254_740_993_u64), "9007199254740992"),
            Some(Ordering::Greater)
        );
    }
}
