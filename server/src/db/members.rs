//! Queries on `members`: who belongs to which workspace, with which role.

use super::rfc3339;
use agentry_core::api::Member;
use agentry_core::{Role, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// A member joined with their profile.
#[derive(Debug, FromRow)]
pub struct MemberRow {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    pub joined_at: i64,
}

impl MemberRow {
    /// The API form.
    pub fn into_api(self) -> Member {
        Member {
            user_id: self.user_id,
            name: self.name,
            email: self.email,
            role: Role::parse(&self.role).unwrap_or(Role::Member),
            joined_at: rfc3339(self.joined_at),
        }
    }
}

const SELECT: &str = "SELECT m.user_id, u.name, u.email, m.role, m.joined_at FROM members m JOIN users u ON u.id = m.user_id";

/// Adds `user_id` to the workspace with `role`.
pub async fn insert(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO members (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(workspace_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every member, owners first, then by name.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as::<_, MemberRow>(&format!(
        "{SELECT} WHERE m.workspace_id = $1 \
         ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, u.name, u.id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// One member.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<Option<MemberRow>, sqlx::Error> {
    sqlx::query_as::<_, MemberRow>(&format!(
        "{SELECT} WHERE m.workspace_id = $1 AND m.user_id = $2"
    ))
    .bind(workspace_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// `user_id`'s role in the workspace, or `None` when not a member.
pub async fn role(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<Option<Role>, sqlx::Error> {
    let role = sqlx::query_scalar::<_, String>(
        "SELECT role FROM members WHERE workspace_id = $1 AND user_id = $2",
    )
    .bind(workspace_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(role.as_deref().and_then(Role::parse))
}

/// How many owners the workspace has.
pub async fn owner_count(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<usize, sqlx::Error> {
    let count = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND role = 'owner'",
    )
    .bind(workspace_id)
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Which of `user_ids` are members of the workspace.
pub async fn existing(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_ids: &[UserId],
) -> Result<Vec<UserId>, sqlx::Error> {
    super::existing_in_workspace(conn, "members", "user_id", workspace_id, user_ids).await
}

/// Changes a member's role.
pub async fn set_role(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE members SET role = $1 WHERE workspace_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(workspace_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the membership row only; see `services::members::remove` for the full cleanup.
pub async fn delete(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM members WHERE workspace_id = $1 AND user_id = $2")
        .bind(workspace_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
