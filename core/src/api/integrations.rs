//! The connected-apps API (`/api/integrations/composio`): what a person sees of their own
//! connections. Composio's account and auth-config handles never appear here.

use crate::ConnectionId;
use serde::{Deserialize, Serialize};

/// One of the caller's connected apps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectedApp {
    /// Our id for the connection (used to disconnect it).
    pub id: ConnectionId,
    /// The toolkit, lower-cased (`notion`).
    pub toolkit_slug: String,
    /// `active` (the list shows active ones only).
    pub status: String,
    /// When it was first connected (RFC 3339, UTC).
    pub connected_at: String,
    /// When an agent last used it, if ever.
    pub last_used_at: Option<String>,
}
