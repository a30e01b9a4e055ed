//! The view gate (§4.7, team targets counted like members), the manage gate (§4.8 M1, M5),
//! the owner-only access change (§4.8 M2, C-O) and the caller's permissions answer built from
//! all four gates.

use super::facts::{Actor, AgentAccess, Caller};
use super::invoke::can_invoke;
use super::model::PermissionMode;
use super::reason::{AccessDecision, AccessReason};
use crate::UserId;

/// §4.7 V1–V4: may the caller see and open the agent? The list filter (V6) is this same
/// predicate, applied in the server's query.
/// - V1 agent actors always pass;
/// - V2 the owner passes;
/// - V3 otherwise the effective user must be a workspace member; owners and admins pass;
/// - V4 a plain member passes when the agent is `public_to` and a workspace target, a member
///   target naming them or a team target naming a team they are in admits them.
///
/// A system actor has no HTTP surface; it is judged as its originator, or refused.
pub fn can_view(agent: &AgentAccess<'_>, caller: &Caller<'_>) -> AccessDecision {
    if matches!(caller.actor, Actor::Agent { .. }) {
        return AccessDecision::of(AccessReason::AllowedAgentActor);
    }
    let Some(user) = caller.actor.effective_user() else {
        return AccessDecision::of(AccessReason::DeniedNoEffectiveUser);
    };
    if agent.is_owned_by(Some(user)) {
        return AccessDecision::of(AccessReason::AllowedOwner);
    }
    let Some(role) = caller.role else {
        return AccessDecision::of(AccessReason::DeniedNotMember);
    };
    if role.is_admin_like() {
        return AccessDecision::of(AccessReason::AllowedAdmin);
    }
    if agent.mode != PermissionMode::PublicTo {
        return AccessDecision::of(AccessReason::DeniedPrivate);
    }
    match agent.first_grant(user, caller.teams) {
        Some((index, grant)) => AccessDecision::granted(grant, index),
        None => AccessDecision::of(AccessReason::DeniedNotTargeted),
    }
}

/// §4.8 M1/M5: may the caller edit, archive or restore the agent? The effective user must be
/// a workspace member (the server answers 404 otherwise, [`AccessReason::DeniedNotMember`]),
/// then the agent's owner or a workspace owner or admin (403 otherwise).
pub fn can_manage(agent: &AgentAccess<'_>, caller: &Caller<'_>) -> AccessDecision {
    let Some(user) = caller.actor.effective_user() else {
        return AccessDecision::of(AccessReason::DeniedNoEffectiveUser);
    };
    let Some(role) = caller.role else {
        return AccessDecision::of(AccessReason::DeniedNotMember);
    };
    AccessDecision::of(if agent.is_owned_by(Some(user)) {
        AccessReason::AllowedOwner
    } else if role.is_admin_like() {
        AccessReason::AllowedAdmin
    } else {
        AccessReason::DeniedNotManager
    })
}

/// §4.8 M2 and C-O: only the agent's owner may change who can run it; workspace admins may
/// not, and nobody may change an orphan agent's access. This is also the access editor's
/// editability in the UI (not [`can_manage`]).
pub fn can_change_access(user: Option<UserId>, owner_id: Option<UserId>) -> AccessDecision {
    AccessDecision::of(match user {
        None => AccessReason::DeniedNoEffectiveUser,
        Some(_) if user == owner_id => AccessReason::AllowedOwner,
        Some(_) => AccessReason::DeniedNotAgentOwner,
    })
}

/// The four gates for one caller, as `GET /api/agents/{id}/permissions` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permissions {
    /// See and open it.
    pub can_view: AccessDecision,
    /// Edit, archive and restore it.
    pub can_edit: AccessDecision,
    /// Change who can run it.
    pub can_change_access: AccessDecision,
    /// Run it.
    pub can_invoke: AccessDecision,
}

/// The four gates for the caller. Changing access first needs the manage gate's membership
/// (an owner who left the workspace cannot).
pub fn agent_permissions(agent: &AgentAccess<'_>, caller: &Caller<'_>) -> Permissions {
    let manage = can_manage(agent, caller);
    let change_access = match manage.reason {
        AccessReason::DeniedNotMember | AccessReason::DeniedNoEffectiveUser => manage,
        _ => can_change_access(caller.actor.effective_user(), agent.owner_id),
    };
    Permissions {
        can_view: can_view(agent, caller),
        can_edit: manage,
        can_change_access: change_access,
        can_invoke: can_invoke(agent, caller),
    }
}

#[cfg(test)]
mod tests;
