//! The browser's view of the agent rules (§4.9 C-E, C-A, C-L): the server gates, asked with
//! what the page knows, answered with the spec's client reason codes. While the caller's role
//! is still loading, an answer that depends on it is "undetermined", not a denial.

use super::facts::{AgentAccess, Caller};
use super::gates::can_manage;
use super::invoke::can_invoke;
use super::reason::{AccessDecision, AccessReason};
use crate::{Role, TeamId, UserId};

/// What the page knows of the current user's role in the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleState {
    /// The member list has not loaded yet.
    Loading,
    /// Loaded: the user is not a member.
    NotMember,
    /// Loaded: the user's role.
    Known(Role),
}

impl RoleState {
    fn possible_roles(self) -> &'static [Option<Role>] {
        match self {
            RoleState::Loading => &[
                None,
                Some(Role::Owner),
                Some(Role::Admin),
                Some(Role::Member),
            ],
            RoleState::NotMember => &[None],
            RoleState::Known(Role::Owner) => &[Some(Role::Owner)],
            RoleState::Known(Role::Admin) => &[Some(Role::Admin)],
            RoleState::Known(Role::Member) => &[Some(Role::Member)],
        }
    }
}

/// Why the browser should hide or disable a control (spec §3.6 codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientReason {
    /// Nobody is signed in.
    NotAuthenticated,
    /// The user is not a member of the workspace.
    NotMember,
    /// Only the agent's owner and workspace owners and admins may edit it.
    NotResourceOwner,
    /// The agent is not shared with the user (private, or shared with others).
    PrivateVisibility,
    /// There is no agent to decide about.
    Unknown,
}

impl ClientReason {
    /// The stable code, the UI's translation key.
    pub fn code(self) -> &'static str {
        match self {
            ClientReason::NotAuthenticated => "not_authenticated",
            ClientReason::NotMember => "not_member",
            ClientReason::NotResourceOwner => "not_resource_owner",
            ClientReason::PrivateVisibility => "private_visibility",
            ClientReason::Unknown => "unknown",
        }
    }
}

/// A client-side answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientDecision {
    /// Show and enable the control.
    Allowed,
    /// Hide or disable it, saying why.
    Denied(ClientReason),
    /// Not known yet (role still loading): neither offer nor refuse.
    Undetermined,
}

impl ClientDecision {
    /// `allowed`, `undetermined` or the denial's code.
    pub fn code(self) -> &'static str {
        match self {
            ClientDecision::Allowed => "allowed",
            ClientDecision::Denied(reason) => reason.code(),
            ClientDecision::Undetermined => "undetermined",
        }
    }

    /// Whether the control may be used now.
    pub fn is_allowed(self) -> bool {
        self == ClientDecision::Allowed
    }
}

/// Asks `gate` for every role the user might have; one shared answer is the answer.
fn decide(
    agent: Option<&AgentAccess<'_>>,
    user: Option<UserId>,
    role: RoleState,
    teams: &[TeamId],
    gate: fn(&AgentAccess<'_>, &Caller<'_>) -> AccessDecision,
    denial: fn(AccessReason) -> ClientReason,
) -> ClientDecision {
    let Some(agent) = agent else {
        return ClientDecision::Denied(ClientReason::Unknown);
    };
    let Some(user) = user else {
        return ClientDecision::Denied(ClientReason::NotAuthenticated);
    };
    let mut answers = role.possible_roles().iter().map(|&role| {
        let decision = gate(agent, &Caller::member(user, role, teams));
        match decision.allowed {
            true => ClientDecision::Allowed,
            false => ClientDecision::Denied(denial(decision.reason)),
        }
    });
    let first = answers.next().unwrap_or(ClientDecision::Undetermined);
    match answers.all(|answer| answer == first) {
        true => first,
        false => ClientDecision::Undetermined,
    }
}

/// C-E: may the user edit the agent's settings (not its access, see
/// [`super::can_change_access`])? Owners and admins of the workspace, and the agent's owner.
pub fn can_edit_agent(
    agent: Option<&AgentAccess<'_>>,
    user: Option<UserId>,
    role: RoleState,
) -> ClientDecision {
    decide(agent, user, role, &[], can_manage, |reason| match reason {
        AccessReason::DeniedNotMember => ClientReason::NotMember,
        AccessReason::DeniedNotManager => ClientReason::NotResourceOwner,
        _ => ClientReason::Unknown,
    })
}

/// May the user see "Who can run this?", the explainer's answers? Its endpoint answers the
/// manage gate's people (the agent's owner, workspace owners and admins), so this is
/// [`can_edit_agent`]: one rule for the page, the panel and the server.
pub fn can_explain_access(
    agent: Option<&AgentAccess<'_>>,
    user: Option<UserId>,
    role: RoleState,
) -> ClientDecision {
    can_edit_agent(agent, user, role)
}

/// C-A: may the user assign work to, mention or chat with the agent? The invoke gate itself,
/// so team targets grant here as on the server; `teams` are the user's teams now.
pub fn can_assign_agent(
    agent: Option<&AgentAccess<'_>>,
    user: Option<UserId>,
    role: RoleState,
    teams: &[TeamId],
) -> ClientDecision {
    decide(
        agent,
        user,
        role,
        teams,
        can_invoke,
        |reason| match reason {
            AccessReason::DeniedPrivate | AccessReason::DeniedNotTargeted => {
                ClientReason::PrivateVisibility
            }
            AccessReason::DeniedNotMember => ClientReason::NotMember,
            _ => ClientReason::Unknown,
        },
    )
}

#[cfg(test)]
mod tests;
