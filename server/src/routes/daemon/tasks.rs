//! `/api/daemon/tasks/*`: a daemon claims queued work and reports on it (spec D.2, G.3–G.5).
//! Every task route resolves task → runtime → workspace and asks that the caller reach the
//! workspace and own the runtime; anything else is a 404, so a daemon learns nothing about
//! tasks it does not run.

use crate::auth::DaemonCaller;
use crate::db::queue::{self, TaskRow};
use crate::db::{self, now_ms, Write};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath, StrippedJson};
use crate::services::claim::{self, announce_changed};
use crate::services::task_reports::{complete_task, fail_task, reload};
use crate::state::AppState;
use agentry_core::api::daemon::StatusOk;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::api::tasks::{
    ClaimRequest, ClaimResponse, CompleteRequest, FailRequest, MessagesAccepted, MessagesRequest,
    ProgressRequest, RecoveredOrphans, Task, TaskStatusAnswer,
};
use agentry_core::work::{FailureReason, TaskStatus};
use agentry_core::{validate, RuntimeId, TaskId};
use axum::extract::State;
use axum::Json;
use sqlx::AnyConnection;

/// The most transcript entries one report may carry.
const MAX_MESSAGES: usize = 500;
/// The transcript entry types the table accepts.
const MESSAGE_TYPES: &[&str] = &[
    "text",
    "thinking",
    "tool_use",
    "tool_result",
    "status",
    "error",
    "log",
];

/// `POST /api/daemon/tasks/claim` → `{tasks}`.
pub async fn claim(
    State(state): State<AppState>,
    caller: DaemonCaller,
    ApiJson(body): ApiJson<ClaimRequest>,
) -> ApiResult<Json<ClaimResponse>> {
    let tasks = claim::claim(&state.db, &caller, &body).await?;
    Ok(Json(ClaimResponse { tasks }))
}

/// The task, when the caller's member owns its runtime in a workspace the caller reaches.
async fn authorize(
    conn: &mut AnyConnection,
    caller: &DaemonCaller,
    id: TaskId,
) -> ApiResult<TaskRow> {
    let task = queue::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let runtime_id = task.runtime_id.ok_or(ApiError::NotFound)?;
    authorize_runtime(conn, caller, runtime_id).await?;
    Ok(task)
}

async fn authorize_runtime(
    conn: &mut AnyConnection,
    caller: &DaemonCaller,
    id: RuntimeId,
) -> ApiResult<db::runtimes::RuntimeRow> {
    let runtime = db::runtimes::get(conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    caller
        .access(conn, runtime.workspace_id)
        .await?
        .may_touch(runtime.facts())
        .map_err(|_| ApiError::NotFound)?;
    Ok(runtime)
}

/// What every state-changing report shares: the caller is checked first, then one write
/// transaction reloads the task under lock, lets `step` act on it, and answers the task as the
/// transaction leaves it. A `step` that changes nothing (a resent report) still gets the answer.
async fn in_write<F>(
    state: &AppState,
    caller: &DaemonCaller,
    id: TaskId,
    step: F,
) -> ApiResult<Json<Task>>
where
    F: AsyncFnOnce(&mut Write, TaskRow) -> ApiResult<()>,
{
    {
        let mut conn = state.db.pool.acquire().await?;
        authorize(&mut conn, caller, id).await?;
    }
    let mut tx = state.db.begin_write().await?;
    let task = reload(&mut tx, state.db.backend, id).await?;
    step(&mut tx, task).await?;
    let task = reload(&mut tx, state.db.backend, id).await?;
    tx.commit().await?;
    Ok(Json(task.into_api()))
}

fn bad_state(task: &TaskRow, what: &str) -> ApiError {
    ApiError::InvalidWithCode(
        "invalid_transition",
        validate::ValidationError::new(
            "status",
            "invalid_transition",
            format!("a {} task cannot be {what}", task.status),
        ),
    )
}

/// `POST /api/daemon/tasks/{id}/start` → the task, running. A task someone asked to cancel
/// while it was being prepared is not started: no process exists yet, so it is cancelled here
/// and the daemon told it may not start (400 `invalid_transition`).
pub async fn start(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Task>> {
    {
        let mut conn = state.db.pool.acquire().await?;
        authorize(&mut conn, &caller, id).await?;
    }
    let mut tx = state.db.begin_write().await?;
    let task = reload(&mut tx, state.db.backend, id).await?;
    if task.cancel_requested_at.is_some() {
        if queue::mark_cancelled(&mut tx, id, now_ms()).await? {
            announce_changed(&mut tx, &task);
        }
        tx.commit().await?;
        return Err(bad_state(&task, "started after a cancel"));
    }
    if !queue::mark_running(&mut tx, id, now_ms()).await? {
        return Err(bad_state(&task, "started"));
    }
    announce_changed(&mut tx, &task);
    let task = reload(&mut tx, state.db.backend, id).await?;
    tx.commit().await?;
    Ok(Json(task.into_api()))
}

/// `POST /api/daemon/tasks/{id}/prepare-lease` → the task, its lease renewed.
pub async fn prepare_lease(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Task>> {
    let mut conn = state.db.pool.acquire().await?;
    let task = authorize(&mut conn, &caller, id).await?;
    if !queue::extend_lease(&mut conn, id, now_ms()).await? {
        return Err(bad_state(&task, "leased"));
    }
    let task = queue::get(&mut conn, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(task.into_api()))
}

/// `GET /api/daemon/tasks/{id}/status` → `{status, cancel_requested}`.
pub async fn status(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<TaskStatusAnswer>> {
    let mut conn = state.db.pool.acquire().await?;
    let task = authorize(&mut conn, &caller, id).await?;
    Ok(Json(TaskStatusAnswer {
        status: task.status(),
        cancel_requested: task.cancel_requested_at.is_some(),
    }))
}

/// `POST /api/daemon/tasks/{id}/messages` → `{inserted}`.
pub async fn messages(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
    StrippedJson(body): StrippedJson<MessagesRequest>,
) -> ApiResult<Json<MessagesAccepted>> {
    validate::at_most_items("messages", body.messages.len(), MAX_MESSAGES)?;
    for (i, m) in body.messages.iter().enumerate() {
        if !MESSAGE_TYPES.contains(&m.kind.as_str()) {
            return Err(ApiError::invalid(
                &format!("messages[{i}].type"),
                "invalid_type",
                format!("type must be one of {}", MESSAGE_TYPES.join(", ")),
            ));
        }
        if m.seq < 0 {
            return Err(ApiError::invalid(
                &format!("messages[{i}].seq"),
                "out_of_range",
                "seq must not be negative",
            ));
        }
    }
    let task = {
        let mut conn = state.db.pool.acquire().await?;
        authorize(&mut conn, &caller, id).await?
    };
    let mut tx = state.db.begin_write().await?;
    let inserted = queue::insert_messages(&mut tx, id, &body.messages, now_ms()).await?;
    if inserted > 0 {
        announce_changed(&mut tx, &task);
    }
    tx.commit().await?;
    Ok(Json(MessagesAccepted { inserted }))
}

/// `POST /api/daemon/tasks/{id}/progress` → `{"status":"ok"}`; pages hear `task:changed`.
pub async fn progress(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
    ApiJson(_body): ApiJson<ProgressRequest>,
) -> ApiResult<Json<StatusOk>> {
    let mut conn = state.db.pool.acquire().await?;
    let task = authorize(&mut conn, &caller, id).await?;
    state.db.announce_committed(ServerEvent::TaskChanged {
        workspace_id: task.workspace_id,
        task_id: task.id,
        issue_id: task.issue_id,
        chat_session_id: task.chat_session_id,
    });
    Ok(Json(StatusOk {
        status: "ok".into(),
    }))
}

/// `POST /api/daemon/tasks/{id}/complete` → the task. From running only; a finished task is
/// answered as it is (the daemon may resend); any other state is a 400.
pub async fn complete(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
    StrippedJson(body): StrippedJson<CompleteRequest>,
) -> ApiResult<Json<Task>> {
    in_write(&state, &caller, id, async |tx, task| {
        let status = task.status();
        if status.is_terminal() {
            return Ok(());
        }
        if status != TaskStatus::Running {
            return Err(bad_state(&task, "completed"));
        }
        let result = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
        complete_task(
            tx,
            &task,
            &result,
            &body.output,
            blank_none(&body.session_id),
            blank_none(&body.work_dir),
            now_ms(),
        )
        .await?;
        Ok(())
    })
    .await
}

/// `POST /api/daemon/tasks/{id}/fail` → the task (the failed one; a retry is a new task).
pub async fn fail(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
    StrippedJson(body): StrippedJson<FailRequest>,
) -> ApiResult<Json<Task>> {
    in_write(&state, &caller, id, async |tx, task| {
        let status = task.status();
        if status.is_terminal() {
            return Ok(());
        }
        if !status.is_active() {
            return Err(bad_state(&task, "failed"));
        }
        let reason = FailureReason::parse(body.failure_reason.as_deref());
        fail_task(
            tx,
            &task,
            &TaskStatus::ACTIVE,
            &body.error,
            &reason,
            blank_none(&body.session_id),
            blank_none(&body.work_dir),
            now_ms(),
        )
        .await?;
        Ok(())
    })
    .await
}

/// `POST /api/daemon/tasks/{id}/cancel-ack` → the task, cancelled if it was asked to stop.
pub async fn cancel_ack(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<TaskId>,
) -> ApiResult<Json<Task>> {
    in_write(&state, &caller, id, async |tx, task| {
        if task.cancel_requested_at.is_some() && queue::mark_cancelled(tx, id, now_ms()).await? {
            announce_changed(tx, &task);
        }
        Ok(())
    })
    .await
}

/// `POST /api/daemon/runtimes/{id}/recover-orphans` → `{orphaned, retried}`: after a daemon
/// restart, the tasks it held on the runtime are failed (`runtime_recovery`), retried when
/// they qualify; one with a cancel request is cancelled instead.
pub async fn recover_orphans(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<RuntimeId>,
) -> ApiResult<Json<RecoveredOrphans>> {
    {
        let mut conn = state.db.pool.acquire().await?;
        authorize_runtime(&mut conn, &caller, id).await?;
    }
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let held = queue::held_on_runtime(&mut tx, id).await?;
    let reason = FailureReason::parse(Some(FailureReason::RUNTIME_RECOVERY));
    let (mut orphaned, mut retried) = (0, 0);
    for task in held {
        // A run someone asked to stop is not retried: the restart ended its process group.
        if task.cancel_requested_at.is_some() {
            if queue::mark_cancelled(&mut tx, task.id, now).await? {
                announce_changed(&mut tx, &task);
                orphaned += 1;
            }
            continue;
        }
        if let Some(again) = fail_task(
            &mut tx,
            &task,
            &TaskStatus::ACTIVE,
            "the daemon restarted and no longer runs this task",
            &reason,
            None,
            None,
            now,
        )
        .await?
        {
            orphaned += 1;
            retried += u64::from(again);
        }
    }
    tx.commit().await?;
    Ok(Json(RecoveredOrphans { orphaned, retried }))
}

fn blank_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}
