//! `/api/workspaces/{id}/teams`: real teams of workspace members.

use crate::access::Membership;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services::teams as service;
use crate::state::AppState;
use agentry_core::api::{CreateTeamRequest, SetTeamMembersRequest, Team, UpdateTeamRequest};
use agentry_core::{limits, validate, TeamId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `POST /api/workspaces/{id}/teams {name, description?}` → 201 (owner/admin).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<CreateTeamRequest>,
) -> ApiResult<(StatusCode, Json<Team>)> {
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let actor = member.manage_teams()?;
    let name = validate::name("name", &body.name, validate::NAME_MAX)?;
    let description = validate::optional_text(
        "description",
        body.description.as_deref(),
        validate::DESCRIPTION_MAX,
    )?;
    let team = service::create(&mut tx, &actor, &name, description.as_deref()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(team)))
}

/// `GET /api/workspaces/{id}/teams` → every team with its members (any member may read).
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Vec<Team>>> {
    let mut conn = state.db.pool.acquire().await?;
    let actor = Membership::load(&mut conn, id, &principal).await?;
    Ok(Json(db::teams::list(&mut conn, actor.workspace_id).await?))
}

/// `GET /api/workspaces/{id}/teams/{team_id}`.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, team_id)): IdPath<(WorkspaceId, TeamId)>,
) -> ApiResult<Json<Team>> {
    let mut conn = state.db.pool.acquire().await?;
    let actor = Membership::load(&mut conn, id, &principal).await?;
    Ok(Json(
        db::teams::get(&mut conn, actor.workspace_id, team_id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}

/// `PATCH /api/workspaces/{id}/teams/{team_id} {name?, description?}` (owner/admin).
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, team_id)): IdPath<(WorkspaceId, TeamId)>,
    ApiJson(body): ApiJson<UpdateTeamRequest>,
) -> ApiResult<Json<Team>> {
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let actor = member.manage_teams()?;
    let current = service::current(&mut tx, &actor, team_id).await?;
    let name = match &body.name {
        Some(n) => validate::name("name", n, validate::NAME_MAX)?,
        None => current.name,
    };
    let description = match &body.description {
        Some(d) => validate::optional_text("description", Some(d), validate::DESCRIPTION_MAX)?,
        None => current.description,
    };
    let team = service::update(&mut tx, &actor, team_id, &name, description.as_deref()).await?;
    tx.commit().await?;
    Ok(Json(team))
}

/// `DELETE /api/workspaces/{id}/teams/{team_id}` → 204 (owner/admin).
pub async fn destroy(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, team_id)): IdPath<(WorkspaceId, TeamId)>,
) -> ApiResult<StatusCode> {
    // Locked like agent writes, so no agent is granted to the team while it goes.
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let actor = member.manage_teams()?;
    service::delete(&mut tx, &actor, team_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/workspaces/{id}/teams/{team_id}/members {user_ids}` → the team; every id must be a
/// member of the workspace (else 400 naming the first stranger).
pub async fn set_members(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, team_id)): IdPath<(WorkspaceId, TeamId)>,
    ApiJson(body): ApiJson<SetTeamMembersRequest>,
) -> ApiResult<Json<Team>> {
    limits::team_members("user_ids", body.user_ids.len())?;
    // Locked like member removal, so nobody is added to a team while leaving the workspace.
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let actor = member.manage_teams()?;
    let team = service::set_members(&mut tx, &actor, team_id, &body.user_ids).await?;
    tx.commit().await?;
    Ok(Json(team))
}
