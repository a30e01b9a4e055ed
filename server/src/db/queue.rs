//! Queries of a queued task's life after enqueue: claim (spec G.3), the daemon's reports
//! (G.5), retries (G.7), cancellation, the sweeper's passes (G.6) and the transcript. The
//! enqueue side lives in [`super::tasks`].

use super::{rfc3339, Backend};
use agentry_core::api::tasks::{Task, TaskMessage, TaskMessageInput};
use agentry_core::work::{TaskKind, TaskStatus, Transition};
use agentry_core::{
    AgentId, AutopilotRunId, ChatSessionId, CommentId, IssueId, RuntimeId, TaskId, UserId,
    WorkspaceId,
};
use serde_json::Value;
use sqlx::{AnyConnection, FromRow};

/// The statuses a daemon holds a task in (they count against the agent's capacity).
pub const ACTIVE: &str = "('dispatched', 'running', 'waiting_local_directory')";
/// The statuses nothing changes any more.
pub const TERMINAL: &str = "('completed', 'failed', 'cancelled')";

/// `UPDATE agent_task_queue SET status = <target>, {set} WHERE id = ${id_param} AND status IN
/// (<sources>)`: the status guard comes from core's G.1 table, so no query allows an edge the
/// state machine lacks, and `rows_affected` says whether the task was in a state to take it.
fn transition_sql(transition: Transition, set: &str, id_param: usize) -> String {
    let sources: Vec<String> = transition
        .sources()
        .into_iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "UPDATE agent_task_queue SET status = '{}', {set} WHERE id = ${id_param} \
         AND status IN ({})",
        transition.target().as_str(),
        sources.join(", ")
    )
}
/// The claim-to-start lease, renewed by the daemon.
pub const LEASE_MS: i64 = 45_000;

/// An `agent_task_queue` row.
#[derive(Clone, Debug, FromRow)]
pub struct TaskRow {
    pub id: TaskId,
    pub workspace_id: WorkspaceId,
    pub agent_id: AgentId,
    pub runtime_id: Option<RuntimeId>,
    pub issue_id: Option<IssueId>,
    pub chat_session_id: Option<ChatSessionId>,
    pub autopilot_run_id: Option<AutopilotRunId>,
    pub kind: String,
    pub status: String,
    pub priority: i64,
    pub daemon_id: Option<String>,
    pub dispatched_at: Option<i64>,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub prepare_lease_expires_at: Option<i64>,
    pub cancel_requested_at: Option<i64>,
    pub result: Option<String>,
    pub error: Option<String>,
    pub failure_reason: Option<String>,
    pub session_id: Option<String>,
    pub work_dir: Option<String>,
    pub trigger_comment_id: Option<CommentId>,
    pub coalesced_comment_ids: String,
    pub trigger_summary: Option<String>,
    pub attempt: i64,
    pub max_attempts: i64,
    pub parent_task_id: Option<TaskId>,
    pub force_fresh_session: i64,
    pub handoff_note: Option<String>,
    pub fire_at: Option<i64>,
    pub context: Option<String>,
    pub originator_user_id: Option<UserId>,
    pub originator_source: String,
    pub runtime_mcp_overlay: Option<String>,
    pub runtime_connected_apps: Option<String>,
    pub brief_hash: Option<String>,
    pub turn_prompt: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, workspace_id, agent_id, runtime_id, issue_id, chat_session_id, \
    autopilot_run_id, kind, status, priority, daemon_id, dispatched_at, started_at, completed_at, \
    prepare_lease_expires_at, cancel_requested_at, result, error, failure_reason, session_id, \
    work_dir, trigger_comment_id, coalesced_comment_ids, trigger_summary, attempt, max_attempts, \
    parent_task_id, force_fresh_session, handoff_note, fire_at, context, originator_user_id, \
    originator_source, runtime_mcp_overlay, runtime_connected_apps, brief_hash, turn_prompt, \
    created_at, updated_at";

impl TaskRow {
    /// The stored status; an unknown one reads as failed (nothing acts on it).
    pub fn status(&self) -> TaskStatus {
        TaskStatus::parse(&self.status).unwrap_or(TaskStatus::Failed)
    }

    /// The stored kind; an unknown one reads as an issue run.
    pub fn kind(&self) -> TaskKind {
        TaskKind::parse(&self.kind).unwrap_or(TaskKind::Issue)
    }

    /// The folded-in comments.
    pub fn coalesced(&self) -> Vec<CommentId> {
        serde_json::from_str(&self.coalesced_comment_ids).unwrap_or_default()
    }

    /// The API form.
    pub fn into_api(self) -> Task {
        Task {
            kind: self.kind(),
            status: self.status(),
            id: self.id,
            workspace_id: self.workspace_id,
            agent_id: self.agent_id,
            runtime_id: self.runtime_id,
            issue_id: self.issue_id,
            chat_session_id: self.chat_session_id,
            autopilot_run_id: self.autopilot_run_id,
            priority: self.priority,
            attempt: self.attempt,
            max_attempts: self.max_attempts,
            parent_task_id: self.parent_task_id,
            failure_reason: self.failure_reason,
            error: self.error,
            result: self
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str::<Value>(r).ok()),
            originator_user_id: self.originator_user_id,
            originator_source: self.originator_source,
            trigger_comment_id: self.trigger_comment_id,
            trigger_summary: self.trigger_summary,
            brief_hash: self.brief_hash,
            turn_prompt: self.turn_prompt,
            created_at: rfc3339(self.created_at),
            dispatched_at: self.dispatched_at.map(rfc3339),
            started_at: self.started_at.map(rfc3339),
            completed_at: self.completed_at.map(rfc3339),
            cancel_requested_at: self.cancel_requested_at.map(rfc3339),
            fire_at: self.fire_at.map(rfc3339),
        }
    }
}

/// One task, in any workspace (the caller checks access).
pub async fn get(conn: &mut AnyConnection, id: TaskId) -> Result<Option<TaskRow>, sqlx::Error> {
    sqlx::query_as::<_, TaskRow>(&format!(
        "SELECT {COLUMNS} FROM agent_task_queue WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// One task, locked for the rest of the transaction on PostgreSQL (SQLite's write
/// transaction already holds the database's write lock).
pub async fn get_for_update(
    conn: &mut AnyConnection,
    backend: Backend,
    id: TaskId,
) -> Result<Option<TaskRow>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    sqlx::query_as::<_, TaskRow>(&format!(
        "SELECT {COLUMNS} FROM agent_task_queue WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The filters of the task list.
#[derive(Debug, Default)]
pub struct TaskFilter {
    pub agent_id: Option<AgentId>,
    pub issue_id: Option<IssueId>,
    pub chat_session_id: Option<ChatSessionId>,
    pub status: Option<TaskStatus>,
    pub limit: i64,
}

/// The workspace's tasks matching `filter`, newest first.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    filter: &TaskFilter,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} FROM agent_task_queue WHERE workspace_id = $1");
    let mut n = 1;
    let mut next = |column: &str, sql: &mut String| {
        n += 1;
        sql.push_str(&format!(" AND {column} = ${n}"));
    };
    if filter.agent_id.is_some() {
        next("agent_id", &mut sql);
    }
    if filter.issue_id.is_some() {
        next("issue_id", &mut sql);
    }
    if filter.chat_session_id.is_some() {
        next("chat_session_id", &mut sql);
    }
    if filter.status.is_some() {
        next("status", &mut sql);
    }
    sql.push_str(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {}",
        filter.limit
    ));
    let mut query = sqlx::query_as::<_, TaskRow>(&sql).bind(workspace_id);
    if let Some(id) = filter.agent_id {
        query = query.bind(id);
    }
    if let Some(id) = filter.issue_id {
        query = query.bind(id);
    }
    if let Some(id) = filter.chat_session_id {
        query = query.bind(id);
    }
    if let Some(status) = filter.status {
        query = query.bind(status.as_str());
    }
    query.fetch_all(conn).await
}

/// Queued tasks of `runtime_id` in claim order (priority, then age, then id), at most
/// `limit`, skipping agents that are archived or already hold as many tasks as they may (an
/// unlocked pre-read, so a full agent's backlog cannot hide the work of others behind it; the
/// claim counts again under the agent's lock). The room check is a pair of correlated scalar
/// subqueries so that it runs only for the rows the ordered scan reaches, not for every agent. On PostgreSQL the rows are locked `SKIP
/// LOCKED`: a row another claimer is taking is passed over instead of waited for.
pub async fn claim_candidates(
    conn: &mut AnyConnection,
    backend: Backend,
    runtime_id: RuntimeId,
    limit: i64,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    sqlx::query_as::<_, TaskRow>(&format!(
        "SELECT {COLUMNS} FROM agent_task_queue q WHERE q.runtime_id = $1 \
         AND q.status = 'queued' \
         AND (SELECT a.max_concurrent_tasks FROM agents a \
              WHERE a.id = q.agent_id AND a.archived_at IS NULL) \
           > (SELECT COUNT(*) FROM agent_task_queue h \
              WHERE h.agent_id = q.agent_id AND h.status IN {ACTIVE}) \
         ORDER BY q.priority DESC, q.created_at ASC, q.id ASC LIMIT {limit}{lock}"
    ))
    .bind(runtime_id)
    .fetch_all(conn)
    .await
}

/// Locks agent `id` for the rest of the transaction and returns its `max_concurrent_tasks`,
/// or `None` when it is archived or gone (its queued work waits) or, on PostgreSQL, when
/// another transaction holds it: that claimer is dispatching the agent's tasks, so this one
/// passes them over rather than wait (no claimer ever waits on another, so none can deadlock).
/// SQLite's write lock already serialises claims.
pub async fn lock_agent_capacity(
    conn: &mut AnyConnection,
    backend: Backend,
    id: AgentId,
) -> Result<Option<i64>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let row = sqlx::query_as::<_, (i64, Option<i64>)>(&format!(
        "SELECT max_concurrent_tasks, archived_at FROM agents WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(max, archived)| archived.is_none().then_some(max)))
}

/// How many tasks of the agent a daemon holds.
pub async fn active_count(conn: &mut AnyConnection, agent_id: AgentId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM agent_task_queue WHERE agent_id = $1 AND status IN {ACTIVE}"
    ))
    .bind(agent_id)
    .fetch_one(conn)
    .await
}

/// G.3's serialisation: whether the agent already has a held task on the same issue, the
/// same chat session, or (for a quick-create) another quick-create.
pub async fn conversation_busy(
    conn: &mut AnyConnection,
    task: &TaskRow,
) -> Result<bool, sqlx::Error> {
    let (clause, bind): (&str, Option<String>) = match task.kind() {
        TaskKind::Issue => match task.issue_id {
            Some(id) => ("issue_id = $2", Some(id.to_string())),
            None => return Ok(false),
        },
        TaskKind::Chat => match task.chat_session_id {
            Some(id) => ("chat_session_id = $2", Some(id.to_string())),
            None => return Ok(false),
        },
        TaskKind::QuickCreate => ("kind = 'quick_create'", None),
        TaskKind::Autopilot => return Ok(false),
    };
    let sql = format!(
        "SELECT COUNT(*) FROM agent_task_queue WHERE agent_id = $1 AND status IN {ACTIVE} \
         AND {clause}"
    );
    let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(task.agent_id);
    if let Some(bind) = bind {
        query = query.bind(bind);
    }
    Ok(query.fetch_one(conn).await? > 0)
}

/// Queued → dispatched for `daemon_id`, with the claim lease; whether it was still queued.
pub async fn mark_dispatched(
    conn: &mut AnyConnection,
    id: TaskId,
    daemon_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&transition_sql(
        Transition::Claim,
        "dispatched_at = $1, daemon_id = $2, prepare_lease_expires_at = $3, updated_at = $1",
        4,
    ))
    .bind(now)
    .bind(daemon_id)
    .bind(now + LEASE_MS)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records what the run was told.
pub async fn set_brief(
    conn: &mut AnyConnection,
    id: TaskId,
    brief_hash: &str,
    turn_prompt: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agent_task_queue SET brief_hash = $1, turn_prompt = $2 WHERE id = $3")
        .bind(brief_hash)
        .bind(turn_prompt)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Dispatched or waiting → running: started now, no wait reason, no lease.
pub async fn mark_running(
    conn: &mut AnyConnection,
    id: TaskId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&transition_sql(
        Transition::Start,
        "started_at = $1, wait_reason = NULL, prepare_lease_expires_at = NULL, updated_at = $1",
        2,
    ))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Renews the claim lease of a dispatched or waiting task.
pub async fn extend_lease(
    conn: &mut AnyConnection,
    id: TaskId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE agent_task_queue SET prepare_lease_expires_at = $1, updated_at = $2 \
         WHERE id = $3 AND status IN ('dispatched', 'waiting_local_directory')",
    )
    .bind(now + LEASE_MS)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Running → completed with the report; the session is kept for the next resume.
pub async fn mark_completed(
    conn: &mut AnyConnection,
    id: TaskId,
    result: &str,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&transition_sql(
        Transition::Complete,
        "result = $1, session_id = COALESCE($2, session_id), work_dir = COALESCE($3, work_dir), \
         completed_at = $4, prepare_lease_expires_at = NULL, updated_at = $4",
        5,
    ))
    .bind(result)
    .bind(session_id)
    .bind(work_dir)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A held (or, for the sweeper, queued or deferred) task → failed. An earlier pinned session
/// is kept (COALESCE).
#[allow(clippy::too_many_arguments)]
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: TaskId,
    from: &[TaskStatus],
    error: &str,
    reason: &str,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let done = sqlx::query(&format!(
        "UPDATE agent_task_queue SET status = 'failed', error = $1, failure_reason = $2, \
         session_id = COALESCE(session_id, $3), work_dir = COALESCE(work_dir, $4), \
         completed_at = $5, prepare_lease_expires_at = NULL, updated_at = $5 \
         WHERE id = $6 AND status IN ({})",
        from.join(", ")
    ))
    .bind(error)
    .bind(reason)
    .bind(session_id)
    .bind(work_dir)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Any non-terminal task → cancelled.
pub async fn mark_cancelled(
    conn: &mut AnyConnection,
    id: TaskId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&transition_sql(
        Transition::Cancel,
        "cancel_requested_at = COALESCE(cancel_requested_at, $1), completed_at = $1, \
         prepare_lease_expires_at = NULL, updated_at = $1",
        2,
    ))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The retry of a failed task (spec G.7): the same agent, runtime and links, one attempt
/// later, the originator inherited; `fire_at` set means it waits `deferred`.
pub async fn insert_retry(
    conn: &mut AnyConnection,
    parent: &TaskRow,
    id: TaskId,
    fire_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let status = if fire_at.is_some() {
        "deferred"
    } else {
        "queued"
    };
    sqlx::query(
        "INSERT INTO agent_task_queue \
         (id, workspace_id, agent_id, runtime_id, issue_id, chat_session_id, autopilot_run_id, \
          kind, status, priority, trigger_comment_id, coalesced_comment_ids, trigger_summary, \
          attempt, max_attempts, parent_task_id, handoff_note, fire_at, context, \
          originator_user_id, originator_source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                 $18, $19, $20, 'retry', $21, $21)",
    )
    .bind(id)
    .bind(parent.workspace_id)
    .bind(parent.agent_id)
    .bind(parent.runtime_id)
    .bind(parent.issue_id)
    .bind(parent.chat_session_id)
    .bind(parent.autopilot_run_id)
    .bind(&parent.kind)
    .bind(status)
    .bind(parent.priority)
    .bind(parent.trigger_comment_id)
    .bind(&parent.coalesced_comment_ids)
    .bind(&parent.trigger_summary)
    .bind(parent.attempt + 1)
    .bind(parent.max_attempts)
    .bind(parent.id)
    .bind(&parent.handoff_note)
    .bind(fire_at)
    .bind(&parent.context)
    .bind(parent.originator_user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether (issue, agent) already has a pending run (the one-pending slot).
pub async fn slot_taken(
    conn: &mut AnyConnection,
    issue_id: IssueId,
    agent_id: AgentId,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM agent_task_queue WHERE issue_id = $1 AND agent_id = $2 \
         AND status IN {}",
        super::tasks::PENDING
    ))
    .bind(issue_id)
    .bind(agent_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Stores transcript entries; a `(task, seq)` already stored is left as it is. Returns how
/// many were new.
pub async fn insert_messages(
    conn: &mut AnyConnection,
    task_id: TaskId,
    messages: &[TaskMessageInput],
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut inserted = 0;
    for m in messages {
        let text = |v: &Option<Value>| {
            v.as_ref().map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        let done = sqlx::query(
            "INSERT INTO task_messages (task_id, seq, type, tool, content, input, output, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (task_id, seq) DO NOTHING",
        )
        .bind(task_id)
        .bind(m.seq)
        .bind(&m.kind)
        .bind(&m.tool)
        .bind(&m.content)
        .bind(text(&m.input))
        .bind(text(&m.output))
        .bind(now)
        .execute(&mut *conn)
        .await?;
        inserted += done.rows_affected();
    }
    Ok(inserted)
}

/// The transcript after `after_seq`, in order, at most `limit` entries.
pub async fn messages(
    conn: &mut AnyConnection,
    task_id: TaskId,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<TaskMessage>, sqlx::Error> {
    type Row = (
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows = sqlx::query_as::<_, Row>(&format!(
        "SELECT seq, type, tool, content, input, output, created_at FROM task_messages \
         WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT {limit}"
    ))
    .bind(task_id)
    .bind(after_seq)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, kind, tool, content, input, output, created_at)| TaskMessage {
                seq,
                kind,
                tool,
                content,
                input,
                output,
                created_at: rfc3339(created_at),
            },
        )
        .collect())
}

/// Marks a cancel request on a held task (the daemon is told to stop it).
pub async fn request_cancel(
    conn: &mut AnyConnection,
    id: TaskId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE agent_task_queue SET cancel_requested_at = COALESCE(cancel_requested_at, $1), \
             updated_at = $1 WHERE id = $2 AND status IN {ACTIVE}"
    ))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tasks in `statuses` matching an extra condition, oldest first, at most `limit` (the
/// sweeper's passes; `condition` is static SQL over the task row `t` and the runtime row `r`,
/// with `$1` bound to `bound`).
pub async fn sweep_candidates(
    conn: &mut AnyConnection,
    statuses: &str,
    condition: &str,
    bound: i64,
    limit: i64,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    let columns: Vec<String> = COLUMNS
        .split(',')
        .map(|c| format!("t.{}", c.trim()))
        .collect();
    sqlx::query_as::<_, TaskRow>(&format!(
        "SELECT {} FROM agent_task_queue t LEFT JOIN agent_runtimes r ON r.id = t.runtime_id \
         WHERE t.status IN {statuses} AND ({condition}) ORDER BY t.created_at, t.id LIMIT {limit}",
        columns.join(", ")
    ))
    .bind(bound)
    .fetch_all(conn)
    .await
}

/// Re-delivers a stale dispatched task to its daemon: a fresh dispatch time and lease.
pub async fn redeliver(
    conn: &mut AnyConnection,
    id: TaskId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE agent_task_queue SET dispatched_at = $1, prepare_lease_expires_at = $2, \
         updated_at = $1 WHERE id = $3 AND status = 'dispatched'",
    )
    .bind(now)
    .bind(now + LEASE_MS)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deferred → queued.
pub async fn promote(conn: &mut AnyConnection, id: TaskId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&transition_sql(
        Transition::Promote,
        "fire_at = NULL, updated_at = $1",
        2,
    ))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The tasks a daemon holds on `runtime_id`.
pub async fn held_on_runtime(
    conn: &mut AnyConnection,
    runtime_id: RuntimeId,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    sqlx::query_as::<_, TaskRow>(&format!(
        "SELECT {COLUMNS} FROM agent_task_queue WHERE runtime_id = $1 AND status IN {ACTIVE} \
         ORDER BY created_at, id"
    ))
    .bind(runtime_id)
    .fetch_all(conn)
    .await
}

/// A stale claim back to `queued`: no daemon, no dispatch time, no lease, and its task token
/// revoked (the next claim mints a new one).
pub async fn requeue(conn: &mut AnyConnection, id: TaskId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE agent_task_queue SET status = 'queued', daemon_id = NULL, dispatched_at = NULL, \
         prepare_lease_expires_at = NULL, updated_at = $1 \
         WHERE id = $2 AND status = 'dispatched' AND started_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM task_tokens WHERE task_id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(true)
}

/// Whether the runtime heartbeated at or after `since` (ms).
pub async fn runtime_seen_since(
    conn: &mut AnyConnection,
    runtime_id: Option<RuntimeId>,
    since: i64,
) -> Result<bool, sqlx::Error> {
    let Some(runtime_id) = runtime_id else {
        return Ok(false);
    };
    let n = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM agent_runtimes WHERE id = $1 AND status = 'online' \
         AND last_seen_at >= $2",
    )
    .bind(runtime_id)
    .bind(since)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
