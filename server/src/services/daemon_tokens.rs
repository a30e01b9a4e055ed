//! Daemon token writes, each requiring the daemon-token gate's proof, whose scope (`core`'s
//! `daemon_token_scope`) says whose tokens the caller reaches: a member mints for themselves
//! and sees and revokes their own; owners and admins see and revoke everyone's.

use crate::access::gates::{Allowed, DaemonTokens};
use crate::auth::secret;
use crate::db::daemon_tokens::{DaemonTokenRow, NewDaemonToken};
use crate::db::{self, new_id, now_ms};
use crate::error::ApiError;
use agentry_core::api::runtimes::CreatedDaemonToken;
use agentry_core::DaemonTokenId;
use sqlx::AnyConnection;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Mints a token for the caller, valid `days` days; the secret is in the answer only.
pub async fn create(
    conn: &mut AnyConnection,
    actor: &Allowed<DaemonTokens>,
    name: &str,
    days: i64,
) -> Result<CreatedDaemonToken, ApiError> {
    let now = now_ms();
    let token = secret::daemon_token();
    let id = DaemonTokenId(new_id());
    db::daemon_tokens::insert(
        &mut *conn,
        NewDaemonToken {
            id,
            workspace_id: actor.workspace_id,
            user_id: actor.user_id,
            name,
            token_hash: &secret::hash(&token),
            token_prefix: &secret::display_prefix(&token),
            expires_at: now + days * DAY_MS,
            now,
        },
    )
    .await?;
    let row = db::daemon_tokens::get(conn, actor.workspace_id, id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("daemon token vanished")))?;
    Ok(CreatedDaemonToken {
        token,
        daemon_token: row.into_api(),
    })
}

/// The tokens within the caller's scope, newest first.
pub async fn list(
    conn: &mut AnyConnection,
    actor: &Allowed<DaemonTokens>,
) -> Result<Vec<DaemonTokenRow>, ApiError> {
    let only = actor.gate().scope.only();
    Ok(db::daemon_tokens::list(conn, actor.workspace_id, only).await?)
}

/// Revokes a token within the caller's scope; one outside it is 404, as if it did not exist.
pub async fn revoke(
    conn: &mut AnyConnection,
    actor: &Allowed<DaemonTokens>,
    id: DaemonTokenId,
) -> Result<(), ApiError> {
    let row = db::daemon_tokens::get(&mut *conn, actor.workspace_id, id)
        .await?
        .filter(|row| actor.gate().scope.admits(row.user_id))
        .ok_or(ApiError::NotFound)?;
    db::daemon_tokens::delete(conn, actor.workspace_id, row.id).await?;
    Ok(())
}
