//! Runtimes in the UI: the live event channel, "last seen" times, the picker that binds an
//! agent to one, and deleting one (or a profile) with the refusal explained.

pub mod deletion;
pub mod live;
pub mod picker;
pub mod refusal;
pub mod when;
