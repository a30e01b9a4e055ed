//! Member writes, each requiring its gate's proof: changing a role, and removing someone from
//! a workspace with every cleanup that goes with it.

use crate::access::gates::{Allowed, ChangeRole, RemoveMember};
use crate::db::{self, members::MemberRow, Write};
use crate::error::ApiError;
use agentry_core::agents::TargetType;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::{Denial, UserId, WorkspaceId};
use sqlx::AnyConnection;

/// Changes a member's role to the one the proof was checked for. The owner count is checked
/// again after the write, inside the transaction: two owners demoting each other at once must
/// not both win.
pub async fn change_role(
    conn: &mut AnyConnection,
    actor: &Allowed<ChangeRole>,
) -> Result<MemberRow, ApiError> {
    let ChangeRole { user, role } = *actor.gate();
    db::members::set_role(&mut *conn, actor.workspace_id, user, role).await?;
    let updated = db::members::get(&mut *conn, actor.workspace_id, user)
        .await?
        .ok_or(ApiError::NotFound)?;
    refuse_ownerless(conn, actor.workspace_id).await?;
    Ok(updated)
}

/// Removes the member the proof names (the actor themselves when leaving), with every
/// cleanup that goes with it (see [`remove_with_cleanup`]), and announces that their
/// runtimes went offline.
pub async fn remove(tx: &mut Write, actor: &Allowed<RemoveMember>) -> Result<(), ApiError> {
    let workspace_id = actor.workspace_id;
    remove_with_cleanup(&mut *tx, workspace_id, actor.gate().user, actor.user_id).await?;
    refuse_ownerless(&mut *tx, workspace_id).await?;
    tx.announce(ServerEvent::RuntimesChanged { workspace_id });
    Ok(())
}

/// 409 `last_owner` when the workspace has no owner left.
async fn refuse_ownerless(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<(), ApiError> {
    if db::members::owner_count(conn, workspace_id).await? == 0 {
        return Err(Denial::LastOwner.into());
    }
    Ok(())
}

/// Removes `user_id` from the workspace and runs each feature's cleanup, all on the caller's
/// transaction so that either everything happens or nothing does. `actor_id` is who removed
/// them (themselves when leaving), for the audit log.
/// - teams: they leave every team of the workspace (which ends access through team targets);
/// - agents: their member grants on this workspace's agents are deleted (spec §4.12 MR1, MR3);
///   re-inviting them does not bring the grants back (MR2);
/// - runtimes: their daemon tokens for this workspace are deleted and their runtimes there
///   marked offline (spec H.2), so their machines stop serving it at once.
async fn remove_with_cleanup(
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
