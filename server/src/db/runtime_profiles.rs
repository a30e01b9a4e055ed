//! Queries on `runtime_profiles` and on their instance rows in `agent_runtimes` (the rows whose
//! `profile_id` names a profile), including the row locks that order a profile's deletion
//! against a daemon registering one of its instances. No foreign keys join these tables (the
//! issue's rule): the service deletes instances and unbinds agents itself, in one transaction.

use super::{rfc3339, Backend};
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::{AgentId, ProfileId, RuntimeId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};

/// The only visibility the API writes: profiles are shared with every machine of the
/// workspace, because no read path filters them by creator (spec rule 9).
pub const VISIBILITY: &str = "workspace";

/// A `runtime_profiles` row.
#[derive(Debug, FromRow)]
pub struct ProfileRow {
    pub id: ProfileId,
    pub workspace_id: WorkspaceId,
    pub display_name: String,
    pub protocol_family: String,
    pub command_name: String,
    pub description: Option<String>,
    /// JSON text of an array of strings.
    pub fixed_args: String,
    pub visibility: String,
    pub created_by: Option<UserId>,
    /// 0 or 1.
    pub enabled: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ProfileRow {
    /// The API form.
    pub fn into_api(self) -> RuntimeProfile {
        RuntimeProfile {
            id: self.id,
            workspace_id: self.workspace_id,
            display_name: self.display_name,
            protocol_family: self.protocol_family,
            command_name: self.command_name,
            description: self.description,
            fixed_args: serde_json::from_str(&self.fixed_args).unwrap_or_default(),
            visibility: self.visibility,
            created_by: self.created_by,
            enabled: self.enabled != 0,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// A new profile's validated fields.
#[derive(Clone, Debug)]
pub struct NewProfile {
    pub display_name: String,
    pub protocol_family: String,
    pub command_name: String,
    pub description: Option<String>,
    /// JSON text of an array of strings.
    pub fixed_args: String,
    pub enabled: bool,
}

/// A partial update's validated fields; `None` leaves the column as it is. The family is not
/// here: it never changes after create.
#[derive(Clone, Debug, Default)]
pub struct ProfileChanges {
    pub display_name: Option<String>,
    pub command_name: Option<String>,
    pub description: Option<String>,
    /// JSON text of an array of strings.
    pub fixed_args: Option<String>,
    pub enabled: Option<bool>,
}

const COLUMNS: &str = "id, workspace_id, display_name, protocol_family, command_name, \
     description, fixed_args, visibility, created_by, enabled, created_at, updated_at";

/// The workspace's profiles, oldest first, disabled ones included.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<ProfileRow>, sqlx::Error> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE workspace_id = $1 ORDER BY created_at, id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// The workspace's enabled profiles, oldest first: what its daemons run.
pub async fn list_enabled(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<ProfileRow>, sqlx::Error> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE workspace_id = $1 AND enabled = 1 \
         ORDER BY created_at, id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// The profile `id` if it belongs to `workspace_id`.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: ProfileId,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE id = $1 AND workspace_id = $2"
    ))
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
}

/// Inserts a profile created by `created_by`. Fails on
/// `runtime_profiles_workspace_display_name_key` when the name is taken.
pub async fn insert(
    conn: &mut AnyConnection,
    id: ProfileId,
    workspace_id: WorkspaceId,
    created_by: UserId,
    profile: &NewProfile,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO runtime_profiles (id, workspace_id, display_name, protocol_family, \
         command_name, description, fixed_args, visibility, created_by, enabled, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(&profile.display_name)
    .bind(&profile.protocol_family)
    .bind(&profile.command_name)
    .bind(profile.description.as_deref())
    .bind(&profile.fixed_args)
    .bind(VISIBILITY)
    .bind(created_by)
    .bind(i64::from(profile.enabled))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies `changes` and moves `updated_at`, in one statement so concurrent partial updates
/// of different fields both land. Returns whether the profile exists. Fails on
/// `runtime_profiles_workspace_display_name_key` when renaming onto a taken name.
pub async fn update(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: ProfileId,
    changes: &ProfileChanges,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE runtime_profiles SET display_name = COALESCE($1, display_name), \
         command_name = COALESCE($2, command_name), description = COALESCE($3, description), \
         fixed_args = COALESCE($4, fixed_args), enabled = COALESCE($5, enabled), \
         updated_at = $6 WHERE id = $7 AND workspace_id = $8",
    )
    .bind(changes.display_name.as_deref())
    .bind(changes.command_name.as_deref())
    .bind(changes.description.as_deref())
    .bind(changes.fixed_args.as_deref())
    .bind(changes.enabled.map(i64::from))
    .bind(now)
    .bind(id)
    .bind(workspace_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// The row-lock suffixes, side by side. PostgreSQL locks the rows a `SELECT` reads: deletion
/// takes `FOR UPDATE`, registration `FOR KEY SHARE` on the profile, so a registration cannot
/// add an instance after a delete planned its cleanup (and waits, then finds no profile).
/// SQLite has no row locks; its write transaction ([`super::Db::begin_write`]) already keeps
/// every other writer out, so the suffix is empty.
fn row_lock(backend: Backend, strength: LockStrength) -> &'static str {
    match (backend, strength) {
        (Backend::Postgres, LockStrength::Update) => " FOR UPDATE",
        (Backend::Postgres, LockStrength::KeyShare) => " FOR KEY SHARE",
        (Backend::Sqlite, _) => "",
    }
}

#[derive(Clone, Copy)]
enum LockStrength {
    Update,
    KeyShare,
}

/// Reads and locks the profile for deletion (first of the delete's locks, spec rule 24).
pub async fn lock_for_delete(
    conn: &mut AnyConnection,
    backend: Backend,
    workspace_id: WorkspaceId,
    id: ProfileId,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    lock_profile(conn, backend, LockStrength::Update, workspace_id, id).await
}

/// Reads the profile and holds a share lock on it until the transaction ends, for a daemon
/// registering one of its instances (spec rule 38): it blocks while a delete holds the row.
pub async fn lock_for_registration(
    conn: &mut AnyConnection,
    backend: Backend,
    workspace_id: WorkspaceId,
    id: ProfileId,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    lock_profile(conn, backend, LockStrength::KeyShare, workspace_id, id).await
}

async fn lock_profile(
    conn: &mut AnyConnection,
    backend: Backend,
    strength: LockStrength,
    workspace_id: WorkspaceId,
    id: ProfileId,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM runtime_profiles WHERE id = $1 AND workspace_id = $2{}",
        row_lock(backend, strength)
    ))
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
}

/// Locks the profile's instance rows in id order (spec rule 25) and returns their ids.
pub async fn lock_instances(
    conn: &mut AnyConnection,
    backend: Backend,
    workspace_id: WorkspaceId,
    profile_id: ProfileId,
) -> Result<Vec<RuntimeId>, sqlx::Error> {
    sqlx::query_scalar::<_, RuntimeId>(&format!(
        "SELECT id FROM agent_runtimes WHERE profile_id = $1 AND workspace_id = $2 \
         ORDER BY id{}",
        row_lock(backend, LockStrength::Update)
    ))
    .bind(profile_id)
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// An agent bound to one of a profile's instances.
#[derive(Debug, FromRow)]
pub struct BoundAgentRow {
    pub id: AgentId,
    pub name: String,
    pub archived_at: Option<i64>,
}

/// The subquery naming a profile's instances (`$1` profile, `$2` workspace).
const INSTANCES: &str =
    "SELECT r.id FROM agent_runtimes r WHERE r.profile_id = $1 AND r.workspace_id = $2";

/// Locks the agents bound to the profile's instances, in id order (spec rule 27), archived
/// ones included. Binding keeps agents in their runtime's workspace, so the runtime ids alone
/// find them all.
pub async fn lock_bound_agents(
    conn: &mut AnyConnection,
    backend: Backend,
    workspace_id: WorkspaceId,
    profile_id: ProfileId,
) -> Result<Vec<BoundAgentRow>, sqlx::Error> {
    sqlx::query_as::<_, BoundAgentRow>(&format!(
        "SELECT a.id, a.name, a.archived_at FROM agents a WHERE a.runtime_id IN ({INSTANCES}) \
         ORDER BY a.id{}",
        row_lock(backend, LockStrength::Update)
    ))
    .bind(profile_id)
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Unbinds every agent from the profile's instances (archived agents survive, unbound).
pub async fn unbind_agents(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    profile_id: ProfileId,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(&format!(
        "UPDATE agents SET runtime_id = NULL, updated_at = $3 WHERE runtime_id IN ({INSTANCES})"
    ))
    .bind(profile_id)
    .bind(workspace_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}

/// Deletes the profile's instance rows.
pub async fn delete_instances(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    profile_id: ProfileId,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("DELETE FROM agent_runtimes WHERE profile_id = $1 AND workspace_id = $2")
            .bind(profile_id)
            .bind(workspace_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected())
}

/// Deletes the profile row itself.
pub async fn delete(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: ProfileId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM runtime_profiles WHERE id = $1 AND workspace_id = $2")
        .bind(id)
        .bind(workspace_id)
        .execute(conn)
        .await?;
    Ok(())
}
