//! Removing someone from a workspace, with every cleanup that goes with it.

use crate::db;
use sqlx::AnyConnection;

/// Removes `user_id` from the workspace and runs each feature's cleanup, all on the caller's
/// transaction so that either everything happens or nothing does. Features that keep
/// per-member state register their cleanup here (agents will prune invocation grants).
pub async fn remove(
    conn: &mut AnyConnection,
    workspace_id: &str,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    db::teams::remove_user_from_workspace(&mut *conn, workspace_id, user_id).await?;
    db::members::delete(&mut *conn, workspace_id, user_id).await?;
    Ok(())
}
