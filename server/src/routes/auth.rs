//! `POST /api/auth/register`, `/login`, `/logout`: accounts and browser sessions.

use crate::auth::{password, secret, Credential, Principal, SESSION_TTL_MS};
use crate::db::{self, new_id, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp};
use crate::state::AppState;
use agentry_core::api::{AuthResponse, LoginRequest, RegisterRequest};
use agentry_core::{validate, UserId};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

fn session_cookie(state: &AppState, token: &str, max_age_secs: i64) -> HeaderValue {
    crate::auth::session_cookie(state.secure_cookies(), token, max_age_secs)
}

/// Opens a session for `user_id` and answers with the cookie and the CSRF token.
async fn start_session(
    state: &AppState,
    user_id: UserId,
    status: StatusCode,
) -> ApiResult<Response> {
    let token = secret::session_token();
    let csrf = secret::csrf_token();
    let now = now_ms();
    let mut conn = state.db.pool.acquire().await?;
    db::sessions::insert(
        &mut conn,
        &new_id().to_string(),
        &secret::hash(&token),
        user_id,
        &csrf,
        now,
        now + SESSION_TTL_MS,
    )
    .await?;
    let user = db::users::by_id(&mut conn, user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?
        .into_api();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        session_cookie(state, &token, SESSION_TTL_MS / 1000),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok((
        status,
        headers,
        Json(AuthResponse {
            user,
            csrf_token: csrf,
        }),
    )
        .into_response())
}

/// `POST /api/auth/register {email, name, password}` → 201 `{user, csrf_token}` + cookie.
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<Response> {
    let email = validate::email(&body.email)?;
    state
        .limiter
        .check(&ip, &email)
        .map_err(ApiError::RateLimited)?;
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    validate::password(&body.password)?;
    let hash = password::hash(body.password)
        .await
        .map_err(ApiError::Internal)?;
    let id = UserId(new_id());
    let mut conn = state.db.pool.acquire().await?;
    db::users::insert(&mut conn, id, &email, &name, &hash, now_ms()).await?;
    drop(conn);
    tracing::info!(user_id = %id, "account created");
    start_session(&state, id, StatusCode::CREATED).await
}

/// `POST /api/auth/login {email, password}` → 200 `{user, csrf_token}` + cookie. A wrong email
/// and a wrong password give the same 401.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    // Unparseable emails cannot have accounts; answer like any other wrong email.
    let email = validate::email(&body.email).unwrap_or_else(|_| body.email.trim().to_lowercase());
    state
        .limiter
        .check(&ip, &email)
        .map_err(ApiError::RateLimited)?;
    let mut conn = state.db.pool.acquire().await?;
    let found = db::users::credentials(&mut conn, &email).await?;
    drop(conn);
    let (user_id, stored) = match found {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let ok = password::verify(body.password, stored)
        .await
        .map_err(ApiError::Internal)?;
    match (ok, user_id) {
        (true, Some(user_id)) => start_session(&state, user_id, StatusCode::OK).await,
        _ => Err(ApiError::BadCredentials),
    }
}

/// `POST /api/auth/logout` → 204; the session is revoked server-side and the cookie cleared.
pub async fn logout(State(state): State<AppState>, principal: Principal) -> ApiResult<Response> {
    if let Credential::Session { session_id, .. } = &principal.credential {
        let mut conn = state.db.pool.acquire().await?;
        db::sessions::delete(&mut conn, session_id).await?;
    }
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}
