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
