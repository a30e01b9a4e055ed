//! Queries on `sessions`: browser sign-ins, stored as the SHA-256 of their cookie token.

use agentry_core::UserId;
use sqlx::{AnyConnection, FromRow};

/// What authenticating a session cookie needs.
#[derive(Debug, FromRow)]
pub struct SessionRow {
    pub id: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    token_hash: &str,
    user_id: UserId,
    csrf_token: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unexpired session whose token hashes to `token_hash`.
pub async fn by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionRow>(
        "SELECT id, user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Slides the expiry forward.
pub async fn touch(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes one session.
pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Drops expired sessions (housekeeping).
pub async fn delete_expired(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected())
}
