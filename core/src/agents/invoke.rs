//! The invoke gate (spec §4.3, with team targets granting): may a run of this agent be started
//! on behalf of this actor? Also the explainer behind `GET /api/agents/{id}/access/explain`.

use super::facts::{AgentAccess, Caller};
use super::model::{InvocationTarget, PermissionMode, TargetType};
use super::reason::{AccessDecision, AccessReason};
use crate::{Role, TeamId, UserId};

/// §4.3 I1–I5. Allocation-free and fail-closed:
/// - I2 the effective user owns the agent → allowed, whatever the mode;
/// - I3 not `public_to` → denied; no bypass for admins or agents;
/// - I4 the first target admitting a **member** effective user wins: workspace (anyone in it),
///   member (them), team (a team they are in now); failing that, an agent or system actor may
///   run an agent with a workspace target even without a human member behind it;
/// - I5 otherwise denied, with the most useful reason.
pub fn can_invoke(agent: &AgentAccess<'_>, caller: &Caller<'_>) -> AccessDecision {
    let user = caller.actor.effective_user();
    if agent.is_owned_by(user) {
        return AccessDecision::of(AccessReason::AllowedOwner);
    }
    if agent.mode != PermissionMode::PublicTo {
        return AccessDecision::of(AccessReason::DeniedPrivate);
    }
    if let Some(user) = user.filter(|_| caller.role.is_some()) {
        return match agent.first_grant(user, caller.teams) {
            Some((index, grant)) => AccessDecision::granted(grant, index),
            None => AccessDecision::of(AccessReason::DeniedNotTargeted),
        };
    }
    if caller.actor.is_automation() {
        let workspace = agent
            .targets
            .iter()
            .position(|t| t.target_type == TargetType::Workspace);
        if let Some(index) = workspace {
            return AccessDecision::via(AccessReason::AllowedAutomation, index);
        }
    }
    AccessDecision::of(match user {
        None => AccessReason::DeniedNoEffectiveUser,
        Some(_) => AccessReason::DeniedNotMember,
    })
}

/// The explainer's answer for one person: whether they may run the agent, why, and the
/// target that admits them (`None` for the owner or a refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvokeExplanation {
    /// The person asked about.
    pub user_id: UserId,
    /// Whether they may run it.
    pub allowed: bool,
    /// Why.
    pub reason: AccessReason,
    /// The admitting target.
    pub via: Option<InvocationTarget>,
}

/// For the explainer: whether `user` (asking for themselves) may run the agent, why, and
/// which target admits them. `role` and `teams` are that user's in the agent's workspace.
pub fn explain_invoke(
    agent: &AgentAccess<'_>,
    user: UserId,
    role: Option<Role>,
    teams: &[TeamId],
) -> InvokeExplanation {
    let decision = can_invoke(agent, &Caller::member(user, role, teams));
    InvokeExplanation {
        user_id: user,
        allowed: decision.allowed,
        reason: decision.reason,
        via: decision.via.and_then(|i| agent.targets.get(i).copied()),
    }
}

#[cfg(test)]
mod tests;
