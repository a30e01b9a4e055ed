//! The refusal shared by every path that would take a runtime away from agents still bound to
//! it (runtime delete, profile delete, the legacy merge): 409 `runtime_has_active_agents`,
//! naming only the agents the caller may view and counting the rest.

use crate::db::runtimes::BoundAgentRow;
use crate::error::ApiError;
use agentry_core::api::runtimes::{BoundAgent, RuntimeInUse};
use agentry_core::AgentId;

/// The 409 for `agents` (non-empty), with `message` as its text.
pub fn in_use(message: &str, agents: Vec<BoundAgentRow>) -> ApiError {
    let mut shown = Vec::new();
    let mut hidden = 0u32;
    for agent in agents {
        match AgentId::parse(&agent.id) {
            Some(id) if agent.visible != 0 => shown.push(BoundAgent {
                id,
                name: agent.name,
            }),
            Some(_) => hidden = hidden.saturating_add(1),
            None => {
                // Counted, so the refusal still says something is bound; never a nil id.
                tracing::error!(agent_id = %agent.id, "malformed agent id in a runtime binding");
                hidden = hidden.saturating_add(1);
            }
        }
    }
    ApiError::RuntimeInUse(RuntimeInUse {
        error: message.to_owned(),
        code: "runtime_has_active_agents".into(),
        agents: shown,
        hidden_agents: hidden,
    })
}
