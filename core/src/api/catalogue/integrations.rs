//! Connected apps through Composio: the caller's own connections.

use super::endpoint;
use crate::api::integrations::ConnectedApp;

endpoint! {
    /// The caller's active connected apps, newest first (503 while the integration is off).
    ListConnections;
    Get "/api/integrations/composio/connections", User, () => 200 Vec<ConnectedApp>,
    errors ["unauthenticated", "composio_not_configured"],
}
