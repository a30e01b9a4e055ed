//! `/api/agents/{id}/permissions`, `/access/explain` and `/activity`: what the caller may do,
//! why a given person may or may not run the agent, and the audit log.

use crate::access::agents::AgentContext;
use crate::access::Membership;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, WorkspaceHeader};
use crate::state::AppState;
use agentry_core::agents::{agent_permissions, explain_invoke};
use agentry_core::api::agents::{
    AccessExplanation, AccessExplanations, AgentActivity, AgentPermissions, AuditAction,
    MemberExplanation,
};
use agentry_core::apps::may_see_apps;
use agentry_core::{AgentId, Role, TeamId, UserId};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;

/// `GET /api/agents/{id}/permissions` → the caller's four verdicts, computed by
/// `core::agent_permissions`. A member who may not view the agent gets the same 403 as on
/// `GET /api/agents/{id}`: every verdict would be a refusal, and the reasons would reveal the
/// agent's mode (spec §8.8).
pub async fn permissions(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<AgentPermissions>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let context = AgentContext::load(&mut conn, member, id).await?.view()?;
    let gates = agent_permissions(&context.agent.access(), &context.caller());
    Ok(Json(AgentPermissions::from(gates)))
}

/// `GET /api/agents/{id}/access/explain?user_id=…` → whether that person may run the agent,
/// why, and which target admits them; without `user_id` → [`AccessExplanations`], every
/// member's verdict from two queries (members, team memberships) whoever joined or left
/// meanwhile. For the agent's owner and workspace owners and admins (the manage gate's
/// people, `core::agents::can_explain_access`), else 403. `user_id` not a UUID → 400; a person
/// who is not a member of the workspace (or does not exist) → 404, like any other outsider.
pub async fn explain(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
    query: QueryMap,
) -> ApiResult<Response> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let context = AgentContext::load(&mut conn, member, id).await?.manage()?;
    let workspace_id = context.member.workspace_id;
    let Some(raw) = query.0.get("user_id") else {
        let members = db::members::list(&mut conn, workspace_id).await?;
        let mut teams: HashMap<UserId, Vec<TeamId>> = HashMap::new();
        for (user, team) in db::teams::memberships(&mut conn, workspace_id).await? {
            teams.entry(user).or_default().push(team);
        }
        let access = context.agent.access();
        let members = members
            .into_iter()
            .map(|row| {
                let role = Role::parse(&row.role);
                let teams = teams.get(&row.user_id).map_or(&[][..], Vec::as_slice);
                let explanation = explain_invoke(&access, row.user_id, role, teams);
                MemberExplanation::new(explanation.into(), row.name, row.email)
            })
            .collect();
        return Ok(Json(AccessExplanations { members }).into_response());
    };
    let user = UserId::parse(raw).ok_or_else(|| {
        ApiError::invalid("user_id", "invalid", "user_id must be a user's id (a UUID)")
    })?;
    let role = db::members::role(&mut conn, workspace_id, user)
        .await?
        .ok_or(ApiError::NotFound)?;
    let teams = db::teams::of_user(&mut conn, workspace_id, user).await?;
    let answer = explain_invoke(&context.agent.access(), user, Some(role), &teams);
    Ok(Json(AccessExplanation::from(answer)).into_response())
}

/// `GET /api/agents/{id}/activity` → the agent's audit events, newest first (manage gate).
/// An `apps_changed` entry says what changed only to the owner, while connected apps are on:
/// for workspace owners and admins its `before` and `after` are `null` (spec §4.10 RD5).
pub async fn activity(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<Vec<AgentActivity>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let context = AgentContext::load(&mut conn, member, id).await?.manage()?;
    let mut events = db::audit::for_agent(&mut conn, context.agent.row.id).await?;
    let sees_apps = context
        .agent
        .owner_id()
        .is_some_and(|owner| may_see_apps(Some(context.user()), owner, state.composio.is_some()));
    if !sees_apps {
        for event in &mut events {
            if event.action == AuditAction::AppsChanged {
                event.before = None;
                event.after = None;
            }
        }
    }
    Ok(Json(events))
}
