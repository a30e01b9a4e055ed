//! Components of the agents area: the access picker and the agent's text fields.

pub mod fields;
pub mod picker;
