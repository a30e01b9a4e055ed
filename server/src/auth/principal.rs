//! The `Principal` extractor: resolves the session cookie or bearer token to a user, enforces
//! CSRF on cookie requests that change state, and keeps "last used" bookkeeping cheap.

use super::secret::{self, PAT_PREFIX};
use super::{
    CookieRenewal, CSRF_HEADER, SESSION_COOKIE, SESSION_TOUCH_INTERVAL_MS, SESSION_TTL_MS,
    TOKEN_TOUCH_INTERVAL_MS,
};
use crate::db::tokens::TokenAuthRow;
use crate::db::{self, now_ms};
use crate::error::ApiError;
use crate::state::AppState;
use agentry_core::{TokenId, UserId};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, Method};
use sqlx::AnyConnection;

/// How the caller proved who they are.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A browser session (cookie); carries the session's CSRF token.
    Session {
        session_id: String,
        csrf_token: String,
    },
    /// A personal access token (`Authorization: Bearer agt_…`).
    Token { token_id: TokenId },
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The user's id.
    pub user_id: UserId,
    /// How they authenticated.
    pub credential: Credential,
}

impl Principal {
    /// The session's CSRF token, for session callers.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { csrf_token, .. } => Some(csrf_token),
            Credential::Token { .. } => None,
        }
    }
}

/// Reads the session cookie's value from the request headers.
pub fn session_cookie(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// The bearer token of the `Authorization` header: `None` when absent, a 401 when malformed.
pub(crate) fn bearer(parts: &Parts) -> Option<Result<&str, ApiError>> {
    let value = parts.headers.get(header::AUTHORIZATION)?;
    let Ok(value) = value.to_str() else {
        return Some(Err(ApiError::Unauthenticated));
    };
    let mut split = value.splitn(2, ' ');
    match (split.next(), split.next()) {
        (Some(scheme), Some(token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Some(Ok(token.trim()))
        }
        _ => Some(Err(ApiError::Unauthenticated)),
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(principal) = parts.extensions.get::<Principal>() {
            return Ok(principal.clone());
        }
        let principal = authenticate(parts, state).await?;
        parts.extensions.insert(principal.clone());
        Ok(principal)
    }
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Principal, ApiError> {
    let now = now_ms();
    let mut conn = state.db.pool.acquire().await?;
    // A bearer header wins over a cookie, and never needs CSRF: browsers do not add it by themselves.
    if let Some(token) = bearer(parts) {
        let token = token?;
        // Only personal tokens: a daemon token (`agd_`) serves the daemon API alone.
        if !token.starts_with(PAT_PREFIX) {
            return Err(ApiError::Unauthenticated);
        }
        let row = personal_token(&mut conn, token, now).await?;
        return Ok(Principal {
            user_id: row.user_id,
            credential: Credential::Token { token_id: row.id },
        });
    }
    let cookie = session_cookie(parts).ok_or(ApiError::Unauthenticated)?;
    let row = db::sessions::by_token_hash(&mut conn, &secret::hash(cookie), now)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !is_safe(&parts.method) {
        let sent = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !secret::constant_time_eq(sent, &row.csrf_token) {
            return Err(ApiError::Csrf);
        }
    }
    if now - row.last_seen_at >= SESSION_TOUCH_INTERVAL_MS {
        db::sessions::touch(&mut conn, &row.id, now, now + SESSION_TTL_MS).await?;
        if let Some(renewal) = parts.extensions.get::<CookieRenewal>() {
            renewal.set(super::session_cookie(
                state.secure_cookies(),
                cookie,
                SESSION_TTL_MS / 1000,
            ));
        }
    }
    Ok(Principal {
        user_id: row.user_id,
        credential: Credential::Session {
            session_id: row.id,
            csrf_token: row.csrf_token,
        },
    })
}

/// Resolves a personal access token (`agt_…`) to its live row, recording its use at most once
/// a minute; unknown or expired → 401. The web API's and the daemon endpoints' extractors both
/// call it.
pub(crate) async fn personal_token(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<TokenAuthRow, ApiError> {
    let row = db::tokens::by_hash(conn, &secret::hash(token), now)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if use_is_stale(row.last_used_at, now) {
        db::tokens::touch(conn, row.id, now).await?;
    }
    Ok(row)
}

/// Whether a token's `last_used_at` is old enough to be written again, so frequent callers
/// (daemon heartbeats) cost no write per request.
pub(crate) fn use_is_stale(last_used_at: Option<i64>, now: i64) -> bool {
    last_used_at.is_none_or(|last| now - last >= TOKEN_TOUCH_INTERVAL_MS)
}

/// Like [`Principal`], but `None` instead of a 401 for anonymous callers (public pages).
pub struct MaybePrincipal(pub Option<Principal>);

impl FromRequestParts<AppState> for MaybePrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match Principal::from_request_parts(parts, state).await {
            Ok(p) => Ok(MaybePrincipal(Some(p))),
            Err(ApiError::Unauthenticated) => Ok(MaybePrincipal(None)),
            Err(e) => Err(e),
        }
    }
}
