//! Reads that fill a claimed task's payload (spec G.4): the workspace, the issue, the trigger
//! comment, the chat's latest message, the autopilot, the person behind the run, and the
//! provider session to resume.

use super::queue::TERMINAL;
use agentry_core::{
    AgentId, AutopilotRunId, ChatSessionId, CommentId, IssueId, TaskId, UserId, WorkspaceId,
};
use sqlx::AnyConnection;

/// The workspace's name and issue key.
pub async fn workspace(
    conn: &mut AnyConnection,
    id: WorkspaceId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name, issue_key FROM workspaces WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The issue's number and title.
pub async fn issue(
    conn: &mut AnyConnection,
    id: IssueId,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT number, title FROM issues WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A comment's text and its author's display name (a member's or an agent's; none for a
/// system comment).
pub async fn comment(
    conn: &mut AnyConnection,
    id: CommentId,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.content, COALESCE(u.name, a.name) FROM issue_comments c \
         LEFT JOIN users u ON c.author_type = 'member' AND u.id = c.author_id \
         LEFT JOIN agents a ON c.author_type = 'agent' AND a.id = c.author_id \
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// How many comments the issue got after `since` (ms).
pub async fn comments_since(
    conn: &mut AnyConnection,
    issue_id: IssueId,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM issue_comments WHERE issue_id = $1 AND created_at > $2",
    )
    .bind(issue_id)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// The latest message the person wrote in the chat.
pub async fn latest_user_message(
    conn: &mut AnyConnection,
    session: ChatSessionId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT content FROM chat_messages WHERE chat_session_id = $1 AND role = 'user' \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(session)
    .fetch_optional(conn)
    .await
}

/// The chat's provider session pointer.
pub async fn chat_session(
    conn: &mut AnyConnection,
    session: ChatSessionId,
) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT session_id, work_dir FROM chat_sessions WHERE id = $1")
        .bind(session)
        .fetch_optional(conn)
        .await
}

/// The autopilot of a run: id, title, description, and what started the run.
pub async fn autopilot(
    conn: &mut AnyConnection,
    run: AutopilotRunId,
) -> Result<Option<(String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.title, a.description, r.source FROM autopilot_runs r \
         JOIN autopilots a ON a.id = r.autopilot_id WHERE r.id = $1",
    )
    .bind(run)
    .fetch_optional(conn)
    .await
}

/// A person's name and e-mail.
pub async fn person(
    conn: &mut AnyConnection,
    id: UserId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name, email FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The session of the latest finished run of (agent, issue) other than `except`, with its end
/// time, unless that run's failure poisoned the conversation (a full context window or a
/// request the provider refused): then the next run starts fresh.
pub async fn prior_issue_session(
    conn: &mut AnyConnection,
    agent_id: AgentId,
    issue_id: IssueId,
    except: TaskId,
) -> Result<Option<(String, Option<String>, i64)>, sqlx::Error> {
    let row = sqlx::query_as::<_, (Option<String>, Option<String>, Option<i64>, Option<String>)>(
        &format!(
            "SELECT session_id, work_dir, completed_at, failure_reason FROM agent_task_queue \
             WHERE agent_id = $1 AND issue_id = $2 AND id <> $3 AND status IN {TERMINAL} \
             AND session_id IS NOT NULL ORDER BY completed_at DESC, id DESC LIMIT 1"
        ),
    )
    .bind(agent_id)
    .bind(issue_id)
    .bind(except)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(session, dir, at, reason)| {
        let poisoned = reason.is_some_and(|r| {
            r.starts_with("agent_error.context") || r.starts_with("agent_error.invalid_request")
        });
        match (session, poisoned) {
            (Some(session), false) => Some((session, dir, at.unwrap_or_default())),
            _ => None,
        }
    }))
}
