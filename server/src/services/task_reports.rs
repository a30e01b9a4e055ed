//! What happens when a run ends (spec G.5, G.7): completion and failure with their side
//! effects (the chat's answer, the autopilot run's result, the issue's failure comment, the
//! session kept for resume), the automatic retry in the same transaction, and cancellation.
//! The sweeper and `recover-orphans` fail tasks through [`fail_task`] too.

use crate::db::autopilots::RunEnd;
use crate::db::comments::NewComment;
use crate::db::queue::{self, TaskRow};
use crate::db::{self, new_id, Write};
use crate::error::ApiResult;
use crate::services::claim::announce_changed;
use crate::services::task_apps;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::work::{
    redact_secrets, retry_plan, FailureReason, RetryPlan, TaskKind, TaskStatus,
};
use agentry_core::{CommentId, TaskId};

/// How long a `runtime_offline` retry waits before it may be promoted.
const DEFERRED_DELAY_MS: i64 = 1_000;

/// Running → completed, with the side effects. Returns whether it changed anything (a task
/// already finished is left alone: the report is an idempotent no-op).
pub async fn complete_task(
    tx: &mut Write,
    task: &TaskRow,
    result: &str,
    output: &str,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> ApiResult<bool> {
    if !queue::mark_completed(tx, task.id, result, session_id, work_dir, now).await? {
        return Ok(false);
    }
    if let Some(session) = task.chat_session_id {
        insert_chat_answer(tx, task, output, None, now).await?;
        keep_chat_session(tx, session, session_id, work_dir, now).await?;
    }
    if let Some(run) = task.autopilot_run_id {
        db::autopilots::finish_run(tx, run, RunEnd::Completed { result: output }, now).await?;
    }
    announce_changed(tx, task);
    Ok(true)
}

/// A held task (or one in `from`) → failed, with the retry of spec G.7 and, when there is no
/// retry, the failure's side effects. Returns `None` when the task was not in `from` (already
/// finished: nothing to do), else whether a retry was queued.
#[allow(clippy::too_many_arguments)]
pub async fn fail_task(
    tx: &mut Write,
    task: &TaskRow,
    from: &[TaskStatus],
    error: &str,
    reason: &FailureReason,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> ApiResult<Option<bool>> {
    let error = redact_secrets(error);
    if !queue::mark_failed(
        tx,
        task.id,
        from,
        &error,
        reason.as_str(),
        session_id,
        work_dir,
        now,
    )
    .await?
    {
        return Ok(None);
    }
    announce_changed(tx, task);
    let plan = retry_plan(reason, task.kind(), task.attempt, task.max_attempts);
    let slot_free = match task.issue_id {
        Some(issue) => !queue::slot_taken(tx, issue, task.agent_id).await?,
        None => true,
    };
    let retried = plan != RetryPlan::None && slot_free && task.runtime_id.is_some();
    if retried {
        let child = TaskId(new_id());
        let fire_at = (plan == RetryPlan::Deferred).then_some(now + DEFERRED_DELAY_MS);
        queue::insert_retry(tx, task, child, fire_at, now).await?;
        task_apps::attach_by_id(tx, task.workspace_id, task.agent_id, child, now).await?;
        let mut row = task.clone();
        row.id = child;
        announce_changed(tx, &row);
        if fire_at.is_none() {
            if let Some(runtime_id) = task.runtime_id {
                tx.announce(ServerEvent::TaskAvailable {
                    workspace_id: task.workspace_id,
                    runtime_id,
                    task_id: child,
                });
            }
        }
        return Ok(Some(true));
    }
    if let Some(session) = task.chat_session_id {
        insert_chat_answer(tx, task, &error, Some(reason.as_str()), now).await?;
        keep_chat_session(tx, session, session_id, work_dir, now).await?;
    }
    if let Some(run) = task.autopilot_run_id {
        db::autopilots::finish_run(
            tx,
            run,
            RunEnd::Failed {
                reason: reason.as_str(),
            },
            now,
        )
        .await?;
    }
    if let (Some(issue), true) = (task.issue_id, task.kind() == TaskKind::Issue) {
        let text = if error.trim().is_empty() {
            format!("The agent's run failed ({}).", reason.as_str())
        } else {
            format!("The agent's run failed ({}):\n\n{}", reason.as_str(), error)
        };
        db::comments::insert(
            tx,
            &NewComment {
                id: CommentId(new_id()),
                issue_id: issue,
                workspace_id: task.workspace_id,
                author_type: "system",
                author_id: None,
                kind: "system",
                content: &text,
                parent_id: None,
                source_task_id: Some(task.id),
                now,
            },
            &[],
        )
        .await?;
        tx.announce(ServerEvent::IssueChanged {
            workspace_id: task.workspace_id,
            issue_id: issue,
        });
    }
    Ok(Some(false))
}

/// The agent's answer (or its failure) in the chat.
async fn insert_chat_answer(
    tx: &mut Write,
    task: &TaskRow,
    content: &str,
    failure_reason: Option<&str>,
    now: i64,
) -> ApiResult<()> {
    let Some(session) = task.chat_session_id else {
        return Ok(());
    };
    db::chat::insert_agent_message(
        tx,
        session,
        task.agent_id,
        content,
        task.id,
        failure_reason,
        now,
    )
    .await?;
    Ok(())
}

/// Points the chat at the provider session the run reported, for the next turn's resume.
async fn keep_chat_session(
    tx: &mut Write,
    session: agentry_core::ChatSessionId,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> ApiResult<()> {
    if session_id.is_none() && work_dir.is_none() {
        return Ok(());
    }
    db::chat::keep_provider_session(tx, session, session_id, work_dir, now).await?;
    Ok(())
}

/// Reads a task again inside `tx`, locked on PostgreSQL.
pub async fn reload(tx: &mut Write, backend: db::Backend, id: TaskId) -> ApiResult<TaskRow> {
    queue::get_for_update(tx, backend, id)
        .await?
        .ok_or(crate::error::ApiError::NotFound)
}
