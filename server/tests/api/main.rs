//! The API integration tests: one binary, each test on a fresh migrated database, driving the
//! whole router in-process. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set
//! (the test command runs the suite once per backend).

// A test crate: its helpers may unwrap, since a failed test's panic is its report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod endpoints;
mod helpers;

mod agents;
mod auth;
mod authorization;
mod bad_input;
mod broker;
mod catalogue;
mod config;
mod connect_flow;
mod connections;
mod daemon;
mod daemon_tokens;
mod integrations_page;
mod invitations;
mod issues;
mod members;
mod runtime_profiles;
mod runtimes;
mod security;
mod served;
mod tasks;
mod teams;
mod tokens;
mod work_sources;
mod workspaces;
