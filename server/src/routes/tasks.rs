//! `/api/tasks`: the runs of agents as people see them (list, detail, transcript) and
//! cancellation. A task is visible to the workspace's members who may view its agent (spec
//! §4.7); anything else, including a task of another workspace, is a 404. Who may cancel is
//! `core`'s `can_cancel_task`.

use crate::access::agents::AgentContext;
use crate::access::Membership;
use crate::auth::Principal;
use crate::db::queue::{self, TaskFilter, TaskRow};
use crate::db::{self, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, WorkspaceHeader};
use crate::services::claim::announce_changed;
use crate::state::AppState;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::api::tasks::{Task, TaskMessage, TaskToolCall};
use agentry_core::work::{can_cancel_task, TaskCanceller, TaskStatus};
use agentry_core::{AgentId, Refusal, TaskId};
use axum::extract::State;
use axum::Json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::str::FromStr;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;
const MAX_MESSAGES: i64 = 1000;
const MAX_TOOL_CALLS: i64 = 500;

/// Whether the member may view agent `id` (the view gate); a missing agent is not viewable.
async fn may_view(
    conn: &mut AnyConnection,
    member: &Membership,
    id: AgentId,
) -> Result<bool, ApiError> {
    match AgentContext::load(conn, member.clone(), id).await {
        Ok(context) => Ok(context.view().is_ok()),
        Err(ApiError::NotFound) => Ok(false),
        Err(err) => Err(err),
    }
}

/// The member and the task, when the task is in the header's workspace and its agent is one
/// the member may view.
async fn visible(
    conn: &mut AnyConnection,
    principal: &Principal,
    workspace: agentry_core::WorkspaceId,
    id: TaskId,
) -> ApiResult<(Membership, TaskRow)> {
    let member = Membership::load(conn, workspace, principal).await?;
    let task = queue::get(conn, id)
        .await?
        .filter(|t| t.workspace_id == member.workspace_id)
        .ok_or(ApiError::NotFound)?;
    if !may_view(conn, &member, task.agent_id).await? {
        return Err(ApiError::NotFound);
    }
    Ok((member, task))
}

fn uuid_param(query: &QueryMap, key: &str) -> ApiResult<Option<uuid::Uuid>> {
    match query.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(raw) => uuid::Uuid::from_str(raw)
            .map(Some)
            .map_err(|_| ApiError::invalid(key, "invalid_id", format!("{key} is not an id"))),
    }
}

/// `GET /api/tasks?agent_id=&issue_id=&chat_session_id=&status=&limit=` → the runs the caller
/// may see, newest first.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    query: QueryMap,
) -> ApiResult<Json<Vec<Task>>> {
    let status = match query
        .0
        .get("status")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(raw) => Some(TaskStatus::parse(raw).ok_or_else(|| {
            ApiError::invalid("status", "invalid_status", "status is not a task status")
        })?),
    };
    let limit = match query.0.get("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::invalid("limit", "out_of_range", "limit must be between 1 and 200")
            })?,
    };
    let filter = TaskFilter {
        agent_id: uuid_param(&query, "agent_id")?.map(AgentId),
        issue_id: uuid_param(&query, "issue_id")?.map(agentry_core::IssueId),
        chat_session_id: uuid_param(&query, "chat_session_id")?.map(agentry_core::ChatSessionId),
        status,
        limit,
    };
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let rows = queue::list(&mut conn, member.workspace_id, &filter).await?;
    let mut viewable: BTreeMap<AgentId, bool> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let see = match viewable.get(&row.agent_id) {
            Some(see) => *see,
            None => {
                let see = may_view(&mut conn, &member, row.agent_id).await?;
                viewable.insert(row.agent_id, see);
                see
            }
        };
        if see {
            out.push(row.into_api());
        }
    }
    Ok(Json(out))
}

/// `GET /api/tasks/{id}` → the task.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Task>> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, task) = visible(&mut conn, &principal, workspace, id).await?;
    Ok(Json(task.into_api()))
}

/// `GET /api/tasks/{id}/messages?after_seq=` → the transcript, in order.
pub async fn messages(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<TaskId>,
    query: QueryMap,
) -> ApiResult<Json<Vec<TaskMessage>>> {
    let after = match query.0.get("after_seq") {
        None => -1,
        Some(raw) => raw.trim().parse::<i64>().map_err(|_| {
            ApiError::invalid("after_seq", "invalid_number", "after_seq must be a number")
        })?,
    };
    let mut conn = state.db.pool.acquire().await?;
    visible(&mut conn, &principal, workspace, id).await?;
    Ok(Json(
        queue::messages(&mut conn, id, after, MAX_MESSAGES).await?,
    ))
}

/// `GET /api/tasks/{id}/tool-calls` → the run's calls to connected apps, oldest first.
pub async fn tool_calls(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Vec<TaskToolCall>>> {
    let mut conn = state.db.pool.acquire().await?;
    visible(&mut conn, &principal, workspace, id).await?;
    Ok(Json(
        db::task_apps::tool_calls(&mut conn, id, MAX_TOOL_CALLS).await?,
    ))
}

/// `POST /api/tasks/{id}/cancel` → the task. A queued or deferred run is cancelled at once; a
/// run a daemon holds gets `cancel_requested_at` and its daemon is told
/// (`daemon:task_cancelled`) to stop it: it becomes `cancelled` at the daemon's cancel-ack,
/// once the process group is gone. Asking again re-sends the event.
pub async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Task>> {
    let (member, agent_owner) = {
        let mut conn = state.db.pool.acquire().await?;
        let (member, task) = visible(&mut conn, &principal, workspace, id).await?;
        let owner = db::agents::get(&mut conn, member.workspace_id, task.agent_id)
            .await?
            .and_then(|a| a.owner_id());
        (member, owner)
    };
    let mut tx = state.db.begin_write().await?;
    let task = queue::get_for_update(&mut tx, state.db.backend, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let role = db::members::role(&mut tx, member.workspace_id, member.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    can_cancel_task(&TaskCanceller {
        user: member.user_id,
        role,
        originator: task.originator_user_id,
        agent_owner,
    })
    .map_err(|denial| ApiError::Refused(Refusal::Cancel(denial)))?;
    let status = task.status();
    if status.is_terminal() {
        return Err(ApiError::Conflict(
            "task_finished",
            format!("the task is already {}", task.status),
        ));
    }
    let now = now_ms();
    match task.runtime_id.filter(|_| status.is_active()) {
        // A daemon holds it: only the daemon can say the process group is gone, so the task
        // stays as it is, marked, until its cancel-ack (or the sweeper, if the daemon is gone).
        Some(runtime_id) => {
            queue::request_cancel(&mut tx, id, now).await?;
            tx.announce(ServerEvent::TaskCancelled {
                workspace_id: task.workspace_id,
                runtime_id,
                task_id: task.id,
            });
        }
        // Queued or deferred (or a runtime that no longer exists): nothing runs it.
        None => {
            queue::mark_cancelled(&mut tx, id, now).await?;
        }
    }
    announce_changed(&mut tx, &task);
    let task = queue::get(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(task.into_api()))
}
