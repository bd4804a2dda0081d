//! When and how long to wait before repeating a call.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bounds for repeating calls that failed in a way worth another try.
///
/// A call is repeated only when repeating it cannot apply it twice: a GET or an endpoint the
/// spec marks idempotent that got HTTP 429, 500, 502, 503 or 504 or lost its connection, or any
/// call whose connection could not be opened (the request never left). A POST that may have
/// reached the server is never repeated. Waits grow exponentially with full jitter, and a
/// `Retry-After` header is honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means never repeat.
    pub max_attempts: u32,
    /// The wait before the second attempt, doubling after each later one.
    pub base_delay: Duration,
    /// The longest single wait.
    pub max_delay: Duration,
    /// The most time all attempts and waits of one call may take; no wait goes past it.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waits from 200 ms up to 5 s, 30 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_total: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never repeat a call.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `attempt + 1`, or `None` when the policy allows no more: too many
    /// attempts, or the wait would end past `max_total` after `elapsed`.
    pub(crate) fn wait(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(wait) => wait,
            None => {
                let exponent = attempt.saturating_sub(1).min(20);
                let ceiling = self
                    .base_delay
                    .saturating_mul(1 << exponent)
                    .min(self.max_delay);
                jitter(ceiling)
            }
        };
        (elapsed.saturating_add(wait) <= self.max_total).then_some(wait)
    }
}

/// A wait drawn uniformly from zero to `ceiling` (full jitter).
fn jitter(ceiling: Duration) -> Duration {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(if nanos == 0 { 0 } else { x % (nanos + 1) })
}

/// The wait a `Retry-After` header asks for, in seconds (the HTTP-date form is not used by Zoho).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_bounded_by_attempts_delay_and_total() {
        let policy = RetryPolicy::default();
        for attempt in 1..3 {
            let wait = policy.wait(attempt, Duration::ZERO, None).unwrap();
            assert!(wait <= policy.base_delay * (1 << (attempt - 1)), "{wait:?}");
        }
        assert_eq!(policy.wait(3, Duration::ZERO, None), None);
        assert_eq!(
            policy.wait(1, Duration::ZERO, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait(1, Duration::from_secs(29), Some(Duration::from_secs(2))),
            None
        );
        assert_eq!(RetryPolicy::none().wait(1, Duration::ZERO, None), None);
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
