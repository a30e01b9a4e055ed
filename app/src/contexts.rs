//! State the pages share through Leptos contexts: the signed-in session, the server's public
//! configuration, the workspace the address names, that workspace's directory of people, teams
//! and runtimes (with its agents, for the work pages), and the toasts.

pub mod config;
pub mod directory;
pub mod session;
pub mod toasts;
pub mod work;
pub mod workspace;
