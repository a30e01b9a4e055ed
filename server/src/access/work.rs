//! Who calls the work API and in which workspace: a member of the workspace named by
//! `X-Workspace-ID` (404 for anyone else, as everywhere), or a running agent's task token in
//! its own workspace (the header may be left out; another workspace is the 401 of a dead
//! token). Issues are shared in a workspace: every member, and every run in it, may read,
//! create, edit and comment on all of them.

use crate::auth::WorkCaller;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use agentry_core::agents::Actor;
use agentry_core::{AgentId, TaskId, WorkspaceId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use uuid::Uuid;

/// Proof that the caller may work in the workspace.
#[derive(Clone, Debug)]
pub struct WorkScope {
    /// The workspace.
    pub workspace_id: WorkspaceId,
    /// The caller.
    pub caller: WorkCaller,
}

impl WorkScope {
    /// The caller as the invoke gate sees them.
    pub fn actor(&self) -> Actor {
        self.caller.actor()
    }

    /// What is stored as the author or creator: `("member", user)` or `("agent", agent)`.
    pub fn author(&self) -> (&'static str, Uuid) {
        match &self.caller {
            WorkCaller::Person(p) => ("member", p.user_id.0),
            WorkCaller::Task(t) => ("agent", t.agent_id.0),
        }
    }

    /// The agent making the call, for a task token.
    pub fn acting_agent(&self) -> Option<AgentId> {
        match &self.caller {
            WorkCaller::Task(t) => Some(t.agent_id),
            WorkCaller::Person(_) => None,
        }
    }

    /// The run making the call, for a task token.
    pub fn task(&self) -> Option<TaskId> {
        match &self.caller {
            WorkCaller::Task(t) => Some(t.task_id),
            WorkCaller::Person(_) => None,
        }
    }
}

impl FromRequestParts<AppState> for WorkScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = WorkCaller::from_request_parts(parts, state).await?;
        let named = match parts.headers.get("x-workspace-id") {
            Some(value) => {
                let raw = value.to_str().map_err(|_| ApiError::NotFound)?;
                let id = Uuid::parse_str(raw.trim()).map_err(|_| ApiError::NotFound)?;
                Some(WorkspaceId(id))
            }
            None => None,
        };
        let workspace_id = match (&caller, named) {
            (_, Some(id)) => id,
            (WorkCaller::Task(t), None) => t.workspace_id,
            (WorkCaller::Person(_), None) => {
                return Err(ApiError::invalid(
                    "X-Workspace-ID",
                    "required",
                    "the X-Workspace-ID header is required",
                ))
            }
        };
        match &caller {
            WorkCaller::Task(_) => caller.confine(workspace_id)?,
            WorkCaller::Person(p) => {
                let mut conn = state.db.pool.acquire().await?;
                db::members::role(&mut conn, workspace_id, p.user_id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
            }
        }
        Ok(WorkScope {
            workspace_id,
            caller,
        })
    }
}
