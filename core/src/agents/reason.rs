//! The answer every server-side agent rule gives: allowed or not, a reason with a stable code,
//! and which target admitted the caller. `Copy`, so the hot path never allocates.

use super::facts::Grant;
use serde::{Deserialize, Serialize};

/// Why an agent rule allowed or refused. Codes are stable: the API sends them and the UI
/// translates them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessReason {
    /// The effective user owns the agent.
    AllowedOwner,
    /// A workspace owner or admin (view and manage only; never invoke).
    AllowedAdmin,
    /// A workspace target admits every member.
    AllowedWorkspace,
    /// A member target names the effective user.
    AllowedMember,
    /// A team target names a team the effective user is in now.
    AllowedTeam,
    /// An agent or system actor may run a workspace-wide agent without a human (§4.3 I4).
    AllowedAutomation,
    /// Agent actors may always see agents (§4.7 V1).
    AllowedAgentActor,
    /// The agent is private and the caller is not its owner.
    DeniedPrivate,
    /// The agent is shared, but with nobody the caller is.
    DeniedNotTargeted,
    /// An agent or system actor with no human behind it, and no workspace target.
    DeniedNoEffectiveUser,
    /// The effective user is not a member of the agent's workspace.
    DeniedNotMember,
    /// Only workspace owners and admins and the agent's owner may manage it.
    DeniedNotManager,
    /// Only the agent's owner may change who can run it.
    DeniedNotAgentOwner,
    /// Only the agent's owner may change which of their connected apps it may use.
    DeniedNotAppsOwner,
}

impl AccessReason {
    /// Every reason, for tables that must cover them all.
    pub const ALL: [AccessReason; 14] = [
        AccessReason::AllowedOwner,
        AccessReason::AllowedAdmin,
        AccessReason::AllowedWorkspace,
        AccessReason::AllowedMember,
        AccessReason::AllowedTeam,
        AccessReason::AllowedAutomation,
        AccessReason::AllowedAgentActor,
        AccessReason::DeniedPrivate,
        AccessReason::DeniedNotTargeted,
        AccessReason::DeniedNoEffectiveUser,
        AccessReason::DeniedNotMember,
        AccessReason::DeniedNotManager,
        AccessReason::DeniedNotAgentOwner,
        AccessReason::DeniedNotAppsOwner,
    ];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            AccessReason::AllowedOwner => "allowed_owner",
            AccessReason::AllowedAdmin => "allowed_admin",
            AccessReason::AllowedWorkspace => "allowed_workspace",
            AccessReason::AllowedMember => "allowed_member",
            AccessReason::AllowedTeam => "allowed_team",
            AccessReason::AllowedAutomation => "allowed_automation",
            AccessReason::AllowedAgentActor => "allowed_agent_actor",
            AccessReason::DeniedPrivate => "denied_private",
            AccessReason::DeniedNotTargeted => "denied_not_targeted",
            AccessReason::DeniedNoEffectiveUser => "denied_no_effective_user",
            AccessReason::DeniedNotMember => "denied_not_member",
            AccessReason::DeniedNotManager => "denied_not_manager",
            AccessReason::DeniedNotAgentOwner => "denied_not_agent_owner",
            AccessReason::DeniedNotAppsOwner => "denied_not_apps_owner",
        }
    }

    /// Whether this reason allows.
    pub const fn is_allowed(self) -> bool {
        matches!(
            self,
            AccessReason::AllowedOwner
                | AccessReason::AllowedAdmin
                | AccessReason::AllowedWorkspace
                | AccessReason::AllowedMember
                | AccessReason::AllowedTeam
                | AccessReason::AllowedAutomation
                | AccessReason::AllowedAgentActor
        )
    }

    /// An English message for a refusal sent to someone who may not see the agent's settings.
    /// It never reveals the agent's mode or targets (spec §8.8); the precise reason goes only
    /// to callers who may already see them (the permissions and explain endpoints).
    pub fn public_message(self) -> &'static str {
        match self {
            AccessReason::DeniedNotManager => {
                "only workspace owners and admins and the agent's owner can manage this agent"
            }
            AccessReason::DeniedNotAgentOwner => "only the agent's owner can change who can run it",
            AccessReason::DeniedNotAppsOwner => {
                "only the agent's owner can change which connected apps it may use"
            }
            _ if self.is_allowed() => "allowed",
            _ => "you don't have permission to use this agent",
        }
    }
}

/// The outcome of an agent rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AccessDecision {
    /// Whether the action may proceed.
    pub allowed: bool,
    /// Why.
    pub reason: AccessReason,
    /// The index into the agent's targets of the target that admitted the caller, if one did.
    pub via: Option<usize>,
}

impl AccessDecision {
    /// A decision that no target was involved in.
    pub const fn of(reason: AccessReason) -> Self {
        Self {
            allowed: reason.is_allowed(),
            reason,
            via: None,
        }
    }

    /// Allowed through the target at `index`.
    pub(crate) const fn via(reason: AccessReason, index: usize) -> Self {
        Self {
            allowed: true,
            reason,
            via: Some(index),
        }
    }

    /// Allowed through the target at `index`, by the kind of grant it gave.
    pub(crate) const fn granted(grant: Grant, index: usize) -> Self {
        let reason = match grant {
            Grant::Workspace => AccessReason::AllowedWorkspace,
            Grant::Member => AccessReason::AllowedMember,
            Grant::Team => AccessReason::AllowedTeam,
        };
        Self::via(reason, index)
    }

    /// As a `Result`, for `?` in handlers.
    pub fn into_result(self) -> Result<Self, AccessReason> {
        if self.allowed {
            Ok(self)
        } else {
            Err(self.reason)
        }
    }
}
