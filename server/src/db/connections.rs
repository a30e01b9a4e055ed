//! Queries on `user_composio_connections` (a person's connected apps) and
//! `composio_connect_nonces` (connect flows in progress).

use agentry_core::{ConnectionId, UserId};
use sqlx::{AnyConnection, FromRow};

/// A connection as stored. The Composio handles stay on the server.
#[derive(Clone, Debug, FromRow)]
pub struct ConnectionRow {
    pub id: ConnectionId,
    pub user_id: UserId,
    pub toolkit_slug: String,
    pub auth_config_id: String,
    pub connected_account_id: String,
    pub status: String,
    pub connected_at: i64,
    pub last_used_at: Option<i64>,
}

/// The status of a usable connection.
pub const ACTIVE: &str = "active";
/// The status after a disconnect.
pub const REVOKED: &str = "revoked";

const COLUMNS: &str = "id, user_id, toolkit_slug, auth_config_id, connected_account_id, status, \
                       connected_at, last_used_at";

/// What a successful connect flow records.
pub struct NewConnection<'a> {
    pub id: ConnectionId,
    pub user_id: UserId,
    pub toolkit_slug: &'a str,
    pub auth_config_id: &'a str,
    pub connected_account_id: &'a str,
    pub now: i64,
}

/// Records the account as the user's active connection: one row per (user, account), so a
/// second callback for the same account re-activates that row and keeps its `connected_at`.
pub async fn upsert(
    conn: &mut AnyConnection,
    new: NewConnection<'_>,
) -> Result<ConnectionId, sqlx::Error> {
    sqlx::query_scalar::<_, ConnectionId>(
        "INSERT INTO user_composio_connections \
         (id, user_id, toolkit_slug, auth_config_id, connected_account_id, composio_user_id, \
          status, connected_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7) \
         ON CONFLICT (user_id, connected_account_id) DO UPDATE SET \
           toolkit_slug = excluded.toolkit_slug, auth_config_id = excluded.auth_config_id, \
           composio_user_id = excluded.composio_user_id, status = 'active', \
           updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.toolkit_slug)
    .bind(new.auth_config_id)
    .bind(new.connected_account_id)
    .bind(new.user_id.to_string())
    .bind(new.now)
    .fetch_one(conn)
    .await
}

/// The user's active connections, newest first.
pub async fn list_active(
    conn: &mut AnyConnection,
    user_id: UserId,
) -> Result<Vec<ConnectionRow>, sqlx::Error> {
    sqlx::query_as::<_, ConnectionRow>(&format!(
        "SELECT {COLUMNS} FROM user_composio_connections \
         WHERE user_id = $1 AND status = 'active' ORDER BY connected_at DESC, id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Connection `id` if it is the user's (anyone else's is `None`, as if it did not exist).
pub async fn get_owned(
    conn: &mut AnyConnection,
    id: ConnectionId,
    user_id: UserId,
) -> Result<Option<ConnectionRow>, sqlx::Error> {
    sqlx::query_as::<_, ConnectionRow>(&format!(
        "SELECT {COLUMNS} FROM user_composio_connections WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Marks the user's connection revoked (again is a no-op).
pub async fn mark_revoked(
    conn: &mut AnyConnection,
    id: ConnectionId,
    user_id: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE user_composio_connections SET status = 'revoked', updated_at = $1 \
         WHERE id = $2 AND user_id = $3",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores a connect flow's nonce (its hash), bound to the session that started it.
pub async fn insert_nonce(
    conn: &mut AnyConnection,
    nonce_hash: &str,
    session_id: &str,
    user_id: UserId,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO composio_connect_nonces (nonce_hash, session_id, user_id, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(nonce_hash)
    .bind(session_id)
    .bind(user_id)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses up the nonce: true only the first time, for the same session and user, before it
/// expires (`now` equal to the expiry still counts). The row goes whatever the answer, so a
/// nonce presented by the wrong session cannot be tried again.
pub async fn consume_nonce(
    conn: &mut AnyConnection,
    nonce_hash: &str,
    session_id: &str,
    user_id: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(String, UserId, i64)> = sqlx::query_as(
        "DELETE FROM composio_connect_nonces WHERE nonce_hash = $1 \
         RETURNING session_id, user_id, expires_at",
    )
    .bind(nonce_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some_and(|(session, user, expires_at)| {
        session == session_id && user == user_id && now <= expires_at
    }))
}

/// Deletes nonces that expired before `now`.
pub async fn purge_expired_nonces(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM composio_connect_nonces WHERE expires_at < $1")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
