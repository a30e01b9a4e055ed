//! The `agentry` command-line client and daemon: `login`, `runtime profile …` and `daemon run`.
//! A library so the daemon's pieces (detection, resolution, the event-stream parser) are
//! testable and reusable by the task runner that comes later.

pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod error;
