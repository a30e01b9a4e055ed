//! `/w/:slug/...`: the workspace shell and its pages that are not settings.

pub mod agents;
pub mod autopilots;
pub mod chat;
pub mod issues;
pub mod runtimes;
pub mod shell;
pub mod tasks;
