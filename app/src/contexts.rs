//! State the pages share through Leptos contexts: the signed-in session, the workspace the
//! address names and that workspace's directory of people, teams and runtimes.

pub mod directory;
pub mod session;
pub mod workspace;
