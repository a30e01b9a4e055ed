//! Removing someone from a workspace, with every cleanup that goes with it.

use crate::db;
use agentry_core::agents::TargetType;
use agentry_core::{UserId, WorkspaceId};
use sqlx::AnyConnection;

/// Removes `user_id` from the workspace and runs each feature's cleanup, all on the caller's
/// transaction so that either everything happens or nothing does. `actor_id` is who removed
/// them (themselves when leaving), for the audit log.
/// - teams: they leave every team of the workspace (which ends access through team targets);
/// - agents: their member grants on this workspace's agents are deleted (spec §4.12 MR1, MR3);
///   re-inviting them does not bring the grants back (MR2);
/// - runtimes: their daemon tokens for this workspace are deleted and their runtimes there
///   marked offline (spec H.2), so their machines stop serving it at once. The caller
///   publishes `runtimes:changed` after commit.
pub async fn remove(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
    actor_id: UserId,
) -> Result<(), sqlx::Error> {
    let now = db::now_ms();
    super::agents::prune_grants(
        &mut *conn,
        workspace_id,
        TargetType::Member,
        user_id.0,
        actor_id,
        now,
    )
    .await?;
    db::daemon_tokens::delete_for_member(&mut *conn, workspace_id, user_id).await?;
    db::runtimes::set_offline_for_owner(&mut *conn, workspace_id, user_id, now).await?;
    db::teams::remove_user_from_workspace(&mut *conn, workspace_id, user_id).await?;
    db::members::delete(&mut *conn, workspace_id, user_id).await?;
    Ok(())
}
