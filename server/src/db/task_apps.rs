//! Queries on `task_app_grants` (which of the owner's connected apps a task may use through
//! the broker, and the Composio session behind it) and `task_tool_calls` (the audit of the
//! calls it made).

use super::rfc3339;
use agentry_core::api::tasks::TaskToolCall;
use agentry_core::{TaskId, UserId};
use sqlx::{AnyConnection, FromRow};
use std::collections::BTreeMap;

/// A task's grant as stored. The session URL is server-only: no response type carries it.
#[derive(Clone, Debug, FromRow)]
pub struct GrantRow {
    pub task_id: TaskId,
    pub owner_id: UserId,
    /// JSON: toolkit slug → connected account id.
    pub grants: String,
    pub session_id: Option<String>,
    pub session_url: Option<String>,
}

impl GrantRow {
    /// The granted apps; text that does not read as a map grants nothing (fail closed).
    pub fn apps(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.grants).unwrap_or_default()
    }
}

/// Records what task `task_id` was granted (a retry's row replaces nothing: it is a new task).
pub async fn insert_grant(
    conn: &mut AnyConnection,
    task_id: TaskId,
    owner_id: UserId,
    grants: &BTreeMap<String, String>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let grants = serde_json::to_string(grants).unwrap_or_else(|_| "{}".into());
    sqlx::query(
        "INSERT INTO task_app_grants (task_id, owner_id, grants, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(task_id)
    .bind(owner_id)
    .bind(grants)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Task `task_id`'s grant, if it has one (it is gone once the task ended).
pub async fn grant(
    conn: &mut AnyConnection,
    task_id: TaskId,
) -> Result<Option<GrantRow>, sqlx::Error> {
    sqlx::query_as::<_, GrantRow>(
        "SELECT task_id, owner_id, grants, session_id, session_url FROM task_app_grants \
         WHERE task_id = $1",
    )
    .bind(task_id)
    .fetch_optional(conn)
    .await
}

/// Stores the session, unless another request stored one first; the caller reads the row
/// again and uses whichever is there, so concurrent first requests agree on one session.
pub async fn set_session(
    conn: &mut AnyConnection,
    task_id: TaskId,
    session_id: &str,
    session_url: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE task_app_grants SET session_id = $1, session_url = $2, updated_at = $3 \
         WHERE task_id = $4 AND session_url IS NULL",
    )
    .bind(session_id)
    .bind(session_url)
    .bind(now)
    .bind(task_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One tool call to record.
#[derive(Clone, Debug)]
pub struct NewToolCall<'a> {
    pub task_id: TaskId,
    pub tool_name: &'a str,
    pub toolkit: Option<&'a str>,
    pub status: &'a str,
    pub duration_ms: i64,
    pub now: i64,
}

/// Records a tool call.
pub async fn insert_tool_call(
    conn: &mut AnyConnection,
    call: NewToolCall<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO task_tool_calls (id, task_id, tool_name, toolkit, status, duration_ms, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(super::new_id().to_string())
    .bind(call.task_id)
    .bind(call.tool_name)
    .bind(call.toolkit)
    .bind(call.status)
    .bind(call.duration_ms)
    .bind(call.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The task's tool calls, oldest first, at most `limit`.
pub async fn tool_calls(
    conn: &mut AnyConnection,
    task_id: TaskId,
    limit: i64,
) -> Result<Vec<TaskToolCall>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (String, Option<String>, String, i64, i64)>(
        "SELECT tool_name, toolkit, status, duration_ms, created_at FROM task_tool_calls \
         WHERE task_id = $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(task_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(tool_name, toolkit, status, duration_ms, at)| TaskToolCall {
                tool_name,
                toolkit,
                status,
                duration_ms,
                created_at: rfc3339(at),
            },
        )
        .collect())
}

/// Sets a task's overlay (pointing at the broker; nothing secret) and its app list.
pub async fn set_overlay(
    conn: &mut AnyConnection,
    task_id: TaskId,
    overlay: &str,
    apps: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agent_task_queue SET runtime_mcp_overlay = $1, runtime_connected_apps = $2 \
         WHERE id = $3",
    )
    .bind(overlay)
    .bind(apps)
    .bind(task_id)
    .execute(conn)
    .await?;
    Ok(())
}
