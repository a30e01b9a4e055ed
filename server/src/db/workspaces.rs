//! Queries on `workspaces`, always seen through the caller's membership (role included), so a
//! workspace the caller does not belong to simply does not exist for them.

use super::rfc3339;
use agentry_core::api::{Workspace, WorkspaceSummary};
use agentry_core::{Role, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// A workspace with the caller's role and the member count.
#[derive(Debug, FromRow)]
pub struct WorkspaceRow {
    pub id: WorkspaceId,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
    pub role: String,
    pub member_count: i64,
}

impl WorkspaceRow {
    /// The caller's role (the CHECK constraint guarantees one of three values).
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }

    /// The full API form.
    pub fn into_api(self) -> Workspace {
        Workspace {
            id: self.id,
            role: self.role(),
            name: self.name,
            slug: self.slug,
            member_count: self.member_count,
            created_at: rfc3339(self.created_at),
        }
    }

    /// The short API form used in `/api/me`.
    pub fn into_summary(self) -> WorkspaceSummary {
        let full = self.into_api();
        WorkspaceSummary {
            id: full.id,
            name: full.name,
            slug: full.slug,
            role: full.role,
        }
    }
}

const SELECT: &str = "SELECT w.id, w.name, w.slug, w.created_at, m.role, \
     (SELECT COUNT(*) FROM members c WHERE c.workspace_id = w.id) AS member_count \
     FROM workspaces w JOIN members m ON m.workspace_id = w.id";

/// Inserts a workspace (the caller adds the owner membership in the same transaction).
pub async fn insert(
    conn: &mut AnyConnection,
    id: WorkspaceId,
    name: &str,
    slug: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO workspaces (id, name, slug, issue_key, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(name)
    .bind(slug)
    .bind(agentry_core::work::issue_key_from_name(name))
    .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The workspace `id` as `user_id` sees it, if they are a member.
pub async fn for_member(
    conn: &mut AnyConnection,
    id: WorkspaceId,
    user_id: UserId,
) -> Result<Option<WorkspaceRow>, sqlx::Error> {
    sqlx::query_as::<_, WorkspaceRow>(&format!("{SELECT} WHERE w.id = $1 AND m.user_id = $2"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Every workspace `user_id` belongs to, by name.
pub async fn list_for_member(
    conn: &mut AnyConnection,
    user_id: UserId,
) -> Result<Vec<WorkspaceRow>, sqlx::Error> {
    sqlx::query_as::<_, WorkspaceRow>(&format!(
        "{SELECT} WHERE m.user_id = $1 ORDER BY w.name, w.id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Renames and/or re-slugs.
pub async fn update(
    conn: &mut AnyConnection,
    id: WorkspaceId,
    name: &str,
    slug: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE workspaces SET name = $1, slug = $2 WHERE id = $3")
        .bind(name)
        .bind(slug)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks the workspace's row until the transaction ends; call it before reading anything.
/// Membership changes in one workspace then run one after the other and each sees the other's
/// outcome, so two owners demoting each other at once cannot both succeed. (PostgreSQL needs
/// this; SQLite write transactions already hold the database's write lock, see
/// [`super::Db::begin_write`].)
pub async fn lock(conn: &mut AnyConnection, id: WorkspaceId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE workspaces SET name = name WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the workspace; members, invitations, teams and agents go with it (ON DELETE
/// CASCADE). Runtime profiles, runtimes and daemon tokens have no foreign keys (issue 4), so
/// they are deleted here, in the caller's transaction.
pub async fn delete(conn: &mut AnyConnection, id: WorkspaceId) -> Result<(), sqlx::Error> {
    for table in ["runtime_profiles", "agent_runtimes", "daemon_tokens"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE workspace_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM workspaces WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The workspace's id, name, slug and issue key (for callers that are not members, such as
/// a run's task token; check their right to it first).
pub async fn info(
    conn: &mut AnyConnection,
    id: WorkspaceId,
) -> Result<Option<agentry_core::api::issues::WorkspaceInfo>, sqlx::Error> {
    let row = sqlx::query_as::<_, (WorkspaceId, String, String, String)>(
        "SELECT id, name, slug, issue_key FROM workspaces WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(id, name, slug, issue_key)| agentry_core::api::issues::WorkspaceInfo {
            id,
            name,
            slug,
            issue_key,
        },
    ))
}
