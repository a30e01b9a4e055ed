//! Workspace writes: creating one (its creator becomes the owner), and renaming or deleting
//! one, which need their gate's proof.

use crate::access::gates::{Allowed, DeleteWorkspace, EditWorkspace};
use crate::db::{self, new_id, now_ms};
use crate::error::ApiError;
use agentry_core::api::Workspace;
use agentry_core::{Role, UserId, WorkspaceId};
use sqlx::AnyConnection;

/// The workspace as `user`, a member, sees it; 404 otherwise.
pub async fn load(
    conn: &mut AnyConnection,
    id: WorkspaceId,
    user: UserId,
) -> Result<Workspace, ApiError> {
    Ok(db::workspaces::for_member(conn, id, user)
        .await?
        .ok_or(ApiError::NotFound)?
        .into_api())
}

/// Creates a workspace owned by `creator` (slugs are unique: 409 `slug_taken`).
pub async fn create(
    conn: &mut AnyConnection,
    creator: UserId,
    name: &str,
    slug: &str,
) -> Result<Workspace, ApiError> {
    let id = WorkspaceId(new_id());
    let now = now_ms();
    db::workspaces::insert(&mut *conn, id, name, slug, now).await?;
    db::members::insert(&mut *conn, id, creator, Role::Owner, now).await?;
    load(conn, id, creator).await
}

/// Renames the workspace or changes its slug.
pub async fn update(
    conn: &mut AnyConnection,
    actor: &Allowed<EditWorkspace>,
    name: &str,
    slug: &str,
) -> Result<Workspace, ApiError> {
    db::workspaces::update(&mut *conn, actor.workspace_id, name, slug).await?;
    load(conn, actor.workspace_id, actor.user_id).await
}

/// Deletes the workspace once `confirm_slug` names it (400 `mismatch` otherwise).
pub async fn delete(
    conn: &mut AnyConnection,
    actor: &Allowed<DeleteWorkspace>,
    confirm_slug: &str,
) -> Result<(), ApiError> {
    let current = load(&mut *conn, actor.workspace_id, actor.user_id).await?;
    if confirm_slug.trim() != current.slug {
        return Err(ApiError::invalid(
            "confirm_slug",
            "mismatch",
            "confirm_slug must equal the workspace's slug",
        ));
    }
    db::workspaces::delete(conn, actor.workspace_id).await?;
    Ok(())
}
