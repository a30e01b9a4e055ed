//! End-to-end tests of the `agentry` binary against the real server on a real TCP port: the
//! daemon registering fake agent CLIs, converging on profile changes and going offline, and the
//! CLI's profile commands.

mod cli;
mod daemon;
mod harness;
