//! Authentication: who is asking. Session cookies (browser) and bearer tokens (CLIs, daemons,
//! scripts) both resolve to a [`Principal`]; cookie requests that change state must also carry
//! the session's CSRF token.

pub mod daemon;
pub mod password;
pub mod principal;
pub mod secret;
pub mod work;

pub use daemon::{DaemonAccess, DaemonCaller};
pub use principal::{Credential, Principal};
pub use work::{TaskIdentity, WorkCaller};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "agentry_session";
/// Header carrying the CSRF token on cookie-authenticated state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Sessions live this long after their last use.
pub const SESSION_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// A session's expiry is pushed forward, and its cookie re-issued with the new lifetime, at
/// most this often: reads stay read-only, and the cookie slides with the server-side expiry.
pub const SESSION_TOUCH_INTERVAL_MS: i64 = 24 * 60 * 60 * 1000;
/// A token's `last_used_at` is refreshed at most this often.
pub const TOKEN_TOUCH_INTERVAL_MS: i64 = 60 * 1000;

/// The `Set-Cookie` value of a session cookie (`max_age_secs` 0 clears it).
pub fn session_cookie(secure: bool, token: &str, max_age_secs: i64) -> axum::http::HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    axum::http::HeaderValue::from_str(&value)
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static(""))
}

/// Where the [`Principal`] extractor leaves the renewed cookie of a session it extended, for
/// [`crate::middleware::renew_session_cookie`] to send: an extractor cannot touch the response.
#[derive(Clone, Debug, Default)]
pub struct CookieRenewal(std::sync::Arc<std::sync::Mutex<Option<axum::http::HeaderValue>>>);

impl CookieRenewal {
    /// Records the cookie to send.
    pub fn set(&self, cookie: axum::http::HeaderValue) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(cookie);
        }
    }

    /// The cookie recorded, if any.
    pub fn take(&self) -> Option<axum::http::HeaderValue> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}
