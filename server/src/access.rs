//! Workspace membership checks: load the caller's role, or answer 404 so that a workspace one
//! does not belong to is indistinguishable from one that does not exist.

pub mod agents;
pub mod runtime_profiles;

use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use agentry_core::{Decision, Role};
use sqlx::AnyConnection;

/// Proof that the caller is a member of the workspace, with their role.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The workspace (canonical UUID text).
    pub workspace_id: String,
    /// The caller.
    pub user_id: String,
    /// Their role there.
    pub role: Role,
}

impl Membership {
    /// Loads the caller's membership in `workspace_id`; 404 if they have none.
    pub async fn load(
        conn: &mut AnyConnection,
        workspace_id: &str,
        principal: &Principal,
    ) -> Result<Membership, ApiError> {
        let workspace_id = crate::extract::path_uuid(workspace_id)?;
        let role = db::members::role(conn, &workspace_id, &principal.user_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Ok(Membership {
            workspace_id,
            user_id: principal.user_id.clone(),
            role,
        })
    }

    /// Like [`Membership::load`], after taking the workspace's write lock (see
    /// [`db::workspaces::lock`]): for transactions that change who belongs, and with which role.
    pub async fn load_locked(
        conn: &mut AnyConnection,
        workspace_id: &str,
        principal: &Principal,
    ) -> Result<Membership, ApiError> {
        let workspace_id = crate::extract::path_uuid(workspace_id)?;
        db::workspaces::lock(conn, &workspace_id).await?;
        Self::load(conn, &workspace_id, principal).await
    }

    /// Turns a `core` rule's refusal into the API error (403 or 409).
    pub fn require(&self, decision: Decision) -> Result<(), ApiError> {
        decision.map_err(ApiError::Denied)
    }
}
