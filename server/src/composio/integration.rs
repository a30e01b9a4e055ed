//! The integration while it is on: its settings, one client, the cached auth-config map and
//! catalog, and the clock they read (tests move it forward instead of waiting).

use super::cache::TtlCache;
use super::catalog::{build_catalog, resolve_auth_configs, AuthConfigMap};
use super::client::{ClientConfig, ComposioClient, ComposioError};
use super::settings::ComposioSettings;
use agentry_core::api::integrations::Toolkit;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Wall-clock time plus an offset only tests change, so a five-minute expiry is tested in
/// microseconds.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        crate::db::now_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Now, in Unix seconds (the connect state's unit).
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves this clock `ms` forward.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Composio, configured and reachable through one client.
#[derive(Debug)]
pub struct Composio {
    pub settings: ComposioSettings,
    pub client: ComposioClient,
    pub clock: Clock,
    /// The MCP broker's connection pool to the tool-router sessions: no overall timeout
    /// (event streams stay open), a connect timeout of the client's.
    pub broker_http: reqwest::Client,
    auth_configs: TtlCache<AuthConfigMap>,
    catalog: TtlCache<Vec<Toolkit>>,
}

impl Composio {
    /// The integration for `settings`, with the production client.
    pub fn new(settings: ComposioSettings) -> Result<Self, ComposioError> {
        let mut config = ClientConfig::new(settings.base_url.clone(), settings.api_key.clone());
        config.timeout = settings.timeout;
        let client = ComposioClient::new(config)?;
        let broker_http = reqwest::Client::builder()
            .connect_timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ComposioError::Transport(e.to_string()))?;
        Ok(Self {
            settings,
            client,
            broker_http,
            clock: Clock::default(),
            auth_configs: TtlCache::default(),
            catalog: TtlCache::default(),
        })
    }

    /// Which auth config connects each toolkit (cached five minutes, stale on failure).
    pub async fn auth_configs(&self) -> Result<Arc<AuthConfigMap>, ComposioError> {
        self.auth_configs
            .get(self.clock.now_ms(), || async {
                Ok(resolve_auth_configs(
                    &self.client.list_auth_configs().await?,
                ))
            })
            .await
    }

    /// The toolkits people may connect, most used first (cached like the map it needs).
    pub async fn catalog(&self) -> Result<Arc<Vec<Toolkit>>, ComposioError> {
        self.catalog
            .get(self.clock.now_ms(), || async {
                let configs = self.auth_configs().await?;
                let toolkits = self.client.list_toolkits().await?;
                Ok(build_catalog(&toolkits, &configs))
            })
            .await
    }
}
