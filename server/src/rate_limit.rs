//! In-memory sliding-window limits on sign-in and sign-up attempts, per client IP and per email.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Counts attempts per key over the last minute.
pub struct RateLimiter {
    per_ip: u32,
    per_email: u32,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter allowing `per_ip` and `per_email` attempts a minute.
    pub fn new(per_ip: u32, per_email: u32) -> Self {
        Self {
            per_ip,
            per_email,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Records an attempt from `ip` for `email`; `Err(seconds)` when either limit is exceeded,
    /// with how long until the oldest attempt leaves the window.
    pub fn check(&self, ip: &str, email: &str) -> Result<(), u64> {
        self.check_at(ip, email, Instant::now())
    }

    fn check_at(&self, ip: &str, email: &str, now: Instant) -> Result<(), u64> {
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if hits.len() > 10_000 {
            // Bound memory under a flood of distinct keys: forget keys with no recent attempts.
            hits.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let keys = [
            (format!("ip:{ip}"), self.per_ip),
            (format!("email:{email}"), self.per_email),
        ];
        let mut wait = 0u64;
        for (key, limit) in &keys {
            let queue = hits.entry(key.clone()).or_default();
            while queue
                .front()
                .is_some_and(|t| now.duration_since(*t) >= WINDOW)
            {
                queue.pop_front();
            }
            if queue.len() >= *limit as usize {
                let oldest = queue.front().copied().unwrap_or(now);
                let left = WINDOW.saturating_sub(now.duration_since(oldest));
                wait = wait.max(left.as_secs() + 1);
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in keys {
            hits.entry(key).or_default().push_back(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_for_one_email_within_a_minute_is_refused() {
        let limiter = RateLimiter::new(100, 10);
        let start = Instant::now();
        for i in 0..10 {
            assert!(limiter
                .check_at("1.1.1.1", "a@x.io", start + Duration::from_secs(i))
                .is_ok());
        }
        let wait = limiter
            .check_at("1.1.1.1", "a@x.io", start + Duration::from_secs(10))
            .unwrap_err();
        assert!((1..=60).contains(&wait), "wait {wait}");
        assert!(limiter
            .check_at("1.1.1.1", "b@x.io", start + Duration::from_secs(10))
            .is_ok());
        assert!(limiter
            .check_at("1.1.1.1", "a@x.io", start + Duration::from_secs(61))
            .is_ok());
    }

    #[test]
    fn one_ip_is_limited_across_many_emails() {
        let limiter = RateLimiter::new(3, 10);
        let now = Instant::now();
        for i in 0..3 {
            assert!(limiter
                .check_at("9.9.9.9", &format!("u{i}@x.io"), now)
                .is_ok());
        }
        assert!(limiter.check_at("9.9.9.9", "u9@x.io", now).is_err());
        assert!(limiter.check_at("8.8.8.8", "u9@x.io", now).is_ok());
    }
}
