//! Runtimes in the UI: the live event channel, "last seen" times and the
//! picker that binds an agent to one.

pub mod live;
pub mod picker;
pub mod refusal;
pub mod when;
