//! Queries on `teams` and `team_members`.

use super::rfc3339;
use agentry_core::api::Team;
use agentry_core::{TeamId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// A team row.
#[derive(Debug, FromRow)]
pub struct TeamRow {
    pub id: TeamId,
    pub name: String,
    pub description: Option<String>,
    pub created_at: i64,
}

impl TeamRow {
    /// The API form, with its member ids.
    pub fn into_api(self, member_ids: Vec<UserId>) -> Team {
        Team {
            id: self.id,
            name: self.name,
            description: self.description,
            member_ids,
            created_at: rfc3339(self.created_at),
        }
    }
}

/// Creates a team.
pub async fn insert(
    conn: &mut AnyConnection,
    id: TeamId,
    workspace_id: WorkspaceId,
    name: &str,
    description: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO teams (id, workspace_id, name, description, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(workspace_id)
        .bind(name)
        .bind(description)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every team of the workspace with its members, by name.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<Team>, sqlx::Error> {
    let teams = sqlx::query_as::<_, TeamRow>(
        "SELECT id, name, description, created_at FROM teams WHERE workspace_id = $1 ORDER BY name, id",
    )
    .bind(workspace_id)
    .fetch_all(&mut *conn)
    .await?;
    let pairs = sqlx::query_as::<_, (TeamId, UserId)>(
        "SELECT tm.team_id, tm.user_id FROM team_members tm JOIN users u ON u.id = tm.user_id \
         WHERE tm.workspace_id = $1 ORDER BY u.name, u.id",
    )
    .bind(workspace_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_team: HashMap<TeamId, Vec<UserId>> = HashMap::new();
    for (team_id, user_id) in pairs {
        by_team.entry(team_id).or_default().push(user_id);
    }
    Ok(teams
        .into_iter()
        .map(|t| {
            let members = by_team.remove(&t.id).unwrap_or_default();
            t.into_api(members)
        })
        .collect())
}

/// One team of the workspace with its members.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: TeamId,
) -> Result<Option<Team>, sqlx::Error> {
    let Some(team) = sqlx::query_as::<_, TeamRow>(
        "SELECT id, name, description, created_at FROM teams WHERE workspace_id = $1 AND id = $2",
    )
    .bind(workspace_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let members = sqlx::query_scalar::<_, UserId>(
        "SELECT tm.user_id FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = $1 ORDER BY u.name, u.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(team.into_api(members)))
}

/// Renames a team and sets its description.
pub async fn update(
    conn: &mut AnyConnection,
    id: TeamId,
    name: &str,
    description: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE teams SET name = $1, description = $2 WHERE id = $3")
        .bind(name)
        .bind(description)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a team; its memberships go with it.
pub async fn delete(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: TeamId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM teams WHERE workspace_id = $1 AND id = $2")
        .bind(workspace_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces the team's member set.
pub async fn set_members(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    team_id: TeamId,
    user_ids: &[UserId],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM team_members WHERE team_id = $1")
        .bind(team_id)
        .execute(&mut *conn)
        .await?;
    for user_id in user_ids {
        sqlx::query("INSERT INTO team_members (team_id, user_id, workspace_id, added_at) VALUES ($1, $2, $3, $4)")
            .bind(team_id)
            .bind(*user_id)
            .bind(workspace_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Takes `user_id` out of every team of the workspace (member removal).
pub async fn remove_user_from_workspace(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM team_members WHERE workspace_id = $1 AND user_id = $2")
        .bind(workspace_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The teams of the workspace that `user_id` is in now (access through team targets is
/// computed from this on every request, so leaving a team ends it at once).
pub async fn of_user(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<Vec<TeamId>, sqlx::Error> {
    sqlx::query_scalar::<_, TeamId>(
        "SELECT team_id FROM team_members WHERE workspace_id = $1 AND user_id = $2 ORDER BY team_id",
    )
    .bind(workspace_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Every `(user_id, team_id)` team membership of the workspace, in one query (the batch
/// explainer computes every member's teams from it).
pub async fn memberships(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<(UserId, TeamId)>, sqlx::Error> {
    sqlx::query_as::<_, (UserId, TeamId)>(
        "SELECT user_id, team_id FROM team_members WHERE workspace_id = $1 ORDER BY user_id, team_id",
    )
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Which of `team_ids` are teams of the workspace.
pub async fn existing(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    team_ids: &[TeamId],
) -> Result<Vec<TeamId>, sqlx::Error> {
    super::existing_in_workspace(conn, "teams", "id", workspace_id, team_ids).await
}
