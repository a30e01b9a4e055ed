//! Runtime profile writes that touch more than the profile row: the name-conflict mapping
//! shared by create and update, and deletion, which tears down the profile's instance
//! runtimes in the caller's transaction (spec C.4).

use crate::access::gates::ProfileWriter;
use crate::db::runtime_profiles as profiles;
use crate::db::runtimes::BoundAgentRow;
use crate::db::Backend;
use crate::error::ApiError;
use agentry_core::ProfileId;
use sqlx::AnyConnection;

/// Deletes profile `id` of the writer's workspace with its instance runtimes, or refuses.
///
/// The caller holds the workspace lock (as agent binding and registration do); then locks in
/// a fixed order — the profile, its instances by id, then their agents by id — so a daemon
/// registering an instance (share lock on the profile) either commits first, and its row is
/// found and deleted here, or waits and then finds no profile. A profile already gone
/// whose instances linger is still cleaned up (spec rule 26); nothing at all → 404. Any
/// non-archived agent on an instance → 409 naming them, nothing changed. Archived agents
/// survive, unbound.
pub async fn delete(
    conn: &mut AnyConnection,
    backend: Backend,
    writer: &ProfileWriter,
    id: ProfileId,
    now: i64,
) -> Result<(), ApiError> {
    let workspace_id = writer.workspace_id;
    let profile = profiles::lock_for_delete(&mut *conn, backend, workspace_id, id).await?;
    let instances = profiles::lock_instances(&mut *conn, backend, workspace_id, id).await?;
    if profile.is_none() && instances.is_empty() {
        return Err(ApiError::NotFound);
    }
    let agents = profiles::lock_bound_agents(&mut *conn, backend, workspace_id, id).await?;
    // Only owners and admins write profiles, and they view every agent.
    let active: Vec<BoundAgentRow> = agents
        .into_iter()
        .filter(|agent| agent.archived_at.is_none())
        .map(|agent| BoundAgentRow {
            id: agent.id,
            name: agent.name,
            owner_id: None,
            visible: 1,
        })
        .collect();
    super::runtimes::refuse_bound(
        "cannot delete this runtime profile: active agents are still bound to its \
         runtimes; archive them or move them to another runtime first",
        active,
    )?;
    // When tasks exist, this is where the teardown cancels the non-terminal tasks of these
    // runtimes and of the agents being unbound, refuses (409 `runtime_delete_not_drained`) if
    // any stays in flight, and detaches task history (`runtime_id = NULL`) before the rows go.
    profiles::unbind_agents(&mut *conn, workspace_id, id, now).await?;
    profiles::delete_instances(&mut *conn, workspace_id, id).await?;
    if profile.is_some() {
        profiles::delete(&mut *conn, workspace_id, id).await?;
    }
    Ok(())
}
