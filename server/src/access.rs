//! Workspace membership checks: load the caller's role, or answer 404 so that a workspace one
//! does not belong to is indistinguishable from one that does not exist.

pub mod agents;
pub mod gates;
pub mod work;

use crate::auth::Principal;
use crate::db::{self, Db};
use crate::error::ApiError;
use agentry_core::{Role, UserId, WorkspaceId};
use sqlx::AnyConnection;

/// A write transaction (see [`Db::begin_write`]).
pub type WriteTx = db::Write;

/// Proof that the caller is a member of the workspace, with their role.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The workspace.
    pub workspace_id: WorkspaceId,
    /// The caller.
    pub user_id: UserId,
    /// Their role there.
    pub role: Role,
}

impl Membership {
    /// Loads the caller's membership in `workspace_id`; 404 if they have none.
    pub async fn load(
        conn: &mut AnyConnection,
        workspace_id: WorkspaceId,
        principal: &Principal,
    ) -> Result<Membership, ApiError> {
        let role = db::members::role(conn, workspace_id, principal.user_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Ok(Membership {
            workspace_id,
            user_id: principal.user_id,
            role,
        })
    }

    /// Refuses a non-member (404) with a plain read on a connection of its own, released at
    /// once: for the check that must come before a write transaction, which on SQLite takes
    /// the database's write lock as it begins. Returns what it read (the role may change
    /// before the transaction; callers load it again inside).
    pub async fn refuse_outsider(
        db: &Db,
        workspace_id: WorkspaceId,
        principal: &Principal,
    ) -> Result<Membership, ApiError> {
        let mut conn = db.pool.acquire().await?;
        Self::load(&mut conn, workspace_id, principal).await
    }

    /// Begins a write transaction for a member of the workspace and loads their membership in
    /// it; an outsider is refused first, without any lock or write.
    pub async fn begin_write(
        db: &Db,
        workspace_id: WorkspaceId,
        principal: &Principal,
    ) -> Result<(WriteTx, Membership), ApiError> {
        Self::refuse_outsider(db, workspace_id, principal).await?;
        let mut tx = db.begin_write().await?;
        let member = Self::load(&mut tx, workspace_id, principal).await?;
        Ok((tx, member))
    }

    /// [`Membership::begin_write`] holding the workspace's write lock (see
    /// [`db::workspaces::lock`]): for transactions that change who belongs, and with which
    /// role, or that must not interleave with agent binding. The membership is loaded under
    /// the lock, since the role read before may have changed meanwhile.
    pub async fn begin_locked(
        db: &Db,
        workspace_id: WorkspaceId,
        principal: &Principal,
    ) -> Result<(WriteTx, Membership), ApiError> {
        let before = Self::refuse_outsider(db, workspace_id, principal).await?;
        let mut tx = db.begin_write().await?;
        db::workspaces::lock(&mut tx, before.workspace_id).await?;
        let member = Self::load(&mut tx, before.workspace_id, principal).await?;
        Ok((tx, member))
    }
}
