//! Queries on `agent_runtimes`: the two registration upserts (one per partial unique index),
//! heartbeats, going offline, the runtimes list, rename and delete, and the sweeper's update.

use super::rfc3339;
use agentry_core::api::runtimes::Runtime;
use agentry_core::runtimes::{family, RuntimeFacts, RuntimeStatus, RuntimeVisibility};
use agentry_core::{AgentId, ProfileId, RuntimeId, UserId, WorkspaceId};
use serde_json::Value;
use sqlx::{AnyConnection, FromRow};

/// An `agent_runtimes` row with its profile's display name (for the launch header).
#[derive(Debug, FromRow)]
pub struct RuntimeRow {
    pub id: RuntimeId,
    pub workspace_id: WorkspaceId,
    pub daemon_id: Option<String>,
    pub name: String,
    pub custom_name: Option<String>,
    pub runtime_mode: String,
    pub provider: String,
    pub status: String,
    pub device_info: String,
    pub metadata: String,
    pub last_seen_at: Option<i64>,
    pub running_tasks: Option<i64>,
    pub task_capacity: Option<i64>,
    pub last_error: Option<String>,
    pub owner_id: Option<UserId>,
    pub visibility: String,
    pub profile_id: Option<ProfileId>,
    pub created_at: i64,
    pub updated_at: i64,
    /// `NULL` for a built-in runtime and for the orphan of a deleted profile.
    pub profile_display_name: Option<String>,
}

impl RuntimeRow {
    /// The facts the `core` runtime rules decide on.
    pub fn facts(&self) -> RuntimeFacts {
        RuntimeFacts {
            owner_id: self.owner_id,
            visibility: RuntimeVisibility::parse_lenient(&self.visibility),
        }
    }

    /// The profile's display name for its instances, else the family's label, else the raw
    /// provider (a retired family stays readable).
    pub fn launch_header(&self) -> String {
        if let Some(name) = &self.profile_display_name {
            return name.clone();
        }
        family(&self.provider)
            .map(|f| f.label.to_owned())
            .unwrap_or_else(|| self.provider.clone())
    }

    /// The API form.
    pub fn into_api(self) -> Runtime {
        let launch_header = self.launch_header();
        Runtime {
            id: self.id,
            workspace_id: self.workspace_id,
            daemon_id: self.daemon_id,
            name: self.name,
            custom_name: self.custom_name,
            runtime_mode: self.runtime_mode,
            provider: self.provider,
            launch_header,
            status: RuntimeStatus::parse_lenient(&self.status),
            device_info: self.device_info,
            metadata: serde_json::from_str(&self.metadata)
                .unwrap_or_else(|_| Value::Object(Default::default())),
            owner_id: self.owner_id,
            visibility: RuntimeVisibility::parse_lenient(&self.visibility),
            profile_id: self.profile_id,
            last_seen_at: self.last_seen_at.map(rfc3339),
            running: self.running_tasks,
            capacity: self.task_capacity,
            last_error: self.last_error,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// The profile is joined on id and workspace, so a runtime never shows another workspace's
/// profile name.
const SELECT: &str = "SELECT r.id, r.workspace_id, r.daemon_id, r.name, r.custom_name, \
     r.runtime_mode, r.provider, r.status, r.device_info, r.metadata, r.last_seen_at, \
     r.running_tasks, r.task_capacity, r.last_error, r.owner_id, r.visibility, r.profile_id, r.created_at, r.updated_at, \
     p.display_name AS profile_display_name \
     FROM agent_runtimes r \
     LEFT JOIN runtime_profiles p ON p.id = r.profile_id AND p.workspace_id = r.workspace_id";

/// What a registration writes into a runtime row.
pub struct RuntimeUpsert<'a> {
    pub workspace_id: WorkspaceId,
    pub daemon_id: &'a str,
    pub name: &'a str,
    pub provider: &'a str,
    pub status: RuntimeStatus,
    pub device_info: &'a str,
    /// JSON text.
    pub metadata: &'a str,
    /// The member whose daemon registers it; an existing row of anyone else is left alone.
    pub owner_id: UserId,
    /// `None`: a built-in runtime.
    pub profile_id: Option<ProfileId>,
    pub now: i64,
}

/// The columns both upserts refresh on conflict. `custom_name`, `visibility`, the owner and
/// `created_at` are people's or history's and stay. The trailing condition makes a row of
/// another member a no-op that returns nothing: registration checks ownership first, and this
/// keeps a concurrent registration from taking a row over between that check and the write.
const ON_CONFLICT_SET: &str = "name = excluded.name, runtime_mode = excluded.runtime_mode, \
     status = excluded.status, device_info = excluded.device_info, \
     metadata = excluded.metadata, \
     last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at \
     WHERE agent_runtimes.owner_id = excluded.owner_id";

/// Inserts or refreshes a runtime row, keyed on `agent_runtimes_workspace_daemon_provider_key`
/// for a built-in and on `agent_runtimes_workspace_daemon_profile_key` for a profile's instance
/// (which also refreshes `provider`: the profile's family is the truth). Returns the row's id
/// and whether it was newly inserted, or `None` when the key names another member's row
/// (nothing written). Both engines accept the partial index's predicate as the conflict
/// target, which is what picks the right index.
pub async fn upsert(
    conn: &mut AnyConnection,
    row: &RuntimeUpsert<'_>,
) -> Result<Option<(RuntimeId, bool)>, sqlx::Error> {
    let target = if row.profile_id.is_some() {
        "(workspace_id, daemon_id, profile_id) WHERE profile_id IS NOT NULL \
         DO UPDATE SET provider = excluded.provider, "
    } else {
        "(workspace_id, daemon_id, provider) WHERE profile_id IS NULL DO UPDATE SET "
    };
    let fresh_id = RuntimeId(super::new_id());
    let id: Option<RuntimeId> = sqlx::query_scalar(&format!(
        "INSERT INTO agent_runtimes (id, workspace_id, daemon_id, name, custom_name, runtime_mode, \
         provider, status, device_info, metadata, last_seen_at, owner_id, legacy_daemon_id, \
         visibility, profile_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, NULL, 'local', $5, $6, $7, $8, $9, $10, NULL, 'private', $11, $9, $9) \
         ON CONFLICT {target}{ON_CONFLICT_SET} RETURNING id"
    ))
    .bind(fresh_id)
    .bind(row.workspace_id)
    .bind(row.daemon_id)
    .bind(row.name)
    .bind(row.provider)
    .bind(row.status.as_str())
    .bind(row.device_info)
    .bind(row.metadata)
    .bind(row.now)
    .bind(row.owner_id)
    .bind(row.profile_id)
    .fetch_optional(conn)
    .await?;
    Ok(id.map(|id| {
        let inserted = id == fresh_id;
        (id, inserted)
    }))
}

/// The owners of the workspace's rows registered under `daemon_id` (`None`: a row nobody
/// owns), each once.
pub async fn daemon_owners(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    daemon_id: &str,
) -> Result<Vec<Option<UserId>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT owner_id FROM agent_runtimes WHERE workspace_id = $1 AND daemon_id = $2",
    )
    .bind(workspace_id)
    .bind(daemon_id)
    .fetch_all(conn)
    .await
}

/// The custom names of the machine's other runtimes in the workspace (for name inheritance).
pub async fn sibling_custom_names(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    daemon_id: &str,
    except_id: RuntimeId,
) -> Result<Vec<Option<String>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT custom_name FROM agent_runtimes WHERE workspace_id = $1 AND daemon_id = $2 \
         AND id <> $3 ORDER BY id",
    )
    .bind(workspace_id)
    .bind(daemon_id)
    .bind(except_id)
    .fetch_all(conn)
    .await
}

/// Built-in rows of the workspace and provider whose daemon id equals `legacy_daemon_id`
/// ignoring case, other than `except_id`, owned by `owner_id`: hostname-era rows of the same
/// member's machine. Hostnames collide across people, so another member's rows never match.
pub async fn legacy_builtins(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    provider: &str,
    legacy_daemon_id: &str,
    except_id: RuntimeId,
    owner_id: UserId,
) -> Result<Vec<RuntimeRow>, sqlx::Error> {
    sqlx::query_as::<_, RuntimeRow>(&format!(
        "{SELECT} WHERE r.workspace_id = $1 AND r.provider = $2 AND r.profile_id IS NULL \
         AND LOWER(r.daemon_id) = LOWER($3) AND r.id <> $4 AND r.owner_id = $5 ORDER BY r.id"
    ))
    .bind(workspace_id)
    .bind(provider)
    .bind(legacy_daemon_id)
    .bind(except_id)
    .bind(owner_id)
    .fetch_all(conn)
    .await
}

/// Folds a legacy row into `into_id`: its agents (the caller checked they may bind there)
/// move over, the new row records which id it replaced, and the old row goes.
pub async fn merge_legacy(
    conn: &mut AnyConnection,
    old_id: RuntimeId,
    into_id: RuntimeId,
    legacy_daemon_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agents SET runtime_id = $1, updated_at = $2 WHERE runtime_id = $3")
        .bind(into_id)
        .bind(now)
        .bind(old_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE agent_runtimes SET legacy_daemon_id = $1, updated_at = $2 WHERE id = $3")
        .bind(legacy_daemon_id)
        .bind(now)
        .bind(into_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM agent_runtimes WHERE id = $1")
        .bind(old_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One runtime by id, in any workspace (the caller checks access to its workspace).
pub async fn get(
    conn: &mut AnyConnection,
    id: RuntimeId,
) -> Result<Option<RuntimeRow>, sqlx::Error> {
    sqlx::query_as::<_, RuntimeRow>(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// One runtime of the workspace.
pub async fn get_in(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: RuntimeId,
) -> Result<Option<RuntimeRow>, sqlx::Error> {
    sqlx::query_as::<_, RuntimeRow>(&format!("{SELECT} WHERE r.id = $1 AND r.workspace_id = $2"))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(conn)
        .await
}

/// The workspace's runtimes, oldest first.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<RuntimeRow>, sqlx::Error> {
    sqlx::query_as::<_, RuntimeRow>(&format!(
        "{SELECT} WHERE r.workspace_id = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Several runtimes by id (registration's answer), in no particular order.
pub async fn get_many(
    conn: &mut AnyConnection,
    ids: &[RuntimeId],
) -> Result<Vec<RuntimeRow>, sqlx::Error> {
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = get(&mut *conn, *id).await? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// A heartbeat: seen now, and online. `updated_at` moves only when the status flips, so a
/// heartbeat is not a change anyone needs to refetch for.
pub async fn heartbeat(
    conn: &mut AnyConnection,
    id: RuntimeId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agent_runtimes SET last_seen_at = $1, status = 'online', \
         updated_at = CASE WHEN status = 'online' THEN updated_at ELSE $1 END WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a daemon reported about its runs on a runtime with a heartbeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeLoad {
    pub running: i64,
    pub capacity: i64,
    pub last_error: Option<String>,
}

impl RuntimeRow {
    /// The load stored on the row, when a daemon reported one.
    pub fn load(&self) -> Option<RuntimeLoad> {
        Some(RuntimeLoad {
            running: self.running_tasks?,
            capacity: self.task_capacity?,
            last_error: self.last_error.clone(),
        })
    }
}

/// Stores the load a heartbeat reported.
pub async fn set_load(
    conn: &mut AnyConnection,
    id: RuntimeId,
    load: &RuntimeLoad,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agent_runtimes SET running_tasks = $1, task_capacity = $2, last_error = $3 \
         WHERE id = $4",
    )
    .bind(load.running)
    .bind(load.capacity)
    .bind(&load.last_error)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks one runtime offline with new metadata (carrying the daemon's `offline_reason`).
pub async fn set_offline(
    conn: &mut AnyConnection,
    id: RuntimeId,
    metadata: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agent_runtimes SET status = 'offline', metadata = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(metadata)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks `user_id`'s runtimes in the workspace offline (they are leaving it); returns how many
/// were online.
pub async fn set_offline_for_owner(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    user_id: UserId,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE agent_runtimes SET status = 'offline', updated_at = $1 \
         WHERE workspace_id = $2 AND owner_id = $3 AND status = 'online'",
    )
    .bind(now)
    .bind(workspace_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The sweeper's one statement: every online runtime last seen before `seen_before` (or never)
/// goes offline. Returns the workspaces of the rows it changed, one entry per row.
pub async fn sweep_offline(
    conn: &mut AnyConnection,
    seen_before: i64,
    now: i64,
) -> Result<Vec<WorkspaceId>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE agent_runtimes SET status = 'offline', updated_at = $1 \
         WHERE status = 'online' AND (last_seen_at IS NULL OR last_seen_at < $2) \
         RETURNING workspace_id",
    )
    .bind(now)
    .bind(seen_before)
    .fetch_all(conn)
    .await
}

/// Writes a rename (`None` goes back to the registered name) and the visibility.
pub async fn update(
    conn: &mut AnyConnection,
    id: RuntimeId,
    custom_name: Option<&str>,
    visibility: RuntimeVisibility,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agent_runtimes SET custom_name = $1, visibility = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(custom_name)
    .bind(visibility.as_str())
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets a newly registered row's inherited custom name.
pub async fn set_custom_name(
    conn: &mut AnyConnection,
    id: RuntimeId,
    custom_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agent_runtimes SET custom_name = $1 WHERE id = $2")
        .bind(custom_name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A non-archived agent bound to a runtime, and whether the asking member may view it.
#[derive(Debug, FromRow)]
pub struct BoundAgentRow {
    pub id: AgentId,
    pub name: String,
    pub owner_id: Option<UserId>,
    /// 1 when the viewer may see the agent (§4.7), else 0: such agents are counted, not named.
    pub visible: i64,
}

/// The non-archived agents bound to runtime `id` of the workspace, by name, each marked with
/// whether `viewer` may view it (`sees_all`: a workspace owner or admin, who sees every agent).
pub async fn active_agents(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: RuntimeId,
    viewer: UserId,
    sees_all: bool,
) -> Result<Vec<BoundAgentRow>, sqlx::Error> {
    let visible = if sees_all {
        // `$2` stays in the text so that PostgreSQL can type it.
        "(a.owner_id = $2 OR 1 = 1)"
    } else {
        super::agents::VISIBLE_TO_MEMBER
    };
    sqlx::query_as::<_, BoundAgentRow>(&format!(
        "SELECT a.id, a.name, a.owner_id, CAST(CASE WHEN {visible} THEN 1 ELSE 0 END AS BIGINT) \
         AS visible FROM agents a WHERE a.workspace_id = $1 AND a.runtime_id = $3 \
         AND a.archived_at IS NULL ORDER BY a.name, a.id"
    ))
    .bind(workspace_id)
    .bind(viewer)
    .bind(id)
    .fetch_all(conn)
    .await
}

/// Deletes the runtime after unbinding the (archived) agents still pointing at it, which
/// survive unbound.
pub async fn delete(conn: &mut AnyConnection, id: RuntimeId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agents SET runtime_id = NULL, updated_at = $1 WHERE runtime_id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM agent_runtimes WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
