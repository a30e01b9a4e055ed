//! What the web app needs to know about this server before it renders: which optional
//! integrations are on. Public, and never anything secret.

use serde::{Deserialize, Serialize};

/// `GET /api/config`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientConfig {
    /// The optional features this server has turned on.
    pub feature_flags: FeatureFlags,
}

/// The optional features, each on only when the server is configured for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeatureFlags {
    /// Connected apps through Composio (an API key is configured): Settings → Integrations
    /// and the agent's MCP Apps tab are shown.
    pub composio_mcp_apps: bool,
}
