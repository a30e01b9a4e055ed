//! Queries on `invitations`. The link's token is stored only as its SHA-256; an invitation works
//! once (`accepted_at` is set by a conditional update) and lapses at `expires_at`.

use super::rfc3339;
use agentry_core::api::{Invitation, InvitationPreview};
use agentry_core::{InvitationId, Role, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// A pending invitation as listed.
#[derive(Debug, FromRow)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub email: String,
    pub role: String,
    pub invited_by_name: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl InvitationRow {
    /// The API form.
    pub fn into_api(self) -> Invitation {
        Invitation {
            id: self.id,
            email: self.email,
            role: Role::parse(&self.role).unwrap_or(Role::Member),
            invited_by_name: self.invited_by_name,
            created_at: rfc3339(self.created_at),
            expires_at: rfc3339(self.expires_at),
        }
    }
}

/// An invitation looked up by its token, with what the link page shows.
#[derive(Debug, FromRow)]
pub struct LinkRow {
    pub id: InvitationId,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub workspace_slug: String,
    pub email: String,
    pub role: String,
    pub invited_by_name: String,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

impl LinkRow {
    /// The invitation's role.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }

    /// Whether the link can still be used at `now`.
    pub fn is_usable(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.expires_at > now
    }

    /// What `GET /api/invitations/{token}` shows.
    pub fn preview(&self) -> InvitationPreview {
        InvitationPreview {
            workspace_name: self.workspace_name.clone(),
            workspace_slug: self.workspace_slug.clone(),
            role: self.role(),
            email: self.email.clone(),
            invited_by_name: self.invited_by_name.clone(),
            expires_at: rfc3339(self.expires_at),
        }
    }
}

/// Stores a new invitation.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    id: InvitationId,
    workspace_id: WorkspaceId,
    email: &str,
    role: Role,
    token_hash: &str,
    invited_by: UserId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(email)
    .bind(role.as_str())
    .bind(token_hash)
    .bind(invited_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Pending (unused, unexpired) invitations of a workspace, newest first.
pub async fn list_pending(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    now: i64,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    sqlx::query_as::<_, InvitationRow>(
        "SELECT i.id, i.email, i.role, u.name AS invited_by_name, i.created_at, i.expires_at \
         FROM invitations i JOIN users u ON u.id = i.invited_by \
         WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 \
         ORDER BY i.created_at DESC, i.id",
    )
    .bind(workspace_id)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Revokes a pending invitation; false when there was none in this workspace.
pub async fn delete(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: InvitationId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM invitations WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL",
    )
    .bind(workspace_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The invitation whose token hashes to `token_hash`, used or not.
pub async fn by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as::<_, LinkRow>(
        "SELECT i.id, i.workspace_id, w.name AS workspace_name, w.slug AS workspace_slug, i.email, i.role, \
                u.name AS invited_by_name, i.expires_at, i.accepted_at \
         FROM invitations i JOIN workspaces w ON w.id = i.workspace_id JOIN users u ON u.id = i.invited_by \
         WHERE i.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

/// Marks the invitation used, only if it still is usable; false when someone got there first.
pub async fn mark_accepted(
    conn: &mut AnyConnection,
    id: InvitationId,
    user_id: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 AND accepted_at IS NULL AND expires_at > $4",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
