//! The Composio integration on the server: whether it is on (its settings), the typed REST
//! client, and the signed state that carries a connect flow through Composio's hosted page and
//! back.

pub mod client;
pub mod settings;
pub mod state;
