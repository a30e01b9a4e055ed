//! `GET /api/workspace/assignees`: the members and the agents a caller may name on an issue,
//! for the web app's pickers and the CLI's `--assignee <name>`. Agents are filtered by the
//! invoke gate, the same rule the server applies when the assignment is saved.

use crate::access::work::WorkScope;
use crate::db::{self, agents::ListScope};
use crate::error::ApiResult;
use crate::services::enqueue::InvokerFacts;
use crate::state::AppState;
use agentry_core::agents::can_invoke;
use agentry_core::api::issues::{AssignableAgent, AssignableMember, Assignees};
use axum::extract::State;
use axum::Json;

/// Every member by name, and the unarchived agents the caller may run, by name.
pub async fn list(State(state): State<AppState>, scope: WorkScope) -> ApiResult<Json<Assignees>> {
    let mut conn = state.db.pool.acquire().await?;
    let members = db::members::list(&mut conn, scope.workspace_id).await?;
    let agents = db::agents::list(&mut conn, scope.workspace_id, ListScope::All, false).await?;
    let facts = InvokerFacts::load(&mut conn, scope.workspace_id, scope.actor()).await?;
    let caller = facts.caller();
    let mut members: Vec<AssignableMember> = members
        .into_iter()
        .map(|m| AssignableMember {
            id: m.user_id,
            name: m.name,
            email: m.email,
        })
        .collect();
    members.sort_by_key(|m| m.name.to_lowercase());
    let agents = agents
        .into_iter()
        .filter(|a| can_invoke(&a.access(), &caller).allowed)
        .map(|a| AssignableAgent {
            id: a.row.id,
            name: a.row.name,
            has_runtime: a.row.runtime_id.is_some(),
        })
        .collect();
    Ok(Json(Assignees { members, agents }))
}
