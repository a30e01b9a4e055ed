//! `/api/workspaces/{id}/members` and `/leave`: roles and removal, by the `core` rules.

use crate::access::{Membership, WriteTx};
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services;
use crate::state::AppState;
use agentry_core::api::{Member, UpdateMemberRequest};
use agentry_core::{Role, UserId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `GET /api/workspaces/{id}/members` → `[{user_id, name, email, role, joined_at}]`.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Vec<Member>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let rows = db::members::list(&mut conn, member.workspace_id).await?;
    Ok(Json(rows.into_iter().map(|r| r.into_api()).collect()))
}

/// `PATCH /api/workspaces/{id}/members/{user_id} {role}`.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, user_id)): IdPath<(WorkspaceId, UserId)>,
    ApiJson(body): ApiJson<UpdateMemberRequest>,
) -> ApiResult<Json<Member>> {
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let (target, owners) = target_and_owners(&mut tx, &member, user_id).await?;
    let actor = member.change_role(user_id, target, body.role, owners)?;
    let updated = services::members::change_role(&mut tx, &actor).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, user_id = %user_id, role = body.role.as_str(), "member role changed");
    Ok(Json(updated.into_api()))
}

/// `DELETE /api/workspaces/{id}/members/{user_id}` → 204.
pub async fn remove(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, user_id)): IdPath<(WorkspaceId, UserId)>,
) -> ApiResult<StatusCode> {
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let (target, owners) = target_and_owners(&mut tx, &member, user_id).await?;
    let actor = member.remove_member(user_id, target, owners)?;
    services::members::remove(&mut tx, &actor).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, user_id = %user_id, "member removed");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/workspaces/{id}/leave` → 204; the last owner cannot leave (409).
pub async fn leave(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<StatusCode> {
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let owners = db::members::owner_count(&mut tx, member.workspace_id).await?;
    let (me, role) = (member.user_id, member.role);
    let actor = member.remove_member(me, role, owners)?;
    services::members::remove(&mut tx, &actor).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, "member left");
    Ok(StatusCode::NO_CONTENT)
}

/// The target member's role (404 when they are not one) and how many owners there are.
async fn target_and_owners(
    tx: &mut WriteTx,
    member: &Membership,
    user_id: UserId,
) -> ApiResult<(Role, usize)> {
    let target = db::members::role(&mut *tx, member.workspace_id, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let owners = db::members::owner_count(&mut *tx, member.workspace_id).await?;
    Ok((target, owners))
}
