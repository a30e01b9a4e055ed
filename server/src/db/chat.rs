//! Queries on `chat_sessions` and `chat_messages`. A session is its creator's alone: every
//! read of one is scoped to (workspace, creator), so someone else's is simply not found.

use super::rfc3339;
use agentry_core::api::chat::{ChatMessage, ChatSession, ChatTaskState};
use agentry_core::{AgentId, ChatMessageId, ChatSessionId, TaskId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// A session row.
#[derive(Debug, FromRow)]
pub struct SessionRow {
    pub id: ChatSessionId,
    pub agent_id: AgentId,
    pub creator_id: UserId,
    pub title: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl SessionRow {
    /// The API form.
    pub fn into_api(self) -> ChatSession {
        ChatSession {
            id: self.id,
            agent_id: self.agent_id,
            creator_id: self.creator_id,
            title: self.title,
            status: self.status,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }

    /// Whether it takes no more messages.
    pub fn is_archived(&self) -> bool {
        self.status == "archived"
    }
}

const SESSION_COLUMNS: &str = "id, agent_id, creator_id, title, status, created_at, updated_at";

/// A message row.
#[derive(Debug, FromRow)]
pub struct MessageRow {
    pub id: ChatMessageId,
    pub role: String,
    pub author_id: Option<UserId>,
    pub content: String,
    pub task_id: Option<TaskId>,
    pub failure_reason: Option<String>,
    pub created_at: i64,
}

impl MessageRow {
    /// The API form.
    pub fn into_api(self) -> ChatMessage {
        ChatMessage {
            id: self.id,
            role: self.role,
            author_id: self.author_id,
            content: self.content,
            task_id: self.task_id,
            failure_reason: self.failure_reason,
            created_at: rfc3339(self.created_at),
        }
    }
}

/// Creates an active session.
pub async fn insert_session(
    conn: &mut AnyConnection,
    id: ChatSessionId,
    workspace_id: WorkspaceId,
    agent_id: AgentId,
    creator_id: UserId,
    title: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO chat_sessions \
         (id, workspace_id, agent_id, creator_id, title, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $6)",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(agent_id)
    .bind(creator_id)
    .bind(title)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The session, if it is `creator`'s in this workspace.
pub async fn get_own(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    creator: UserId,
    id: ChatSessionId,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionRow>(&format!(
        "SELECT {SESSION_COLUMNS} FROM chat_sessions \
         WHERE id = $1 AND workspace_id = $2 AND creator_id = $3"
    ))
    .bind(id)
    .bind(workspace_id)
    .bind(creator)
    .fetch_optional(conn)
    .await
}

/// `creator`'s sessions in the workspace, most recent activity first.
pub async fn list_own(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    creator: UserId,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionRow>(&format!(
        "SELECT {SESSION_COLUMNS} FROM chat_sessions WHERE workspace_id = $1 AND creator_id = $2 \
         ORDER BY updated_at DESC, created_at DESC, id"
    ))
    .bind(workspace_id)
    .bind(creator)
    .fetch_all(conn)
    .await
}

/// Marks the session archived (or leaves it so); bumps its activity time.
pub async fn archive(
    conn: &mut AnyConnection,
    id: ChatSessionId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE chat_sessions SET status = 'archived', updated_at = $1 \
         WHERE id = $2 AND status <> 'archived'",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records activity on the session (it moves to the top of its creator's list).
pub async fn touch(
    conn: &mut AnyConnection,
    id: ChatSessionId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE chat_sessions SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A member's message, to be linked to its run.
pub async fn insert_user_message(
    conn: &mut AnyConnection,
    id: ChatMessageId,
    session_id: ChatSessionId,
    author_id: UserId,
    content: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO chat_messages (id, chat_session_id, role, author_id, content, created_at) \
         VALUES ($1, $2, 'user', $3, $4, $5)",
    )
    .bind(id)
    .bind(session_id)
    .bind(author_id)
    .bind(content)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The agent's answer to a turn, or the note that its run failed (`failure_reason` set).
pub async fn insert_agent_message(
    conn: &mut AnyConnection,
    session_id: ChatSessionId,
    agent_id: AgentId,
    content: &str,
    task_id: TaskId,
    failure_reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO chat_messages (id, chat_session_id, role, author_id, content, task_id, \
         failure_reason, created_at) VALUES ($1, $2, 'assistant', $3, $4, $5, $6, $7)",
    )
    .bind(ChatMessageId(super::new_id()))
    .bind(session_id)
    .bind(agent_id)
    .bind(content)
    .bind(task_id)
    .bind(failure_reason)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Points the session at the provider session (and workdir) a run reported, for the next
/// turn's resume; a `None` keeps what was there.
pub async fn keep_provider_session(
    conn: &mut AnyConnection,
    id: ChatSessionId,
    session_id: Option<&str>,
    work_dir: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE chat_sessions SET session_id = COALESCE($1, session_id), \
         work_dir = COALESCE($2, work_dir), updated_at = $3 WHERE id = $4",
    )
    .bind(session_id)
    .bind(work_dir)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Links a message to the run it started.
pub async fn set_message_task(
    conn: &mut AnyConnection,
    id: ChatMessageId,
    task_id: TaskId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE chat_messages SET task_id = $1 WHERE id = $2")
        .bind(task_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One message.
pub async fn get_message(
    conn: &mut AnyConnection,
    id: ChatMessageId,
) -> Result<Option<MessageRow>, sqlx::Error> {
    sqlx::query_as::<_, MessageRow>(
        "SELECT id, role, author_id, content, task_id, failure_reason, created_at \
         FROM chat_messages WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The session's messages, oldest first.
pub async fn messages(
    conn: &mut AnyConnection,
    session_id: ChatSessionId,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as::<_, MessageRow>(
        "SELECT id, role, author_id, content, task_id, failure_reason, created_at \
         FROM chat_messages WHERE chat_session_id = $1 ORDER BY created_at, role DESC, id",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await
}

/// The session's latest run and its status.
pub async fn latest_task(
    conn: &mut AnyConnection,
    session_id: ChatSessionId,
) -> Result<Option<ChatTaskState>, sqlx::Error> {
    let row = sqlx::query_as::<_, (TaskId, String)>(
        "SELECT id, status FROM agent_task_queue WHERE chat_session_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(session_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(task_id, status)| ChatTaskState { task_id, status }))
}
