//! Who may stop a run: the person it runs for, the agent's owner, or a workspace owner or
//! admin. Anyone else who can see the task is refused with a reason.

use crate::{Role, UserId};
use serde::{Deserialize, Serialize};

/// The facts the cancel rule decides on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskCanceller {
    /// Who asks.
    pub user: UserId,
    /// Their role in the task's workspace.
    pub role: Role,
    /// The person the run is for, if any.
    pub originator: Option<UserId>,
    /// The agent's owner, if any.
    pub agent_owner: Option<UserId>,
}

/// Why the caller may cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelGrant {
    /// The run is on their behalf.
    Originator,
    /// They own the agent.
    AgentOwner,
    /// They own or administer the workspace.
    WorkspaceAdmin,
}

/// The refusal: none of the above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelDenial {
    /// Not the originator, not the agent's owner, not an owner or admin.
    NotTaskCanceller,
}

impl CancelDenial {
    /// The stable code.
    pub fn code(self) -> &'static str {
        "not_task_canceller"
    }

    /// English message.
    pub fn message(self) -> &'static str {
        "Only the person the run is for, the agent's owner or a workspace admin can stop it."
    }
}

/// May `c.user` cancel the task?
pub fn can_cancel_task(c: &TaskCanceller) -> Result<CancelGrant, CancelDenial> {
    if c.originator == Some(c.user) {
        Ok(CancelGrant::Originator)
    } else if c.agent_owner == Some(c.user) {
        Ok(CancelGrant::AgentOwner)
    } else if c.role.is_admin_like() {
        Ok(CancelGrant::WorkspaceAdmin)
    } else {
        Err(CancelDenial::NotTaskCanceller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: u128) -> UserId {
        UserId(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn the_originator_the_agent_owner_and_admins_may_cancel_and_other_members_may_not() {
        let base = TaskCanceller {
            user: user(1),
            role: Role::Member,
            originator: Some(user(2)),
            agent_owner: Some(user(3)),
        };
        assert_eq!(can_cancel_task(&base), Err(CancelDenial::NotTaskCanceller));
        let mine = TaskCanceller {
            originator: Some(user(1)),
            ..base
        };
        assert_eq!(can_cancel_task(&mine), Ok(CancelGrant::Originator));
        let owner = TaskCanceller {
            agent_owner: Some(user(1)),
            ..base
        };
        assert_eq!(can_cancel_task(&owner), Ok(CancelGrant::AgentOwner));
        for role in [Role::Owner, Role::Admin] {
            let admin = TaskCanceller { role, ..base };
            assert_eq!(can_cancel_task(&admin), Ok(CancelGrant::WorkspaceAdmin));
        }
        let orphan = TaskCanceller {
            originator: None,
            agent_owner: None,
            ..base
        };
        assert_eq!(
            can_cancel_task(&orphan),
            Err(CancelDenial::NotTaskCanceller)
        );
    }
}
