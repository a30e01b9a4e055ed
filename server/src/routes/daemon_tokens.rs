//! `/api/workspaces/{id}/daemon-tokens`: the credential a member gives their daemon. Any member
//! may mint one for themselves; the token then acts for that member in that workspace only.

use crate::access::Membership;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{ApiJson, IdPath};
use crate::services::daemon_tokens as service;
use crate::state::AppState;
use agentry_core::api::runtimes::{CreateDaemonTokenRequest, CreatedDaemonToken, DaemonToken};
use agentry_core::{validate, DaemonTokenId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

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
    let actor = Membership::load(&mut conn, id, &principal)
        .await?
        .daemon_tokens();
    let created = service::create(&mut conn, &actor, &name, days).await?;
    tracing::info!(workspace_id = %actor.workspace_id, token_id = %created.daemon_token.id, "daemon token created");
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET …/daemon-tokens` → the caller's own tokens; owners and admins see everyone's.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Vec<DaemonToken>>> {
    let mut conn = state.db.pool.acquire().await?;
    let actor = Membership::load(&mut conn, id, &principal)
        .await?
        .daemon_tokens();
    let rows = service::list(&mut conn, &actor).await?;
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
    let actor = Membership::load(&mut conn, id, &principal)
        .await?
        .daemon_tokens();
    service::revoke(&mut conn, &actor, token_id).await?;
    tracing::info!(workspace_id = %actor.workspace_id, token_id = %token_id, "daemon token revoked");
    Ok(StatusCode::NO_CONTENT)
}
