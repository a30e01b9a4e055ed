//! The typed async client for Composio's v3.1 REST API: configuration, the secret key,
//! retries for reads, cursor pagination, and the operations the connect flow and the
//! task overlay need.

mod error;
#[cfg(test)]
mod tests;
mod wire;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::config::Secret;
use rand::Rng;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use error::ComposioError;
pub use wire::{
    AccountAuthConfig, AccountFilter, AccountStatus, AuthConfig, AuthConfigToolkit, Category,
    ConnectedAccount, Deleted, Link, Mcp, Revoked, Session, Toolkit, ToolkitMeta, ToolkitRef,
};

/// How the client reaches Composio. `new` gives the production defaults; tests shorten the
/// timeout and the retry delay.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The origin, e.g. `https://backend.composio.dev`; every path carries `/api/v3.1`.
    pub base_url: String,
    /// The project API key: only read to set the header and to scrub error text.
    pub key: Secret,
    pub timeout: Duration,
    /// Tries for a GET answered 429 or 5xx, the first included.
    pub max_attempts: u32,
    /// The first retry waits about this long (plus jitter), doubling after.
    pub retry_base_delay: Duration,
    /// A list stops after this many pages even if Composio offers another cursor, so a
    /// misbehaving upstream cannot keep us looping.
    pub page_cap: usize,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, key: Secret) -> Self {
        Self {
            base_url: base_url.into(),
            key,
            timeout: Duration::from_secs(30),
            max_attempts: 3,
            retry_base_delay: Duration::from_millis(200),
            page_cap: 20,
        }
    }
}

/// The largest page Composio serves for toolkits and auth configs.
const PAGE_LIMIT: &str = "1000";

/// A Composio client; cheap to clone (the connection pool is shared).
#[derive(Clone, Debug)]
pub struct ComposioClient {
    http: reqwest::Client,
    config: ClientConfig,
}

impl ComposioClient {
    pub fn new(config: ClientConfig) -> Result<Self, ComposioError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| ComposioError::Transport(e.to_string()))?;
        Ok(Self { http, config })
    }

    /// Creates the hosted connect page for one user and auth config.
    pub async fn create_link(
        &self,
        auth_config_id: &str,
        user_id: &str,
        callback_url: Option<&str>,
    ) -> Result<Link, ComposioError> {
        let body = wire::LinkRequest {
            auth_config_id,
            user_id,
            callback_url,
        };
        self.send(
            Method::POST,
            "/api/v3.1/connected_accounts/link",
            &[],
            Some(&body),
        )
        .await
    }

    /// Every connected account matching the filter, across pages.
    pub async fn list_connected_accounts(
        &self,
        filter: &AccountFilter,
    ) -> Result<Vec<ConnectedAccount>, ComposioError> {
        let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
        let mut query = Vec::new();
        // Composio reads arrays comma-joined in one parameter, not repeated.
        for (name, values) in [
            ("connected_account_ids", filter.ids.join(",")),
            ("user_ids", filter.user_ids.join(",")),
            ("statuses", statuses.join(",")),
        ] {
            if !values.is_empty() {
                query.push((name, values));
            }
        }
        self.list_all("/api/v3.1/connected_accounts", query).await
    }

    /// Revokes the account's upstream credentials; the record stays until deleted.
    pub async fn revoke(&self, id: &str) -> Result<Revoked, ComposioError> {
        let path = format!("/api/v3.1/connected_accounts/{}/revoke", segment(id)?);
        self.send::<(), _>(Method::POST, &path, &[], None).await
    }

    /// Soft-deletes the account at Composio.
    pub async fn delete(&self, id: &str) -> Result<Deleted, ComposioError> {
        let path = format!("/api/v3.1/connected_accounts/{}", segment(id)?);
        self.send::<(), _>(Method::DELETE, &path, &[], None).await
    }

    /// Every auth config of the project, across pages.
    pub async fn list_auth_configs(&self) -> Result<Vec<AuthConfig>, ComposioError> {
        let query = vec![("limit", PAGE_LIMIT.to_owned())];
        self.list_all("/api/v3.1/auth_configs", query).await
    }

    /// The toolkit catalog, most used first, across pages.
    pub async fn list_toolkits(&self) -> Result<Vec<Toolkit>, ComposioError> {
        let query = vec![
            ("sort_by", "usage".to_owned()),
            ("limit", PAGE_LIMIT.to_owned()),
        ];
        self.list_all("/api/v3.1/toolkits", query).await
    }

    /// A tool-router session for `user_id` limited to `enable`, using the given accounts
    /// (toolkit slug → account ids); its `mcp.url` is what the agent connects to.
    pub async fn create_session(
        &self,
        user_id: &str,
        enable: &[String],
        connected_accounts: &BTreeMap<String, Vec<String>>,
    ) -> Result<Session, ComposioError> {
        let body = wire::SessionRequest {
            user_id,
            toolkits: wire::SessionToolkits { enable },
            connected_accounts,
        };
        self.send(
            Method::POST,
            "/api/v3.1/tool_router/session",
            &[],
            Some(&body),
        )
        .await
    }

    /// Follows `next_cursor` until it is missing or empty, or the page cap is reached.
    async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Vec<T>, ComposioError> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..self.config.page_cap {
            let mut page_query = query.clone();
            if let Some(c) = cursor.take() {
                page_query.push(("cursor", c));
            }
            let page: wire::Page<T> = self
                .send::<(), _>(Method::GET, path, &page_query, None)
                .await?;
            items.extend(page.items);
            match page.next_cursor {
                Some(next) if !next.is_empty() => cursor = Some(next),
                _ => return Ok(items),
            }
        }
        tracing::warn!(
            path,
            cap = self.config.page_cap,
            "composio list stopped at the page cap"
        );
        Ok(items)
    }

    /// One call, with retries for GETs answered 429 or 5xx. Writes are never retried: a
    /// repeated link or session create would make a second one upstream.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
    ) -> Result<T, ComposioError> {
        let attempts = if method == Method::GET {
            self.config.max_attempts.max(1)
        } else {
            1
        };
        let url = format!("{}{path}", self.config.base_url.trim_end_matches('/'));
        let mut attempt = 1;
        loop {
            let mut request = self
                .http
                .request(method.clone(), &url)
                .header("x-api-key", self.config.key.expose())
                .header(reqwest::header::ACCEPT, "application/json");
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.map_err(|e| self.transport(&e))?;
            let status = response.status();
            if attempt < attempts && retryable(status) {
                tokio::time::sleep(self.backoff(attempt)).await;
                attempt += 1;
                continue;
            }
            let request_id = response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let bytes = response.bytes().await.map_err(|e| self.transport(&e))?;
            if !status.is_success() {
                return Err(error::from_status(
                    status.as_u16(),
                    request_id,
                    &bytes,
                    |s| self.redact(s),
                ));
            }
            return serde_json::from_slice(&bytes)
                .map_err(|e| ComposioError::Decode(self.redact(&e.to_string())));
        }
    }

    /// Exponential backoff plus up to one base delay of random jitter, so parallel callers do not
    /// retry in step.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.config.retry_base_delay;
        let exponential = base.saturating_mul(1 << (attempt - 1).min(8));
        let jitter_ms = u64::try_from(base.as_millis()).unwrap_or(u64::MAX);
        exponential + Duration::from_millis(rand::thread_rng().gen_range(0..=jitter_ms))
    }

    fn transport(&self, e: &reqwest::Error) -> ComposioError {
        if e.is_timeout() {
            ComposioError::Timeout
        } else if e.is_decode() {
            ComposioError::Decode(self.redact(&e.to_string()))
        } else {
            ComposioError::Transport(self.redact(&e.to_string()))
        }
    }

    /// Upstream text may echo the key (Composio's own messages have); scrub it before any of
    /// it reaches an error a caller could log.
    fn redact(&self, text: &str) -> String {
        let key = self.config.key.expose();
        if key.is_empty() {
            text.to_owned()
        } else {
            text.replace(key, "[redacted]")
        }
    }
}

fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Ids go into the path; escape anything that would change the path's shape. An empty id or
/// one of only dots is refused before sending (it would name the collection, or climb out of
/// it once the URL is normalised); like any request that cannot be built, that is `Transport`.
fn segment(id: &str) -> Result<String, ComposioError> {
    if id.chars().all(|c| c == '.') {
        return Err(ComposioError::Transport(
            "refused to send: the account id is not a path segment".to_owned(),
        ));
    }
    Ok(id
        .chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' => c.to_string(),
            _ => {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect())
}
