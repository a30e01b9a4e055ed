//! The `agentry` command-line client and daemon: `login`, `runtime profile …` and `daemon run`.
//! A library so the daemon's pieces (detection, resolution, the event-stream parser) are
//! testable, and the task runner (`daemon::run`) that executes claimed tasks.

pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod error;
