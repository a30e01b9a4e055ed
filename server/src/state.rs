//! Shared state handed to every handler: the database, the configuration and the limiter.

use crate::composio::integration::Composio;
use crate::composio::settings::ComposioSettings;
use crate::config::Config;
use crate::db::Db;
use crate::events::Events;
use crate::rate_limit::RateLimiter;
use crate::secrets::MasterKey;
use std::sync::Arc;

/// Everything handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The configuration read at start.
    pub config: Arc<Config>,
    /// Sign-in and sign-up attempt limits.
    pub limiter: Arc<RateLimiter>,
    /// The server's master key (kept for sealing secrets at rest).
    pub master_key: MasterKey,
    /// Connected apps through Composio: `None` when the integration is off.
    pub composio: Option<Arc<Composio>>,
    /// Live events for browsers and daemons: the database's hub ([`Db::events`]), for
    /// subscribing; changes announce through their write transaction.
    pub events: Events,
}

impl AppState {
    /// Builds the state from a connected database and the configuration.
    pub fn new(mut db: Db, config: Config, master_key: MasterKey) -> Self {
        let limiter = Arc::new(RateLimiter::new(
            config.auth_rate_per_ip,
            config.auth_rate_per_email,
        ));
        let events = db.events.clone();
        let composio = ComposioSettings::from_config(&config).and_then(|settings| {
            Composio::new(settings)
                .inspect_err(|error| {
                    tracing::error!(%error, "no Composio client: connected apps are off");
                })
                .ok()
                .map(Arc::new)
        });
        // Runs reach their apps through our own broker, at the public origin.
        db.apps_broker = composio
            .as_ref()
            .map(|_| Arc::from(config.public_url().as_str()));
        Self {
            db,
            config: Arc::new(config),
            limiter,
            master_key,
            composio,
            events,
        }
    }

    /// Whether cookies must be marked `Secure` (the public URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.config.public_url().starts_with("https://")
    }
}
