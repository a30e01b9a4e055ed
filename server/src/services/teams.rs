//! Team writes, each on the caller's transaction and each requiring the team gate's proof:
//! create, rename, delete (with the grants to the team) and set members.

use crate::access::gates::{Allowed, ManageTeams};
use crate::db::{self, new_id, now_ms};
use crate::error::ApiError;
use agentry_core::agents::TargetType;
use agentry_core::api::Team;
use agentry_core::{TeamId, UserId};
use sqlx::AnyConnection;

/// Creates a team (names are unique per workspace: 409 `team_name_taken`).
pub async fn create(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageTeams>,
    name: &str,
    description: Option<&str>,
) -> Result<Team, ApiError> {
    let team = TeamId(new_id());
    db::teams::insert(
        &mut *conn,
        team,
        actor.workspace_id,
        name,
        description,
        now_ms(),
    )
    .await?;
    current(conn, actor, team).await
}

/// The team as the API shows it (before a change, for the fields a partial update leaves as
/// they are); 404 when it is not in the actor's workspace.
pub async fn current(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageTeams>,
    team: TeamId,
) -> Result<Team, ApiError> {
    db::teams::get(conn, actor.workspace_id, team)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Renames or re-describes a team of the actor's workspace (read with [`current`] first).
pub async fn update(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageTeams>,
    team: TeamId,
    name: &str,
    description: Option<&str>,
) -> Result<Team, ApiError> {
    db::teams::update(&mut *conn, team, name, description).await?;
    current(conn, actor, team).await
}

/// Deletes a team and the agent grants to it (a polymorphic target id has no foreign key).
/// The caller holds the workspace lock, so no agent is granted to the team meanwhile.
pub async fn delete(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageTeams>,
    team: TeamId,
) -> Result<(), ApiError> {
    current(&mut *conn, actor, team).await?;
    super::agents::prune_grants(
        &mut *conn,
        actor.workspace_id,
        TargetType::Team,
        team.0,
        actor.user_id,
        now_ms(),
    )
    .await?;
    db::teams::delete(conn, actor.workspace_id, team).await?;
    Ok(())
}

/// Replaces a team's members; every one must be a member of the workspace (else 400 naming
/// the first stranger). The caller holds the workspace lock, so nobody joins a team while
/// leaving the workspace.
pub async fn set_members(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageTeams>,
    team: TeamId,
    users: &[UserId],
) -> Result<Team, ApiError> {
    current(&mut *conn, actor, team).await?;
    let mut wanted = users.to_vec();
    wanted.sort();
    wanted.dedup();
    let found = db::members::existing(&mut *conn, actor.workspace_id, &wanted).await?;
    if let Some(stranger) = wanted.iter().find(|u| !found.contains(u)) {
        return Err(ApiError::invalid(
            "user_ids",
            "not_a_member",
            format!("user {stranger} is not a member of this workspace"),
        ));
    }
    db::teams::set_members(&mut *conn, actor.workspace_id, team, &wanted, now_ms()).await?;
    current(conn, actor, team).await
}
