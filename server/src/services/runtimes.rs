//! The refusal shared by every path that would take a runtime away from agents still bound to
//! it (runtime delete, profile delete, the legacy merge): 409 `runtime_has_active_agents`,
//! naming only the agents the caller may view and counting the rest.

use crate::db::runtimes::BoundAgentRow;
use crate::error::ApiError;
use agentry_core::api::runtimes::{BoundAgent, RuntimeInUse};

/// The 409 for `agents` (non-empty), with `message` as its text.
pub fn in_use(message: &str, agents: Vec<BoundAgentRow>) -> ApiError {
    let mut shown = Vec::new();
    let mut hidden = 0u32;
    for agent in agents {
        if agent.visible != 0 {
            shown.push(BoundAgent {
                id: agent.id,
                name: agent.name,
            });
        } else {
            hidden = hidden.saturating_add(1);
        }
    }
    ApiError::RuntimeInUse(RuntimeInUse {
        error: message.to_owned(),
        code: "runtime_has_active_agents".into(),
        agents: shown,
        hidden_agents: hidden,
    })
}
