//! `/api/workspaces[/{id}]`: create, list, show, rename, delete.

use crate::access::Membership;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::extract::{ApiJson, IdPath};
use crate::services::workspaces::{self as service, load};
use crate::state::AppState;
use agentry_core::api::{
    CreateWorkspaceRequest, DeleteWorkspaceRequest, UpdateWorkspaceRequest, Workspace,
};
use agentry_core::{validate, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `POST /api/workspaces {name, slug}` → 201; the creator becomes its owner.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateWorkspaceRequest>,
) -> ApiResult<(StatusCode, Json<Workspace>)> {
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    let slug = validate::slug(&body.slug)?;
    let mut tx = state.db.begin_write().await?;
    let workspace = service::create(&mut tx, principal.user_id, &name, &slug).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %workspace.id, "workspace created");
    Ok((StatusCode::CREATED, Json(workspace)))
}

/// `GET /api/workspaces` → the caller's workspaces.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Vec<Workspace>>> {
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::workspaces::list_for_member(&mut conn, principal.user_id).await?;
    Ok(Json(rows.into_iter().map(|r| r.into_api()).collect()))
}

/// `GET /api/workspaces/{id}`; 404 for non-members.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Workspace>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    Ok(Json(
        load(&mut conn, member.workspace_id, principal.user_id).await?,
    ))
}

/// `PATCH /api/workspaces/{id} {name?, slug?}` (owner/admin).
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<UpdateWorkspaceRequest>,
) -> ApiResult<Json<Workspace>> {
    // Locked: on PostgreSQL two concurrent PATCHes (one of the name, one of the slug) would
    // otherwise each write back the other's stale value.
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let actor = member.edit_workspace()?;
    let current = load(&mut tx, actor.workspace_id, actor.user_id).await?;
    let name = match &body.name {
        Some(n) => validate::name("name", n, validate::NAME_MAX)?,
        None => current.name,
    };
    let slug = match &body.slug {
        Some(s) => validate::slug(s)?,
        None => current.slug,
    };
    let workspace = service::update(&mut tx, &actor, &name, &slug).await?;
    tx.commit().await?;
    Ok(Json(workspace))
}

/// `DELETE /api/workspaces/{id} {confirm_slug}` (owner only) → 204.
pub async fn destroy(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<DeleteWorkspaceRequest>,
) -> ApiResult<StatusCode> {
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let actor = member.delete_workspace()?;
    service::delete(&mut tx, &actor, &body.confirm_slug).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, "workspace deleted");
    Ok(StatusCode::NO_CONTENT)
}
