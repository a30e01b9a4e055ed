//! Operations that span several aggregates and must happen in one transaction.

pub mod agents;
pub mod autopilots;
pub mod brief;
pub mod chat;
pub mod claim;
pub mod connections;
pub mod daemon_tokens;
pub mod enqueue;
pub mod invitations;
pub mod issues;
pub mod members;
pub mod quick_create;
pub mod registration;
pub mod runtime_profiles;
pub mod runtimes;
pub mod task_apps;
pub mod task_reports;
pub mod task_sweep;
pub mod teams;
pub mod workspaces;
