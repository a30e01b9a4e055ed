//! Queries on `agent_task_queue` and its satellites `task_messages` and `task_tokens`.

use crate::auth::TaskIdentity;
use agentry_core::{
    AgentId, AutopilotRunId, ChatSessionId, CommentId, IssueId, RuntimeId, TaskId, TaskTokenId,
    UserId, WorkspaceId,
};
use sqlx::AnyConnection;

/// The statuses a task is pending in: a second request for the same (issue, agent) folds
/// into it (the partial unique index `agent_task_queue_one_pending_key` says the same).
pub const PENDING: &str = "('queued', 'dispatched')";

/// A task about to be queued.
#[derive(Debug)]
pub struct NewTask<'a> {
    pub id: TaskId,
    pub workspace_id: WorkspaceId,
    pub agent_id: AgentId,
    pub runtime_id: RuntimeId,
    pub issue_id: Option<IssueId>,
    pub chat_session_id: Option<ChatSessionId>,
    pub autopilot_run_id: Option<AutopilotRunId>,
    pub kind: &'static str,
    pub priority: i64,
    pub trigger_comment_id: Option<CommentId>,
    pub trigger_summary: Option<&'a str>,
    pub handoff_note: Option<&'a str>,
    pub context: Option<&'a str>,
    pub originator_user_id: Option<UserId>,
    pub originator_source: &'static str,
    pub force_fresh_session: bool,
    pub now: i64,
}

/// Inserts a `queued` task.
pub async fn insert_queued(conn: &mut AnyConnection, t: NewTask<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agent_task_queue \
         (id, workspace_id, agent_id, runtime_id, issue_id, chat_session_id, autopilot_run_id, \
          kind, status, priority, trigger_comment_id, trigger_summary, handoff_note, context, \
          originator_user_id, originator_source, force_fresh_session, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11, $12, $13, $14, $15, \
                 $16, $17, $17)",
    )
    .bind(t.id)
    .bind(t.workspace_id)
    .bind(t.agent_id)
    .bind(t.runtime_id)
    .bind(t.issue_id)
    .bind(t.chat_session_id)
    .bind(t.autopilot_run_id)
    .bind(t.kind)
    .bind(t.priority)
    .bind(t.trigger_comment_id)
    .bind(t.trigger_summary)
    .bind(t.handoff_note)
    .bind(t.context)
    .bind(t.originator_user_id)
    .bind(t.originator_source)
    .bind(i64::from(t.force_fresh_session))
    .bind(t.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The pending task of (issue, agent), with its status and trigger comment, if there is one.
pub async fn pending_for(
    conn: &mut AnyConnection,
    issue_id: IssueId,
    agent_id: AgentId,
) -> Result<Option<(TaskId, String, Option<CommentId>)>, sqlx::Error> {
    sqlx::query_as::<_, (TaskId, String, Option<CommentId>)>(&format!(
        "SELECT id, status, trigger_comment_id FROM agent_task_queue \
         WHERE issue_id = $1 AND agent_id = $2 AND status IN {PENDING}"
    ))
    .bind(issue_id)
    .bind(agent_id)
    .fetch_optional(conn)
    .await
}

/// Folds `comment_id` into queued task `id` (spec G.2 path 3): it becomes the trigger and the
/// previous trigger joins `coalesced_comment_ids`. Only while the task is still `queued`;
/// returns whether it was.
pub async fn coalesce_comment(
    conn: &mut AnyConnection,
    id: TaskId,
    comment_id: CommentId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some((previous, coalesced)) = sqlx::query_as::<_, (Option<CommentId>, String)>(
        "SELECT trigger_comment_id, coalesced_comment_ids FROM agent_task_queue \
         WHERE id = $1 AND status = 'queued'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(false);
    };
    let mut ids: Vec<CommentId> = serde_json::from_str(&coalesced).unwrap_or_default();
    if let Some(previous) = previous.filter(|p| *p != comment_id && !ids.contains(p)) {
        ids.push(previous);
    }
    let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned());
    let done = sqlx::query(
        "UPDATE agent_task_queue SET trigger_comment_id = $1, coalesced_comment_ids = $2, \
         updated_at = $3 WHERE id = $4 AND status = 'queued'",
    )
    .bind(comment_id)
    .bind(ids)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new task token's row (only the hash of the secret).
#[derive(Debug)]
pub struct NewTaskToken<'a> {
    pub id: TaskTokenId,
    pub token_hash: &'a str,
    pub task_id: TaskId,
    pub agent_id: AgentId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub expires_at: i64,
    pub now: i64,
}

/// Stores a task token.
pub async fn insert_token(
    conn: &mut AnyConnection,
    t: NewTaskToken<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO task_tokens \
         (id, token_hash, task_id, agent_id, workspace_id, user_id, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(t.id)
    .bind(t.token_hash)
    .bind(t.task_id)
    .bind(t.agent_id)
    .bind(t.workspace_id)
    .bind(t.user_id)
    .bind(t.expires_at)
    .bind(t.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a task token's hash stands for, while it is unexpired and its task has not ended
/// (the terminal trigger deletes the row too; the status check keeps a token dead even in the
/// instant between).
pub async fn token_identity(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<TaskIdentity>, sqlx::Error> {
    let row = sqlx::query_as::<
        _,
        (
            TaskTokenId,
            TaskId,
            AgentId,
            WorkspaceId,
            UserId,
            Option<UserId>,
        ),
    >(
        "SELECT k.id, k.task_id, k.agent_id, k.workspace_id, k.user_id, t.originator_user_id \
         FROM task_tokens k JOIN agent_task_queue t ON t.id = k.task_id \
         WHERE k.token_hash = $1 AND k.expires_at > $2 \
           AND t.status NOT IN ('completed', 'failed', 'cancelled')",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(token_id, task_id, agent_id, workspace_id, runner_id, originator)| TaskIdentity {
            token_id,
            task_id,
            agent_id,
            workspace_id,
            runner_id,
            originator,
        },
    ))
}
