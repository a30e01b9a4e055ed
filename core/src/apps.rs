//! Connected apps (Composio toolkits) as the server, the browser and the daemon all see them:
//! the per-agent allowlist's normaliser, toolkit display names, and the merge of a task's MCP
//! overlay into the agent's MCP configuration. Pure functions; the Composio client and the
//! signed connect state live on the server.

mod allowlist;
mod overlay;

pub use allowlist::{normalise_allowlist, normalise_slug, toolkit_display_name};
pub use overlay::{merge_mcp_overlay, Merged, OverlayError};
