//! The JSON Composio v3.1 sends and accepts, for the operations we use. Responses keep only
//! the fields we read and ignore the rest (Composio adds fields freely); credential-bearing
//! fields (`state`, `data`, `params`) are deliberately never deserialized.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One page of any list operation. Only `items` is relied on: the counters are not needed to
/// walk the cursor.
#[derive(Debug, Deserialize)]
pub(super) struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `POST /api/v3.1/connected_accounts/link`.
#[derive(Debug, Serialize)]
pub(super) struct LinkRequest<'a> {
    pub auth_config_id: &'a str,
    pub user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<&'a str>,
}

/// The hosted connect page Composio made for one user and auth config.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Link {
    pub connected_account_id: String,
    /// Where to send the browser.
    pub redirect_url: String,
    pub link_token: String,
    /// ISO 8601, as Composio sends it.
    pub expires_at: String,
}

/// A connected account's status as Composio spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountStatus {
    Initializing,
    Initiated,
    Active,
    Failed,
    Expired,
    Inactive,
    Revoked,
    /// A status added upstream after this was written; treated as not usable.
    #[serde(other)]
    Unknown,
}

impl AccountStatus {
    /// The wire spelling, for query filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initializing => "INITIALIZING",
            Self::Initiated => "INITIATED",
            Self::Active => "ACTIVE",
            Self::Failed => "FAILED",
            Self::Expired => "EXPIRED",
            Self::Inactive => "INACTIVE",
            Self::Revoked => "REVOKED",
            Self::Unknown => "UNKNOWN",
        }
    }
}

/// A toolkit reference inside another object: only the slug is sent there.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ToolkitRef {
    pub slug: String,
}

/// The auth config a connected account was made with (nested, never a top-level id).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AccountAuthConfig {
    pub id: String,
    #[serde(default)]
    pub auth_scheme: Option<String>,
    #[serde(default)]
    pub is_composio_managed: Option<bool>,
    #[serde(default)]
    pub is_disabled: Option<bool>,
}

/// One item of `GET /api/v3.1/connected_accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ConnectedAccount {
    pub id: String,
    pub status: AccountStatus,
    pub user_id: String,
    pub toolkit: ToolkitRef,
    pub auth_config: AccountAuthConfig,
    #[serde(default)]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub is_disabled: Option<bool>,
}

/// Which connected accounts to list; an empty list means "no filter on this".
#[derive(Clone, Debug, Default)]
pub struct AccountFilter {
    pub ids: Vec<String>,
    pub user_ids: Vec<String>,
    pub statuses: Vec<AccountStatus>,
}

/// `POST /api/v3.1/connected_accounts/{id}/revoke`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Revoked {
    /// Empty when the account was already revoked and nothing was sent upstream.
    #[serde(default)]
    pub revoked_tokens: Vec<String>,
}

/// `DELETE /api/v3.1/connected_accounts/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Deleted {
    #[serde(default)]
    pub success: bool,
}

/// The toolkit inside an auth config, which carries its logo.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AuthConfigToolkit {
    pub slug: String,
    #[serde(default)]
    pub logo: Option<String>,
}

/// One item of `GET /api/v3.1/auth_configs`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AuthConfig {
    pub id: String,
    /// `ENABLED` or `DISABLED`; kept as text so a new value does not fail the whole list.
    pub status: String,
    pub toolkit: AuthConfigToolkit,
    #[serde(default)]
    pub is_composio_managed: Option<bool>,
    /// ISO 8601; the resolver's "newest wins" reads it.
    #[serde(default)]
    pub last_updated_at: Option<String>,
}

/// A toolkit category.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// A toolkit's `meta`: logo and categories live here, never at the top level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ToolkitMeta {
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// One item of `GET /api/v3.1/toolkits`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Toolkit {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub meta: ToolkitMeta,
}

/// `POST /api/v3.1/tool_router/session`.
#[derive(Debug, Serialize)]
pub(super) struct SessionRequest<'a> {
    pub user_id: &'a str,
    pub toolkits: SessionToolkits<'a>,
    pub connected_accounts: &'a BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Serialize)]
pub(super) struct SessionToolkits<'a> {
    pub enable: &'a [String],
}

/// Where the agent reaches the session's tools.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Mcp {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
}

/// A tool-router session.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Session {
    pub session_id: String,
    pub mcp: Mcp,
}

#[cfg(test)]
mod tests {
    //! The minimal SDK-valid fixtures of the wire reference (§2) decode into these types.

    use super::*;

    fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_reference_fixtures_decode() {
        let link: Link = decode(
            r#"{"connected_account_id":"ca_1","expires_at":"2026-01-01T00:00:00.000Z","link_token":"lt_1","redirect_url":"https://connect.example/link/lk_1"}"#,
        );
        assert_eq!(link.link_token, "lt_1");

        let accounts: Page<ConnectedAccount> = decode(
            r#"{"items":[{"id":"ca_1","user_id":"u1","status":"INITIATED","is_disabled":false,
            "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z","data":{},
            "auth_config":{"id":"ac_1","auth_scheme":"OAUTH2","is_composio_managed":true,"is_disabled":false},
            "toolkit":{"slug":"notion"},
            "state":{"authScheme":"OAUTH2","val":{"status":"INITIATED","redirectUrl":"https://x"}}}],
            "next_cursor":null,"total_pages":1,"current_page":1,"total_items":1}"#,
        );
        assert_eq!(accounts.items[0].status, AccountStatus::Initiated);
        assert_eq!(accounts.next_cursor, None);

        let revoked: Revoked = decode(
            r#"{"revoked_tokens":["access_token"],"connected_account":{"id":"ca_1","status":"REVOKED"}}"#,
        );
        assert_eq!(revoked.revoked_tokens, ["access_token"]);
        assert!(decode::<Deleted>(r#"{"success":true}"#).success);

        let configs: Page<AuthConfig> = decode(
            r#"{"items":[{"id":"ac_1","uuid":"u-ac-1","name":"notion-auth","no_of_connections":0,"status":"ENABLED","type":"default",
            "tool_access_config":{},"toolkit":{"slug":"notion","logo":"https://logo.example/notion"},
            "is_composio_managed":true,"last_updated_at":"2026-01-01T00:00:00.000Z"}],
            "total_pages":1,"current_page":1,"total_items":1}"#,
        );
        assert_eq!(configs.items[0].is_composio_managed, Some(true));

        let toolkits: Page<Toolkit> = decode(
            r#"{"items":[{"slug":"notion","name":"Notion","is_local_toolkit":false,"type":"native","deprecated":{"toolkitId":"tk-legacy-1"},
            "meta":{"categories":[{"id":"productivity","name":"Productivity"}],"created_at":"2026-01-01T00:00:00.000Z",
            "description":"Notes","logo":"https://logo.example/notion","tools_count":1,"triggers_count":0,
            "updated_at":"2026-01-01T00:00:00.000Z","version":"20260101_00"}}],
            "next_cursor":null,"total_pages":1,"current_page":1,"total_items":1}"#,
        );
        assert_eq!(
            toolkits.items[0].meta.logo.as_deref(),
            Some("https://logo.example/notion")
        );

        let session: Session = decode(
            r#"{"session_id":"trs_1","mcp":{"type":"http","url":"http://fake/tool_router/trs_1/mcp"},"tool_router_tools":[],
            "config_version":1,"config":{"user_id":"u1","execute":{},"preload":{"tools":[]},"search":{},"instant":false}}"#,
        );
        assert_eq!(session.mcp.url, "http://fake/tool_router/trs_1/mcp");
    }

    #[test]
    fn a_status_added_upstream_later_decodes_as_unknown() {
        let status: AccountStatus = decode(r#""PAUSED""#);
        assert_eq!(status, AccountStatus::Unknown);
    }

    #[test]
    fn statuses_are_spelled_as_on_the_wire() {
        for status in [
            AccountStatus::Initializing,
            AccountStatus::Initiated,
            AccountStatus::Active,
            AccountStatus::Failed,
            AccountStatus::Expired,
            AccountStatus::Inactive,
            AccountStatus::Revoked,
        ] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }
}
