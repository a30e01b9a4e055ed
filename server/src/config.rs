//! The server's configuration: one clap struct, every option also an environment variable,
//! read once in `main`. With no options at all the server runs on SQLite in `./data`.

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Log output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// A secret from the command line or the environment: its `Debug` never shows it, so a
/// logged configuration cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Surrounding whitespace is never part of a secret (a pasted key often ends in a newline).
/// clap builds the value through this `From`.
impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Secret(secret.trim().to_owned())
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(Secret(raw.trim().to_owned()))
    }
}

/// Agentry server configuration.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "agentry",
    version,
    about = "Agentry: run AI coding agents as teammates, and stay in control of them."
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "AGENTRY_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    /// Defaults to `agentry.db` in the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Folder for the SQLite database and generated secrets (created if missing).
    #[arg(long, env = "AGENTRY_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The URL people use to reach the app (for invitation links and secure cookies).
    /// Defaults to `http://<bind>`.
    #[arg(long, env = "AGENTRY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Folder holding the built web assets (`pkg/agentry.js`, `.wasm`, `.css`).
    #[arg(long, env = "AGENTRY_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Log format.
    #[arg(long, env = "AGENTRY_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    /// Log filter, in `tracing` EnvFilter syntax.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log_filter: String,

    /// Sign-in and sign-up attempts allowed per client IP per minute.
    #[arg(long, env = "AGENTRY_AUTH_RATE_PER_IP", default_value_t = 30)]
    pub auth_rate_per_ip: u32,

    /// Sign-in and sign-up attempts allowed per email address per minute.
    #[arg(long, env = "AGENTRY_AUTH_RATE_PER_EMAIL", default_value_t = 10)]
    pub auth_rate_per_email: u32,

    /// Largest database connection pool.
    #[arg(long, env = "AGENTRY_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// Seconds without a heartbeat after which a runtime is marked offline.
    #[arg(
        long,
        env = "AGENTRY_RUNTIME_OFFLINE_AFTER_SECS",
        default_value_t = agentry_core::runtimes::OFFLINE_AFTER_SECS
    )]
    pub runtime_offline_after_secs: i64,

    /// How often, in seconds, the server looks for runtimes that stopped heartbeating.
    #[arg(long, env = "AGENTRY_RUNTIME_SWEEP_EVERY_SECS", default_value_t = 15)]
    pub runtime_sweep_every_secs: u64,

    /// How often, in seconds, the task sweeper runs (leases, expiry, deferred retries).
    #[arg(long, env = "AGENTRY_TASK_SWEEP_EVERY_SECS", default_value_t = 30)]
    pub task_sweep_every_secs: u64,

    /// How long, in seconds, a silent runtime keeps its tasks before they fail
    /// (`runtime_offline`), and a deferred retry waits for it to come back.
    #[arg(long, env = "AGENTRY_RUNTIME_RECONNECT_GRACE_SECS", default_value_t = 3 * 3600)]
    pub runtime_reconnect_grace_secs: i64,
    /// How often, in seconds, the server looks for autopilot schedules that are due. Several
    /// servers on one database may all tick: each fire is claimed by exactly one of them.
    #[arg(long, env = "AGENTRY_AUTOPILOT_TICK_SECS", default_value_t = 15)]
    pub autopilot_tick_secs: u64,

    /// Composio project API key. Connected apps are on only when it is set.
    #[arg(long, env = "COMPOSIO_API_KEY", hide_env_values = true)]
    pub composio_api_key: Option<Secret>,

    /// Composio API origin (without `/api/v3.1`), e.g. a fake Composio for tests and demos.
    #[arg(
        long,
        env = "COMPOSIO_BASE_URL",
        default_value = "https://backend.composio.dev"
    )]
    pub composio_base_url: String,

    /// Secret that signs the connect flow's state. Generated into the data folder
    /// (`composio-state.key`, mode 0600) when unset.
    #[arg(long, env = "COMPOSIO_STATE_SECRET", hide_env_values = true)]
    pub composio_state_secret: Option<Secret>,

    /// Public base URL Composio sends people back to after they connect an app. Defaults to
    /// the public URL.
    #[arg(long, env = "COMPOSIO_CALLBACK_BASE_URL")]
    pub composio_callback_base_url: Option<String>,

    /// How long one request to Composio may take, in milliseconds, before it fails.
    #[arg(long, env = "COMPOSIO_TIMEOUT_MS", default_value_t = 30_000)]
    pub composio_timeout_ms: u64,
}

impl Config {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("agentry.db").display()
            ),
        }
    }

    /// The public URL in effect, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}", self.bind),
        }
    }

    /// A configuration for tests and tools: defaults, with the given database.
    pub fn for_database(database_url: &str, data_dir: PathBuf) -> Self {
        let mut config = Config::parse_from(["agentry"]);
        config.database_url = Some(database_url.to_owned());
        config.data_dir = data_dir;
        config
    }
}
