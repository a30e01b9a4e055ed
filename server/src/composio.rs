//! The Composio integration on the server: the signed state that carries a connect flow
//! through Composio's hosted page and back.

pub mod state;
