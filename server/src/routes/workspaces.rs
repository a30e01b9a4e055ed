//! `/api/workspaces[/{id}]`: create, list, show, rename, delete.

use crate::access::Membership;
use crate::auth::Principal;
use crate::db::{self, new_id, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::state::AppState;
use agentry_core::api::{
    CreateWorkspaceRequest, DeleteWorkspaceRequest, UpdateWorkspaceRequest, Workspace,
};
use agentry_core::{roles, validate, Role, UserId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use sqlx::AnyConnection;

async fn load(conn: &mut AnyConnection, id: WorkspaceId, user_id: UserId) -> ApiResult<Workspace> {
    Ok(db::workspaces::for_member(conn, id, user_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .into_api())
}

/// `POST /api/workspaces {name, slug}` → 201; the creator becomes its owner.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateWorkspaceRequest>,
) -> ApiResult<(StatusCode, Json<Workspace>)> {
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    let slug = validate::slug(&body.slug)?;
    let id = WorkspaceId(new_id());
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    db::workspaces::insert(&mut tx, id, &name, &slug, now).await?;
    db::members::insert(&mut tx, id, principal.user_id, Role::Owner, now).await?;
    let workspace = load(&mut tx, id, principal.user_id).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %id, "workspace created");
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
    member.require(roles::can_edit_workspace(member.role))?;
    let current = load(&mut tx, member.workspace_id, principal.user_id).await?;
    let name = match &body.name {
        Some(n) => validate::name("name", n, validate::NAME_MAX)?,
        None => current.name,
    };
    let slug = match &body.slug {
        Some(s) => validate::slug(s)?,
        None => current.slug,
    };
    db::workspaces::update(&mut tx, member.workspace_id, &name, &slug).await?;
    let workspace = load(&mut tx, member.workspace_id, principal.user_id).await?;
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
    member.require(roles::can_delete_workspace(member.role))?;
    let current = load(&mut tx, member.workspace_id, principal.user_id).await?;
    if body.confirm_slug.trim() != current.slug {
        return Err(ApiError::invalid(
            "confirm_slug",
            "mismatch",
            "confirm_slug must equal the workspace's slug",
        ));
    }
    db::workspaces::delete(&mut tx, member.workspace_id).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %member.workspace_id, "workspace deleted");
    Ok(StatusCode::NO_CONTENT)
}
