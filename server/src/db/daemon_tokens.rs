//! Queries on `daemon_tokens`: one member's credential for running a daemon in one workspace,
//! stored as the SHA-256 of the secret.

use super::rfc3339;
use agentry_core::api::runtimes::DaemonToken;
use agentry_core::{DaemonTokenId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// A token as listed (the row holds no secret, only its hash, which is not selected).
#[derive(Debug, FromRow)]
pub struct DaemonTokenRow {
    pub id: DaemonTokenId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub name: String,
    pub token_prefix: String,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub created_at: i64,
}

impl DaemonTokenRow {
    /// The API form.
    pub fn into_api(self) -> DaemonToken {
        DaemonToken {
            id: self.id,
            workspace_id: self.workspace_id,
            user_id: self.user_id,
            name: self.name,
            token_prefix: self.token_prefix,
            expires_at: rfc3339(self.expires_at),
            last_used_at: self.last_used_at.map(rfc3339),
            created_at: rfc3339(self.created_at),
        }
    }
}

const COLUMNS: &str =
    "id, workspace_id, user_id, name, token_prefix, expires_at, last_used_at, created_at";

/// What authenticating a daemon token needs.
#[derive(Debug, FromRow)]
pub struct DaemonTokenAuthRow {
    pub id: DaemonTokenId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub last_used_at: Option<i64>,
}

/// A new token's row.
pub struct NewDaemonToken<'a> {
    pub id: DaemonTokenId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub token_prefix: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

/// Stores a new token.
pub async fn insert(conn: &mut AnyConnection, new: NewDaemonToken<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO daemon_tokens (id, workspace_id, user_id, name, token_hash, token_prefix, \
         expires_at, last_used_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)",
    )
    .bind(new.id)
    .bind(new.workspace_id)
    .bind(new.user_id)
    .bind(new.name)
    .bind(new.token_hash)
    .bind(new.token_prefix)
    .bind(new.expires_at)
    .bind(new.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// One token of the workspace.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: DaemonTokenId,
) -> Result<Option<DaemonTokenRow>, sqlx::Error> {
    sqlx::query_as::<_, DaemonTokenRow>(&format!(
        "SELECT {COLUMNS} FROM daemon_tokens WHERE workspace_id = $1 AND id = $2"
    ))
    .bind(workspace_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The workspace's tokens, newest first: everyone's (`user_id` `None`) or one member's.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: Option<UserId>,
) -> Result<Vec<DaemonTokenRow>, sqlx::Error> {
    let order = "ORDER BY created_at DESC, id";
    match user_id {
        None => {
            sqlx::query_as::<_, DaemonTokenRow>(&format!(
                "SELECT {COLUMNS} FROM daemon_tokens WHERE workspace_id = $1 {order}"
            ))
            .bind(workspace_id)
            .fetch_all(conn)
            .await
        }
        Some(user_id) => {
            sqlx::query_as::<_, DaemonTokenRow>(&format!(
            "SELECT {COLUMNS} FROM daemon_tokens WHERE workspace_id = $1 AND user_id = $2 {order}"
        ))
            .bind(workspace_id)
            .bind(user_id)
            .fetch_all(conn)
            .await
        }
    }
}

/// The live token whose secret hashes to `token_hash`.
pub async fn by_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<DaemonTokenAuthRow>, sqlx::Error> {
    sqlx::query_as::<_, DaemonTokenAuthRow>(
        "SELECT id, workspace_id, user_id, last_used_at FROM daemon_tokens \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Records use.
pub async fn touch(
    conn: &mut AnyConnection,
    id: DaemonTokenId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE daemon_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes one token of the workspace.
pub async fn delete(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: DaemonTokenId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM daemon_tokens WHERE workspace_id = $1 AND id = $2")
        .bind(workspace_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes every token `user_id` holds in the workspace (they are leaving it).
pub async fn delete_for_member(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM daemon_tokens WHERE workspace_id = $1 AND user_id = $2")
        .bind(workspace_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
