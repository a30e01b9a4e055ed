//! Cross-cutting HTTP behaviour: a request id and a log line per request (never with secrets
//! from the path or query), and the security headers every response carries.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

/// Header carrying the request id back to the client (and in from a trusted proxy).
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The path as logged: secret-bearing segments (invitation tokens) are replaced.
pub fn loggable_path(path: &str) -> String {
    for prefix in ["/api/invitations/", "/invite/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest
                .split_once('/')
                .map(|(_, t)| format!("/{t}"))
                .unwrap_or_default();
            return format!("{prefix}<token>{tail}");
        }
    }
    path.to_owned()
}

/// Gives each request an id, runs it inside a span carrying that id, and logs its outcome.
pub async fn request_context(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    if let Ok(value) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %loggable_path(req.uri().path()));
    let started = Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    let status = response.status().as_u16();
    span.in_scope(|| {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::warn!(status, ms, "request failed");
        } else {
            tracing::debug!(status, ms, "request done");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    response
}

/// Adds the security headers. Pages set their own CSP (with a script nonce); everything else
/// gets a policy that allows nothing.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Invitation links carry their token in the path: never send it onwards as a referrer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !is_asset {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

/// Sends the session cookie again when the request extended its session (see
/// [`crate::auth::CookieRenewal`]), so the browser's copy slides with the server-side expiry.
/// A response that sets the cookie itself (sign-in, sign-out) keeps its own.
pub async fn renew_session_cookie(mut req: Request, next: Next) -> Response {
    let renewal = crate::auth::CookieRenewal::default();
    req.extensions_mut().insert(renewal.clone());
    let mut response = next.run(req).await;
    if let Some(cookie) = renewal.take() {
        if !response.headers().contains_key(header::SET_COOKIE) {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn invitation_tokens_never_reach_the_logs() {
        assert_eq!(
            loggable_path("/api/invitations/abc123/accept"),
            "/api/invitations/<token>/accept"
        );
        assert_eq!(
            loggable_path("/api/invitations/abc123"),
            "/api/invitations/<token>"
        );
        assert_eq!(loggable_path("/invite/abc123"), "/invite/<token>");
        assert_eq!(loggable_path("/api/me"), "/api/me");
    }
}
