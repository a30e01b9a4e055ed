//! The facts every agent rule decides on: who is asking (the [`Actor`] and what the server knows
//! about the human behind it) and the agent's access ([`AgentAccess`]). All borrowed and `Copy`,
//! so a decision never allocates.

use super::model::{InvocationTarget, PermissionMode, TargetType};
use crate::{AgentId, Role, TeamId, UserId};

/// The principal making a request or enqueueing a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A person, acting for themselves.
    Member(UserId),
    /// An agent run, on behalf of the human at the top of its chain (if any).
    Agent {
        /// The running agent; never trusted for access by itself.
        agent_id: AgentId,
        /// The human who started the chain, if one did.
        originator: Option<UserId>,
    },
    /// A system trigger (schedule, webhook, …), on behalf of a human if one is known.
    System {
        /// The human who authorised it, if any.
        originator: Option<UserId>,
    },
}

impl Actor {
    /// §4.3 I1: the human whose rights count: a member is themselves; an agent or system actor
    /// counts as its originator, or nobody.
    pub fn effective_user(&self) -> Option<UserId> {
        match *self {
            Actor::Member(user) => Some(user),
            Actor::Agent { originator, .. } | Actor::System { originator } => originator,
        }
    }

    /// Agent and system actors: automation, which may run workspace-wide agents (§4.3 I4).
    pub fn is_automation(&self) -> bool {
        !matches!(self, Actor::Member(_))
    }
}

/// What the server knows about the caller, loaded before asking a rule. `role` and `teams`
/// describe the **effective user** ([`Actor::effective_user`]) in the agent's workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller<'a> {
    /// Who is asking.
    pub actor: Actor,
    /// The effective user's role in the agent's workspace; `None` when they are not a member
    /// (or there is no effective user).
    pub role: Option<Role>,
    /// The workspace teams the effective user belongs to now.
    pub teams: &'a [TeamId],
}

impl<'a> Caller<'a> {
    /// A person asking for themselves.
    pub fn member(user: UserId, role: Option<Role>, teams: &'a [TeamId]) -> Self {
        Self {
            actor: Actor::Member(user),
            role,
            teams,
        }
    }
}

/// The access facts of one agent, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentAccess<'a> {
    /// The agent's owner; `None` for an orphan (nobody owns it, only admins manage it).
    pub owner_id: Option<UserId>,
    /// The authoritative mode.
    pub mode: PermissionMode,
    /// The targets (meaningful only when `public_to`).
    pub targets: &'a [InvocationTarget],
}

impl AgentAccess<'_> {
    /// Whether `user` is this agent's owner. An orphan has no owner.
    pub fn is_owned_by(&self, user: Option<UserId>) -> bool {
        user.is_some() && user == self.owner_id
    }

    /// The index of the first target that admits a workspace member `user` in `teams`, with
    /// how it admits them (for view and invoke alike).
    pub(crate) fn first_grant(&self, user: UserId, teams: &[TeamId]) -> Option<(usize, Grant)> {
        self.targets.iter().enumerate().find_map(|(i, t)| {
            let grant = match t.target_type {
                TargetType::Workspace => Some(Grant::Workspace),
                TargetType::Member if t.is_member(user) => Some(Grant::Member),
                TargetType::Team if t.is_team_in(teams) => Some(Grant::Team),
                _ => None,
            }?;
            Some((i, grant))
        })
    }
}

/// How a target admitted someone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grant {
    Workspace,
    Member,
    Team,
}
