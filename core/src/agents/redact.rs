//! Who may read an agent's secret-bearing `mcp_config` (spec §4.10 RD1–RD2, as the issue
//! narrows it: the agent's owner and workspace owners and admins, never an agent actor).

use crate::Role;

/// Whether a response must carry `mcp_config: null` with `mcp_config_redacted: true`.
/// - RD2 create and update responses (`is_write_response`): only agent actors are refused;
///   only managers reach those endpoints anyway;
/// - RD1 lists and gets: agent actors are refused, and so is anyone who is neither a
///   workspace owner or admin nor the agent's owner (including non-members, `caller_role`
///   `None`).
///
/// WebSocket broadcasts always redact (RD3); that needs no rule.
pub fn should_redact_mcp_config(
    actor_is_agent: bool,
    caller_role: Option<Role>,
    caller_is_owner: bool,
    is_write_response: bool,
) -> bool {
    if actor_is_agent {
        return true;
    }
    if is_write_response {
        return false;
    }
    let manager = caller_is_owner || caller_role.is_some_and(Role::is_admin_like);
    !manager
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::{Admin, Member, Owner};

    #[test]
    fn mcp_config_is_shown_to_the_agent_owner_and_workspace_admins_only() {
        // (agent actor, role, owns the agent, write response, redact)
        #[rustfmt::skip]
        let table = [
            (false, Some(Member), true, false, false),
            (false, Some(Admin), false, false, false),
            (false, Some(Owner), false, false, false),
            (false, Some(Member), false, false, true),
            (false, None, false, false, true),
            (true, Some(Owner), true, false, true),
            (true, Some(Admin), false, true, true),
            (false, Some(Member), true, true, false),
            (false, Some(Member), false, true, false),
        ];
        for (agent, role, owner, write, expected) in table {
            assert_eq!(
                should_redact_mcp_config(agent, role, owner, write),
                expected,
                "agent actor {agent}, {role:?}, owner {owner}, write {write}"
            );
        }
    }
}
