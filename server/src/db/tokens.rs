//! Queries on `api_tokens`: personal access tokens, stored as the SHA-256 of the secret.

use super::rfc3339;
use agentry_core::api::TokenInfo;
use agentry_core::{TokenId, UserId};
use sqlx::{AnyConnection, FromRow};

/// A token as listed.
#[derive(Debug, FromRow)]
pub struct TokenRow {
    pub id: TokenId,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl TokenRow {
    /// The API form (no secret: the row has none).
    pub fn into_api(self) -> TokenInfo {
        TokenInfo {
            id: self.id,
            name: self.name,
            prefix: self.prefix,
            created_at: rfc3339(self.created_at),
            expires_at: self.expires_at.map(rfc3339),
            last_used_at: self.last_used_at.map(rfc3339),
        }
    }
}

/// What authenticating a bearer token needs.
#[derive(Debug, FromRow)]
pub struct TokenAuthRow {
    pub id: TokenId,
    pub user_id: UserId,
    pub last_used_at: Option<i64>,
}

/// Stores a new token.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    id: TokenId,
    user_id: UserId,
    name: &str,
    token_hash: &str,
    prefix: &str,
    now: i64,
    expires_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, expires_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(id)
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(prefix)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The caller's tokens, newest first.
pub async fn list(conn: &mut AnyConnection, user_id: UserId) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as::<_, TokenRow>(
        "SELECT id, name, prefix, created_at, expires_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The live token whose secret hashes to `token_hash`.
pub async fn by_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<TokenAuthRow>, sqlx::Error> {
    sqlx::query_as::<_, TokenAuthRow>(
        "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Records use.
pub async fn touch(conn: &mut AnyConnection, id: TokenId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes one of the caller's tokens; false when there was none.
pub async fn delete(
    conn: &mut AnyConnection,
    user_id: UserId,
    id: TokenId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
