//! The callers of the agent-facing API (issues, comments, autopilots, the workspace): a person
//! (session or personal token, as everywhere) or a running agent with its task token
//! (`agk_…`), which acts as that agent, in its task's workspace, until the task ends.

use super::principal::bearer;
use super::secret::{self, TASK_TOKEN_PREFIX};
use super::Principal;
use crate::db::{self, now_ms};
use crate::error::ApiError;
use crate::state::AppState;
use agentry_core::agents::Actor;
use agentry_core::{AgentId, TaskId, TaskTokenId, UserId, WorkspaceId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// What a live task token stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskIdentity {
    /// The token's row.
    pub token_id: TaskTokenId,
    /// The run it belongs to.
    pub task_id: TaskId,
    /// The agent it acts as.
    pub agent_id: AgentId,
    /// The only workspace it may act in.
    pub workspace_id: WorkspaceId,
    /// The runtime's owner, whose daemon runs the task.
    pub runner_id: UserId,
    /// The human on whose behalf the run happens (spec §4.4 O2): the task's originator.
    pub originator: Option<UserId>,
}

/// A caller of the agent-facing API.
#[derive(Clone, Debug)]
pub enum WorkCaller {
    /// A person.
    Person(Principal),
    /// A running agent.
    Task(TaskIdentity),
}

impl WorkCaller {
    /// The caller as the invoke gate sees them (spec §4.3 I1, §4.4): a person is themselves;
    /// an agent counts as its task's originator.
    pub fn actor(&self) -> Actor {
        match self {
            WorkCaller::Person(p) => Actor::Member(p.user_id),
            WorkCaller::Task(t) => Actor::Agent {
                agent_id: t.agent_id,
                originator: t.originator,
            },
        }
    }

    /// Refuses a task token outside its own workspace with the same 401 as a dead token, so
    /// a run learns nothing about other workspaces (the rule). A person passes; their
    /// membership is checked by the handler as everywhere.
    pub fn confine(&self, workspace_id: WorkspaceId) -> Result<(), ApiError> {
        match self {
            WorkCaller::Task(t) if t.workspace_id != workspace_id => Err(ApiError::Unauthenticated),
            _ => Ok(()),
        }
    }
}

impl FromRequestParts<AppState> for WorkCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<WorkCaller>() {
            return Ok(caller.clone());
        }
        let caller = match bearer(parts) {
            Some(Ok(token)) if token.starts_with(TASK_TOKEN_PREFIX) => {
                let mut conn = state.db.pool.acquire().await?;
                let identity = db::tasks::token_identity(&mut conn, &secret::hash(token), now_ms())
                    .await?
                    .ok_or(ApiError::Unauthenticated)?;
                WorkCaller::Task(identity)
            }
            _ => WorkCaller::Person(Principal::from_request_parts(parts, state).await?),
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}
