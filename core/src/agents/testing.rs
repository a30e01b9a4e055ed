//! Deterministic fixtures shared by the agent rule tests.

use crate::{AgentId, TeamId, UserId, WorkspaceId};
use uuid::Uuid;

/// The workspace every test agent lives in.
pub fn ws() -> WorkspaceId {
    WorkspaceId(Uuid::from_u128(0xAAAA))
}

/// The `n`th person.
pub fn user(n: u8) -> UserId {
    UserId(Uuid::from_u128(0x1000 + u128::from(n)))
}

/// The `n`th team.
pub fn team(n: u8) -> TeamId {
    TeamId(Uuid::from_u128(0x2000 + u128::from(n)))
}

/// The `n`th agent (as an actor).
pub fn agent(n: u8) -> AgentId {
    AgentId(Uuid::from_u128(0x3000 + u128::from(n)))
}
