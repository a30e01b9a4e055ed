//! The Composio integration on the server: whether it is on (its settings), the typed REST
//! client, which auth config each toolkit uses (cached) and the catalog built from them, and the signed
//! state that carries a connect flow through Composio's hosted page and back.

pub mod cache;
pub mod catalog;
pub mod client;
pub mod integration;
pub mod settings;
pub mod state;
