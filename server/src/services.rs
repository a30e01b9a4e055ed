//! Operations that span several aggregates and must happen in one transaction.

pub mod agents;
pub mod members;
pub mod registration;
pub mod runtime_profiles;
pub mod runtimes;
