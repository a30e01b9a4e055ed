//! The connected-apps API (`/api/integrations/composio`): what a person sees of their own
//! connections and of the apps they may connect. Composio's account and auth-config handles
//! never appear here.

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

/// One app of the catalog: a toolkit that has an enabled auth config, so it can be connected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Toolkit {
    /// The toolkit's slug as Composio spells it.
    pub slug: String,
    /// Its display name.
    pub name: String,
    /// A logo URL (Composio's, else its logo service's).
    pub logo: Option<String>,
    /// Its first category, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Always `true`: toolkits that cannot be connected are not listed (kept for older
    /// clients).
    pub connectable: bool,
}

/// `POST /api/integrations/composio/connect/init`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectRequest {
    /// The toolkit to connect (`notion`); trimmed and lower-cased by the server.
    pub toolkit_slug: String,
}

/// Where to send the browser to grant the connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectLink {
    /// Composio's hosted consent page; it redirects back to the callback.
    pub redirect_url: String,
}

/// Where the callback sends the browser, relative to the site: Settings → Integrations with
/// `connected=<slug>` on success.
pub fn connected_landing(slug: &str) -> String {
    format!("/settings/integrations?connected={}", urlencode(slug))
}

/// Where the callback sends the browser on any failure; the reason is never told.
pub const FAILED_LANDING: &str = "/settings/integrations?error=composio_connect_failed";

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_success_landing_names_the_slug_url_encoded() {
        assert_eq!(
            connected_landing("notion"),
            "/settings/integrations?connected=notion"
        );
        assert_eq!(
            connected_landing("a b&c"),
            "/settings/integrations?connected=a%20b%26c"
        );
    }
}
