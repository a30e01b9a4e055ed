//! Authentication: who is asking. Session cookies (browser) and bearer tokens (CLIs, daemons,
//! scripts) both resolve to a [`Principal`]; cookie requests that change state must also carry
//! the session's CSRF token.

pub mod daemon;
pub mod password;
pub mod principal;
pub mod secret;

pub use daemon::{DaemonAccess, DaemonCaller};
pub use principal::{Credential, Principal};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "agentry_session";
/// Header carrying the CSRF token on cookie-authenticated state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Sessions live this long after their last use.
pub const SESSION_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// A session's expiry is pushed forward at most this often, to keep reads read-only.
pub const SESSION_TOUCH_INTERVAL_MS: i64 = 60 * 60 * 1000;
/// A token's `last_used_at` is refreshed at most this often.
pub const TOKEN_TOUCH_INTERVAL_MS: i64 = 60 * 1000;
