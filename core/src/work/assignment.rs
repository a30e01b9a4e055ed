//! When a change to an issue asks its agent for a run (spec G.2 path 1), as a pure function.

use super::IssueStatus;
use crate::AgentId;

/// An issue's status and agent assignee, before or after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IssueState {
    /// Its status.
    pub status: IssueStatus,
    /// Its assignee, when that is an agent.
    pub agent: Option<AgentId>,
}

/// The agent a create (`before` = `None`) or an update asks for a run, if any: an agent newly
/// assigned while the status starts runs, or an assigned issue moving out of the backlog into
/// a status that starts runs. Never when the caller said `no_start`, and never for the agent
/// that is itself making the change (its run is already going).
pub fn run_for(
    before: Option<IssueState>,
    after: IssueState,
    no_start: bool,
    acting_agent: Option<AgentId>,
) -> Option<AgentId> {
    let agent = after.agent?;
    if no_start || !after.status.starts_runs() || acting_agent == Some(agent) {
        return None;
    }
    let asks = match before {
        None => true,
        Some(before) if before.agent != Some(agent) => true,
        Some(before) => before.status == IssueStatus::Backlog,
    };
    asks.then_some(agent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;
    use IssueStatus::*;

    fn agent(n: u128) -> AgentId {
        AgentId(Uuid::from_u128(n))
    }

    fn state(status: IssueStatus, agent: Option<AgentId>) -> IssueState {
        IssueState { status, agent }
    }

    #[test]
    fn creating_an_assigned_issue_asks_for_a_run_unless_it_waits_or_is_closed() {
        for status in IssueStatus::ALL {
            let asked = run_for(None, state(status, Some(agent(1))), false, None);
            assert_eq!(asked.is_some(), status.starts_runs(), "{status:?}");
        }
        assert_eq!(run_for(None, state(Todo, None), false, None), None);
    }

    #[test]
    fn no_start_and_self_assignment_ask_for_nothing() {
        assert_eq!(run_for(None, state(Todo, Some(agent(1))), true, None), None);
        assert_eq!(
            run_for(None, state(Todo, Some(agent(1))), false, Some(agent(1))),
            None
        );
        assert_eq!(
            run_for(None, state(Todo, Some(agent(1))), false, Some(agent(2))),
            Some(agent(1))
        );
    }

    #[test]
    fn reassigning_asks_the_new_agent_and_an_unchanged_one_is_not_asked_again() {
        let before = Some(state(InProgress, Some(agent(1))));
        assert_eq!(
            run_for(before, state(InProgress, Some(agent(2))), false, None),
            Some(agent(2))
        );
        assert_eq!(
            run_for(before, state(InReview, Some(agent(1))), false, None),
            None
        );
    }

    #[test]
    fn leaving_the_backlog_asks_the_assigned_agent_but_reopening_a_closed_issue_does_not() {
        let waiting = Some(state(Backlog, Some(agent(1))));
        assert_eq!(
            run_for(waiting, state(Todo, Some(agent(1))), false, None),
            Some(agent(1))
        );
        let done = Some(state(Done, Some(agent(1))));
        assert_eq!(
            run_for(done, state(Todo, Some(agent(1))), false, None),
            None
        );
    }
}
