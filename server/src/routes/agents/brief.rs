//! `GET /api/agents/{id}/brief`: the brief preview of the agent page.

use crate::access::agents::AgentContext;
use crate::access::Membership;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{IdPath, WorkspaceHeader};
use crate::services;
use crate::state::AppState;
use agentry_core::api::agents::AgentBriefs;
use agentry_core::AgentId;
use axum::extract::State;
use axum::Json;

/// → the four briefs of [`services::brief::preview`]. Behind the view gate of
/// `GET /api/agents/{id}`, with its answers: outside the workspace 404, a member who may not
/// view the agent the same 403 that reveals nothing. The brief embeds the instructions, which
/// that gate already shows to exactly these people.
pub async fn brief(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<AgentBriefs>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let context = AgentContext::load(&mut conn, member, id).await?.view()?;
    Ok(Json(
        services::brief::preview(&mut conn, &context.agent.row).await?,
    ))
}
