//! `/api/workspaces/{id}/members` and `/leave`: roles and removal, by the `core` rules.

use crate::access::{Membership, WriteTx};
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services;
use crate::state::AppState;
use agentry_core::api::{Member, UpdateMemberRequest};
use agentry_core::{roles, Role, UserId, WorkspaceId};
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
    let (mut tx, actor) = Membership::begin_locked(&state.db, id, &principal).await?;
    let target = db::members::role(&mut tx, actor.workspace_id, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let owners = db::members::owner_count(&mut tx, actor.workspace_id).await?;
    actor.require(roles::can_change_role(
        actor.role, target, body.role, owners,
    ))?;
    db::members::set_role(&mut tx, actor.workspace_id, user_id, body.role).await?;
    let updated = db::members::get(&mut tx, actor.workspace_id, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Re-check inside the transaction: two owners demoting each other at once must not both win.
    if db::members::owner_count(&mut tx, actor.workspace_id).await? == 0 {
        return Err(agentry_core::Denial::LastOwner.into());
    }
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
    let (mut tx, actor) = Membership::begin_locked(&state.db, id, &principal).await?;
    let target = db::members::role(&mut tx, actor.workspace_id, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let owners = db::members::owner_count(&mut tx, actor.workspace_id).await?;
    if user_id == actor.user_id {
        actor.require(roles::can_leave(actor.role, owners))?;
    } else {
        actor.require(roles::can_remove_member(actor.role, target, owners))?;
    }
    services::members::remove(&mut tx, actor.workspace_id, user_id, actor.user_id).await?;
    if db::members::owner_count(&mut tx, actor.workspace_id).await? == 0 {
        return Err(agentry_core::Denial::LastOwner.into());
    }
    announce_runtimes_changed(&mut tx, actor.workspace_id);
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
    let (mut tx, actor) = Membership::begin_locked(&state.db, id, &principal).await?;
    let owners = db::members::owner_count(&mut tx, actor.workspace_id).await?;
    actor.require(roles::can_leave(actor.role, owners))?;
    services::members::remove(&mut tx, actor.workspace_id, actor.user_id, actor.user_id).await?;
    if actor.role == Role::Owner
        && db::members::owner_count(&mut tx, actor.workspace_id).await? == 0
    {
        return Err(agentry_core::Denial::LastOwner.into());
    }
    announce_runtimes_changed(&mut tx, actor.workspace_id);
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, "member left");
    Ok(StatusCode::NO_CONTENT)
}

/// The leaving member's runtimes go offline: runtime pages refetch once `tx` commits.
fn announce_runtimes_changed(tx: &mut WriteTx, workspace_id: WorkspaceId) {
    tx.announce(agentry_core::api::runtimes::ServerEvent::RuntimesChanged { workspace_id });
}
