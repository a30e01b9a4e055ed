//! The reads of `runtime_profiles` the daemon API makes: registration's share lock on one
//! profile, and the enabled profiles a daemon converges on.

use super::{rfc3339, Backend};
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::{ProfileId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};
use uuid::Uuid;

/// A `runtime_profiles` row.
#[derive(Debug, FromRow)]
pub struct ProfileRow {
    pub id: String,
    pub workspace_id: String,
    pub display_name: String,
    pub protocol_family: String,
    pub command_name: String,
    pub description: Option<String>,
    pub fixed_args: String,
    pub visibility: String,
    pub created_by: Option<String>,
    pub enabled: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ProfileRow {
    /// Whether daemons should offer it.
    pub fn is_enabled(&self) -> bool {
        self.enabled != 0
    }

    /// The API form.
    pub fn into_api(self) -> RuntimeProfile {
        RuntimeProfile {
            id: ProfileId::parse(&self.id).unwrap_or(ProfileId(Uuid::nil())),
            workspace_id: WorkspaceId::parse(&self.workspace_id)
                .unwrap_or(WorkspaceId(Uuid::nil())),
            enabled: self.is_enabled(),
            display_name: self.display_name,
            protocol_family: self.protocol_family,
            command_name: self.command_name,
            description: self.description,
            fixed_args: serde_json::from_str(&self.fixed_args).unwrap_or_default(),
            visibility: self.visibility,
            created_by: self.created_by.as_deref().and_then(UserId::parse),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

const COLUMNS: &str = "id, workspace_id, display_name, protocol_family, command_name, \
     description, fixed_args, visibility, created_by, enabled, created_at, updated_at";

/// Registration's lock step (spec C.5 rule 38): reads the profile and, on PostgreSQL, holds a
/// `FOR KEY SHARE` lock on its row until the transaction ends. Profile deletion takes
/// `FOR UPDATE` first, so a delete and a registration of the same profile run one after the
/// other: either the registration sees no profile, or the delete sees (and removes) the new
/// instance. Registrations of one profile share the lock and do not wait for each other. On
/// SQLite the write transaction (`BEGIN IMMEDIATE`) already holds the database's write lock,
/// which serialises the two just the same.
pub async fn lock_for_registration(
    conn: &mut AnyConnection,
    backend: Backend,
    workspace_id: &str,
    id: &str,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR KEY SHARE",
        Backend::Sqlite => "",
    };
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE id = $1 AND workspace_id = $2{lock}"
    ))
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
}

/// The workspace's enabled profiles, oldest first: what daemons offer.
pub async fn list_enabled(
    conn: &mut AnyConnection,
    workspace_id: &str,
) -> Result<Vec<ProfileRow>, sqlx::Error> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE workspace_id = $1 AND enabled = 1 \
         ORDER BY created_at, id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Whether the profile still exists in the workspace (an instance of a deleted one is an
/// orphan, deletable like a built-in).
pub async fn exists(
    conn: &mut AnyConnection,
    workspace_id: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM runtime_profiles WHERE id = $1 AND workspace_id = $2",
    )
    .bind(id)
    .bind(workspace_id)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}
