//! `/api/workspaces/{id}/daemon-tokens`: the credential a member gives their daemon. Any member
//! may mint one for themselves; the token then acts for that member in that workspace only.

use crate::access::Membership;
use crate::auth::{secret, Principal};
use crate::db::daemon_tokens::NewDaemonToken;
use crate::db::{self, new_id, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::state::AppState;
use agentry_core::api::runtimes::{CreateDaemonTokenRequest, CreatedDaemonToken, DaemonToken};
use agentry_core::{validate, DaemonTokenId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// A daemon token's lifetime when the request names none.
pub const DEFAULT_DAYS: i64 = 90;

/// `POST …/daemon-tokens {name, expires_in_days?}` → 201 with the secret, shown only this once.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<CreateDaemonTokenRequest>,
) -> ApiResult<(StatusCode, Json<CreatedDaemonToken>)> {
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    let days = validate::expires_in_days(body.expires_in_days)?.unwrap_or(DEFAULT_DAYS);
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let now = now_ms();
    let token = secret::daemon_token();
    let token_id = DaemonTokenId(new_id());
    db::daemon_tokens::insert(
        &mut conn,
        NewDaemonToken {
            id: token_id,
            workspace_id: member.workspace_id,
            user_id: member.user_id,
            name: &name,
            token_hash: &secret::hash(&token),
            token_prefix: &secret::display_prefix(&token),
            expires_at: now + days * DAY_MS,
            now,
        },
    )
    .await?;
    let row = db::daemon_tokens::get(&mut conn, member.workspace_id, token_id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("daemon token vanished")))?;
    tracing::info!(workspace_id = %member.workspace_id, token_id = %token_id, "daemon token created");
    Ok((
        StatusCode::CREATED,
        Json(CreatedDaemonToken {
            token,
            daemon_token: row.into_api(),
        }),
    ))
}

/// `GET …/daemon-tokens` → the caller's own tokens; owners and admins see everyone's.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Vec<DaemonToken>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let only = (!member.role.is_admin_like()).then_some(member.user_id);
    let rows = db::daemon_tokens::list(&mut conn, member.workspace_id, only).await?;
    Ok(Json(rows.into_iter().map(|row| row.into_api()).collect()))
}

/// `DELETE …/daemon-tokens/{token_id}` → 204. A plain member revokes only their own; someone
/// else's token is 404 to them, as if it did not exist.
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, token_id)): IdPath<(WorkspaceId, DaemonTokenId)>,
) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let row = db::daemon_tokens::get(&mut conn, member.workspace_id, token_id)
        .await?
        .filter(|row| member.role.is_admin_like() || row.user_id == member.user_id)
        .ok_or(ApiError::NotFound)?;
    db::daemon_tokens::delete(&mut conn, member.workspace_id, row.id).await?;
    tracing::info!(workspace_id = %member.workspace_id, token_id = %row.id, "daemon token revoked");
    Ok(StatusCode::NO_CONTENT)
}
