//! Connected apps through Composio: the catalog, the connect flow and the caller's own
//! connections. Connections belong to the person, so no workspace is named; every endpoint
//! answers 503 `composio_not_configured` while the integration is off.

use super::endpoint;
use crate::api::integrations::{ConnectLink, ConnectRequest, ConnectedApp, Toolkit};
use crate::ConnectionId;

endpoint! {
    /// The apps that can be connected, most used first (502 when Composio cannot be asked and
    /// nothing is cached).
    ListToolkits;
    Get "/api/integrations/composio/toolkits", User, () => 200 Vec<Toolkit>,
    errors ["unauthenticated", "composio_not_configured", "composio_unavailable"],
}

endpoint! {
    /// Starts connecting an app: answers the consent page to send the browser to. The page
    /// comes back to the callback, which must be opened by the same signed-in browser.
    ConnectInit;
    Post "/api/integrations/composio/connect/init", User, ConnectRequest => 200 ConnectLink,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "session_required", "composio_not_configured",
        "toolkit_not_supported", "composio_unavailable"],
}

endpoint! {
    /// The caller's active connected apps, newest first (503 while the integration is off).
    ListConnections;
    Get "/api/integrations/composio/connections", User, () => 200 Vec<ConnectedApp>,
    errors ["unauthenticated", "composio_not_configured"],
}

endpoint! {
    /// Disconnects one of the caller's apps: revoked and deleted at Composio, then hidden.
    /// Disconnecting an app already disconnected is a no-op (204); someone else's is a 404.
    Disconnect {
        /// The connection.
        pub id: ConnectionId,
    }
    Delete "/api/integrations/composio/connections/{id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "invalid_input", "not_found",
        "composio_not_configured", "composio_unavailable"],
    path |e| format!("/api/integrations/composio/connections/{}", e.id),
}

endpoint! {
    /// Where Composio's consent page returns (`state`, `status`, `connected_account_id`):
    /// a 302 to Settings → Integrations with `connected=<slug>`, or with
    /// `error=composio_connect_failed` on any failure. Public, but it succeeds only in the
    /// browser session that started the connect.
    Callback;
    Get "/api/integrations/composio/callback", Public, () => 302 (),
    errors ["composio_not_configured"],
    media Redirect,
    query ["state", "status", "connected_account_id", "connectedAccountId"],
}
