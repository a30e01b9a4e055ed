//! Request and response bodies of `/api/agents`: the agent, its partial update, the caller's
//! permissions and the access explainer.

use crate::agents::{
    AccessDecision, AccessReason, AccessSetting, AgentAccess, Field, InvocationTarget,
    InvokeExplanation, PermissionInput, PermissionMode, Permissions, Visibility,
};
use crate::{AgentId, UserId, WorkspaceId};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// An agent as the API returns it. `visibility` is derived from mode and targets; an agent
/// from an older server without `invocation_targets` reads as having none, and an unknown
/// mode reads as private.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agent {
    /// Agent id.
    pub id: AgentId,
    /// Its workspace.
    pub workspace_id: WorkspaceId,
    /// Display name, unique per workspace.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Persona text for later briefs.
    pub instructions: String,
    /// The runtime it runs on; `null` until bound.
    pub runtime_id: Option<Uuid>,
    /// MCP server configuration; `null` when unset or redacted.
    pub mcp_config: Option<Value>,
    /// Whether a stored `mcp_config` was withheld from this caller.
    #[serde(default)]
    pub mcp_config_redacted: bool,
    /// Extra runtime arguments.
    #[serde(default)]
    pub custom_args: Vec<String>,
    /// How many runs may execute at once.
    pub max_concurrent_tasks: i64,
    /// The owner (the creator); `null` for an orphan.
    pub owner_id: Option<UserId>,
    /// Who may run it.
    #[serde(default, deserialize_with = "lenient_mode")]
    pub permission_mode: PermissionMode,
    /// The targets of a `public_to` agent; `[]` when private.
    #[serde(default)]
    pub invocation_targets: Vec<InvocationTarget>,
    /// Derived legacy visibility.
    pub visibility: Visibility,
    /// When it was archived, if it is.
    pub archived_at: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The toolkit slugs (Composio apps) its runs may use from the owner's connections,
    /// normalised. Sent only to the owner while connected apps are on; absent otherwise, and
    /// for the owner when it was never set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composio_toolkit_allowlist: Option<Vec<String>>,
    /// `true` when a non-empty allowlist was withheld from this caller (omitted when `false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub composio_toolkit_allowlist_redacted: bool,
    /// Whose connected apps the runs use, for someone other than the owner who may run it;
    /// absent when that is nobody's or nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apps_in_use: Option<AppsInUse>,
}

/// "Runs of this agent use <owner>'s <apps>": the apps the agent allows that its owner has
/// connected, by name (never an account id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppsInUse {
    /// The owner's display name.
    pub owner_name: String,
    /// The apps' display names, in slug order.
    pub apps: Vec<String>,
}

impl Agent {
    /// The facts the access rules need.
    pub fn access(&self) -> AgentAccess<'_> {
        AgentAccess {
            owner_id: self.owner_id,
            mode: self.permission_mode,
            targets: &self.invocation_targets,
        }
    }

    /// Withholds `mcp_config`; the flag is set only when there was something to withhold.
    pub fn redact_mcp_config(&mut self) {
        self.mcp_config_redacted = self.mcp_config.take().is_some();
    }

    /// Withholds the allowlist; the flag is set only when a non-empty list was withheld.
    pub fn redact_allowlist(&mut self) {
        self.composio_toolkit_allowlist_redacted = self
            .composio_toolkit_allowlist
            .take()
            .is_some_and(|list| !list.is_empty());
    }

    /// The allowlisted slugs, empty when unset or not shown.
    pub fn allowlist(&self) -> &[String] {
        self.composio_toolkit_allowlist
            .as_deref()
            .unwrap_or_default()
    }
}

fn lenient_mode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PermissionMode, D::Error> {
    let raw = Option::<String>::deserialize(deserializer)?;
    Ok(PermissionMode::parse_lenient(raw.as_deref()))
}

/// `POST /api/agents`. Validate each field with [`crate::agents::fields`] and the access
/// part with [`crate::agents::parse_permission_input`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAgentRequest {
    /// Display name.
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Persona text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// The runtime, if any yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_id: Option<Uuid>,
    /// MCP configuration: an object or `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcp_config: Option<Value>,
    /// Extra runtime arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_args: Option<Vec<String>>,
    /// Concurrency; 6 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrent_tasks: Option<i64>,
    /// Toolkit slugs its runs may use from the creator's connected apps; ignored while
    /// connected apps are off. Checked by [`crate::apps::check_allowlist`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composio_toolkit_allowlist: Option<Vec<String>>,
    /// `permission_mode`, `invocation_targets` and legacy `visibility`, as sent.
    #[serde(flatten)]
    pub access: PermissionInput,
}

/// `PUT /api/agents/{id}`: only keys present change; `null` clears the nullable ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAgentRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name: Field<String>,
    /// New description; `null` clears it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Field<String>,
    /// New persona text.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub instructions: Field<String>,
    /// New runtime; `null` unbinds it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub runtime_id: Field<Uuid>,
    /// New MCP configuration; `null` clears it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    pub mcp_config: Field<Value>,
    /// New runtime arguments.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub custom_args: Field<Vec<String>>,
    /// New concurrency.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub max_concurrent_tasks: Field<i64>,
    /// New allowlist of toolkit slugs (owner only; see [`crate::apps::plan_allowlist_update`]);
    /// `null` makes it never set again. Ignored while connected apps are off.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub composio_toolkit_allowlist: Field<Vec<String>>,
    /// The access keys, as sent; see [`crate::agents::plan_access_update`].
    #[serde(flatten)]
    pub access: PermissionInput,
}

/// One gate's answer for the caller: `{"allowed": …, "reason": "<code>"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    /// Whether the caller may.
    pub allowed: bool,
    /// Why, as a stable code.
    pub reason: AccessReason,
}

impl UpdateAgentRequest {
    /// A change of who may run the agent and nothing else: the access keys of `setting`.
    pub fn access_only(setting: &AccessSetting) -> Self {
        UpdateAgentRequest {
            access: PermissionInput::from_setting(setting),
            ..Default::default()
        }
    }
}

impl From<AccessDecision> for Verdict {
    fn from(decision: AccessDecision) -> Self {
        Self {
            allowed: decision.allowed,
            reason: decision.reason,
        }
    }
}

/// `GET /api/agents/{id}/permissions`: what the caller may do with the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentPermissions {
    /// See and open it (§4.7).
    pub can_view: Verdict,
    /// Edit, archive and restore it (§4.8 M1).
    pub can_edit: Verdict,
    /// Change who can run it (owner only, §4.8 M2).
    pub can_change_access: Verdict,
    /// Run it (§4.3).
    pub can_invoke: Verdict,
}

impl From<Permissions> for AgentPermissions {
    fn from(gates: Permissions) -> Self {
        Self {
            can_view: gates.can_view.into(),
            can_edit: gates.can_edit.into(),
            can_change_access: gates.can_change_access.into(),
            can_invoke: gates.can_invoke.into(),
        }
    }
}

/// `GET /api/agents/{id}/access/explain?user_id=…`: whether that person may run the agent,
/// why, and the target that admits them (`null` for the owner or a refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessExplanation {
    /// The person asked about.
    pub user_id: UserId,
    /// Whether they may run it.
    pub allowed: bool,
    /// Why.
    pub reason: AccessReason,
    /// The admitting target, as `{target_type, target_id}`.
    pub via: Option<InvocationTarget>,
}

impl From<InvokeExplanation> for AccessExplanation {
    fn from(answer: InvokeExplanation) -> Self {
        Self {
            user_id: answer.user_id,
            allowed: answer.allowed,
            reason: answer.reason,
            via: answer.via,
        }
    }
}

/// `GET /api/agents/{id}/access/explain` without `user_id`: every member's verdict at once,
/// in the member list's order (owners first, then by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessExplanations {
    /// One entry per member of the workspace now.
    pub members: Vec<MemberExplanation>,
}

/// One member's verdict: the single-member [`AccessExplanation`]'s fields, with the member's
/// name and email so the list needs no second lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberExplanation {
    /// The member.
    pub user_id: UserId,
    /// Their display name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Whether they may run the agent.
    pub allowed: bool,
    /// Why.
    pub reason: AccessReason,
    /// The admitting target, as `{target_type, target_id}`.
    pub via: Option<InvocationTarget>,
}

impl MemberExplanation {
    /// `explanation` of the member called `name` at `email`.
    pub fn new(explanation: AccessExplanation, name: String, email: String) -> Self {
        Self {
            user_id: explanation.user_id,
            name,
            email,
            allowed: explanation.allowed,
            reason: explanation.reason,
            via: explanation.via,
        }
    }

    /// The single-member answer this entry carries.
    pub fn explanation(&self) -> AccessExplanation {
        AccessExplanation {
            user_id: self.user_id,
            allowed: self.allowed,
            reason: self.reason,
            via: self.via,
        }
    }
}

/// What an entry of an agent's Activity tab records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// The agent was created with its first access setting.
    Created,
    /// Its owner changed who can run it.
    AccessChanged,
    /// Grants were removed because a member left the workspace or a team was deleted.
    AccessPruned,
    /// It was archived.
    Archived,
    /// It was restored from the archive.
    Restored,
    /// Its owner changed which connected apps it may use.
    AppsChanged,
    /// An action this client does not know yet (a newer server).
    #[serde(other)]
    Other,
}

impl AuditAction {
    /// The wire and database form.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Created => "created",
            AuditAction::AccessChanged => "access_changed",
            AuditAction::AccessPruned => "access_pruned",
            AuditAction::Archived => "archived",
            AuditAction::Restored => "restored",
            AuditAction::AppsChanged => "apps_changed",
            AuditAction::Other => "other",
        }
    }
}

/// One entry of `GET /api/agents/{id}/activity` (newest first). `before` and `after` are
/// `{"permission_mode", "invocation_targets"}` for access entries, `{"archived_at"}` for
/// archive and restore and `{"composio_toolkit_allowlist"}` for apps entries; `before` is
/// `null` on creation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentActivity {
    /// Entry id.
    pub id: Uuid,
    /// The agent.
    pub agent_id: AgentId,
    /// Who acted; `null` for the system.
    pub actor_id: Option<UserId>,
    /// Their display name now, if the account still exists.
    pub actor_name: Option<String>,
    /// What happened.
    pub action: AuditAction,
    /// The state before.
    pub before: Option<Value>,
    /// The state after.
    pub after: Option<Value>,
    /// When.
    pub created_at: String,
}

/// `GET /api/agents/{id}/brief`: the brief each kind of run of this agent is given, built by the
/// same code the claim uses, in the order of [`TaskKind::ALL`](crate::brief::TaskKind::ALL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentBriefs {
    /// One entry per kind.
    pub briefs: Vec<BriefPreview>,
}

/// The brief of one kind of run, as a run of it would be given it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefPreview {
    /// `issue`, `autopilot`, `quick_create` or `chat`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: crate::brief::TaskKind,
    /// The protocol family of the agent's runtime (a custom profile's family for its
    /// instances); `null` when the agent has no runtime (never bound, or it was deleted).
    pub family: Option<String>,
    /// The file the daemon writes the brief to; `null` without a runtime or for a family with
    /// no instruction file.
    pub file_name: Option<String>,
    /// SHA-256 of `text`, as a claimed task of this kind stores it.
    pub hash: String,
    /// The brief itself.
    pub text: String,
    /// True for the autopilot kind: a preview has no autopilot, so the autopilot's id, title
    /// and instructions are left out here, and a real run's brief (and hash) adds them.
    pub per_autopilot: bool,
}

#[cfg(test)]
mod tests;
