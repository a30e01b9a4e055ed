//! Queries on `agents` and `agent_invocation_targets`. Lists for plain members are filtered in
//! the query by the view rule (spec §4.7 V4, team targets counted like member targets); the
//! property test in the API suite checks that filter against `core`'s `can_view`.

use super::rfc3339;
use agentry_core::agents::{
    derive_visibility, AccessSetting, AgentAccess, InvocationTarget, PermissionMode, TargetType,
};
use agentry_core::api::agents::Agent;
use agentry_core::{AgentId, RuntimeId, UserId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;
use uuid::Uuid;

/// An `agents` row.
#[derive(Debug, FromRow)]
pub struct AgentRow {
    pub id: AgentId,
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub description: Option<String>,
    pub instructions: String,
    pub runtime_id: Option<RuntimeId>,
    pub mcp_config: Option<String>,
    pub custom_args: String,
    pub max_concurrent_tasks: i64,
    pub owner_id: Option<UserId>,
    pub permission_mode: String,
    pub archived_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// JSON array of normalised toolkit slugs; `NULL` when never set.
    pub composio_toolkit_allowlist: Option<String>,
}

/// An agent with its invocation targets, as stored.
#[derive(Debug)]
pub struct AgentRecord {
    pub row: AgentRow,
    /// Ordered by type, then age (spec §2.2).
    pub targets: Vec<InvocationTarget>,
}

impl AgentRecord {
    /// The owner; `None` for an orphan.
    pub fn owner_id(&self) -> Option<UserId> {
        self.row.owner_id
    }

    /// The stored mode; anything unknown reads as private (fail closed).
    pub fn mode(&self) -> PermissionMode {
        PermissionMode::parse_lenient(Some(&self.row.permission_mode))
    }

    /// The facts the `core` access rules decide on.
    pub fn access(&self) -> AgentAccess<'_> {
        AgentAccess {
            owner_id: self.owner_id(),
            mode: self.mode(),
            targets: &self.targets,
        }
    }

    /// The stored allowlist; `None` when never set. Text that does not read as a list of
    /// strings reads as an empty list (fail closed: no app).
    pub fn allowlist(&self) -> Option<Vec<String>> {
        let text = self.row.composio_toolkit_allowlist.as_deref()?;
        Some(serde_json::from_str(text).unwrap_or_default())
    }

    /// Mode and targets, as the audit log records them.
    pub fn setting(&self) -> AccessSetting {
        AccessSetting {
            permission_mode: self.mode(),
            invocation_targets: self.targets.clone(),
        }
    }

    /// The API form, unredacted; `visibility` is derived from the loaded targets.
    pub fn into_api(self) -> Agent {
        let mode = self.mode();
        let owner_id = self.owner_id();
        let allowlist = self.allowlist();
        let row = self.row;
        Agent {
            id: row.id,
            workspace_id: row.workspace_id,
            name: row.name,
            description: row.description,
            instructions: row.instructions,
            runtime_id: row.runtime_id.map(|r| r.0),
            mcp_config: row
                .mcp_config
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            mcp_config_redacted: false,
            custom_args: serde_json::from_str(&row.custom_args).unwrap_or_default(),
            max_concurrent_tasks: row.max_concurrent_tasks,
            owner_id,
            permission_mode: mode,
            visibility: derive_visibility(mode, &self.targets),
            invocation_targets: self.targets,
            archived_at: row.archived_at.map(rfc3339),
            created_at: rfc3339(row.created_at),
            updated_at: rfc3339(row.updated_at),
            composio_toolkit_allowlist: allowlist,
            composio_toolkit_allowlist_redacted: false,
            apps_in_use: None,
        }
    }
}

/// The fields of an agent other than access, owner and lifecycle, validated and encoded.
#[derive(Clone, Debug)]
pub struct AgentFields {
    pub name: String,
    pub description: Option<String>,
    pub instructions: String,
    pub runtime_id: Option<RuntimeId>,
    /// JSON text of an object.
    pub mcp_config: Option<String>,
    /// JSON text of an array of strings.
    pub custom_args: String,
    pub max_concurrent_tasks: i64,
}

impl AgentFields {
    /// The current fields of a stored agent (the base a partial update starts from).
    pub fn of(row: &AgentRow) -> Self {
        Self {
            name: row.name.clone(),
            description: row.description.clone(),
            instructions: row.instructions.clone(),
            runtime_id: row.runtime_id,
            mcp_config: row.mcp_config.clone(),
            custom_args: row.custom_args.clone(),
            max_concurrent_tasks: row.max_concurrent_tasks,
        }
    }
}

/// Whose agents a list shows.
#[derive(Clone, Copy, Debug)]
pub enum ListScope {
    /// Every agent (workspace owners and admins, §4.7 V3).
    All,
    /// The agents this plain member may view (§4.7 V2, V4).
    VisibleTo(UserId),
}

const COLUMNS: &str = "a.id, a.workspace_id, a.name, a.description, a.instructions, \
     a.runtime_id, a.mcp_config, a.custom_args, a.max_concurrent_tasks, a.owner_id, \
     a.permission_mode, a.archived_at, a.created_at, a.updated_at, a.composio_toolkit_allowlist";

/// §4.7 V2 + V4 for the plain member bound as `$2` in workspace `$1`: the owner, or a
/// `public_to` agent with a workspace target, a member target naming them or a team target
/// naming a team they are in now. Mirrors `agentry_core::agents::can_view`.
pub(crate) const VISIBLE_TO_MEMBER: &str =
    "(a.owner_id = $2 OR (a.permission_mode = 'public_to' AND EXISTS (\
     SELECT 1 FROM agent_invocation_targets t WHERE t.agent_id = a.id AND (\
     t.target_type = 'workspace' \
     OR (t.target_type = 'member' AND t.target_id = $2) \
     OR (t.target_type = 'team' AND EXISTS (SELECT 1 FROM team_members tm \
     WHERE tm.team_id = t.target_id AND tm.user_id = $2 AND tm.workspace_id = $1))))))";

fn list_filter(scope: ListScope, include_archived: bool) -> String {
    let mut filter = String::from("a.workspace_id = $1");
    if !include_archived {
        filter.push_str(" AND a.archived_at IS NULL");
    }
    if let ListScope::VisibleTo(_) = scope {
        filter.push_str(" AND ");
        filter.push_str(VISIBLE_TO_MEMBER);
    }
    filter
}

/// The agents of the workspace the scope shows, by name, with their targets.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    scope: ListScope,
    include_archived: bool,
) -> Result<Vec<AgentRecord>, sqlx::Error> {
    let filter = list_filter(scope, include_archived);
    let user = match scope {
        ListScope::All => None,
        ListScope::VisibleTo(user) => Some(user),
    };
    let rows_sql =
        format!("SELECT {COLUMNS} FROM agents a WHERE {filter} ORDER BY LOWER(a.name), a.id");
    let mut rows = sqlx::query_as::<_, AgentRow>(&rows_sql).bind(workspace_id);
    if let Some(user) = user {
        rows = rows.bind(user);
    }
    let rows = rows.fetch_all(&mut *conn).await?;
    let targets_sql = format!(
        "SELECT t.agent_id, t.target_type, t.target_id FROM agent_invocation_targets t \
         JOIN agents a ON a.id = t.agent_id WHERE {filter} \
         ORDER BY t.agent_id, t.target_type, t.created_at, t.target_id"
    );
    let mut targets =
        sqlx::query_as::<_, (AgentId, String, String)>(&targets_sql).bind(workspace_id);
    if let Some(user) = user {
        targets = targets.bind(user);
    }
    let mut by_agent: HashMap<AgentId, Vec<InvocationTarget>> = HashMap::new();
    for (agent_id, target_type, target_id) in targets.fetch_all(&mut *conn).await? {
        if let Some(target) = target(&target_type, &target_id) {
            by_agent.entry(agent_id).or_default().push(target);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let targets = by_agent.remove(&row.id).unwrap_or_default();
            AgentRecord { row, targets }
        })
        .collect())
}

/// One agent of the workspace with its targets.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: AgentId,
) -> Result<Option<AgentRecord>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, AgentRow>(&format!(
        "SELECT {COLUMNS} FROM agents a WHERE a.workspace_id = $1 AND a.id = $2"
    ))
    .bind(workspace_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let targets = targets_of(conn, id).await?;
    Ok(Some(AgentRecord { row, targets }))
}

/// The agent's targets, by type then age (spec §2.2).
pub async fn targets_of(
    conn: &mut AnyConnection,
    agent_id: AgentId,
) -> Result<Vec<InvocationTarget>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (String, String)>(
        "SELECT target_type, target_id FROM agent_invocation_targets WHERE agent_id = $1 \
         ORDER BY target_type, created_at, target_id",
    )
    .bind(agent_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().filter_map(|(t, id)| target(t, id)).collect())
}

/// A stored target; a row that cannot be read is skipped, which can only narrow access.
fn target(target_type: &str, target_id: &str) -> Option<InvocationTarget> {
    Some(InvocationTarget {
        target_type: TargetType::parse(target_type)?,
        target_id: Some(Uuid::parse_str(target_id).ok()?),
    })
}

/// Inserts an agent owned by `owner_id` with private access; the caller sets its access with
/// [`set_access`] in the same transaction. Fails on `agents_workspace_name_key` (409).
pub async fn insert(
    conn: &mut AnyConnection,
    id: AgentId,
    workspace_id: WorkspaceId,
    owner_id: UserId,
    fields: &AgentFields,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agents (id, workspace_id, name, description, instructions, runtime_id, \
         mcp_config, custom_args, max_concurrent_tasks, owner_id, permission_mode, visibility, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'private', 'private', $11, $11)",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(&fields.name)
    .bind(fields.description.as_deref())
    .bind(&fields.instructions)
    .bind(fields.runtime_id)
    .bind(fields.mcp_config.as_deref())
    .bind(&fields.custom_args)
    .bind(fields.max_concurrent_tasks)
    .bind(owner_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes every field of `fields`. Fails on `agents_workspace_name_key` (409).
pub async fn update_fields(
    conn: &mut AnyConnection,
    id: AgentId,
    fields: &AgentFields,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agents SET name = $1, description = $2, instructions = $3, runtime_id = $4, \
         mcp_config = $5, custom_args = $6, max_concurrent_tasks = $7, updated_at = $8 \
         WHERE id = $9",
    )
    .bind(&fields.name)
    .bind(fields.description.as_deref())
    .bind(&fields.instructions)
    .bind(fields.runtime_id)
    .bind(fields.mcp_config.as_deref())
    .bind(&fields.custom_args)
    .bind(fields.max_concurrent_tasks)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// §4.1 P10: writes the mode with its derived visibility and replaces the whole target set.
pub async fn set_access(
    conn: &mut AnyConnection,
    agent_id: AgentId,
    setting: &AccessSetting,
    created_by: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agents SET permission_mode = $1, visibility = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(setting.permission_mode.as_str())
    .bind(visibility_str(setting))
    .bind(now)
    .bind(agent_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM agent_invocation_targets WHERE agent_id = $1")
        .bind(agent_id)
        .execute(&mut *conn)
        .await?;
    for target in &setting.invocation_targets {
        let Some(target_id) = target.target_id else {
            continue;
        };
        sqlx::query(
            "INSERT INTO agent_invocation_targets \
             (id, agent_id, target_type, target_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(super::new_id().to_string())
        .bind(agent_id)
        .bind(target.target_type.as_str())
        .bind(target_id.to_string())
        .bind(created_by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn visibility_str(setting: &AccessSetting) -> &'static str {
    match setting.visibility() {
        agentry_core::agents::Visibility::Workspace => "workspace",
        agentry_core::agents::Visibility::Private => "private",
    }
}

/// Replaces the allowlist (`None`: never set; the slugs are already normalised).
pub async fn set_allowlist(
    conn: &mut AnyConnection,
    id: AgentId,
    allowlist: Option<&[String]>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let text = allowlist.map(|slugs| serde_json::Value::from(slugs).to_string());
    sqlx::query("UPDATE agents SET composio_toolkit_allowlist = $1, updated_at = $2 WHERE id = $3")
        .bind(text)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Archives (`Some(time)`) or restores (`None`) the agent.
pub async fn set_archived(
    conn: &mut AnyConnection,
    id: AgentId,
    archived_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agents SET archived_at = $1, updated_at = $2 WHERE id = $3")
        .bind(archived_at)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The agents of the workspace with a `target_type` target naming `target_id`, before it is
/// pruned (member removal, team deletion).
pub async fn with_target(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    target_type: TargetType,
    target_id: Uuid,
) -> Result<Vec<AgentId>, sqlx::Error> {
    sqlx::query_scalar::<_, AgentId>(
        "SELECT t.agent_id FROM agent_invocation_targets t JOIN agents a ON a.id = t.agent_id \
         WHERE t.target_type = $1 AND t.target_id = $2 AND a.workspace_id = $3 ORDER BY t.agent_id",
    )
    .bind(target_type.as_str())
    .bind(target_id.to_string())
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Deletes every `target_type` target naming `target_id` on agents of this workspace only
/// (spec §4.12 MR1, MR3).
pub async fn delete_targets(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    target_type: TargetType,
    target_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM agent_invocation_targets WHERE target_type = $1 AND target_id = $2 \
         AND agent_id IN (SELECT id FROM agents WHERE workspace_id = $3)",
    )
    .bind(target_type.as_str())
    .bind(target_id.to_string())
    .bind(workspace_id)
    .execute(conn)
    .await?;
    Ok(())
}
