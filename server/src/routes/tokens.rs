//! `/api/tokens`: personal access tokens for CLIs, daemons and scripts.

use crate::auth::{secret, Principal};
use crate::db::{self, new_id, now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::state::AppState;
use agentry_core::api::{CreateTokenRequest, CreatedToken, TokenInfo};
use agentry_core::{validate, TokenId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// `POST /api/tokens {name, expires_in_days?}` → 201 with the secret, shown only this once.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateTokenRequest>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    let days = validate::expires_in_days(body.expires_in_days)?;
    let now = now_ms();
    let expires_at = days.map(|d| now + d * DAY_MS);
    let token = secret::personal_access_token();
    let prefix = secret::display_prefix(&token);
    let id = TokenId(new_id());
    let mut conn = state.db.pool.acquire().await?;
    db::tokens::insert(
        &mut conn,
        id,
        principal.user_id,
        &name,
        &secret::hash(&token),
        &prefix,
        now,
        expires_at,
    )
    .await?;
    tracing::info!(token_id = %id, user_id = %principal.user_id, "personal access token created");
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id,
            name,
            token,
            prefix,
            created_at: rfc3339(now),
            expires_at: expires_at.map(rfc3339),
        }),
    ))
}

/// `GET /api/tokens` → the caller's tokens without their secrets.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Vec<TokenInfo>>> {
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::tokens::list(&mut conn, principal.user_id).await?;
    Ok(Json(rows.into_iter().map(|r| r.into_api()).collect()))
}

/// `DELETE /api/tokens/{id}` → 204; someone else's token is 404.
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<TokenId>,
) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool.acquire().await?;
    if db::tokens::delete(&mut conn, principal.user_id, id).await? {
        tracing::info!(token_id = %id, "personal access token revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
