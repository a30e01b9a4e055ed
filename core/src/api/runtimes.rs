//! Request and response bodies of runtime profiles (`/api/workspaces/{id}/runtime-profiles`),
//! runtimes (`/api/runtimes`), daemon tokens and the live event channel.

use crate::agents::Field;
use crate::runtimes::{RuntimeStatus, RuntimeVisibility};
use crate::{
    AgentId, ChatSessionId, DaemonTokenId, IssueId, ProfileId, RuntimeId, TaskId, UserId,
    WorkspaceId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A custom runtime profile: a command plus fixed arguments speaking one protocol family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuntimeProfile {
    /// Profile id.
    pub id: ProfileId,
    /// Its workspace.
    pub workspace_id: WorkspaceId,
    /// Unique per workspace (exact, case-sensitive, trimmed).
    pub display_name: String,
    /// One of [`crate::runtimes::FAMILIES`] when written; older rows may carry a retired one.
    pub protocol_family: String,
    /// One executable token: a name on PATH or an absolute path.
    pub command_name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Arguments placed before everything else on every launch; never `null`.
    #[serde(default)]
    pub fixed_args: Vec<String>,
    /// Always `workspace`: profiles are shared with every machine of the workspace.
    pub visibility: String,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Disabled profiles stay listed for people but are hidden from daemons.
    pub enabled: bool,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// `GET /api/workspaces/{id}/runtime-profiles`, oldest first, disabled ones included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuntimeProfileList {
    /// The profiles.
    pub runtime_profiles: Vec<RuntimeProfile>,
}

/// `POST /api/workspaces/{id}/runtime-profiles`. Unknown keys (`visibility` included) are
/// ignored. Validate with [`crate::runtimes::profile`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRuntimeProfileRequest {
    /// Display name.
    pub display_name: String,
    /// Protocol family from the whitelist.
    pub protocol_family: String,
    /// One executable token.
    pub command_name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fixed arguments; `[]` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_args: Option<Vec<String>>,
    /// `true` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `PATCH`/`PUT /api/workspaces/{id}/runtime-profiles/{profile_id}`: keys absent or `null`
/// leave the column as it is; `protocol_family` cannot change and is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRuntimeProfileRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// New command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_name: Option<String>,
    /// New description (`""` is stored as given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New fixed arguments; `[]` clears them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_args: Option<Vec<String>>,
    /// Enable or disable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// A runtime: one built-in agent CLI or custom profile on one daemon's machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Runtime {
    /// Runtime id.
    pub id: RuntimeId,
    /// Its workspace.
    pub workspace_id: WorkspaceId,
    /// The daemon's stable machine id.
    pub daemon_id: Option<String>,
    /// The name the daemon proposed (overwritten on each registration).
    pub name: String,
    /// A person's rename; registration never touches it.
    pub custom_name: Option<String>,
    /// `local` for daemon registrations.
    pub runtime_mode: String,
    /// The protocol family; for a profile's instance, the profile's family.
    pub provider: String,
    /// What a person sees as the runtime's kind: the profile's display name or the family's
    /// label.
    pub launch_header: String,
    /// Online while heartbeating.
    pub status: RuntimeStatus,
    /// `device · version`.
    pub device_info: String,
    /// Version, CLI version, launcher, capabilities; failed profile rows carry
    /// `runtime_profile_registration_error`, `runtime_profile_failure_reason`, `command_name`.
    pub metadata: Value,
    /// Whose machine it is.
    pub owner_id: Option<UserId>,
    /// Who may bind agents to it.
    pub visibility: RuntimeVisibility,
    /// The profile it is an instance of; `null` for a built-in CLI.
    pub profile_id: Option<ProfileId>,
    /// Last heartbeat or registration.
    pub last_seen_at: Option<String>,
    /// Runs its daemon has in flight here, as of the last heartbeat that reported it (`null`
    /// for a daemon that does not report its load).
    #[serde(default)]
    pub running: Option<i64>,
    /// How many runs its daemon takes at once.
    #[serde(default)]
    pub capacity: Option<i64>,
    /// The daemon's last error starting a run here; only for the runtime's owner and
    /// workspace admins (the people who may edit it), `null` for everyone else.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When it first registered.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

impl Runtime {
    /// The name to show: the custom name if set, else the registered one.
    pub fn display_name(&self) -> &str {
        self.custom_name
            .as_deref()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or(&self.name)
    }

    /// Whether this is the offline row of a profile the daemon could not resolve.
    pub fn registration_failed(&self) -> bool {
        self.metadata
            .get(crate::runtimes::META_REGISTRATION_ERROR)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// Why the daemon could not resolve the profile, for failed rows.
    pub fn failure_reason(&self) -> Option<&str> {
        self.metadata
            .get(crate::runtimes::META_FAILURE_REASON)
            .and_then(Value::as_str)
    }

    /// The facts the runtime rules need.
    pub fn facts(&self) -> crate::runtimes::RuntimeFacts {
        crate::runtimes::RuntimeFacts {
            owner_id: self.owner_id,
            visibility: self.visibility,
        }
    }
}

/// `PATCH /api/runtimes/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRuntimeRequest {
    /// A rename; `null` or `""` goes back to the registered name.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub custom_name: Field<String>,
    /// Who may bind agents to it (runtime owner only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<RuntimeVisibility>,
}

/// An agent named in a 409 that refuses to delete a runtime or profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundAgent {
    /// Agent id.
    pub id: AgentId,
    /// Agent name.
    pub name: String,
}

/// The 409 body when active agents still use a runtime or profile:
/// `{"error", "code": "runtime_has_active_agents", "agents": [...], "hidden_agents": n}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuntimeInUse {
    /// Human-readable message.
    pub error: String,
    /// Always `runtime_has_active_agents`.
    pub code: String,
    /// The non-archived agents bound to it that the caller may view.
    pub agents: Vec<BoundAgent>,
    /// How many more are bound that the caller may not view: counted, never named.
    #[serde(default)]
    pub hidden_agents: u32,
}

/// `POST /api/workspaces/{id}/daemon-tokens`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateDaemonTokenRequest {
    /// A label, e.g. the machine's name.
    pub name: String,
    /// Lifetime in days (1–3650); 90 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<i64>,
}

/// A daemon token as listed: never the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaemonToken {
    /// Token id.
    pub id: DaemonTokenId,
    /// The workspace it serves.
    pub workspace_id: WorkspaceId,
    /// The member it acts for.
    pub user_id: UserId,
    /// Label.
    pub name: String,
    /// `agd_` plus the first characters, to recognise it.
    pub token_prefix: String,
    /// When it stops working.
    pub expires_at: String,
    /// Last use, to the minute.
    pub last_used_at: Option<String>,
    /// When it was created.
    pub created_at: String,
}

/// The answer to creating a daemon token: the secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedDaemonToken {
    /// `agd_` + 40 hex characters.
    pub token: String,
    /// The stored row.
    pub daemon_token: DaemonToken,
}

/// An event on `GET /api/events` (browsers) and `GET /api/daemon/events` (daemons), sent as
/// server-sent events whose `event:` is the `type` and whose `data:` is this JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type")]
pub enum ServerEvent {
    /// A profile was created, changed or deleted: daemons re-fetch and converge.
    #[serde(rename = "daemon:runtime_profiles_changed")]
    RuntimeProfilesChanged {
        /// The workspace.
        workspace_id: WorkspaceId,
        /// The profile, when one in particular changed.
        #[serde(default)]
        runtime_profile_id: Option<ProfileId>,
    },
    /// Runtimes registered, went offline, were renamed or deleted: runtime pages refetch.
    #[serde(rename = "runtimes:changed")]
    RuntimesChanged {
        /// The workspace.
        workspace_id: WorkspaceId,
    },
    /// A task was queued for a runtime: its daemon claims at once instead of waiting for a
    /// timer.
    #[serde(rename = "daemon:task_available")]
    TaskAvailable {
        /// The workspace.
        workspace_id: WorkspaceId,
        /// The runtime whose daemon should claim.
        runtime_id: RuntimeId,
        /// The task.
        task_id: TaskId,
    },
    /// A person asked to stop a task a daemon holds: that daemon stops the run.
    #[serde(rename = "daemon:task_cancelled")]
    TaskCancelled {
        /// The workspace.
        workspace_id: WorkspaceId,
        /// The runtime running it.
        runtime_id: RuntimeId,
        /// The task.
        task_id: TaskId,
    },
    /// A task changed status or got transcript messages: pages showing it refetch.
    #[serde(rename = "task:changed")]
    TaskChanged {
        /// The workspace.
        workspace_id: WorkspaceId,
        /// The task.
        task_id: TaskId,
        /// Its issue, so an issue page knows the run is its own.
        #[serde(default)]
        issue_id: Option<IssueId>,
        /// Its chat session, likewise.
        #[serde(default)]
        chat_session_id: Option<ChatSessionId>,
    },
    /// An issue, its comments or its assignee changed: issue pages refetch.
    #[serde(rename = "issue:changed")]
    IssueChanged {
        /// The workspace.
        workspace_id: WorkspaceId,
        /// The issue.
        issue_id: IssueId,
    },
}

impl ServerEvent {
    /// The workspace the event belongs to; only its members and daemons receive it.
    pub fn workspace_id(&self) -> WorkspaceId {
        match self {
            ServerEvent::RuntimeProfilesChanged { workspace_id, .. }
            | ServerEvent::RuntimesChanged { workspace_id }
            | ServerEvent::TaskAvailable { workspace_id, .. }
            | ServerEvent::TaskCancelled { workspace_id, .. }
            | ServerEvent::TaskChanged { workspace_id, .. }
            | ServerEvent::IssueChanged { workspace_id, .. } => *workspace_id,
        }
    }

    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            ServerEvent::RuntimeProfilesChanged { .. } => "daemon:runtime_profiles_changed",
            ServerEvent::RuntimesChanged { .. } => "runtimes:changed",
            ServerEvent::TaskAvailable { .. } => "daemon:task_available",
            ServerEvent::TaskCancelled { .. } => "daemon:task_cancelled",
            ServerEvent::TaskChanged { .. } => "task:changed",
            ServerEvent::IssueChanged { .. } => "issue:changed",
        }
    }
}
