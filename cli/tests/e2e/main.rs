//! End-to-end tests of the `agentry` binary against the real server on a real TCP port: the
//! daemon registering fake agent CLIs, converging on profile changes and going offline, and the
//! CLI's profile commands.

// A test crate: its helpers may unwrap, since a failed test's panic is its report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod daemon;
mod harness;
mod runs;
mod work;
